// The SQL page in the browser: Ctrl-Enter, highlighting, EXPLAIN, the history, CSV and Parquet
// downloads, a 100,000-row result paged in the virtualised grid, errors at their position,
// completion of dataset and column names, and Cancel (the caller checks the server stopped).
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { artifacts, allow, check, page, step, text, shot, setEditor, editorText, runEditor, acceptCompletion } from "./ui_harness.mjs";

export async function sqlSteps() {
  await step("SQL: Ctrl-Enter runs, the grid shows the rows", async () => {
    await setEditor("SELECT year, name, party FROM sotu ORDER BY year");
    await runEditor();
    await page.waitForFunction(() => document.querySelector("#row-count")?.textContent.startsWith("110 rows"));
    const cells = await page.$$eval(".grid [role=gridcell]", (cs) => cs.map((c) => c.textContent));
    check(cells.includes("1913") && cells.includes("Woodrow Wilson"), "first speech in the grid");
    await page.keyboard.press("Escape"); // closes the completion list for the screenshot
    await shot("sql");
  });

  await step("SQL: highlighting, EXPLAIN and the query history", async () => {
    const colors = await page.evaluate(() => {
      const keyword = [...document.querySelectorAll(".cm-line span")].find((s) => s.textContent === "SELECT");
      return keyword && [getComputedStyle(keyword).color, getComputedStyle(keyword.closest(".cm-line")).color];
    });
    check(colors && colors[0] !== colors[1], "keywords are highlighted: " + colors);
    await page.click("#explain");
    await page.waitForFunction(() => [...document.querySelectorAll(".grid [role=columnheader]")].some((h) => h.textContent.startsWith("explain_value")));
    check((await text(".grid")).includes("SEQ_SCAN") || (await text(".grid")).includes("READ_PARQUET") || (await text(".grid")).includes("PROJECTION"), "a plan");
    await setEditor("SELECT 42 AS answer");
    const past = await page.$$eval("select.history option", (os) => os.map((o) => o.value));
    check(past.includes("SELECT year, name, party FROM sotu ORDER BY year"), "the query ran before is in the history: " + past);
    await page.select("select.history", "SELECT year, name, party FROM sotu ORDER BY year");
    check((await editorText()) === "SELECT year, name, party FROM sotu ORDER BY year", "picked from the history: " + (await editorText()));
  });

  await step("SQL: CSV and Parquet download", async () => {
    for (const f of ["result.csv", "result.parquet"]) rmSync(path.join(artifacts, f), { force: true });
    const cdp = await page.createCDPSession();
    await cdp.send("Page.setDownloadBehavior", { behavior: "allow", downloadPath: artifacts });
    await page.click("#csv");
    const file = path.join(artifacts, "result.csv");
    for (let i = 0; i < 600 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
    check(existsSync(file), "result.csv downloaded");
    const lines = readFileSync(file, "utf8").trim().split("\n");
    check(lines[0].replaceAll('"', "") === "year,name,party", "CSV header: " + lines[0]);
    check(lines.length === 111, "CSV has 110 rows, got " + (lines.length - 1));
    await page.click("#parquet");
    const parquet = path.join(artifacts, "result.parquet");
    for (let i = 0; i < 600 && !existsSync(parquet); i++) await new Promise((r) => setTimeout(r, 100));
    check(existsSync(parquet) && readFileSync(parquet).subarray(0, 4).toString() === "PAR1", "result.parquet downloaded");
  });

  await step("SQL: 100,000 rows page by page in a virtualised grid", async () => {
    await setEditor("SELECT i, i * 2 AS twice FROM range(100000) t(i) ORDER BY i");
    await page.click("#run");
    await page.waitForFunction(() => document.querySelector("#row-count")?.textContent === "100,000 rows");
    check((await text("#page-of")) === "page 1 of 10", "ten pages of 10,000");
    const rendered = await page.$$eval(".grid .grid-row", (rs) => rs.length);
    check(rendered < 100, `only the rows in view are in the DOM (${rendered})`);
    await page.click("#next-page");
    await page.waitForFunction(() => document.querySelector("#page-of")?.textContent === "page 2 of 10");
    await page.waitForFunction(() => [...document.querySelectorAll(".grid [role=gridcell]")].some((c) => c.textContent === "10000"));
    await page.$eval(".grid", (g) => (g.scrollTop = g.scrollHeight));
    await page.waitForFunction(() => [...document.querySelectorAll(".grid [role=gridcell]")].some((c) => c.textContent === "19999"));
  });

  await step("SQL: an error is shown and pointed at", async () => {
    allow(["POST", "/query/paged", 400]);
    await setEditor("SELECT * FORM sotu");
    await runEditor();
    await page.waitForSelector(".error");
    check(/syntax error at or near "sotu"/.test(await text(".error")), "the message names the token");
    const selected = await page.evaluate(() => getSelection().toString());
    check(selected === "sotu", `the token is selected in the editor (${selected})`);
    check((await text("#error-at")) === "at line 1, column 15", "the server's position: " + (await text("#error-at")));
    check((await text(".cm-lintRange-error")) === "sotu", "the token is underlined");
    allow();
  });

  await step("SQL: an error on line 2 is located by line and column", async () => {
    allow(["POST", "/query/paged", 400]);
    await setEditor("SELECT year,");
    await page.keyboard.press("Enter");
    await page.keyboard.type("nope FROM sotu");
    await page.keyboard.press("Escape");
    await runEditor();
    await page.waitForSelector("#error-at");
    const at = await text("#error-at");
    const lines = (await editorText()).split("\n");
    const column = lines[1].indexOf("nope") + 1;
    check(at === `at line 2, column ${column}`, `located on line 2 (${at}; ${JSON.stringify(lines)})`);
    check((await text(".cm-lintRange-error")) === "nope", "the unknown column is underlined");
    allow();
  });

  await step("SQL: dataset and column names complete", async () => {
    await setEditor("SELECT * FROM so");
    await acceptCompletion("sotu");
    check((await editorText()) === "SELECT * FROM sotu", "the dataset completed: " + (await editorText()));
    await page.keyboard.type(" WHERE par");
    await acceptCompletion("party");
    check((await editorText()) === "SELECT * FROM sotu WHERE party", "the column completed: " + (await editorText()));
  });

  await step("SQL: a slow query is cancelled and the server stops it", async () => {
    allow(["ABORT"]);
    await setEditor("SELECT count(*) FROM range(1000000000000) a WHERE a.range % 7 = 3");
    await page.keyboard.press("Escape");
    await page.click("#run");
    await page.waitForSelector("#cancel");
    await new Promise((r) => setTimeout(r, 1500)); // the request reaches the server and runs
    check(await page.$("#cancel"), "still running after 1.5 s");
    await page.click("#cancel");
    await page.waitForFunction(() => /CANCELLED.*cancelled/.test(document.querySelector(".error")?.textContent || ""));
    check(!(await page.$("#cancel")), "no Cancel button once stopped");
    check(!(await page.$eval("#run", (b) => b.disabled)), "Run is available again");
    // web_ui_browser_test.cc checks the server's log: the query was interrupted.
    allow();
  });
}

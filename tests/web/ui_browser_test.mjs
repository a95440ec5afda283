// The web UI in a real browser (issue #22): Debian's chromium, headless, driven by puppeteer-core
// (installed by scripts/setup.sh into third_party/web-test). web_ui_browser_test.cc starts the
// real server with the real-data corpus loaded and runs this script; each page's main actions are
// performed as a user would and what the page shows is asserted, with no console error, no
// uncaught exception and no failed request (except the ones a step provokes on purpose).
// Screenshots go to $UI_ARTIFACTS. Exits non-zero on the first failure; the browser missing is a
// failure, never a skip.
//
// Environment: UI_BASE_URL (http://127.0.0.1:PORT), UI_ARTIFACTS (a directory), UI_UPLOAD_FILE
// (an NDJSON file of speeches to upsert into dataset sotu), UI_SOURCE_DIR, CHROMIUM (optional).
// The pages scenario also creates dataset "dropped" (a file dropped on Ingest, 437 rows), an AI
// view sotu_public, and cancels a slow query (the caller checks the server interrupted it).
import { createRequire } from "node:module";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const base = process.env.UI_BASE_URL;
const artifacts = process.env.UI_ARTIFACTS;
const sourceDir = process.env.UI_SOURCE_DIR;
const uploadFile = process.env.UI_UPLOAD_FILE;
// "pages" (every page, no generator), "signin" (a server with API keys) or "generator" (a
// server with a text generator: the Ask page writes SQL).
const scenario = process.env.UI_SCENARIO || "pages";
const signInKey = process.env.UI_API_KEY;
const viewerKey = process.env.UI_VIEWER_KEY; // signin: a key whose role reads dataset open_data only
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
if (!base || !artifacts || !sourceDir) throw new Error("UI_BASE_URL, UI_ARTIFACTS and UI_SOURCE_DIR are required");
if (scenario === "pages" && !uploadFile) throw new Error("UI_UPLOAD_FILE is required");
if (scenario === "signin" && (!signInKey || !viewerKey)) throw new Error("UI_API_KEY and UI_VIEWER_KEY are required");
if (!existsSync(chromium)) throw new Error(`${chromium} is missing: scripts/setup.sh installs Debian's chromium`);
const require = createRequire(path.join(sourceDir, "third_party/web-test/package.json"));
const puppeteer = require("puppeteer-core");

const problems = []; // console errors, page errors, failed requests
let allowed = []; // [method, path prefix, status] a step provokes on purpose
const timings = {};

function check(condition, message) {
  if (!condition) throw new Error("assertion failed: " + message);
}

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
});
const page = await browser.newPage();
await page.setViewport({ width: 1280, height: 800 });
page.setDefaultTimeout(60000);
page.on("console", (m) => {
  if (m.type() !== "error") return;
  // A response we provoked on purpose is also logged by the browser as "Failed to load resource".
  if (/Failed to load resource/.test(m.text()) && allowed.length) return;
  problems.push("console error: " + m.text());
});
page.on("pageerror", (e) => problems.push("page error: " + e.message));
page.on("requestfailed", (r) => {
  const text = r.failure()?.errorText || "";
  if (text === "net::ERR_ABORTED" && allowed.some(([m]) => m === "ABORT")) return;
  problems.push(`request failed: ${r.method()} ${r.url()} ${text}`);
});
page.on("response", (r) => {
  if (r.status() < 400) return;
  const url = new URL(r.url());
  const ok = allowed.some(([m, p, s]) => m === r.request().method() && url.pathname.startsWith(p) && s === r.status());
  if (!ok) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${url.pathname}`);
});

async function step(name, fn) {
  const started = Date.now();
  process.stdout.write(`[ RUN  ] ${name}\n`);
  await fn();
  check(problems.length === 0, `${name}: ${problems.join("; ")}`);
  process.stdout.write(`[  OK  ] ${name} (${Date.now() - started} ms)\n`);
}

async function go(hash, selector) {
  const started = Date.now();
  await page.evaluate((h) => (location.hash = h), hash);
  await page.waitForSelector(selector);
  timings[hash] = Date.now() - started;
}

const text = (selector) => page.$eval(selector, (e) => e.textContent);
const shot = (name, fullPage = false) => page.screenshot({ path: path.join(artifacts, name + ".png"), fullPage });

async function setEditor(sql) {
  await page.click(".cm-content");
  await page.keyboard.down("Control");
  await page.keyboard.press("a");
  await page.keyboard.up("Control");
  await page.keyboard.press("Backspace");
  await page.keyboard.type(sql);
}

const editorText = () => page.$$eval(".cm-content .cm-line", (ls) => ls.map((l) => l.textContent).join("\n"));

// Moves through the open completion list with the arrow keys to `label` and accepts it (Enter).
async function acceptCompletion(label) {
  await page.waitForFunction((l) => [...document.querySelectorAll(".cm-tooltip-autocomplete li")].some((li) => li.querySelector(".cm-completionLabel")?.textContent === l), {}, label);
  await new Promise((r) => setTimeout(r, 300)); // CodeMirror ignores keys for 75 ms after the list opens
  for (let i = 0; i < 50; i++) {
    const selected = await page.$eval(".cm-tooltip-autocomplete li[aria-selected]", (li) => li.querySelector(".cm-completionLabel").textContent);
    if (selected === label) {
      await page.keyboard.press("Enter");
      return;
    }
    await page.keyboard.press("ArrowDown");
  }
  throw new Error("no completion " + label);
}

// One value through the public API, as any client asks it.
const sqlValue = (sql) =>
  page.evaluate(async (q) => {
    const r = await fetch("/query/sql", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ sql: q }) });
    return (await r.json()).rows[0][0];
  }, sql);

async function runEditor() {
  await page.keyboard.down("Control");
  await page.keyboard.press("Enter");
  await page.keyboard.up("Control");
}

// With API keys: the sign-in form, a wrong key refused, the right one kept for the tab's session.
async function signIn() {
  await step("sign-in: a wrong key is refused, the right one opens the UI", async () => {
    allowed = [["GET", "/access/whoami", 401]];
    await page.goto(base + "/#/explore", { waitUntil: "load" });
    await page.waitForSelector("#api-key");
    await page.type("#api-key", "lh_not_a_key");
    await page.click(".signin button[type=submit]");
    await page.waitForSelector(".signin .error");
    await shot("signin");
    await page.$eval("#api-key", (i) => (i.value = ""));
    await page.type("#api-key", signInKey);
    await page.click(".signin button[type=submit]");
    await page.waitForSelector("#datasets, .page p");
    check((await text(".who")) !== "dev mode", "signed in as a principal");
    check((await page.evaluate(() => Object.keys(localStorage).join())).includes("lakehouse.api_key") === false, "the key is not in local storage");
    allowed = [];
  });
  await step("sign-in: System shows the configuration with the key redacted", async () => {
    await go("#/system", "#config table");
    const row = await page.$$eval("#config tr", (rs) => rs.map((r) => r.textContent).find((t) => t.startsWith("server.api_keys")));
    check(row === 'server.api_keys["***"]', "the key is redacted: " + row);
    check(!(await page.content()).includes(signInKey), "the key is nowhere on the page");
  });
  await step("sign-in: kept across a reload, gone after sign-out", async () => {
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector(".who");
    await page.click(".top button:last-child");
    await page.waitForSelector("#api-key");
    check((await page.evaluate(() => sessionStorage.length)) === 0, "sign-out forgets the key");
  });
  await step("sign-in: a key granted one dataset sees only that one", async () => {
    await page.type("#api-key", viewerKey);
    await page.click(".signin button[type=submit]");
    await go("#/explore", "#datasets a.card");
    const names = await page.$$eval("#datasets strong", (s) => s.map((e) => e.textContent));
    check(names.join() === "open_data", "only the granted dataset: " + names);
    check((await text(".who")) === "viewer", "signed in as viewer: " + (await text(".who")));
    await go("#/sql", ".cm-content");
    await setEditor("SELECT count(*) FROM open_data");
    await runEditor();
    await page.waitForFunction(() => document.querySelector("#row-count")?.textContent.startsWith("1 rows"));
  });
}

// With a generator: a question becomes SQL (POST /ai/sql: the generator's reply, checked and run
// by the server), shown with its rows and chart, then edited and run again.
async function generator() {
  await step("Ask: a question becomes SQL that runs and is charted, then edited and re-run", async () => {
    await page.goto(base + "/#/ask", { waitUntil: "load" });
    await page.waitForSelector("#question");
    await page.type("#question", "How many addresses did each party give?");
    await page.click("#write-sql");
    await page.waitForSelector("#generated-result .grid [role=gridcell]");
    const sql = await page.$eval("#nl-sql textarea", (t) => t.value);
    check(/^SELECT party, count\(\*\)/.test(sql), "the generated SQL, without its fence: " + sql);
    check((await text("#sql-explanation")).includes("Addresses per party"), "the generator's explanation");
    const cells = await page.$$eval("#generated-result .grid [role=gridcell]", (cs) => cs.map((c) => c.textContent));
    check(cells.includes("Republican") && cells.includes("Democratic"), "parties in the result: " + cells);
    await page.waitForSelector("#generated-result .chart canvas");
    // Picked for the shape (a category and a number: bars), and switchable.
    const chart = '#generated-result select[aria-label="chart"]';
    check((await page.$eval(chart, (s) => s.value)) === "bar", "a category axis is charted as bars");
    await page.select(chart, "line");
    await page.waitForFunction((s) => document.querySelector(s).value === "line" && document.querySelector("#generated-result .chart canvas"), {}, chart);
    await page.select(chart, "off");
    await page.waitForFunction(() => !document.querySelector("#generated-result .chart"));
    await page.select(chart, "bar");
    await page.waitForSelector("#generated-result .chart canvas");
    check(!(await page.$("#no-generator")), "no 'no generator' notice");
    await shot("ask-sql");
    // Edit the SQL as a user does (select all, type over it) and run it again.
    await page.focus("#nl-sql textarea");
    await page.keyboard.down("Control");
    await page.keyboard.press("a");
    await page.keyboard.up("Control");
    await page.keyboard.type("SELECT party, count(*) AS addresses FROM sotu WHERE party = 'Democratic' GROUP BY party");
    await page.click("#run-generated");
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll("#generated-result .grid [role=gridcell]")].map((c) => c.textContent);
      return cells.includes("Democratic") && !cells.includes("Republican");
    });
  });
  await step("Explore: an AI summary from the generator", async () => {
    await go("#/explore/sotu", "#ai-summary button");
    await page.click("#ai-summary button");
    await page.waitForSelector("#ai-summary .notice");
    check((await text("#ai-summary .notice")).includes("ollama/llama3.2"), "the summary names its model");
  });
}

async function pages() {
  await step("first load: the shell, served with caching headers", async () => {
    const started = Date.now();
    const response = await page.goto(base + "/#/sql", { waitUntil: "load" });
    check(response.status() === 200, "GET / is 200");
    check(response.headers()["etag"], "GET / has an ETag");
    check(/no-cache/.test(response.headers()["cache-control"] || ""), "GET / has Cache-Control");
    await page.waitForSelector(".cm-content");
    timings["first load"] = Date.now() - started;
    const nav = await page.$$eval("nav a", (as) => as.map((a) => a.textContent.trim()));
    for (const p of ["SQL", "Explore", "Search", "Indexes & Jobs", "Ingest", "System", "Ask"]) check(nav.includes(p), "nav has " + p);
    check((await text(".who")).includes("dev mode"), "dev mode works without a key");
  });

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
    allowed = [["POST", "/query/paged", 400]];
    await setEditor("SELECT * FORM sotu");
    await runEditor();
    await page.waitForSelector(".error");
    check(/syntax error at or near "sotu"/.test(await text(".error")), "the message names the token");
    const selected = await page.evaluate(() => getSelection().toString());
    check(selected === "sotu", `the token is selected in the editor (${selected})`);
    check((await text("#error-at")) === "at line 1, column 15", "the server's position: " + (await text("#error-at")));
    check((await text(".cm-lintRange-error")) === "sotu", "the token is underlined");
    allowed = [];
  });

  await step("SQL: an error on line 2 is located by line and column", async () => {
    allowed = [["POST", "/query/paged", 400]];
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
    allowed = [];
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
    allowed = [["ABORT"]];
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
    allowed = [];
  });

  await step("keyboard: Alt+2 opens Explore", async () => {
    await page.click("h1");
    await page.keyboard.down("Alt");
    await page.keyboard.press("2");
    await page.keyboard.up("Alt");
    await page.waitForFunction(() => location.hash === "#/explore");
  });

  await step("Explore: datasets, schema with PII, versions, sample, edit in place", async () => {
    // An AI view over sotu (through the API, as an admin would make it) for the lineage graph.
    const view = await page.evaluate(async () => {
      const r = await fetch("/access/views", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name: "sotu_public", base_dataset: "sotu", columns: ["id", "year", "party"] }),
      });
      return r.status;
    });
    check(view === 201, "the AI view was created: " + view);
    await go("#/explore", "#datasets a.card");
    const names = await page.$$eval("#datasets strong", (s) => s.map((e) => e.textContent));
    check(names.includes("sotu") && names.includes("ffq"), "both datasets listed: " + names);
    await shot("explore");
    await page.type('input[aria-label="filter datasets"]', "FF");
    await page.waitForFunction(() => [...document.querySelectorAll("#datasets strong")].map((e) => e.textContent).join() === "ffq");
    await page.$eval('input[aria-label="filter datasets"]', (i) => i.select());
    await page.keyboard.press("Backspace");
    await page.waitForFunction(() => document.querySelectorAll("#datasets strong").length >= 2);
    // A masking override (as an admin sets it through the API) shows in the schema.
    const policy = await page.evaluate(async () => {
      const r = await fetch("/access/column-policies", {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ dataset: "ffq", column: "heart_disease", redaction: "mask", keep_prefix: 1 }),
      });
      return r.status;
    });
    check(policy === 200, "the column policy was stored: " + policy);
    await page.click('#datasets a[href="#/explore/ffq"]');
    await page.waitForSelector("#dataset table.schema .tag.masking");
    const pii = await page.$$eval("#dataset table.schema tr", (rs) => rs.filter((r) => r.querySelector(".tag.pii")).map((r) => r.textContent));
    check(pii.some((r) => r.includes("heart_disease") && r.includes("medical 60%") && r.includes("mask (keeps 1+0)")), "the PII scan's finding and the masking on ffq: " + pii);
    await page.click('a[href="#/explore"]');
    await page.waitForSelector("#datasets a.card");
    await page.click('#datasets a[href="#/explore/sotu"]');
    await page.waitForSelector("#dataset table.schema");
    const schema = await text("#dataset table.schema");
    for (const c of ["year", "party", "text", "BIGINT", "VARCHAR"]) check(schema.includes(c), "schema shows " + c);
    await page.waitForSelector("#versions li");
    check((await text("#versions")).includes("+110"), "the first commit added 110 rows");
    await page.waitForSelector("#sample .grid [role=gridcell]");
    const sample = await page.$$eval("#sample .grid-row:not(.grid-head)", (rs) => rs.map((r) => r.textContent));
    check(sample.some((r) => r.includes("Woodrow Wilson") && r.includes("Democratic")), "sample rows show every column");
    await page.waitForSelector('#lineage g[data-kind="index"]');
    const nodes = await page.$$eval("#lineage g[data-kind]", (gs) => gs.map((g) => g.dataset.kind + ":" + g.dataset.label));
    for (const n of ["dataset:sotu", "index:sotu_idx", "view:sotu_public"]) check(nodes.includes(n), `lineage has ${n}: ${nodes}`);
    check(nodes.some((n) => n.startsWith("source:") && n.includes("sotu.ndjson")), "lineage starts at the ingested file: " + nodes);
    check((await page.$$eval("#lineage path.edge", (p) => p.length)) === nodes.length - 1, "an edge to the dataset from each node");
    await page.click("#profile");
    await page.waitForFunction(() => document.querySelectorAll("#profiles tbody tr").length === 5);
    // Each column's distribution: the year's bins hold every row; party's bars are its counts.
    await page.waitForSelector('svg.histogram[data-column="year"] rect');
    const years = await page.$$eval('svg.histogram[data-column="year"] rect', (rs) => rs.map((r) => Number(r.dataset.count)));
    check(years.length > 1 && years.reduce((a, b) => a + b, 0) === 110, "the year histogram counts 110 rows: " + years);
    await page.waitForSelector('svg.histogram[data-column="party"] rect');
    const parties = Object.fromEntries(await page.$$eval('svg.histogram[data-column="party"] rect', (rs) => rs.map((r) => [r.dataset.label, Number(r.dataset.count)])));
    const republican = await sqlValue("SELECT count(*) FROM sotu WHERE party = 'Republican'");
    check(parties.Republican === republican, `party bars are the counts (${JSON.stringify(parties)} vs ${republican})`);
    await page.click("dl.meta button");
    await page.waitForSelector(".meta-form textarea");
    await page.type(".meta-form textarea", "State of the Union addresses since 1913");
    await page.click(".meta-form button[type=submit]");
    await page.waitForFunction(() => document.querySelector("dl.meta")?.textContent.includes("State of the Union addresses since 1913"));
    await shot("explore-dataset", true);
  });

  await step("Search: keyword hits with highlights", async () => {
    await go("#/search", "#query");
    await page.type("#query", "depression unemployment");
    await page.select("#mode", "keyword");
    await page.click(".search-form button[type=submit]");
    await page.waitForSelector(".hit");
    const hits = await page.$$eval(".hit", (h) => h.length);
    check(hits === 10, `k=10 hits (${hits})`);
    check((await page.$$eval(".hit mark", (m) => m.length)) > 0, "query words highlighted");
    await page.click(".hit button.open-row");
    await page.waitForSelector(".hit .full-row");
    const row = await page.$eval(".hit .full-row", (dl) => ({
      doc: dl.dataset.doc,
      columns: [...dl.querySelectorAll("dd")].map((d) => d.dataset.column),
      text: dl.querySelector('dd[data-column="text"]').textContent,
    }));
    check(["id", "year", "name", "party", "text"].every((c) => row.columns.includes(c)), "every column of the row: " + row.columns);
    const length = await sqlValue(`SELECT length(text) FROM sotu WHERE id = '${row.doc.replaceAll("'", "''")}'`);
    check([...row.text].length === length && length > 800, `the whole text, not the chunk (${[...row.text].length} of ${length})`);
    await shot("search");
    // k and an SQL filter: three hits, each from a row the filter admits.
    await page.type('input[aria-label="filter (SQL predicate)"]', "year >= 1990");
    await page.$eval('.search-form input[type="number"]', (i) => i.select());
    await page.keyboard.type("3");
    await page.click(".search-form button[type=submit]");
    await page.waitForFunction(() => document.querySelectorAll(".hit").length === 3 && !document.querySelector(".hit .full-row"));
    const years = await page.$$eval(".hit strong", (s) => s.map((e) => Number(e.textContent.slice(0, 4))));
    check(years.every((y) => y >= 1990), "every hit passes the filter (ids start with the year): " + years);
    await page.$eval('input[aria-label="filter (SQL predicate)"]', (i) => i.select());
    await page.keyboard.press("Backspace");
    await page.click('.search-form input[type="checkbox"]');
    await page.waitForSelector("textarea#query");
    await page.$eval("textarea#query", (t) => (t.value = ""));
    await page.type("textarea#query", "tariff\nnuclear weapons");
    await page.click(".search-form button[type=submit]");
    await page.waitForFunction(() => document.querySelectorAll("#hits h3").length === 2);
    check((await page.$$eval("#hits h3", (h) => h.map((e) => e.textContent))).join() === "tariff,nuclear weapons", "one list per query");
  });

  await step("Ingest: upload with progress, committed", async () => {
    await go("#/ingest", "#file");
    const input = await page.$("#file");
    await input.uploadFile(uploadFile);
    await page.type("#dataset", "sotu");
    await page.select("#mode", "upsert");
    await page.type("#key", "id");
    await page.click(".ingest button[type=submit]");
    await page.waitForSelector("#ingest-result");
    const result = await text("#ingest-result");
    check(/Committed sotu version \d+/.test(result), "committed: " + result);
    check(result.includes("123 rows added"), "123 older speeches added: " + result);
    check((await page.$eval(".progress", (p) => p.getAttribute("aria-valuenow"))) === "100", "upload bar at 100 %");
    await shot("ingest");
  });

  await step("Ingest: a schema change is previewed, then committed deliberately", async () => {
    const file = path.join(artifacts, "schema_change.ndjson");
    const row = { id: "2099_ui_test", year: 2099, name: "UI Test", party: "none", text: "A row with a new column.", source: "web ui test" };
    writeFileSync(file, JSON.stringify(row) + "\n");
    allowed = [["POST", "/ingest/file", 409]];
    await (await page.$("#file")).uploadFile(file);
    await page.click(".ingest button[type=submit]");
    await page.waitForSelector("#schema-diff");
    const diff = await text("#schema-diff");
    check(diff.includes("added") && diff.includes("source"), "the preview shows the new column: " + diff);
    await page.click("#schema-diff button");
    await page.waitForSelector("#ingest-result");
    check((await text("#ingest-result")).includes("1 rows added"), "committed with the change");
    allowed = [];
    await page.click("#ingest-result h3 a");
    await page.waitForSelector("#versions li");
    check((await text("#versions")).includes("schema: +1 −0 columns"), "the timeline shows the schema change: " + (await text("#versions")));
  });

  await step("Ingest: a file dropped on the page is committed and a query sees its rows", async () => {
    await go("#/sql", ".cm-content"); // a fresh Ingest page
    await go("#/ingest", "#drop-zone");
    await page.evaluate(() => {
      const lines = ["n,word"];
      for (let i = 0; i < 437; i++) lines.push(`${i},w${i % 13}`);
      const data = new DataTransfer();
      data.items.add(new File([lines.join("\n") + "\n"], "dropped.csv", { type: "text/csv" }));
      const zone = document.querySelector("#drop-zone");
      for (const type of ["dragenter", "dragover", "drop"]) zone.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => document.querySelector("#drop-zone span")?.textContent === "dropped.csv");
    await page.type("#dataset", "dropped");
    await page.click(".ingest button[type=submit]");
    await page.waitForSelector("#ingest-result");
    const result = await text("#ingest-result");
    const shown = /([\d,]+) rows now/.exec(result);
    check(shown && result.includes("437 rows added"), "the dropped file's rows: " + result);
    const counted = await sqlValue("SELECT count(*) FROM dropped");
    check(Number(shown[1].replaceAll(",", "")) === counted && counted === 437, `the page's count is the query's (${shown[1]} vs ${counted})`);
  });

  await step("Indexes & Jobs: stale index, Refresh, the job's bar reaches 100 %", async () => {
    await go("#/indexes", '.index[data-index="sotu_idx"] .freshness');
    await page.waitForFunction(() => document.querySelector(".freshness .stale")?.textContent.includes("stale since"));
    await page.click('.index[data-index="sotu_idx"] button.refresh');
    await page.waitForSelector("#jobs tr[data-state]");
    // The newest refresh job of the index: wait until it succeeded with its bar full.
    await page.waitForFunction(
      () => {
        const row = [...document.querySelectorAll("#jobs tbody tr")].find((r) => r.textContent.includes("sotu"));
        return row?.dataset.state === "succeeded" && row.querySelector("[role=progressbar]").getAttribute("aria-valuenow") === "100";
      },
      { timeout: 240000 },
    );
    await page.waitForFunction(() => document.querySelector(".freshness .fresh")?.textContent.includes("up to date"), { timeout: 60000 });
    // The page shows the recall measured after the refresh and its target; an HNSW graph's recall
    // varies from build to build (0.950–1.000 here), so the page must show one that meets the target.
    const card = await text('.index[data-index="sotu_idx"]');
    const recall = /Recall\s*(\d\.\d{3}) @10 \(target (\d\.\d+)/.exec(card);
    check(recall && Number(recall[1]) >= Number(recall[2]), "the measured recall meets its target: " + card);
    await shot("indexes");
  });

  await step("Indexes: a cron policy shows its next run", async () => {
    const card = '.index[data-index="sotu_idx"]';
    await page.select(`${card} select[aria-label="refresh policy"]`, "scheduled");
    await page.waitForSelector(`${card} input.cron`);
    // Replace the text as a user does (select it, type over it): clearing `value` from script
    // skips the input event, so a re-render (the jobs poll sees the refresh's compaction finish)
    // put the old cron back in front of the typed one.
    await page.click(`${card} input.cron`, { clickCount: 3 });
    await page.type(`${card} input.cron`, "0 3 * * *");
    await page.waitForFunction((sel) => document.querySelector(sel)?.value === "0 3 * * *", {}, `${card} input.cron`);
    await page.click(`${card} .policy button[type=submit]`);
    await page.waitForSelector(`${card} .next-run`);
  });

  await step("System: health, buckets, caches, request charts", async () => {
    await go("#/system", "#health");
    check((await text("#health")).includes("ok"), "health ok");
    await page.waitForSelector("#buckets table");
    await page.waitForSelector("#caches");
    await page.waitForFunction(() => /requests served/.test(document.querySelector("#metrics-total")?.textContent || ""));
    check((await page.$$eval(".chart canvas", (c) => c.length)) === 2, "two charts");
    await page.waitForSelector("#config table");
    const config = await text("#config");
    check(config.includes("sql.query_timeout_ms") && config.includes("server.api_keys"), "the effective configuration");
    await shot("system");
  });

  await step("Ask: an answer with numbered citations that open their row", async () => {
    await go("#/ask", "#question");
    await page.type("#question", "What did the president say about the Great Depression?");
    await page.click(".search-form button[type=submit]");
    await page.waitForSelector("#answer .citation");
    check((await text("#answer .answer-text")).length > 20, "an answer");
    await page.waitForSelector("#no-generator");
    await page.click("#answer .citation button.link");
    await page.waitForSelector("#answer .citation .grid [role=gridcell]");
    await shot("ask");
  });

  await step("Jobs: a running index build is cancelled from the page", async () => {
    // A second index of sotu, built as a job (the API call any client makes), then cancelled here.
    // With use-lite-v1 the build takes minutes, so it is still running when the click lands even
    // on a loaded machine (with hash-v1 it could finish first, and "cancelled" never came).
    const started = await page.evaluate(async () => {
      const r = await fetch("/vectors/index", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ index_name: "sotu_cancel_idx", dataset: "sotu", id_column: "id", text_column: "text", chunk_size: 200, overlap: 0, model: "builtin/use-lite-v1" }),
      });
      return { status: r.status, body: await r.json() };
    });
    check(started.status === 202, "the build runs as a job: " + JSON.stringify(started));
    await go("#/indexes", `#jobs tr[data-job="${started.body.job_id}"]`);
    await page.waitForSelector(`#jobs tr[data-job="${started.body.job_id}"] button`);
    await page.click(`#jobs tr[data-job="${started.body.job_id}"] button`);
    await page.waitForSelector(`#jobs tr[data-job="${started.body.job_id}"][data-state="cancelled"]`, { timeout: 120000 });
  });

  await step("dark theme and phone width", async () => {
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
    await go("#/explore", "#datasets a.card");
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    check(bg === "rgb(13, 17, 23)", "dark background: " + bg);
    await shot("explore-dark");
    await page.setViewport({ width: 390, height: 844 });
    await go("#/sql", ".cm-content");
    check(!(await page.$eval("nav.side", (n) => n.offsetParent !== null)), "navigation folded into the menu");
    await page.click("button.menu");
    await page.waitForSelector("nav.side.open");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    check(overflow <= 0, `no horizontal overflow at phone width (${overflow}px)`);
    await shot("sql-phone");
  });

}

try {
  await ({ signin: signIn, generator, pages }[scenario] || pages)();
  console.log("page timings (ms from navigation to the page's content): " + JSON.stringify(timings));
  if (scenario === "pages") writeFileSync(path.join(artifacts, "timings.json"), JSON.stringify(timings, null, 2) + "\n");
  console.log("screenshots: " + readdirSync(artifacts).filter((f) => f.endsWith(".png")).join(", "));
  await browser.close();
} catch (e) {
  await shot("failure").catch(() => {});
  await browser.close();
  console.error(e.stack || String(e));
  process.exit(1);
}

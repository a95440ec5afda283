// The Ask page in the browser: without a generator, an answer from an index with numbered
// citations that open their row; with one, a question written as SQL, charted, edited and re-run.
import { base, check, page, step, go, text, shot } from "./ui_harness.mjs";

export async function askCitationsStep() {
  await step("Ask: an answer with numbered citations that open their row", async () => {
    await go("#/ask", "#question");
    await page.type("#question", "What did the president say about the Great Depression?");
    await page.click(".search-form button[type=submit]");
    await page.waitForSelector("#answer .citation");
    check((await text("#answer .answer-text")).length > 20, "an answer");
    await page.waitForSelector("#no-generator");
    // The sources the answer cites, numbered in retrieval order: every [n] in the answer links to
    // one of them, and each of them is cited.
    const numbers = await page.$$eval("#answer .citation > strong", (s) => s.map((e) => Number(/^\[(\d+)\]$/.exec(e.textContent)?.[1])));
    check(numbers.length > 0 && numbers.every((n, i) => n >= 1 && (i === 0 || n > numbers[i - 1])), "numbered sources: " + numbers);
    const links = await page.$$eval("#answer .answer-text a", (as) => as.map((a) => Number(a.textContent.slice(1, -1))));
    check(links.length > 0 && links.every((l) => numbers.includes(l)) && numbers.every((n) => links.includes(n)), `the answer cites them: ${links} of ${numbers}`);
    // A citation opens its source row: the row whose id is the citation's document.
    const doc = await text("#answer .citation button.link");
    await page.click("#answer .citation button.link");
    await page.waitForSelector("#answer .citation .grid [role=gridcell]");
    const cells = await page.$$eval("#answer .citation .grid [role=gridcell]", (cs) => cs.map((c) => c.textContent));
    check(cells.includes(doc), `the cited row (${doc}) is opened: ${cells.slice(0, 4)}`);
    await shot("ask");
    // Without a generator the page says so and offers SQL and Search.
    const offered = await page.$$eval("#no-generator a", (as) => as.map((a) => a.getAttribute("href")));
    check(offered.includes("#/sql") && offered.includes("#/search"), "SQL and Search offered: " + offered);
    await page.click('#no-generator a[href="#/search"]');
    await page.waitForSelector("#query");
  });
}

// With a generator (POST /ai/sql: the generator's reply, checked and run by the server).
export async function askGeneratorStep() {
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
}

// The Search page in the browser: keyword hits with highlights, a hit's whole row, k and a filter,
// and a batch of queries.
import { check, page, step, go, shot, sqlValue } from "./ui_harness.mjs";

export async function searchSteps() {
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

  await step("Search: the picked index, vector and hybrid modes, hits ranked by their score", async () => {
    const options = await page.$$eval("#index option", (os) => os.map((o) => o.value));
    check(options.includes("sotu_idx") && (await page.$eval("#index", (s) => s.value)) === "sotu_idx", "the index is picked from the list: " + options);
    await page.click('.search-form input[type="checkbox"]'); // back to one query
    await page.waitForSelector("input#query");
    await page.type("input#query", "nuclear weapons");
    for (const mode of ["vector", "hybrid"]) {
      await page.select("#mode", mode);
      await page.click(".search-form button[type=submit]");
      await page.waitForFunction((m) => document.querySelector("#hits p.muted")?.textContent.startsWith(m + " search of sotu_idx") && document.querySelectorAll(".hit").length === 3, {}, mode);
      const scores = await page.$$eval(".hit .score", (s) => s.map((e) => Number(/^score (-?\d+\.\d{4})$/.exec(e.textContent)?.[1])));
      check(scores.length === 3 && scores.every((x, i) => Number.isFinite(x) && (i === 0 || scores[i - 1] >= x)), `${mode}: three hits (k 3), each with its score, best first: ${scores}`);
      check((await page.$$eval(".hit mark", (m) => m.length)) > 0, mode + ": query words highlighted");
    }
  });
}

// The Explore page in the browser: the dataset list and its filter, PII and masking in the schema,
// lineage, versions, sample, column profiles with histograms (checked against SQL counts), the
// description edited in place, and (with a generator) the AI summary.
import { check, page, step, go, text, shot, sqlValue } from "./ui_harness.mjs";

export async function exploreSteps() {
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
}

// With a generator configured.
export async function aiSummaryStep() {
  await step("Explore: an AI summary from the generator", async () => {
    await go("#/explore/sotu", "#ai-summary button");
    await page.click("#ai-summary button");
    await page.waitForSelector("#ai-summary .notice");
    check((await text("#ai-summary .notice")).includes("ollama/llama3.2"), "the summary names its model");
  });
}

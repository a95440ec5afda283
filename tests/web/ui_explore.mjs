// The Explore page in the browser: the dataset list and its filter, PII and masking in the schema,
// lineage, versions, sample, column profiles with histograms (checked against SQL counts), the
// description edited in place, and (with a generator) the AI summary.
import { apiCall, check, page, step, go, text, shot, sqlValue } from "./ui_harness.mjs";

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
    // Each column's sensitivity is the catalog's.
    const ffq = await apiCall("GET", "/catalog/datasets/by-name/ffq");
    const shownSensitivity = Object.fromEntries(await page.$$eval("#dataset table.schema tbody tr", (rs) => rs.map((r) => [r.cells[0].textContent, r.cells[4].textContent])));
    for (const c of ffq.body.columns) check(shownSensitivity[c.name] === c.sensitivity, `${c.name}'s sensitivity: ${shownSensitivity[c.name]} vs ${c.sensitivity}`);
    check(["confidential", "restricted"].includes(shownSensitivity.heart_disease), "a medical column is sensitive: " + shownSensitivity.heart_disease);
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
    // The profile's figures: year's min, max, nulls and distinct values against SQL.
    const profile = await page.$$eval("#profiles tbody tr", (rs) => rs.map((r) => [...r.cells].map((c) => c.textContent)).find((c) => c[0] === "year"));
    const [min, max, distinct] = [await sqlValue("SELECT min(year) FROM sotu"), await sqlValue("SELECT max(year) FROM sotu"), await sqlValue("SELECT count(DISTINCT year) FROM sotu")];
    check(Number(profile[2]) === min && Number(profile[3]) === max, `year's min and max (${profile} vs ${min}, ${max})`);
    check(Number(profile[5]) === 0 && (await sqlValue("SELECT count(*) FROM sotu WHERE year IS NULL")) === 0, "year has no nulls: " + profile);
    check(Math.abs(Number(profile[4]) - distinct) <= distinct * 0.1, `≈ distinct years (${profile[4]} vs ${distinct})`);
    // Description, owner and tags edited in place.
    await page.click("dl.meta button");
    await page.waitForSelector(".meta-form textarea");
    await page.type(".meta-form textarea", "State of the Union addresses since 1913");
    const [owner, tags] = await page.$$(".meta-form input");
    await owner.type("history desk");
    await tags.type("speeches, presidents");
    await page.click(".meta-form button[type=submit]");
    await page.waitForFunction(() => document.querySelector("dl.meta")?.textContent.includes("State of the Union addresses since 1913"));
    const meta = await text("dl.meta");
    const shownTags = await page.$$eval("dl.meta .tag:not([class*=sens-])", (t) => t.map((e) => e.textContent).sort());
    check(meta.includes("history desk") && shownTags.join() === "presidents,speeches", "owner and tags saved: " + meta);
    await shot("explore-dataset", true);
    // The list shows the tags, and its filter finds a dataset by one.
    await page.click('a[href="#/explore"]');
    await page.waitForSelector("#datasets a.card");
    await page.type('input[aria-label="filter datasets"]', "presid");
    await page.waitForFunction(() => [...document.querySelectorAll("#datasets strong")].map((e) => e.textContent).join() === "sotu");
    check((await text("#datasets a.card")).includes("presidents"), "the card shows the tags: " + (await text("#datasets a.card")));
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

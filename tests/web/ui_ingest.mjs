// The Ingest page in the browser: an upload with its progress bar, a schema change previewed then
// committed, and a file dropped on the page (a real DataTransfer drop) whose rows a query counts.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { artifacts, allow, check, page, step, go, text, shot, sqlValue } from "./ui_harness.mjs";

export async function ingestSteps(uploadFile) {
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
    allow(["POST", "/ingest/file", 409]);
    await (await page.$("#file")).uploadFile(file);
    await page.click(".ingest button[type=submit]");
    await page.waitForSelector("#schema-diff");
    const diff = await text("#schema-diff");
    check(diff.includes("added") && diff.includes("source"), "the preview shows the new column: " + diff);
    await page.click("#schema-diff button");
    await page.waitForSelector("#ingest-result");
    check((await text("#ingest-result")).includes("1 rows added"), "committed with the change");
    allow();
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
    const [, format] = await page.$$(".ingest select"); // mode, then the format option
    await format.select("csv");
    await page.click(".ingest button[type=submit]");
    await page.waitForSelector("#ingest-result");
    const result = await text("#ingest-result");
    const shown = /([\d,]+) rows now/.exec(result);
    check(shown && result.includes("437 rows added"), "the dropped file's rows: " + result);
    const counted = await sqlValue("SELECT count(*) FROM dropped");
    check(Number(shown[1].replaceAll(",", "")) === counted && counted === 437, `the page's count is the query's (${shown[1]} vs ${counted})`);
  });
}

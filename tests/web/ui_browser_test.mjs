// The web UI in a real browser (issue #22): Debian's chromium, headless, driven by puppeteer-core
// (ui_harness.mjs). web_ui_browser_test.cc starts the real server with the real-data corpus loaded
// and runs this script; each page's main actions are performed as a user would (one module per
// page: ui_sql.mjs, ui_explore.mjs, ui_search.mjs, ui_ingest.mjs, ui_indexes.mjs, ui_system.mjs,
// ui_ask.mjs, ui_signin.mjs, ui_shell.mjs) and what the page shows is asserted, with no console
// error, no uncaught exception and no failed request (except the ones a step provokes on purpose).
// Screenshots go to $UI_ARTIFACTS. Exits non-zero on the first failure; the browser missing is a
// failure, never a skip.
//
// Environment: those of ui_harness.mjs, UI_SCENARIO, and UI_UPLOAD_FILE (pages: an NDJSON file of
// speeches to upsert into dataset sotu), UI_API_KEY and UI_VIEWER_KEY (signin).
// The pages scenario also creates dataset "dropped" (a file dropped on Ingest, 437 rows), an AI
// view sotu_public, and cancels a slow query (the caller checks the server interrupted it).
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { artifacts, base, browser, check, checkEveryRequestIsPublicApi, shot, step, timings, watch } from "./ui_harness.mjs";
import { askCitationsStep, askGeneratorStep } from "./ui_ask.mjs";
import { aiSummaryStep, exploreSteps } from "./ui_explore.mjs";
import { indexesSteps, jobCancelStep } from "./ui_indexes.mjs";
import { ingestSteps } from "./ui_ingest.mjs";
import { searchSteps } from "./ui_search.mjs";
import { darkAndPhoneStep, firstLoadStep, keyboardStep } from "./ui_shell.mjs";
import { signInSteps } from "./ui_signin.mjs";
import { sqlSteps } from "./ui_sql.mjs";
import { systemSteps } from "./ui_system.mjs";
import { PAGES, measurePages } from "./page_timings.mjs";

// "pages" (every page, no generator), "signin" (a server with API keys) or "generator" (a
// server with a text generator: the Ask page writes SQL).
const scenario = process.env.UI_SCENARIO || "pages";
const uploadFile = process.env.UI_UPLOAD_FILE;
const signInKey = process.env.UI_API_KEY;
const viewerKey = process.env.UI_VIEWER_KEY; // signin: a key whose role reads dataset open_data only
if (scenario === "pages" && !uploadFile) throw new Error("UI_UPLOAD_FILE is required");
if (scenario === "signin" && (!signInKey || !viewerKey)) throw new Error("UI_API_KEY and UI_VIEWER_KEY are required");

// Each page, loaded afresh in its own tab, becomes interactive: its content is on screen (what
// page_timings.mjs and `make bench`'s web_ui_bench time; no timing is asserted here).
async function interactiveStep() {
  await step("every page becomes interactive on a fresh load", async () => {
    const tab = await browser.newPage();
    watch(tab);
    await tab.setViewport({ width: 1280, height: 800 });
    const measured = await measurePages(tab, base, { runs: 1, dataset: "sotu" });
    await tab.close();
    for (const name of [...Object.keys(PAGES), "dataset sotu"]) check(measured[name]?.median_ms > 0, `${name} became interactive: ${JSON.stringify(measured[name])}`);
    for (const [name, m] of Object.entries(measured)) timings["fresh load: " + name] = m.median_ms;
  });
}

async function pages() {
  await firstLoadStep();
  await sqlSteps();
  await keyboardStep();
  await exploreSteps();
  await searchSteps();
  await ingestSteps(uploadFile);
  await indexesSteps();
  await systemSteps();
  await askCitationsStep();
  await jobCancelStep();
  await darkAndPhoneStep();
  await interactiveStep();
  await step("every request went to the server's public API (and nowhere else: offline)", checkEveryRequestIsPublicApi);
}

async function generator() {
  await askGeneratorStep();
  await aiSummaryStep();
}

try {
  await { signin: () => signInSteps(signInKey, viewerKey), generator, pages }[scenario]();
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

// How soon each page of the web UI is interactive (issue #22: ≤ 1 s with a 1M-row dataset and a
// 100K-chunk index; docs/PERFORMANCE.md): a fresh load of each page in Debian's headless
// chromium, timed by the browser's performance timeline from the navigation's start to the moment
// the page's content is on screen (a performance.mark set by a MutationObserver when the page's
// selector first matches).
//
// A module: measurePages() is what web_ui_browser_test (every page becomes interactive, runs: 1,
// no timing asserted) and `make bench`'s web_ui_bench (which starts the servers with the data and
// prints the figures against a small-data baseline) call. Also a script, against any server:
//   UI_BASE_URL=http://127.0.0.1:3100 UI_SOURCE_DIR=$PWD [UI_DATASET=orders] [UI_RUNS=5] \
//     node tests/web/page_timings.mjs
// prints a line per page and, last, the results as one JSON line.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

// page → the selector that means "its content is there and can be used"
export const PAGES = {
  sql: ".cm-content",
  explore: "#datasets a.card",
  search: "#query",
  indexes: ".index .freshness",
  ingest: "#file",
  system: "#buckets table",
  ask: "#question",
};

// Loads each page of PAGES (and, with `dataset`, that dataset's Explore page up to its first
// sample rows) `runs` times afresh in the puppeteer `page` against `base`:
// {name: {median_ms, max_ms}}.
export async function measurePages(page, base, { runs = 5, dataset } = {}) {
  await page.evaluateOnNewDocument(() => {
    // Marks "content" when the selector stored for this tab first matches.
    const watch = () => {
      const selector = sessionStorage.getItem("timing.selector");
      if (!selector) return;
      const seen = () => document.querySelector(selector) && (performance.mark("content"), true);
      if (seen()) return;
      const observer = new MutationObserver(() => seen() && observer.disconnect());
      observer.observe(document, { childList: true, subtree: true });
    };
    document.addEventListener("DOMContentLoaded", watch);
  });
  await page.goto(base + "/", { waitUntil: "load" });
  const targets = Object.entries(PAGES).map(([id, selector]) => [id, "#/" + id, selector]);
  if (dataset) targets.push(["dataset " + dataset, "#/explore/" + encodeURIComponent(dataset), "#sample .grid [role=gridcell]"]);
  const results = {};
  for (const [name, hash, selector] of targets) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      await page.evaluate((s) => sessionStorage.setItem("timing.selector", s), selector);
      await page.goto(base + "/" + hash, { waitUntil: "load" });
      await page.reload({ waitUntil: "load" }); // the hash route, loaded fresh (cached files revalidated)
      await page.waitForSelector(selector, { timeout: 60000 });
      await page.waitForFunction(() => performance.getEntriesByName("content").length > 0, { timeout: 60000 });
      times.push(await page.evaluate(() => performance.getEntriesByName("content")[0].startTime));
    }
    times.sort((a, b) => a - b);
    results[name] = { median_ms: Math.round(times[Math.floor(times.length / 2)]), max_ms: Math.round(times[times.length - 1]) };
  }
  await page.evaluate(() => sessionStorage.removeItem("timing.selector"));
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const base = process.env.UI_BASE_URL;
  const sourceDir = process.env.UI_SOURCE_DIR;
  if (!base || !sourceDir) throw new Error("UI_BASE_URL and UI_SOURCE_DIR are required");
  const require = createRequire(path.join(sourceDir, "third_party/web-test/package.json"));
  const puppeteer = require("puppeteer-core");
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    const runs = Number(process.env.UI_RUNS || 5);
    const results = await measurePages(page, base, { runs, dataset: process.env.UI_DATASET });
    for (const [name, r] of Object.entries(results)) console.log(`${name.padEnd(20)} median ${r.median_ms} ms, max ${r.max_ms} ms (${runs} loads)`);
    console.log(JSON.stringify(results));
  } finally {
    await browser.close();
  }
}

// Measures how soon each page of the web UI is interactive (docs/PERFORMANCE.md): a fresh load of
// each page in Debian's headless chromium, timed by the browser's performance timeline from the
// navigation's start to the moment the page's content is on screen (a performance.mark set by a
// MutationObserver when the selector first matches). Not a test: run it by hand against a server
// holding the data you want to measure with, e.g. after `make run`:
//   UI_BASE_URL=http://127.0.0.1:3100 UI_SOURCE_DIR=$PWD node tests/web/page_timings.mjs
import { createRequire } from "node:module";
import path from "node:path";

const base = process.env.UI_BASE_URL;
const sourceDir = process.env.UI_SOURCE_DIR;
const runs = Number(process.env.UI_RUNS || 5);
const require = createRequire(path.join(sourceDir, "third_party/web-test/package.json"));
const puppeteer = require("puppeteer-core");

// page → the selector that means "its content is there"
const PAGES = {
  sql: ".cm-content",
  explore: "#datasets a.card",
  search: "#query",
  indexes: ".index .freshness",
  ingest: "#file",
  system: "#buckets table",
  ask: "#question",
};
const dataset = process.env.UI_DATASET; // also time a dataset's page (schema, versions, sample)

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const page = await browser.newPage();
await page.setViewport({ width: 1280, height: 800 });
await page.evaluateOnNewDocument(() => {
  // Marks "content" when window.__selector first matches.
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
  console.log(`${name.padEnd(20)} median ${results[name].median_ms} ms, max ${results[name].max_ms} ms (${runs} loads)`);
}
await browser.close();
console.log(JSON.stringify(results));

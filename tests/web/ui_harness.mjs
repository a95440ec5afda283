// What every page's browser steps share (ui_browser_test.mjs runs them): Debian's chromium,
// headless, driven by puppeteer-core (installed by scripts/setup.sh into third_party/web-test),
// one page at 1280×800 watched for console errors, uncaught exceptions and failed requests, and
// the helpers the steps use (assert, navigate, read, type into the SQL editor, ask the API).
// Importing this module launches the browser; the browser missing is a failure, never a skip.
//
// Environment: UI_BASE_URL (http://127.0.0.1:PORT), UI_ARTIFACTS (a directory for screenshots
// and downloads), UI_SOURCE_DIR, CHROMIUM (optional).
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import path from "node:path";

export const base = process.env.UI_BASE_URL;
export const artifacts = process.env.UI_ARTIFACTS;
export const sourceDir = process.env.UI_SOURCE_DIR;
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
if (!base || !artifacts || !sourceDir) throw new Error("UI_BASE_URL, UI_ARTIFACTS and UI_SOURCE_DIR are required");
if (!existsSync(chromium)) throw new Error(`${chromium} is missing: scripts/setup.sh installs Debian's chromium`);
const require = createRequire(path.join(sourceDir, "third_party/web-test/package.json"));
const puppeteer = require("puppeteer-core");

const problems = []; // console errors, page errors, failed requests
let allowed = []; // [method, path prefix, status] a step provokes on purpose
const requested = new Set(); // "METHOD /path" of every request to the server
export const timings = {}; // hash → ms from navigation to the page's content

// The failures a step provokes on purpose: [method, path prefix, status], or ["ABORT"] for
// requests the page aborts (a cancelled query). allow() with nothing ends the exemption.
export function allow(...failures) {
  allowed = failures;
}

export function check(condition, message) {
  if (!condition) throw new Error("assertion failed: " + message);
}

export const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
});
// Records what no step may cause on page `p`: console errors, uncaught exceptions, failed
// requests and error responses (except those allow() names).
// Every request to another origin is one too: the UI works offline. What the page asked the
// server for ("METHOD /path") is kept for checkEveryRequestIsPublicApi().
// A request started by a step that provokes aborts may report its abort after that step ended
// (the cancel step's query); abortable remembers them.
const abortable = new WeakSet();
export function watch(p) {
  p.on("request", (r) => {
    if (allowed.some(([m]) => m === "ABORT")) abortable.add(r);
    const url = new URL(r.url());
    if (url.protocol === "data:" || url.protocol === "blob:") return;
    if (url.origin !== new URL(base).origin) problems.push("a request off the server (the UI must work offline): " + r.url());
    else requested.add(r.method() + " " + url.pathname);
  });
  p.on("console", (m) => {
    if (m.type() !== "error") return;
    // A response we provoked on purpose is also logged by the browser as "Failed to load resource".
    if (/Failed to load resource/.test(m.text()) && allowed.length) return;
    problems.push("console error: " + m.text());
  });
  p.on("pageerror", (e) => problems.push("page error: " + e.message));
  p.on("requestfailed", (r) => {
    const text = r.failure()?.errorText || "";
    if (text === "net::ERR_ABORTED" && (abortable.has(r) || allowed.some(([m]) => m === "ABORT"))) return;
    problems.push(`request failed: ${r.method()} ${r.url()} ${text}`);
  });
  p.on("response", (r) => {
    if (r.status() < 400) return;
    const url = new URL(r.url());
    const ok = allowed.some(([m, p, s]) => m === r.request().method() && url.pathname.startsWith(p) && s === r.status());
    if (!ok) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${url.pathname}`);
  });
}

export const page = await browser.newPage();
await page.setViewport({ width: 1280, height: 800 });
page.setDefaultTimeout(60000);
watch(page);

// Runs one step: its assertions, then none of the problems above may have happened.
export async function step(name, fn) {
  const started = Date.now();
  process.stdout.write(`[ RUN  ] ${name}\n`);
  await fn();
  check(problems.length === 0, `${name}: ${problems.join("; ")}`);
  process.stdout.write(`[  OK  ] ${name} (${Date.now() - started} ms)\n`);
}

// Opens a page by its hash route and waits for `selector` (its content).
export async function go(hash, selector) {
  const started = Date.now();
  await page.evaluate((h) => (location.hash = h), hash);
  await page.waitForSelector(selector);
  timings[hash] = Date.now() - started;
}

export const text = (selector) => page.$eval(selector, (e) => e.textContent);
export const shot = (name, fullPage = false) => page.screenshot({ path: path.join(artifacts, name + ".png"), fullPage });
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Replaces the SQL editor's text as a user does (select all, type).
export async function setEditor(sql) {
  await page.click(".cm-content");
  await page.keyboard.down("Control");
  await page.keyboard.press("a");
  await page.keyboard.up("Control");
  await page.keyboard.press("Backspace");
  await page.keyboard.type(sql);
}

export const editorText = () => page.$$eval(".cm-content .cm-line", (ls) => ls.map((l) => l.textContent).join("\n"));

export async function runEditor() {
  await page.keyboard.down("Control");
  await page.keyboard.press("Enter");
  await page.keyboard.up("Control");
}

// Moves through the open completion list with the arrow keys to `label` and accepts it (Enter).
export async function acceptCompletion(label) {
  await page.waitForFunction((l) => [...document.querySelectorAll(".cm-tooltip-autocomplete li")].some((li) => li.querySelector(".cm-completionLabel")?.textContent === l), {}, label);
  await sleep(300); // CodeMirror ignores keys for 75 ms after the list opens
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
export const sqlValue = (sql) =>
  page.evaluate(async (q) => {
    const r = await fetch("/query/sql", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ sql: q }) });
    return (await r.json()).rows[0][0];
  }, sql);

// A JSON call to the API from the page (as an admin or another client would make it):
// {status, body}.
export const apiCall = (method, url, body) =>
  page.evaluate(
    async (m, u, b) => {
      const r = await fetch(u, { method: m, headers: { "Content-Type": "application/json" }, body: b == null ? undefined : JSON.stringify(b) });
      return { status: r.status, body: await r.json() };
    },
    method,
    url,
    body ?? null,
  );

// The UI is a client like any other: every request it made (its own files included) is a route
// of the server's public API, /openapi.json.
export async function checkEveryRequestIsPublicApi() {
  const spec = (await apiCall("GET", "/openapi.json")).body;
  const routes = [];
  for (const [key, operations] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const segments = (op["x-path-pattern"] || key).split("/").map((s) => (/^\{.+\.\.\.\}$/.test(s) ? ".+" : /^\{.+\}$/.test(s) ? "[^/]+" : s.replace(/[.*+?^$()|[\]\\]/g, "\\$&")));
      routes.push([method.toUpperCase(), new RegExp("^" + segments.join("/") + "$")]);
    }
  }
  const outside = [...requested].filter((r) => {
    const [method, pathname] = r.split(" ");
    return !routes.some(([m, re]) => m === method && re.test(pathname));
  });
  check(requested.size > 20 && outside.length === 0, `every request is a route of /openapi.json (${requested.size} distinct); not: ${outside.join(", ")}`);
}

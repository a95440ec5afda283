// The shell of the web UI: the first load with its caching headers, the navigation, dev mode, keyboard
// shortcuts, the dark theme and a phone-width screen.
import { base, timings, check, page, step, go, text, shot } from "./ui_harness.mjs";

const PAGES = [
  ["#/sql", ".cm-content"],
  ["#/explore", "#datasets a.card"],
  ["#/explore/sotu", "#sample .grid [role=gridcell]"],
  ["#/search", "#query"],
  ["#/indexes", ".index .freshness"],
  ["#/ingest", "#file"],
  ["#/system", "#buckets table"],
  ["#/ask", "#question"],
];

// Each page's content fits the viewport's width (`where` names it).
async function checkNoSidewaysScroll(where) {
  for (const [hash, selector] of PAGES) {
    await go(hash, selector);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    check(overflow <= 0, `${hash}: no horizontal overflow at ${where} (${overflow}px)`);
  }
}

export async function firstLoadStep() {
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
}

export async function keyboardStep() {
  await step("keyboard: Alt+2 opens Explore", async () => {
    await page.click("h1");
    await page.keyboard.down("Alt");
    await page.keyboard.press("2");
    await page.keyboard.up("Alt");
    await page.waitForFunction(() => location.hash === "#/explore");
  });
}

export async function darkAndPhoneStep() {
  await step("dark theme and phone width", async () => {
    // Light by default, and every page fits 1280×800 without scrolling sideways.
    check((await page.evaluate(() => getComputedStyle(document.body).backgroundColor)) === "rgb(255, 255, 255)", "a light background");
    await checkNoSidewaysScroll("1280×800");
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
    await checkNoSidewaysScroll("phone width");
  });
}

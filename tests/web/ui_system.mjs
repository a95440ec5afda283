// The System page in the browser: health, buckets, caches, request charts and the configuration.
import { check, page, step, go, text, shot } from "./ui_harness.mjs";

export async function systemSteps() {
  await step("System: health, buckets, caches, request charts", async () => {
    await go("#/system", "#health");
    check((await text("#health")).includes("ok"), "health ok");
    await page.waitForSelector("#buckets table");
    await page.waitForSelector("#caches");
    await page.waitForFunction(() => /requests served/.test(document.querySelector("#metrics-total")?.textContent || ""));
    check((await page.$$eval(".chart canvas", (c) => c.length)) === 2, "two charts");
    await page.waitForSelector("#config table");
    const config = await text("#config");
    check(config.includes("sql.query_timeout_ms") && config.includes("server.api_keys"), "the effective configuration");
    await shot("system");
  });
}

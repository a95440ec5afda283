// The System page in the browser: health, buckets, caches, request charts and the configuration.
import { apiCall, check, page, step, go, text, shot } from "./ui_harness.mjs";

export async function systemSteps() {
  await step("System: health, buckets, caches, request charts", async () => {
    await go("#/system", "#health");
    check((await text("#health")).includes("ok"), "health ok");
    await page.waitForSelector("#buckets table");
    await page.waitForSelector("#caches");
    await page.waitForFunction(() => /requests served/.test(document.querySelector("#metrics-total")?.textContent || ""));
    check((await page.$$eval(".chart canvas", (c) => c.length)) === 2, "two charts");
    // Health, readiness and version are the server's.
    const [health, ready] = [(await apiCall("GET", "/health")).body, (await apiCall("GET", "/ready")).body];
    const shownHealth = await text("#health");
    check(shownHealth.includes(`${health.status} · ${ready.status}`) && shownHealth.includes("Version" + health.version) && shownHealth.includes("DuckDB" + health.duckdb_version), `health, readiness, version (${shownHealth} vs ${JSON.stringify([health, ready])})`);
    // Every bucket with its health; the error journal.
    const [buckets, bucketHealth, errors] = [(await apiCall("GET", "/storage/buckets")).body, (await apiCall("GET", "/storage/bucket-health")).body, (await apiCall("GET", "/storage/errors")).body];
    const rows = await page.$$eval("#buckets > .table-wrap:first-child tbody tr", (rs) => rs.map((r) => [...r.cells].map((c) => c.textContent)));
    check(rows.length === buckets.buckets.length && buckets.buckets.length > 0, `a row per bucket: ${JSON.stringify(rows)}`);
    for (const b of bucketHealth.buckets) check(rows.some((r) => r[0] === b.bucket && r[4] === (b.reachable ? "yes" : "no")), `${b.bucket}'s health: ${JSON.stringify(rows)}`);
    check((await text("#buckets h3")) === "Error journal", "the error journal");
    const journal = await page.$$eval("#buckets h3 ~ .table-wrap tbody tr", (rs) => rs.length);
    check(journal === Math.min(20, errors.errors.length) && (errors.errors.length > 0 || (await text("#buckets")).includes("No storage errors.")), `the journal's entries: ${journal} vs ${errors.errors.length}`);
    // The caches: the result cache's state and the hot cache's datasets are the server's.
    const cache = (await apiCall("GET", "/query/cache/stats")).body;
    const caches = await text("#caches");
    check(caches.includes(`${cache.datasets.length} datasets`) && caches.includes(`Result cache${cache.result_cache.enabled ? "on" : "off"}:`) && /hits \/ [\d,]+ misses/.test(caches), `the caches (${caches} vs ${JSON.stringify(cache)})`);
    // The request figures are sampled live: the page's own /metrics requests make the count grow.
    const served = async () => Number(/^([\d,]+) requests served/.exec(await text("#metrics-total"))[1].replaceAll(",", ""));
    const before = await served();
    await page.waitForFunction((n) => Number(/^([\d,]+) requests served/.exec(document.querySelector("#metrics-total").textContent)[1].replaceAll(",", "")) > n, { timeout: 30000 }, before);
    check((await served()) > before, "the request count is live");
    await page.waitForSelector("#config table");
    const config = await text("#config");
    check(config.includes("sql.query_timeout_ms") && config.includes("server.api_keys"), "the effective configuration");
    await shot("system");
  });
}

// The Indexes & Jobs page in the browser: a stale index refreshed with its job's bar reaching
// 100 %, the measured recall, a cron policy with its next run, and a running job's rate and ETA
// before it is cancelled from the page.
import { apiCall, check, page, step, go, text, shot } from "./ui_harness.mjs";

// The index card's freshness against GET /vectors/indexes/sotu_idx/freshness (`f`): versions and
// lag, pending rows, coverage.
async function checkFreshness(f) {
  await page.waitForFunction(
    (lag) => document.querySelector('.index[data-index="sotu_idx"] .freshness')?.textContent.includes(`lag ${lag})`),
    {},
    f.lag_versions,
  );
  const shown = await text('.index[data-index="sotu_idx"] .freshness');
  const n = (x) => x.toLocaleString("en-US");
  check(shown.includes(`built from v${f.built_from_version}, dataset at v${f.dataset_version}, lag ${f.lag_versions})`), "versions and lag: " + shown);
  check(shown.includes(`Pending rows${n(f.pending_rows_estimate)}`), "pending rows: " + shown);
  const pct = (f.coverage.fraction * 100).toFixed(1);
  check(shown.includes(`Coverage${n(f.coverage.rows_embedded)} of ${n(f.coverage.dataset_rows)} rows (${pct} %)`), "coverage: " + shown);
}

// What a job's row shows, read at one moment (`at`, ms since the epoch).
const jobRow = (id) =>
  page.$eval(`#jobs tr[data-job="${id}"]`, (tr) => ({
    state: tr.dataset.state,
    bar: tr.querySelector("[role=progressbar]").getAttribute("aria-valuenow"),
    counts: tr.querySelector(".progress-cell small").textContent.trim(),
    rate: tr.querySelector("td.rate").textContent.trim(),
    eta: tr.querySelector("td.eta").textContent.trim(),
    cancel: !!tr.querySelector("button"),
    at: Date.now(),
  }));

// The page's duration text back to seconds ("4.0 s", "12 s", "2 min 3 s", "1 h 5 min"); null
// for anything else.
function durationSeconds(t) {
  const m = /^(?:(\d+) h)? ?(?:(\d+) min)? ?(?:(\d+(?:\.\d)?) s)?$/.exec(t);
  if (!m || !(m[1] || m[2] || m[3])) return null;
  return Number(m[1] || 0) * 3600 + Number(m[2] || 0) * 60 + Number(m[3] || 0);
}

// A running job's row against its real progress: the bar is done / total, the rate is the
// documents done over the seconds since the job started (the row is a poll at most 15 s old),
// and the ETA is the documents left at that rate.
function checkRunningRow(row, startedAt) {
  const counts = /^([\d,]+) \/ ([\d,]+) documents$/.exec(row.counts);
  check(counts, "done / total documents: " + JSON.stringify(row));
  const [done, total] = [Number(counts[1].replaceAll(",", "")), Number(counts[2].replaceAll(",", ""))];
  check(done > 0 && done < total, "part-way: " + JSON.stringify(row));
  check(Number(row.bar) === Math.round((100 * done) / total), "the bar is done / total: " + JSON.stringify(row));
  const rate = /^([\d.,]+) documents\/s$/.exec(row.rate);
  check(rate && Number(rate[1].replaceAll(",", "")) > 0, "a rate above 0: " + JSON.stringify(row));
  const shown = Number(rate[1].replaceAll(",", ""));
  const elapsed = (row.at - startedAt) / 1000;
  check(shown >= (done / elapsed) * 0.98 && shown <= (done / Math.max(elapsed - 15, 1)) * 1.02, `the rate is the job's: ${shown} for ${done} documents in ${elapsed.toFixed(1)} s`);
  const eta = durationSeconds(row.eta);
  const expected = (total - done) / shown;
  check(eta != null && Math.abs(eta - expected) <= Math.max(2, expected * 0.02) + (eta >= 3600 ? 60 : 0), `the ETA is the documents left at that rate: ${row.eta} for ${expected.toFixed(1)} s (${JSON.stringify(row)})`);
  return done;
}

export async function indexesSteps() {
  await step("Indexes & Jobs: stale index, Refresh, the job's bar reaches 100 %", async () => {
    await go("#/indexes", '.index[data-index="sotu_idx"] .freshness');
    await page.waitForFunction(() => document.querySelector(".freshness .stale")?.textContent.includes("stale since"));
    // Lag, pending rows and coverage are the server's (nothing changes the data meanwhile).
    const stale = (await apiCall("GET", "/vectors/indexes/sotu_idx/freshness")).body;
    await checkFreshness(stale);
    check(stale.lag_versions >= 1 && stale.pending_rows_estimate > 0 && stale.coverage.rows_embedded < stale.coverage.dataset_rows, "stale: " + JSON.stringify(stale));
    await page.click('.index[data-index="sotu_idx"] button.refresh');
    await page.waitForSelector("#jobs tr[data-state]");
    // The newest refresh job of the index: wait until it succeeded with its bar full.
    await page.waitForFunction(
      () => {
        const row = [...document.querySelectorAll("#jobs tbody tr")].find((r) => r.textContent.includes("sotu"));
        return row?.dataset.state === "succeeded" && row.querySelector("[role=progressbar]").getAttribute("aria-valuenow") === "100";
      },
      { timeout: 240000 },
    );
    // A finished job has no rate and no ETA (GET /jobs gives them while a job runs).
    const finished = await page.$$eval("#jobs tbody tr", (rs) => rs.find((r) => r.textContent.includes("sotu")).dataset.job);
    const done = await jobRow(finished);
    check(done.state === "succeeded" && done.rate === "—" && done.eta === "—" && !done.cancel, "a finished job: no rate, no ETA, no Cancel: " + JSON.stringify(done));
    await page.waitForFunction(() => document.querySelector(".freshness .fresh")?.textContent.includes("up to date"), { timeout: 60000 });
    const fresh = (await apiCall("GET", "/vectors/indexes/sotu_idx/freshness")).body;
    check(fresh.lag_versions === 0 && fresh.pending_rows_estimate === 0 && fresh.coverage.fraction === 1, "caught up: " + JSON.stringify(fresh));
    await checkFreshness(fresh);
    // The page shows the recall measured after the refresh and its target; an HNSW graph's recall
    // varies from build to build (0.950–1.000 here), so the page must show one that meets the target.
    const card = await text('.index[data-index="sotu_idx"]');
    const recall = /Recall\s*(\d\.\d{3}) @10 \(target (\d\.\d+)/.exec(card);
    check(recall && Number(recall[1]) >= Number(recall[2]), "the measured recall meets its target: " + card);
    await shot("indexes");
  });

  await step("Indexes: a cron policy shows its next run", async () => {
    const card = '.index[data-index="sotu_idx"]';
    await page.select(`${card} select[aria-label="refresh policy"]`, "scheduled");
    await page.waitForSelector(`${card} input.cron`);
    // Replace the text as a user does (select it, type over it): clearing `value` from script
    // skips the input event, so a re-render (the jobs poll sees the refresh's compaction finish)
    // put the old cron back in front of the typed one.
    await page.click(`${card} input.cron`, { clickCount: 3 });
    await page.type(`${card} input.cron`, "0 3 * * *");
    await page.waitForFunction((sel) => document.querySelector(sel)?.value === "0 3 * * *", {}, `${card} input.cron`);
    await page.click(`${card} .policy button[type=submit]`);
    await page.waitForSelector(`${card} .next-run`);
  });

  await step("Jobs: a failed job shows its error", async () => {
    // A pull from a database nobody listens for (the API call any client makes): a job that fails.
    const pulled = await apiCall("POST", "/ingest/db", { dsn: "postgresql://nobody@127.0.0.1:1/none", table: "t", dataset: "never_pulled" });
    check(pulled.status === 202, "the pull runs as a job: " + JSON.stringify(pulled));
    const row = `#jobs tr[data-job="${pulled.body.job_id}"]`;
    await page.waitForSelector(`${row}[data-state="failed"] .error-text`, { timeout: 120000 });
    check((await text(`${row} .error-text`)).includes("cannot connect to PostgreSQL at 127.0.0.1:1"), "the job's error: " + (await text(row)));
    const failed = await jobRow(pulled.body.job_id);
    check(failed.rate === "—" && failed.eta === "—" && !failed.cancel, "a failed job: no rate, no ETA, no Cancel: " + JSON.stringify(failed));
  });
}

export async function jobCancelStep() {
  await step("Jobs: a running index build is cancelled from the page", async () => {
    // A second index of sotu, built as a job (the API call any client makes), then cancelled here.
    // With use-lite-v1 the build takes minutes, so it is still running when the click lands even
    // on a loaded machine (with hash-v1 it could finish first, and "cancelled" never came).
    const started = await page.evaluate(async () => {
      const r = await fetch("/vectors/index", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ index_name: "sotu_cancel_idx", dataset: "sotu", id_column: "id", text_column: "text", chunk_size: 200, overlap: 0, model: "builtin/use-lite-v1" }),
      });
      return { status: r.status, body: await r.json() };
    });
    check(started.status === 202, "the build runs as a job: " + JSON.stringify(started));
    await go("#/indexes", `#jobs tr[data-job="${started.body.job_id}"]`);
    const id = started.body.job_id;
    const row = `#jobs tr[data-job="${id}"]`;
    // Live rate and ETA: once the first batch is embedded (2,048 chunks), the row shows them; they
    // and the bar follow the job as it goes on, the page never reloaded.
    await page.waitForFunction((r) => document.querySelector(`${r} td.rate`)?.textContent.includes("/s"), { timeout: 300000 }, row);
    const job = await apiCall("GET", `/jobs/${id}`);
    const startedAt = Date.parse(job.body.started_at);
    const first = checkRunningRow(await jobRow(id), startedAt);
    await page.waitForFunction(
      (r, before) => {
        const counts = document.querySelector(`${r} .progress-cell small`)?.textContent || "";
        return Number(counts.split(" / ")[0].replaceAll(",", "")) > before;
      },
      { timeout: 300000 },
      row,
      first,
    );
    checkRunningRow(await jobRow(id), startedAt);
    await page.click(`${row} button`);
    await page.waitForSelector(`${row}[data-state="cancelled"]`, { timeout: 120000 });
    const cancelled = await jobRow(id);
    check(cancelled.rate === "—" && cancelled.eta === "—" && !cancelled.cancel, "a cancelled job: no rate, no ETA, no Cancel: " + JSON.stringify(cancelled));
  });
}

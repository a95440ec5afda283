// Indexes & Jobs: every vector index with its freshness (stale since, lag, pending rows,
// coverage), refresh policy (editable: manual, on_append, scheduled with a cron; the next run
// shown), measured recall and a Refresh button; the jobs with live progress bars, rate, ETA,
// cancel and errors (polled once a second while any job runs). Rate and ETA are the server's
// (GET /jobs: units per second over the current run, seconds left at that rate); a job that is
// not running has neither, and shows "—".
import { html, useRef, useState } from "../vendor/preact-htm.js";
import { get, patch, post } from "../api.js";
import { ErrorBox, Progress, fmtDuration, fmtInt, fmtRate, fmtTime, useInterval, useLoad } from "../ui.js";

function PolicyEditor({ index, onSaved }) {
  const p = index.refresh_policy;
  const [mode, setMode] = useState(p.mode);
  const [cron, setCron] = useState(p.cron || "0 * * * *");
  const [error, setError] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      const policy = mode === "scheduled" ? { mode, cron } : { mode };
      await patch(`/vectors/indexes/${encodeURIComponent(index.index_name)}`, { refresh_policy: policy });
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  return html`<form class="policy" onSubmit=${save}>
    <select aria-label="refresh policy" value=${mode} onChange=${(e) => setMode(e.currentTarget.value)}>
      <option value="manual">manual</option><option value="on_append">on_append</option><option value="scheduled">scheduled (cron)</option>
    </select>
    ${mode === "scheduled" && html`<input aria-label="cron" class="cron" value=${cron} onInput=${(e) => setCron(e.currentTarget.value)} />`}
    <button type="submit">Save policy</button>
    <${ErrorBox} error=${error} />
  </form>`;
}

function IndexCard({ index, onChanged }) {
  const { data: f, error, reload } = useLoad(() => get(`/vectors/indexes/${encodeURIComponent(index.index_name)}/freshness`), [index]);
  // A stale or refreshing index is watched until it has caught up.
  useInterval(() => (f?.stale || f?.refresh_running) && reload(), 3000);
  const [refreshError, setRefreshError] = useState(null);
  const refresh = async () => {
    setRefreshError(null);
    try {
      await post(`/vectors/refresh/${encodeURIComponent(index.dataset)}`, { index_name: index.index_name });
      onChanged();
      reload();
    } catch (err) {
      setRefreshError(err);
    }
  };
  const r = index.recall;
  return html`<article class="card index" data-index=${index.index_name}>
    <h3>${index.index_name} <span class="muted">on ${index.dataset}</span> <span class="tag">${index.status}</span></h3>
    <p>${fmtInt(index.doc_count)} documents · ${fmtInt(index.chunk_count)} chunks · ${index.model} (${index.dimensions} d, ${index.metric})</p>
    <${ErrorBox} error=${error} />
    ${f &&
    html`<dl class="meta freshness">
      <dt>Freshness</dt><dd class=${f.stale ? "stale" : "fresh"}>${f.stale ? "stale since " + fmtTime(f.stale_since) : "up to date"}${" "}
        (built from v${f.built_from_version}, dataset at v${f.dataset_version}, lag ${f.lag_versions})</dd>
      <dt>Pending rows</dt><dd>${fmtInt(f.pending_rows_estimate)}</dd>
      <dt>Coverage</dt><dd>${fmtInt(f.coverage.rows_embedded)} of ${fmtInt(f.coverage.dataset_rows)} rows${" "}
        ${f.coverage.fraction != null ? `(${(f.coverage.fraction * 100).toFixed(1)} %)` : ""}</dd>
      <dt>Policy</dt><dd>${f.policy}${f.next_scheduled_run ? html` · next run <span class="next-run">${fmtTime(f.next_scheduled_run)}</span>` : ""}</dd>
      ${f.last_error && html`<dt>Last error</dt><dd class="error-text">${f.last_error}</dd>`}
    </dl>`}
    <dl class="meta">
      <dt>Recall</dt><dd>${r.measured == null ? "not measured" : `${r.measured.toFixed(3)} @${r.k} (target ${r.target}, ef_search ${r.ef_search}, ${r.strategy})`}</dd>
      <dt>Last embedded</dt><dd>${fmtTime(index.last_embedded_at)}</dd>
    </dl>
    <${PolicyEditor} index=${index} onSaved=${() => (onChanged(), reload())} />
    <button class="primary refresh" onClick=${refresh}>Refresh</button>
    <${ErrorBox} error=${refreshError} />
  </article>`;
}

function JobRow({ job, onCancel }) {
  const p = job.progress;
  const running = job.state === "running" || job.state === "queued";
  return html`<tr data-job=${job.job_id} data-state=${job.state}>
    <td><code>${job.job_id.slice(0, 12)}</code></td>
    <td>${job.kind}</td>
    <td>${job.target}</td>
    <td><span class=${"tag state-" + job.state}>${job.state}</span></td>
    <td class="progress-cell"><${Progress} fraction=${job.state === "succeeded" ? 1 : p.fraction} label=${"job " + job.job_id} />
      <small>${fmtInt(p.done)}${p.total != null ? " / " + fmtInt(p.total) : ""} ${p.unit}</small></td>
    <td class="rate">${p.rate_per_s != null ? fmtRate(p.rate_per_s) + " " + p.unit + "/s" : "—"}</td>
    <td class="eta">${running ? fmtDuration(p.eta_s) : "—"}</td>
    <td>${job.error ? html`<span class="error-text">${job.error}</span>` : job.message}</td>
    <td>${running && !job.cancel_requested && html`<button onClick=${() => onCancel(job.job_id)}>Cancel</button>`}</td>
  </tr>`;
}

const isActive = (j) => j.state === "running" || j.state === "queued";

// onFinished is called when a job has ended since the last poll (the indexes then change).
function Jobs({ tick, onFinished }) {
  const [jobs, setJobs] = useState(null);
  const [error, setError] = useState(null);
  const states = useRef(null); // job id → state at the last poll
  const load = () =>
    get("/jobs?limit=30").then((r) => {
      const before = states.current;
      const ended = before && r.jobs.some((j) => !isActive(j) && before.get(j.job_id) !== j.state);
      states.current = new Map(r.jobs.map((j) => [j.job_id, j.state]));
      setJobs(r.jobs);
      setError(null);
      if (ended) onFinished();
    }, setError);
  const active = jobs?.some(isActive);
  useInterval(load, active || tick ? 1000 : 5000);
  const cancel = (id) => post(`/jobs/${encodeURIComponent(id)}/cancel`).then(load, setError);
  return html`<section>
    <h2>Jobs</h2>
    <${ErrorBox} error=${error} />
    ${jobs &&
    html`<div class="table-wrap"><table id="jobs">
      <thead><tr><th>job</th><th>kind</th><th>target</th><th>state</th><th>progress</th><th>rate</th><th>ETA</th><th>message</th><th></th></tr></thead>
      <tbody>${jobs.map((j) => html`<${JobRow} job=${j} onCancel=${cancel} key=${j.job_id} />`)}</tbody>
    </table></div>`}
    ${jobs && !jobs.length && html`<p>No jobs yet.</p>`}
  </section>`;
}

export function IndexesPage() {
  const { data, error, reload } = useLoad(() => get("/vectors/indexes"));
  const [tick, setTick] = useState(0);
  const changed = () => (setTick(tick + 1), reload());
  return html`<div>
    <h2>Indexes</h2>
    <${ErrorBox} error=${error} />
    ${data && !data.indexes.length && html`<p>No vector index yet.</p>`}
    <div class="index-list">${data?.indexes.map((i) => html`<${IndexCard} index=${i} onChanged=${changed} key=${i.index_name} />`)}</div>
    <${Jobs} tick=${tick} onFinished=${reload} />
  </div>`;
}

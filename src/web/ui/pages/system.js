// System: health and readiness, version, buckets with their health and the error journal, the
// hot cache and the result cache, catalog totals, and request-rate and latency charts sampled
// from /metrics (Prometheus text) every few seconds while the page is open, and for admins the
// server's effective configuration (GET /system/config, secrets redacted by the server).
import { html, useEffect, useRef, useState } from "../vendor/preact-htm.js";
import uPlot from "../vendor/uPlot.esm.js";
import { fetchRaw, get } from "../api.js";
import { ErrorBox, Table, fmtBytes, fmtInt, fmtTime, useInterval, useLoad } from "../ui.js";

// Totals across routes: requests and the latency histogram's sum and count.
export function parseMetrics(text) {
  let requests = 0;
  let sum = 0;
  let count = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || !line.trim()) continue;
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (line.startsWith("lakehouse_http_requests_total")) requests += value;
    else if (line.startsWith("lakehouse_http_request_duration_seconds_sum")) sum += value;
    else if (line.startsWith("lakehouse_http_request_duration_seconds_count")) count += value;
  }
  return { requests, sum, count };
}

function Chart({ title, series, unit }) {
  const host = useRef(null);
  const plot = useRef(null);
  useEffect(() => {
    const width = Math.max(260, Math.min(560, host.current.clientWidth || 400));
    plot.current = new uPlot(
      { title, width, height: 180, scales: { x: { time: true } }, series: [{}, { label: unit, stroke: "#3b82f6", width: 2 }], axes: [{ stroke: "currentColor" }, { stroke: "currentColor" }] },
      [[], []],
      host.current,
    );
    return () => plot.current.destroy();
  }, []);
  useEffect(() => {
    plot.current?.setData([series.map((p) => p[0]), series.map((p) => p[1])]);
  }, [series]);
  return html`<div class="chart" ref=${host}></div>`;
}

function Metrics() {
  const [samples, setSamples] = useState([]);
  const [error, setError] = useState(null);
  const sample = async () => {
    try {
      const text = await (await fetchRaw("GET", "/metrics", undefined, "text/plain")).text();
      setSamples((s) => [...s.slice(-59), { t: Date.now() / 1000, ...parseMetrics(text) }]);
    } catch (e) {
      setError(e);
    }
  };
  useInterval(sample, 3000);
  const rate = [];
  const latency = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    const dt = b.t - a.t;
    rate.push([b.t, (b.requests - a.requests) / dt]);
    const n = b.count - a.count;
    latency.push([b.t, n > 0 ? ((b.sum - a.sum) / n) * 1000 : 0]);
  }
  const last = samples[samples.length - 1];
  return html`<section>
    <h2>Requests</h2>
    <${ErrorBox} error=${error} />
    <p id="metrics-total">${last ? `${fmtInt(last.requests)} requests served, mean latency ${last.count ? ((last.sum / last.count) * 1000).toFixed(2) : "—"} ms` : "sampling…"}</p>
    <div class="charts">
      <${Chart} title="requests / s" unit="req/s" series=${rate} />
      <${Chart} title="mean latency (ms)" unit="ms" series=${latency} />
    </div>
  </section>`;
}

function Block({ title, load, render }) {
  const { data, error } = useLoad(load);
  return html`<section class="card">
    <h2>${title}</h2>
    <${ErrorBox} error=${error} />
    ${data ? render(data) : !error && html`<p>Loading…</p>`}
  </section>`;
}

// {"sql": {"threads": 0}} → [["sql.threads", "0"]]; lists and tables of lists as JSON.
export function flattenConfig(value, prefix = "") {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [[prefix, typeof value === "string" ? value : JSON.stringify(value)]];
  return Object.entries(value).flatMap(([k, v]) => flattenConfig(v, prefix ? prefix + "." + k : k));
}

function Config({ who }) {
  if (!who?.admin) return html`<p class="muted">The server's configuration is shown to admins only.</p>`;
  return html`<${Block} title="Configuration" load=${() => get("/system/config")}
    render=${(c) => html`<div id="config">
      <p class="muted">Effective values (defaults, file, environment, flags); ${c.redacted.join(", ")} and credentials in URLs are redacted.</p>
      <${Table} columns=${["key", "value"]} rows=${flattenConfig(c.config).map(([k, v]) => [html`<code>${k}</code>`, v])} />
    </div>`} />`;
}

export function SystemPage({ who }) {
  return html`<div class="system">
    <div class="cards-grid">
      <${Block} title="Health" load=${() => Promise.all([get("/health"), get("/ready")])}
        render=${([h, r]) => html`<dl class="meta" id="health">
          <dt>Status</dt><dd><span class="tag state-succeeded">${h.status}</span> · ${r.status}</dd>
          <dt>Version</dt><dd>${h.version}</dd><dt>DuckDB</dt><dd>${h.duckdb_version}</dd></dl>`} />
      <${Block} title="Catalog" load=${() => get("/catalog/stats")}
        render=${(s) => html`<dl class="meta"><dt>Datasets</dt><dd>${fmtInt(s.datasets)}</dd>
          <dt>Rows</dt><dd>${fmtInt(s.total_rows)}</dd><dt>Bytes</dt><dd>${fmtBytes(s.total_bytes)}</dd>
          <dt>Versions</dt><dd>${fmtInt(s.versions)}</dd><dt>Live files</dt><dd>${fmtInt(s.live_files)}</dd></dl>`} />
      <${Block} title="Caches" load=${() => get("/query/cache/stats")}
        render=${(c) => html`<dl class="meta" id="caches">
          <dt>Hot cache</dt><dd>${fmtBytes(c.bytes)} of ${fmtBytes(c.budget_bytes)}, ${c.datasets.length} datasets, ${fmtInt(c.hits)} hits / ${fmtInt(c.misses)} misses</dd>
          <dt>Result cache</dt><dd>${c.result_cache.enabled ? "on" : "off"}: ${fmtInt(c.result_cache.entries)} entries, ${fmtBytes(c.result_cache.bytes)},
            ${fmtInt(c.result_cache.hits)} hits / ${fmtInt(c.result_cache.misses)} misses</dd></dl>`} />
    </div>
    <${Block} title="Buckets" load=${() => Promise.all([get("/storage/buckets"), get("/storage/bucket-health"), get("/storage/errors")])}
      render=${([b, h, e]) => {
        const health = Object.fromEntries(h.buckets.map((x) => [x.bucket, x]));
        return html`<div id="buckets">
          <${Table} columns=${["bucket", "backend", "root", "role", "reachable", "free"]}
            rows=${b.buckets.map((x) => [x.name, x.backend, x.root, x.is_primary ? "primary" : x.is_rescue ? "rescue" : x.source,
              health[x.name] ? (health[x.name].reachable ? "yes" : html`<span class="error-text">no</span>`) : "—",
              health[x.name] ? fmtBytes(health[x.name].free_bytes) : "—"])} />
          <h3>Error journal</h3>
          ${e.errors.length ? html`<${Table} columns=${["when", "bucket", "error"]}
            rows=${e.errors.slice(0, 20).map((x) => [fmtTime(x.at || x.created_at), x.bucket || "", x.message || JSON.stringify(x)])} />`
          : html`<p class="muted">No storage errors.</p>`}
        </div>`;
      }} />
    <${Metrics} />
    <${Config} who=${who} />
  </div>`;
}

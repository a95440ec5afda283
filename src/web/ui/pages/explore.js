// Explore: datasets with search and tags; a dataset's schema (types, PII kind and confidence,
// sensitivity, masking), description/owner/tags editable in place, lineage, the version timeline, a sample
// of rows and column profiles (DuckDB's SUMMARIZE) with each column's distribution, and a lineage
// graph (sources → dataset → indexes and views).
import { html, useState } from "../vendor/preact-htm.js";
import { get, patch, post, quoteIdent } from "../api.js";
import { ErrorBox, Table, VirtualGrid, fmtBytes, fmtInt, fmtTime, useLoad } from "../ui.js";
import { Distribution } from "./distribution.js";
import { Lineage } from "./lineage.js";

function DatasetList() {
  const { data, error } = useLoad(() => get("/catalog/datasets"));
  const [filter, setFilter] = useState("");
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<p>Loading…</p>`;
  const f = filter.toLowerCase();
  const shown = data.datasets.filter(
    (d) => !f || d.name.toLowerCase().includes(f) || d.description.toLowerCase().includes(f) || d.tags.some((t) => t.toLowerCase().includes(f)),
  );
  return html`<div>
    <input type="search" placeholder="Filter by name, description or tag" aria-label="filter datasets"
      value=${filter} onInput=${(e) => setFilter(e.currentTarget.value)} />
    ${data.datasets.length === 0 && html`<p>No datasets yet: <a href="#/ingest">ingest a file</a>.</p>`}
    <ul class="cards" id="datasets">
      ${shown.map(
        (d) => html`<li><a class="card" href=${"#/explore/" + encodeURIComponent(d.name)}>
          <strong>${d.name}</strong>
          <span>${fmtInt(d.row_count)} rows · ${d.columns.length} columns · ${fmtBytes(d.size_bytes)} · v${d.current_version}</span>
          <span class="muted">${d.description}</span>
          <span>${d.tags.map((t) => html`<span class="tag">${t}</span>`)}
            <span class=${"tag sens-" + d.sensitivity}>${d.sensitivity}</span></span>
        </a></li>`,
      )}
    </ul>
  </div>`;
}

function Metadata({ d, onSaved }) {
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState({ description: d.description, owner: d.owner, tags: d.tags.join(", ") });
  const [error, setError] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    try {
      const tags = form.tags.split(",").map((t) => t.trim()).filter(Boolean);
      await patch(`/catalog/datasets/by-name/${encodeURIComponent(d.name)}/metadata`, { description: form.description, owner: form.owner, tags });
      setEditing(false);
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  if (!editing)
    return html`<dl class="meta">
      <dt>Description</dt><dd>${d.description || html`<span class="muted">none</span>`}</dd>
      <dt>Owner</dt><dd>${d.owner || html`<span class="muted">none</span>`}</dd>
      <dt>Tags</dt><dd>${d.tags.map((t) => html`<span class="tag">${t}</span>`)}</dd>
      <dt>Sensitivity</dt><dd><span class=${"tag sens-" + d.sensitivity}>${d.sensitivity}</span></dd>
      <dt>Rows</dt><dd>${fmtInt(d.row_count)} (${fmtBytes(d.size_bytes)}), version ${d.current_version}</dd>
      <dt>Primary key</dt><dd>${(d.primary_key || []).join(", ") || "—"}</dd>
      <dt>Lineage</dt><dd>${d.lineage.source_system} ${d.lineage.source_uri}
        ${d.lineage.parent_datasets.length ? " ← " + d.lineage.parent_datasets.join(", ") : ""}</dd>
      <dt>Vector indexes</dt><dd>${(d.vector_indexes || []).join(", ") || "—"}</dd>
      <dd><button onClick=${() => setEditing(true)}>Edit description, owner, tags</button></dd>
    </dl>`;
  const field = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });
  return html`<form class="meta-form" onSubmit=${save}>
    <label>Description <textarea value=${form.description} onInput=${field("description")}></textarea></label>
    <label>Owner <input value=${form.owner} onInput=${field("owner")} /></label>
    <label>Tags (comma-separated) <input value=${form.tags} onInput=${field("tags")} /></label>
    <button class="primary" type="submit">Save</button>
    <button type="button" onClick=${() => setEditing(false)}>Cancel</button>
    <${ErrorBox} error=${error} />
  </form>`;
}

function Versions({ name }) {
  const { data, error } = useLoad(() => get(`/catalog/datasets/by-name/${encodeURIComponent(name)}/versions`), [name]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<p>Loading…</p>`;
  return html`<ol class="timeline" id="versions">
    ${[...data.versions].reverse().map(
      (v) => html`<li>
        <strong>v${v.version}</strong> ${v.operation} <span class="muted">${fmtTime(v.committed_at)} by ${v.actor}</span>
        <span>+${fmtInt(v.rows_added)} / −${fmtInt(v.rows_removed)} rows</span>
        ${v.detail?.schema_diff &&
        (v.detail.schema_diff.added?.length || v.detail.schema_diff.removed?.length) &&
        html`<span class="tag">schema: +${v.detail.schema_diff.added.length} −${v.detail.schema_diff.removed.length} columns</span>`}
      </li>`,
    )}
  </ol>`;
}

const SAMPLE_COLUMNS = 40; // a wide dataset's sample shows its first columns (SQL shows all)

function Sample({ name, columns }) {
  const shown = columns.slice(0, SAMPLE_COLUMNS).map((c) => quoteIdent(c.name)).join(", ") || "*";
  const { data, error } = useLoad(() => post("/query/sql", { sql: `SELECT ${shown} FROM ${quoteIdent(name)} LIMIT 50` }), [name]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<p>Loading…</p>`;
  return html`<div id="sample">
    ${columns.length > SAMPLE_COLUMNS && html`<p class="muted">The first ${SAMPLE_COLUMNS} of ${fmtInt(columns.length)} columns.</p>`}
    <${VirtualGrid} columns=${data.columns} rows=${data.rows} height=${300} />
  </div>`;
}

function Profiles({ name }) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const load = () => post("/query/sql", { sql: `SUMMARIZE SELECT * FROM ${quoteIdent(name)}` }).then(setData, setError);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<button id="profile" onClick=${load}>Profile columns</button>`;
  const at = (n) => data.columns.findIndex((c) => c.name === n);
  const cols = ["column_name", "column_type", "min", "max", "approx_unique", "null_percentage"].map(at);
  // Distributions of the first columns only: one query each.
  const rows = data.rows.map((r, n) => [
    ...cols.map((i) => (i < 0 ? "" : String(r[i] ?? "").slice(0, 40))),
    n < SAMPLE_COLUMNS ? html`<${Distribution} dataset=${name} column=${r[cols[0]]} type=${r[cols[1]]} />` : "",
  ]);
  return html`<div id="profiles"><${Table} columns=${["column", "type", "min", "max", "≈ distinct", "nulls %", "distribution"]}
    rows=${rows} /></div>`;
}

// A summary written by the configured text generator from the schema and a few rows.
function AiSummary({ d }) {
  const [summary, setSummary] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const write = async () => {
    setBusy(true);
    setError(null);
    try {
      const cols = d.columns.slice(0, 60).map((c) => c.name);
      const sample = await post("/query/sql", { sql: `SELECT ${cols.map(quoteIdent).join(", ")} FROM ${quoteIdent(d.name)} LIMIT 5` });
      const rows = sample.rows.map((r) => JSON.stringify(r).slice(0, 600)).join("\n");
      const g = await post("/ai/generate", {
        system: "Describe this dataset for a data catalog in three sentences: what one row is, the main columns, what it is useful for.",
        prompt: `Dataset ${d.name} (${d.row_count} rows). Columns: ${d.columns.map((c) => `${c.name} ${c.type}`).slice(0, 60).join(", ")}.\nSample rows:\n${rows}`,
        temperature: 0,
      });
      setSummary(g);
    } catch (e) {
      setError(e.code === "FAILED_PRECONDITION" ? { ...e, message: "No text generator is configured, so there is no AI summary." } : e);
    } finally {
      setBusy(false);
    }
  };
  return html`<div id="ai-summary">
    ${summary ? html`<p class="notice">${summary.text} <span class="muted">(${summary.model})</span></p>`
      : html`<button onClick=${write} disabled=${busy}>Summarize with AI</button>`}
    <${ErrorBox} error=${error} />
  </div>`;
}

// How each column is masked for callers above its clearance: the admin's per-column overrides
// (GET /access/column-policies), else the default (NULL). Only admins may read the overrides.
function maskingOf(policies, column) {
  const p = policies?.find((x) => x.column === column);
  if (!p) return policies ? html`<span class="muted">default</span>` : "";
  const kept = p.redaction === "mask" && (p.keep_prefix || p.keep_suffix) ? ` (keeps ${p.keep_prefix}+${p.keep_suffix})` : "";
  return html`<span class="tag masking">${p.redaction}${kept}</span>`;
}

function Dataset({ name, who }) {
  const { data: d, error, reload } = useLoad(() => get(`/catalog/datasets/by-name/${encodeURIComponent(name)}`), [name]);
  const { data: policies } = useLoad(
    () => (who?.admin ? get("/access/column-policies").then((r) => r.column_policies.filter((p) => p.dataset === name)) : Promise.resolve(null)),
    [name],
  );
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!d) return html`<p>Loading…</p>`;
  return html`<article class="dataset" id="dataset">
    <p><a href="#/explore">← all datasets</a> · <a href=${"#/sql/" + encodeURIComponent(`SELECT * FROM ${quoteIdent(name)} LIMIT 1000`)}>query in SQL</a></p>
    <h2>${d.name}</h2>
    <${Metadata} d=${d} onSaved=${reload} />
    <${AiSummary} d=${d} />
    <h3>Schema</h3>
    <${Table} className="schema" columns=${["column", "type", "nullable", "PII", "sensitivity", "masking", "description"]}
      rows=${d.columns.map((c) => [
        c.name,
        c.type,
        c.nullable ? "yes" : "no",
        c.pii ? html`<span class="tag pii">${c.pii.kind} ${(c.pii.confidence * 100).toFixed(0)}%</span>` : "",
        html`<span class=${"tag sens-" + c.sensitivity}>${c.sensitivity}</span>`,
        maskingOf(policies, c.name),
        c.description,
      ])} />
    <h3>Lineage</h3>
    <${Lineage} d=${d} who=${who} />
    <h3>Versions</h3>
    <${Versions} name=${name} />
    <h3>Sample rows</h3>
    <${Sample} name=${name} columns=${d.columns} />
    <h3>Column profiles</h3>
    <${Profiles} name=${name} />
  </article>`;
}

export function ExplorePage({ arg, who }) {
  return arg ? html`<${Dataset} name=${arg} who=${who} key=${arg} />` : html`<${DatasetList} />`;
}

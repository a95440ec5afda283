// Search: pick an index, a query, the mode (vector, keyword, hybrid), an SQL filter and k; hits
// with score, chunk text with the query's words highlighted, and the row. A pasted list of
// queries (one per line) runs as one batch. "Open the row" shows a hit's whole source row (every
// column, in full) from the index's dataset.
import { html, useState } from "../vendor/preact-htm.js";
import { get, post, quoteIdent, quoteLiteral } from "../api.js";
import { ErrorBox, cellText, useLoad } from "../ui.js";

export function highlight(text, query) {
  const words = [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) || [])];
  if (!words.length) return text;
  const re = new RegExp("(" + words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|") + ")", "giu");
  return text.split(re).map((part, i) => (i % 2 ? html`<mark>${part}</mark>` : part));
}

// The source row of a hit: the index's dataset where its id column is the hit's doc_id.
function FullRow({ index, docId }) {
  const [row, setRow] = useState(null);
  const [error, setError] = useState(null);
  const open = () =>
    post("/query/sql", {
      sql: `SELECT * FROM ${quoteIdent(index.dataset)} WHERE CAST(${quoteIdent(index.id_column)} AS VARCHAR) = ${quoteLiteral(docId)} LIMIT 1`,
    }).then((r) => setRow(r.rows.length ? r : { ...r, missing: true }), setError);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!row) return html`<button class="open-row" onClick=${open}>Open the row</button>`;
  if (row.missing) return html`<p class="muted">The row is gone from ${index.dataset} (the index is stale).</p>`;
  return html`<dl class="row full-row" data-doc=${docId}>
    ${row.columns.map((c, i) => html`<dt>${c.name}</dt><dd data-column=${c.name}>${cellText(row.rows[0][i])}</dd>`)}
  </dl>`;
}

function Hits({ hits, query, index }) {
  if (!hits.length) return html`<p>No hits.</p>`;
  return html`<ol class="hits">
    ${hits.map(
      (h) => html`<li class="hit">
        <div><strong>${h.doc_id}</strong> <span class="muted">chunk ${h.chunk_idx}</span>
          <span class="score">score ${h.score.toFixed(4)}</span></div>
        <p>${highlight(h.chunk_text.slice(0, 600), query)}${h.chunk_text.length > 600 ? "…" : ""}</p>
        ${h.row &&
        html`<details><summary>row</summary><dl class="row">
          ${Object.entries(h.row).map(([k, v]) => html`<dt>${k}</dt><dd>${cellText(v).slice(0, 300)}</dd>`)}
        </dl></details>`}
        ${index && html`<${FullRow} index=${index} docId=${h.doc_id} key=${h.doc_id} />`}
      </li>`,
    )}
  </ol>`;
}

export function IndexPicker({ value, onChange, indexes }) {
  return html`<select aria-label="index" id="index" value=${value} onChange=${(e) => onChange(e.currentTarget.value)}>
    ${indexes.map((i) => html`<option value=${i.index_name}>${i.index_name} (${i.dataset})</option>`)}
  </select>`;
}

export function SearchPage() {
  const { data, error: loadError } = useLoad(() => get("/vectors/indexes"));
  const [form, setForm] = useState({ index: "", query: "", mode: "vector", filter: "", k: 10, batch: false });
  const [answer, setAnswer] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  if (loadError) return html`<${ErrorBox} error=${loadError} />`;
  if (!data) return html`<p>Loading…</p>`;
  if (!data.indexes.length) return html`<p>No vector index yet. Create one with <code>POST /vectors/index</code> (see <a href="/docs">the API reference</a>).</p>`;
  const index = form.index || data.indexes[0].index_name;
  const set = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.type === "checkbox" ? e.currentTarget.checked : e.currentTarget.value });

  const search = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const common = { index, mode: form.mode, k: Number(form.k) || 10 };
    if (form.filter.trim()) common.filter = form.filter.trim();
    try {
      if (form.batch) {
        const queries = form.query.split("\n").map((q) => q.trim()).filter(Boolean);
        const r = await post("/vectors/search/batch", { ...common, queries });
        setAnswer({ ...r, queries });
      } else {
        const r = await post("/vectors/search", { ...common, query: form.query });
        setAnswer({ ...r, queries: [form.query], results: [r.results] });
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return html`<section>
    <form class="search-form" onSubmit=${search}>
      <${IndexPicker} value=${index} indexes=${data.indexes} onChange=${(v) => setForm({ ...form, index: v })} />
      ${form.batch
        ? html`<textarea id="query" aria-label="queries, one per line" rows="4" value=${form.query} onInput=${set("query")}></textarea>`
        : html`<input id="query" type="search" aria-label="query" placeholder="Search…" value=${form.query} onInput=${set("query")} />`}
      <select aria-label="mode" id="mode" value=${form.mode} onChange=${set("mode")}>
        <option value="vector">vector</option><option value="keyword">keyword</option><option value="hybrid">hybrid</option>
      </select>
      <input aria-label="filter (SQL predicate)" placeholder="filter, e.g. year > 1900" value=${form.filter} onInput=${set("filter")} />
      <label class="inline">k <input type="number" min="1" max="1000" value=${form.k} onInput=${set("k")} class="narrow" /></label>
      <label class="inline"><input type="checkbox" checked=${form.batch} onChange=${set("batch")} /> batch (one query per line)</label>
      <button class="primary" type="submit" disabled=${busy || !form.query.trim()}>Search</button>
    </form>
    <${ErrorBox} error=${error} />
    ${answer &&
    html`<div id="hits">
      <p class="muted">${answer.mode} search of ${answer.index} (v${answer.dataset_version}) in ${answer.elapsed_ms.toFixed(1)} ms
        ${answer.stale ? " · index is stale" : ""}${answer.exact ? " · exact" : ""}</p>
      ${answer.queries.map((q, i) => html`${answer.queries.length > 1 && html`<h3>${q}</h3>`}<${Hits} hits=${answer.results[i]} query=${q}
        index=${data.indexes.find((x) => x.index_name === answer.index)} />`)}
    </div>`}
  </section>`;
}

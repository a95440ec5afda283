// Ingest: files dropped or picked, uploaded to POST /ingest/file with a progress bar, with the
// mode (append, replace, upsert), key and options; a schema change the server refuses (409 with
// its schema_diff) is shown as a preview to commit deliberately; then the result.
import { html, useState } from "../vendor/preact-htm.js";
import { upload } from "../api.js";
import { ErrorBox, Progress, Table, fmtInt } from "../ui.js";

function SchemaDiff({ diff }) {
  const rows = [
    ...diff.added.map((c) => ["added", c.name, c.type]),
    ...diff.removed.map((c) => ["removed", c.name, c.type]),
    ...diff.renamed.map((r) => ["renamed", `${r.from} → ${r.to}`, `${(r.confidence * 100).toFixed(0)} %`]),
    ...diff.type_changed.map((t) => ["type changed", t.name, `${t.from} → ${t.to}`]),
  ];
  if (!rows.length) return html`<p class="muted">No schema change.</p>`;
  return html`<${Table} columns=${["change", "column", "type"]} rows=${rows} />`;
}

export function IngestPage() {
  const [files, setFiles] = useState([]);
  const [form, setForm] = useState({ dataset: "", mode: "append", key: "", format: "", allow_schema_change: false });
  const [progress, setProgress] = useState(null);
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [pendingDiff, setPendingDiff] = useState(null);
  const [over, setOver] = useState(false);
  const set = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.type === "checkbox" ? e.currentTarget.checked : e.currentTarget.value });

  const send = async (allowSchemaChange) => {
    setError(null);
    setResult(null);
    setPendingDiff(null);
    const body = new FormData();
    if (form.dataset.trim()) body.append("dataset", form.dataset.trim());
    body.append("mode", form.mode);
    if (form.key.trim()) body.append("key", form.key.trim());
    if (form.format) body.append("format", form.format);
    if (allowSchemaChange || form.allow_schema_change) body.append("allow_schema_change", "true");
    for (const f of files) body.append("file", f, f.name);
    setProgress(0);
    try {
      setResult(await upload("/ingest/file", body, setProgress));
      setProgress(1);
    } catch (err) {
      setProgress(null);
      if (err.detail?.schema_diff) setPendingDiff(err.detail.schema_diff);
      setError(err);
    }
  };
  const submit = (e) => {
    e.preventDefault();
    send(false);
  };
  const drop = (e) => {
    e.preventDefault();
    setOver(false);
    setFiles([...e.dataTransfer.files]);
  };

  return html`<section>
    <form class="ingest" onSubmit=${submit}>
      <label id="drop-zone" class=${over ? "drop over" : "drop"} onDragOver=${(e) => (e.preventDefault(), setOver(true))}
        onDragLeave=${() => setOver(false)} onDrop=${drop}>
        <span>${files.length ? files.map((f) => f.name).join(", ") : "Drop CSV, JSON, NDJSON, Parquet or PDF files here, or choose"}</span>
        <input type="file" id="file" multiple onChange=${(e) => setFiles([...e.currentTarget.files])} />
      </label>
      <div class="fields">
        <label>Dataset <input id="dataset" placeholder="from the file name" value=${form.dataset} onInput=${set("dataset")} /></label>
        <label>Mode <select id="mode" value=${form.mode} onChange=${set("mode")}>
          <option value="append">append</option><option value="replace">replace</option><option value="upsert">upsert</option>
        </select></label>
        <label>Key column <input id="key" placeholder="for upsert / dedup" value=${form.key} onInput=${set("key")} /></label>
        <label>Format <select value=${form.format} onChange=${set("format")}>
          <option value="">from the extension</option><option>csv</option><option>json</option><option>ndjson</option><option>parquet</option>
        </select></label>
        <label class="inline"><input type="checkbox" checked=${form.allow_schema_change} onChange=${set("allow_schema_change")} /> allow a schema change</label>
      </div>
      <button class="primary" type="submit" disabled=${!files.length || (progress != null && progress < 1 && !result && !error)}>Upload</button>
    </form>
    ${progress != null && html`<${Progress} fraction=${progress} label="upload" />`}
    <${ErrorBox} error=${error} />
    ${pendingDiff &&
    html`<div class="card" id="schema-diff">
      <h3>Schema change preview</h3>
      <${SchemaDiff} diff=${pendingDiff} />
      <button class="primary" onClick=${() => send(true)}>Commit with this schema change</button>
    </div>`}
    ${result &&
    html`<div class="card" id="ingest-result">
      <h3>Committed <a href=${"#/explore/" + encodeURIComponent(result.dataset)}>${result.dataset}</a> version ${result.version}</h3>
      <p>${fmtInt(result.rows_added)} rows added, ${fmtInt(result.rows_updated)} updated, ${fmtInt(result.rows_removed)} removed,
        ${fmtInt(result.rows_skipped)} skipped; ${fmtInt(result.row_count)} rows now (${result.elapsed_ms} ms).</p>
      <${Table} columns=${["file", "rows", "skipped", "duplicate"]}
        rows=${result.files.map((f) => [f.name, fmtInt(f.rows), fmtInt(f.rows_skipped), f.duplicate ? "yes" : "no"])} />
      <h4>Schema</h4>
      <${SchemaDiff} diff=${result.schema_diff} />
    </div>`}
  </section>`;
}

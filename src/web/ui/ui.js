// Small shared pieces of the pages: formatting, an error box, a progress bar, a plain table, a
// virtualised grid (only the rows in view are in the DOM, so 100K rows scroll smoothly), and a
// hook that loads something from the API.
import { html, useEffect, useRef, useState, useCallback } from "./vendor/preact-htm.js";

export { html };

export const fmtInt = (n) => (n == null ? "—" : Number(n).toLocaleString("en-US"));

// A rate: three significant digits below 100 (a slow job's 0.04/s is not "0.0"), whole above.
export const fmtRate = (r) => (r >= 100 ? fmtInt(Math.round(r)) : String(Number(r.toPrecision(3))));

export function fmtBytes(n) {
  if (n == null) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  let v = Number(n);
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return (i ? v.toFixed(1) : String(v)) + " " + units[i];
}

export function fmtTime(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString();
}

export function fmtDuration(seconds) {
  if (seconds == null || !isFinite(seconds)) return "—";
  if (seconds < 60) return seconds.toFixed(seconds < 10 ? 1 : 0) + " s";
  if (seconds < 3600) return Math.floor(seconds / 60) + " min " + Math.round(seconds % 60) + " s";
  return Math.floor(seconds / 3600) + " h " + Math.round((seconds % 3600) / 60) + " min";
}

export function cellText(value) {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function ErrorBox({ error }) {
  if (!error) return null;
  return html`<div class="error" role="alert">
    <strong>${error.code || "Error"}</strong> ${error.message}
    ${error.requestId && html`<small> (request ${error.requestId})</small>`}
  </div>`;
}

export function Progress({ fraction, label }) {
  const pct = fraction == null ? null : Math.max(0, Math.min(1, fraction)) * 100;
  return html`<div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
    aria-valuenow=${pct == null ? undefined : Math.round(pct)} aria-label=${label || "progress"}>
    <div class=${pct == null ? "bar indeterminate" : "bar"} style=${pct == null ? "" : `width:${pct}%`}></div>
    <span>${pct == null ? "…" : pct.toFixed(0) + " %"}</span>
  </div>`;
}

export function Table({ columns, rows, className }) {
  return html`<div class="table-wrap"><table class=${className || ""}>
    <thead><tr>${columns.map((c) => html`<th>${c}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr>${r.map((v) => html`<td>${v}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

const ROW_HEIGHT = 28;

// columns: [{name, type}], rows: arrays of values. Renders the rows in view plus a margin.
// `offset` numbers the first row (the rows before this page).
export function VirtualGrid({ columns, rows, height = 420, offset = 0 }) {
  const [top, setTop] = useState(0);
  const box = useRef(null);
  useEffect(() => {
    setTop(0);
    if (box.current) box.current.scrollTop = 0;
  }, [rows]);
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - 10);
  const count = Math.ceil(height / ROW_HEIGHT) + 20;
  const slice = rows.slice(first, first + count);
  const template = `3.5rem repeat(${columns.length}, minmax(0, 1fr))`;
  const width = `width:max(100%, calc(3.5rem + ${columns.length} * 10rem))`;
  return html`<div class="grid" ref=${box} style=${`height:${height}px`} tabindex="0"
      role="grid" aria-rowcount=${rows.length} onScroll=${(e) => setTop(e.currentTarget.scrollTop)}>
    <div class="grid-row grid-head" role="row" style=${`grid-template-columns:${template};${width}`}>
      <div class="rownum">#</div>
      ${columns.map((c) => html`<div role="columnheader" title=${c.type}>${c.name}<small>${c.type}</small></div>`)}
    </div>
    <div style=${`height:${rows.length * ROW_HEIGHT}px;position:relative;${width}`}>
      ${slice.map(
        (r, i) => html`<div class="grid-row" role="row" key=${first + i}
          style=${`grid-template-columns:${template};position:absolute;top:${(first + i) * ROW_HEIGHT}px;left:0;${width}`}>
          <div class="rownum">${offset + first + i + 1}</div>
          ${r.map((v) => html`<div role="gridcell" class=${v === null ? "null" : ""} title=${cellText(v)}>${cellText(v)}</div>`)}
        </div>`,
      )}
    </div>
  </div>`;
}

// Loads `load()` on mount and whenever `deps` change: {data, error, loading, reload}.
export function useLoad(load, deps = []) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const reload = useCallback(() => {
    setState((s) => ({ ...s, loading: true }));
    return load().then(
      (data) => setState({ data, error: null, loading: false }),
      (error) => setState({ data: null, error, loading: false }),
    );
  }, deps);
  useEffect(() => {
    reload();
  }, [reload]);
  return { ...state, reload };
}

// Calls fn every `ms` while mounted (and once at once).
export function useInterval(fn, ms) {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    saved.current();
    const id = setInterval(() => saved.current(), ms);
    return () => clearInterval(id);
  }, [ms]);
}

// Saves a Blob as a file.
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

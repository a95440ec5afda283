// SQL: an editor (CodeMirror 6 with SQL highlighting and dataset/column completion), run with
// Ctrl-Enter, cancel, EXPLAIN, results kept by the server (POST /query/paged) and shown page by
// page in a virtualised grid, CSV and Parquet download (POST /query/sql, Accept: text/csv), a query history,
// and errors pointed at their position in the editor.
import { html, useEffect, useRef, useState } from "../vendor/preact-htm.js";
import { EditorView, basicSetup, keymap, Prec, sql, PostgreSQL, setDiagnostics } from "../vendor/codemirror.js";
import { fetchRaw, get, post, quoteIdent } from "../api.js";
import { ErrorBox, VirtualGrid, download, fmtInt } from "../ui.js";

const PAGE_SIZE = 10000;
const HISTORY_STORAGE = "lakehouse.sql_history";

function history() {
  try {
    return JSON.parse(localStorage.getItem(HISTORY_STORAGE) || "[]");
  } catch {
    return [];
  }
}

function remember(text) {
  const list = [text, ...history().filter((q) => q !== text)].slice(0, 20);
  localStorage.setItem(HISTORY_STORAGE, JSON.stringify(list));
  return list;
}

// The server's error names where it is ({line, column, offset} beside "error"; offset counts
// characters of `statement`): the editor range of the token there, or null. `shift` is where the
// statement's first character is in the editor (its text is sent trimmed, maybe after a prefix).
export function errorRange(position, statement, doc, shift) {
  if (!position || !Number.isInteger(position.offset)) return null;
  const chars = Array.from(statement);
  if (position.offset > chars.length) return null;
  const at = chars.slice(0, position.offset).join("").length + shift;
  if (at < 0 || at > doc.length) return null;
  const token = /^("(?:[^"]|"")*"|'(?:[^']|'')*'|[\p{L}\p{N}_$]+|\S)/u.exec(doc.slice(at, at + 400));
  return { from: at, to: at + (token ? token[0].length : 0) };
}

// Completion of the columns of the datasets the statement names (CodeMirror's SQL schema
// completion offers the dataset names, and "dataset." columns).
export function columnCompletion(schema) {
  const escaped = (name) => name.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&");
  const mentioned = (text, name) => new RegExp("(^|[^\\p{L}\\p{N}_$])" + escaped(name) + "($|[^\\p{L}\\p{N}_$])", "iu").test(text);
  return (context) => {
    const word = context.matchBefore(/[\p{L}\p{N}_$]+/u);
    if (!word && !context.explicit) return null;
    const from = word ? word.from : context.pos;
    if (context.state.sliceDoc(from - 1, from) === ".") return null;
    const text = context.state.doc.toString();
    const options = [];
    for (const [dataset, columns] of Object.entries(schema)) {
      if (!mentioned(text, dataset)) continue;
      for (const c of columns) options.push({ label: /^[a-z_][a-z0-9_]*$/.test(c) ? c : quoteIdent(c), type: "property", detail: dataset, boost: 1 });
    }
    return options.length ? { from, options, validFor: /^[\p{L}\p{N}_$]*$/u } : null;
  };
}

function Editor({ initial, schema, onRun, viewRef }) {
  const host = useRef(null);
  const run = useRef(onRun);
  run.current = onRun;
  useEffect(() => {
    const view = new EditorView({
      doc: initial,
      parent: host.current,
      extensions: [
        Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => (run.current(), true) }])),
        basicSetup,
        sql({ dialect: PostgreSQL, schema, upperCaseKeywords: true }),
        PostgreSQL.language.data.of({ autocomplete: columnCompletion(schema) }),
        EditorView.contentAttributes.of({ "aria-label": "SQL editor" }),
      ],
    });
    viewRef.current = view;
    view.focus();
    return () => view.destroy();
  }, []);
  return html`<div class="editor" ref=${host}></div>`;
}

export function SqlPage({ arg }) {
  const [schema, setSchema] = useState(null);
  const [result, setResult] = useState(null); // {columns, rows, page, pages, total, truncated, id}
  const [error, setError] = useState(null);
  const [errorAt, setErrorAt] = useState(null); // {line, column} of the error in the editor
  const [running, setRunning] = useState(false);
  const [past, setPast] = useState(history());
  const view = useRef(null);
  const abort = useRef(null);
  const [initial, setInitial] = useState("");

  useEffect(() => {
    get("/catalog/datasets").then(
      ({ datasets }) => {
        const s = {};
        for (const d of datasets) s[d.name] = d.columns.map((c) => c.name);
        setSchema(s);
        const first = datasets[0];
        setInitial(arg || history()[0] || (first ? `SELECT * FROM ${quoteIdent(first.name)} LIMIT 100` : "SELECT 42 AS answer"));
      },
      (e) => {
        setError(e);
        setSchema({});
        setInitial(arg || "SELECT 42 AS answer");
      },
    );
  }, []);

  const text = () => view.current.state.doc.toString();

  async function showPage(id, page, meta) {
    const p = await get(`/query/page/${encodeURIComponent(id)}/${page}`);
    setResult({ ...meta, id, page, rows: p.rows, columns: p.columns });
  }

  async function run(prefix = "") {
    if (running) return;
    const statement = prefix + text().trim().replace(/;\s*$/, "");
    setRunning(true);
    setError(null);
    setErrorAt(null);
    if (view.current) view.current.dispatch(setDiagnostics(view.current.state, []));
    abort.current = new AbortController();
    const started = performance.now();
    try {
      const r = await post("/query/paged", { sql: statement, page_size: PAGE_SIZE }, { signal: abort.current.signal });
      const meta = { pages: r.pages, total: r.total_rows, truncated: r.truncated, elapsed: performance.now() - started };
      if (r.pages === 0) setResult({ ...meta, id: r.query_id, page: 0, rows: [], columns: r.columns });
      else await showPage(r.query_id, 0, meta);
      if (!prefix) setPast(remember(text().trim()));
    } catch (e) {
      if (e.name === "AbortError") setError({ code: "CANCELLED", message: "the query was cancelled" });
      else {
        setError(e);
        const position = e.detail?.position;
        const doc = text();
        const shift = doc.length - doc.trimStart().length - prefix.length;
        const range = errorRange(position, statement, doc, shift);
        if (range && view.current) {
          setErrorAt(position);
          const v = view.current;
          v.dispatch(setDiagnostics(v.state, [{ from: range.from, to: range.to, severity: "error", message: e.message }]));
          v.dispatch({ selection: { anchor: range.from, head: range.to }, scrollIntoView: true });
          v.focus();
        }
      }
    } finally {
      setRunning(false);
      abort.current = null;
    }
  }

  // The whole result as a file: CSV or Parquet (the server's export of POST /query/sql).
  async function save(accept, name) {
    setError(null);
    try {
      const response = await fetchRaw("POST", "/query/sql", { sql: text().trim().replace(/;\s*$/, ""), limit: null }, accept);
      download(await response.blob(), name);
    } catch (e) {
      setError(e);
    }
  }

  const goto = (page) => showPage(result.id, page, result).catch(setError);

  return html`<section class="sql">
    ${schema === null ? html`<p>Loading datasets…</p>` : html`<${Editor} initial=${initial} schema=${schema} onRun=${() => run()} viewRef=${view} />`}
    <div class="toolbar">
      <button class="primary" id="run" disabled=${running || schema === null} onClick=${() => run()} title="Ctrl-Enter">Run</button>
      ${running && html`<button id="cancel" onClick=${() => abort.current?.abort()}>Cancel</button>`}
      <button id="explain" disabled=${running} onClick=${() => run("EXPLAIN ")}>Explain</button>
      <button id="csv" disabled=${running} onClick=${() => save("text/csv", "result.csv")}>Download CSV</button>
      <button id="parquet" disabled=${running} onClick=${() => save("application/vnd.apache.parquet", "result.parquet")}>Parquet</button>
      <select class="history" aria-label="history" onChange=${(e) => {
        const q = e.currentTarget.value;
        if (q && view.current) view.current.dispatch({ changes: { from: 0, to: view.current.state.doc.length, insert: q } });
        e.currentTarget.value = "";
      }}>
        <option value="">History…</option>
        ${past.map((q) => html`<option value=${q}>${q.slice(0, 80)}</option>`)}
      </select>
      <span class="hint">Ctrl-Enter runs</span>
    </div>
    <${ErrorBox} error=${error} />
    ${error && errorAt && html`<p class="error-at" id="error-at">at line ${errorAt.line}, column ${errorAt.column}</p>`}
    ${result &&
    html`<div class="result">
      <div class="toolbar">
        <span id="row-count">${fmtInt(result.total)} rows${result.truncated ? " (truncated)" : ""}</span>
        <span class="hint">${result.elapsed.toFixed(0)} ms</span>
        ${result.pages > 1 &&
        html`<span class="pager">
          <button disabled=${result.page === 0} onClick=${() => goto(result.page - 1)}>‹ Prev</button>
          <span id="page-of">page ${result.page + 1} of ${result.pages}</span>
          <button id="next-page" disabled=${result.page + 1 >= result.pages} onClick=${() => goto(result.page + 1)}>Next ›</button>
        </span>`}
      </div>
      <${VirtualGrid} columns=${result.columns} rows=${result.rows} offset=${result.page * PAGE_SIZE} />
    </div>`}
  </section>`;
}

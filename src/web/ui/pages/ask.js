// Ask: a question in plain language answered from an index (POST /vectors/rag) with numbered
// citations that open their source row; or, when a text generator is configured, turned into SQL
// by the server (POST /ai/sql: checked and run under the caller's policy), shown with its rows,
// editable and re-runnable. Without a generator the page says so and the answer is extractive
// (sentences quoted from the sources).
import { html, useState } from "../vendor/preact-htm.js";
import { get, post, quoteIdent, quoteLiteral } from "../api.js";
import { ErrorBox, VirtualGrid, useLoad } from "../ui.js";
import { IndexPicker } from "./search.js";
import { AutoChart } from "../chart.js";

function Citation({ c, index }) {
  const [row, setRow] = useState(null);
  const [error, setError] = useState(null);
  const open = () =>
    post("/query/sql", { sql: `SELECT * FROM ${quoteIdent(index.dataset)} WHERE CAST(${quoteIdent(index.id_column)} AS VARCHAR) = ${quoteLiteral(c.doc_id)} LIMIT 1` }).then(setRow, setError);
  return html`<li class="citation" id=${"cite-" + c.n}>
    <strong>[${c.n}]</strong> <button class="link" onClick=${open}>${c.doc_id}</button>${" "}
    <span class="muted">chunk ${c.chunk_idx} · score ${c.score.toFixed(3)}</span>
    <p>${c.text.slice(0, 400)}${c.text.length > 400 ? "…" : ""}</p>
    <${ErrorBox} error=${error} />
    ${row && html`<${VirtualGrid} columns=${row.columns} rows=${row.rows} height=${90} />`}
  </li>`;
}

// "… [2] …" → the text with links to citation 2.
function withCitationLinks(answer) {
  return answer.split(/(\[\d+\])/).map((part) => (/^\[\d+\]$/.test(part) ? html`<a href=${"#/ask"} onClick=${(e) => {
    e.preventDefault();
    document.getElementById("cite-" + part.slice(1, -1))?.scrollIntoView({ block: "nearest" });
  }}>${part}</a>` : part));
}

// The question → POST /ai/sql: the server offers the generator only what the caller may see,
// checks the SQL (one read-only statement, under the caller's policy) and runs it. The SQL stays
// editable and re-runnable here (POST /query/sql).
function SqlFromQuestion({ question, onNoGenerator, noGenerator }) {
  const [sql, setSql] = useState("");
  const [explanation, setExplanation] = useState("");
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const write = async () => {
    setError(null);
    setResult(null);
    setBusy(true);
    try {
      const a = await post("/ai/sql", { question, limit: 10000 });
      setSql(a.sql);
      setExplanation(a.explanation);
      setResult(a);
    } catch (e) {
      if (e.code === "FAILED_PRECONDITION") onNoGenerator();
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const run = () => {
    setError(null);
    post("/query/sql", { sql, limit: 10000 }).then(setResult, setError);
  };
  return html`<div class="card" id="nl-sql">
    <button id="write-sql" onClick=${write} disabled=${busy || !question.trim() || noGenerator}>${busy ? "Writing SQL…" : "Write SQL for this question"}</button>
    ${sql && html`<textarea class="sql-text" aria-label="generated SQL" rows="4" value=${sql} onInput=${(e) => setSql(e.currentTarget.value)}></textarea>
      ${explanation && html`<p class="muted" id="sql-explanation">${explanation}</p>`}
      <button class="primary" id="run-generated" onClick=${run}>Run again</button> <a href=${"#/sql/" + encodeURIComponent(sql)}>open in SQL</a>`}
    <${ErrorBox} error=${error} />
    ${result && html`<div id="generated-result"><${AutoChart} columns=${result.columns} rows=${result.rows} />
      <${VirtualGrid} columns=${result.columns} rows=${result.rows} height=${300} /></div>`}
  </div>`;
}

export function AskPage() {
  const { data, error: loadError } = useLoad(() => get("/vectors/indexes"));
  const [indexName, setIndexName] = useState("");
  const [question, setQuestion] = useState("");
  const [answer, setAnswer] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [noGenerator, setNoGenerator] = useState(false);
  if (loadError) return html`<${ErrorBox} error=${loadError} />`;
  if (!data) return html`<p>Loading…</p>`;
  const index = data.indexes.find((i) => i.index_name === indexName) || data.indexes[0];

  const ask = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const a = await post("/vectors/rag", { index: index.index_name, question, k: 5 });
      setAnswer(a);
      if (a.mode !== "generated") setNoGenerator(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return html`<section>
    <form class="search-form" onSubmit=${ask}>
      ${index && html`<${IndexPicker} value=${index.index_name} indexes=${data.indexes} onChange=${setIndexName} />`}
      <input id="question" type="search" aria-label="question" placeholder="Ask a question about the data…"
        value=${question} onInput=${(e) => setQuestion(e.currentTarget.value)} />
      <button class="primary" type="submit" disabled=${busy || !question.trim() || !index}
        title=${index ? "answer from the index, with citations" : "no vector index yet"}>Ask</button>
    </form>
    ${!index && html`<p class="muted">No vector index yet: answers with citations need one.</p>`}
    ${noGenerator &&
    html`<p class="notice" id="no-generator">No text generator is configured: answers are sentences quoted from the
      sources, and questions cannot be turned into SQL. Use <a href="#/sql">SQL</a> or <a href="#/search">Search</a>,
      or configure a generator (see <code>lakehouse.example.toml</code>).</p>`}
    <${ErrorBox} error=${error} />
    ${answer &&
    html`<article class="answer" id="answer">
      <p class="muted">${answer.mode === "generated" ? "answered by " + answer.model : "extractive answer"} from ${answer.index} (${answer.search_mode} search)
        ${answer.relevant_context ? "" : " · no relevant context found"}</p>
      <div class="answer-text">${withCitationLinks(answer.answer)}</div>
      <h3>Sources</h3>
      <ol class="citations">${answer.citations.map((c) => html`<${Citation} c=${c} index=${index} key=${c.n} />`)}</ol>
    </article>`}
    <${SqlFromQuestion} question=${question} noGenerator=${noGenerator} onNoGenerator=${() => setNoGenerator(true)} />
  </section>`;
}

// Column distributions for Explore's profiles: a histogram of each column's values, computed by
// SQL over the dataset through the public API (POST /query/sql) and drawn as SVG bars. Numbers,
// dates and timestamps fall into equal-width bins between their minimum and maximum; other
// values are counted as they are (the most frequent first, the rest as "other"). NULLs are left
// out (the profile's "nulls %" counts them).
import { html, useEffect, useState } from "../vendor/preact-htm.js";
import { post, quoteIdent } from "../api.js";
import { fmtInt } from "../ui.js";

const BINS = 12;
const TOP_VALUES = 8;
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/i;
const TEMPORAL = /^(DATE|TIMESTAMP.*)$/i;

function binnedSql(dataset, column, type) {
  const c = quoteIdent(column);
  const x = TEMPORAL.test(type) ? `epoch(${c})` : `CAST(${c} AS DOUBLE)`;
  return `WITH v AS (SELECT ${x} AS x FROM ${quoteIdent(dataset)} WHERE ${c} IS NOT NULL),
    b AS (SELECT min(x) AS lo, max(x) AS hi FROM v)
    SELECT CASE WHEN b.hi = b.lo THEN 0 ELSE least(floor((v.x - b.lo) / (b.hi - b.lo) * ${BINS}), ${BINS - 1}) END AS bin,
      count(*) AS n, any_value(b.lo) AS lo, any_value(b.hi) AS hi
    FROM v, b GROUP BY bin ORDER BY bin`;
}

function valuesSql(dataset, column) {
  return `SELECT value, n, sum(n) OVER () AS total FROM (
      SELECT CAST(${quoteIdent(column)} AS VARCHAR) AS value, count(*) AS n FROM ${quoteIdent(dataset)}
      WHERE ${quoteIdent(column)} IS NOT NULL GROUP BY ALL)
    ORDER BY n DESC, value LIMIT ${TOP_VALUES}`;
}

function binLabel(v, type) {
  if (TEMPORAL.test(type)) return new Date(v * 1000).toISOString().slice(0, /^DATE$/i.test(type) ? 10 : 19);
  return Number.isInteger(v) ? String(v) : v.toPrecision(4);
}

// [{label, count}] of `column` in `dataset`.
export async function loadDistribution(dataset, column, type) {
  if (NUMERIC.test(type) || TEMPORAL.test(type)) {
    const r = await post("/query/sql", { sql: binnedSql(dataset, column, type) });
    if (!r.rows.length) return [];
    const [lo, hi] = [Number(r.rows[0][2]), Number(r.rows[0][3])];
    const width = (hi - lo) / BINS;
    const integral = !TEMPORAL.test(type) && !/FLOAT|DOUBLE|REAL|DECIMAL/i.test(type);
    return r.rows.map(([bin, n]) => {
      const from = lo + bin * width;
      const to = hi === lo ? hi : from + width;
      const a = integral ? Math.ceil(from) : from;
      const b = integral ? (bin === BINS - 1 || hi === lo ? hi : Math.ceil(to) - 1) : to;
      return { label: a === b ? binLabel(a, type) : `${binLabel(a, type)} – ${binLabel(b, type)}`, count: Number(n) };
    });
  }
  const r = await post("/query/sql", { sql: valuesSql(dataset, column) });
  const bars = r.rows.map(([value, n]) => ({ label: value, count: Number(n) }));
  const total = r.rows.length ? Number(r.rows[0][2]) : 0;
  const shown = bars.reduce((s, b) => s + b.count, 0);
  if (total > shown) bars.push({ label: "other", count: total - shown, other: true });
  return bars;
}

export function Histogram({ column, bars }) {
  const width = 180;
  const height = 40;
  const max = Math.max(1, ...bars.map((b) => b.count));
  const w = width / Math.max(1, bars.length);
  return html`<svg class="histogram" data-column=${column} width=${width} height=${height} viewBox=${`0 0 ${width} ${height}`}
      role="img" aria-label=${`distribution of ${column}`}>
    ${bars.map((b, i) => {
      const h = Math.max(1, (b.count / max) * (height - 2));
      return html`<rect x=${i * w + 1} y=${height - h} width=${Math.max(1, w - 2)} height=${h}
          class=${b.other ? "other" : ""} data-label=${b.label} data-count=${b.count}>
        <title>${b.label}: ${fmtInt(b.count)}</title></rect>`;
    })}
  </svg>`;
}

// The distribution of one column, loaded when shown.
export function Distribution({ dataset, column, type }) {
  const [bars, setBars] = useState(null);
  const [failed, setFailed] = useState(null);
  useEffect(() => {
    loadDistribution(dataset, column, type).then(setBars, (e) => setFailed(e.message));
  }, [dataset, column, type]);
  if (failed) return html`<span class="muted" title=${failed}>—</span>`;
  if (!bars) return html`<span class="muted">…</span>`;
  if (!bars.length) return html`<span class="muted">no values</span>`;
  if (bars.length > 1 && bars[0].count === 1) return html`<span class="muted">all distinct</span>`;
  return html`<${Histogram} column=${column} bars=${bars} />`;
}

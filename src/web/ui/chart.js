// AutoChart: a chart for a query result when its shape suits one — a category or time column and
// a number column — drawn with uPlot; bars or a line, switchable, or off.
import { html, useEffect, useRef, useState } from "./vendor/preact-htm.js";
import uPlot from "./vendor/uPlot.esm.js";

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;
const TIME = /^(DATE|TIMESTAMP)/i;

// {label column, value column, kind} or null when no column pair suits a chart.
export function chartShape(columns) {
  const value = columns.findIndex((c) => NUMERIC.test(c.type));
  if (value < 0) return null;
  const label = columns.findIndex((c, i) => i !== value && (TIME.test(c.type) || /VARCHAR/i.test(c.type) || NUMERIC.test(c.type)));
  if (label < 0) return null;
  return { label, value, kind: TIME.test(columns[label].type) || NUMERIC.test(columns[label].type) ? "line" : "bar" };
}

function Plot({ labels, values, kind, title }) {
  const host = useRef(null);
  useEffect(() => {
    const width = Math.max(280, Math.min(900, host.current.clientWidth || 600));
    const x = labels.map((_, i) => i);
    const plot = new uPlot(
      {
        title,
        width,
        height: 260,
        legend: { show: false },
        scales: { x: { time: false, range: [-0.5, labels.length - 0.5] } },
        series: [
          {},
          kind === "bar"
            ? { label: title, fill: "rgba(59,130,246,0.55)", stroke: "#3b82f6", paths: uPlot.paths.bars({ size: [0.7, 60] }), points: { show: false } }
            : { label: title, stroke: "#3b82f6", width: 2 },
        ],
        axes: [
          {
            stroke: "currentColor",
            rotate: labels.length > 6 ? -35 : 0,
            size: labels.length > 6 ? 90 : 40,
            splits: labels.length <= 40 ? () => x : undefined,
            values: (_, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(labels[t] ?? "").slice(0, 18) : "")),
          },
          { stroke: "currentColor" },
        ],
      },
      [x, values],
      host.current,
    );
    return () => plot.destroy();
  }, [labels, values, kind]);
  return html`<div class="chart" ref=${host}></div>`;
}

export function AutoChart({ columns, rows }) {
  const shape = chartShape(columns);
  const [kind, setKind] = useState(shape?.kind || "off");
  if (!shape || rows.length < 2 || rows.length > 2000) return null;
  const labels = rows.map((r) => String(r[shape.label]));
  const values = rows.map((r) => Number(r[shape.value]));
  return html`<div class="auto-chart">
    <label class="inline">chart
      <select aria-label="chart" value=${kind} onChange=${(e) => setKind(e.currentTarget.value)}>
        <option value="bar">bars</option><option value="line">line</option><option value="off">off</option>
      </select>
    </label>
    ${kind !== "off" && html`<${Plot} labels=${labels} values=${values} kind=${kind} title=${`${columns[shape.value].name} by ${columns[shape.label].name}`} key=${kind} />`}
  </div>`;
}

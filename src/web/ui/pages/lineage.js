// Explore's lineage graph of one dataset, drawn as SVG in three columns: where it comes from (its
// recorded source and parent datasets) → the dataset → what is built from it (vector indexes, AI
// views, datasets that name it as a parent). Everything comes from the public API: the manifest,
// GET /catalog/datasets, and GET /access/views when the caller is an admin.
import { html } from "../vendor/preact-htm.js";
import { get } from "../api.js";
import { ErrorBox, useLoad } from "../ui.js";

const BOX_W = 210;
const BOX_H = 28;
const GAP = 12;
const COL_X = [0, 290, 580];

async function loadLineage(d, who) {
  const [{ datasets }, views] = await Promise.all([
    get("/catalog/datasets"),
    who?.admin ? get("/access/views").then((r) => r.views) : Promise.resolve([]),
  ]);
  const upstream = [];
  const l = d.lineage || {};
  if (l.source_system || l.source_uri) upstream.push({ kind: "source", label: [l.source_system, l.source_uri].filter(Boolean).join(": ") });
  for (const p of l.parent_datasets || []) upstream.push({ kind: "parent", label: p, href: "#/explore/" + encodeURIComponent(p) });
  const downstream = [
    ...(d.vector_indexes || []).map((i) => ({ kind: "index", label: i, href: "#/indexes" })),
    ...views.filter((v) => v.base_dataset === d.name).map((v) => ({ kind: "view", label: v.name })),
    ...datasets
      .filter((x) => (x.lineage?.parent_datasets || []).includes(d.name))
      .map((x) => ({ kind: "child", label: x.name, href: "#/explore/" + encodeURIComponent(x.name) })),
  ];
  return { upstream, downstream };
}

const KIND_TEXT = { source: "source", parent: "dataset", dataset: "dataset", index: "vector index", view: "AI view", child: "dataset" };

function Node({ node, x, y }) {
  const text = node.label.length > 26 ? node.label.slice(0, 25) + "…" : node.label;
  const box = html`<g class=${"node " + node.kind} data-kind=${node.kind} data-label=${node.label}>
    <title>${KIND_TEXT[node.kind]}: ${node.label}</title>
    <rect x=${x} y=${y} width=${BOX_W} height=${BOX_H} rx="6" />
    <text x=${x + 8} y=${y + 18}>${KIND_TEXT[node.kind]} · ${text}</text>
  </g>`;
  return node.href ? html`<a href=${node.href}>${box}</a>` : box;
}

export function Lineage({ d, who }) {
  const { data, error } = useLoad(() => loadLineage(d, who), [d.name, d.current_version]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<p>Loading…</p>`;
  const { upstream, downstream } = data;
  const rows = Math.max(1, upstream.length, downstream.length);
  const height = rows * (BOX_H + GAP);
  const ys = (n) => Array.from({ length: n }, (_, i) => (height - n * (BOX_H + GAP)) / 2 + i * (BOX_H + GAP) + GAP / 2);
  const center = { kind: "dataset", label: d.name };
  const cy = (height - BOX_H) / 2;
  const up = ys(upstream.length);
  const down = ys(downstream.length);
  const edge = (x1, y1, x2, y2) => {
    const mx = (x1 + x2) / 2;
    return html`<path class="edge" d=${`M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`} />`;
  };
  return html`<div class="lineage" id="lineage">
    <svg width=${COL_X[2] + BOX_W + 2} height=${height} viewBox=${`-1 0 ${COL_X[2] + BOX_W + 2} ${height}`} role="img"
        aria-label=${`lineage of ${d.name}`}>
      ${upstream.map((_, i) => edge(COL_X[0] + BOX_W, up[i] + BOX_H / 2, COL_X[1], cy + BOX_H / 2))}
      ${downstream.map((_, i) => edge(COL_X[1] + BOX_W, cy + BOX_H / 2, COL_X[2], down[i] + BOX_H / 2))}
      ${upstream.map((n, i) => html`<${Node} node=${n} x=${COL_X[0]} y=${up[i]} />`)}
      <${Node} node=${center} x=${COL_X[1]} y=${cy} />
      ${downstream.map((n, i) => html`<${Node} node=${n} x=${COL_X[2]} y=${down[i]} />`)}
    </svg>
    ${!upstream.length && !downstream.length && html`<p class="muted">No recorded source, parent, index or view.</p>`}
  </div>`;
}

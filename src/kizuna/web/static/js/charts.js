// Small inline-SVG charts (no chart library, no CDN).
const NS = "http://www.w3.org/2000/svg";
const COLORS = ["#0b4f8a", "#c2410c", "#15803d", "#7c3aed"];
function el(name, attrs = {}, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
// The value axis: about four gridlines at a "nice" step (1, 2, 2.5 or 5 x 10^n) from 0 to the
// first step at or above `max`. Counts (`integer`) never get a fractional tick: 11.5 orders is
// a number an official would rightly question.
export function niceTicks(max, integer) {
  const top0 = max > 0 ? max : 1;
  const raw = top0 / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const factors = [1, 2, 2.5, 5, 10].filter((f) => !integer || Number.isInteger(f * mag));
  let step = factors.map((f) => f * mag).find((s) => s >= raw * (1 - 1e-9));
  if (integer) step = Math.max(1, Math.round(step));
  const n = Math.ceil(top0 / step - 1e-9);
  return Array.from({ length: n + 1 }, (_, k) => +(k * step).toPrecision(12));
}

// Grouped bars: groups = [{label, values: [..]}], series = [names]. The axis has whole-number
// ticks when every value is a whole number (counts), unless `integer` says otherwise.
export function groupedBars(container, { title, groups, series, width = 460, height = 190, format = (v) => String(v), integer } = {}) {
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", "aria-label": title });
  const pad = { l: 34, r: 8, t: 44, b: 26 };
  const values = groups.flatMap((g) => g.values.filter((v) => v != null));
  const ticks = niceTicks(Math.max(0, ...values), integer ?? values.every(Number.isInteger));
  const max = ticks[ticks.length - 1];
  const gw = (width - pad.l - pad.r) / Math.max(1, groups.length);
  const bw = Math.min(28, (gw - 12) / series.length);
  svg.append(el("text", { x: pad.l, y: 14, "font-size": 13, "font-weight": 700, fill: "#17212b" }, title));
  for (const t of ticks) {
    const y = pad.t + (height - pad.t - pad.b) * (1 - t / max);
    svg.append(el("line", { x1: pad.l, x2: width - pad.r, y1: y, y2: y, stroke: "#e5e7eb" }));
    svg.append(el("text", { x: pad.l - 4, y: y + 4, "font-size": 10, "text-anchor": "end", fill: "#4a5663" }, format(t)));
  }
  groups.forEach((g, i) => {
    const x0 = pad.l + i * gw + (gw - bw * series.length) / 2;
    g.values.forEach((v, j) => {
      if (v == null) return;
      const h = (height - pad.t - pad.b) * v / max;
      const r = el("rect", { x: x0 + j * bw, y: height - pad.b - h, width: bw - 2, height: h, fill: COLORS[j % COLORS.length], rx: 2 });
      r.append(el("title", {}, `${g.label} · ${series[j]}: ${format(v)}`));
      svg.append(r);
    });
    svg.append(el("text", { x: pad.l + i * gw + gw / 2, y: height - 8, "font-size": 11, "text-anchor": "middle", fill: "#17212b" }, g.label));
  });
  series.forEach((s, j) => {
    const x = pad.l + j * 110;
    svg.append(el("rect", { x, y: 22, width: 10, height: 10, fill: COLORS[j % COLORS.length], rx: 2 }));
    svg.append(el("text", { x: x + 14, y: 31, "font-size": 11, fill: "#17212b" }, s));
  });
  container.replaceChildren(svg);
}

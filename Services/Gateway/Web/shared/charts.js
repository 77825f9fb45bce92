// Bar charts as SVG built here (CE-8; no third-party code): elements made with createElementNS,
// text as text nodes, drawn at their own size and shrunk (never stretched) to a narrow box.

const NS = "http://www.w3.org/2000/svg";

function el(tag, attrs, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/** A round axis maximum at or above `max` (1, 2, 5 × 10^n). */
export function niceMax(max) {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((f) => f * power).find((v) => v >= max);
}

/**
 * barChart({bars: [{label, value}], title, unit}) → an <svg role="img"> with one bar per entry, its value
 * above it, its label below, five grid steps and an accessible description listing every value.
 */
export function barChart({ bars, title, unit = "" }) {
  const width = Math.max(360, bars.length * 64 + 60), height = 240, left = 48, bottom = 40, top = 20;
  // At least 5, and 1, 2 or 5 × 10^n: its five grid steps are whole numbers.
  const max = Math.max(5, niceMax(Math.max(0, ...bars.map((b) => Number(b.value) || 0))));
  const plotHeight = height - top - bottom, step = (width - left - 12) / Math.max(1, bars.length);
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", class: "bar-chart", "aria-label": title });
  svg.append(el("desc", null, bars.map((b) => `${b.label}：${b.value}${unit}`).join("；")));
  for (let i = 0; i <= 5; i++) {
    const y = top + plotHeight - (plotHeight * i) / 5;
    svg.append(el("line", { x1: left, x2: width - 8, y1: y, y2: y, class: "grid" }));
    svg.append(el("text", { x: left - 6, y: y + 4, class: "axis", "text-anchor": "end" }, ((max * i) / 5).toLocaleString("zh-CN")));
  }
  bars.forEach((b, i) => {
    const value = Number(b.value) || 0, h = (plotHeight * value) / max;
    const w = Math.min(step * 0.6, 40), x = left + i * step + (step - w) / 2, y = top + plotHeight - h;
    svg.append(el("rect", { x, y, width: w, height: Math.max(h, value ? 1 : 0), class: "bar", rx: 2 }));
    svg.append(el("text", { x: x + w / 2, y: y - 4, class: "value", "text-anchor": "middle" }, value.toLocaleString("zh-CN")));
    svg.append(el("text", { x: x + w / 2, y: height - bottom + 16, class: "label", "text-anchor": "middle" }, b.label));
  });
  return svg;
}

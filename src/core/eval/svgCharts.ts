/**
 * Inline SVG charts for the eval report: horizontal bars and a line chart. Plain SVG (no library,
 * no script): colours come from CSS classes the page defines for light and dark. Every mark
 * carries its raw value in data-value, and a <title> for hover.
 */

import { html, type HtmlFragment } from '../../protocol/htmlEscape';

export interface Bar {
  label: string;
  value: number;
  /** Shown at the end of the bar. */
  text: string;
  /** Colour series (0-7). */
  series?: number;
}

const ROW = 22;
const LABEL_W = 220;
const WIDTH = 640;

/** One bar per row; max is the value of a full-width bar (default: the largest value). */
export function barChart(title: string, bars: readonly Bar[], max?: number): HtmlFragment {
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), Number.MIN_VALUE);
  const plot = WIDTH - LABEL_W - 90;
  const h = bars.length * ROW + 8;
  const rows = bars.map((b, i) => {
    const y = 4 + i * ROW;
    const w = Math.max(0, (b.value / top) * plot);
    return html`<g><title>${`${b.label}: ${b.text}`}</title>\
<text class="lbl" x="${LABEL_W - 8}" y="${y + 15}" text-anchor="end">${clip(b.label, 32)}</text>\
<rect class="s${(b.series ?? 0) % 8}" x="${LABEL_W}" y="${y + 3}" width="${w.toFixed(1)}" height="${ROW - 6}" rx="2" data-value="${b.value}"/>\
<text class="val" x="${(LABEL_W + w + 6).toFixed(1)}" y="${y + 15}">${b.text}</text></g>`;
  });
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${WIDTH} ${h}" width="${WIDTH}" height="${h}">${rows}</svg>`;
}

export interface Line {
  label: string;
  series: number;
  points: { x: number; y: number }[];
}

/** A line chart with y from 0 to 1 (rates) and integer x (k). */
export function rateLineChart(title: string, lines: readonly Line[]): HtmlFragment {
  const w = WIDTH;
  const h = 220;
  const left = 44;
  const bottom = 28;
  const xs = lines.flatMap((l) => l.points.map((p) => p.x));
  const minX = Math.min(...xs, 1);
  const maxX = Math.max(...xs, minX + 1);
  const px = (x: number) => left + ((x - minX) / (maxX - minX)) * (w - left - 150);
  const py = (y: number) => 8 + (1 - y) * (h - bottom - 8);
  const grid = [0, 0.25, 0.5, 0.75, 1].map((y) => html`<line class="grid" x1="${left}" x2="${w - 150}" y1="${py(y)}" y2="${py(y)}"/><text class="lbl" x="${left - 6}" y="${py(y) + 4}" text-anchor="end">${y * 100}%</text>`);
  const ticks = [...new Set(xs)].sort((a, b) => a - b).map((x) => html`<text class="lbl" x="${px(x)}" y="${h - 8}" text-anchor="middle">k=${x}</text>`);
  const series = lines.map((l, i) => {
    const c = `s${l.series % 8}`;
    const d = l.points.map((p, j) => `${j ? 'L' : 'M'}${px(p.x).toFixed(1)} ${py(p.y).toFixed(1)}`).join(' ');
    const dots = l.points.map((p) => html`<circle class="${c}" cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3.5" data-value="${p.y}"><title>${`${l.label} pass@${p.x}: ${(p.y * 100).toFixed(1)}%`}</title></circle>`);
    const legend = html`<rect class="${c}" x="${w - 140}" y="${10 + i * 18}" width="10" height="10"/><text class="lbl" x="${w - 124}" y="${19 + i * 18}">${clip(l.label, 18)}</text>`;
    return html`<path class="line ${c}" d="${d}"/>${dots}${legend}`;
  });
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}">${grid}${ticks}${series}</svg>`;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

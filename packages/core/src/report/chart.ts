/**
 * A grouped bar chart as inline SVG (no script, no external resource): one group per metric, one
 * bar per variant (series) in each group, a y axis with ticks, metric names under the groups, a
 * legend, and `<title>`s for assistive technology and hover (the chart's and one per bar).
 *
 * Scale: when the metrics are of comparable size (all in [0, 1], or the largest magnitudes within
 * 10× of each other) the groups share one y axis; otherwise each group gets its own axis, so a
 * latency in milliseconds does not flatten a rate in [0, 1] to nothing.
 */
import { formatNumber } from './model.js';

export interface ChartGroup {
  metric: string;
  /** One value per series (undefined: no bar). */
  values: (number | undefined)[];
  /** Indexes of the series marked best (a ★ above the bar). */
  best?: number[];
  /** "higher" or "lower" is better: said in the group's hover title. */
  direction?: 'higher' | 'lower';
}

export interface BarChartOptions {
  /** Unique within the page (ids of the title and description). */
  id: string;
  title: string;
  series: string[];
  groups: ChartGroup[];
  /** Height of the plot area in px (default 220). */
  plotHeight?: number;
}

/** Colour-blind-friendly palette (Tableau 10); cycles beyond ten series. */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac'
];

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';
const CHAR_W = 6.2; // average width of an 11px character

function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : text.slice(0, Math.max(1, maxChars - 1)) + '…';
}

const valueLabel = (v: number | undefined, best: boolean) =>
  typeof v === 'number' && Number.isFinite(v) ? formatNumber(v) + (best ? ' ★' : '') : '';

/** Rounds a step to 1, 2 or 5 × 10^k. */
function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

interface Scale {
  lo: number;
  hi: number;
  ticks: number[];
}

function scaleFor(values: number[]): Scale {
  let lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (values.length && values.every((v) => v >= 0 && v <= 1)) hi = 1;
  if (hi === lo) hi = lo + 1;
  const step = niceStep((hi - lo) / 4);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let t = lo; t <= hi + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return { lo, hi, ticks };
}

/** Whether all groups can share one axis. */
export function sharedScale(groups: ChartGroup[]): boolean {
  const all = groups.flatMap((g) =>
    g.values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  );
  if (all.every((v) => v >= 0 && v <= 1)) return true;
  const mags = groups
    .map((g) => Math.max(0, ...g.values.filter((v): v is number => typeof v === 'number').map(Math.abs)))
    .filter((m) => m > 0);
  return mags.length === 0 || Math.max(...mags) / Math.min(...mags) <= 10;
}

/** Renders the chart; empty string when there is nothing to draw. */
export function barChartSvg(opts: BarChartOptions): string {
  const { id, title, series, groups } = opts;
  if (!series.length || !groups.length) return '';
  const plotH = opts.plotHeight ?? 220;
  const shared = sharedScale(groups);
  const finite = (vs: (number | undefined)[]) =>
    vs.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const globalScale = scaleFor(groups.flatMap((g) => finite(g.values)));
  const scales = groups.map((g) => (shared ? globalScale : scaleFor(finite(g.values))));

  const barW = series.length > 8 ? 14 : series.length > 4 ? 20 : 28;
  const valueFont = barW < 20 ? 8 : 10;
  // Each bar gets a slot as wide as the widest value label, so labels of neighbouring bars (equal
  // values put them at the same height) can never overlap.
  const labelW = Math.max(
    ...groups.flatMap((g) =>
      g.values.map((v, i) => valueLabel(v, g.best?.includes(i) ?? false).length * valueFont * 0.62 + 4)
    )
  );
  const barGap = 3;
  const slot = Math.max(barW + barGap, Math.ceil(labelW));
  const axisW = 48; // room for tick labels
  const groupPad = 16;
  const bars = series.length * slot - barGap;
  const groupW = Math.max(bars + 2 * groupPad, 90) + (shared ? 0 : axisW);
  const left = shared ? axisW + 8 : 8;
  const top = 36;
  const labelH = 34;
  const plotW = groups.length * groupW;

  // Legend: swatch + label, wrapped into rows.
  const legendItems = series.map((s) => truncate(s, 48));
  const titleText = truncate(title, 90);
  const totalW = Math.ceil(Math.max(left + plotW + 16, 360, left + titleText.length * 8 + 8));
  const legendRows: { x: number; i: number }[][] = [[]];
  let lx = 0;
  for (let i = 0; i < legendItems.length; i++) {
    const w = 18 + legendItems[i].length * CHAR_W + 18;
    if (lx > 0 && lx + w > totalW - left - 8) {
      legendRows.push([]);
      lx = 0;
    }
    legendRows[legendRows.length - 1].push({ x: lx, i });
    lx += w;
  }
  const legendTop = top + plotH + labelH + 8;
  const height = legendTop + legendRows.length * 18 + 8;

  const y = (s: Scale, v: number) => top + plotH - ((v - s.lo) / (s.hi - s.lo)) * plotH;
  const out: string[] = [];
  const desc = `Grouped bar chart: ${groups.length} metric(s) × ${series.length} variant(s). ${
    shared ? 'One shared y axis.' : 'Each metric has its own y axis.'
  }`;
  out.push(
    `<svg class="chart" role="img" width="${totalW}" height="${height}" viewBox="0 0 ${totalW} ${height}" aria-labelledby="${id}-title ${id}-desc" ${FONT} font-size="11">`,
    `<title id="${id}-title">${escapeXml(title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(desc)}</desc>`,
    `<text x="${left}" y="18" font-size="13" font-weight="600" fill="#1f2328">${escapeXml(titleText)}</text>`
  );

  const axis = (s: Scale, x0: number, width: number) => {
    for (const t of s.ticks) {
      const ty = y(s, t).toFixed(1);
      out.push(
        `<line x1="${x0}" x2="${x0 + width}" y1="${ty}" y2="${ty}" stroke="${t === 0 ? '#8c959f' : '#d0d7de'}" stroke-width="1"${t === 0 ? '' : ' stroke-dasharray="2 3"'}/>`,
        `<text x="${x0 - 6}" y="${ty}" class="muted" text-anchor="end" dominant-baseline="middle" fill="#57606a">${escapeXml(formatNumber(t))}</text>`
      );
    }
    out.push(
      `<line x1="${x0}" x2="${x0}" y1="${top}" y2="${top + plotH}" stroke="#8c959f" stroke-width="1"/>`
    );
  };
  if (shared) axis(globalScale, left, plotW);

  groups.forEach((g, gi) => {
    const s = scales[gi];
    const gx = left + gi * groupW + (shared ? 0 : axisW);
    const inner = groupW - (shared ? 0 : axisW);
    if (!shared) axis(s, gx, inner - 8);
    const dirText = g.direction ? ` (${g.direction} is better)` : '';
    out.push(
      `<g class="group" data-metric="${escapeXml(g.metric)}"><title>${escapeXml(g.metric + dirText)}</title>`
    );
    const x0 = gx + (inner - bars) / 2;
    const zero = y(s, Math.min(Math.max(0, s.lo), s.hi));
    series.forEach((name, si) => {
      const v = g.values[si];
      if (typeof v !== 'number' || !Number.isFinite(v)) return;
      const bx = x0 + si * slot + (slot - barGap - barW) / 2;
      const vy = y(s, v);
      const ry = Math.min(vy, zero);
      const rh = Math.max(Math.abs(zero - vy), 0.5);
      const best = g.best?.includes(si) ?? false;
      const label = `${name} — ${g.metric}: ${formatNumber(v)}${best ? ' (best)' : ''}`;
      out.push(
        `<rect class="bar${best ? ' best' : ''}" data-metric="${escapeXml(g.metric)}" data-series="${escapeXml(name)}" x="${bx.toFixed(1)}" y="${ry.toFixed(1)}" width="${barW}" height="${rh.toFixed(1)}" fill="${PALETTE[si % PALETTE.length]}"${best ? ' stroke="#1f2328" stroke-width="1.5"' : ''}><title>${escapeXml(label)}</title></rect>`
      );
      const ty = v >= 0 ? ry - 4 : ry + rh + 11;
      out.push(
        `<text class="value" x="${(bx + barW / 2).toFixed(1)}" y="${ty.toFixed(1)}" text-anchor="middle" font-size="${valueFont}" fill="#1f2328" aria-hidden="true">${escapeXml(valueLabel(v, best))}</text>`
      );
    });
    const maxChars = Math.floor(inner / CHAR_W);
    out.push(
      `<text x="${(gx + inner / 2).toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle" fill="#1f2328" font-weight="600">${escapeXml(truncate(g.metric, maxChars))}</text>`
    );
    if (g.direction)
      out.push(
        `<text x="${(gx + inner / 2).toFixed(1)}" y="${top + plotH + 29}" class="muted" text-anchor="middle" fill="#57606a" font-size="10">${g.direction === 'higher' ? '↑ higher is better' : '↓ lower is better'}</text>`
      );
    out.push('</g>');
  });

  legendRows.forEach((row, ri) => {
    for (const { x, i } of row) {
      const ly = legendTop + ri * 18;
      out.push(
        `<g class="legend-item"><title>${escapeXml(series[i])}</title><rect x="${left + x}" y="${ly}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/><text x="${left + x + 17}" y="${ly + 10}" fill="#1f2328">${escapeXml(legendItems[i])}</text></g>`
      );
    }
  });
  out.push('</svg>');
  return out.join('\n');
}

/**
 * Trends of each metric across the last builds (from history.ts): per evaluator × dataset × metric,
 * the best variant's value of each build, drawn as a small inline SVG line with the gate bounds
 * (HTML report), or as a row of block characters (markdown: GitHub strips SVG from summaries).
 */
import { escapeXml } from './chart.js';
import type { HistoryEntry } from './history.js';
import { directionFromName, formatNumber, isBetter, isFiniteNumber, type Direction } from './model.js';

export interface TrendPoint {
  buildId?: string;
  at: string;
  value?: number;
}

export interface TrendSeries {
  evaluator: string;
  dataset: string;
  metric: string;
  direction: Direction;
  points: TrendPoint[];
  /** The gate bounds of the latest build. */
  min?: number;
  max?: number;
}

export function trendSeries(history: HistoryEntry[]): TrendSeries[] {
  const last = history[history.length - 1];
  if (!last) return [];
  const out: TrendSeries[] = [];
  const seen = new Set<string>();
  for (const row of last.rows)
    for (const metric of Object.keys(row.metrics)) {
      const key = `${row.evaluator}\0${row.dataset}\0${metric}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const gate = last.gates.find((g) => g.evaluator === row.evaluator && g.metric === metric);
      const direction: Direction =
        gate?.min !== undefined && gate.max === undefined
          ? 'higher'
          : gate?.max !== undefined && gate.min === undefined
            ? 'lower'
            : directionFromName(metric);
      const points = history.map((e): TrendPoint => {
        let value: number | undefined;
        for (const r of e.rows) {
          const v = r.metrics[metric];
          if (r.evaluator !== row.evaluator || r.dataset !== row.dataset || !isFiniteNumber(v)) continue;
          if (value === undefined || isBetter(v, value, direction)) value = v;
        }
        return { buildId: e.buildId, at: e.at, value };
      });
      out.push({
        evaluator: row.evaluator,
        dataset: row.dataset,
        metric,
        direction,
        points,
        ...(gate?.min !== undefined ? { min: gate.min } : {}),
        ...(gate?.max !== undefined ? { max: gate.max } : {})
      });
    }
  return out;
}

const W = 160;
const H = 40;
const PAD = 4;

/** A sparkline with its gate bounds (dashed) and the last value marked; '' with no value. */
export function sparklineSvg(s: TrendSeries): string {
  const values = s.points.map((p) => p.value);
  const finite = values.filter(isFiniteNumber);
  if (!finite.length) return '';
  const bounds = [s.min, s.max].filter(isFiniteNumber);
  let lo = Math.min(...finite, ...bounds);
  let hi = Math.max(...finite, ...bounds);
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  const n = values.length;
  const x = (i: number) => PAD + (n === 1 ? (W - 2 * PAD) / 2 : (i * (W - 2 * PAD)) / (n - 1));
  const y = (v: number) => PAD + (1 - (v - lo) / (hi - lo)) * (H - 2 * PAD);
  const pts = values
    .map((v, i) => (isFiniteNumber(v) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : ''))
    .filter(Boolean)
    .join(' ');
  const label =
    `${s.metric} (${s.evaluator} on ${s.dataset}) over the last ${n} build(s): ` +
    values
      .map((v, i) => `${s.points[i].buildId ?? i + 1}: ${v === undefined ? '—' : formatNumber(v)}`)
      .join(', ') +
    (bounds.length
      ? `; gate ${[s.min !== undefined ? `≥ ${s.min}` : '', s.max !== undefined ? `≤ ${s.max}` : ''].filter(Boolean).join(', ')}`
      : '');
  const gate = bounds
    .map(
      (b) =>
        `<line class="gate" x1="0" x2="${W}" y1="${y(b).toFixed(1)}" y2="${y(b).toFixed(1)}" stroke-dasharray="3 2"/>`
    )
    .join('');
  const lastIdx = values
    .map((v, i) => (isFiniteNumber(v) ? i : -1))
    .filter((i) => i >= 0)
    .pop()!;
  return (
    `<svg class="spark" role="img" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><title>${escapeXml(label)}</title>` +
    gate +
    `<polyline points="${pts}" fill="none" stroke-width="1.5"/>` +
    `<circle cx="${x(lastIdx).toFixed(1)}" cy="${y(values[lastIdx]!).toFixed(1)}" r="2.5"/></svg>`
  );
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/** `▁▃▅█` for markdown; `·` where a build has no value. */
export function sparklineText(values: (number | undefined)[]): string {
  const finite = values.filter(isFiniteNumber);
  if (!finite.length) return '';
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return values
    .map((v) =>
      !isFiniteNumber(v) ? '·' : hi === lo ? BLOCKS[3] : BLOCKS[Math.round(((v - lo) / (hi - lo)) * 7)]
    )
    .join('');
}

/**
 * What every report format shares: which direction is "better" for a metric, the best variant of
 * each metric, deltas against the baseline, and number formatting.
 *
 * ## Which variant is best
 *
 * Rows are compared within one evaluator × dataset (the same evaluation over the same data); the
 * best value of each metric is marked in every format (HTML ★, markdown bold + ★). All rows tied
 * for the best value are marked; nothing is marked when fewer than two rows have the metric.
 *
 * Higher is better, unless (first rule that applies wins):
 * 0. the evaluator's `higherIsBetter` in the config says so;
 * 1. a gate of that evaluator on that metric gives only a `min` → higher is better; only a `max`
 *    → lower is better (a gate with both says nothing about direction);
 * 2. the metric's name says lower is better (case-insensitive, after splitting on `_`, `-`, `.`,
 *    ` `): it contains `error_rate` or `latency`, ends with `error`/`errors`, `loss`,
 *    `duration`, `cost`, or is exactly `mae`, `mse`, `rmse`, `wer`, `cer`, `perplexity`.
 *
 * So `exact_match_rate`, `accuracy`, `f1_score`, `gpt_groundedness` are higher-is-better;
 * `error_rate`, `parse_error`, `latency_ms`, `p95_latency`, `loss`, `val_loss` lower-is-better.
 */
import type { FailedLines, GateResult, MetricRow } from './types.js';

export type Direction = 'higher' | 'lower';

const LOWER_EXACT = new Set(['mae', 'mse', 'rmse', 'wer', 'cer', 'perplexity', 'loss', 'error', 'errors']);
const LOWER_SUFFIX = ['error', 'errors', 'loss', 'duration', 'cost'];

/** Direction from the metric's name alone (rule 2 above). */
export function directionFromName(metric: string): Direction {
  const name = metric.toLowerCase();
  if (name.includes('error_rate') || name.includes('latency')) return 'lower';
  const parts = name.split(/[_\-. ]+/).filter(Boolean);
  const last = parts[parts.length - 1] ?? '';
  if (LOWER_EXACT.has(name) || LOWER_SUFFIX.includes(last)) return 'lower';
  return 'higher';
}

/** Direction of `metric` of `evaluator`, from its gates first, then from its name. */
export function metricDirection(
  metric: string,
  evaluator: string | undefined,
  gates: GateResult[]
): Direction {
  const own = gates.filter(
    (g) => g.metric === metric && (evaluator === undefined || g.evaluator === evaluator)
  );
  const hasMin = own.some((g) => g.min !== undefined);
  const hasMax = own.some((g) => g.max !== undefined);
  if (hasMin && !hasMax) return 'higher';
  if (hasMax && !hasMin) return 'lower';
  return directionFromName(metric);
}

export const isBetter = (a: number, b: number, d: Direction) => (d === 'higher' ? a > b : a < b);

/** Rows of one evaluator × dataset, with the union of their metric names (first-seen order). */
export interface RowGroup {
  key: string;
  evaluator: string;
  dataset: string;
  rows: MetricRow[];
  metrics: string[];
  /** Variant node names across the rows (first-seen order). */
  nodes: string[];
  directions: Record<string, Direction>;
  /** Metrics whose direction is a guess from the name (no higherIsBetter, no gate). */
  guessed: string[];
  /** metric → indexes (into `rows`) of the best rows; absent when there is nothing to compare. */
  best: Record<string, number[]>;
  hasBaseline: boolean;
}

/** Options of groupRows: the metrics came from the mock provider (no variant is marked best); the config's directions. */
export interface GroupOptions {
  mock?: boolean;
  /** evaluator → metric → higher is better (the config's `higherIsBetter`). */
  higherIsBetter?: Record<string, Record<string, boolean>>;
}

export function groupRows(rows: MetricRow[], gates: GateResult[], opts: GroupOptions = {}): RowGroup[] {
  const groups = new Map<string, RowGroup>();
  for (const row of rows) {
    const key = `${row.evaluator}\u0000${row.dataset}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        evaluator: row.evaluator,
        dataset: row.dataset,
        rows: [],
        metrics: [],
        nodes: [],
        directions: {},
        guessed: [],
        best: {},
        hasBaseline: false
      };
      groups.set(key, g);
    }
    g.rows.push(row);
    for (const m of Object.keys(row.metrics)) if (!g.metrics.includes(m)) g.metrics.push(m);
    for (const n of Object.keys(row.variants)) if (!g.nodes.includes(n)) g.nodes.push(n);
    if (row.baseline && Object.keys(row.baseline).length) g.hasBaseline = true;
  }
  for (const g of groups.values()) {
    for (const m of g.metrics) {
      const configured = opts.higherIsBetter?.[g.evaluator]?.[m];
      const d =
        configured === undefined ? metricDirection(m, g.evaluator, gates) : configured ? 'higher' : 'lower';
      g.directions[m] = d;
      if (configured === undefined && !gates.some((x) => x.metric === m && x.evaluator === g.evaluator))
        g.guessed.push(m);
      const idx = g.rows.map((r, i) => [r.metrics[m], i] as const).filter(([v]) => isFiniteNumber(v));
      if (idx.length < 2 || opts.mock) continue;
      let best = idx[0][0]!;
      for (const [v] of idx) if (isBetter(v!, best, d)) best = v!;
      g.best[m] = idx.filter(([v]) => v === best).map(([, i]) => i);
    }
  }
  return [...groups.values()];
}

export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** `value − baseline`, when both are numbers. */
export function delta(row: MetricRow, metric: string): number | undefined {
  const v = row.metrics[metric];
  const b = row.baseline?.[metric];
  return isFiniteNumber(v) && isFiniteNumber(b) ? v - b : undefined;
}

/** Whether a delta is an improvement, a regression or neither, for the metric's direction. */
export function deltaKind(d: number | undefined, dir: Direction): 'better' | 'worse' | 'same' | undefined {
  if (d === undefined) return undefined;
  if (Math.abs(d) < 1e-12) return 'same';
  return (dir === 'higher') === d > 0 ? 'better' : 'worse';
}

/** A number for people: integers as is, otherwise 4 significant digits (no exponent for usual sizes). */
export function formatNumber(v: number | undefined): string {
  if (v === undefined || v === null) return '';
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1e-4 && abs < 1e15) return String(Number(v.toPrecision(4)));
  return v.toPrecision(4);
}

export function formatDelta(d: number | undefined): string {
  if (d === undefined) return '';
  const s = formatNumber(d);
  return d > 0 ? `+${s}` : d === 0 ? '±0' : s.replace(/^-/, '−');
}

/** `node=variant, …` of a row, or the label when there are no variant nodes. */
export function describeVariants(row: MetricRow): string {
  const entries = Object.entries(row.variants);
  return entries.length ? entries.map(([n, v]) => `${n}=${v}`).join(', ') : row.label;
}

export function gateBound(g: GateResult): string {
  const parts: string[] = [];
  if (g.min !== undefined) parts.push(`≥ ${formatNumber(g.min)}`);
  if (g.max !== undefined) parts.push(`≤ ${formatNumber(g.max)}`);
  if (g.maxRegression !== undefined) parts.push(`regression ≤ ${formatNumber(g.maxRegression)}`);
  return parts.join(', ');
}

/** `<!-- genaiops:<use-case> -->`, with characters that could end an HTML comment replaced. */
export function commentMarker(useCase: string): string {
  return `<!-- genaiops:${useCase.replace(/[^A-Za-z0-9_.:/-]/g, '_').replace(/-{2,}/g, '-')} -->`;
}

/** The warning every report format shows when the mock provider answered. */
export const mockNotice = (names: string[]): string =>
  `MOCK PROVIDER: connection ${names.join(', ')} ran on the mock provider (answers echo the prompt): these metrics are not meaningful, and no variant is marked best.`;

/** One sentence per run with failed lines. */
export const failedLinesNotice = (f: FailedLines): string =>
  `${f.failed} of ${f.total} lines failed in ${f.kind} run ${f.run} (${f.label} on ${f.dataset}); its metrics cover only the other lines.`;

export interface BestVariant {
  label: string;
  /** ★ it holds, and of how many metrics with a best. */
  stars: number;
  of: number;
  cost?: number;
  currency?: string;
  /** Other variants with as many ★ (more expensive, or of unknown cost): the first 3. */
  tied: { label: string; cost?: number }[];
  /** How many more are tied beyond `tied`. */
  moreTied: number;
}

/**
 * The variant holding the most ★ across all groups; a tie goes to the cheaper one (by the summed
 * estimated cost of its experiment runs), then to the first seen. Undefined when nothing has a ★.
 */
export function bestVariant(
  groups: RowGroup[],
  usage: Record<string, { cost?: number; currency?: string }> = {}
): BestVariant | undefined {
  const stars = new Map<string, number>();
  const cost = new Map<string, number | undefined>();
  let of = 0;
  let currency: string | undefined;
  for (const g of groups) {
    for (const r of g.rows) {
      if (!stars.has(r.label)) stars.set(r.label, 0);
      const u = usage[r.experimentRun];
      currency ??= u?.currency;
      const seen = cost.has(r.label) ? cost.get(r.label) : 0;
      cost.set(r.label, seen === undefined || u?.cost === undefined ? undefined : seen + u.cost);
    }
    for (const idx of Object.values(g.best)) {
      of++;
      for (const label of new Set(idx.map((i) => g.rows[i].label))) stars.set(label, stars.get(label)! + 1);
    }
  }
  if (!of) return undefined;
  const top = Math.max(...stars.values());
  const tied = [...stars].filter(([, s]) => s === top).map(([l]) => l);
  const byCost = (a: string, b: string) => (cost.get(a) ?? Infinity) - (cost.get(b) ?? Infinity);
  const label = [...tied].sort(byCost)[0];
  const others = tied.filter((l) => l !== label).sort(byCost);
  const shown = others.slice(0, 3).map((l) => ({ label: l, cost: cost.get(l) }));
  return {
    label,
    stars: top,
    of,
    cost: cost.get(label),
    currency,
    tied: shown,
    moreTied: others.length - shown.length
  };
}

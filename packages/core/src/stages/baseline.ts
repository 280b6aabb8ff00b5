/**
 * A baseline to compare metrics with: a previous evaluation manifest, a run manifest whose runs
 * carry metrics, the `metrics` output (a JSON array of rows), or a plain metrics.json
 * (`{"accuracy": 0.8}`, applied to every row).
 */
import { existsSync, readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import type { MetricRow } from '../report/types.js';

interface BaselineRow {
  evaluator?: string;
  dataset?: string;
  label?: string;
  metrics: Record<string, number>;
}

export interface Baseline {
  /** The baseline metrics of a row, or undefined when the baseline has none for it. */
  lookup(row: Pick<MetricRow, 'evaluator' | 'dataset' | 'label'>): Record<string, number> | undefined;
  /** How many rows (or 1 for a flat metrics object) the file held. */
  size: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

function numbers(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (isRecord(v))
    for (const [k, x] of Object.entries(v)) if (typeof x === 'number' && Number.isFinite(x)) out[k] = x;
  return out;
}

function asRow(v: unknown): BaselineRow | undefined {
  if (!isRecord(v) || !isRecord(v.metrics)) return undefined;
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  return {
    evaluator: str(v.evaluator),
    dataset: str(v.experimentDataset) ?? str(v.dataset),
    label: str(v.label),
    metrics: numbers(v.metrics)
  };
}

export function readBaseline(file: string, display = file): Baseline {
  if (!existsSync(file)) throw new UserError(`baseline ${display}: file not found`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`baseline ${display}: not valid JSON (${(e as Error).message})`);
  }
  let rows: BaselineRow[] | undefined;
  if (Array.isArray(value)) rows = value.map(asRow).filter((r): r is BaselineRow => !!r);
  else if (isRecord(value) && Array.isArray(value.rows))
    rows = value.rows.map(asRow).filter((r): r is BaselineRow => !!r);
  else if (isRecord(value) && Array.isArray(value.runs))
    rows = value.runs
      .filter((r) => isRecord(r) && r.kind === 'evaluation' && isRecord(r.metrics))
      .map(asRow)
      .filter((r): r is BaselineRow => !!r);
  else if (isRecord(value) && Object.keys(numbers(value)).length) {
    const flat = numbers(value);
    return { lookup: () => flat, size: 1 };
  }
  if (!rows || !rows.length)
    throw new UserError(
      `baseline ${display}: expected an evaluation manifest, a run manifest with metrics, an array of metric rows or a metrics object ({"accuracy": 0.8}), found none of them`
    );
  const all = rows;
  return {
    size: all.length,
    lookup(row) {
      const same = (r: BaselineRow) => r.evaluator === undefined || r.evaluator === row.evaluator;
      const exact = all.find((r) => same(r) && r.label === row.label && r.dataset === row.dataset);
      if (exact) return exact.metrics;
      const byLabel = all.filter((r) => same(r) && r.label === row.label);
      if (byLabel.length === 1) return byLabel[0].metrics;
      const byEvaluator = all.filter(same);
      if (byEvaluator.length === 1) return byEvaluator[0].metrics;
      return undefined;
    }
  };
}

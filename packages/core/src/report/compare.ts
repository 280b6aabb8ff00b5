/**
 * The comparison view's model: for each experiment dataset, one row per dataset line and one column
 * per variant (experiment run), with the variant's outputs and each evaluator's line scores, the
 * line's inputs and its ground truth (the evaluation inputs taken from the data, `${data.*}`).
 *
 * - A variant **fails** a line when its run failed the line, or when one of its line scores says
 *   so: a boolean score that is `false` (`true` for a lower-is-better name such as `error`), or a
 *   number ≤ 0 for a higher-is-better name.
 * - Variants **disagree** on a line when their line scores differ (every evaluator output
 *   compared as text), or, without scores, when their outputs differ, or when some fail it and
 *   others do not.
 * - Lines are sorted by disagreement first (most failing variants first), then by line number.
 */
import { readLines, type LineRecord } from './csv.js';
import { directionFromName } from './model.js';
import { shortName } from './names.js';
import type { LineResultsSource } from './types.js';

export const DEFAULT_COMPARE_LINES = 5000;

export interface CompareOptions {
  /** Lines read per run (the first ones; default 5000). The CSV has every line. */
  maxLines?: number;
  /** Longer texts are cut, saying how much was left out (default 4000 characters). */
  maxTextChars?: number;
}

export interface ComparisonColumn {
  run: string;
  label: string;
  /** The label shortened for a column header (the full one is in its title). */
  short: string;
}

export interface LineScore {
  evaluator: string;
  name: string;
  text: string;
  fails: boolean;
}

export interface ComparisonCell {
  status: 'completed' | 'failed' | 'missing';
  outputs: { key: string; text: string }[];
  scores: LineScore[];
  fails: boolean;
}

export interface ComparisonLine {
  lineNumber: number;
  inputs: { key: string; text: string }[];
  truth: { key: string; text: string }[];
  cells: ComparisonCell[];
  disagree: boolean;
}

export interface Comparison {
  dataset: string;
  columns: ComparisonColumn[];
  lines: ComparisonLine[];
  /** Lines where the variants disagree. */
  disagreeing: number;
  /** Per column: lines it fails. */
  failing: number[];
  /** Whether a run had more lines than were read. */
  truncated: boolean;
  maxLines: number;
}

/** A value as text: strings as they are, anything else as JSON, cut past `max` characters. */
export function valueText(v: unknown, max = 4000): string {
  if (v === undefined || v === null) return '';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

function scoreFails(name: string, v: unknown): boolean {
  const lower = directionFromName(name) === 'lower';
  if (typeof v === 'boolean') return lower ? v : !v;
  if (typeof v === 'number' && !lower) return v <= 0;
  return false;
}

async function readAll(source: LineResultsSource, max: number): Promise<Map<number, LineRecord>> {
  const out = new Map<number, LineRecord>();
  for await (const line of readLines(source, max)) out.set(line.lineNumber, line);
  return out;
}

const entries = (o: Record<string, unknown> | undefined, max: number) =>
  Object.entries(o ?? {}).map(([key, v]) => ({ key, text: valueText(v, max) }));

/** Builds one comparison per experiment dataset of `sources` (streaming reads, `maxLines` per run). */
export async function buildComparisons(
  sources: LineResultsSource[],
  opts: CompareOptions = {}
): Promise<Comparison[]> {
  const maxLines = opts.maxLines ?? DEFAULT_COMPARE_LINES;
  const maxText = opts.maxTextChars ?? 4000;
  const datasets = [...new Set(sources.filter((s) => s.kind === 'experiment').map((s) => s.dataset))];
  const out: Comparison[] = [];
  for (const dataset of datasets) {
    const experiments = sources.filter((s) => s.kind === 'experiment' && s.dataset === dataset);
    const evaluations = sources.filter((s) => s.kind === 'evaluation' && s.dataset === dataset);
    const runs = await Promise.all(experiments.map((s) => readAll(s, maxLines + 1)));
    const evals = await Promise.all(
      experiments.map((exp) =>
        Promise.all(
          evaluations
            .filter((e) => (e.experimentRun ? e.experimentRun === exp.run : e.label === exp.label))
            .map(async (e) => ({ source: e, lines: await readAll(e, maxLines) }))
        )
      )
    );
    const truncated = runs.some((r) => r.size > maxLines);
    const numbers = [...new Set(runs.flatMap((r) => [...r.keys()]))].sort((a, b) => a - b).slice(0, maxLines);
    const lines: ComparisonLine[] = numbers.map((n) => {
      const first = runs.map((r) => r.get(n)).find((l) => l?.inputs);
      const truth = new Map<string, string>();
      const cells = runs.map((r, ci): ComparisonCell => {
        const line = r.get(n);
        const scores: LineScore[] = [];
        for (const { source, lines: el } of evals[ci]) {
          const e = el.get(n);
          for (const k of source.referenceInputs ?? [])
            if (e?.inputs && k in e.inputs && !truth.has(k)) truth.set(k, valueText(e.inputs[k], maxText));
          for (const [name, v] of Object.entries(e?.outputs ?? {}))
            scores.push({
              evaluator: source.evaluator ?? '',
              name,
              text: valueText(v, 200),
              fails: scoreFails(name, v)
            });
        }
        const status = !line ? 'missing' : line.outputs ? 'completed' : 'failed';
        return {
          status,
          outputs: entries(line?.outputs, maxText),
          scores,
          fails: status !== 'completed' || scores.some((s) => s.fails)
        };
      });
      return {
        lineNumber: n,
        inputs: entries(first?.inputs, maxText),
        truth: [...truth].map(([key, text]) => ({ key, text })),
        cells,
        disagree: cells.length > 1 && disagree(cells)
      };
    });
    const failCount = (l: ComparisonLine) => l.cells.filter((c) => c.fails).length;
    lines.sort(
      (a, b) =>
        Number(b.disagree) - Number(a.disagree) || failCount(b) - failCount(a) || a.lineNumber - b.lineNumber
    );
    out.push({
      dataset,
      columns: experiments.map((s) => ({ run: s.run, label: s.label, short: shortName(s.label) })),
      lines,
      disagreeing: lines.filter((l) => l.disagree).length,
      failing: experiments.map((_, ci) => lines.filter((l) => l.cells[ci].fails).length),
      truncated,
      maxLines
    });
  }
  return out;
}

function disagree(cells: ComparisonCell[]): boolean {
  const differ = (key: (c: ComparisonCell) => string) => new Set(cells.map(key)).size > 1;
  if (differ((c) => String(c.fails))) return true;
  if (cells.some((c) => c.scores.length))
    return differ((c) => JSON.stringify(c.scores.map((s) => [s.evaluator, s.name, s.text])));
  return differ((c) => JSON.stringify(c.outputs));
}

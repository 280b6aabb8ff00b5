/**
 * CSV files of a report.
 *
 * Format (RFC 4180): fields separated by `,`, records end with CRLF, the first record is the
 * header; a field is enclosed in double quotes when it contains `,`, `"`, CR or LF, and a `"`
 * inside it is doubled. UTF-8 without a byte-order mark.
 *
 * Formula injection (CWE-1236): a spreadsheet runs a cell that begins with `=`, `+`, `-`, `@`, tab
 * or CR as a formula, and model outputs are attacker-controlled text. Such a TEXT cell gets a
 * leading `'` (`=HYPERLINK(…)` → `'=HYPERLINK(…)`), as OWASP recommends; the quote shows in the
 * cell, so the text is still readable and nothing runs. Numbers (JSON numbers, and text that is
 * entirely a decimal number such as `-0.5` or `+3`) are written as they are, so metric columns
 * stay numeric. Tools that read the CSV back should strip one leading `'` from a text cell that
 * starts with `'=`, `'+`, `'-`, `'@`, `'\t` or `'\r`.
 *
 * Line results: nested values are flattened one level — each top-level key of a line's inputs and
 * outputs is a column (`inputs.text`, `outputs.entities`); a value that is an object or an array is
 * written as its JSON text. `null` and missing values are empty cells.
 */
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { LineNumberCursor, readJsonlRows } from '../engine/runs/jsonl.js';
import type { VariantUsage } from './cost.js';
import type { LineResultsSource, MetricRow } from './types.js';

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell's text (before RFC 4180 quoting): numbers as they are, text made formula-safe. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : String(value);
  if (typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA_START.test(text) && !NUMERIC.test(text)) return `'${text}`;
  return text;
}

/** RFC 4180 field: quoted when it holds a comma, a double quote, CR or LF. */
export function csvField(value: unknown): string {
  const text = cellText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated. */
export function csvRecord(values: unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** Variant, metric, baseline and delta column names of the metrics CSV. */
export function metricsColumns(rows: MetricRow[]): { nodes: string[]; metrics: string[]; baseline: boolean } {
  const nodes: string[] = [];
  const metrics: string[] = [];
  let baseline = false;
  for (const r of rows) {
    for (const n of Object.keys(r.variants)) if (!nodes.includes(n)) nodes.push(n);
    for (const m of Object.keys(r.metrics)) if (!metrics.includes(m)) metrics.push(m);
    if (r.baseline && Object.keys(r.baseline).length) baseline = true;
  }
  return { nodes, metrics, baseline };
}

const USAGE_COLUMNS = [
  'prompt_tokens',
  'completion_tokens',
  'line_ms.p50',
  'line_ms.p95',
  'llm_call_ms.p50',
  'llm_call_ms.p95',
  'cost',
  'currency',
  'cached_lines'
];

/**
 * The metrics CSV: one record per evaluator × variant combination × dataset. Columns: `evaluator`,
 * `dataset`, `label`, `experiment_run`, `evaluation_run`, `variant.<node>` for every variant node,
 * then for every metric `<metric>` and, when any row has a baseline, `<metric>.baseline` and
 * `<metric>.delta` (value − baseline); then, when the experiment runs recorded LLM usage, its
 * tokens, latencies, estimated cost and lines answered by the LLM cache.
 */
export function metricsCsv(rows: MetricRow[], usage: Record<string, VariantUsage> = {}): string {
  const { nodes, metrics, baseline } = metricsColumns(rows);
  const withUsage = rows.some((r) => usage[r.experimentRun]);
  const header = ['evaluator', 'dataset', 'label', 'experiment_run', 'evaluation_run'];
  header.push(...nodes.map((n) => `variant.${n}`));
  for (const m of metrics) header.push(...(baseline ? [m, `${m}.baseline`, `${m}.delta`] : [m]));
  if (withUsage) header.push(...USAGE_COLUMNS);
  let out = csvRecord(header);
  for (const r of rows) {
    const rec: unknown[] = [r.evaluator, r.dataset, r.label, r.experimentRun, r.evaluationRun];
    rec.push(...nodes.map((n) => r.variants[n]));
    for (const m of metrics) {
      const v = r.metrics[m];
      rec.push(v);
      if (baseline) {
        const b = r.baseline?.[m];
        rec.push(b, typeof v === 'number' && typeof b === 'number' ? v - b : undefined);
      }
    }
    if (withUsage) {
      const u = usage[r.experimentRun];
      rec.push(
        u?.promptTokens,
        u?.completionTokens,
        u?.lineP50,
        u?.lineP95,
        u?.llmP50,
        u?.llmP95,
        u?.cost,
        u?.currency,
        u ? (u.cachedLines ?? 0) : undefined
      );
    }
    out += csvRecord(rec);
  }
  return out;
}

/** One line of a run: its number and its inputs and outputs (without `line_number`). */
export interface LineRecord {
  lineNumber: number;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

const withoutLineNumber = (v: Record<string, unknown>) => {
  const { line_number: _ln, ...rest } = v;
  return rest;
};

/**
 * Streams the lines of a source in line order, joining `inputsFile` and `outputsFile` on
 * `line_number` (one record of each file in memory at a time). Lines come from `inputsFile` when
 * there is one (a failed line has inputs but no outputs), otherwise from `outputsFile`. A missing
 * file yields nothing. Stops after `limit` lines.
 */
export async function* readLines(source: LineResultsSource, limit = Infinity): AsyncGenerator<LineRecord> {
  if (limit <= 0) return;
  const hasOutputs = existsSync(source.outputsFile);
  const hasInputs = source.inputsFile !== undefined && existsSync(source.inputsFile);
  let count = 0;
  if (hasInputs) {
    const outputs = hasOutputs ? new LineNumberCursor(source.outputsFile) : undefined;
    try {
      for await (const row of readJsonlRows(source.inputsFile!)) {
        if (!row.value) continue;
        const n = typeof row.value.line_number === 'number' ? row.value.line_number : row.lineNumber;
        yield { lineNumber: n, inputs: withoutLineNumber(row.value), outputs: await outputs?.get(n) };
        if (++count >= limit) return;
      }
    } finally {
      await outputs?.close();
    }
  } else if (hasOutputs) {
    for await (const row of readJsonlRows(source.outputsFile)) {
      if (!row.value) continue;
      const n = typeof row.value.line_number === 'number' ? row.value.line_number : row.lineNumber;
      yield { lineNumber: n, outputs: withoutLineNumber(row.value) };
      if (++count >= limit) return;
    }
  }
}

/** Input and output column names across all sources (first-seen order): one streaming pass. */
export async function lineColumns(
  sources: LineResultsSource[]
): Promise<{ inputs: string[]; outputs: string[] }> {
  const inputs = new Set<string>();
  const outputs = new Set<string>();
  for (const s of sources)
    for await (const line of readLines(s)) {
      for (const k of Object.keys(line.inputs ?? {})) inputs.add(k);
      for (const k of Object.keys(line.outputs ?? {})) outputs.add(k);
    }
  return { inputs: [...inputs], outputs: [...outputs] };
}

/**
 * Writes the line-results CSV to `file`: `run`, `label`, `dataset`, `kind`, `evaluator`,
 * `line_number`, then `inputs.<key>` and `outputs.<key>` columns. Two streaming passes over the
 * JSONL files (the first finds the columns), so no run is held in memory. Returns the line count.
 */
export async function writeLinesCsv(sources: LineResultsSource[], file: string): Promise<number> {
  const { inputs, outputs } = await lineColumns(sources);
  const out = createWriteStream(file, { encoding: 'utf8' });
  let count = 0;
  try {
    await write(
      out,
      csvRecord([
        'run',
        'label',
        'dataset',
        'kind',
        'evaluator',
        'line_number',
        ...inputs.map((k) => `inputs.${k}`),
        ...outputs.map((k) => `outputs.${k}`)
      ])
    );
    for (const s of sources)
      for await (const line of readLines(s)) {
        count++;
        await write(
          out,
          csvRecord([
            s.run,
            s.label,
            s.dataset,
            s.kind,
            s.evaluator,
            line.lineNumber,
            ...inputs.map((k) => line.inputs?.[k]),
            ...outputs.map((k) => line.outputs?.[k])
          ])
        );
      }
  } finally {
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(() => resolve());
    });
  }
  return count;
}

function write(stream: WriteStream, text: string): Promise<void> | void {
  if (!stream.write(text)) return new Promise((resolve) => stream.once('drain', () => resolve()));
}

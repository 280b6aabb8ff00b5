/** Reading runs back from the store: `pf run show`, `show-details`, `show-metrics`, `list`. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors.js';
import type { LineErrorInfo, LineResult } from '../executor/types.js';
import { parsePy } from '../../util/py-float.js';
import { readJsonlRows } from './jsonl.js';
import {
  readRunRecord,
  RUN_FILES,
  runDir,
  runNames,
  runsRoot,
  type RunRecord,
  type RunStatus
} from './store.js';

export interface RunStoreOptions {
  /** The run store (default `.genaiops/runs` under `cwd`). */
  storeRoot?: string;
  cwd?: string;
}

const rootOf = (o: RunStoreOptions) => runsRoot(o.storeRoot, o.cwd);

/**
 * The run record (`run.json`). A run still marked Running (or killed while it ran) has its line
 * counts from the partial records: the lines that finished are not lost with the process.
 */
export function showRun(name: string, opts: RunStoreOptions = {}): RunRecord {
  const root = rootOf(opts);
  const record = readRunRecord(root, name);
  if (record.status !== 'Running' && record.status !== 'Preparing') return record;
  const partial = path.join(runDir(root, name), RUN_FILES.partial);
  if (!existsSync(partial)) return record;
  const status = new Map<number, string>();
  for (const text of readFileSync(partial, 'utf8').split('\n')) {
    try {
      const r = JSON.parse(text) as Partial<LineResult>;
      if (typeof r.lineNumber === 'number' && typeof r.status === 'string')
        status.set(r.lineNumber, r.status);
    } catch {
      // a record cut short by a kill
    }
  }
  const completed = [...status.values()].filter((s) => s === 'Completed').length;
  return { ...record, line_count: { ...record.line_count, completed, failed: status.size - completed } };
}

/** The run's metrics (`metrics.json`); {} when the run has none (yet). */
export function showMetrics(name: string, opts: RunStoreOptions = {}): Record<string, number> {
  const root = rootOf(opts);
  readRunRecord(root, name);
  const file = path.join(runDir(root, name), RUN_FILES.metrics);
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
  } catch (e) {
    throw new UserError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

export interface ListRunsOptions extends RunStoreOptions {
  /** Most runs returned, newest first (default 50, as `pf run list`). */
  maxResults?: number;
  /** Every run (ignores maxResults). */
  all?: boolean;
  status?: RunStatus;
}

/** Run records, newest first. */
export function listRuns(opts: ListRunsOptions = {}): RunRecord[] {
  const root = rootOf(opts);
  const records: RunRecord[] = [];
  for (const name of runNames(root)) {
    try {
      records.push(readRunRecord(root, name));
    } catch {
      // a run folder being written or broken: not listed
    }
  }
  const list = records
    .filter((r) => !opts.status || r.status === opts.status)
    .sort((a, b) => (b.created_on ?? '').localeCompare(a.created_on ?? '') || a.name.localeCompare(b.name));
  return opts.all ? list : list.slice(0, opts.maxResults ?? 50);
}

export interface LineDetail {
  lineNumber: number;
  status: LineResult['status'];
  inputs: Record<string, unknown>;
  /** Empty for a failed line. */
  outputs: Record<string, unknown>;
  error?: LineErrorInfo;
  durationMs: number;
  /** Node records, when asked for (`nodes: true`). */
  nodes?: LineResult['nodes'];
}

export interface ShowDetailsOptions extends RunStoreOptions {
  /** Most lines returned, from line 0 (default 100, as `pf run show-details`). */
  maxResults?: number;
  all?: boolean;
  /** Include each line's node records (outputs, logs, errors). */
  nodes?: boolean;
}

/** Every line's inputs, outputs, status and error, in line order (streams details.jsonl). */
export async function showDetails(name: string, opts: ShowDetailsOptions = {}): Promise<LineDetail[]> {
  const root = rootOf(opts);
  const record = readRunRecord(root, name);
  const dir = runDir(root, name);
  const finalFile = path.join(dir, RUN_FILES.details);
  const partial = path.join(dir, RUN_FILES.partial);
  const file = existsSync(finalFile) ? finalFile : existsSync(partial) ? partial : undefined;
  if (!file) {
    if (record.status === 'Preparing') return [];
    throw new UserError(`run "${name}" has no line details (${RUN_FILES.details} is missing in ${dir})`);
  }
  const max = opts.all ? Infinity : (opts.maxResults ?? 100);
  // the partial file may hold a line twice (a later record replaces an earlier one)
  const byLine = new Map<number, LineDetail>();
  for await (const row of readJsonlRows(file, file, parsePy)) {
    const r = row.value as LineResult | undefined;
    if (!r || typeof r.lineNumber !== 'number') continue;
    byLine.set(r.lineNumber, {
      lineNumber: r.lineNumber,
      status: r.status,
      inputs: r.inputs ?? {},
      outputs: r.outputs ?? {},
      ...(r.error ? { error: r.error } : {}),
      durationMs: r.durationMs,
      ...(opts.nodes ? { nodes: r.nodes } : {})
    });
    // the partial file is in completion order: read it all, then sort
    if (file === finalFile && byLine.size >= max) break;
  }
  const rows = [...byLine.values()].sort((a, b) => a.lineNumber - b.lineNumber);
  return rows.slice(0, max);
}

/**
 * The details as `pf run show-details` tabulates them: one flat object per line with
 * `inputs.<name>`, `inputs.line_number` and `outputs.<name>`; a failed line's outputs read "(Failed)".
 */
export function detailsTable(rows: LineDetail[]): Record<string, unknown>[] {
  const outputNames: string[] = [];
  for (const r of rows)
    for (const k of Object.keys(r.outputs)) if (!outputNames.includes(k)) outputNames.push(k);
  return rows.map((r) => {
    const flat: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r.inputs)) flat[`inputs.${k}`] = v;
    flat['inputs.line_number'] = r.lineNumber;
    for (const k of outputNames)
      flat[`outputs.${k}`] = r.status === 'Completed' ? (r.outputs[k] ?? null) : '(Failed)';
    return flat;
  });
}

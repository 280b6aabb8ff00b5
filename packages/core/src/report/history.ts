/**
 * Metric history: one JSONL file per use-case and environment (`<dir>/<use-case>/<env>.jsonl`,
 * default dir `.genaiops/history`), one entry per report written. It lives in `.genaiops/` next to
 * the evaluation manifest that later builds take as their baseline, so it travels with it (the
 * workflows keep `.genaiops/`). Both evaluate and monitor write reports through `writeReports`,
 * which appends here; `kind` tells their entries apart.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReportInput } from './types.js';

export type HistoryKind = 'evaluate' | 'monitor';

export const DEFAULT_HISTORY_DIR = path.join('.genaiops', 'history');
export const DEFAULT_HISTORY_LIMIT = 20;

export interface HistoryEntry {
  kind: HistoryKind;
  useCase: string;
  env: string;
  buildId?: string;
  /** ISO 8601: when the report was generated. */
  at: string;
  rows: { evaluator: string; dataset: string; label: string; metrics: Record<string, number> }[];
  gates: { evaluator: string; metric: string; min?: number; max?: number }[];
}

export interface HistoryOptions {
  /** The history folder (absolute, or relative to the process). */
  dir: string;
  kind: HistoryKind;
  /** Entries returned: the last N of this kind, this one included (default 20). */
  limit?: number;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_');

export function historyFile(dir: string, useCase: string, env: string): string {
  return path.join(dir, safe(useCase), `${safe(env)}.jsonl`);
}

export function historyEntry(input: ReportInput, kind: HistoryKind): HistoryEntry {
  const gates = new Map<string, HistoryEntry['gates'][number]>();
  for (const g of input.gates)
    if (g.min !== undefined || g.max !== undefined)
      gates.set(`${g.evaluator}\0${g.metric}`, {
        evaluator: g.evaluator,
        metric: g.metric,
        ...(g.min !== undefined ? { min: g.min } : {}),
        ...(g.max !== undefined ? { max: g.max } : {})
      });
  return {
    kind,
    useCase: input.useCase,
    env: input.env,
    ...(input.buildId ? { buildId: input.buildId } : {}),
    at: input.generatedAt,
    rows: input.rows.map((r) => ({
      evaluator: r.evaluator,
      dataset: r.dataset,
      label: r.label,
      metrics: r.metrics
    })),
    gates: [...gates.values()]
  };
}

/** Entries of the file, oldest first; lines that are not entries are skipped. */
export async function readHistory(file: string): Promise<HistoryEntry[]> {
  if (!existsSync(file)) return [];
  const out: HistoryEntry[] = [];
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as HistoryEntry;
      if (e && typeof e.at === 'string' && Array.isArray(e.rows)) out.push(e);
    } catch {
      // a line cut short by a killed job: the others still make a trend
    }
  }
  return out;
}

/**
 * Appends this report's entry (a rerun of the same build and kind replaces nothing: each report is
 * a point in time) and returns the last `limit` entries of the same kind, this one last.
 */
export async function appendHistory(input: ReportInput, opts: HistoryOptions): Promise<HistoryEntry[]> {
  const file = historyFile(opts.dir, input.useCase, input.env);
  const entry = historyEntry(input, opts.kind);
  const before = (await readHistory(file)).filter((e) => e.kind === opts.kind);
  mkdirSync(path.dirname(file), { recursive: true });
  await appendFile(file, JSON.stringify(entry) + '\n', 'utf8');
  return [...before, entry].slice(-(opts.limit ?? DEFAULT_HISTORY_LIMIT));
}

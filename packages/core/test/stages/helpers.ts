import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SourceLocation } from '../../src/errors.js';
import type { Reporter } from '../../src/reporter.js';
import { summaryMarkdown, type Summary } from '../../src/summary.js';

export const repoRoot = path.resolve(import.meta.dirname, '../../../..');
export const TICKETS = 'use-cases/ticket_classification';

/**
 * A fresh workspace holding a copy of a sample use-case at `use-cases/<name>` (runs, manifests and
 * reports go under it). `edit` rewrites the copy's llmops_config.json.
 */
export function workspace(useCase = TICKETS, edit?: (config: Record<string, any>) => void): string {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'genaiops-stage-'));
  const dest = path.join(ws, useCase);
  mkdirSync(path.dirname(dest), { recursive: true });
  cpSync(path.join(repoRoot, useCase), dest, { recursive: true });
  if (edit) {
    const file = path.join(dest, 'llmops_config.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    edit(config);
    writeFileSync(file, JSON.stringify(config, null, 2) + '\n');
  }
  return ws;
}

export const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/** A reporter that keeps everything, with the locations of warnings and errors. */
export class RecordingReporter implements Reporter {
  readonly infos: string[] = [];
  readonly warnings: string[] = [];
  readonly errors: { message: string; where?: SourceLocation }[] = [];
  readonly summaries: string[] = [];
  readonly secrets: string[] = [];
  info(m: string) {
    this.infos.push(m);
  }
  warn(m: string) {
    this.warnings.push(m);
  }
  error(message: string, where?: SourceLocation) {
    this.errors.push({ message, where });
  }
  group<T>(_t: string, fn: () => Promise<T>) {
    return fn();
  }
  progress() {}
  /** The markdown a job summary would get. */
  summary(s: Summary) {
    this.summaries.push(summaryMarkdown(s));
  }
  secret(v: string) {
    this.secrets.push(v);
  }
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

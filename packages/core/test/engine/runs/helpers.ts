import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExecutorOptions, FlowExecutor, LineResult } from '../../../src/engine/executor/types.js';

export const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
export const ticketDir = path.join(repoRoot, 'use-cases/ticket_classification');
export const standardFlow = path.join(ticketDir, 'flows/standard');
export const evaluationFlow = path.join(ticketDir, 'flows/evaluation');
export const prData = path.join(ticketDir, 'data/pr.jsonl');

export function tempDir(prefix = 'genaiops-runs-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeJsonl(dir: string, name: string, lines: (string | object)[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

export interface FakeOptions {
  /** Computes a line's outputs; throw to fail the line. */
  line: (
    inputs: Record<string, unknown>,
    lineNumber: number
  ) => Record<string, unknown> | Promise<Record<string, unknown>>;
  metrics?: (lines: LineResult[]) => Record<string, number>;
  delayMs?: (lineNumber: number) => number;
  /** A connection key the fake "reads" (reported through onSecret) and then prints in every line's logs. */
  secret?: string;
}

/** A FlowExecutor stand-in: records calls and concurrency. */
export function fakeExecutor(fake: FakeOptions) {
  const calls: number[] = [];
  const aggregations: LineResult[][] = [];
  const seen: ExecutorOptions[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const factory = (opts: ExecutorOptions): FlowExecutor => {
    seen.push(opts);
    if (fake.secret) opts.onSecret?.(fake.secret);
    return {
      async executeLine(inputs, lineNumber) {
        calls.push(lineNumber);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const t0 = Date.now();
        try {
          const ms = fake.delayMs?.(lineNumber) ?? 1;
          await new Promise((r) => setTimeout(r, ms));
          const outputs = await fake.line(inputs, lineNumber);
          return {
            lineNumber,
            status: 'Completed',
            inputs,
            outputs,
            nodes: [
              {
                node: 'fake',
                status: 'Completed',
                output: outputs,
                logs: `line ${lineNumber}\n${fake.secret ? `key=${fake.secret}\n` : ''}`,
                durationMs: 1
              }
            ],
            durationMs: Date.now() - t0
          };
        } catch (e) {
          return {
            lineNumber,
            status: 'Failed',
            inputs,
            outputs: {},
            nodes: [],
            error: { node: 'fake', type: 'ToolExecutionError', message: (e as Error).message },
            durationMs: Date.now() - t0
          };
        } finally {
          inFlight--;
        }
      },
      async executeAggregation(lines) {
        aggregations.push(lines);
        return { metrics: fake.metrics?.(lines) ?? {}, nodes: [] };
      }
    };
  };
  return {
    factory,
    calls,
    aggregations,
    seen,
    get maxInFlight() {
      return maxInFlight;
    }
  };
}

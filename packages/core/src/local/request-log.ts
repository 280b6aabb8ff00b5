/**
 * The local endpoint's request log: every scored request and its answer, one JSON line each, in
 * `<endpoint dir>/requests.jsonl`, for `genaiops monitor`. The file rotates at a size limit
 * (`requests.1.jsonl` is the newest older one), a share of requests can be sampled, and secret values
 * (endpoint keys, connection keys) and secret-named fields never reach the disk.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export const REQUEST_LOG_FILE = 'requests.jsonl';
export const DEFAULT_REQUEST_LOG_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_REQUEST_LOG_FILES = 5;
const MASK = '***';
// field names whose values are credentials, whatever they hold
const SECRET_NAME = /(^|_|-)(api_?key|key|token|secret|password|authorization|connection_string)$/i;

export interface RequestLogEntry {
  time: string;
  endpoint: string;
  deployment: string;
  inputs: Record<string, unknown>;
  outputs: unknown;
}

export interface RequestLogOptions {
  /** The endpoint's folder. */
  dir: string;
  /** Share of requests written, 0–1 (default 1). */
  sampleRate?: number;
  /** Rotate when the file would grow past this (default 10 MiB). */
  maxBytes?: number;
  /** Files kept, the current one included (default 5); the oldest is deleted. */
  maxFiles?: number;
  /** Values masked wherever they appear (keys of the endpoint, connection keys). */
  secrets?: () => string[];
  random?: () => number;
}

const logFile = (dir: string, n: number) =>
  path.join(dir, n === 0 ? REQUEST_LOG_FILE : REQUEST_LOG_FILE.replace('.jsonl', `.${n}.jsonl`));

/** Secret values in a deployment's environment: the keys inside connection JSON (`{"api_key": …}`). */
export function environmentSecrets(environment: Record<string, string>): string[] {
  const out: string[] = [];
  for (const v of Object.values(environment)) {
    if (!v.startsWith('{')) continue;
    try {
      for (const [k, x] of Object.entries(JSON.parse(v) as Record<string, unknown>))
        if (SECRET_NAME.test(k) && typeof x === 'string' && x) out.push(x);
    } catch {
      // not JSON: nothing to find
    }
  }
  return out;
}

/** Replaces secret values and secret-named fields in a JSON value. */
export function redact(value: unknown, secrets: string[]): unknown {
  const known = secrets.filter((s) => s.length >= 4);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return known.reduce((s, secret) => s.split(secret).join(MASK), v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, SECRET_NAME.test(k) && x !== null && x !== '' ? MASK : walk(x)])
      );
    return v;
  };
  return walk(value);
}

export class RequestLog {
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private size: number;

  constructor(private readonly opts: RequestLogOptions) {
    this.maxBytes = opts.maxBytes ?? DEFAULT_REQUEST_LOG_MAX_BYTES;
    this.maxFiles = Math.max(1, opts.maxFiles ?? DEFAULT_REQUEST_LOG_FILES);
    const current = logFile(opts.dir, 0);
    this.size = existsSync(current) ? statSync(current).size : 0;
  }

  /** Writes the entry unless sampling leaves it out; true when written. */
  append(entry: RequestLogEntry, sampleRate = this.opts.sampleRate ?? 1): boolean {
    const rate = sampleRate;
    if (rate <= 0 || (rate < 1 && (this.opts.random ?? Math.random)() >= rate)) return false;
    const line = JSON.stringify(redact(entry, this.opts.secrets?.() ?? [])) + '\n';
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    appendFileSync(logFile(this.opts.dir, 0), line, { mode: 0o600 });
    this.size += bytes;
    return true;
  }

  private rotate(): void {
    rmSync(logFile(this.opts.dir, this.maxFiles - 1), { force: true });
    for (let n = this.maxFiles - 2; n >= 0; n--)
      if (existsSync(logFile(this.opts.dir, n)))
        renameSync(logFile(this.opts.dir, n), logFile(this.opts.dir, n + 1));
    this.size = 0;
  }
}

/** The logged requests of an endpoint folder from `since` on, oldest first, across rotated files. */
export function readRequestLog(dir: string, opts: { since?: Date; until?: Date } = {}): RequestLogEntry[] {
  const out: RequestLogEntry[] = [];
  for (let n = 99; n >= 0; n--) {
    const file = logFile(dir, n);
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let entry: RequestLogEntry;
      try {
        entry = JSON.parse(line) as RequestLogEntry;
      } catch {
        continue; // a line cut short by a crash mid-write
      }
      const t = Date.parse(entry.time);
      if (opts.since && t < opts.since.getTime()) continue;
      if (opts.until && t > opts.until.getTime()) continue;
      out.push(entry);
    }
  }
  return out;
}

/**
 * A logged request as a dataset line: its inputs and its answer's outputs as columns (an output
 * named like an input becomes `output_<name>`), plus `_time` and `_deployment`.
 */
export function requestLogLine(entry: RequestLogEntry): Record<string, unknown> {
  const line: Record<string, unknown> = { ...entry.inputs };
  const outputs =
    entry.outputs && typeof entry.outputs === 'object' && !Array.isArray(entry.outputs)
      ? (entry.outputs as Record<string, unknown>)
      : { output: entry.outputs };
  for (const [k, v] of Object.entries(outputs)) line[k in entry.inputs ? `output_${k}` : k] = v;
  line._time = entry.time;
  line._deployment = entry.deployment;
  return line;
}

/**
 * The local run store: one folder per run under `.genaiops/runs/<name>/`.
 *
 * - `run.json`      the run record (see {@link RunRecord}), rewritten atomically at each status change;
 * - `inputs.jsonl`  every line's flow inputs, `{"line_number": n, ...inputs}`, in line order;
 * - `outputs.jsonl` every completed line's flow outputs, `{"line_number": n, ...outputs}`, in line order;
 * - `details.jsonl` every line's {@link LineResult} (status, error, node records with outputs and logs), in line order;
 * - `metrics.json`  the aggregation's `log_metric` values;
 * - `logs.txt`      the run's log.
 *
 * While a run executes, line results are appended to `details.partial.jsonl` as they complete (in
 * completion order) with a small index of byte offsets; at the end the three ordered files are
 * written from it by positioned reads, so the run is never held in memory.
 */
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  type WriteStream
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { didYouMean } from '../../util/did-you-mean.js';
import { parsePy, stringifyPy } from '../../util/py-float.js';
import type { LineResult } from '../executor/types.js';
import type { LlmUsageSummary } from './usage.js';

export const DEFAULT_RUNS_DIR = path.join('.genaiops', 'runs');

export const RUN_FILES = {
  record: 'run.json',
  inputs: 'inputs.jsonl',
  outputs: 'outputs.jsonl',
  details: 'details.jsonl',
  partial: 'details.partial.jsonl',
  metrics: 'metrics.json',
  logs: 'logs.txt'
} as const;

export type RunStatus = 'Preparing' | 'Running' | 'Completed' | 'Failed' | 'Canceled';

export interface RunError {
  type: string;
  message: string;
}

/**
 * `run.json`. The first keys are those `pf run show` prints for a local run (snake_case as there);
 * the rest is what the local engine adds (variant selection, mapping, line counts).
 */
export interface RunRecord {
  name: string;
  /** ISO 8601. */
  created_on: string;
  status: RunStatus;
  display_name: string;
  description: string | null;
  tags: Record<string, string> | null;
  properties: {
    /** Absolute, forward slashes. */
    flow_path: string;
    /** The run's folder. */
    output_path: string;
    /** pf's `--variant` text, when one node's variant was chosen. */
    node_variant?: string;
    /** The earlier run this one reads `${run.*}` from. */
    run?: string;
    system_metrics: {
      /** Seconds. */
      duration?: number;
      total_tokens: number;
      prompt_tokens: number;
      completion_tokens: number;
      llm_calls: number;
      llm_retries: number;
    };
  };
  /** The flow folder's name. */
  flow_name: string;
  /** Absolute path of the data file (null when the lines came from the earlier run's inputs). */
  data: string | null;
  /** The run's folder. */
  output: string;
  run?: string;
  start_time: string | null;
  end_time: string | null;
  /** Seconds between start and end. */
  duration: number | null;
  error?: RunError;
  /** Every variant node → its chosen variant (empty for a flow without variants: all defaults). */
  variants: Record<string, string>;
  /** Non-default choices, `classify.variant_1`, or `defaults`. */
  variant_label: string;
  /** The column mapping as given (before defaults). */
  column_mapping: Record<string, unknown>;
  line_count: { total: number; completed: number; failed: number };
  /** Lines in flight at once. */
  concurrency: number;
  /** How many times the run was resumed. */
  resumed?: number;
  /** Tokens and latency of the completed lines' LLM calls (see usage.ts). */
  llm_usage?: LlmUsageSummary;
  /** Aggregation's error, when aggregation failed (the run still completes; metrics may be partial). */
  aggregation_error?: RunError & { node?: string; traceback?: string };
}

/** Resolves the store root: `root` or `.genaiops/runs` under `cwd`. */
export function runsRoot(root?: string, cwd = process.cwd()): string {
  return path.resolve(cwd, root ?? DEFAULT_RUNS_DIR);
}

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export function checkRunName(name: string): void {
  if (!NAME.test(name) || name.length > 255)
    throw new UserError(
      `invalid run name "${name}": use letters, digits, "_", "-" and "." (not first), at most 255 characters`
    );
}

export function runDir(root: string, name: string): string {
  checkRunName(name);
  return path.join(root, name);
}

/** Names of the runs in the store (folders holding a run.json). */
export function runNames(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(root, d.name, RUN_FILES.record)))
    .map((d) => d.name);
}

export function readRunRecord(root: string, name: string): RunRecord {
  const file = path.join(runDir(root, name), RUN_FILES.record);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserError(`run "${name}" not found in ${root}${didYouMean(name, runNames(root))}`);
  }
  try {
    return JSON.parse(text) as RunRecord;
  } catch (e) {
    throw new UserError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

/** Writes `run.json` atomically (a reader never sees half a file). */
export function writeRunRecord(dir: string, record: RunRecord): void {
  writeJsonFile(path.join(dir, RUN_FILES.record), record);
}

/** Writes JSON through a temporary file of its own (pid and random part) and a rename. */
export function writeJsonFile(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

interface Batch {
  bufs: Buffer[];
  offset: number;
  done: Promise<void>;
}

interface Slot {
  offset: number;
  length: number;
  completed: boolean;
}

/** Appends line results as they complete and, at the end, writes the ordered files. */
export class LineSink {
  private readonly partial: string;
  private handle: FileHandle | undefined;
  private offset = 0;
  private chain: Promise<void> = Promise.resolve();
  /** The records waiting for the write under way to end. */
  private batch: Batch | undefined;
  private readonly slots = new Map<number, Slot>();
  completed = 0;
  failed = 0;

  /** `mask` hides secrets in what is written (node logs may print a key). */
  constructor(
    private readonly dir: string,
    private readonly mask: (text: string) => string = (t) => t
  ) {
    this.partial = path.join(dir, RUN_FILES.partial);
  }

  async open(): Promise<void> {
    this.handle = await open(this.partial, 'w+');
  }

  /** Records a line (a later record of the same line replaces an earlier one). Writes are serialised. */
  add(result: LineResult): Promise<void> {
    return this.addRaw(result.lineNumber, result.status === 'Completed', this.mask(stringifyPy(result)!));
  }

  /** Records an already serialised LineResult (kept lines of a resumed run). */
  addRaw(lineNumber: number, completed: boolean, json: string): Promise<void> {
    const buf = Buffer.from(json + '\n', 'utf8');
    const slot: Slot = { offset: this.offset, length: buf.length - 1, completed };
    this.offset += buf.length;
    const old = this.slots.get(lineNumber);
    if (old) {
      if (old.completed) this.completed--;
      else this.failed--;
    }
    this.slots.set(lineNumber, slot);
    if (completed) this.completed++;
    else this.failed++;
    // Records that come in while a write is under way go out together in the next one: their
    // offsets follow each other, so one positioned write holds them all.
    if (!this.batch) {
      const batch: Batch = { bufs: [], offset: slot.offset, done: undefined as unknown as Promise<void> };
      batch.done = this.chain.then(() => {
        if (this.batch === batch) this.batch = undefined;
        const all = batch.bufs.length === 1 ? batch.bufs[0] : Buffer.concat(batch.bufs);
        return this.handle!.write(all, 0, all.length, batch.offset).then(() => undefined);
      });
      this.chain = batch.done.catch(() => undefined);
      this.batch = batch;
    }
    this.batch.bufs.push(buf);
    return this.batch.done;
  }

  /** Resolves once every record added so far is written (or failed: `add` reports that). */
  idle(): Promise<void> {
    return this.chain;
  }

  has(lineNumber: number): boolean {
    return this.slots.has(lineNumber);
  }

  /**
   * Writes inputs.jsonl, outputs.jsonl and details.jsonl in line order, then removes the partial
   * file. `onCompleted` sees each completed line's result in order (for aggregation).
   */
  async finish(onCompleted?: (result: LineResult) => void): Promise<void> {
    await this.chain;
    const order = [...this.slots.entries()].sort((a, b) => a[0] - b[0]);
    // each file is written aside and renamed into place: a reader (or a kill) never sees half of one
    const final = {
      inputs: path.join(this.dir, RUN_FILES.inputs),
      outputs: path.join(this.dir, RUN_FILES.outputs),
      details: path.join(this.dir, RUN_FILES.details)
    };
    const suffix = `.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const files = {
      inputs: streamTo(final.inputs + suffix),
      outputs: streamTo(final.outputs + suffix),
      details: streamTo(final.details + suffix)
    };
    try {
      for (const [lineNumber, slot] of order) {
        const buf = Buffer.allocUnsafe(slot.length);
        // a synchronous read: nothing else runs now, and a thread-pool round trip per line costs more
        readSync(this.handle!.fd, buf, 0, slot.length, slot.offset);
        const text = buf.toString('utf8');
        const result = parsePy(text) as LineResult;
        await write(files.details, text + '\n');
        await write(files.inputs, stringifyPy({ line_number: lineNumber, ...result.inputs }) + '\n');
        if (result.status === 'Completed') {
          await write(files.outputs, stringifyPy({ line_number: lineNumber, ...result.outputs }) + '\n');
          onCompleted?.(result);
        }
      }
    } catch (e) {
      await Promise.all(Object.values(files).map(end));
      for (const f of Object.values(final)) rmSync(f + suffix, { force: true });
      throw e;
    }
    await Promise.all(Object.values(files).map(end));
    for (const f of Object.values(final)) renameSync(f + suffix, f);
    await this.close();
    rmSync(this.partial, { force: true });
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    await h?.close();
  }
}

function streamTo(file: string): WriteStream {
  return createWriteStream(file, { encoding: 'utf8' });
}

function write(stream: WriteStream, text: string): Promise<void> | void {
  if (!stream.write(text)) return new Promise((resolve) => stream.once('drain', () => resolve()));
}

function end(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}

/** Moves a run's line files aside before a resume; returns the files to read the kept lines from. */
export function setAsideLineFiles(dir: string): string[] {
  const out: string[] = [];
  for (const f of [RUN_FILES.details, RUN_FILES.partial]) {
    const from = path.join(dir, f);
    if (!existsSync(from)) continue;
    const to = `${from}.resume`;
    renameSync(from, to);
    out.push(to);
  }
  for (const f of [RUN_FILES.inputs, RUN_FILES.outputs]) rmSync(path.join(dir, f), { force: true });
  return out;
}

export function makeRunDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

/** Whether the store holds a run of this name (e.g. to decide between a new run and a resume). */
export function runExists(name: string, opts: { storeRoot?: string; cwd?: string } = {}): boolean {
  return existsSync(path.join(runDir(runsRoot(opts.storeRoot, opts.cwd), name), RUN_FILES.record));
}

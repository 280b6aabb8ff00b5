/**
 * Where the stages' runs execute. Both backends take the same run spec and give the same outcome
 * shape; both reuse a run that already completed under the same name (same build id).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  cloudRunError,
  Pfazure,
  readDownloadedRun,
  TERMINAL_STATUSES,
  type AzureWorkspace,
  type PfCloudRun
} from '../azure/pf/pfazure.js';
import type { Backend } from '../config/model.js';
import { isUserError } from '../errors.js';
import type { VariantSelection } from '../flow/model.js';
import { showMetrics } from '../engine/runs/show.js';
import {
  readRunRecord,
  RUN_FILES,
  runDir,
  runExists,
  runsRoot,
  type RunRecord
} from '../engine/runs/store.js';
import type { Reporter } from '../reporter.js';
import { toPosixRelative } from '../util/paths.js';
import { mapConcurrent, type PollOptions } from './concurrency.js';
import { backoffDelay, sleep } from '../util/retry.js';
import type { LineCounts, ManifestRunStatus } from './manifest.js';

export interface StageRunSpec {
  kind: 'experiment' | 'evaluation';
  /** The run's name: the planned name and the build id. */
  name: string;
  displayName: string;
  /** Absolute flow folder. */
  flowDir: string;
  /** Absolute data file. */
  dataFile: string;
  /** Azure: `azureml:<name>:<version>` of the registered data asset, used instead of the file. */
  registeredData?: string;
  columnMapping: Record<string, string>;
  /** Every variant node → its variant (local runs). */
  variants: VariantSelection;
  /** pf's `--variant ${node.variant}` for the one non-default node, if any (azure runs). */
  variantOption?: string;
  /** The (actual) name of the run `${run.*}` reads. */
  baseRun?: string;
  tags: Record<string, string>;
  environmentVariables: Record<string, string>;
}

export interface StageRunOutcome {
  /** The name the run has in the backend (azure: `<name>_attempt<n>` after a failed earlier attempt). */
  name: string;
  status: ManifestRunStatus;
  reused: boolean;
  lines?: LineCounts;
  metrics: Record<string, number>;
  error?: string;
  runDir?: string;
  portalUrl?: string;
  outputsFile?: string;
  inputsFile?: string;
  startTime?: string;
  endTime?: string;
  duration?: number;
}

export interface RunBackend {
  readonly kind: Backend;
  run(spec: StageRunSpec): Promise<StageRunOutcome>;
  /** A run that already exists under this name (without running anything), or undefined. */
  lookup(name: string): Promise<StageRunOutcome | undefined>;
}

// ---- local ------------------------------------------------------------------------------------

export interface LocalBackendOptions {
  cwd: string;
  /** The run store (default `.genaiops/runs` under cwd). */
  storeRoot?: string;
  environ: NodeJS.ProcessEnv;
  reporter: Reporter;
  /** Runs in flight at once: the python pool and LLM limit are shared out between them. */
  parallelRuns: number;
  pythonWorkers?: number;
  llmConcurrency?: number;
  lineConcurrency?: number;
  requestTimeoutMs?: number;
  /** The LLM cache of every run (see BulkRunOptions.llmCache). */
  llmCache?: boolean;
  signal?: AbortSignal;
}

/** The embedded engine: `runBulk` into the local run store. */
export class LocalRunBackend implements RunBackend {
  readonly kind = 'local' as const;
  private readonly root: string;
  private readonly pythonWorkers: number;
  private readonly llmConcurrency: number;

  constructor(private readonly o: LocalBackendOptions) {
    this.root = runsRoot(o.storeRoot, o.cwd);
    const k = Math.max(1, o.parallelRuns);
    // every run has its own pool and LLM client: give each its share, so k runs at once use about
    // what one run alone would (CPUs for python, 32 LLM calls in flight)
    this.pythonWorkers = o.pythonWorkers ?? Math.max(1, Math.floor(os.availableParallelism() / k));
    this.llmConcurrency = o.llmConcurrency ?? Math.max(4, Math.floor(32 / k));
  }

  /** The run store, relative to the workspace. */
  get store(): string {
    return toPosixRelative(this.o.cwd, this.root);
  }

  async run(spec: StageRunSpec): Promise<StageRunOutcome> {
    const store = { storeRoot: this.root, cwd: this.o.cwd };
    let existing: RunRecord | undefined;
    if (runExists(spec.name, store))
      try {
        existing = readRunRecord(this.root, spec.name);
      } catch {
        existing = undefined;
      }
    if (existing?.status === 'Completed') {
      this.o.reporter.info(`run ${spec.name}: already completed (same build id), reused`);
      return this.outcome(existing, showMetrics(spec.name, store), true);
    }
    const interrupted = existing && ['Running', 'Preparing', 'Canceled'].includes(existing.status);
    const common = {
      name: spec.name,
      storeRoot: this.root,
      cwd: this.o.cwd,
      environ: { ...this.o.environ, ...spec.environmentVariables },
      reporter: this.o.reporter,
      pythonWorkers: this.pythonWorkers,
      llmConcurrency: this.llmConcurrency,
      concurrency: this.o.lineConcurrency,
      requestTimeoutMs: this.o.requestTimeoutMs,
      llmCache: this.o.llmCache,
      signal: this.o.signal
    };
    try {
      // the engine (executor, python pool, LLM client) is loaded when a run is made, not at start:
      // a stage that reuses its runs or runs them on Azure never needs it
      const { runBulk } = await import('../engine/runs/bulk.js');
      const result = interrupted
        ? await runBulk({ ...common, resume: true })
        : await runBulk({
            ...common,
            flow: spec.flowDir,
            data: spec.dataFile,
            run: spec.baseRun,
            columnMapping: spec.columnMapping,
            variant: spec.variants,
            displayName: spec.displayName,
            tags: spec.tags,
            overwrite: existing !== undefined
          });
      return this.outcome(result.record, result.metrics, false);
    } catch (e) {
      const message = (e as Error)?.message ?? String(e);
      if (!isUserError(e)) this.o.reporter.warn(`run ${spec.name}: ${(e as Error)?.stack ?? message}`);
      let record: RunRecord | undefined;
      try {
        record = readRunRecord(this.root, spec.name);
      } catch {
        record = undefined;
      }
      if (record) return { ...this.outcome(record, {}, false), status: 'Failed', error: message };
      return { name: spec.name, status: 'Failed', reused: false, metrics: {}, error: message };
    }
  }

  async lookup(name: string): Promise<StageRunOutcome | undefined> {
    const store = { storeRoot: this.root, cwd: this.o.cwd };
    if (!runExists(name, store)) return undefined;
    const record = readRunRecord(this.root, name);
    return this.outcome(record, record.status === 'Completed' ? showMetrics(name, store) : {}, true);
  }

  private outcome(record: RunRecord, metrics: Record<string, number>, reused: boolean): StageRunOutcome {
    const dir = runDir(this.root, record.name);
    const rel = (f: string) => toPosixRelative(this.o.cwd, path.join(dir, f));
    const status: ManifestRunStatus =
      record.status === 'Preparing' ? 'NotStarted' : (record.status as ManifestRunStatus);
    return {
      name: record.name,
      status,
      reused,
      lines: record.line_count,
      metrics,
      error: record.error?.message,
      runDir: toPosixRelative(this.o.cwd, dir),
      outputsFile: existsSync(path.join(dir, RUN_FILES.outputs)) ? rel(RUN_FILES.outputs) : undefined,
      inputsFile: existsSync(path.join(dir, RUN_FILES.inputs)) ? rel(RUN_FILES.inputs) : undefined,
      startTime: record.start_time ?? undefined,
      endTime: record.end_time ?? undefined,
      duration: record.duration ?? undefined
    };
  }
}

// ---- azure ------------------------------------------------------------------------------------

export interface AzureBackendOptions {
  cwd: string;
  pfazure: string;
  workspace: AzureWorkspace;
  env: NodeJS.ProcessEnv;
  reporter: Reporter;
  runtime?: string;
  connections?: Record<string, string>;
  poll?: PollOptions;
  /** Where run results are downloaded, relative to cwd (default `.genaiops/azure-runs`). */
  downloadsDir?: string;
}

export const DEFAULT_DOWNLOADS_DIR = '.genaiops/azure-runs';

/** Azure ML prompt flow runs through `pfazure`, polled with backoff until they end. */
export class AzureRunBackend implements RunBackend {
  readonly kind = 'azure' as const;
  readonly pf: Pfazure;

  private readonly watcher: RunWatcher;

  constructor(private readonly o: AzureBackendOptions) {
    this.pf = new Pfazure({ command: o.pfazure, workspace: o.workspace, cwd: o.cwd, env: o.env });
    this.watcher = new RunWatcher(this.pf, o.poll);
  }

  async lookup(name: string): Promise<StageRunOutcome | undefined> {
    const r = await this.pf.show(name);
    if (!r) return undefined;
    const status = r.status as ManifestRunStatus;
    return {
      name,
      status,
      reused: true,
      metrics: {},
      error: status === 'Completed' ? undefined : (cloudRunError(r) ?? `run ${status}`),
      portalUrl: r.portal_url,
      startTime: r.start_time ?? undefined,
      endTime: r.end_time ?? undefined,
      duration: durationSeconds(r)
    };
  }

  async run(spec: StageRunSpec): Promise<StageRunOutcome> {
    const { reporter } = this.o;
    try {
      // Optimistic submission: `run create` under the build's name; when the workspace already has
      // a run of that name (a rerun with the same build id), `run show` says what it is: completed →
      // reused; still going → waited for; failed or canceled → the retry gets the next
      // `_attempt<n>` name (run names are unique in a workspace).
      let name = spec.name;
      let final: PfCloudRun | undefined;
      let reused = false;
      let portalUrl: string | undefined;
      for (let attempt = 2; ; attempt++) {
        const submitted = await this.submit(spec, name);
        if (typeof submitted === 'string' || submitted === undefined) {
          portalUrl = submitted;
          break;
        }
        const existing = await this.pf.show(name);
        if (!existing) throw submitted;
        portalUrl = existing.portal_url;
        if (existing.status === 'Completed') {
          reporter.info(`run ${name}: already completed (same build id), reused`);
          reused = true;
          final = existing;
          break;
        }
        if (existing.status !== 'Failed' && existing.status !== 'Canceled') {
          reporter.info(`run ${name} is already ${existing.status}: waiting for it`);
          break;
        }
        name = `${spec.name}_attempt${attempt}`;
      }
      final ??= await this.watcher.wait(name);
      const status = final.status as ManifestRunStatus;
      const outcome: StageRunOutcome = {
        name,
        status,
        reused,
        metrics: {},
        error: status === 'Completed' ? undefined : (cloudRunError(final) ?? `run ${status}`),
        portalUrl: final.portal_url ?? portalUrl,
        startTime: final.start_time ?? undefined,
        endTime: final.end_time ?? undefined,
        duration: durationSeconds(final)
      };
      if (status !== 'Completed') {
        reporter.info(`run ${name} ${status}: ${outcome.error}`);
        return outcome;
      }
      // the download holds the line results and metrics.json; show-metrics only when it fails
      const downloads = this.o.downloadsDir ?? DEFAULT_DOWNLOADS_DIR;
      try {
        const local = path.resolve(this.o.cwd, downloads, name);
        const d =
          reused &&
          existsSync(path.join(local, 'metrics.json')) &&
          existsSync(path.join(local, 'outputs.jsonl'))
            ? readDownloadedRun(local)
            : await this.pf.download(name, downloads);
        outcome.lines = d.lines;
        outcome.outputsFile = toPosixRelative(this.o.cwd, d.outputsFile);
        outcome.inputsFile = d.inputsFile && toPosixRelative(this.o.cwd, d.inputsFile);
        outcome.metrics = d.metrics ?? (await this.pf.showMetrics(name));
      } catch (e) {
        reporter.warn(
          `run ${name}: could not download its line results (${(e as Error).message}); reports will lack its lines`
        );
        outcome.metrics = await this.pf.showMetrics(name);
      }
      reporter.info(
        `run ${name} Completed` +
          (outcome.lines ? `: ${outcome.lines.completed}/${outcome.lines.total} lines completed` : '') +
          (Object.keys(outcome.metrics).length
            ? `; ${Object.entries(outcome.metrics)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')}`
            : '')
      );
      return outcome;
    } catch (e) {
      const message = (e as Error)?.message ?? String(e);
      if (!isUserError(e)) reporter.warn(`run ${spec.name}: ${(e as Error)?.stack ?? message}`);
      return { name: spec.name, status: 'Failed', reused: false, metrics: {}, error: message };
    }
  }

  /** `run create`; the portal URL (or undefined) when submitted, else the error (the caller checks whether the name exists). */
  private async submit(spec: StageRunSpec, name: string): Promise<string | undefined | Error> {
    try {
      const created = await this.pf.create({
        flow: toPosixRelative(this.o.cwd, spec.flowDir),
        data: spec.registeredData ?? toPosixRelative(this.o.cwd, spec.dataFile),
        run: spec.baseRun,
        columnMapping: spec.columnMapping,
        variant: spec.variantOption,
        name,
        displayName: spec.displayName,
        tags: spec.tags,
        environmentVariables: spec.environmentVariables,
        connections: this.o.connections,
        runtime: this.o.runtime
      });
      this.o.reporter.info(`run ${name}: submitted${created.portal_url ? ` (${created.portal_url})` : ''}`);
      return created.portal_url;
    } catch (e) {
      if (!isUserError(e)) throw e;
      return e;
    }
  }
}

/**
 * Waits for many cloud runs with one poller: each tick is one `pfazure run list` (the newest runs,
 * enough to hold every run waited for): a run it lists as Completed is done; `run show` asks for
 * the record (with its error) of a run it lists as Failed or Canceled, and for a run it does not
 * list (just submitted, or a busy workspace). Ticks back off from `initialMs` to `maxMs`; each waiter has its own timeout.
 */
export class RunWatcher {
  private readonly waiters = new Map<
    string,
    { since: number; resolve: (r: PfCloudRun) => void; reject: (e: Error) => void }[]
  >();
  private running = false;

  constructor(
    private readonly pf: Pfazure,
    private readonly poll: PollOptions = {}
  ) {}

  wait(name: string): Promise<PfCloudRun> {
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(name) ?? [];
      list.push({ since: Date.now(), resolve, reject });
      this.waiters.set(name, list);
      if (!this.running) {
        this.running = true;
        void this.loop();
      }
    });
  }

  private settle(name: string, run: PfCloudRun | Error) {
    for (const w of this.waiters.get(name) ?? []) {
      if (run instanceof Error) w.reject(run);
      else w.resolve(run);
    }
    this.waiters.delete(name);
  }

  private async loop(): Promise<void> {
    const { initialMs = 2000, maxMs = 30_000, factor = 1.5, timeoutMs = 24 * 3600_000 } = this.poll;
    const backoff = { initialMs, maxMs, factor, minMs: 1 };
    let tickNo = 1;
    let next = Date.now() + initialMs;
    try {
      while (this.waiters.size) {
        await sleep(Math.max(0, next - Date.now()));
        const tick = Date.now();
        const names = [...this.waiters.keys()];
        let listed: Map<string, PfCloudRun> | undefined;
        try {
          const runs = await this.pf.list(Math.max(50, names.length * 4));
          listed = new Map(runs.map((r) => [r.name, r]));
        } catch {
          listed = undefined; // no list: show every run
        }
        // completed in the list: done (the list has status and times); failed or canceled: `show`
        // for the error; not in the list: `show`
        for (const n of names) if (listed?.get(n)?.status === 'Completed') this.settle(n, listed.get(n)!);
        const ask = names.filter(
          (n) => this.waiters.has(n) && (!listed?.has(n) || TERMINAL_STATUSES.includes(listed.get(n)!.status))
        );
        await mapConcurrent(ask, 4, async (name) => {
          try {
            const r = await this.pf.show(name);
            if (r && TERMINAL_STATUSES.includes(r.status)) this.settle(name, r);
          } catch (e) {
            this.settle(name, e as Error);
          }
        });
        for (const [name, ws] of this.waiters)
          if (Date.now() - Math.min(...ws.map((w) => w.since)) > timeoutMs)
            this.settle(
              name,
              new Error(`gave up waiting for run ${name} after ${Math.round(timeoutMs / 1000)} s`)
            );
        // intervals count from the start of a tick: a slow pfazure call does not stretch them
        next = tick + backoffDelay(++tickNo, backoff);
      }
    } finally {
      this.running = false;
      // a waiter added while the last tick ended
      if (this.waiters.size) {
        this.running = true;
        void this.loop();
      }
    }
  }
}

function durationSeconds(run: PfCloudRun): number | undefined {
  const d = run.duration;
  if (typeof d === 'number') return d;
  if (typeof d === 'string') {
    // run history gives "HH:MM:SS.ffffff"
    const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(d);
    if (m) return Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
    const n = Number(d);
    if (Number.isFinite(n)) return n;
  }
  if (run.start_time && run.end_time) return (Date.parse(run.end_time) - Date.parse(run.start_time)) / 1000;
  return undefined;
}

/**
 * Where the stages' runs execute. Both backends take the same run spec and give the same outcome
 * shape; both reuse a run that already completed under the same name (same build id).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudRunError, Pfazure, TERMINAL_STATUSES, type AzureWorkspace, type PfCloudRun } from '../azure/pf/pfazure.js';
import type { Backend } from '../config/model.js';
import { isUserError } from '../errors.js';
import type { VariantSelection } from '../flow/model.js';
import { runBulk } from '../engine/runs/bulk.js';
import { showMetrics } from '../engine/runs/show.js';
import { readRunRecord, RUN_FILES, runDir, runExists, runsRoot, type RunRecord } from '../engine/runs/store.js';
import type { Reporter } from '../reporter.js';
import { toPosixRelative } from '../util/paths.js';
import { pollUntil, type PollOptions } from './concurrency.js';
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
      concurrency: this.o.lineConcurrency
    };
    try {
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

  constructor(private readonly o: AzureBackendOptions) {
    this.pf = new Pfazure({ command: o.pfazure, workspace: o.workspace, cwd: o.cwd, env: o.env });
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
      // Run names are unique in a workspace: a failed or canceled earlier attempt of this build
      // keeps its name, so the retry gets the next `_attempt<n>` name.
      let name = spec.name;
      let existing = await this.pf.show(name);
      for (let attempt = 2; existing && (existing.status === 'Failed' || existing.status === 'Canceled'); attempt++) {
        name = `${spec.name}_attempt${attempt}`;
        existing = await this.pf.show(name);
      }
      let final: PfCloudRun;
      const reused = existing?.status === 'Completed';
      if (existing && reused) {
        reporter.info(`run ${name}: already completed (same build id), reused`);
        final = existing;
      } else {
        if (existing) reporter.info(`run ${name} is already ${existing.status}: waiting for it`);
        else {
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
          reporter.info(`run ${name}: submitted${created.portal_url ? ` (${created.portal_url})` : ''}`);
        }
        final = await pollUntil(
          async () => {
            const r = await this.pf.show(name);
            return r && TERMINAL_STATUSES.includes(r.status) ? r : undefined;
          },
          this.o.poll,
          `run ${name}`
        );
      }
      const status = final.status as ManifestRunStatus;
      const outcome: StageRunOutcome = {
        name,
        status,
        reused,
        metrics: {},
        error: status === 'Completed' ? undefined : (cloudRunError(final) ?? `run ${status}`),
        portalUrl: final.portal_url,
        startTime: final.start_time ?? undefined,
        endTime: final.end_time ?? undefined,
        duration: durationSeconds(final)
      };
      if (status !== 'Completed') {
        reporter.info(`run ${name} ${status}: ${outcome.error}`);
        return outcome;
      }
      outcome.metrics = await this.pf.showMetrics(name);
      const downloads = this.o.downloadsDir ?? DEFAULT_DOWNLOADS_DIR;
      try {
        const d = await this.pf.download(name, downloads);
        outcome.lines = d.lines;
        outcome.outputsFile = toPosixRelative(this.o.cwd, d.outputsFile);
        outcome.inputsFile = d.inputsFile && toPosixRelative(this.o.cwd, d.inputsFile);
      } catch (e) {
        reporter.warn(`run ${name}: could not download its line results (${(e as Error).message}); reports will lack its lines`);
      }
      reporter.info(
        `run ${name} Completed` +
          (outcome.lines ? `: ${outcome.lines.completed}/${outcome.lines.total} lines completed` : '') +
          (Object.keys(outcome.metrics).length
            ? `; ${Object.entries(outcome.metrics).map(([k, v]) => `${k}=${v}`).join(', ')}`
            : '')
      );
      return outcome;
    } catch (e) {
      const message = (e as Error)?.message ?? String(e);
      if (!isUserError(e)) reporter.warn(`run ${spec.name}: ${(e as Error)?.stack ?? message}`);
      return { name: spec.name, status: 'Failed', reused: false, metrics: {}, error: message };
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

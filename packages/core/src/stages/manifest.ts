/**
 * The hand-over files between stages. `run-manifest.json` (experiment → evaluate) lists every
 * experiment run with its variant, dataset, backend, id and status; the evaluation manifest adds
 * the evaluation runs, the metric rows and the gate results. Paths in them are relative to the
 * workspace (forward slashes) so a later job on another runner can read them.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Backend } from '../config/model.js';
import { UserError } from '../errors.js';
import type { GateResult, MetricRow, ReportFiles } from '../report/types.js';

export const DEFAULT_RUN_MANIFEST = '.genaiops/run-manifest.json';
export const DEFAULT_EVALUATION_MANIFEST = '.genaiops/evaluation-manifest.json';
export const MANIFEST_VERSION = 1;

/** A run's final (or last seen) status, in prompt flow's words. */
export type ManifestRunStatus = 'Completed' | 'Failed' | 'Canceled' | 'NotStarted' | 'Running';

export interface LineCounts {
  total: number;
  completed: number;
  failed: number;
}

export interface ManifestRun {
  /** The run's name in its backend (the planned name with the build id). */
  name: string;
  /** The planned, build-independent name (`<use-case>_<env>_<dataset>_<label>`). */
  planned: string;
  kind: 'experiment' | 'evaluation';
  /** Experiment runs: their dataset. Evaluation runs: the evaluation dataset. */
  dataset: string;
  /** Every variant node with its variant id (for evaluation runs: those of the experiment run). */
  variants: Record<string, string>;
  /** `defaults` or the non-default choices, e.g. `classify.variant_1`. */
  label: string;
  backend: Backend;
  /** The run id in the backend (a local run store name, or the Azure ML run name). */
  id: string;
  status: ManifestRunStatus;
  lines?: LineCounts;
  /** This invocation found the run already completed (same build id) and did not run it again. */
  reused: boolean;
  buildId?: string;
  error?: string;
  /** Local: the run's folder in the run store. */
  runDir?: string;
  /** Azure: the run's page in Azure ML studio. */
  portalUrl?: string;
  /** Line outputs / inputs (JSONL with `line_number`), when known on this machine. */
  outputsFile?: string;
  inputsFile?: string;
  startTime?: string;
  endTime?: string;
  /** Seconds. */
  duration?: number;
  /** Evaluation runs. */
  evaluator?: string;
  experimentRun?: string;
  /** The experiment run's dataset (evaluation runs). */
  experimentDataset?: string;
  metrics?: Record<string, number>;
}

export interface RunManifest {
  version: number;
  kind: 'experiment' | 'evaluation';
  useCase: string;
  /** The use-case folder, relative to the workspace. */
  useCaseDir: string;
  env: string;
  backend: Backend;
  buildId?: string;
  createdAt: string;
  /** Local backend: the run store, relative to the workspace. */
  runStore?: string;
  azure?: { subscriptionId?: string; resourceGroup: string; workspace: string };
  /** Connections that ran on the mock provider: the runs' answers and metrics mean nothing. */
  mock?: string[];
  runs: ManifestRun[];
}

export interface EvaluationManifest extends RunManifest {
  kind: 'evaluation';
  /** The run manifest the experiment runs came from (when one was read). */
  runManifest?: string;
  rows: MetricRow[];
  gates: GateResult[];
  gatesPassed: boolean;
  reports?: ReportFiles;
}

/** Writes JSON atomically (a reader never sees half a file), creating the folder. */
export function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, file);
}

/** Reads a run manifest (or an evaluation manifest), checking its shape enough to use it. */
export function readRunManifest(file: string, display = file): RunManifest {
  if (!existsSync(file))
    throw new UserError(`${display}: run manifest not found (the experiment stage writes it)`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`${display}: not valid JSON (${(e as Error).message})`);
  }
  const m = value as Partial<RunManifest>;
  if (
    !m ||
    typeof m !== 'object' ||
    !Array.isArray(m.runs) ||
    typeof m.useCase !== 'string' ||
    typeof m.env !== 'string'
  )
    throw new UserError(
      `${display}: expected a run manifest (an object with useCase, env and runs), found something else`
    );
  if (m.version !== MANIFEST_VERSION)
    throw new UserError(
      `${display}: manifest version ${String(m.version)} is not supported (expected ${MANIFEST_VERSION})`
    );
  return m as RunManifest;
}

/** What a manifest entry says of its own run, beside the outcome the backend reported. */
export type ManifestRunBase = Pick<
  ManifestRun,
  'planned' | 'kind' | 'dataset' | 'variants' | 'label' | 'backend' | 'buildId'
> &
  Partial<Pick<ManifestRun, 'evaluator' | 'experimentRun' | 'experimentDataset'>>;

/** A manifest entry from a backend's outcome; optional fields left out when unknown. */
export function manifestRun(
  base: ManifestRunBase,
  o: Omit<ManifestRun, keyof ManifestRunBase | 'id'>
): ManifestRun {
  const entry: ManifestRun = { ...base, ...o, id: o.name };
  for (const key of Object.keys(entry) as (keyof ManifestRun)[])
    if (entry[key] === undefined) delete entry[key];
  return entry;
}

/**
 * The one layout of outputs the CLI commands share: manifests under `.genaiops/<use-case>/`,
 * reports under `reports/<use-case>/<env>/` (relative to the workspace).
 */
export function outputLayout(useCase: string, env: string) {
  return {
    manifest: path.join('.genaiops', useCase, 'run-manifest.json'),
    evaluationManifest: path.join('.genaiops', useCase, 'evaluation-manifest.json'),
    reportsDir: path.join('reports', useCase, env)
  };
}

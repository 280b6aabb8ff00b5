/**
 * The evaluate stage: every evaluation flow against every completed experiment run whose dataset
 * its evaluation dataset references (joined line by line through `${run.outputs.*}`), run
 * concurrently; then the metrics table, the gates, the reports and the evaluation manifest.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { EnvironmentPlan } from '../plan/plan.js';
import type { PricingConfig } from '../config/model.js';
import { RUN_FILES, type RunRecord } from '../engine/runs/store.js';
import { DEFAULT_HISTORY_DIR, renderSummaryMarkdown, variantUsage, writeReports } from '../report/index.js';
import type { VariantUsage } from '../report/cost.js';
import type {
  FailedLines,
  GateResult,
  LineResultsSource,
  MetricRow,
  ReportFiles,
  ReportInput
} from '../report/types.js';
import { reportSummaryBlocks } from '../report/summary-blocks.js';
import type { Reporter } from '../reporter.js';
import type { SourceLocation } from '../errors.js';
import { readBaseline, type Baseline } from './baseline.js';
import type { RunBackend, StageRunSpec } from './backends.js';
import { registeredDataResolver } from './registered-data.js';
import { mapConcurrent } from './concurrency.js';
import { checkBuildId } from './build-id.js';
import {
  checkStageInputs,
  createBackend,
  prepareStage,
  runName,
  type RunStageContext,
  type StageOptions
} from './context.js';
import { describeRun, runTags } from './experiment.js';
import { effectiveGates, evaluateGates, parseGatesInput, type GateTable } from './gates.js';
import {
  manifestRun,
  DEFAULT_EVALUATION_MANIFEST,
  DEFAULT_RUN_MANIFEST,
  MANIFEST_VERSION,
  readRunManifest,
  writeJson,
  type EvaluationManifest,
  type ManifestRun,
  type RunManifest
} from './manifest.js';

export interface EvaluateOptions extends StageOptions {
  /** The experiment stage's run manifest (default `.genaiops/run-manifest.json`). Without the file, the
   * experiment runs of the plan are looked up by name (`buildId` is then required). */
  manifest?: string;
  /** Where to write the evaluation manifest (default `.genaiops/evaluation-manifest.json`). */
  evaluationManifest?: string;
  /** Overrides of the config gates: JSON text or object, `{"evaluator": {"metric": {"min": 0.7}}}` or `{"metric": {…}}`. */
  gates?: string | Record<string, unknown>;
  /** A previous evaluation manifest, run manifest or metrics.json to compare with. */
  baseline?: string;
  /** Fail a metric that drops more than this below its baseline value. */
  maxRegression?: number;
  /** Where the reports go (default `reports`). */
  reportsDir?: string;
  /** The metric history the trends are drawn from (default `.genaiops/history`). */
  historyDir?: string;
  /** Links shown in the reports and the PR comment (the workflow run, its reports artifact). */
  links?: { run?: string; artifact?: string };
}

export type LocatedGateResult = GateResult & { where?: SourceLocation };

export interface EvaluateResult {
  plan: EnvironmentPlan;
  buildId: string;
  /** The evaluation manifest's path as given (relative to the workspace by default). */
  manifestFile: string;
  manifest: EvaluationManifest;
  /** The evaluation runs. */
  runs: ManifestRun[];
  rows: MetricRow[];
  gates: GateResult[];
  gatesPassed: boolean;
  /** Evaluation runs that did not complete. */
  failedRuns: ManifestRun[];
  /** Every gate passed and every evaluation run completed. */
  passed: boolean;
  reports: ReportFiles;
  reportInput: ReportInput;
  summaryMarkdown: string;
}

/** What every step of the stage reads: the stage context, the run manifest, the gates and the backend. */
interface EvaluationSetup {
  opts: EvaluateOptions;
  cwd: string;
  /** Resolves a workspace-relative path. */
  abs: (p: string) => string;
  ctx: RunStageContext;
  manifestPath: string;
  runManifest: RunManifest | undefined;
  mock: string[];
  buildId: string;
  table: GateTable;
  baseline: Baseline | undefined;
  parallel: number;
  backend: RunBackend;
}

/** One planned evaluation and the completed experiment run it evaluates. */
interface PendingEvaluation {
  ev: EnvironmentPlan['evaluations'][number];
  exp: ManifestRun;
}

/** The metrics table and what the gates said of it. */
interface Verdict {
  rows: MetricRow[];
  failedRuns: ManifestRun[];
  gates: GateResult[];
  gatesPassed: boolean;
}

interface WrittenEvaluationReports {
  reportInput: ReportInput;
  reports: ReportFiles;
  reportsDir: string;
  summaryMarkdown: string;
}

export async function evaluate(opts: EvaluateOptions, reporter: Reporter): Promise<EvaluateResult> {
  const setup = await prepareEvaluation(opts, reporter);
  const experiments = await findExperimentRuns(setup);
  const todo = pendingEvaluations(setup, experiments, reporter);
  const runs = await runEvaluations(setup, todo, reporter);
  const verdict = judge(setup, runs, reporter);
  const written = await writeEvaluationReports(setup, experiments, runs, verdict, reporter);
  return finalizeEvaluation(setup, runs, verdict, written, reporter);
}

/** The run manifest read and checked against the plan, the gates and baseline read, the backend made: all before any run. */
async function prepareEvaluation(opts: EvaluateOptions, reporter: Reporter): Promise<EvaluationSetup> {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const manifestPath = opts.manifest ?? DEFAULT_RUN_MANIFEST;
  const manifestAbs = path.resolve(cwd, manifestPath);
  const runManifest: RunManifest | undefined = existsSync(manifestAbs)
    ? readRunManifest(manifestAbs, manifestPath)
    : undefined;

  const ctx = prepareStage({ ...opts, cwd, backend: opts.backend ?? runManifest?.backend }, reporter);
  const mock = [...new Set([...(runManifest?.mock ?? []), ...ctx.mock])];
  const { plan, useCase } = ctx;
  for (const w of plan.warnings) reporter.warn(w);
  if (runManifest && (runManifest.useCase !== plan.useCase || runManifest.env !== plan.env))
    throw new UserError(
      `${manifestPath}: written for use-case "${runManifest.useCase}" environment "${runManifest.env}", not "${plan.useCase}" environment "${plan.env}"`
    );
  if (runManifest && runManifest.backend !== plan.backend)
    throw new UserError(
      `${manifestPath}: its runs are on the ${runManifest.backend} backend, not ${plan.backend}`
    );
  const givenBuildId = opts.buildId ?? runManifest?.buildId;
  if (!givenBuildId)
    throw new UserError(
      `no run manifest at ${manifestPath}: run the experiment stage first, or give the build id of its runs to find them`
    );
  const buildId = checkBuildId(givenBuildId);

  // ---- checks before any run ----------------------------------------------------------------
  const gatesInput = parseGatesInput(
    opts.gates,
    useCase.config.evaluators.map((e) => e.name)
  );
  const table = effectiveGates(useCase, gatesInput);
  await checkStageInputs(ctx, { evaluators: true, gates: table });
  if (opts.maxRegression !== undefined && !(Number.isFinite(opts.maxRegression) && opts.maxRegression >= 0))
    throw new UserError(`max regression: expected a number ≥ 0, found ${opts.maxRegression}`);
  const baseline: Baseline | undefined = opts.baseline
    ? readBaseline(path.resolve(cwd, opts.baseline), opts.baseline)
    : undefined;

  const parallel = Math.min(ctx.concurrency, Math.max(1, plan.evaluations.length));
  const backend = await createBackend(ctx, opts, reporter, parallel);
  const abs = (p: string) => path.resolve(cwd, p);
  return {
    opts,
    cwd,
    abs,
    ctx,
    manifestPath,
    runManifest,
    mock,
    buildId,
    table,
    baseline,
    parallel,
    backend
  };
}

/** The experiment runs, by planned name: from the run manifest, or looked up in the backend by build id. */
async function findExperimentRuns(setup: EvaluationSetup): Promise<Map<string, ManifestRun>> {
  const { runManifest, ctx, buildId, backend, manifestPath } = setup;
  const experiments = new Map<string, ManifestRun>();
  if (runManifest) {
    for (const r of runManifest.runs) if (r.kind === 'experiment') experiments.set(r.planned, r);
  } else
    for (const exp of ctx.plan.experiments) {
      const name = runName(exp.name, buildId);
      const found = await backend.lookup(name);
      if (!found)
        throw new UserError(
          `no run manifest at ${manifestPath}, and experiment run ${name} (${exp.label} on ${exp.dataset}) is not in the ${backend.kind} backend: run the experiment stage first`
        );
      experiments.set(
        exp.name,
        manifestRun(
          {
            planned: exp.name,
            kind: 'experiment',
            dataset: exp.dataset,
            variants: exp.variants,
            label: exp.label,
            backend: backend.kind,
            buildId
          },
          { ...found, reused: true, metrics: undefined }
        )
      );
    }
  return experiments;
}

/** The planned evaluations whose experiment run completed (the others are skipped, with a warning). */
function pendingEvaluations(
  setup: EvaluationSetup,
  experiments: Map<string, ManifestRun>,
  reporter: Reporter
): PendingEvaluation[] {
  const { plan } = setup.ctx;
  const { manifestPath, runManifest } = setup;
  const todo = plan.evaluations.flatMap((ev) => {
    const exp = experiments.get(ev.experimentRun);
    if (!exp) {
      reporter.warn(
        `experiment run ${ev.experimentRun} is not in ${manifestPath}: evaluator "${ev.evaluator}" skips it`
      );
      return [];
    }
    if (exp.status !== 'Completed') {
      reporter.warn(
        `experiment run ${describeRun(exp)} is ${exp.status}: evaluator "${ev.evaluator}" skips it`
      );
      return [];
    }
    return [{ ev, exp }];
  });
  if (!todo.length)
    throw new UserError(
      `nothing to evaluate: no completed experiment run${runManifest ? ` in ${manifestPath}` : ''} for the ${plan.evaluations.length} planned evaluation(s)`
    );
  return todo;
}

/** Every evaluation run, concurrently on the backend. */
async function runEvaluations(
  setup: EvaluationSetup,
  todo: PendingEvaluation[],
  reporter: Reporter
): Promise<ManifestRun[]> {
  const { ctx, opts, buildId, backend, parallel } = setup;
  const { plan, useCase } = ctx;
  const evaluatorIndex = new Map(useCase.config.evaluators.map((e) => [e.name, e] as const));
  const dataOf = registeredDataResolver(ctx, opts.azure?.registeredData, reporter);
  reporter.info(
    `${plan.useCase} · ${plan.env}: ${todo.length} evaluation run(s) on the ${backend.kind} backend, ${parallel} at a time, build ${buildId}`
  );
  return mapConcurrent(todo, ctx.concurrency, async ({ ev, exp }): Promise<ManifestRun> => {
    const evaluator = evaluatorIndex.get(ev.evaluator)!;
    const spec: StageRunSpec = {
      kind: 'evaluation',
      name: runName(ev.name, buildId),
      displayName: `${plan.useCase} ${plan.env} ${ev.evaluator} ${exp.label} on ${exp.dataset} (build ${buildId})`,
      flowDir: path.join(useCase.dir, evaluator.flow),
      dataFile: path.join(useCase.dir, useCase.config.datasets[ev.dataset].source),
      registeredData: await dataOf(ev.dataset),
      columnMapping: ev.mappings,
      variants: {},
      baseRun: exp.name,
      tags: runTags(ctx, buildId, {
        stage: 'evaluation',
        evaluator: ev.evaluator,
        dataset: ev.dataset,
        variant: exp.label,
        experiment_run: exp.name
      }),
      environmentVariables: ctx.envConfig.environmentVariables ?? {}
    };
    const o = await backend.run(spec);
    return manifestRun(
      {
        planned: ev.name,
        kind: 'evaluation',
        dataset: ev.dataset,
        variants: exp.variants,
        label: exp.label,
        backend: backend.kind,
        buildId,
        evaluator: ev.evaluator,
        experimentRun: exp.name,
        experimentDataset: exp.dataset
      },
      o
    );
  });
}

/** The metrics table (with the baseline), the gates over it, each failure and gate reported. */
function judge(setup: EvaluationSetup, runs: ManifestRun[], reporter: Reporter): Verdict {
  const { baseline, table, opts } = setup;
  const rows: MetricRow[] = runs.map((r) => {
    const row: MetricRow = {
      evaluator: r.evaluator!,
      dataset: r.experimentDataset!,
      experimentRun: r.experimentRun!,
      evaluationRun: r.name,
      variants: r.variants,
      label: r.label,
      metrics: r.metrics ?? {}
    };
    const base = baseline?.lookup(row);
    if (base) row.baseline = base;
    return row;
  });
  if (baseline && !rows.some((r) => r.baseline))
    reporter.warn(
      `baseline ${opts.baseline}: no row of it matches this evaluation (evaluator, label, dataset)`
    );
  const failedRuns = runs.filter((r) => r.status !== 'Completed');
  const runErrors = Object.fromEntries(failedRuns.map((r) => [r.name, r.error ?? r.status]));
  const located: LocatedGateResult[] = evaluateGates(rows, table, {
    maxRegression: opts.maxRegression,
    runErrors
  });
  const gates: GateResult[] = located.map(({ where: _where, ...g }) => g);
  const gatesPassed = gates.every((g) => g.passed);

  for (const r of failedRuns)
    reporter.error(`evaluation run ${describeRun(r)} ${r.status}${r.error ? `: ${r.error}` : ''}`);
  for (const g of located) if (!g.passed) reporter.error(`gate failed: ${g.message}`, g.where);
  for (const g of located) if (g.passed) reporter.info(`gate passed: ${g.message}`, 'pass');
  return { rows, failedRuns, gates, gatesPassed };
}

/** The per-line results of every completed run, for the reports' line tables. */
function lineSources(
  setup: EvaluationSetup,
  experiments: Map<string, ManifestRun>,
  runs: ManifestRun[]
): LineResultsSource[] {
  const { abs } = setup;
  const lines: LineResultsSource[] = [];
  for (const exp of experiments.values())
    if (exp.status === 'Completed' && exp.outputsFile && existsSync(abs(exp.outputsFile)))
      lines.push({
        run: exp.name,
        label: exp.label,
        dataset: exp.dataset,
        kind: 'experiment',
        outputsFile: abs(exp.outputsFile),
        ...(exp.inputsFile && existsSync(abs(exp.inputsFile)) ? { inputsFile: abs(exp.inputsFile) } : {})
      });
  const planned = new Map(setup.ctx.plan.evaluations.map((ev) => [ev.name, ev] as const));
  for (const r of runs)
    if (r.status === 'Completed' && r.outputsFile && existsSync(abs(r.outputsFile)))
      lines.push({
        run: r.name,
        label: r.label,
        dataset: r.experimentDataset ?? r.dataset,
        kind: 'evaluation',
        evaluator: r.evaluator,
        experimentRun: r.experimentRun,
        referenceInputs: Object.entries(planned.get(r.planned)?.mappings ?? {})
          .filter(([, v]) => typeof v === 'string' && v.trim().startsWith('${data.'))
          .map(([k]) => k),
        outputsFile: abs(r.outputsFile),
        ...(r.inputsFile && existsSync(abs(r.inputsFile)) ? { inputsFile: abs(r.inputsFile) } : {})
      });
  return lines;
}

/** The CSV, HTML and markdown reports and the job summary. */
async function writeEvaluationReports(
  setup: EvaluationSetup,
  experiments: Map<string, ManifestRun>,
  runs: ManifestRun[],
  verdict: Verdict,
  reporter: Reporter
): Promise<WrittenEvaluationReports> {
  const { opts, ctx, abs, buildId, mock } = setup;
  const { plan, useCase } = ctx;
  const failedLines: FailedLines[] = [...experiments.values(), ...runs]
    .filter((r) => r.lines?.failed)
    .map((r) => ({
      run: r.name,
      kind: r.kind,
      label: r.label,
      dataset: r.dataset,
      failed: r.lines!.failed,
      total: r.lines!.total
    }));
  const reportInput: ReportInput = {
    useCase: plan.useCase,
    env: plan.env,
    buildId,
    backend: plan.backend,
    generatedAt: new Date().toISOString(),
    rows: verdict.rows,
    gates: verdict.gates,
    lines: lineSources(setup, experiments, runs),
    ...(mock.length ? { mock } : {}),
    ...(failedLines.length ? { failedLines } : {}),
    higherIsBetter: Object.fromEntries(
      useCase.config.evaluators.filter((e) => e.higherIsBetter).map((e) => [e.name, e.higherIsBetter!])
    ),
    usage: runUsage([...experiments.values()], abs, useCase.config.pricing),
    ...(opts.links ? { links: opts.links } : {})
  };
  const reportsDir = opts.reportsDir ?? 'reports';
  const written = await writeReports(reportInput, abs(reportsDir), {
    history: { dir: abs(opts.historyDir ?? DEFAULT_HISTORY_DIR), kind: 'evaluate' }
  });
  const reports: ReportFiles = {
    metricsCsv: ctx.rel(written.metricsCsv),
    linesCsv: ctx.rel(written.linesCsv),
    html: ctx.rel(written.html),
    markdown: ctx.rel(written.markdown)
  };
  const summaryMarkdown = renderSummaryMarkdown(written.input);
  reporter.summary({ blocks: reportSummaryBlocks(written.input), markdown: summaryMarkdown });
  return { reportInput: written.input, reports, reportsDir, summaryMarkdown };
}

/** The evaluation manifest written, the outcome told, the result assembled. */
function finalizeEvaluation(
  setup: EvaluationSetup,
  runs: ManifestRun[],
  verdict: Verdict,
  written: WrittenEvaluationReports,
  reporter: Reporter
): EvaluateResult {
  const { opts, ctx, abs, buildId, mock, runManifest, manifestPath } = setup;
  const { plan, useCase } = ctx;
  const { rows, gates, gatesPassed, failedRuns } = verdict;
  const { reports, reportsDir, summaryMarkdown } = written;
  const azure = ctx.envConfig.azure;
  const manifest: EvaluationManifest = {
    version: MANIFEST_VERSION,
    kind: 'evaluation',
    useCase: plan.useCase,
    useCaseDir: ctx.rel(useCase.dir),
    env: plan.env,
    backend: plan.backend,
    buildId,
    createdAt: written.reportInput.generatedAt,
    ...(runManifest ? { runManifest: manifestPath } : {}),
    ...(runManifest?.runStore ? { runStore: runManifest.runStore } : {}),
    ...(plan.backend === 'azure' && azure
      ? {
          azure: {
            subscriptionId: azure.subscriptionId,
            resourceGroup: azure.resourceGroup,
            workspace: azure.workspace
          }
        }
      : {}),
    ...(mock.length ? { mock } : {}),
    runs,
    rows,
    gates,
    gatesPassed,
    reports
  };
  const manifestFile = opts.evaluationManifest ?? DEFAULT_EVALUATION_MANIFEST;
  writeJson(abs(manifestFile), manifest);

  const passed = gatesPassed && failedRuns.length === 0;
  const failedGates = gates.filter((g) => !g.passed).length;
  reporter.info(
    `${runs.length - failedRuns.length} of ${runs.length} evaluation run(s) completed; ${gates.length - failedGates} of ${gates.length} gate(s) passed; reports in ${reportsDir}; manifest ${manifestFile}`
  );
  return {
    plan,
    buildId,
    manifestFile,
    manifest,
    runs,
    rows,
    gates,
    gatesPassed,
    failedRuns,
    passed,
    reports,
    reportInput: written.reportInput,
    summaryMarkdown
  };
}

/** Tokens, latency and cost of the experiment runs that recorded them (local run store). */
function runUsage(
  experiments: ManifestRun[],
  abs: (p: string) => string,
  pricing: PricingConfig | undefined
): Record<string, VariantUsage> {
  const out: Record<string, VariantUsage> = {};
  for (const exp of experiments) {
    const file = exp.runDir && abs(path.join(exp.runDir, RUN_FILES.record));
    if (!file || !existsSync(file)) continue;
    try {
      const record = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
      if (record.llm_usage) out[exp.name] = variantUsage(record.llm_usage, pricing);
    } catch {
      // a run record being rewritten or damaged: the report goes without its usage
    }
  }
  return out;
}

/** One line per failed gate / failed evaluation run: what the CLI and the action fail with. */
export function evaluationFailure(result: EvaluateResult): string {
  const failedGates = result.gates.filter((g) => !g.passed);
  const parts: string[] = [];
  if (failedGates.length) parts.push(`${failedGates.length} of ${result.gates.length} gate(s) failed`);
  if (result.failedRuns.length) parts.push(`${result.failedRuns.length} evaluation run(s) did not complete`);
  return (
    parts.join('; ') + (failedGates.length ? ':\n' + failedGates.map((g) => `- ${g.message}`).join('\n') : '')
  );
}

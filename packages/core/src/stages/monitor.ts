/**
 * The monitor stage (post-production evaluation): the environment's monitor evaluators run over
 * production lines (its log datasets, or its deployment's request log for a time window), write
 * the same reports as evaluate (kind `monitor`), and check their gates. A breached gate says which
 * metric moved and by how much since the previous monitor run.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AzureTarget } from '../azure/target.js';
import { readCollectedLines } from '../azure/data-collection.js';
import type { DeploymentConfig, MonitorConfig } from '../config/model.js';
import { MemoryReporter } from '../reporter.js';
import { openStage } from './targets.js';
import { UserError } from '../errors.js';
import { endpointsRoot } from '../local/endpoint-state.js';
import { readRequestLog, requestLogLine } from '../local/request-log.js';
import { DEFAULT_HISTORY_DIR, renderSummaryMarkdown, writeReports } from '../report/index.js';
import type { GateResult, LineResultsSource, MetricRow, ReportFiles, ReportInput } from '../report/types.js';
import { reportSummaryBlocks } from '../report/summary-blocks.js';
import type { Reporter } from '../reporter.js';
import type { RunBackend } from './backends.js';
import { registeredDataResolver } from './registered-data.js';
import { mapConcurrent } from './concurrency.js';
import { checkBuildId, defaultBuildId } from './build-id.js';
import { createBackend, prepareStage, runName, type RunStageContext, type StageOptions } from './context.js';
import { describeRun, runTags } from './experiment.js';
import { evaluateGates, type GateTable } from './gates.js';
import { manifestRun, MANIFEST_VERSION, writeJson, type ManifestRun } from './manifest.js';
import { slug } from '../plan/plan.js';

export interface MonitorOptions extends StageOptions {
  /** Where the reports go (default `reports/monitor`). */
  reportsDir?: string;
  /** Request log: hours back from `now` (default the config's windowHours, else 24). */
  windowHours?: number;
  /** End of the request-log window (default now). */
  now?: Date;
  /** The monitor manifest (default `.genaiops/monitor/<use-case>/<env>/monitor-manifest.json`); the
   * previous one found there is what "moved" is measured against. */
  manifest?: string;
  /** Azure data collection: reads the collected lines of the window (see azure/data-collection). */
  collectedLines?: (window: { since: Date; until: Date }) => Promise<Record<string, unknown>[]>;
}

export interface MonitorSource {
  /** A dataset name, or `request-log`. */
  name: string;
  file: string;
  lines?: number;
  registeredData?: string;
}

export interface MonitorManifest {
  version: number;
  kind: 'monitor';
  useCase: string;
  env: string;
  backend: string;
  buildId: string;
  createdAt: string;
  sources: MonitorSource[];
  runs: ManifestRun[];
  rows: MetricRow[];
  gates: GateResult[];
  gatesPassed: boolean;
  reports: ReportFiles;
}

export interface MonitorResult {
  buildId: string;
  manifestFile: string;
  sources: MonitorSource[];
  runs: ManifestRun[];
  rows: MetricRow[];
  gates: GateResult[];
  failedRuns: ManifestRun[];
  passed: boolean;
  reports: ReportFiles;
  summaryMarkdown: string;
}

const REQUEST_LOG_SOURCE = 'request-log';
const fmt = (n: number) => String(Math.round(n * 1e6) / 1e6);

export async function monitor(opts: MonitorOptions, reporter: Reporter): Promise<MonitorResult> {
  const ctx = prepareStage(opts);
  const { plan, useCase, envConfig } = ctx;
  const config = envConfig.monitor;
  if (!config)
    throw new UserError([
      {
        ...useCase.locate(['environments', plan.env]),
        message: `environment "${plan.env}" has no "monitor" section (production lines and the evaluators to run over them)`
      }
    ]);
  const buildId = checkBuildId(opts.buildId ?? defaultBuildId(ctx.environ));
  const abs = (p: string) => path.resolve(ctx.cwd, p);
  const manifestFile = opts.manifest ?? path.posix.join(monitorDir(ctx), 'monitor-manifest.json');
  const previous = readPrevious(abs(manifestFile), plan.useCase, plan.env);
  const sources = await collectSources(ctx, config, opts, buildId, reporter);

  const table = monitorGateTable(ctx, config);
  const todo = config.evaluators.flatMap((evaluator) => sources.map((source) => ({ evaluator, source })));
  const backend = await createBackend(ctx, opts, reporter, Math.min(ctx.concurrency, todo.length));
  reporter.info(
    `${plan.useCase} · ${plan.env}: monitor, ${todo.length} evaluation run(s) over ${sources.map((s) => `${s.name}${s.lines !== undefined ? ` (${s.lines} lines)` : ''}`).join(', ')} on the ${backend.kind} backend, build ${buildId}`
  );
  const runs = await mapConcurrent(todo, ctx.concurrency, ({ evaluator, source }) =>
    runMonitorEvaluation(ctx, backend, buildId, evaluator, source)
  );
  const { rows, gates, failedRuns } = judgeMonitorRuns(runs, table, previous, reporter);

  const lines: LineResultsSource[] = runs
    .filter((r) => r.status === 'Completed' && r.outputsFile && existsSync(abs(r.outputsFile)))
    .map((r) => ({
      run: r.name,
      label: r.label,
      dataset: r.dataset,
      kind: 'evaluation',
      evaluator: r.evaluator,
      outputsFile: abs(r.outputsFile!),
      ...(r.inputsFile && existsSync(abs(r.inputsFile)) ? { inputsFile: abs(r.inputsFile) } : {})
    }));
  const reportInput: ReportInput = {
    kind: 'monitor',
    useCase: plan.useCase,
    env: plan.env,
    buildId,
    backend: plan.backend,
    generatedAt: (opts.now ?? new Date()).toISOString(),
    rows,
    gates,
    lines
  };
  const reportsDir = opts.reportsDir ?? path.posix.join('reports', 'monitor');
  // the trend across monitor runs: the same history as evaluate, kind monitor
  const written = await writeReports(reportInput, abs(reportsDir), {
    history: { dir: abs(DEFAULT_HISTORY_DIR), kind: 'monitor' }
  });
  const reports: ReportFiles = {
    metricsCsv: ctx.rel(written.metricsCsv),
    linesCsv: ctx.rel(written.linesCsv),
    html: ctx.rel(written.html),
    markdown: ctx.rel(written.markdown)
  };
  const summaryMarkdown = renderSummaryMarkdown(reportInput);
  reporter.summary({ blocks: reportSummaryBlocks(reportInput), markdown: summaryMarkdown });

  const gatesPassed = gates.every((g) => g.passed);
  const manifest: MonitorManifest = {
    version: MANIFEST_VERSION,
    kind: 'monitor',
    useCase: plan.useCase,
    env: plan.env,
    backend: plan.backend,
    buildId,
    createdAt: reportInput.generatedAt,
    sources: sources.map((s) => ({ ...s, file: ctx.rel(s.file) })),
    runs,
    rows,
    gates,
    gatesPassed,
    reports
  };
  writeJson(abs(manifestFile), manifest);
  return {
    buildId,
    manifestFile,
    sources: manifest.sources,
    runs,
    rows,
    gates,
    failedRuns,
    passed: gatesPassed && failedRuns.length === 0,
    reports,
    summaryMarkdown
  };
}

/** The monitor section's gates, each located in the config file. */
function monitorGateTable(ctx: RunStageContext, config: MonitorConfig): GateTable {
  const { plan, useCase } = ctx;
  return Object.fromEntries(
    config.evaluators.map((e, i) => [
      e.name,
      Object.fromEntries(
        Object.entries(e.gates).map(([metric, g]) => [
          metric,
          {
            ...g,
            fromInput: false,
            where: useCase.locate(['environments', plan.env, 'monitor', 'evaluators', i, 'gates', metric])
          }
        ])
      )
    ])
  );
}

/** One evaluator over one source of production lines. */
async function runMonitorEvaluation(
  ctx: RunStageContext,
  backend: RunBackend,
  buildId: string,
  evaluator: MonitorConfig['evaluators'][number],
  source: MonitorSource
): Promise<ManifestRun> {
  const { plan, useCase, envConfig } = ctx;
  const planned = slug(`${plan.useCase}_${plan.env}_monitor_${evaluator.name}_${source.name}`);
  const o = await backend.run({
    kind: 'evaluation',
    name: runName(planned, buildId),
    displayName: `${plan.useCase} ${plan.env} monitor ${evaluator.name} on ${source.name} (build ${buildId})`,
    flowDir: path.join(useCase.dir, evaluator.flow),
    dataFile: source.file,
    registeredData: source.registeredData,
    columnMapping: evaluator.mappings,
    variants: {},
    tags: runTags(ctx, buildId, { stage: 'monitor', evaluator: evaluator.name, dataset: source.name }),
    environmentVariables: envConfig.environmentVariables ?? {}
  });
  return manifestRun(
    {
      planned,
      kind: 'evaluation',
      dataset: source.name,
      variants: {},
      label: 'production',
      backend: backend.kind,
      buildId,
      evaluator: evaluator.name
    },
    o
  );
}

/** The metrics (with the previous monitor run's as baseline) and the gates over them, reported. */
function judgeMonitorRuns(
  runs: ManifestRun[],
  table: GateTable,
  previous: MonitorManifest | undefined,
  reporter: Reporter
): { rows: MetricRow[]; gates: GateResult[]; failedRuns: ManifestRun[] } {
  const rows: MetricRow[] = runs.map((r) => {
    const row: MetricRow = {
      evaluator: r.evaluator!,
      dataset: r.dataset,
      experimentRun: '',
      evaluationRun: r.name,
      variants: {},
      label: r.label,
      metrics: r.metrics ?? {}
    };
    const before = previous?.rows.find((p) => p.evaluator === row.evaluator && p.dataset === row.dataset);
    if (before) row.baseline = before.metrics;
    return row;
  });
  const failedRuns = runs.filter((r) => r.status !== 'Completed');
  const located = evaluateGates(rows, table, {
    runErrors: Object.fromEntries(failedRuns.map((r) => [r.name, r.error ?? r.status]))
  });
  // a breach says how far the metric moved since the previous monitor run
  for (const g of located)
    if (!g.passed && g.value !== undefined && g.baseline !== undefined)
      g.message += `; it moved ${g.value - g.baseline >= 0 ? '+' : ''}${fmt(g.value - g.baseline)} since the previous monitor run (build ${previous!.buildId}: ${fmt(g.baseline)})`;
    else if (!g.passed && g.value !== undefined) g.message += '; no earlier monitor run to compare with';
  const gates: GateResult[] = located.map(({ where: _where, ...g }) => g);
  for (const r of failedRuns)
    reporter.error(`monitor run ${describeRun(r)} ${r.status}${r.error ? `: ${r.error}` : ''}`);
  for (const g of located) if (!g.passed) reporter.error(`gate failed: ${g.message}`, g.where);
  for (const g of located) if (g.passed) reporter.info(`gate passed: ${g.message}`, 'pass');
  return { rows, gates, failedRuns };
}

/** One line per failed gate / failed run: what the CLI and the action fail with. */
export function monitorFailure(result: MonitorResult): string {
  const failed = result.gates.filter((g) => !g.passed);
  const parts: string[] = [];
  if (failed.length) parts.push(`${failed.length} of ${result.gates.length} monitor gate(s) failed`);
  if (result.failedRuns.length) parts.push(`${result.failedRuns.length} monitor run(s) did not complete`);
  return parts.join('; ') + (failed.length ? ':\n' + failed.map((g) => `- ${g.message}`).join('\n') : '');
}

/** Data collection of an Azure deployment, read from the workspace's default blob datastore. */
function collectedOnAzure(
  opts: MonitorOptions,
  deployment: DeploymentConfig
): NonNullable<MonitorOptions['collectedLines']> {
  return async (window) => {
    const stage = await openStage({ ...opts, target: deployment.target }, new MemoryReporter());
    try {
      const { container } = await (stage.target as AzureTarget).datastore();
      return await readCollectedLines(container, {
        endpoint: deployment.endpoint,
        deployment: deployment.deployment,
        ...window
      });
    } finally {
      await stage.close();
    }
  };
}

function readPrevious(file: string, useCase: string, env: string): MonitorManifest | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as MonitorManifest;
    return m.kind === 'monitor' && m.useCase === useCase && m.env === env ? m : undefined;
  } catch {
    return undefined; // an unreadable earlier manifest only loses the comparison
  }
}

/** The production lines to evaluate: the monitor's datasets, or the request log written to a JSONL file. */
async function collectSources(
  ctx: RunStageContext,
  config: MonitorConfig,
  opts: MonitorOptions,
  buildId: string,
  reporter: Reporter
): Promise<MonitorSource[]> {
  const { useCase, plan } = ctx;
  if (config.datasets) {
    const dataOf = registeredDataResolver(ctx, opts.azure?.registeredData, reporter);
    return Promise.all(
      config.datasets.map(async (name) => ({
        name,
        file: path.join(useCase.dir, useCase.config.datasets[name].source),
        registeredData: await dataOf(name)
      }))
    );
  }
  const deployment = plan.deployment!;
  const until = opts.now ?? new Date();
  const hours = opts.windowHours ?? config.windowHours ?? 24;
  if (!(hours > 0)) throw new UserError(`window: expected a number of hours > 0, found ${hours}`);
  const since = new Date(until.getTime() - hours * 3600_000);
  let lines: Record<string, unknown>[];
  if (deployment.target === 'local') {
    const dir = path.join(endpointsRoot(ctx.cwd), deployment.endpoint);
    lines = readRequestLog(dir, { since, until }).map(requestLogLine);
  } else lines = await (opts.collectedLines ?? collectedOnAzure(opts, deployment))({ since, until });
  if (!lines.length)
    throw new UserError(
      `no production lines: endpoint "${deployment.endpoint}" (${deployment.target}) logged no request between ${since.toISOString()} and ${until.toISOString()} (is its request log on, and has it been called?)`
    );
  const file = path.resolve(ctx.cwd, monitorDir(ctx), `${buildId}.jsonl`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return [{ name: REQUEST_LOG_SOURCE, file, lines: lines.length }];
}

/** Where a use-case environment's monitor keeps its manifest and request-log extracts (workspace-relative). */
const monitorDir = ({ plan }: RunStageContext) =>
  path.posix.join('.genaiops', 'monitor', slug(plan.useCase), slug(plan.env));

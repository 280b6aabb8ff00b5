/**
 * Endpoint integration tests: the environment's evaluation datasets go through one deployment of
 * the endpoint (bounded concurrency, retries on 429 and 5xx), the answers are joined with the
 * evaluation lines as a run would be, and the configured evaluators and gates judge them. The deploy
 * stage runs this after the smoke test of the new deployment alone, so a failure rolls it back.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IntegrationTestConfig } from '../config/model.js';
import { readJsonlRows } from '../engine/runs/jsonl.js';
import { UserError } from '../errors.js';
import { slug } from '../plan/plan.js';
import { writeReports } from '../report/index.js';
import type { GateResult, MetricRow, ReportFiles } from '../report/types.js';
import type { Reporter } from '../reporter.js';
import { mapConcurrent } from './concurrency.js';
import { createBackend, prepareStage, runName, type RunStageContext, type StageOptions } from './context.js';
import { describeRun, runTags } from './experiment.js';
import { effectiveGates, evaluateGates, parseGatesInput } from './gates.js';
import { manifestRun, type ManifestRun } from './manifest.js';
import type { EndpointTarget, ScoringResponse } from './targets.js';
import { retry } from '../util/retry.js';

export interface IntegrationTestOptions extends StageOptions {
  endpoints: EndpointTarget;
  endpoint: string;
  /** The deployment called alone (deployment header). */
  deployment: string;
  /** Overrides the config's integrationTest section. */
  settings?: IntegrationTestConfig;
  /** First backoff wait (default 500 ms, doubled per attempt). */
  initialDelayMs?: number;
  /** Where the reports go (default `reports/integration`). */
  reportsDir?: string;
  buildId: string;
}

export interface IntegrationTestResult {
  passed: boolean;
  lines: { total: number; failed: number };
  rows: MetricRow[];
  gates: GateResult[];
  runs: ManifestRun[];
  failures: string[];
  reports: ReportFiles;
}

const DATA_REF = /^\$\{data\.([^}]+)\}$/;
const RUN_REF = /^\$\{run\.(outputs|inputs)\.([^}]+)\}$/;
const RETRYABLE = (status: number) => status === 429 || status >= 500;

/** A line the deployment did not answer with JSON (retried while the status says it may). */
class NoAnswer extends Error {
  constructor(readonly response: ScoringResponse) {
    super(`HTTP ${response.status}`);
  }
}

export async function integrationTest(
  opts: IntegrationTestOptions,
  reporter: Reporter
): Promise<IntegrationTestResult> {
  const ctx = prepareStage(opts);
  const { useCase, envConfig, plan } = ctx;
  const settings = { ...envConfig.integrationTest, ...opts.settings };
  const { datasets: all } = useCase.config;
  const evaluationSets = (settings.datasets ?? envConfig.datasets).filter(
    (d) => all[d]?.reference !== undefined
  );
  if (!evaluationSets.length)
    throw new UserError(
      `environment "${plan.env}" has no evaluation dataset to send through the endpoint (datasets with "reference")`
    );
  const attempts = settings.attempts ?? 4;
  const failures: string[] = [];
  const lineFailures: string[] = [];
  let total = 0;
  let failed = 0;
  const workDir = path.join(
    ctx.cwd,
    '.genaiops',
    'integration',
    slug(plan.useCase),
    slug(plan.env),
    opts.buildId
  );
  mkdirSync(workDir, { recursive: true });

  // ---- every line through the deployment -------------------------------------------------------
  const joined = new Map<string, string>();
  for (const name of evaluationSets) {
    const sent = await sendDataset(ctx, opts, {
      name,
      attempts,
      concurrency: settings.concurrency ?? 4,
      workDir
    });
    total += sent.total;
    failed += sent.failed;
    lineFailures.push(...sent.lineFailures);
    joined.set(name, sent.file);
  }
  reporter.info(
    `integration test of ${opts.endpoint}/${opts.deployment}: ${total - failed} of ${total} line(s) answered`
  );
  if (failed > (settings.maxFailedLines ?? 0))
    failures.push(
      `${failed} of ${total} line(s) got no answer after ${attempts} attempt(s)`,
      ...lineFailures.slice(0, 5)
    );
  else for (const f of lineFailures) reporter.warn(`integration test: ${f}`);

  // ---- evaluated with the environment's evaluators and gates ----------------------------------
  const { runs, rows, gates } = await evaluateAnswers(ctx, opts, evaluationSets, joined, failures, reporter);

  const written = await writeReports(
    {
      useCase: plan.useCase,
      env: plan.env,
      buildId: opts.buildId,
      backend: plan.backend,
      generatedAt: new Date().toISOString(),
      rows,
      gates,
      lines: runs
        .filter((r) => r.status === 'Completed' && r.outputsFile)
        .map((r) => ({
          run: r.name,
          label: r.label,
          dataset: r.dataset,
          kind: 'evaluation' as const,
          evaluator: r.evaluator,
          outputsFile: path.resolve(ctx.cwd, r.outputsFile!)
        }))
    },
    path.resolve(ctx.cwd, opts.reportsDir ?? path.posix.join('reports', 'integration'))
  );
  return {
    passed: failures.length === 0,
    lines: { total, failed },
    rows,
    gates,
    runs,
    failures,
    reports: {
      metricsCsv: ctx.rel(written.metricsCsv),
      linesCsv: ctx.rel(written.linesCsv),
      html: ctx.rel(written.html),
      markdown: ctx.rel(written.markdown)
    }
  };
}

/** One evaluation dataset sent through the deployment, and joined with its answers. */
interface SentDataset {
  /** The evaluation lines with the answers as `run_outputs_*` / `run_inputs_*` columns. */
  file: string;
  total: number;
  failed: number;
  lineFailures: string[];
}

/**
 * Sends the reference dataset's lines of evaluation dataset `name` through the deployment (retried
 * on 429, 5xx and network errors) and writes the evaluation lines joined with the answers.
 */
async function sendDataset(
  ctx: RunStageContext,
  opts: IntegrationTestOptions,
  o: { name: string; attempts: number; concurrency: number; workDir: string }
): Promise<SentDataset> {
  const { name, attempts } = o;
  const { useCase } = ctx;
  const { datasets: all } = useCase.config;
  const lineFailures: string[] = [];
  const reference = all[all[name].reference!];
  const requests: Record<string, unknown>[] = [];
  for await (const row of readJsonlRows(path.join(useCase.dir, reference.source), reference.source))
    requests.push(
      Object.fromEntries(
        Object.entries(reference.mappings).map(([input, m]) => {
          const col = DATA_REF.exec(m)?.[1];
          return [input, col === undefined ? m : row.value?.[col]];
        })
      )
    );
  const answers = await mapConcurrent(requests, o.concurrency, async (body, i) => {
    const answer = (r: ScoringResponse) =>
      `${r.status || 'no answer'} ${typeof r.body === 'string' ? r.body : JSON.stringify(r.body)}`;
    try {
      return await retry(
        async () => {
          const r = await opts.endpoints
            .scoringRequest(opts.endpoint, { deployment: opts.deployment, body })
            .catch((e: Error) => ({ status: 0, body: e.message, json: false, latencyMs: 0 }));
          if (r.status === 200 && r.json) return r.body as Record<string, unknown>;
          throw new NoAnswer(r);
        },
        {
          maxAttempts: attempts,
          backoff: { initialMs: opts.initialDelayMs ?? 500 },
          retryable: (e) => e instanceof NoAnswer && (e.response.status === 0 || RETRYABLE(e.response.status))
        }
      );
    } catch (e) {
      if (!(e instanceof NoAnswer)) throw e;
      lineFailures.push(`${name} line ${i + 1}: ${answer(e.response)}`.slice(0, 300));
      return undefined;
    }
  });
  // the evaluation lines with the answers as columns `run_outputs_<name>` / `run_inputs_<name>`: the
  // join by line number that `${run.outputs.x}` makes, done here, so any backend evaluates the file
  const lines: string[] = [];
  let i = 0;
  for await (const row of readJsonlRows(path.join(useCase.dir, all[name].source), all[name].source)) {
    const answer = answers[i];
    if (answer !== undefined) {
      const line: Record<string, unknown> = { ...row.value };
      for (const [k, v] of Object.entries(answer)) line[`run_outputs_${k}`] = v;
      for (const [k, v] of Object.entries(requests[i] ?? {})) line[`run_inputs_${k}`] = v;
      lines.push(JSON.stringify(line));
    }
    i++;
  }
  const file = path.join(o.workDir, `${slug(name)}.jsonl`);
  writeFileSync(file, lines.join('\n') + '\n');
  return {
    file,
    total: answers.length,
    failed: answers.filter((a) => a === undefined).length,
    lineFailures
  };
}

/**
 * The environment's evaluators over the joined files, and the gates over their metrics; failed
 * runs and gates are added to `failures`.
 */
async function evaluateAnswers(
  ctx: RunStageContext,
  opts: IntegrationTestOptions,
  evaluationSets: string[],
  joined: Map<string, string>,
  failures: string[],
  reporter: Reporter
): Promise<{ runs: ManifestRun[]; rows: MetricRow[]; gates: GateResult[] }> {
  const { useCase, envConfig, plan } = ctx;
  const todo = useCase.config.evaluators.flatMap((evaluator) =>
    evaluationSets
      .filter((d) => !evaluator.datasets || evaluator.datasets.includes(d))
      .map((dataset) => ({ evaluator, dataset }))
  );
  const backend = await createBackend(ctx, opts, reporter, Math.max(1, todo.length));
  const runs = await mapConcurrent(todo, ctx.concurrency, async ({ evaluator, dataset }) => {
    const planned = slug(`${plan.useCase}_${plan.env}_integration_${evaluator.name}_${dataset}`);
    const mapping = Object.fromEntries(
      Object.entries(evaluator.mappings).map(([input, m]) => {
        const run = RUN_REF.exec(m);
        return [input, run ? `\${data.run_${run[1]}_${run[2]}}` : m];
      })
    );
    const o = await backend.run({
      kind: 'evaluation',
      name: runName(planned, opts.buildId),
      displayName: `${plan.useCase} ${plan.env} integration test ${evaluator.name} on ${dataset} via ${opts.endpoint}/${opts.deployment}`,
      flowDir: path.join(useCase.dir, evaluator.flow),
      dataFile: joined.get(dataset)!,
      columnMapping: mapping,
      variants: {},
      tags: runTags(ctx, opts.buildId, { stage: 'integration-test', evaluator: evaluator.name, dataset }),
      environmentVariables: envConfig.environmentVariables ?? {}
    });
    return manifestRun(
      {
        planned,
        kind: 'evaluation',
        dataset,
        variants: {},
        label: opts.deployment,
        backend: backend.kind,
        buildId: opts.buildId,
        evaluator: evaluator.name
      },
      o
    );
  });
  const rows: MetricRow[] = runs.map((r) => ({
    evaluator: r.evaluator!,
    dataset: r.dataset,
    experimentRun: `${opts.endpoint}/${opts.deployment}`,
    evaluationRun: r.name,
    variants: {},
    label: r.label,
    metrics: r.metrics ?? {}
  }));
  const failedRuns = runs.filter((r) => r.status !== 'Completed');
  for (const r of failedRuns)
    failures.push(`evaluation run ${describeRun(r)} ${r.status}${r.error ? `: ${r.error}` : ''}`);
  const table = effectiveGates(useCase, parseGatesInput(undefined, []));
  const gates: GateResult[] = evaluateGates(rows, table, {
    runErrors: Object.fromEntries(failedRuns.map((r) => [r.name, r.error ?? r.status]))
  }).map(({ where: _where, ...g }) => g);
  for (const g of gates) if (!g.passed) failures.push(`gate failed: ${g.message}`);
  return { runs, rows, gates };
}

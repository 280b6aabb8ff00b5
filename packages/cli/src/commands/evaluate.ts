import { InvalidArgumentError, type Command } from 'commander';
import {
  evaluate,
  evaluationFailure,
  loadUseCase,
  outputLayout,
  UserError,
  type EvaluateOptions,
  type EvaluateResult,
  type Reporter
} from '@genaiops/core';
import {
  backendOption,
  llmCacheOption,
  llmCacheSetting,
  localTuning,
  mockOption,
  noLlmCacheOption,
  requestTimeoutOption,
  targetOption
} from '../options.js';
import { onInterrupt } from '../interrupt.js';
import { positiveInt } from './kv.js';

export interface EvaluateCliOptions {
  env: string;
  backend?: EvaluateOptions['backend'];
  target?: EvaluateOptions['target'];
  buildId?: string;
  manifest?: string;
  gates?: string;
  baseline?: string;
  maxRegression?: number;
  reportsDir?: string;
  concurrency?: number;
  store?: string;
  requestTimeout?: number;
  json?: boolean;
  mock?: boolean;
  llmCache?: boolean;
}

const nonNegative = (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('expected a number ≥ 0 (e.g. 0.05).');
  return n;
};

/** The metric rows, then where the reports are. The gates are not repeated: the stage printed a line per gate. */
export function formatEvaluation(r: EvaluateResult): string {
  const metricNames = [...new Set(r.rows.flatMap((row) => Object.keys(row.metrics)))];
  const out = r.rows.map(
    (row) =>
      `${row.evaluator}  ${row.label} on ${row.dataset}: ` +
      (metricNames
        .map(
          (m) =>
            `${m}=${row.metrics[m] ?? '-'}${row.baseline?.[m] !== undefined ? ` (baseline ${row.baseline[m]})` : ''}`
        )
        .join(', ') || 'no metrics')
  );
  out.push(`report: ${r.reports.html}`, `manifest: ${r.manifestFile}`);
  return out.join('\n');
}

/** `genaiops evaluate <use-case> --env E`: the evaluate stage; exit 1 when a gate fails or an evaluation run fails. */
export async function evaluateCommand(
  dir: string,
  opts: EvaluateCliOptions,
  reporter: Reporter
): Promise<void> {
  const interrupt = onInterrupt(reporter, 'finishing the runs in flight');
  const layout = outputLayout(loadUseCase(dir, { env: opts.env }).config.name, opts.env);
  const result = await evaluate(
    {
      signal: interrupt.signal,
      local: localTuning(opts),
      llmCache: llmCacheSetting(opts.llmCache, process.env),
      useCase: dir,
      env: opts.env,
      backend: opts.backend,
      target: opts.target,
      buildId: opts.buildId,
      manifest: opts.manifest ?? layout.manifest,
      evaluationManifest: layout.evaluationManifest,
      gates: opts.gates,
      baseline: opts.baseline,
      maxRegression: opts.maxRegression,
      reportsDir: opts.reportsDir ?? layout.reportsDir,
      concurrency: opts.concurrency,
      storeRoot: opts.store,
      mock: opts.mock
    },
    reporter
  ).finally(() => interrupt.dispose());
  process.stdout.write(
    (opts.json
      ? JSON.stringify(
          {
            rows: result.rows,
            gates: result.gates,
            gatesPassed: result.gatesPassed,
            reports: result.reports
          },
          null,
          2
        )
      : formatEvaluation(result)) + '\n'
  );
  // the failed gates were printed as errors, one line each: the last word counts them
  if (!result.passed) throw new UserError(firstLine(evaluationFailure(result)));
}

/** The count of what failed, without the list of failed gates that follows it. */
export const firstLine = (text: string) => text.split('\n')[0].replace(/:$/, '');

export function registerEvaluateCommand(program: Command, reporter: Reporter): void {
  program
    .command('evaluate')
    .description(
      'run the evaluation flows against the experiment runs, write reports and check the metric gates (exit 1 when one fails)'
    )
    .argument('<use-case>', 'use-case folder (holds llmops_config.json)')
    .requiredOption('--env <env>', 'environment of llmops_config.json')
    .addOption(backendOption())
    .addOption(targetOption())
    .addOption(mockOption())
    .option(
      '--manifest <file>',
      'run manifest of the experiment stage (default .genaiops/<use-case>/run-manifest.json)'
    )
    .option('--build-id <id>', 'without a manifest: the build id of the experiment runs to evaluate')
    .option(
      '--gates <json>',
      'override the config gates: {"evaluator": {"metric": {"min": 0.7}}} or {"metric": {"min": 0.7}}'
    )
    .option(
      '--baseline <file>',
      'a previous evaluation manifest, run manifest or metrics.json to compare with'
    )
    .option(
      '--max-regression <x>',
      'fail a metric that drops more than this below its baseline (e.g. 0.05)',
      nonNegative
    )
    .option('--reports-dir <dir>', 'where the reports go (default reports/<use-case>/<env>)')
    .option('--concurrency <n>', 'evaluation runs in flight at once (default 8)', positiveInt)
    .option('--store <dir>', 'local run store (default .genaiops/runs)')
    .addOption(requestTimeoutOption())
    .addOption(llmCacheOption())
    .addOption(noLlmCacheOption())
    .option('--json', 'print the metric rows and gates as JSON on stdout')
    .action((dir: string, opts: EvaluateCliOptions) => evaluateCommand(dir, opts, reporter));
}

import { InvalidArgumentError, type Command } from 'commander';
import {
  monitor,
  monitorFailure,
  UserError,
  type MonitorOptions,
  type MonitorResult,
  type Reporter
} from '@genaiops/core';
import { backendOption, targetOption } from '../options.js';
import { positiveInt } from './kv.js';
import { firstLine } from './evaluate.js';

export interface MonitorCliOptions {
  env: string;
  backend?: MonitorOptions['backend'];
  target?: MonitorOptions['target'];
  buildId?: string;
  window?: number;
  manifest?: string;
  reportsDir?: string;
  concurrency?: number;
  store?: string;
  json?: boolean;
}

const positiveNumber = (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('expected a number of hours > 0 (e.g. 24).');
  return n;
};

export function formatMonitor(r: MonitorResult): string {
  const out = r.rows.map(
    (row) =>
      `${row.evaluator} on ${row.dataset}: ` +
      (Object.entries(row.metrics)
        .map(
          ([m, v]) => `${m}=${v}${row.baseline?.[m] !== undefined ? ` (previous ${row.baseline[m]})` : ''}`
        )
        .join(', ') || 'no metrics')
  );
  out.push(`report: ${r.reports.html}`, `manifest: ${r.manifestFile}`);
  return out.join('\n');
}

/** `genaiops monitor <use-case> --env E`: post-production evaluation; exit 1 when a gate fails. */
export async function monitorCommand(
  dir: string,
  opts: MonitorCliOptions,
  reporter: Reporter
): Promise<void> {
  const result = await monitor(
    {
      useCase: dir,
      env: opts.env,
      backend: opts.backend,
      target: opts.target,
      buildId: opts.buildId,
      windowHours: opts.window,
      manifest: opts.manifest,
      reportsDir: opts.reportsDir,
      concurrency: opts.concurrency,
      storeRoot: opts.store
    },
    reporter
  );
  process.stdout.write(
    (opts.json
      ? JSON.stringify(
          { rows: result.rows, gates: result.gates, passed: result.passed, reports: result.reports },
          null,
          2
        )
      : formatMonitor(result)) + '\n'
  );
  // the failed gates were printed as errors, one line each: the last word counts them
  if (!result.passed) throw new UserError(firstLine(monitorFailure(result)));
}

export function registerMonitorCommand(program: Command, reporter: Reporter): void {
  program
    .command('monitor')
    .description(
      "post-production evaluation: run the environment's monitor evaluators over production lines (its log datasets or its deployment's request log), write reports and check the gates (exit 1 when one fails)"
    )
    .argument('<use-case>', 'use-case folder (holds llmops_config.json)')
    .requiredOption('--env <env>', 'environment of llmops_config.json with a "monitor" section')
    .addOption(backendOption())
    .addOption(targetOption())
    .option('--build-id <id>', 'names the monitor runs (default: the workflow run id, else the time)')
    .option(
      '--window <hours>',
      "request log: how far back to read (default the config's windowHours, else 24)",
      positiveNumber
    )
    .option(
      '--manifest <file>',
      'monitor manifest (default .genaiops/monitor/<use-case>/<env>/monitor-manifest.json)'
    )
    .option('--reports-dir <dir>', 'where the reports go (default reports/monitor)')
    .option('--concurrency <n>', 'runs in flight at once (default 8)', positiveInt)
    .option('--store <dir>', 'local run store (default .genaiops/runs)')
    .option('--json', 'print the metric rows and gates as JSON on stdout')
    .action((dir: string, opts: MonitorCliOptions) => monitorCommand(dir, opts, reporter));
}

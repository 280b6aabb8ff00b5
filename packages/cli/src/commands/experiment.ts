import type { Command } from 'commander';
import {
  experiment,
  loadUseCase,
  outputLayout,
  type ExperimentOptions,
  type ManifestRun,
  type Reporter
} from '@genaiops/core';
import { positiveInt } from './kv.js';
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

export interface ExperimentCliOptions {
  env: string;
  backend?: ExperimentOptions['backend'];
  target?: ExperimentOptions['target'];
  buildId?: string;
  concurrency?: number;
  allowFailedRuns?: boolean;
  manifest?: string;
  store?: string;
  requestTimeout?: number;
  json?: boolean;
  mock?: boolean;
  llmCache?: boolean;
}

/** One line per run: status, lines, name, label on dataset. */
export function formatRuns(runs: ManifestRun[]): string {
  return runs
    .map((r) => {
      const lines = r.lines ? `${r.lines.completed}/${r.lines.total}` : '-';
      return `${r.status.padEnd(9)} ${lines.padStart(9)}  ${r.name}  (${r.label} on ${r.dataset})${r.reused ? ' reused' : ''}${r.error ? `: ${r.error}` : ''}`;
    })
    .join('\n');
}

/** `genaiops experiment <use-case> --env E`: the experiment stage; prints the runs (or the manifest with --json). */
export async function experimentCommand(
  dir: string,
  opts: ExperimentCliOptions,
  reporter: Reporter
): Promise<void> {
  const interrupt = onInterrupt(reporter, 'finishing the runs in flight');
  const layout = outputLayout(loadUseCase(dir, { env: opts.env }).config.name, opts.env);
  const result = await experiment(
    {
      signal: interrupt.signal,
      local: localTuning(opts),
      llmCache: llmCacheSetting(opts.llmCache, process.env),
      useCase: dir,
      env: opts.env,
      backend: opts.backend,
      target: opts.target,
      buildId: opts.buildId,
      concurrency: opts.concurrency,
      allowFailedRuns: opts.allowFailedRuns,
      manifest: opts.manifest ?? layout.manifest,
      storeRoot: opts.store,
      mock: opts.mock
    },
    reporter
  ).finally(() => interrupt.dispose());
  process.stdout.write(
    opts.json
      ? JSON.stringify(result.manifest, null, 2) + '\n'
      : formatRuns(result.runs) + `\nmanifest: ${result.manifestFile}\n`
  );
}

export function registerExperimentCommand(program: Command, reporter: Reporter): void {
  program
    .command('experiment')
    .description(
      "run the use-case's standard flow over the environment's datasets, once per variant combination, in parallel"
    )
    .argument('<use-case>', 'use-case folder (holds llmops_config.json)')
    .requiredOption('--env <env>', 'environment of llmops_config.json')
    .addOption(backendOption())
    .addOption(targetOption())
    .addOption(mockOption())
    .option(
      '--build-id <id>',
      'identifies this build in run names and tags; a rerun with the same id reuses completed runs (default: $GITHUB_RUN_ID or the time)'
    )
    .option('--concurrency <n>', 'runs in flight at once (default 8)', positiveInt)
    .option('--allow-failed-runs', 'exit 0 even when runs fail (they are in the manifest either way)')
    .option(
      '--manifest <file>',
      'where to write the run manifest (default .genaiops/<use-case>/run-manifest.json)'
    )
    .option('--store <dir>', 'local run store (default .genaiops/runs)')
    .addOption(requestTimeoutOption())
    .addOption(llmCacheOption())
    .addOption(noLlmCacheOption())
    .option('--json', 'print the run manifest as JSON on stdout')
    .action((dir: string, opts: ExperimentCliOptions) => experimentCommand(dir, opts, reporter));
}

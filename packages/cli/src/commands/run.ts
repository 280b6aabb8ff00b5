import type { Command } from 'commander';
import { UserError, type Reporter } from '@genaiops/core';
import {
  describeLineError,
  detailsTable,
  listRuns,
  runBulk,
  showDetails,
  showMetrics,
  showRun,
  type RunStatus
} from '@genaiops/core/engine';
import { collect, flowInputs, keyValues, positiveInt, positiveSeconds, printJson } from './kv.js';
import { onInterrupt } from '../interrupt.js';
import { llmCacheOption, llmCacheSetting, noLlmCacheOption } from '../options.js';

export interface RunCreateCliOptions {
  flow?: string;
  data?: string;
  columnMapping?: string[];
  run?: string;
  variant?: string;
  name?: string;
  displayName?: string;
  description?: string;
  tags?: string[];
  concurrency?: number;
  pythonWorkers?: number;
  llmConcurrency?: number;
  lineTimeout?: number;
  requestTimeout?: number;
  llmCache?: boolean;
  envFile?: string;
  dotenv?: string;
  store?: string;
  stream?: boolean;
  resume?: boolean;
  overwrite?: boolean;
  init?: string[];
}

/** `genaiops run create`: a bulk run; prints the run record as JSON (as `pf run create`). */
export async function runCreate(opts: RunCreateCliOptions, reporter: Reporter): Promise<void> {
  if (!opts.resume && !opts.flow)
    throw new UserError('run create needs --flow <folder> (or --resume --name <run>)');
  const interrupt = onInterrupt(reporter);
  // With --stream, one line per finished line replaces the progress bar.
  const runReporter: Reporter = opts.stream ? { ...bind(reporter), progress() {} } : reporter;
  try {
    const { record } = await runBulk({
      flow: opts.flow,
      data: opts.data,
      columnMapping: opts.columnMapping ? keyValues(opts.columnMapping, '--column-mapping') : undefined,
      run: opts.run,
      variant: opts.variant,
      name: opts.name,
      displayName: opts.displayName,
      description: opts.description,
      tags: opts.tags ? (keyValues(opts.tags, '--tags') as Record<string, string>) : undefined,
      concurrency: opts.concurrency,
      pythonWorkers: opts.pythonWorkers,
      llmConcurrency: opts.llmConcurrency,
      lineTimeoutMs: opts.lineTimeout !== undefined ? Math.round(opts.lineTimeout * 1000) : undefined,
      requestTimeoutMs:
        opts.requestTimeout !== undefined ? Math.round(opts.requestTimeout * 1000) : undefined,
      llmCache: llmCacheSetting(opts.llmCache, process.env),
      dotenvFile: opts.dotenv ?? opts.envFile,
      storeRoot: opts.store,
      resume: opts.resume,
      overwrite: opts.overwrite,
      ...(opts.init ? { init: flowInputs(opts.init, '--init') } : {}),
      reporter: runReporter,
      signal: interrupt.signal,
      onLine: opts.stream
        ? (r, done, total) =>
            reporter.info(
              `[${done}/${total}] line ${r.lineNumber} ${r.status} (${Math.round(r.durationMs)} ms)` +
                (r.status === 'Failed' ? `: ${describeLineError(r.error)}` : '')
            )
        : undefined
    });
    printJson(record, reporter);
    if (record.status === 'Failed')
      throw new UserError(`run ${record.name} failed: ${record.error?.message ?? 'every line failed'}`);
    if (record.status === 'Canceled')
      throw new UserError(
        `run ${record.name} was canceled; finish it with: genaiops run create --resume --name ${record.name}`
      );
  } finally {
    interrupt.dispose();
  }
}

function bind(r: Reporter): Reporter {
  return {
    info: (m, t) => r.info(m, t),
    warn: (m, w) => r.warn(m, w),
    error: (m, w) => r.error(m, w),
    group: (t, fn) => r.group(t, fn),
    progress: (l, d, t) => r.progress(l, d, t),
    summary: (m) => r.summary(m),
    secret: (v) => r.secret(v)
  };
}

const storeOption = ['--store <dir>', 'the run store (default .genaiops/runs)'] as const;

export function registerRunCommands(program: Command, reporter: Reporter): void {
  const run = program.command('run').description('bulk runs on the local engine (as `pf run`)');
  run
    .command('create')
    .description('run a flow over every line of a data file; prints the run as JSON')
    .option('--flow <dir>', 'flow folder')
    .option('--data <file>', 'JSON Lines data file')
    .option(
      '--column-mapping <input=value...>',
      'e.g. question=${data.q} answer=${run.outputs.answer}',
      collect
    )
    .option('--run <name>', 'an earlier run, joined by line number for ${run.outputs.*} / ${run.inputs.*}')
    .option('--variant <variant>', 'the variant to use, e.g. ${classify.variant_1}')
    .option(
      '--init <key=value...>',
      'flex class entry: __init__ arguments (JSON values), or a .json file',
      collect
    )
    .option('--name <name>', 'run name (default <flow folder>_<variant>_<timestamp>)')
    .option('--display-name <text>', 'display name')
    .option('--description <text>', 'description')
    .option('--tags <key=value...>', 'tags', collect)
    .option('--concurrency <n>', 'lines in flight at once (default 16)', positiveInt)
    .option('--python-workers <n>', 'python worker processes (default: the number of CPUs)', positiveInt)
    .option('--llm-concurrency <n>', 'LLM requests in flight at once (default 32)', positiveInt)
    .option('--line-timeout <seconds>', 'a line running longer fails (default 600)', positiveSeconds)
    .option(
      '--request-timeout <seconds>',
      'one model call attempt gives up after this long and is retried (default 120)',
      positiveSeconds
    )
    .addOption(llmCacheOption())
    .addOption(noLlmCacheOption())
    .option('--dotenv <file>', 'a .env file holding connections (default .env in the current folder)')
    .option(
      '--env-file <file>',
      "same as --dotenv; prefer --dotenv when running the genaiops bin: node itself acts on a script's --env-file (nodejs/node#54232)"
    )
    .option(...storeOption)
    .option('--stream', 'print each line as it finishes (stderr)')
    .option('--resume', 're-run the failed and missing lines of the run --name, keep the completed ones')
    .option('--overwrite', 'replace an existing run of the same name')
    .action((opts: RunCreateCliOptions) => runCreate(opts, reporter));

  run
    .command('show')
    .description('print a run as JSON')
    .requiredOption('--name <name>', 'run name')
    .option(...storeOption)
    .action((opts: { name: string; store?: string }) =>
      printJson(showRun(opts.name, { storeRoot: opts.store }), reporter)
    );

  run
    .command('show-details')
    .description('print each line\'s inputs and outputs as JSON (a failed line\'s outputs read "(Failed)")')
    .requiredOption('--name <name>', 'run name')
    .option('--max-results <n>', 'most lines (default 100)', positiveInt)
    .option('--all-results', 'every line')
    .option(...storeOption)
    .action(async (opts: { name: string; maxResults?: number; allResults?: boolean; store?: string }) => {
      const rows = await showDetails(opts.name, {
        storeRoot: opts.store,
        maxResults: opts.maxResults,
        all: opts.allResults
      });
      printJson(detailsTable(rows), reporter);
    });

  run
    .command('show-metrics')
    .description("print a run's metrics as JSON")
    .requiredOption('--name <name>', 'run name')
    .option(...storeOption)
    .action((opts: { name: string; store?: string }) =>
      printJson(showMetrics(opts.name, { storeRoot: opts.store }))
    );

  run
    .command('list')
    .description('print the runs as a JSON array, newest first')
    .option('--max-results <n>', 'most runs (default 50)', positiveInt)
    .option('--all-results', 'every run')
    .option(
      '--status <status>',
      'only runs with this status (Completed, Failed, Canceled, Running, Preparing)'
    )
    .option(...storeOption)
    .action((opts: { maxResults?: number; allResults?: boolean; status?: RunStatus; store?: string }) =>
      printJson(
        listRuns({
          storeRoot: opts.store,
          maxResults: opts.maxResults,
          all: opts.allResults,
          status: opts.status
        })
      )
    );
}

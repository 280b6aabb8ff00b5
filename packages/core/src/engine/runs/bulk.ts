/**
 * Bulk runs on the local engine: a flow over every line of a JSONL data file (and/or an earlier
 * run), with bounded concurrency, results streamed to the run store, then aggregation and metrics.
 */
import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError, isUserError } from '../../errors.js';
import { nodeDependencies, checkVariantSelection } from '../../flow/graph.js';
import { loadFlow } from '../../flow/load.js';
import type { Flow, NodeBody, VariantSelection } from '../../flow/model.js';
import { parseVariantOption, variantLabel, variantNodes } from '../../flow/variants.js';
import type { Reporter } from '../../reporter.js';
import { toPosixRelative } from '../../util/paths.js';
import { DEFAULT_LLM_TIMEOUT_MS, type LlmClient } from '../llm/client.js';
import { createLlmClient, DEFAULT_LLM_CACHE_DIR } from '../llm/cache.js';
import { PythonWorkerPool } from '../python/pool.js';
import { workingFolder } from './working-folder.js';
import { flowEnvironment, type FlowEnvironmentOptions } from './flow-env.js';
import { createExecutor } from '../executor/index.js';
import type {
  ExecutorOptions,
  FlowExecutor,
  LineErrorInfo,
  LineResult,
  NodeRunRecord
} from '../executor/types.js';
import { parsePy, stringifyPy } from '../../util/py-float.js';
import { LineNumberCursor, readJsonlRows, scanJsonl, checkReadableFile, type JsonlRow } from './jsonl.js';
import {
  applyMapping,
  checkMappingColumns,
  compileColumnMapping,
  LineInputError,
  type PreviousLine
} from './mapping.js';
import { RunLog } from './run-log.js';
import { UsageTally } from './usage.js';
import {
  LineSink,
  makeRunDir,
  readRunRecord,
  RUN_FILES,
  runDir,
  runsRoot,
  setAsideLineFiles,
  writeJsonFile,
  writeRunRecord,
  type RunRecord
} from './store.js';

export const DEFAULT_LINE_CONCURRENCY = 16;
export const DEFAULT_LINE_TIMEOUT_MS = 600_000;
/** How long a timed-out line's aborted calls get to hand back its node records. */
const TIMEOUT_GRACE_MS = 2_000;
const DEFAULT_LLM_CONCURRENCY = 32;

export type ExecutorFactory = (opts: ExecutorOptions) => FlowExecutor | Promise<FlowExecutor>;

export interface BulkRunOptions {
  /** Flow folder (or its YAML file). Required unless resuming (then the run's flow). */
  flow?: string;
  /** JSONL data file. Without it, the lines are the earlier run's inputs (`run` is then required). */
  data?: string;
  /** Flow input → `${data.col}`, `${run.outputs.col}`, `${run.inputs.col}` or a literal. */
  columnMapping?: Record<string, unknown>;
  /** pf's `${node.variant_id}` text, or a selection; unlisted nodes use their default variant. */
  variant?: string | VariantSelection;
  /** Default: `<flow folder>_<variant>_<timestamp>` (as pf names runs). */
  name?: string;
  /** Default: the name. */
  displayName?: string;
  description?: string;
  tags?: Record<string, string>;
  /** The earlier run that `${run.outputs.*}` / `${run.inputs.*}` read, joined by line number. */
  run?: string;
  /** Lines in flight at once (default 16). */
  concurrency?: number;
  /** Python worker processes (default: the number of CPUs). */
  pythonWorkers?: number;
  /** LLM requests in flight at once for the whole run (default 32). */
  llmConcurrency?: number;
  /** A line still running after this long fails with a timeout, its calls aborted (default 600 000 ms, as pf). */
  lineTimeoutMs?: number;
  /** One attempt of a model call gives up after this long, and is retried (default 120 000 ms). */
  requestTimeoutMs?: number;
  /** Where connections and environment variables come from (default process.env). */
  environ?: NodeJS.ProcessEnv;
  /** A .env file read for connections too (default `.env` in `cwd` when there is one). */
  dotenvFile?: string;
  /** The run store (default `.genaiops/runs` under `cwd`). */
  storeRoot?: string;
  /** Base of relative paths and of messages (default process.cwd()). */
  cwd?: string;
  /** Re-run only the failed or missing lines of the existing run `name`, keep the completed ones. */
  resume?: boolean;
  /** Replace an existing run of the same name (default: an existing name is a UserError). */
  overwrite?: boolean;
  reporter?: Reporter;
  /** Called as each line finishes (e.g. the CLI's `--stream`). */
  onLine?: (result: LineResult, done: number, total: number) => void;
  /** Stops feeding lines; lines in flight finish; the run ends Canceled (and can be resumed). */
  signal?: AbortSignal;
  /** Creates the executor (default: the engine's `createExecutor`); tests inject fakes. */
  createExecutor?: ExecutorFactory;
  /** Flex class entries: `__init__` arguments (`pf run create --init`). */
  init?: Record<string, unknown>;
  /**
   * The LLM cache (engine/llm/cache.ts): true = every model call of llm nodes; unset = only nodes
   * with `enable_cache: true`; false = none.
   */
  llmCache?: boolean;
  /** The LLM cache folder (default `.genaiops/llm-cache` under `cwd`). */
  llmCacheDir?: string;
}

export interface BulkRunResult {
  record: RunRecord;
  metrics: Record<string, number>;
  /** The run's folder in the store. */
  dir: string;
}

/** The flow whose lines we run, with everything resolved from options (and, on resume, the run). */
interface Prepared {
  flow: Flow;
  selection: VariantSelection;
  fullSelection: VariantSelection;
  variantText?: string;
}

const silent: Reporter = {
  info() {},
  warn() {},
  error() {},
  group: (_t, fn) => fn(),
  progress() {},
  summary() {},
  secret() {}
};

/** What the options resolve to, before anything is read. */
interface Settings {
  cwd: string;
  reporter: Reporter;
  root: string;
  show: (p: string) => string;
  concurrency: number;
  pythonWorkers: number;
  llmConcurrency: number;
  lineTimeoutMs: number;
  requestTimeoutMs: number;
}

/** The run to make: the flow, its data, the earlier run it reads, and (on resume) its record. */
interface RunPlan {
  prepared: Prepared;
  flow: Flow;
  existing?: RunRecord;
  previousName?: string;
  previous?: PreviousRun;
  columnMapping: Record<string, unknown>;
  mapping: ReturnType<typeof checkMappingColumns>;
  dataPath?: string;
  dataDisplay: string;
  scan: { rows: number };
}

interface PreviousRun {
  record: RunRecord;
  dir: string;
  inputs: string;
  outputs: string;
}

/** A run being made: its folder, record, log and line sink. */
interface OpenRun {
  name: string;
  dir: string;
  record: RunRecord;
  log: RunLog;
  sink: LineSink;
  started: number;
}

/** What running the lines left behind. */
interface Execution {
  canceled: boolean;
  firstError?: { line: number; message: string };
}

export async function runBulk(opts: BulkRunOptions): Promise<BulkRunResult> {
  const settings = resolveSettings(opts);
  const plan = await prepareRun(opts, settings);
  const run = openRun(opts, settings, plan);
  const { record, log, sink } = run;
  let python: PythonWorkerPool | undefined;
  // a flow with additional_includes runs in a folder of links that holds them (runs/working-folder.ts)
  const working = workingFolder(plan.flow);
  try {
    const asideFiles = await resume(run, plan);
    const engine = await startEngine(opts, settings, plan, run, working.dir);
    python = engine.python;
    const execution = await execute(opts, settings, plan, run, engine.executor);
    // workers no aggregation needs end while the run's files are written
    if (execution.canceled || !needsAggregation(plan.flow)) void python.close().catch(() => undefined);
    const metrics = await aggregate(settings, plan, run, engine.executor, execution.canceled, asideFiles);
    finalize(settings, plan, run, engine.llm, execution, metrics);
    return { record, metrics, dir: run.dir };
  } catch (e) {
    record.status = 'Failed';
    record.error = {
      type: isUserError(e) ? 'UserError' : 'SystemError',
      message: (e as Error)?.message ?? String(e)
    };
    record.line_count = { total: plan.scan.rows, completed: sink.completed, failed: sink.failed };
    finish(record, run.started);
    writeRunRecord(run.dir, record);
    log.write(`run ${run.name} failed: ${record.error.message}`);
    throw e;
  } finally {
    await sink.close().catch(() => undefined);
    await python?.close().catch(() => undefined);
    working.dispose();
    await log.close();
  }
}

function resolveSettings(opts: BulkRunOptions): Settings {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  return {
    cwd,
    reporter: opts.reporter ?? silent,
    root: runsRoot(opts.storeRoot, cwd),
    show: (p: string) => toPosixRelative(cwd, p),
    concurrency: positiveInt(opts.concurrency, DEFAULT_LINE_CONCURRENCY, 'concurrency'),
    pythonWorkers: positiveInt(opts.pythonWorkers, os.availableParallelism(), 'python workers'),
    llmConcurrency: positiveInt(opts.llmConcurrency, DEFAULT_LLM_CONCURRENCY, 'LLM concurrency'),
    lineTimeoutMs: positiveInt(opts.lineTimeoutMs, DEFAULT_LINE_TIMEOUT_MS, 'line timeout'),
    requestTimeoutMs: positiveInt(opts.requestTimeoutMs, DEFAULT_LLM_TIMEOUT_MS, 'request timeout')
  };
}

/** Step 1, prepare: the flow, the column mapping, the earlier run and one pass over the data. */
async function prepareRun(opts: BulkRunOptions, s: Settings): Promise<RunPlan> {
  const { cwd, reporter, root, show } = s;
  let existing: RunRecord | undefined;
  if (opts.resume) {
    if (!opts.name) throw new UserError('resuming a run needs its name (--name <run>)');
    existing = readRunRecord(root, opts.name);
    if (existing.status === 'Running' || existing.status === 'Preparing')
      reporter.warn(
        `run "${existing.name}" is marked ${existing.status}: the process that ran it stopped before the end; resuming it`
      );
  }
  const flowPath = opts.flow ?? existing?.properties.flow_path;
  if (!flowPath) throw new UserError('no flow given (--flow <folder>)');
  const prepared = prepareFlow(
    loadFlow(path.resolve(cwd, flowPath), { displayRoot: cwd }),
    opts.variant ?? existing?.properties.node_variant ?? existing?.variants
  );
  // a resumed run keeps its record's --variant text (or its absence)
  if (opts.variant === undefined && existing) prepared.variantText = existing.properties.node_variant;
  const { flow } = prepared;

  const previousName = opts.run ?? existing?.properties.run;
  const columnMapping = opts.columnMapping ?? existing?.column_mapping ?? {};
  const dataPath = opts.data !== undefined ? path.resolve(cwd, opts.data) : (existing?.data ?? undefined);
  if (!dataPath && !previousName)
    throw new UserError('no data: give a data file (--data <file.jsonl>) or an earlier run (--run <name>)');

  const mapping0 = compileColumnMapping(flow, columnMapping, { previousRun: previousName });
  if (mapping0.ignored.length)
    reporter.warn(
      `column mapping: ${mapping0.ignored.map((k) => `"${k}"`).join(', ')} ${mapping0.ignored.length === 1 ? 'is not an input' : 'are not inputs'} of ${flow.displayFile}; ignored`
    );

  // The earlier run: its line files, read by merge-join on line_number.
  let previous: PreviousRun | undefined;
  let previousColumns: { inputs: string[]; outputs: string[] } | undefined;
  if (previousName) {
    const record = readRunRecord(root, previousName);
    if (record.status === 'Running' || record.status === 'Preparing')
      throw new UserError(`run "${previousName}" is still ${record.status}; wait for it to finish`);
    const dir = runDir(root, previousName);
    previous = {
      record,
      dir,
      inputs: path.join(dir, RUN_FILES.inputs),
      outputs: path.join(dir, RUN_FILES.outputs)
    };
    for (const f of [previous.inputs, previous.outputs])
      checkReadableFile(f, show(f), `file of run "${previousName}"`);
    previousColumns = {
      inputs: await columnsOf(previous.inputs),
      outputs: await columnsOf(previous.outputs)
    };
  }

  // The data: one streaming pass to count lines and collect columns.
  const dataDisplay = dataPath ? show(dataPath) : `the inputs of run "${previousName}"`;
  const dataFile = dataPath ?? previous!.inputs;
  const scan = await scanJsonl(dataFile, dataPath ? dataDisplay : show(dataFile));
  const dataColumns = dataPath ? scan.columns : scan.columns.filter((c) => c !== 'line_number');
  const mapping = checkMappingColumns(mapping0, {
    data: { display: dataDisplay, columns: dataColumns },
    run: previous && {
      name: previous.record.name,
      status: previous.record.status,
      inputs: previousColumns!.inputs,
      outputs: previousColumns!.outputs
    }
  });
  return {
    prepared,
    flow,
    existing,
    previousName,
    previous,
    columnMapping,
    mapping,
    dataPath,
    dataDisplay,
    scan
  };
}

/** The run folder and its record (status Preparing), log and line sink. */
function openRun(opts: BulkRunOptions, s: Settings, plan: RunPlan): OpenRun {
  const { root, show } = s;
  const { flow, prepared, existing, previousName, dataPath, columnMapping, scan } = plan;
  const name = opts.name ?? generateRunName(flow, prepared, root);
  const dir = runDir(root, name);
  if (!opts.resume && existsSync(dir)) {
    if (!opts.overwrite)
      throw new UserError(
        `run "${name}" already exists in ${show(root)}: resume it (--resume) or choose another name`
      );
    rmSync(dir, { recursive: true, force: true });
  }
  makeRunDir(dir);
  const now = new Date().toISOString();
  const record: RunRecord = {
    name,
    created_on: existing?.created_on ?? now,
    status: 'Preparing',
    display_name: opts.displayName ?? existing?.display_name ?? name,
    description: opts.description ?? existing?.description ?? null,
    tags: opts.tags ?? existing?.tags ?? null,
    properties: {
      flow_path: posix(flow.dir),
      output_path: posix(dir),
      ...(prepared.variantText ? { node_variant: prepared.variantText } : {}),
      ...(previousName ? { run: previousName } : {}),
      system_metrics: existing?.properties.system_metrics ?? {
        total_tokens: 0,
        prompt_tokens: 0,
        completion_tokens: 0,
        llm_calls: 0,
        llm_retries: 0
      }
    },
    flow_name: path.basename(flow.dir),
    data: dataPath ? posix(dataPath) : null,
    output: posix(dir),
    ...(previousName ? { run: previousName } : {}),
    start_time: null,
    end_time: null,
    duration: null,
    variants: prepared.fullSelection,
    variant_label: variantLabel(prepared.fullSelection, flow),
    column_mapping: columnMapping,
    line_count: { total: scan.rows, completed: 0, failed: 0 },
    concurrency: s.concurrency,
    ...(existing ? { resumed: (existing.resumed ?? 0) + 1 } : {})
  };
  writeRunRecord(dir, record);
  const log = new RunLog(path.join(dir, RUN_FILES.logs));
  const sink = new LineSink(dir, (t) => log.mask(t));
  return { name, dir, record, log, sink, started: Date.now() };
}

/**
 * Step 2, resume: a resumed run's completed lines are kept. Its line files are set aside before the
 * sink opens (and truncates) the partial file, which after a kill holds the only record of the
 * finished lines. Returns the set-aside files, removed once the run's files are written.
 */
async function resume(run: OpenRun, plan: RunPlan): Promise<string[]> {
  const { sink, log, name } = run;
  const { existing, scan, flow, dataDisplay } = plan;
  const asideFiles = existing ? setAsideLineFiles(run.dir) : [];
  await sink.open();
  for (const f of asideFiles) await keepCompletedLines(f, sink, scan.rows);
  const kept = sink.completed;
  log.write(
    existing
      ? `resuming run ${name}: ${kept} of ${scan.rows} lines kept, ${scan.rows - kept} to run`
      : `run ${name}: flow ${flow.displayFile}, data ${dataDisplay}, ${scan.rows} lines`
  );
  return asideFiles;
}

/** The model client, the python workers (started now) and the flow's executor. */
async function startEngine(
  opts: BulkRunOptions,
  s: Settings,
  plan: RunPlan,
  run: OpenRun,
  workingDir: string
): Promise<{ llm: LlmClient; python: PythonWorkerPool; executor: FlowExecutor }> {
  const { cwd, reporter } = s;
  const { flow, prepared } = plan;
  const { log } = run;
  const environ = opts.environ ?? process.env;
  const dotenvFile = opts.dotenvFile
    ? path.resolve(cwd, opts.dotenvFile)
    : existsSync(path.join(cwd, '.env'))
      ? path.join(cwd, '.env')
      : undefined;
  const onSecret = (v: string) => {
    reporter.secret(v);
    log.secret(v);
  };
  const llm = createLlmClient(
    {
      concurrency: s.llmConcurrency,
      timeoutMs: s.requestTimeoutMs,
      onRetry: (e) =>
        log.write(
          `LLM ${e.target}: attempt ${e.attempt} failed (${e.reason}); retrying in ${Math.round(e.waitMs)} ms`
        )
    },
    {
      enabled: opts.llmCache,
      dir: path.resolve(cwd, opts.llmCacheDir ?? DEFAULT_LLM_CACHE_DIR),
      onProblem: (m) => log.write(m)
    }
  );
  const python = new PythonWorkerPool({
    size: s.pythonWorkers,
    cwd: workingDir,
    displayDir: flow.dir,
    env: poolEnv(flow, opts.environ, { dotenvFile, onSecret }),
    onStderr: (t) => log.write(`python: ${t}`)
  });
  python.warmUp();
  try {
    const factory: ExecutorFactory = opts.createExecutor ?? createExecutor;
    const executor = await factory({
      flow,
      variants: prepared.selection,
      llm,
      python,
      environ,
      dotenvFile,
      onSecret,
      ...(opts.init ? { init: opts.init } : {})
    });
    return { llm, python, executor };
  } catch (e) {
    await python.close().catch(() => undefined);
    throw e;
  }
}

/** Step 3, execute: every line still to run, `concurrency` at a time, each result into the sink as it ends. */
async function execute(
  opts: BulkRunOptions,
  s: Settings,
  plan: RunPlan,
  run: OpenRun,
  executor: FlowExecutor
): Promise<Execution> {
  const { reporter, show } = s;
  const { scan, existing, dataPath, dataDisplay, flow, previous, mapping } = plan;
  const { record, log, sink, name, dir } = run;
  const kept = sink.completed;
  record.status = 'Running';
  record.start_time = new Date().toISOString();
  writeRunRecord(dir, record);
  reporter.info(
    existing
      ? `resuming run ${name}: ${scan.rows - kept} of ${scan.rows} lines to run`
      : `run ${name}: ${scan.rows} lines of ${dataDisplay} through ${flow.displayFile}`
  );

  const toRun = scan.rows - kept;
  const label = `run ${name}`;
  let done = 0;
  let firstError: { line: number; message: string } | undefined;
  let warned = 0;
  let stop = false;
  reporter.progress(label, 0, toRun);

  const source = dataPath
    ? readJsonlRows(dataPath, dataDisplay)
    : previousInputsAsData(previous!.inputs, show(previous!.inputs));
  const items = workItems(source, sink, mapping, previous, () => stop || !!opts.signal?.aborted);

  let writeError: unknown;
  const onResult = (result: LineResult) => {
    // the slot takes its next line at once; the record reaches the file with the next batch
    sink.add(result).catch((e: unknown) => {
      writeError ??= e;
      stop = true;
    });
    done++;
    if (result.status === 'Failed') {
      const message = describeLineError(result.error);
      log.write(
        `line ${result.lineNumber} failed: ${message}${result.error?.traceback ? '\n' + result.error.traceback : ''}`
      );
      if (!firstError || result.lineNumber < firstError.line)
        firstError = { line: result.lineNumber, message };
      if (warned < 5) reporter.warn(`${label}: line ${result.lineNumber} failed: ${log.mask(message)}`);
      else if (warned === 5)
        reporter.warn(`${label}: more lines failed; see ${show(path.join(dir, RUN_FILES.logs))}`);
      warned++;
    } else log.write(`line ${result.lineNumber} completed in ${Math.round(result.durationMs)} ms`);
    for (const n of result.nodes)
      if (n.logs) log.write(`line ${result.lineNumber}, node ${n.node}:\n${n.logs}`);
    reporter.progress(label, done, toRun);
    opts.onLine?.(result, done, toRun);
  };

  const workers = Array.from({ length: Math.min(s.concurrency, Math.max(toRun, 1)) }, async () => {
    for (;;) {
      const next = await items.next();
      if (next.done) return;
      const item = next.value;
      const result =
        'failure' in item
          ? failedLine(item.lineNumber, item.inputs, item.failure)
          : await runLine(executor, item.lineNumber, item.inputs, s.lineTimeoutMs);
      onResult(result);
    }
  });
  const settled = await Promise.allSettled(workers);
  await sink.idle();
  const failure = settled.find((x): x is PromiseRejectedResult => x.status === 'rejected');
  if (failure) {
    stop = true;
    throw failure.reason;
  }
  if (writeError) throw writeError;
  return { canceled: !!opts.signal?.aborted, firstError };
}

/**
 * Step 4, aggregate: the ordered line files and the usage summary, then the flow's aggregation
 * over the completed lines (not for a canceled run); returns the metrics, also written to the run.
 */
async function aggregate(
  s: Settings,
  plan: RunPlan,
  run: OpenRun,
  executor: FlowExecutor,
  canceled: boolean,
  asideFiles: string[]
): Promise<Record<string, number>> {
  const { flow } = plan;
  const { record, log, sink, dir, name } = run;
  const wanted = !canceled && needsAggregation(flow);
  const keepNodes = aggregationInputs(flow);
  const completedLines: LineResult[] = [];
  const usage = new UsageTally();
  await sink.finish((r) => {
    usage.add(r);
    if (wanted) completedLines.push(trimForAggregation(r, keepNodes));
  });
  record.llm_usage = usage.summary();
  // the kept lines of a resume are in the run's files now
  for (const f of asideFiles) rmSync(f, { force: true });

  let metrics: Record<string, number> = {};
  if (wanted && completedLines.length) {
    log.write(`aggregation over ${completedLines.length} completed lines`);
    const agg = await executor.executeAggregation(completedLines);
    metrics = agg.metrics ?? {};
    for (const n of agg.nodes) if (n.logs) log.write(`aggregation node ${n.node}:\n${n.logs}`);
    writeJsonFile(path.join(dir, 'aggregation.json'), agg);
    if (agg.error) {
      record.aggregation_error = agg.error;
      const message = describeLineError(agg.error);
      log.write(`aggregation failed: ${message}${agg.error.traceback ? '\n' + agg.error.traceback : ''}`);
      s.reporter.warn(`run ${name}: aggregation failed: ${log.mask(message)}`);
    }
  }
  writeJsonFile(path.join(dir, RUN_FILES.metrics), metrics);
  return metrics;
}

/** Step 5, finalize: the model usage, the line counts and the status into the record; the last log line and report. */
function finalize(
  s: Settings,
  plan: RunPlan,
  run: OpenRun,
  llm: LlmClient,
  execution: Execution,
  metrics: Record<string, number>
): void {
  const { scan } = plan;
  const { record, log, sink, name, dir } = run;
  const { canceled, firstError } = execution;
  const stats = llm.stats();
  const sm = record.properties.system_metrics;
  sm.total_tokens += stats.totalTokens;
  sm.prompt_tokens += stats.promptTokens;
  sm.completion_tokens += stats.completionTokens;
  sm.llm_calls += stats.calls;
  sm.llm_retries += stats.retries;
  record.line_count = { total: scan.rows, completed: sink.completed, failed: sink.failed };
  if (canceled) record.status = 'Canceled';
  else if (sink.completed === 0) {
    record.status = 'Failed';
    record.error = {
      type: 'BulkRunError',
      message: `all ${scan.rows} lines failed${firstError ? `; line ${firstError.line}: ${log.mask(firstError.message)}` : ''}`
    };
  } else {
    record.status = 'Completed';
    delete record.error;
  }
  finish(record, run.started);
  writeRunRecord(dir, record);
  log.write(
    `run ${name} ${record.status}: ${record.line_count.completed} completed, ${record.line_count.failed} failed of ${scan.rows}` +
      (Object.keys(metrics).length ? `; metrics ${JSON.stringify(metrics)}` : '')
  );
  s.reporter.info(
    `run ${name} ${record.status}: ${record.line_count.completed}/${scan.rows} lines completed` +
      (record.line_count.failed ? `, ${record.line_count.failed} failed` : '') +
      (Object.keys(metrics).length
        ? `; ${Object.entries(metrics)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}`
        : '')
  );
}

function finish(record: RunRecord, started: number): void {
  record.end_time = new Date().toISOString();
  record.duration = (Date.now() - started) / 1000;
  record.properties.system_metrics.duration = record.duration;
}

function posix(p: string): string {
  return p.split(path.sep).join('/');
}

function positiveInt(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new UserError(`${what} must be a positive whole number, got ${value}`);
  return value;
}

/** Resolves the variant option against the flow (every variant node → its chosen id, for the record). */
export function prepareFlow(flow: Flow, variant: string | VariantSelection | undefined): Prepared {
  let selection: VariantSelection = {};
  let variantText: string | undefined;
  if (typeof variant === 'string' && variant.trim() !== '') {
    selection = parseVariantOption(variant, flow);
    variantText = variant.trim();
  } else if (variant && typeof variant === 'object' && Object.keys(variant).length) {
    if (flow.kind === 'flex') throw new UserError(`${flow.displayFile}: a flex flow has no variants`);
    const problems = checkVariantSelection(flow, variant);
    if (problems.length) throw new UserError(problems);
    selection = { ...variant };
    const entries = Object.entries(selection);
    if (entries.length === 1) variantText = `\${${entries[0][0]}.${entries[0][1]}}`;
  }
  const fullSelection: VariantSelection = {};
  for (const n of variantNodes(flow)) fullSelection[n.node] = selection[n.node] ?? n.defaultVariantId;
  return { flow, selection, fullSelection, variantText };
}

/** pf's run name: `<flow folder>_<variant id or "default">_<YYYYMMDD_HHMMSS_ffffff>`, made unique in the store. */
export function generateRunName(flow: Flow, prepared: Pick<Prepared, 'selection'>, root: string): string {
  const ids = Object.values(prepared.selection);
  const variant = ids.length ? ids.join('_') : 'default';
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const micro = p(d.getMilliseconds(), 3) + p(Number(process.hrtime.bigint() % 1000n), 3);
  const stamp = `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}_${micro}`;
  const base = `${path.basename(flow.dir)}_${variant}_${stamp}`.replace(/[^A-Za-z0-9_]/g, '_');
  let name = base;
  for (let i = 2; existsSync(path.join(root, name)); i++) name = `${base}_${i}`;
  return name;
}

/** Column names any line of a run file has (without `line_number`); a missing file has none. */
async function columnsOf(file: string): Promise<string[]> {
  const cols = new Set<string>();
  for await (const row of readJsonlRows(file))
    if (row.value) for (const k of Object.keys(row.value)) cols.add(k);
  cols.delete('line_number');
  return [...cols];
}

/** An earlier run's inputs.jsonl as data rows, numbered by their own `line_number`. */
async function* previousInputsAsData(file: string, display: string): AsyncGenerator<JsonlRow> {
  for await (const row of readJsonlRows(file, display)) {
    if (!row.value) {
      yield row;
      continue;
    }
    const { line_number, ...rest } = row.value;
    yield { ...row, lineNumber: typeof line_number === 'number' ? line_number : row.lineNumber, value: rest };
  }
}

async function keepCompletedLines(file: string, sink: LineSink, rows: number): Promise<void> {
  for await (const row of readJsonlRows(file, file, parsePy)) {
    const r = row.value as Partial<LineResult> | undefined;
    if (!r || r.status !== 'Completed' || typeof r.lineNumber !== 'number' || r.lineNumber >= rows) continue;
    await sink.addRaw(r.lineNumber, true, stringifyPy(r)!);
  }
}

type WorkItem =
  | { lineNumber: number; inputs: Record<string, unknown> }
  | { lineNumber: number; inputs: Record<string, unknown>; failure: LineErrorInfo };

/** The lines to run, in order, with their inputs resolved (or why they cannot run). */
async function* workItems(
  rows: AsyncGenerator<JsonlRow>,
  sink: LineSink,
  mapping: ReturnType<typeof checkMappingColumns>,
  previous: { record: RunRecord; inputs: string; outputs: string } | undefined,
  stopped: () => boolean
): AsyncGenerator<WorkItem> {
  const cursors =
    previous && mapping.usesRun
      ? { inputs: new LineNumberCursor(previous.inputs), outputs: new LineNumberCursor(previous.outputs) }
      : undefined;
  try {
    for await (const row of rows) {
      if (stopped()) return;
      if (sink.has(row.lineNumber)) continue; // kept from before a resume
      if (row.error) {
        yield { lineNumber: row.lineNumber, inputs: {}, failure: { type: 'DataError', message: row.error } };
        continue;
      }
      let prevLine: PreviousLine | undefined;
      if (cursors) {
        const inputs = await cursors.inputs.get(row.lineNumber);
        const outputs = await cursors.outputs.get(row.lineNumber);
        prevLine = { present: inputs !== undefined || outputs !== undefined, inputs, outputs };
      }
      try {
        const inputs = applyMapping(
          mapping,
          row.lineNumber,
          row.value,
          previous ? { name: previous.record.name, line: prevLine } : undefined
        );
        yield { lineNumber: row.lineNumber, inputs };
      } catch (e) {
        if (!(e instanceof LineInputError)) throw e;
        yield { lineNumber: row.lineNumber, inputs: {}, failure: { type: 'InputError', message: e.message } };
      }
    }
  } finally {
    await cursors?.inputs.close();
    await cursors?.outputs.close();
  }
}

function failedLine(lineNumber: number, inputs: Record<string, unknown>, error: LineErrorInfo): LineResult {
  return { lineNumber, status: 'Failed', inputs, outputs: {}, nodes: [], error, durationMs: 0 };
}

async function runLine(
  executor: FlowExecutor,
  lineNumber: number,
  inputs: Record<string, unknown>,
  timeoutMs: number
): Promise<LineResult> {
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  // at the timeout the line's model calls are aborted and its python calls' workers killed
  const abort = new AbortController();
  let timedOut = false;
  const run = Promise.resolve()
    .then(() => executor.executeLine(inputs, lineNumber, { signal: abort.signal }))
    .catch((e: unknown): LineResult => ({
      ...failedLine(lineNumber, inputs, {
        type: isUserError(e) ? 'UserError' : 'SystemError',
        message: (e as Error)?.message ?? String(e)
      }),
      durationMs: Date.now() - t0
    }));
  const timeout = new Promise<LineResult>((resolve) => {
    timer = setTimeout(() => {
      timedOut = true;
      abort.abort(new Error('line timeout'));
      // The aborted calls end at once: the line keeps the records of what its nodes did, as
      // prompt flow keeps a timed-out line's node runs (a line that ignores the abort, none).
      let grace: NodeJS.Timeout | undefined;
      const settled = Promise.race([
        run.then((r) => r.nodes),
        new Promise<NodeRunRecord[]>((r) => (grace = setTimeout(() => r([]), TIMEOUT_GRACE_MS)))
      ]);
      void settled.then((nodes) => {
        clearTimeout(grace);
        resolve({
          ...failedLine(lineNumber, inputs, {
            type: 'LineTimeoutError',
            message: `line ${lineNumber} did not finish within the line timeout (${timeoutMs / 1000} s)`
          }),
          nodes,
          durationMs: Date.now() - t0
        });
      });
    }, timeoutMs);
  });
  try {
    // once timed out, the line's own (aborted) result only lends its node records
    return await Promise.race([run.then((r) => (timedOut ? timeout : r)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function describeLineError(error: LineErrorInfo | undefined): string {
  if (!error) return 'failed (no error recorded)';
  return `${error.node ? `node ${error.node}: ` : ''}${error.type}: ${error.message}`;
}

/** Aggregation nodes' bodies (plain nodes and variants). */
function aggregationBodies(flow: Flow): NodeBody[] {
  if (flow.kind !== 'dag') return [];
  const bodies: NodeBody[] = [];
  for (const n of flow.nodes) {
    if (!n.useVariants) {
      if (n.aggregation) bodies.push(n);
    } else
      for (const b of Object.values(flow.nodeVariants[n.name]?.variants ?? {}))
        if (b.aggregation) bodies.push(b);
  }
  return bodies;
}

function needsAggregation(flow: Flow): boolean {
  if (flow.kind === 'flex') return flow.entry.kind !== 'function';
  return aggregationBodies(flow).length > 0;
}

/** Nodes whose outputs aggregation reads; undefined = keep all (flex). */
function aggregationInputs(flow: Flow): Set<string> | undefined {
  if (flow.kind !== 'dag') return undefined;
  return new Set(aggregationBodies(flow).flatMap(nodeDependencies));
}

/** What aggregation needs of a line: inputs, outputs and the outputs of the nodes it reads (no logs). */
function trimForAggregation(r: LineResult, keep: Set<string> | undefined): LineResult {
  return {
    ...r,
    nodes: r.nodes.filter((n) => !keep || keep.has(n.node)).map(({ logs: _logs, ...n }) => n)
  };
}

/** Environment of the python workers: the caller's environ, and the flow's literal environment_variables. */
function poolEnv(
  flow: Flow,
  environ: NodeJS.ProcessEnv | undefined,
  resolve: Omit<FlowEnvironmentOptions, 'environ'>
): Record<string, string> {
  const env = flowEnvironment(flow, { environ: environ ?? process.env, ...resolve });
  if (environ && environ !== process.env)
    for (const [k, v] of Object.entries(environ)) if (v !== undefined) env[k] = v;
  return env;
}

/**
 * A stand-in for the `pfazure` CLI (promptflow[azure]) for tests and benchmarks: it parses the
 * `run` subcommands with the real CLI's options (an unknown option is an argparse-style usage error,
 * exit 2), records every argument list, and answers in pfazure's output format. Runs are real:
 * `run create` records the run as NotStarted, prints it, and a detached worker process runs the
 * flow with the local engine (`runBulk`) into the stand-in's own store, after which `run show`,
 * `list`, `show-metrics`, `show-details` and `download` read it back.
 *
 * Configured by the JSON file named in $GENAIOPS_FAKE_PFAZURE_CONFIG (see install.ts). The engine is
 * imported only by the commands that run or tabulate lines, so `run show` answers in milliseconds.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LineResult } from '@genaiops/core/engine';
import { CONFIG_ENV, type FakePfazureConfig } from './config.js';

class CliError extends Error {
  constructor(
    message: string,
    readonly code = 1
  ) {
    super(message);
  }
}

type Kind = 'value' | 'list' | 'flag';
const WORKSPACE: Record<string, Kind> = {
  '--subscription': 'value',
  '--resource-group': 'value',
  '--workspace-name': 'value'
};
const BASE: Record<string, Kind> = { '--debug': 'flag', '--verbose': 'flag', '--user-agent': 'value' };
const ALIASES: Record<string, string> = {
  '-n': '--name',
  '-g': '--resource-group',
  '-w': '--workspace-name',
  '-f': '--file',
  '-s': '--stream',
  '-r': '--max-results',
  '-o': '--output',
  '-d': '--debug'
};

/** The options of each `pfazure run` subcommand, as promptflow's argparse definitions declare them. */
const COMMANDS: Record<string, Record<string, Kind>> = {
  create: {
    '--file': 'value',
    '--stream': 'flag',
    '--flow': 'value',
    '--variant': 'value',
    '--run': 'value',
    '--name': 'value',
    '--column-mapping': 'list',
    '--environment-variables': 'list',
    '--connections': 'list',
    '--set': 'list',
    '--resume-from': 'value',
    '--init': 'list',
    '--data': 'value',
    '--runtime': 'value',
    '--reset-runtime': 'flag',
    ...BASE,
    ...WORKSPACE
  },
  list: {
    '--max-results': 'value',
    '--archived-only': 'flag',
    '--include-archived': 'flag',
    '--output': 'value',
    ...WORKSPACE,
    ...BASE
  },
  show: { '--name': 'value', ...WORKSPACE, ...BASE },
  'show-metrics': { '--name': 'value', ...WORKSPACE, ...BASE },
  'show-details': {
    '--name': 'value',
    '--max-results': 'value',
    '--all-results': 'flag',
    ...WORKSPACE,
    ...BASE
  },
  download: { '--name': 'value', '--output': 'value', '--overwrite': 'flag', ...WORKSPACE, ...BASE },
  cancel: { '--name': 'value', ...WORKSPACE, ...BASE }
};

interface Parsed {
  command: string;
  values: Record<string, string>;
  lists: Record<string, string[]>;
  flags: Set<string>;
}

const isOption = (t: string) => /^-[A-Za-z-]/.test(t);

function parse(argv: string[]): Parsed {
  const usage = 'usage: pfazure [-h] [-v] {flow,run} ...';
  if (argv[0] !== 'run')
    throw new CliError(
      `${usage}\npfazure: error: argument action: invalid choice: '${argv[0] ?? ''}' (this stand-in knows 'run')`,
      2
    );
  const command = argv[1];
  const spec = COMMANDS[command];
  if (!spec)
    throw new CliError(
      `${usage}\npfazure run: error: argument sub_action: invalid choice: '${command ?? ''}'`,
      2
    );
  const out: Parsed = { command, values: {}, lists: {}, flags: new Set() };
  const unknown: string[] = [];
  for (let i = 2; i < argv.length; i++) {
    const raw = argv[i];
    const name = ALIASES[raw] ?? raw;
    const kind = spec[name];
    if (!kind) {
      unknown.push(raw);
      continue;
    }
    if (kind === 'flag') out.flags.add(name);
    else if (kind === 'value') {
      const v = argv[i + 1];
      if (v === undefined || isOption(v))
        throw new CliError(`pfazure run ${command}: error: argument ${name}: expected one argument`, 2);
      out.values[name] = v;
      i++;
    } else {
      const items: string[] = [];
      while (i + 1 < argv.length && !isOption(argv[i + 1])) items.push(argv[++i]);
      if (!items.length)
        throw new CliError(
          `pfazure run ${command}: error: argument ${name}: expected at least one argument`,
          2
        );
      (out.lists[name] ??= []).push(...items);
    }
  }
  if (unknown.length)
    throw new CliError(
      `usage: pfazure run ${command} ...\npfazure: error: unrecognized arguments: ${unknown.join(' ')}`,
      2
    );
  if (command !== 'create' || !out.values['--resume-from'])
    if (!out.values['--resource-group'] || !out.values['--workspace-name'])
      throw new CliError(
        'stand-in pfazure: --resource-group and --workspace-name are required (the real CLI would fall back to `az configure` defaults)'
      );
  return out;
}

/** `k=v` items (AppendToDictAction: split at the first '=', quotes stripped). */
function dict(items: string[] | undefined, option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CliError(`Usage error: ${option} KEY=VALUE [KEY=VALUE ...]`);
    out[strip(item.slice(0, eq))] = strip(item.slice(eq + 1));
  }
  return out;
}
const strip = (s: string) => (/^(['"]).*\1$/.test(s) ? s.slice(1, -1) : s);

// ---- state -------------------------------------------------------------------------------------

interface RunSpec {
  name: string;
  flow: string;
  data: string;
  dataDisplay: string;
  run?: string;
  columnMapping: Record<string, string>;
  variant?: string;
  environmentVariables: Record<string, string>;
  connections: Record<string, string>;
  cwd: string;
  submittedAt: number;
}

type CloudRun = Record<string, unknown> & { name: string; status: string };

function loadConfig(): FakePfazureConfig {
  const file = process.env[CONFIG_ENV];
  if (!file) throw new CliError(`stand-in pfazure: $${CONFIG_ENV} is not set`);
  return JSON.parse(readFileSync(file, 'utf8')) as FakePfazureConfig;
}

const dirs = (c: FakePfazureConfig) => ({
  runs: path.join(c.stateDir, 'runs'),
  specs: path.join(c.stateDir, 'specs'),
  store: path.join(c.stateDir, 'store')
});

function writeJson(file: string, value: unknown) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 4) + '\n');
  renameSync(tmp, file);
}

function readRun(c: FakePfazureConfig, name: string): CloudRun {
  const file = path.join(dirs(c).runs, `${name}.json`);
  if (!existsSync(file))
    throw new CliError(`promptflow._sdk._errors.RunNotFoundError: Run '${name}' not found.`);
  return JSON.parse(readFileSync(file, 'utf8')) as CloudRun;
}

function requireCompleted(run: CloudRun, what: string) {
  if (run.status !== 'Completed')
    throw new CliError(
      `promptflow._sdk._errors.InvalidRunStatusError: ${what}: run '${run.name}' is not completed, its status is '${run.status}'.`
    );
}

/** The engine's `metrics.json` of a run (what `show-metrics` prints). */
function storeMetrics(c: FakePfazureConfig, name: string): Record<string, number> {
  const file = path.join(dirs(c).store, name, 'metrics.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>) : {};
}

const print = (v: unknown) => process.stdout.write(JSON.stringify(v, null, 4) + '\n');

// ---- commands ----------------------------------------------------------------------------------

function create(c: FakePfazureConfig, p: Parsed) {
  if (p.values['--file'] || p.values['--resume-from'])
    throw new CliError('stand-in pfazure: --file and --resume-from are not supported');
  const flowArg = p.values['--flow'];
  const dataArg = p.values['--data'];
  const name = p.values['--name'];
  if (!flowArg)
    throw new CliError(
      'promptflow.exceptions.UserErrorException: To create a run, one of [file, flow] must be specified.'
    );
  if (!name) throw new CliError('stand-in pfazure: give --name (the stage always names its runs)');
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) throw new CliError(`Invalid run name '${name}'`);
  const cwd = process.cwd();
  const flow = path.resolve(cwd, flowArg);
  if (!['flow.dag.yaml', 'flow.dag.yml', 'flow.flex.yaml'].some((f) => existsSync(path.join(flow, f))))
    throw new CliError(
      `promptflow.exceptions.UserErrorException: Flow path ${flow} does not exist or has no flow.dag.yaml.`
    );
  if (!dataArg && !p.values['--run'])
    throw new CliError(
      'promptflow.exceptions.UserErrorException: at least one of data or run must be provided.'
    );
  let data = '';
  let dataDisplay = '';
  if (dataArg?.startsWith('azureml:')) {
    const file = c.registeredData[dataArg] ?? c.registeredData[dataArg.slice('azureml:'.length)];
    if (!file)
      throw new CliError(
        `azure.core.exceptions.ResourceNotFoundError: data asset ${dataArg} not found in the workspace`
      );
    data = path.resolve(cwd, file);
    dataDisplay = dataArg;
  } else if (dataArg) {
    data = path.resolve(cwd, dataArg);
    if (!existsSync(data))
      throw new CliError(`promptflow.exceptions.UserErrorException: data path ${data} does not exist.`);
    const md5 = createHash('md5').update(readFileSync(data)).digest('hex');
    dataDisplay = `azureml://datastores/workspaceblobstore/paths/LocalUpload/${md5}/${path.basename(data)}`;
  }
  const base = p.values['--run'];
  if (base) {
    const b = readRun(c, base);
    if (b.status !== 'Completed')
      throw new CliError(
        `promptflow.exceptions.UserErrorException: referenced run '${base}' is not completed (status '${b.status}').`
      );
  }
  const variant = p.values['--variant'];
  if (variant && !/^\$\{[^.{}$\s]+\.[^.{}$\s]+\}$/.test(variant))
    throw new CliError(
      `promptflow.exceptions.UserErrorException: Invalid variant format: ${variant}, variant should be in format of \${TUNING_NODE.VARIANT}`
    );
  const set = dict(p.lists['--set'], '--set');
  const tags: Record<string, string> = {};
  let displayName = name;
  let description: string | null = null;
  for (const [k, v] of Object.entries(set)) {
    if (k === 'display_name') displayName = v;
    else if (k === 'description') description = v;
    else if (k.startsWith('tags.')) tags[k.slice(5)] = v;
    else throw new CliError(`stand-in pfazure: --set ${k}=… is not supported`);
  }
  if (existsSync(path.join(dirs(c).runs, `${name}.json`)))
    throw new CliError(
      `promptflow._sdk._errors.RunOperationError: Run name '${name}' already exists in the workspace.`
    );
  const spec: RunSpec = {
    name,
    flow,
    data,
    dataDisplay,
    run: base,
    columnMapping: dict(p.lists['--column-mapping'], '--column-mapping'),
    variant,
    environmentVariables: dict(p.lists['--environment-variables'], '--environment-variables'),
    connections: dict(p.lists['--connections'], '--connections'),
    cwd,
    submittedAt: Date.now()
  };
  const sub = p.values['--subscription'] ?? '00000000-0000-0000-0000-000000000000';
  const rg = p.values['--resource-group'];
  const ws = p.values['--workspace-name'];
  const run: CloudRun = {
    name,
    created_on: new Date().toISOString(),
    status: 'NotStarted',
    display_name: displayName,
    description,
    tags,
    properties: {
      'azureml.promptflow.runtime_name': p.values['--runtime'] ?? 'automatic',
      'azureml.promptflow.definition_file_name': 'flow.dag.yaml',
      'azureml.promptflow.flow_lineage_id': createHash('sha256').update(flow).digest('hex'),
      ...(variant ? { 'azureml.promptflow.node_variant': variant } : {}),
      'azureml.promptflow.inputs_mapping': JSON.stringify(spec.columnMapping),
      'azureml.promptflow.snapshot_id': createHash('md5').update(name).digest('hex'),
      'azureml.promptflow.total_tokens': '0'
    },
    creation_context: { userName: 'stand-in pfazure', userTenantId: '00000000-0000-0000-0000-000000000000' },
    start_time: null,
    end_time: null,
    duration: null,
    portal_url: `https://ml.azure.com/prompts/flow/bulkrun/run/${name}/details?wsid=/subscriptions/${sub}/resourcegroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/${ws}`,
    data: dataDisplay || null,
    output: `azureml://locations/eastus/workspaces/${ws}/data/azureml_${name}_output_data_flow_outputs/versions/1`,
    ...(base ? { run: base } : {})
  };
  writeJson(path.join(dirs(c).specs, `${name}.json`), spec);
  writeJson(path.join(dirs(c).runs, `${name}.json`), run);
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '__worker', name], {
    detached: true,
    stdio: 'ignore',
    env: process.env,
    cwd
  });
  child.unref();
  print(run);
}

const matches = (c: FakePfazureConfig, name: string) =>
  c.failRuns.some((f) => (typeof f === 'string' ? f === name : new RegExp(f.source, f.flags).test(name)));

/** The detached process that "runs in the cloud": waits, runs the flow, records the end. */
async function worker(c: FakePfazureConfig, name: string) {
  const spec = JSON.parse(readFileSync(path.join(dirs(c).specs, `${name}.json`), 'utf8')) as RunSpec;
  const runFile = path.join(dirs(c).runs, `${name}.json`);
  const update = (patch: Record<string, unknown>) => writeJson(runFile, { ...readRun(c, name), ...patch });
  const started = new Date();
  update({ status: 'Running', start_time: started.toISOString() });
  const finish = async (patch: Record<string, unknown>) => {
    const wait = spec.submittedAt + c.delayMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const end = new Date();
    const secs = (end.getTime() - started.getTime()) / 1000;
    const hh = String(Math.floor(secs / 3600)).padStart(2, '0');
    const mm = String(Math.floor((secs % 3600) / 60)).padStart(2, '0');
    const ss = (secs % 60).toFixed(6).padStart(9, '0');
    update({ ...patch, end_time: end.toISOString(), duration: `${hh}:${mm}:${ss}` });
  };
  if (matches(c, name)) {
    await finish({
      status: 'Failed',
      error: { error: { code: 'UserError', message: `forced failure of run '${name}' (stand-in pfazure)` } }
    });
    return;
  }
  try {
    const { runBulk } = await import('@genaiops/core/engine');
    const result = await runBulk({
      flow: spec.flow,
      data: spec.data || undefined,
      run: spec.run,
      columnMapping: spec.columnMapping,
      variant: spec.variant,
      name,
      storeRoot: dirs(c).store,
      cwd: spec.cwd,
      environ: { ...process.env, ...c.environ, ...spec.environmentVariables },
      pythonWorkers: 2
    });
    const r = result.record;
    const props = {
      ...(readRun(c, name).properties as Record<string, unknown>),
      'azureml.promptflow.total_tokens': String(r.properties.system_metrics.total_tokens)
    };
    if (r.status === 'Completed') await finish({ status: 'Completed', properties: props });
    else
      await finish({
        status: r.status,
        properties: props,
        error: { error: { code: 'UserError', message: r.error?.message ?? `run ${r.status}` } }
      });
  } catch (e) {
    await finish({
      status: 'Failed',
      error: { error: { code: 'UserError', message: (e as Error)?.message ?? String(e) } }
    });
  }
}

function show(c: FakePfazureConfig, p: Parsed) {
  print(readRun(c, need(p, '--name')));
}

/** `run list`: the newest runs first, without their properties (as the real CLI lists them). */
function list(c: FakePfazureConfig, p: Parsed) {
  const max = Number(p.values['--max-results'] ?? 50);
  if (!Number.isInteger(max) || max < 1)
    throw new CliError(
      `ValueError: 'max_results' must be a positive integer, got ${p.values['--max-results']}`
    );
  if ((p.values['--output'] ?? 'json') !== 'json')
    throw new CliError('stand-in pfazure: only --output json is supported');
  const dir = dirs(c).runs;
  const runs = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => {
          try {
            return JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as CloudRun;
          } catch {
            return undefined; // being rewritten
          }
        })
        .filter((r): r is CloudRun => !!r)
    : [];
  runs.sort((a, b) => String(b.created_on).localeCompare(String(a.created_on)));
  print(
    runs
      .slice(0, max)
      .map(({ properties: _p, portal_url: _u, data: _d, output: _o, run: _r, error: _e, ...rest }) => rest)
  );
}

function showMetricsCmd(c: FakePfazureConfig, p: Parsed) {
  const run = readRun(c, need(p, '--name'));
  requireCompleted(run, 'show-metrics');
  print(storeMetrics(c, run.name));
}

async function showDetailsCmd(c: FakePfazureConfig, p: Parsed) {
  const run = readRun(c, need(p, '--name'));
  requireCompleted(run, 'show-details');
  const max = p.values['--max-results'] !== undefined ? Number(p.values['--max-results']) : 100;
  const { detailsTable, showDetails } = await import('@genaiops/core/engine');
  const rows = detailsTable(
    await showDetails(run.name, {
      storeRoot: dirs(c).store,
      all: p.flags.has('--all-results') || max < 0,
      maxResults: max
    })
  );
  process.stdout.write(gridTable(rows) + '\n');
}

/** tabulate's "grid" format with the DataFrame index as the first column (no wrapping). */
function gridTable(rows: Record<string, unknown>[]): string {
  const headers = ['', ...new Set(rows.flatMap((r) => Object.keys(r)))];
  const body = rows.map((r, i) => [
    String(i),
    ...headers
      .slice(1)
      .map((h) => (typeof r[h] === 'string' ? (r[h] as string) : JSON.stringify(r[h] ?? null)))
  ]);
  const widths = headers.map((h, j) => Math.max(h.length, ...body.map((b) => b[j].length)));
  const line = (ch: string) => '+' + widths.map((w) => ch.repeat(w + 2)).join('+') + '+';
  const row = (cells: string[]) => '| ' + cells.map((c2, j) => c2.padEnd(widths[j])).join(' | ') + ' |';
  return [line('-'), row(headers), line('='), ...body.flatMap((b) => [row(b), line('-')])].join('\n');
}

async function download(c: FakePfazureConfig, p: Parsed) {
  const run = readRun(c, need(p, '--name'));
  const spec = JSON.parse(readFileSync(path.join(dirs(c).specs, `${run.name}.json`), 'utf8')) as RunSpec;
  const output = path.resolve(
    process.cwd(),
    p.values['--output'] ?? path.join(process.env.HOME ?? '.', '.promptflow', '.runs')
  );
  const folder = path.join(output, run.name);
  if (existsSync(folder)) {
    if (!p.flags.has('--overwrite'))
      throw new CliError(
        `promptflow.exceptions.UserErrorException: Run folder '${folder}' already exists, please specify a new output path or set the overwrite flag to be true.`
      );
    rmSync(folder, { recursive: true, force: true });
  }
  requireCompleted(run, 'download');
  const store = path.join(dirs(c).store, run.name);
  mkdirSync(path.join(folder, 'flow_outputs'), { recursive: true });
  mkdirSync(path.join(folder, 'flow_artifacts'), { recursive: true });
  mkdirSync(path.join(folder, 'snapshot'), { recursive: true });
  writeFileSync(path.join(folder, 'run_metadata.json'), JSON.stringify(run));
  writeFileSync(path.join(folder, 'metrics.json'), JSON.stringify(storeMetrics(c, run.name)));
  copyFileSync(path.join(store, 'logs.txt'), path.join(folder, 'logs.txt'));
  copyFileSync(path.join(store, 'outputs.jsonl'), path.join(folder, 'flow_outputs', 'output.jsonl'));
  const details = readFileSync(path.join(store, 'details.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LineResult);
  const artifacts = details.map((d) =>
    JSON.stringify({
      line_number: d.lineNumber,
      run_info: {
        index: d.lineNumber,
        status: d.status,
        inputs: d.inputs,
        output: d.status === 'Completed' ? d.outputs : null,
        error: d.error ?? null
      },
      status: d.status
    })
  );
  const last = Math.max(0, details.length - 1);
  writeFileSync(
    path.join(folder, 'flow_artifacts', `000000000_${String(last).padStart(9, '0')}.jsonl`),
    artifacts.map((a) => a + '\n').join('')
  );
  for (const f of ['flow.dag.yaml', 'flow.dag.yml', 'flow.flex.yaml'])
    if (existsSync(path.join(spec.flow, f)))
      copyFileSync(path.join(spec.flow, f), path.join(folder, 'snapshot', f));
  process.stderr.write(`Successfully downloaded run '${run.name}' to '${folder}'.\n`);
}

function cancel(c: FakePfazureConfig, p: Parsed) {
  const run = readRun(c, need(p, '--name'));
  if (!['Completed', 'Failed', 'Canceled'].includes(run.status))
    writeJson(path.join(dirs(c).runs, `${run.name}.json`), { ...run, status: 'Canceled' });
}

function need(p: Parsed, option: string): string {
  const v = p.values[option];
  if (!v)
    throw new CliError(
      `pfazure run ${p.command}: error: the following arguments are required: ${option === '--name' ? '-n/--name' : option}`,
      2
    );
  return v;
}

async function main(argv: string[]): Promise<number> {
  const c = loadConfig();
  if (argv[0] === '__worker') {
    await worker(c, argv[1]);
    return 0;
  }
  mkdirSync(path.dirname(c.argsLog), { recursive: true });
  appendFileSync(c.argsLog, JSON.stringify({ argv, cwd: process.cwd(), at: Date.now() }) + '\n');
  if (argv[0] === '--version' || argv[0] === '-v') {
    process.stdout.write('promptflow 1.18.0 (stand-in)\n');
    return 0;
  }
  const p = parse(argv);
  switch (p.command) {
    case 'create':
      create(c, p);
      break;
    case 'list':
      list(c, p);
      break;
    case 'show':
      show(c, p);
      break;
    case 'show-metrics':
      showMetricsCmd(c, p);
      break;
    case 'show-details':
      await showDetailsCmd(c, p);
      break;
    case 'download':
      await download(c, p);
      break;
    case 'cancel':
      cancel(c, p);
      break;
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof CliError) {
    process.stderr.write(e.message + '\n');
    process.exitCode = e.code;
  } else {
    process.stderr.write(`${(e as Error)?.stack ?? e}\n`);
    process.exitCode = 1;
  }
}
// python workers / keep-alive sockets must not keep the process alive
setImmediate(() => process.exit());

/**
 * The Azure backend's runs go through the official `pfazure` CLI (`pip install promptflow[azure]`).
 * Argument lists follow promptflow's own parser definitions
 * (`promptflow/azure/_cli/_run.py`, `promptflow/_cli/_pf/_run.py`, `promptflow/_cli/_params.py`):
 *
 * - `run create`: `--flow`, `--data` (a local file or `azureml:<name>:<version>`), `--run`,
 *   `--column-mapping k=v …` and `--environment-variables k=v …` and `--connections node.key=v …`
 *   (argparse `nargs="+"`: one flag, then every pair), `--variant '${node.variant}'` (one node),
 *   `--name`, `--set display_name=… description=… tags.<k>=<v> …` (pfazure has no --display-name or
 *   --tags flags), `--runtime`, and the workspace: `--subscription`, `--resource-group`,
 *   `--workspace-name`. Without `--stream` it returns once the run is submitted and prints it as JSON.
 * - `run show --name N`: the run as JSON (`Run._to_dict()`); status NotStarted … Completed/Failed/Canceled.
 * - `run list --max-results K`: the newest K runs as a JSON array (one call per poll for all the
 *   runs a stage waits for; a run not in the list is asked for with `run show`).
 * - `run show-metrics --name N`: the metrics as a JSON object.
 * - `run download --name N --output DIR --overwrite`: the run's line results into `DIR/N/`
 *   (`flow_outputs/output.jsonl`, `flow_artifacts/*.jsonl`, `metrics.json`, `logs.txt`, …); the
 *   stages read the metrics from there (one call fewer per run), show-metrics is the fallback.
 *   (`run show-details` prints a terminal-width grid table, not JSON, so it is not parsed.)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../errors.js';
import type { Reporter } from '../../reporter.js';
import { execFile, findOnPath, type ExecResult } from './exec.js';

export interface AzureWorkspace {
  subscriptionId?: string;
  resourceGroup: string;
  workspace: string;
}

export interface PfRunCreateSpec {
  flow: string;
  /** Local data file, or `azureml:<name>:<version>`. */
  data: string;
  /** The earlier run `${run.outputs.*}` reads (evaluation runs). */
  run?: string;
  columnMapping: Record<string, string>;
  /** `${node.variant_id}`; omitted = every node on its default. */
  variant?: string;
  name: string;
  displayName?: string;
  description?: string;
  tags?: Record<string, string>;
  environmentVariables?: Record<string, string>;
  /** `node.connection` / `node.deployment_name` → value. */
  connections?: Record<string, string>;
  runtime?: string;
}

/** `pfazure run show` output (the keys we read; the CLI prints more). */
export interface PfCloudRun {
  name: string;
  status: string;
  display_name?: string;
  description?: string | null;
  tags?: Record<string, string> | null;
  properties?: Record<string, unknown>;
  created_on?: string;
  start_time?: string | null;
  end_time?: string | null;
  duration?: string | number | null;
  portal_url?: string;
  data?: string | null;
  output?: string | null;
  run?: string;
  error?: { error?: { code?: string; message?: string }; message?: string } | null;
}

export const TERMINAL_STATUSES = ['Completed', 'Failed', 'Canceled'];

const pairs = (flag: string, values: Record<string, string> | undefined): string[] => {
  const entries = Object.entries(values ?? {});
  return entries.length ? [flag, ...entries.map(([k, v]) => `${k}=${v}`)] : [];
};

/** `--subscription S --resource-group G --workspace-name W` (subscription omitted when not set: az's default applies). */
export function workspaceArgs(ws: AzureWorkspace): string[] {
  return [
    ...(ws.subscriptionId ? ['--subscription', ws.subscriptionId] : []),
    '--resource-group',
    ws.resourceGroup,
    '--workspace-name',
    ws.workspace
  ];
}

/** The exact argument list of `pfazure run create …`. */
export function runCreateArgs(spec: PfRunCreateSpec, ws: AzureWorkspace): string[] {
  const set: Record<string, string> = {};
  if (spec.displayName) set.display_name = spec.displayName;
  if (spec.description) set.description = spec.description;
  for (const [k, v] of Object.entries(spec.tags ?? {})) set[`tags.${k}`] = v;
  return [
    'run',
    'create',
    '--flow',
    spec.flow,
    '--data',
    spec.data,
    ...(spec.run ? ['--run', spec.run] : []),
    ...pairs('--column-mapping', spec.columnMapping),
    ...(spec.variant ? ['--variant', spec.variant] : []),
    '--name',
    spec.name,
    ...pairs('--set', set),
    ...pairs('--environment-variables', spec.environmentVariables),
    ...pairs('--connections', spec.connections),
    ...(spec.runtime ? ['--runtime', spec.runtime] : []),
    ...workspaceArgs(ws)
  ];
}

export const runShowArgs = (name: string, ws: AzureWorkspace) => [
  'run',
  'show',
  '--name',
  name,
  ...workspaceArgs(ws)
];
/** `run list` prints JSON by default (`--output json`); the newest runs of the workspace first. */
export const runListArgs = (maxResults: number, ws: AzureWorkspace) => [
  'run',
  'list',
  '--max-results',
  String(maxResults),
  ...workspaceArgs(ws)
];
export const runShowMetricsArgs = (name: string, ws: AzureWorkspace) => [
  'run',
  'show-metrics',
  '--name',
  name,
  ...workspaceArgs(ws)
];
export const runDownloadArgs = (name: string, output: string, ws: AzureWorkspace) => [
  'run',
  'download',
  '--name',
  name,
  '--output',
  output,
  '--overwrite',
  ...workspaceArgs(ws)
];

/**
 * The JSON a pf command printed on stdout. pf prints `json.dumps(…, indent=4)`; anything before it
 * (a warning printed to stdout) is skipped.
 */
export function parsePfJson(stdout: string, what: string): unknown {
  const text = stdout.trim();
  try {
    return JSON.parse(text);
  } catch {
    const start = text.search(/^[{[]/m);
    const end = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']'));
    if (start >= 0 && end > start)
      try {
        return JSON.parse(text.slice(start, end + 1));
      } catch {
        // fall through
      }
  }
  throw new Error(`${what}: expected JSON on stdout, found ${JSON.stringify(text.slice(0, 300))}`);
}

export interface PfazureOptions {
  /** The pfazure executable (default: found on PATH, installed with pip when missing). */
  command: string;
  workspace: AzureWorkspace;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** A single pfazure call longer than this is killed (default 15 min). */
  timeoutMs?: number;
}

/**
 * One `pfazure` executable bound to a workspace. Every call is a fresh process. The subscription is
 * always passed: the workspace's, else `AZURE_SUBSCRIPTION_ID` (never the Azure CLI's default one).
 */
export class Pfazure {
  readonly opts: PfazureOptions;
  constructor(opts: PfazureOptions) {
    const subscriptionId = opts.workspace.subscriptionId || opts.env.AZURE_SUBSCRIPTION_ID?.trim();
    if (!subscriptionId)
      throw new UserError(
        `workspace ${opts.workspace.workspace}: no Azure subscription id for pfazure (set azure.subscriptionId or AZURE_SUBSCRIPTION_ID)`
      );
    this.opts = { ...opts, workspace: { ...opts.workspace, subscriptionId } };
  }

  private async call(args: string[]): Promise<ExecResult> {
    return execFile(this.opts.command, args, {
      cwd: this.opts.cwd,
      env: this.opts.env,
      timeoutMs: this.opts.timeoutMs ?? 15 * 60_000
    });
  }

  private fail(args: string[], r: ExecResult): never {
    const detail = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-15).join('\n');
    throw new UserError(`pfazure ${args.slice(0, 2).join(' ')} failed (exit ${r.code}): ${detail}`);
  }

  /** Submits a run; returns what pfazure printed (status NotStarted/Preparing/Running …). */
  async create(spec: PfRunCreateSpec): Promise<PfCloudRun> {
    const args = runCreateArgs(spec, this.opts.workspace);
    const r = await this.call(args);
    if (r.code !== 0) this.fail(args, r);
    return parsePfJson(r.stdout, 'pfazure run create') as PfCloudRun;
  }

  /** The run, or undefined when the workspace has no run of that name. */
  async show(name: string): Promise<PfCloudRun | undefined> {
    const args = runShowArgs(name, this.opts.workspace);
    const r = await this.call(args);
    if (r.code !== 0) {
      if (/not found|RunNotFound/i.test(r.stderr + r.stdout)) return undefined;
      this.fail(args, r);
    }
    return parsePfJson(r.stdout, 'pfazure run show') as PfCloudRun;
  }

  /** The newest `maxResults` runs of the workspace (name, status, …; no properties). */
  async list(maxResults: number): Promise<PfCloudRun[]> {
    const args = runListArgs(maxResults, this.opts.workspace);
    const r = await this.call(args);
    if (r.code !== 0) this.fail(args, r);
    const value = parsePfJson(r.stdout, 'pfazure run list');
    if (!Array.isArray(value))
      throw new Error(
        `pfazure run list: expected a JSON array, found ${JSON.stringify(value).slice(0, 200)}`
      );
    return value as PfCloudRun[];
  }

  async showMetrics(name: string): Promise<Record<string, number>> {
    const args = runShowMetricsArgs(name, this.opts.workspace);
    const r = await this.call(args);
    if (r.code !== 0) this.fail(args, r);
    const value = parsePfJson(r.stdout, 'pfazure run show-metrics');
    const out: Record<string, number> = {};
    if (value && typeof value === 'object' && !Array.isArray(value))
      for (const [k, v] of Object.entries(value)) if (typeof v === 'number') out[k] = v;
    return out;
  }

  /**
   * Downloads a completed run's results into `outputDir/<name>/` and converts its line results to
   * the local run store's files (`outputs.jsonl`, `inputs.jsonl`, with `line_number`).
   */
  async download(name: string, outputDir: string): Promise<DownloadedRun> {
    mkdirSync(path.resolve(this.opts.cwd, outputDir), { recursive: true });
    const args = runDownloadArgs(name, outputDir, this.opts.workspace);
    const r = await this.call(args);
    if (r.code !== 0) this.fail(args, r);
    return readDownloadedRun(path.resolve(this.opts.cwd, outputDir, name));
  }
}

export interface DownloadedRun {
  dir: string;
  outputsFile: string;
  inputsFile?: string;
  lines: { total: number; completed: number; failed: number };
  /** `metrics.json` of the download, when it has one. */
  metrics?: Record<string, number>;
}

/**
 * Reads a downloaded run folder. Line records come from `flow_artifacts/*.jsonl` (one object per
 * line with `line_number` and `run_info` {inputs, output, status}); without them, from
 * `flow_outputs/output.jsonl`. Writes `outputs.jsonl` / `inputs.jsonl` next to them.
 */
export function readDownloadedRun(dir: string): DownloadedRun {
  const outputs: Record<string, unknown>[] = [];
  const inputs: Record<string, unknown>[] = [];
  let total = 0;
  let failed = 0;
  const artifacts = path.join(dir, 'flow_artifacts');
  if (existsSync(artifacts)) {
    const files = readdirSync(artifacts)
      .filter((f) => f.endsWith('.jsonl'))
      .sort();
    const lines: { n: number; info: Record<string, unknown>; status: string }[] = [];
    for (const f of files)
      for (const l of readFileSync(path.join(artifacts, f), 'utf8').split('\n')) {
        if (!l.trim()) continue;
        const rec = JSON.parse(l) as {
          line_number?: number;
          run_info?: Record<string, unknown>;
          status?: string;
        };
        const info = rec.run_info ?? {};
        lines.push({
          n: Number(rec.line_number ?? info.index ?? lines.length),
          info,
          status: String(info.status ?? rec.status ?? '')
        });
      }
    lines.sort((a, b) => a.n - b.n);
    for (const { n, info, status } of lines) {
      total++;
      inputs.push({ line_number: n, ...((info.inputs as Record<string, unknown>) ?? {}) });
      if (status === 'Completed')
        outputs.push({ line_number: n, ...((info.output as Record<string, unknown>) ?? {}) });
      else failed++;
    }
  } else {
    const file = path.join(dir, 'flow_outputs', 'output.jsonl');
    if (existsSync(file))
      for (const l of readFileSync(file, 'utf8').split('\n'))
        if (l.trim()) outputs.push(JSON.parse(l) as Record<string, unknown>);
    total = outputs.length;
  }
  const outputsFile = path.join(dir, 'outputs.jsonl');
  writeFileSync(outputsFile, outputs.map((o) => JSON.stringify(o) + '\n').join(''));
  let inputsFile: string | undefined;
  if (inputs.length) {
    inputsFile = path.join(dir, 'inputs.jsonl');
    writeFileSync(inputsFile, inputs.map((o) => JSON.stringify(o) + '\n').join(''));
  }
  let metrics: Record<string, number> | undefined;
  const metricsFile = path.join(dir, 'metrics.json');
  if (existsSync(metricsFile)) {
    metrics = {};
    const value = JSON.parse(readFileSync(metricsFile, 'utf8')) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value ?? {})) if (typeof v === 'number') metrics[k] = v;
  }
  return {
    dir,
    outputsFile,
    inputsFile,
    lines: { total, completed: outputs.length, failed },
    ...(metrics ? { metrics } : {})
  };
}

/** Message of a failed cloud run (`error.error.message` in run history's shape). */
export function cloudRunError(run: PfCloudRun): string | undefined {
  const e = run.error;
  if (!e) return undefined;
  return e.error?.message ?? e.message ?? JSON.stringify(e);
}

/** The promptflow[azure] release installed when pfazure is missing: pinned, so every job drives the CLI shape we parse. */
export const PROMPTFLOW_AZURE_VERSION = '1.18.5';
export const PROMPTFLOW_AZURE_REQUIREMENT = `promptflow[azure]==${PROMPTFLOW_AZURE_VERSION}`;

export interface ResolvePfazureOptions {
  env: NodeJS.ProcessEnv;
  reporter: Reporter;
  /** An explicit executable (skips the lookup). */
  command?: string;
  /** Install promptflow[azure] into its own virtual environment when pfazure is missing (default true). */
  install?: boolean;
  /** That virtual environment (default `$GENAIOPS_PFAZURE_VENV`, else a versioned folder in the runner's tool cache). */
  venvDir?: string;
}

/** Where pip puts the venv's scripts (`bin/`, or `Scripts\` on Windows). */
function venvExecutable(venv: string, name: string): string {
  return process.platform === 'win32'
    ? path.join(venv, 'Scripts', `${name}.exe`)
    : path.join(venv, 'bin', name);
}

/**
 * The pfazure executable: `command`, `$GENAIOPS_PFAZURE`, or `pfazure` on PATH. When there is none,
 * installs the pinned `promptflow[azure]` into its own virtual environment (created once per version
 * and reused), so the job's Python and the flow's dependencies are left alone.
 */
export async function resolvePfazure(opts: ResolvePfazureOptions): Promise<string> {
  const explicit = opts.command ?? opts.env.GENAIOPS_PFAZURE;
  if (explicit) return explicit;
  const found = findOnPath('pfazure', opts.env);
  if (found) return found;
  if (opts.install === false)
    throw new UserError(
      `pfazure not found on PATH: install it with \`pip install "${PROMPTFLOW_AZURE_REQUIREMENT}"\``
    );
  const venv =
    opts.venvDir ??
    (opts.env.GENAIOPS_PFAZURE_VENV?.trim() ||
      path.join(
        opts.env.RUNNER_TOOL_CACHE || path.join(os.homedir(), '.cache'),
        'genaiops',
        `pfazure-${PROMPTFLOW_AZURE_VERSION}`
      ));
  const pfazure = venvExecutable(venv, 'pfazure');
  if (existsSync(pfazure)) {
    opts.reporter.info(`pfazure: ${PROMPTFLOW_AZURE_REQUIREMENT} from ${venv}`);
    return pfazure;
  }
  const python = findOnPath('python3', opts.env) ?? findOnPath('python', opts.env);
  if (!python)
    throw new UserError(
      `pfazure not found on PATH, and no python3 to install it with: install "${PROMPTFLOW_AZURE_REQUIREMENT}"`
    );
  opts.reporter.info(
    `pfazure not found on PATH: installing ${PROMPTFLOW_AZURE_REQUIREMENT} into its own virtual environment ${venv}`
  );
  const made = await execFile(python, ['-m', 'venv', venv], { env: opts.env });
  if (made.code !== 0)
    throw new UserError(
      `creating the virtual environment ${venv} failed (exit ${made.code}): ${made.stderr.trim().split('\n').slice(-5).join('\n')}`
    );
  const pip = await execFile(
    venvExecutable(venv, 'python'),
    ['-m', 'pip', 'install', '--disable-pip-version-check', PROMPTFLOW_AZURE_REQUIREMENT],
    { env: opts.env }
  );
  if (pip.code !== 0)
    throw new UserError(
      `pip install "${PROMPTFLOW_AZURE_REQUIREMENT}" into ${venv} failed (exit ${pip.code}): ${pip.stderr.trim().split('\n').slice(-10).join('\n')}`
    );
  if (!existsSync(pfazure))
    throw new UserError(
      `installed ${PROMPTFLOW_AZURE_REQUIREMENT} into ${venv}, but ${pfazure} is not there`
    );
  return pfazure;
}

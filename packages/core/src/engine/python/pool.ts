// A pool of long-lived python processes that run prompt flow python tools, aggregation nodes and
// flex flow entries for the local flow engine. See worker.py for the wire protocol.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { UserError, type Problem } from '../../errors.js';
import { floatFromText, stringifyPy } from '../../util/py-float.js';
import { installWorker } from './install.js';
import { chooseInterpreter, type InterpreterChoice } from './interpreter.js';
import { workerEnvironment } from './worker-env.js';

export interface PythonWorkerPoolOptions {
  /** Most worker processes at once (started lazily, one request at a time each). */
  size: number;
  /** The interpreter. Default: env GENAIOPS_PYTHON, else `python3` (`python` on Windows). */
  python?: string;
  /** Working directory of the workers, put first on their sys.path: the flow folder. */
  cwd: string;
  /** Tool paths in messages are shown relative to this folder (default: `cwd`). */
  displayDir?: string;
  /** Environment of the workers, on top of this process's (less its credentials: see worker-env.ts). */
  env?: Record<string, string>;
  /** A call running longer is stopped (its worker killed and replaced). Default 600000 (10 min). */
  callTimeoutMs?: number;
  /**
   * Most requests a worker holds at once when every worker is busy (they run in order). Default
   * 8. A request is only sent behind calls of tools measured short (see SHORT_CALL_MS), so a
   * slow call never holds up another; 1 sends none ahead.
   */
  pipeline?: number;
  /** What workers write outside any call (background threads, C code, subprocesses, crashes). */
  onStderr?: (text: string) => void;
}

export interface PythonCallRequest {
  /** The `.py` file, absolute or relative to `cwd`. */
  file: string;
  /** The function; when omitted, the module's one `@tool` function. */
  func?: string;
  /** Keyword arguments. A connection is passed as {@link connectionArg} makes it. */
  args: Record<string, unknown>;
  /** Cancels the call: a waiting call leaves the queue, a running one's worker is killed and replaced. */
  signal?: AbortSignal;
}

export interface PythonFlexRequest {
  /** The `.py` file of the entry's module, absolute or relative to `cwd`. */
  file: string;
  /** A function or a class name (`entry: module:name` in flow.flex.yaml). */
  entry: string;
  /** A class entry's `__init__` arguments; the instance is made once per worker and init. */
  init?: Record<string, unknown>;
  /** Keyword arguments of the call (of `__aggregate__`, e.g. `{ line_results: [...] }`, when aggregating). */
  args: Record<string, unknown>;
  /** Call the instance's `__aggregate__` instead of `__call__`; what it returns that is a number becomes a metric too. */
  aggregate?: boolean;
  /** As {@link PythonCallRequest.signal}. */
  signal?: AbortSignal;
}

/** A package tool (`source.type: package`): `module.function` or `module.Class.method`. */
export interface PythonPackageRequest {
  /** The tool's full name, e.g. `promptflow.tools.embedding.embedding`. */
  tool: string;
  /** The pip package that provides it, named in the error when its module cannot be imported. */
  pip: string;
  args: Record<string, unknown>;
  signal?: AbortSignal;
}

export interface PythonCallResult {
  /** The return value, JSON-converted (tuples and sets → arrays, dataclasses and objects → objects, else str()). */
  output: unknown;
  /** What the call printed (stdout and stderr, interleaved). */
  logs: string;
  /** `log_metric(key, value)` calls made during the call (last value per key). */
  metrics: Record<string, number>;
  /** Time inside the worker, module loading included. */
  durationMs: number;
}

/** Where in the tool's life a ToolError happened: importing the file / finding the function, a flex class's `__init__`, the call. */
export type ToolErrorPhase = 'load' | 'init' | 'call';

/** pip names of modules whose package is named otherwise. */
const PIP_NAMES: Record<string, string> = {
  bs4: 'beautifulsoup4',
  PIL: 'pillow',
  dotenv: 'python-dotenv',
  yaml: 'pyyaml',
  sklearn: 'scikit-learn',
  cv2: 'opencv-python',
  docx: 'python-docx',
  fitz: 'pymupdf'
};

/** Where a missing module's package goes: the worker's interpreter, and whether the flow lists its needs. */
export interface MissingModuleContext {
  python: string;
  requirementsTxt: boolean;
}

/** For a missing module: which pip package to install, and where (the worker's python). */
function missingModuleHint(error: WireError, where?: MissingModuleContext): string {
  if (error.type !== 'ModuleNotFoundError') return '';
  const module = /No module named '([\w.]+)'/.exec(error.message)?.[1];
  if (!module) return '';
  const top = module.split('.')[0]!;
  if (top === 'promptflow')
    return ` (${module} is not part of the local engine's promptflow shim: install promptflow in the python that runs the tools, GENAIOPS_PYTHON, or use --backend azure)`;
  const pip = PIP_NAMES[top] ?? top;
  const how = where?.requirementsTxt ? 'pip install -r requirements.txt' : `pip install ${pip}`;
  const python = where ? ` (${where.python})` : '';
  return ` (the flow needs the pip package "${pip}": install it in the python that runs the tools, GENAIOPS_PYTHON${python}, e.g. ${how}, or run the flow with --backend azure)`;
}

/** A python tool raised an exception (or could not be loaded: syntax error, missing function…). */
export class ToolError extends UserError {
  /** `file:function` of the tool, file relative to the pool's cwd. */
  readonly tool: string;
  /** Python exception class name, e.g. `ValueError`, `SyntaxError`. */
  readonly pythonType: string;
  readonly pythonMessage: string;
  /** Python traceback, user frames only, ending with the exception line. */
  readonly traceback: string;
  readonly phase: ToolErrorPhase;
  /** The file and line of the error: of a syntax error, else of the innermost user frame. */
  readonly file?: string;
  readonly line?: number;
  /** What the call printed before it failed. */
  readonly logs: string;

  constructor(tool: string, error: WireError, logs: string, where?: MissingModuleContext) {
    let what =
      error.phase === 'call'
        ? `python tool ${tool} raised ${error.type}: ${error.message}`
        : error.phase === 'init'
          ? `python flex entry ${tool} failed in __init__: ${error.type}: ${error.message}`
          : `python tool ${tool} could not be loaded: ${error.type}: ${error.reason ?? error.message}`;
    what += missingModuleHint(error, where);
    const problems: Problem[] | string =
      error.type === 'SyntaxError' && error.file
        ? [{ file: error.file, line: error.line, column: error.column, message: what }]
        : what;
    super(problems);
    this.name = 'ToolError';
    this.tool = tool;
    this.pythonType = error.type;
    this.pythonMessage = error.message;
    this.traceback = error.traceback;
    this.phase = error.phase;
    this.file = error.file;
    this.line = error.line;
    this.logs = logs;
  }
}

/**
 * A python worker failed rather than the tool: it could not start (`start`), died during a call
 * (`exit`: os._exit, a segfault, out of memory), overran callTimeoutMs (`timeout`), or the pool was
 * closed (`closed`), or its caller cancelled it (`canceled`).
 */
export class PythonWorkerError extends UserError {
  readonly kind: 'start' | 'exit' | 'timeout' | 'closed' | 'canceled';
  /** The call's `file:function`, when it concerns one. */
  readonly tool?: string;
  readonly exitCode?: number | null;
  readonly signal?: string | null;
  /** The end of what the worker wrote to stderr (a crash's fault handler dump lands there). */
  readonly stderr: string;

  constructor(
    kind: PythonWorkerError['kind'],
    message: string,
    details: { tool?: string; exitCode?: number | null; signal?: string | null; stderr?: string } = {}
  ) {
    super(message);
    this.name = 'PythonWorkerError';
    this.kind = kind;
    this.tool = details.tool;
    this.exitCode = details.exitCode;
    this.signal = details.signal;
    this.stderr = details.stderr ?? '';
  }
}

/** A connection argument as the worker expects it: it becomes a promptflow connection object. */
export function connectionArg(
  type: string,
  name: string,
  values: Record<string, unknown>
): { __pf_connection__: { type: string; name: string; values: Record<string, unknown> } } {
  return { __pf_connection__: { type, name, values } };
}

/** A model configuration argument (flex flow init): becomes a promptflow.core `…ModelConfiguration`. */
export function modelConfigArg(
  type: 'AzureOpenAIModelConfiguration' | 'OpenAIModelConfiguration',
  values: Record<string, unknown>
): { __pf_model_config__: { type: string; values: Record<string, unknown> } } {
  return { __pf_model_config__: { type, values } };
}

interface WireError {
  type: string;
  message: string;
  traceback: string;
  phase: ToolErrorPhase;
  file?: string;
  line?: number;
  column?: number;
  /** A SyntaxError's message without its location. */
  reason?: string;
}

interface WireResponse {
  id: number | null;
  ok: boolean;
  output?: unknown;
  error?: WireError;
  logs: string;
  metrics: Record<string, number>;
  ms: number;
  revive?: boolean;
}

interface WireReady {
  ready: true;
  python: string;
  /** `sys.executable`: the interpreter itself, even when started through a launcher script. */
  executable?: string;
  promptflow: 'shim' | 'installed';
  pid: number;
}

interface Job {
  id: number;
  line: string;
  tool: string;
  /** Rejected by its caller while sent ahead to a worker: its answer is dropped when it comes. */
  dropped?: boolean;
  resolve: (result: PythonCallResult) => void;
  reject: (error: Error) => void;
}

/** A FIFO with O(1) shift and unshift. */
class Queue<T> {
  private items: T[] = [];
  private head = 0;
  get size(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  unshift(item: T): void {
    if (this.head > 0) this.items[--this.head] = item;
    else this.items.unshift(item);
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined as T;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
  /** Takes `item` out of the queue; false when it is not waiting there. */
  remove(item: T): boolean {
    const i = this.items.indexOf(item, this.head);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }
  drain(): T[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rest;
  }
}

const STDERR_TAIL = 4000;
/**
 * A tool whose calls take less than this in the worker (a moving average) is short: requests may
 * wait behind it in a worker's pipe. A round trip per call costs more than such a call on a busy
 * machine, so short calls go back to back instead.
 */
const SHORT_CALL_MS = 5;
const DEFAULT_PIPELINE = 8;
const CLOSE_GRACE_MS = 2000;
const START_GRACE_MS = 30_000;

interface Refable {
  ref?: () => void;
  unref?: () => void;
}

class Worker {
  readonly inflight: Job[] = [];
  info?: WireReady;
  /** Takes no more jobs: killed, exiting, or closing. */
  retired = false;
  /** Why we killed it (its in-flight jobs are already settled). */
  killedFor?: 'timeout' | 'protocol' | 'canceled';
  timer?: NodeJS.Timeout;
  stderrTail = '';
  spawnError?: Error;
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  stdoutClosed = false;
  finished = false;
  refed = true;
  readonly done: Promise<void>;
  resolveDone!: () => void;
  private partial = '';

  constructor(readonly child: ChildProcess) {
    this.done = new Promise((res) => (this.resolveDone = res));
  }

  /** Splits the protocol stream into lines. */
  lines(chunk: string): string[] {
    const text = this.partial + chunk;
    const last = text.lastIndexOf('\n');
    if (last < 0) {
      this.partial = text;
      return [];
    }
    this.partial = text.slice(last + 1);
    return text.slice(0, last).split('\n');
  }

  setRef(on: boolean): void {
    if (this.refed === on) return;
    this.refed = on;
    const { child } = this;
    if (on) child.ref();
    else child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) {
      const s = stream as unknown as Refable | null;
      if (on) s?.ref?.();
      else s?.unref?.();
    }
  }

  kill(): void {
    const { pid } = this.child;
    if (pid !== undefined && process.platform !== 'win32') {
      try {
        process.kill(-pid, 'SIGKILL'); // the worker's process group: its subprocesses too
        return;
      } catch {
        // not a group leader or already gone: fall through
      }
    }
    try {
      this.child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '__pf_float__' && typeof o.__pf_float__ === 'string') {
      return floatFromText(o.__pf_float__);
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = revive(o[k]);
    return out;
  }
  return value;
}

/**
 * Long-lived python workers that run tool functions and flex entries, started lazily up to
 * `size`, each one request at a time; requests wait in one FIFO queue. A worker that crashes or
 * overruns the call timeout is killed and replaced; only that call fails. Call {@link close} when
 * done (idle workers do not keep node alive, but close() is what ends them).
 */
export class PythonWorkerPool {
  readonly size: number;
  readonly python: string;
  readonly cwd: string;
  private readonly displayDir: string;
  readonly callTimeoutMs: number;
  private readonly env: Record<string, string>;
  private readonly depth: number;
  /** Moving average of each tool's time in the worker (ms); a tool not yet measured is not short. */
  private readonly toolMs = new Map<string, number>();
  /** Requests chosen for each worker in this pump, written to its pipe at once. */
  private readonly outbox = new Map<Worker, string[]>();
  private flushing = false;
  private readonly onStderr?: (text: string) => void;
  private readonly queue = new Queue<Job>();
  private readonly workers: Worker[] = [];
  /** Every process not yet gone, killed ones included. */
  private readonly alive = new Set<Worker>();
  private nextId = 1;
  /** What starts a worker; while it has `learn`, only one worker starts (see interpreter.ts). */
  private interpreter?: InterpreterChoice;
  /** warmUp was called: the rest start once the interpreter is known. */
  private warm = false;
  private closed = false;
  private closing?: Promise<void>;

  constructor(options: PythonWorkerPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new TypeError(`PythonWorkerPool size must be a positive integer, got ${options.size}`);
    }
    this.size = options.size;
    this.python =
      options.python || process.env.GENAIOPS_PYTHON || (process.platform === 'win32' ? 'python' : 'python3');
    this.cwd = resolve(options.cwd);
    this.displayDir = resolve(options.displayDir ?? options.cwd);
    this.callTimeoutMs = options.callTimeoutMs ?? 600_000;
    this.env = options.env ?? {};
    this.depth = Math.max(1, Math.floor(options.pipeline ?? DEFAULT_PIPELINE));
    this.onStderr = options.onStderr;
    let isDir = false;
    try {
      isDir = statSync(this.cwd).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) throw new UserError(`python worker folder ${this.cwd} does not exist`);
  }

  /** Calls a tool function (a flow's `python` node or aggregation node) with keyword arguments. */
  call(req: PythonCallRequest): Promise<PythonCallResult> {
    const file = resolve(this.cwd, req.file);
    const func = req.func || undefined;
    return this.submit(
      this.label(file, func),
      { op: 'call', file, func: func ?? null, args: req.args ?? {} },
      req.signal
    );
  }

  /** Calls a flex flow entry: a function, or a class instance (made once per worker and init), or its `__aggregate__`. */
  callFlex(req: PythonFlexRequest): Promise<PythonCallResult> {
    const file = resolve(this.cwd, req.file);
    return this.submit(
      this.label(file, req.entry),
      {
        op: 'flex',
        file,
        entry: req.entry,
        init: req.init ?? null,
        args: req.args ?? {},
        aggregate: req.aggregate === true
      },
      req.signal
    );
  }

  /**
   * Calls a package tool from the modules the worker's python can import: the real package when it
   * is installed, else the shim's built-in `promptflow.tools`.
   */
  callPackage(req: PythonPackageRequest): Promise<PythonCallResult> {
    return this.submit(
      req.tool,
      { op: 'package', tool: req.tool, pip: req.pip, args: req.args ?? {} },
      req.signal
    );
  }

  /**
   * Starts every worker now, so that a run's first calls do not wait for interpreters to boot
   * (behind a launcher script, the first one; the others once it has said which interpreter it runs).
   */
  warmUp(): void {
    this.warm = true;
    while (!this.closed && this.canSpawn() && this.workers.filter((w) => !w.retired).length < this.size)
      this.spawn();
  }

  /** False while a worker started through a launcher script has not yet said which interpreter it runs. */
  private canSpawn(): boolean {
    return !this.interpreter?.learn || this.workers.length === 0;
  }

  /** Ends every worker (a call still running gets a short grace, then is killed); queued calls reject. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.flush();
    this.closed = true;
    for (const job of this.queue.drain()) job.reject(this.closedError(job.tool));
    this.closing = Promise.all(
      [...this.alive].map(async (w) => {
        w.retired = true;
        w.setRef(true);
        w.child.stdin?.end();
        const force = setTimeout(() => w.kill(), w.inflight.length ? CLOSE_GRACE_MS : 200);
        await w.done;
        clearTimeout(force);
      })
    ).then(() => undefined);
    return this.closing;
  }

  /** Processes running now (for diagnostics and tests). */
  get workerCount(): number {
    return this.workers.length;
  }

  private label(file: string, name: string | undefined): string {
    const rel = relative(this.displayDir, file);
    const shown = !rel || rel.startsWith('..') || isAbsolute(rel) ? file : rel.split('\\').join('/');
    return name ? `${shown}:${name}` : shown;
  }

  private submit(
    tool: string,
    request: Record<string, unknown>,
    signal?: AbortSignal
  ): Promise<PythonCallResult> {
    if (this.closed) return Promise.reject(this.closedError(tool));
    if (signal?.aborted) return Promise.reject(this.canceledError(tool));
    const id = this.nextId++;
    let line: string;
    try {
      line = stringifyPy({ id, ...request }) + '\n'; // a PyFloat argument arrives as a float
    } catch (e) {
      return Promise.reject(
        new TypeError(`arguments of python tool ${tool} are not JSON: ${(e as Error).message}`)
      );
    }
    return new Promise<PythonCallResult>((resolve, reject) => {
      const onAbort = () => this.cancel(job);
      const settle =
        <T>(f: (v: T) => void) =>
        (v: T) => {
          signal?.removeEventListener('abort', onAbort);
          f(v);
        };
      const job: Job = { id, line, tool, resolve: settle(resolve), reject: settle(reject) };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  /** A cancelled call: out of the queue, or its worker killed (the worker's other calls go back to the queue). */
  private cancel(job: Job): void {
    if (this.queue.remove(job)) return job.reject(this.canceledError(job.tool));
    const w = this.workers.find((x) => x.inflight.includes(job));
    if (!w) return;
    if (w.inflight[0] !== job) {
      // sent ahead, not started: the worker runs it behind short calls; its answer is dropped
      job.dropped = true;
      return job.reject(this.canceledError(job.tool));
    }
    w.inflight.splice(w.inflight.indexOf(job), 1);
    this.retire(w, 'canceled');
    job.reject(this.canceledError(job.tool));
    this.requeue(w);
    this.pump();
  }

  private canceledError(tool: string): PythonWorkerError {
    return new PythonWorkerError('canceled', `python tool ${tool} was cancelled (its worker was stopped)`, {
      tool
    });
  }

  private closedError(tool?: string): PythonWorkerError {
    return new PythonWorkerError(
      'closed',
      `python worker pool is closed${tool ? ` (${tool} not run)` : ''}`,
      {
        tool
      }
    );
  }

  private pump(): void {
    while (this.queue.size > 0 && !this.closed) {
      const worker = this.pick();
      if (!worker) return;
      this.assign(worker, this.queue.shift()!);
    }
  }

  /**
   * Writes what each worker was given since the last flush, one write per worker: a syscall and a
   * wake-up of the worker each. Deferred to the end of the current tick, so that the calls lines
   * submit as their earlier calls' answers come in go out together.
   */
  private flush = (): void => {
    this.flushing = false;
    for (const [w, lines] of this.outbox) if (!w.retired) w.child.stdin!.write(lines.join(''));
    this.outbox.clear();
  };

  /** An idle worker, else a new one, else the least busy one with room in its pipeline behind short calls. */
  private pick(): Worker | undefined {
    let best: Worker | undefined;
    for (const w of this.workers) {
      if (w.retired) continue;
      if (w.inflight.length === 0) return w;
      if (
        w.inflight.length < this.depth &&
        (!best || w.inflight.length < best.inflight.length) &&
        w.inflight.every((j) => this.isShort(j.tool))
      )
        best = w;
    }
    if (this.workers.length < this.size && this.canSpawn()) return this.spawn();
    return best;
  }

  private isShort(tool: string): boolean {
    const ms = this.toolMs.get(tool);
    return ms !== undefined && ms < SHORT_CALL_MS;
  }

  private assign(w: Worker, job: Job): void {
    w.inflight.push(job);
    w.setRef(true);
    if (w.inflight.length === 1) this.arm(w);
    const lines = this.outbox.get(w);
    if (lines) lines.push(job.line);
    else this.outbox.set(w, [job.line]);
    if (!this.flushing) {
      this.flushing = true;
      process.nextTick(this.flush);
    }
  }

  /** Starts the timeout of the worker's current (first) job. */
  private arm(w: Worker): void {
    if (w.timer) clearTimeout(w.timer);
    w.timer = undefined;
    if (w.inflight.length === 0) return;
    // a worker still starting gets time to start (a loaded machine takes seconds): the call's own
    // timeout starts again once it is ready
    const startGrace = w.info ? 0 : START_GRACE_MS;
    w.timer = setTimeout(() => this.onTimeout(w), this.callTimeoutMs + startGrace);
  }

  private spawn(): Worker {
    const paths = installWorker();
    const env = workerEnvironment(process.env, {
      PYTHONIOENCODING: 'utf-8',
      PYTHONDONTWRITEBYTECODE: '1',
      ...this.env
    });
    this.interpreter ??= chooseInterpreter(this.python, this.cwd, env);
    const child = spawn(this.interpreter.program, [paths.worker, paths.shim], {
      cwd: this.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
      detached: process.platform !== 'win32' // own process group, so a kill reaches its subprocesses
    });
    const w = new Worker(child);
    this.workers.push(w);
    this.alive.add(w);
    child.stdin!.on('error', () => undefined); // EPIPE after a crash: the exit handler reports it
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      for (const line of w.lines(chunk)) if (line) this.onLine(w, line);
    });
    child.stdout!.on('close', () => {
      w.stdoutClosed = true;
      this.maybeFinish(w);
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      w.stderrTail = (w.stderrTail + chunk).slice(-STDERR_TAIL);
      this.onStderr?.(chunk);
    });
    child.on('error', (err) => {
      if (child.pid === undefined) {
        w.spawnError = err;
        w.stdoutClosed = true;
        w.exit = { code: null, signal: null };
        this.maybeFinish(w);
      }
    });
    child.on('exit', (code, signal) => {
      w.exit = { code, signal };
      w.retired = true;
      this.maybeFinish(w);
    });
    return w;
  }

  private onLine(w: Worker, line: string): void {
    let msg: WireResponse | WireReady;
    try {
      msg = JSON.parse(line) as WireResponse | WireReady;
    } catch {
      this.protocolError(w, `python worker wrote a line that is not JSON: ${line.slice(0, 200)}`);
      return;
    }
    if ('ready' in msg) {
      w.info = msg;
      this.arm(w);
      const learn = this.interpreter?.learn;
      if (learn) {
        this.interpreter = { program: msg.executable ? learn(msg.executable) : this.python };
        if (this.warm) this.warmUp();
        this.pump();
      }
      return;
    }
    const job = w.inflight[0];
    if (!job || msg.id !== job.id) {
      this.protocolError(w, `python worker answered request ${msg.id}, expected ${job?.id ?? 'none'}`);
      return;
    }
    w.inflight.shift();
    this.arm(w);
    if (w.inflight.length === 0) w.setRef(w.retired); // idle workers must not keep node alive
    if (typeof msg.ms === 'number') {
      const avg = this.toolMs.get(job.tool);
      this.toolMs.set(job.tool, avg === undefined ? msg.ms : avg * 0.7 + msg.ms * 0.3);
    }
    if (job.dropped) {
      // its caller gave up on it while it waited in the pipe
    } else if (msg.ok) {
      job.resolve({
        output: msg.revive ? revive(msg.output) : msg.output,
        logs: msg.logs ?? '',
        metrics: (msg.revive ? revive(msg.metrics) : msg.metrics) as Record<string, number>,
        durationMs: msg.ms
      });
    } else {
      const where = {
        python: this.python,
        requirementsTxt: existsSync(join(this.displayDir, 'requirements.txt'))
      };
      job.reject(new ToolError(job.tool, msg.error!, msg.logs ?? '', where));
    }
    this.pump();
  }

  private protocolError(w: Worker, message: string): void {
    if (w.killedFor) return;
    this.retire(w, 'protocol');
    const job = w.inflight.shift();
    job?.reject(new Error(message));
    this.requeue(w);
    this.pump();
  }

  private onTimeout(w: Worker): void {
    w.timer = undefined;
    const job = w.inflight.shift();
    if (!job) return;
    this.retire(w, 'timeout');
    job.reject(
      new PythonWorkerError(
        'timeout',
        `python tool ${job.tool} did not finish within ${seconds(this.callTimeoutMs)} (its worker was stopped)`,
        { tool: job.tool, stderr: w.stderrTail }
      )
    );
    this.requeue(w);
    this.pump();
  }

  /** Kills a worker and takes it out of service; a replacement starts when a job needs one. */
  private retire(w: Worker, why: 'timeout' | 'protocol' | 'canceled'): void {
    w.retired = true;
    w.killedFor = why;
    if (w.timer) clearTimeout(w.timer);
    w.timer = undefined;
    const i = this.workers.indexOf(w);
    if (i >= 0) this.workers.splice(i, 1);
    w.kill();
    w.setRef(true); // until it is gone
  }

  /** Jobs sent ahead to a worker that is gone go back to the front of the queue, in order. */
  private requeue(w: Worker): void {
    for (const job of w.inflight.splice(0).reverse()) if (!job.dropped) this.queue.unshift(job);
  }

  private maybeFinish(w: Worker): void {
    if (w.finished || !w.exit || !w.stdoutClosed) return;
    w.finished = true;
    this.alive.delete(w);
    if (w.timer) clearTimeout(w.timer);
    w.timer = undefined;
    const i = this.workers.indexOf(w);
    if (i >= 0) this.workers.splice(i, 1);
    w.setRef(false);
    w.resolveDone();
    if (w.killedFor) {
      // its jobs were settled or requeued when it was killed
    } else if (this.closed) {
      for (const job of w.inflight.splice(0)) job.reject(this.closedError(job.tool));
    } else if (!w.info) {
      this.startFailed(w);
    } else {
      const job = w.inflight.shift();
      if (job) {
        const { code, signal } = w.exit;
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const tail = w.stderrTail.trim();
        job.reject(
          new PythonWorkerError(
            'exit',
            `python worker ${how} while running ${job.tool}${tail ? `\n${tail}` : ''}`,
            {
              tool: job.tool,
              exitCode: code,
              signal,
              stderr: w.stderrTail
            }
          )
        );
      }
      this.requeue(w);
    }
    this.pump();
  }

  /** The worker died before it was ready: the interpreter is missing, too old, or broken. */
  private startFailed(w: Worker): void {
    const err = w.spawnError as NodeJS.ErrnoException | undefined;
    const tail = w.stderrTail.trim();
    let message: string;
    if (err?.code === 'ENOENT') {
      message = `python interpreter "${this.python}" was not found: install Python 3.9+ or set GENAIOPS_PYTHON to the interpreter to use`;
    } else if (err) {
      message = `could not start python interpreter "${this.python}": ${err.message}`;
    } else {
      const { code, signal } = w.exit!;
      message = `python worker (${this.python}) ${signal ? `was killed by ${signal}` : `exited with code ${code}`} while starting${tail ? `:\n${tail}` : ''}`;
    }
    const error = (tool?: string): PythonWorkerError =>
      new PythonWorkerError('start', message, {
        tool,
        exitCode: w.exit?.code,
        signal: w.exit?.signal,
        stderr: w.stderrTail
      });
    const jobs = w.inflight.splice(0);
    // With no healthy worker left, every waiting call would fail the same way: fail them now.
    if (!this.workers.some((o) => o.info && !o.retired)) jobs.push(...this.queue.drain());
    for (const job of jobs) job.reject(error(job.tool));
  }
}

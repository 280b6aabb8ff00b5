/**
 * The local endpoint server: serves the deployments of one local endpoint with the flow engine.
 *
 * - `POST /score` (JSON flow inputs → JSON flow outputs), `Authorization: Bearer <key>` (either
 *   key of endpoint.json), routed by the `azureml-model-deployment` header when given, else by the
 *   traffic weights (smooth weighted round robin: the observed split follows the weights exactly
 *   over any window of a few dozen requests); the answering deployment is in the same response
 *   header;
 * - `GET /health`: liveness (status, pid, loaded revision) to anyone; with a key also the traffic
 *   and each deployment's state;
 * - errors are JSON: `{ "error": { "code", "message" } }` (401, 404, 400 bad input, 408 timeout,
 *   413 body too large, 502 flow failure, 503 no deployment takes traffic or the deployment is full);
 *   a flow's failure is answered with a correlation id only: its detail (model errors, tracebacks)
 *   goes to the server log, masked, never to the caller;
 * - each deployment runs at most `concurrency` requests at once with a short queue; a request over
 *   the timeout is cancelled (its model calls aborted, its python worker killed and replaced);
 * - endpoint.json is re-read when it changes (deploys update traffic and deployments without a
 *   restart); the server exits when it is deleted, or on SIGTERM / SIGINT.
 *
 * One executor per deployment, created on its first request and dropped when the deployment
 * changes; the python worker pool and the LLM client are shared by all deployments.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { environmentSecrets, RequestLog } from './request-log.js';
import { existsSync, statSync, unwatchFile, watchFile } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createExecutor } from '../engine/executor/create.js';
import type { FlowExecutor } from '../engine/executor/types.js';
import { createLlmClient, DEFAULT_LLM_CACHE_DIR, llmCacheFromEnvironment } from '../engine/llm/cache.js';
import type { LlmClient } from '../engine/llm/client.js';
import { PythonWorkerPool } from '../engine/python/pool.js';
import { loadFlow } from '../flow/load.js';
import type { Flow } from '../flow/model.js';
import { SecretMasker } from '../util/secret-masker.js';
import { writeJsonAtomic } from './fs-util.js';
import {
  DEPLOYMENT_HEADER,
  ENDPOINT_FILE,
  readEndpointFile,
  readServerInfo,
  SERVER_FILE,
  type HealthBody,
  type LocalDeploymentRecord,
  type LocalEndpointFile,
  type ServerInfo
} from './endpoint-state.js';
import { RequestGate } from './request-gate.js';
import { stringifyPy } from '../util/py-float.js';
import { endpointSecretsFile, readEndpointSecrets, type EndpointSecrets } from './endpoint-secrets.js';

export interface EndpointServerOptions {
  /** The endpoint's folder (holds endpoint.json). */
  dir: string;
  host?: string;
  /** Default: the port of the last run (server.json), else any free port. */
  port?: number;
  /** How often endpoint.json is checked for changes (default 100 ms). */
  pollMs?: number;
  /** Python workers shared by every deployment (default: env GENAIOPS_ENDPOINT_WORKERS, else the CPUs). */
  pythonWorkers?: number;
  /** Log lines (default: stdout with a timestamp); masked before they are handed over. */
  log?: (line: string) => void;
  /** Requests one deployment runs at once (default: env GENAIOPS_ENDPOINT_CONCURRENCY, else 8 per instance). */
  concurrency?: number;
  /** Requests that wait for a deployment beyond those (default: as many as run at once). */
  queue?: number;
  /** Largest request body in bytes (default 10 MiB). */
  maxBodyBytes?: number;
  /** Called (after closing) when endpoint.json is deleted: the endpoint is gone. */
  onRemoved?: () => void;
}

export interface RunningEndpointServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface DeploymentRuntime {
  record: LocalDeploymentRecord;
  /** JSON of the record: a change means a new runtime. */
  key: string;
  flow?: Flow;
  error?: string;
  executor?: Promise<FlowExecutor>;
  gate: RequestGate;
  lines: number;
}

const MAX_BODY = 10 * 1024 * 1024;
/** Seconds a refused caller is told to wait (Retry-After). */
const RETRY_AFTER_S = 1;
export const REQUEST_ID_HEADER = 'x-request-id';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {}
  ) {
    super(message);
  }
}

/** Smooth weighted round robin (as nginx): deterministic, and the split follows the weights closely. */
export class WeightedPicker {
  private current = new Map<string, number>();
  constructor(private weights: Record<string, number>) {}
  setWeights(weights: Record<string, number>) {
    this.weights = weights;
    this.current = new Map();
  }
  pick(): string | undefined {
    let total = 0;
    let best: string | undefined;
    let bestValue = -Infinity;
    for (const [name, w] of Object.entries(this.weights)) {
      if (!(w > 0)) continue;
      total += w;
      const v = (this.current.get(name) ?? 0) + w;
      this.current.set(name, v);
      if (v > bestValue) {
        bestValue = v;
        best = name;
      }
    }
    if (best !== undefined) this.current.set(best, bestValue - total);
    return best;
  }
}

export async function startEndpointServer(opts: EndpointServerOptions): Promise<RunningEndpointServer> {
  return new EndpointServer(opts).start();
}

/**
 * One endpoint's server, in steps: the constructor reads endpoint.json and the secrets and makes
 * the shared engine parts; `apply` (re)builds the deployments' runtimes; `onChange` watches the
 * file; `score` routes a request through its deployment's gate; `runFlow` answers it; `start` listens.
 */
class EndpointServer {
  private readonly dir: string;
  private readonly stateFile: string;
  private readonly masker: SecretMasker;
  private readonly print: (line: string) => void;
  private readonly maxBody: number;
  private readonly perInstance: number;
  private state: LocalEndpointFile;
  private readonly runtimes = new Map<string, DeploymentRuntime>();
  private readonly picker: WeightedPicker;
  private readonly llm: LlmClient;
  private readonly python: PythonWorkerPool;
  private readonly requestLog: RequestLog;
  private readonly dotenvFile: string | undefined;
  private readonly secretsFile: string;
  private secrets: EndpointSecrets;
  private lastStat: number;
  private closing = false;
  private closed: Promise<void> | undefined;
  private readonly server: Server;

  constructor(private readonly opts: EndpointServerOptions) {
    const dir = (this.dir = path.resolve(opts.dir));
    this.stateFile = path.join(dir, ENDPOINT_FILE);
    this.print = opts.log ?? ((l: string) => process.stdout.write(`${new Date().toISOString()} ${l}\n`));
    this.masker = SecretMasker.fromEnvironment(process.env);
    const initial = readEndpointFile(dir);
    if (!initial) throw new Error(`${this.stateFile}: not found`);
    this.maxBody = opts.maxBodyBytes ?? MAX_BODY;
    this.perInstance = opts.concurrency ?? (Number(process.env.GENAIOPS_ENDPOINT_CONCURRENCY) || 8);

    this.state = initial;
    this.picker = new WeightedPicker(this.state.traffic);
    // A served flow calls the model every time, unless the process that started this server asked
    // for the LLM cache (GENAIOPS_LLM_CACHE=1, e.g. `genaiops pipeline --llm-cache` rehearsing a release).
    this.llm = createLlmClient(
      { concurrency: 256 },
      llmCacheFromEnvironment(process.env) === true
        ? {
            enabled: true,
            dir: path.join(path.resolve(dir, '..', '..', '..'), DEFAULT_LLM_CACHE_DIR),
            onProblem: (m) => this.log(m)
          }
        : undefined
    );
    const workers =
      opts.pythonWorkers ??
      (Number(process.env.GENAIOPS_ENDPOINT_WORKERS) || Math.min(os.availableParallelism(), 8));
    this.python = new PythonWorkerPool({
      size: workers,
      cwd: dir,
      onStderr: (t) => this.log(`python: ${t.trimEnd()}`)
    });
    this.requestLog = new RequestLog({
      dir,
      secrets: () => [
        ...Object.values(this.secrets.keys ?? this.state.keys ?? {}),
        ...Object.values(this.secrets.connections),
        ...Object.values(this.state.deployments).flatMap((d) => environmentSecrets(d.environmentVariables))
      ]
    });
    const rootDir = path.resolve(dir, '..', '..', '..');
    this.dotenvFile = existsSync(path.join(rootDir, '.env')) ? path.join(rootDir, '.env') : undefined;
    this.secretsFile = endpointSecretsFile(rootDir, path.basename(dir), process.env);
    this.secrets = readEndpointSecrets(this.secretsFile);
    this.apply(initial);

    this.lastStat = statSync(this.stateFile).mtimeMs;
    watchFile(this.stateFile, { interval: opts.pollMs ?? 100 }, this.onChange);
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
  }

  private log(line: string): void {
    this.print(this.masker.mask(line));
  }

  /** A deployment's connections: the secrets file's values, under this process's environment. */
  private connectionsOf(record: LocalDeploymentRecord): Record<string, string> {
    return Object.fromEntries(
      (record.connections ?? []).flatMap((n) =>
        this.secrets.connections[n] !== undefined ? [[n, this.secrets.connections[n]]] : []
      )
    );
  }

  private apply(next: LocalEndpointFile): void {
    const { masker, runtimes, opts } = this;
    this.state = next;
    try {
      this.secrets = readEndpointSecrets(this.secretsFile);
    } catch (e) {
      this.log(`cannot read the secrets file ${this.secretsFile}: ${(e as Error).message}`);
    }
    const keys = this.secrets.keys ?? next.keys;
    if (keys) masker.add(keys.primary).add(keys.secondary);
    for (const c of Object.values(this.secrets.connections)) masker.addEnvironment({ connection: c });
    for (const name of [...runtimes.keys()]) if (!next.deployments[name]) runtimes.delete(name);
    for (const record of Object.values(next.deployments)) {
      const key = JSON.stringify([record, this.connectionsOf(record)]);
      if (runtimes.get(record.name)?.key === key) continue;
      masker.addEnvironment(record.environmentVariables);
      const concurrency = this.perInstance * Math.max(1, record.instanceCount || 1);
      const gate = new RequestGate({ concurrency, queue: opts.queue ?? concurrency });
      const rt: DeploymentRuntime = { record, key, gate, lines: 0 };
      try {
        rt.flow = loadFlow(record.flowDir, { displayRoot: record.flowDir });
      } catch (e) {
        rt.error = (e as Error).message;
        this.log(
          `deployment ${record.name}: flow ${record.model.name}:${record.model.version} cannot be loaded: ${rt.error}`
        );
      }
      runtimes.set(record.name, rt);
      this.log(
        `deployment ${record.name}: serving ${record.model.name}:${record.model.version}${rt.error ? ' (FAILED)' : ''}`
      );
    }
    this.picker.setWeights(next.traffic);
    this.log(`revision ${next.revision}: traffic ${JSON.stringify(next.traffic)}`);
  }

  private readonly onChange = (): void => {
    if (this.closing) return;
    if (!existsSync(this.stateFile)) {
      this.log('endpoint.json was removed: stopping');
      void this.close().then(() => this.opts.onRemoved?.());
      return;
    }
    try {
      const m = statSync(this.stateFile).mtimeMs;
      const next = readEndpointFile(this.dir);
      if (next && (next.revision !== this.state.revision || m !== this.lastStat)) this.apply(next);
      this.lastStat = m;
    } catch (e) {
      this.log(`cannot reload endpoint.json: ${(e as Error).message}`);
    }
  };

  private executorOf(rt: DeploymentRuntime): Promise<FlowExecutor> {
    rt.executor ??= Promise.resolve().then(() =>
      createExecutor({
        flow: rt.flow!,
        llm: this.llm,
        python: this.python,
        environ: { ...this.connectionsOf(rt.record), ...process.env, ...rt.record.environmentVariables },
        dotenvFile: this.dotenvFile,
        onSecret: (v) => this.masker.add(v)
      })
    );
    // a failed creation is retried on the next request
    rt.executor.catch(() => {
      rt.executor = undefined;
    });
    return rt.executor;
  }

  /** Liveness for anyone (the local client matches the pid and waits for a revision); the rest needs a key. */
  private health(req: IncomingMessage): HealthBody {
    const live = { status: 'Healthy' as const, pid: process.pid, revision: this.state.revision };
    return this.authorized(req) ? { ...live, ...this.details() } : live;
  }

  private details(): Omit<HealthBody, 'status' | 'pid' | 'revision'> {
    return {
      endpoint: this.state.name,
      traffic: this.state.traffic,
      deployments: Object.fromEntries(
        [...this.runtimes.values()].map((rt) => [
          rt.record.name,
          {
            state: rt.error ? 'Failed' : 'Succeeded',
            model: `${rt.record.model.name}:${rt.record.model.version}`,
            ...(rt.error ? { error: rt.error } : {})
          }
        ])
      ) as HealthBody['deployments']
    };
  }

  private authorized(req: IncomingMessage): boolean {
    const auth = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    if (!m) return false;
    const given = Buffer.from(m[1].trim());
    const keys = this.secrets.keys ?? this.state.keys;
    if (!keys) return false;
    return [keys.primary, keys.secondary].some((k) => {
      const want = Buffer.from(k);
      return want.length === given.length && timingSafeEqual(want, given);
    });
  }

  private async score(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const { runtimes, state } = this;
    if (!this.authorized(req))
      throw new HttpError(401, 'Unauthorized', 'missing or invalid key (send Authorization: Bearer <key>)');
    const asked = headerValue(req.headers[DEPLOYMENT_HEADER]);
    let name: string | undefined;
    if (asked) {
      if (!runtimes.has(asked))
        throw new HttpError(
          404,
          'DeploymentNotFound',
          `deployment "${asked}" not found on endpoint "${state.name}"; deployments: ${[...runtimes.keys()].join(', ') || 'none'}`
        );
      name = asked;
    } else {
      name = this.picker.pick();
      if (!name)
        throw new HttpError(
          503,
          'NoTrafficDeployment',
          `no deployment of endpoint "${state.name}" takes traffic; send the ${DEPLOYMENT_HEADER} header to call one`
        );
    }
    const rt = runtimes.get(name)!;
    res.setHeader(DEPLOYMENT_HEADER, name);
    const declared = Number(req.headers['content-length']);
    if (declared > this.maxBody) throw tooLarge(this.maxBody); // before reading any of it
    const gone = new AbortController();
    res.on('close', () => gone.abort(new Error('the caller went away')));
    const release = await rt.gate.enter(gone.signal);
    if (!release)
      throw new HttpError(
        503,
        'TooManyRequests',
        `deployment "${name}" is busy (${rt.gate.inFlight} requests running, ${rt.gate.queued} waiting); retry later`,
        { 'retry-after': String(RETRY_AFTER_S) }
      );
    try {
      await this.runFlow(req, res, rt, name, requestId, gone.signal);
    } finally {
      release();
    }
  }

  private failed(requestId: string, name: string, detail: string): HttpError {
    this.log(`request ${requestId}: deployment ${name}: ${detail}`);
    return new HttpError(
      502,
      'FlowFailed',
      `deployment "${name}" could not answer; the endpoint's log has the detail under request id ${requestId}`
    );
  }

  private async runFlow(
    req: IncomingMessage,
    res: ServerResponse,
    rt: DeploymentRuntime,
    name: string,
    requestId: string,
    gone: AbortSignal
  ): Promise<void> {
    const { masker } = this;
    const body = await readBody(req, this.maxBody);
    let inputs: unknown;
    try {
      inputs = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpError(400, 'BadRequest', 'the request body is not JSON');
    }
    if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs))
      throw new HttpError(400, 'BadRequest', 'the request body must be a JSON object of flow inputs');
    if (rt.error) throw this.failed(requestId, name, `cannot serve: ${rt.error}`);
    let executor: FlowExecutor;
    try {
      executor = await this.executorOf(rt);
    } catch (e) {
      throw this.failed(requestId, name, (e as Error).message);
    }
    const timeoutMs = rt.record.requestTimeoutMs;
    // the work stops with the request: at the timeout, or when the caller goes away
    const cancel = new AbortController();
    const timer = setTimeout(() => cancel.abort(new Error('request timeout')), timeoutMs);
    const onGone = () => cancel.abort(gone.reason);
    gone.addEventListener('abort', onGone, { once: true });
    const timedOut = new Promise<never>((_, reject) =>
      cancel.signal.addEventListener('abort', () =>
        reject(new HttpError(408, 'RequestTimeout', `the flow did not answer within ${timeoutMs} ms`))
      )
    );
    timedOut.catch(() => undefined);
    let result;
    try {
      result = await Promise.race([
        executor.executeLine(inputs as Record<string, unknown>, rt.lines++, { signal: cancel.signal }),
        timedOut
      ]);
    } finally {
      clearTimeout(timer);
      gone.removeEventListener('abort', onGone);
    }
    if (result.status !== 'Completed') {
      const err = result.error;
      const detail = `${err?.node ? `node "${err.node}": ` : ''}${err?.type ?? 'SystemError'}: ${err?.message ?? 'the flow failed'}`;
      // the caller's own input is theirs to see; anything else may carry what the model or a tool said
      if (err?.type === 'InputError') throw new HttpError(400, 'InputError', masker.mask(detail));
      throw this.failed(requestId, name, `${detail}${err?.traceback ? `\n${err.traceback}` : ''}`);
    }
    const logging = rt.record.requestLog ?? { enabled: true, sampleRate: 1 };
    if (logging.enabled)
      try {
        this.requestLog.append(
          {
            time: new Date().toISOString(),
            endpoint: this.state.name,
            deployment: name,
            inputs: inputs as Record<string, unknown>,
            outputs: result.outputs
          },
          logging.sampleRate
        );
      } catch (e) {
        this.log(`request log: ${(e as Error).message}`); // logging never fails a request
      }
    // logged before the answer is sent: a caller that got its answer finds it in the log
    send(res, 200, result.outputs);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = (req.url ?? '/').split('?')[0].replace(/\/+$/, '') || '/';
    const requestId = randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const route = async () => {
      if (url === '/health' || url === '/') {
        if (req.method !== 'GET' && req.method !== 'HEAD')
          throw new HttpError(405, 'MethodNotAllowed', 'use GET');
        this.onChange(); // a caller waiting for a revision sees it without waiting for the next poll
        return send(res, 200, this.health(req));
      }
      if (url === '/score') {
        if (req.method !== 'POST') throw new HttpError(405, 'MethodNotAllowed', 'use POST');
        return this.score(req, res, requestId);
      }
      throw new HttpError(404, 'NotFound', `no route ${req.method} ${url} (POST /score, GET /health)`);
    };
    route().catch((e: unknown) => {
      if (e instanceof HttpError)
        return send(res, e.status, { error: { code: e.code, message: e.message } }, e.headers);
      this.log(`request ${requestId}: internal error: ${(e as Error)?.stack ?? e}`);
      send(res, 500, {
        error: {
          code: 'SystemError',
          message: `internal error; the endpoint's log has it under request id ${requestId}`
        }
      });
    });
  }

  async start(): Promise<RunningEndpointServer> {
    const { server, opts, dir } = this;
    const host = opts.host ?? '127.0.0.1';
    const previous = opts.port ?? readPreviousPort(dir);
    const port = await listen(server, host, previous).catch((e) => {
      if (opts.port === undefined && previous) return listen(server, host, 0);
      throw e;
    });
    const url = `http://${host}:${port}`;
    const info: ServerInfo = { pid: process.pid, host, port, url, startedAt: new Date().toISOString() };
    writeJsonAtomic(path.join(dir, SERVER_FILE), info);
    this.log(`endpoint ${this.state.name} listening on ${url} (pid ${process.pid})`);
    return { url, port, close: () => this.close() };
  }

  close(): Promise<void> {
    return (this.closed ??= (async () => {
      this.closing = true;
      unwatchFile(this.stateFile, this.onChange);
      await new Promise<void>((r) => {
        this.server.close(() => r());
        this.server.closeAllConnections();
      });
      await this.python.close().catch(() => undefined);
    })());
  }
}

function readPreviousPort(dir: string): number | undefined {
  return readServerInfo(dir)?.port;
}

function listen(server: Server, host: string, port: number | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => {
      server.off('listening', onListening);
      reject(e);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port ?? 0, host);
  });
}

function headerValue(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s?.trim() || undefined;
}

function tooLarge(max: number): HttpError {
  // the rest of the body is not read: the connection closes after the answer
  return new HttpError(413, 'PayloadTooLarge', `the request body exceeds ${max} bytes`, {
    connection: 'close'
  });
}

/** The body, up to `max` bytes; past that it stops reading and rejects with a 413 (chunked bodies too). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= max) return void chunks.push(c);
      req.off('data', onData);
      req.pause();
      reject(tooLarge(max));
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  if (res.headersSent) return;
  const text = stringifyPy(body)!; // a flow's 1.0 answers as 1.0, as prompt flow's server writes it
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text)
  });
  res.end(text);
}

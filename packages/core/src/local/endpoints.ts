/**
 * The local target's endpoints: state files under `<root>/.genaiops/endpoints/<name>/`, served by a
 * detached endpoint server process per endpoint (see `server.ts`), started when needed.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';
import { isMockConnectionText } from '../engine/llm/connection.js';
import { readDotenv } from '../engine/llm/dotenv.js';
import { loadFlow } from '../flow/load.js';
import type { Reporter } from '../reporter.js';
import type {
  DeploymentSpec,
  EndpointState,
  EndpointTarget,
  EnsureEndpoint,
  ScoringRequest,
  ScoringResponse,
  TrafficGuard
} from '../stages/target-contract.js';
import { sameTraffic, TrafficConflict } from '../stages/target-contract.js';
import {
  DEPLOYMENT_HEADER,
  endpointDir,
  isAlive,
  isValidEndpointName,
  listEndpointNames,
  LOCK_DIR,
  newKey,
  readEndpointFile,
  readServerInfo,
  SERVER_FILE,
  SERVER_LOG,
  writeEndpointFile,
  type HealthBody,
  type LocalEndpointFile,
  type ServerInfo
} from './endpoint-state.js';
import {
  endpointSecretsFile,
  readEndpointSecrets,
  removeEndpointSecrets,
  updateEndpointSecrets
} from './endpoint-secrets.js';
import { withLock } from './fs-util.js';
import { sleep } from '../util/retry.js';
import { LocalRegistry } from './registry.js';
import { ENDPOINT_SERVER_FLAG } from './server-process.js';

let entryOverride: string[] | undefined;

/**
 * Declares how to start an endpoint server process: `node <args…> --genaiops-endpoint-server <dir>`.
 * A bundled action calls it with its own entry (`[process.argv[1]]`) and serves when it sees the
 * flag; elsewhere the compiled `server-main.js` of this package is used.
 */
export function setEndpointServerEntry(args: string[]): void {
  entryOverride = args;
}

function serverEntry(): string[] {
  if (entryOverride) return entryOverride;
  if (process.env.GENAIOPS_ENDPOINT_SERVER_ENTRY) return [process.env.GENAIOPS_ENDPOINT_SERVER_ENTRY];
  let here: string | undefined;
  try {
    here = path.dirname(fileURLToPath(import.meta.url));
  } catch {
    here = undefined;
  }
  // compiled package: next to this file; sources (tests): the compiled copy under dist/
  const candidates = here
    ? [path.join(here, 'server-main.js'), path.resolve(here, '..', '..', 'dist', 'local', 'server-main.js')]
    : [];
  const found = candidates.find((c) => existsSync(c));
  if (!found)
    throw new Error(
      `cannot find the endpoint server entry (looked for ${candidates.join(', ') || 'server-main.js'}); build the packages (npx tsc -b tsconfig.build.json)`
    );
  return [found];
}

/** Variables a server process inherits from the process that starts it; everything else comes per deployment. */
const INHERITED =
  /^(PATH|HOME|USER|USERNAME|LOGNAME|SHELL|TMPDIR|TMP|TEMP|LANG|LANGUAGE|LC_.*|TZ|SYSTEMROOT|SystemRoot|COMSPEC|PATHEXT|WINDIR|APPDATA|LOCALAPPDATA|PROGRAMDATA|USERPROFILE|VIRTUAL_ENV|CONDA_PREFIX|PYTHONPATH|PYTHONHOME|GENAIOPS_.*|HTTPS?_PROXY|https?_proxy|NO_PROXY|no_proxy|SSL_CERT_FILE|NODE_EXTRA_CA_CERTS|REQUESTS_CA_BUNDLE)$/;

export interface LocalEndpointsOptions {
  environ: NodeJS.ProcessEnv;
  reporter?: Reporter;
  /** How long to wait for a server to start / apply a change (default 30 s). */
  timeoutMs?: number;
}

export interface LocalEndpointSummary {
  name: string;
  running: boolean;
  pid?: number;
  url?: string;
  scoringUri?: string;
  traffic: Record<string, number>;
  deployments: Record<string, string>;
  dir: string;
}

export class LocalEndpoints implements EndpointTarget {
  readonly root: string;
  private readonly registry: LocalRegistry;
  private readonly timeoutMs: number;

  constructor(
    root: string,
    private readonly opts: LocalEndpointsOptions
  ) {
    this.root = path.resolve(root);
    this.registry = new LocalRegistry(this.root);
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  dir(name: string): string {
    return endpointDir(this.root, name);
  }

  private lock<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
    return withLock(path.join(this.dir(name), LOCK_DIR), fn, this.timeoutMs * 2);
  }

  private toState(file: LocalEndpointFile, server?: ServerInfo): EndpointState {
    return {
      name: file.name,
      scoringUri: server ? `${server.url}/score` : '',
      traffic: Object.fromEntries(Object.keys(file.deployments).map((d) => [d, file.traffic[d] ?? 0])),
      deployments: Object.values(file.deployments).map((d) => ({
        name: d.name,
        model: d.model,
        provisioningState: 'Succeeded',
        tags: d.tags
      })),
      authMode: 'key'
    };
  }

  async getEndpoint(name: string): Promise<EndpointState | undefined> {
    const file = readEndpointFile(this.dir(name));
    if (!file) return undefined;
    const server = this.runningServer(name);
    return this.toState(file, server ?? readServerInfo(this.dir(name)));
  }

  /** The endpoint's secrets file (keys, connection values): outside the project, owner-only. */
  secretsFile(name: string): string {
    return endpointSecretsFile(this.root, name, this.opts.environ);
  }

  /** The endpoint's keys (for callers of the endpoint; masked through the reporter). */
  keys(name: string): { primary: string; secondary: string } {
    if (!readEndpointFile(this.dir(name)))
      throw new UserError(
        `local endpoint "${name}" not found under ${path.relative(process.cwd(), path.dirname(this.dir(name))) || '.'}`
      );
    const keys = readEndpointSecrets(this.secretsFile(name)).keys;
    if (!keys)
      throw new UserError(
        `the keys of local endpoint "${name}" are not in ${this.secretsFile(name)} (made on another machine, or removed): deploy it again`
      );
    this.opts.reporter?.secret(keys.primary);
    this.opts.reporter?.secret(keys.secondary);
    return keys;
  }

  /**
   * Keys in the secrets file (new ones when there are none; those of an older endpoint.json are
   * moved there), and no secret in endpoint.json. Returns whether endpoint.json changed.
   */
  private secureState(name: string, file: LocalEndpointFile): boolean {
    const secrets = readEndpointSecrets(this.secretsFile(name));
    const made = !secrets.keys;
    if (made)
      updateEndpointSecrets(this.secretsFile(name), {
        keys: file.keys ?? { primary: newKey(), secondary: newKey() }
      });
    const moved = file.keys !== undefined;
    delete file.keys;
    // a running server reloads its keys with the next revision
    return made || moved;
  }

  async ensureEndpoint(e: EnsureEndpoint): Promise<EndpointState> {
    if (!isValidEndpointName(e.name))
      throw new UserError(
        `endpoint name "${e.name}": 3 to 32 letters, digits and '-', starting with a letter`
      );
    const dir = this.dir(e.name);
    mkdirSync(dir, { recursive: true });
    await this.lock(e.name, () => {
      const existing = readEndpointFile(dir);
      if (existing) {
        if (this.secureState(e.name, existing)) {
          existing.revision++;
          writeEndpointFile(dir, existing);
        }
        return;
      }
      updateEndpointSecrets(this.secretsFile(e.name), { keys: { primary: newKey(), secondary: newKey() } });
      writeEndpointFile(dir, {
        name: e.name,
        description: e.description,
        authMode: 'key',
        tags: e.tags,
        createdAt: new Date().toISOString(),
        revision: 1,
        traffic: {},
        deployments: {}
      });
      this.opts.reporter?.info(`local endpoint ${e.name}: created (key auth)`);
    });
    this.keys(e.name);
    const server = await this.ensureServer(e.name);
    return this.toState(readEndpointFile(dir)!, server);
  }

  async createOrUpdateDeployment(d: DeploymentSpec): Promise<void> {
    const dir = this.dir(d.endpoint);
    const flowDir = this.registry.flowDir(d.model.name, d.model.version);
    if (!(await this.registry.getFlowVersion(d.model.name, d.model.version)))
      throw new UserError(`flow ${d.model.name} version ${d.model.version} is not in the local registry`);
    // connection values go to the secrets file; the state names them only
    const connections = this.connectionVariables(flowDir);
    for (const v of Object.values(connections)) this.opts.reporter?.secret(v);
    const mocked = Object.keys(connections).filter((n) => isMockConnectionText(connections[n]));
    if (mocked.length)
      this.opts.reporter?.warn(
        `deployment ${d.endpoint}/${d.name} serves with the MOCK provider (connection ${mocked.join(', ')}): its answers echo the prompt`
      );
    const revision = await this.lock(d.endpoint, () => {
      const file = readEndpointFile(dir);
      if (!file) throw new UserError(`local endpoint "${d.endpoint}" does not exist`);
      this.secureState(d.endpoint, file);
      updateEndpointSecrets(this.secretsFile(d.endpoint), { connections });
      file.deployments[d.name] = {
        name: d.name,
        description: d.description,
        model: d.model,
        flowDir,
        environmentVariables: d.environmentVariables,
        connections: Object.keys(connections),
        instanceCount: d.instanceCount,
        requestTimeoutMs: d.requestSettings.requestTimeoutMs,
        requestLog: d.requestLog,
        tags: d.tags,
        updatedAt: new Date().toISOString()
      };
      file.traffic[d.name] ??= 0;
      file.revision++;
      writeEndpointFile(dir, file);
      return file.revision;
    });
    const health = await this.waitForRevision(d.endpoint, revision);
    const state = health.deployments?.[d.name];
    if (!state || state.state === 'Failed')
      throw new UserError(
        `deployment ${d.endpoint}/${d.name} ended Failed: ${state?.error ?? 'the server did not load it'}`
      );
  }

  async setTraffic(endpoint: string, traffic: Record<string, number>, guard?: TrafficGuard): Promise<void> {
    const dir = this.dir(endpoint);
    const revision = await this.lock(endpoint, () => {
      const file = readEndpointFile(dir);
      if (!file) throw new UserError(`local endpoint "${endpoint}" does not exist`);
      // compare-and-set under the endpoint's lock (the deploy lease is a lock file of its own)
      if (guard?.expect && !sameTraffic(guard.expect, file.traffic))
        throw new TrafficConflict(endpoint, file.traffic);
      for (const name of Object.keys(traffic))
        if (!file.deployments[name])
          throw new UserError(
            `traffic names deployment "${name}", which endpoint "${endpoint}" does not have`
          );
      file.traffic = Object.fromEntries(Object.keys(file.deployments).map((n) => [n, traffic[n] ?? 0]));
      file.revision++;
      writeEndpointFile(dir, file);
      return file.revision;
    });
    await this.waitForRevision(endpoint, revision);
  }

  async deleteDeployment(endpoint: string, name: string): Promise<void> {
    const dir = this.dir(endpoint);
    const revision = await this.lock(endpoint, () => {
      const file = readEndpointFile(dir);
      if (!file?.deployments[name]) return undefined;
      if ((file.traffic[name] ?? 0) > 0)
        throw new UserError(
          `deployment ${endpoint}/${name} holds ${file.traffic[name]}% of the traffic: set it to 0 before deleting it`
        );
      delete file.deployments[name];
      delete file.traffic[name];
      file.revision++;
      writeEndpointFile(dir, file);
      return file.revision;
    });
    if (revision !== undefined) await this.waitForRevision(endpoint, revision);
  }

  async scoringRequest(endpoint: string, req: ScoringRequest): Promise<ScoringResponse> {
    const { primary } = this.keys(endpoint);
    const server = await this.ensureServer(endpoint);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      authorization: `Bearer ${primary}`
    };
    if (req.deployment) headers[DEPLOYMENT_HEADER] = req.deployment;
    const started = performance.now();
    const res = await fetch(`${server.url}/score`, {
      method: 'POST',
      headers,
      body: JSON.stringify(req.body),
      signal: AbortSignal.timeout(req.timeoutMs ?? 120_000)
    });
    const text = await res.text();
    const latencyMs = performance.now() - started;
    let body: unknown = text;
    let json = false;
    try {
      body = JSON.parse(text);
      json = true;
    } catch {
      /* not JSON */
    }
    return {
      status: res.status,
      body,
      json,
      deployment: res.headers.get(DEPLOYMENT_HEADER) ?? undefined,
      latencyMs
    };
  }

  // ---- the server process ---------------------------------------------------------------------

  /** server.json of a live server of this endpoint, or undefined. */
  runningServer(name: string): ServerInfo | undefined {
    const info = readServerInfo(this.dir(name));
    return info && isAlive(info.pid) ? info : undefined;
  }

  /** Starts the endpoint's server unless one is running; resolves once it answers /health. */
  async ensureServer(name: string): Promise<ServerInfo> {
    const running = this.runningServer(name);
    if (running && (await this.health(running))) return running;
    return this.lock(name, async () => {
      const again = this.runningServer(name);
      if (again && (await this.health(again))) return again;
      return this.startServer(name);
    });
  }

  private async startServer(name: string): Promise<ServerInfo> {
    const dir = this.dir(name);
    const state = readEndpointFile(dir);
    if (!state) throw new UserError(`local endpoint "${name}" does not exist`);
    this.refreshConnections(name, state);
    const logFile = path.join(dir, SERVER_LOG);
    const out = openSync(logFile, 'a');
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(this.opts.environ))
      if (v !== undefined && INHERITED.test(k)) env[k] = v;
    let child;
    try {
      child = spawn(process.execPath, [...serverEntry(), ENDPOINT_SERVER_FLAG, dir], {
        cwd: this.root,
        env,
        detached: true,
        stdio: ['ignore', out, out],
        windowsHide: true
      });
    } finally {
      closeSync(out);
    }
    let exited: number | null | undefined;
    child.on('exit', (code) => (exited = code ?? -1));
    child.on('error', () => (exited = -1));
    child.unref();
    const pid = child.pid!;
    const deadline = Date.now() + this.timeoutMs;
    while (Date.now() < deadline) {
      if (exited !== undefined)
        throw new Error(
          `the endpoint server of "${name}" exited (code ${exited}) while starting:\n${tail(logFile)}`
        );
      const info = readServerInfo(dir);
      if (info?.pid === pid && (await this.health(info))) {
        this.opts.reporter?.info(
          `local endpoint ${name}: server listening on ${info.url} (pid ${pid}, log ${path.relative(this.root, logFile)})`
        );
        return info;
      }
      await sleep(50);
    }
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    throw new Error(
      `the endpoint server of "${name}" did not start within ${this.timeoutMs} ms:\n${tail(logFile)}`
    );
  }

  /** /health of the server; with the endpoint's key it tells the deployments' states too. */
  private async health(info: ServerInfo, key?: string): Promise<HealthBody | undefined> {
    try {
      const res = await fetch(`${info.url}/health`, {
        signal: AbortSignal.timeout(2000),
        headers: key ? { authorization: `Bearer ${key}` } : {}
      });
      if (!res.ok) return undefined;
      const body = (await res.json()) as HealthBody;
      return body.pid === info.pid ? body : undefined;
    } catch {
      return undefined;
    }
  }

  /** Waits until the server has loaded endpoint.json revision `revision` (or later). */
  private async waitForRevision(name: string, revision: number): Promise<HealthBody> {
    const deadline = Date.now() + this.timeoutMs;
    let server = await this.ensureServer(name);
    const key = readEndpointSecrets(this.secretsFile(name)).keys?.primary;
    for (;;) {
      const h = await this.health(server, key);
      if (h && h.revision >= revision) return h;
      if (Date.now() > deadline)
        throw new Error(
          `the endpoint server of "${name}" did not apply revision ${revision} within ${this.timeoutMs} ms`
        );
      await sleep(25);
      if (!h) server = await this.ensureServer(name);
    }
  }

  /**
   * Connections the flow names (`connection:` keys; literals that name a variable holding
   * connection JSON), read from this process's environment or `<root>/.env`: a local deployment
   * carries them, as an Azure deployment carries its workspace connections.
   */
  private connectionVariables(flowDir: string): Record<string, string> {
    const flow = loadFlow(flowDir, { displayRoot: flowDir });
    const names = new Set<string>();
    const scan = (v: unknown, key?: string) => {
      if (typeof v === 'string') {
        if (
          key === 'connection' ||
          (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) && this.lookup(v)?.trim().startsWith('{'))
        )
          names.add(v);
      } else if (Array.isArray(v)) v.forEach((x) => scan(x));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) scan(x, k);
    };
    scan(flow.raw);
    const out: Record<string, string> = {};
    for (const n of names) {
      const value = this.lookup(n);
      if (value !== undefined) out[n] = value;
      else
        this.opts.reporter?.warn(
          `connection "${n}" of the flow is not set (environment variable or .env): the deployment will fail calls that need it`
        );
    }
    return out;
  }

  /** Connection values this process knows (environment, .env) for what the deployments name. */
  private refreshConnections(name: string, state: LocalEndpointFile): void {
    const known: Record<string, string> = {};
    for (const d of Object.values(state.deployments))
      for (const n of d.connections ?? []) {
        const v = this.lookup(n);
        if (v !== undefined) known[n] = v;
      }
    if (Object.keys(known).length) updateEndpointSecrets(this.secretsFile(name), { connections: known });
  }

  private dotenv?: Record<string, string>;
  private lookup(name: string): string | undefined {
    const v = this.opts.environ[name];
    if (v !== undefined && v.trim() !== '') return v;
    const file = path.join(this.root, '.env');
    if (this.dotenv === undefined) this.dotenv = existsSync(file) ? readDotenv(file) : {};
    return this.dotenv[name];
  }
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Every local endpoint under `root`, with whether its server runs. */
export function listLocalEndpoints(root: string): LocalEndpointSummary[] {
  return listEndpointNames(root).flatMap((name) => {
    const dir = endpointDir(root, name);
    const file = readEndpointFile(dir);
    if (!file) return [];
    const info = readServerInfo(dir);
    const running = !!info && isAlive(info.pid);
    return [
      {
        name,
        running,
        pid: running ? info!.pid : undefined,
        url: running ? info!.url : undefined,
        scoringUri: running ? `${info!.url}/score` : undefined,
        traffic: file.traffic,
        deployments: Object.fromEntries(
          Object.values(file.deployments).map((d) => [d.name, `${d.model.name}:${d.model.version}`])
        ),
        dir
      }
    ];
  });
}

/**
 * Stops an endpoint's server (SIGTERM, then SIGKILL after `graceMs`); `remove` also deletes its
 * state (keys, deployments). Returns whether a server was running.
 */
export async function stopLocalEndpoint(
  root: string,
  name: string,
  opts: { remove?: boolean; graceMs?: number; environ?: NodeJS.ProcessEnv } = {}
): Promise<boolean> {
  const dir = endpointDir(root, name);
  if (!existsSync(dir))
    throw new UserError(`local endpoint "${name}" not found (see genaiops endpoint list)`);
  const info = readServerInfo(dir);
  let wasRunning = false;
  if (info && isAlive(info.pid) && (await isEndpointServer(info))) {
    wasRunning = true;
    try {
      process.kill(info.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    const deadline = Date.now() + (opts.graceMs ?? 5000);
    while (isAlive(info.pid) && Date.now() < deadline) await sleep(25);
    if (isAlive(info.pid))
      try {
        process.kill(info.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
  }
  rmSync(path.join(dir, SERVER_FILE), { force: true });
  if (opts.remove) {
    rmSync(dir, { recursive: true, force: true });
    removeEndpointSecrets(endpointSecretsFile(root, name, opts.environ ?? process.env));
  }
  return wasRunning;
}

/** Whether `info.pid` is really this endpoint's server (not a recycled pid): it answers /health, or its command line says so. */
async function isEndpointServer(info: ServerInfo): Promise<boolean> {
  try {
    const res = await fetch(`${info.url}/health`, { signal: AbortSignal.timeout(2000) });
    if (res.ok && ((await res.json()) as HealthBody).pid === info.pid) return true;
  } catch {
    /* not answering */
  }
  try {
    return readFileSync(`/proc/${info.pid}/cmdline`, 'utf8').includes(ENDPOINT_SERVER_FLAG);
  } catch {
    return false;
  }
}

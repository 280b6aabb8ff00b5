import { randomBytes, randomUUID } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http';
import { Agent as HttpsAgent, createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEVSTORE_ACCOUNT, DEVSTORE_KEY } from '../azurite.js';
import { canonicalize, checkBody, type BodyProblem } from './mappers.js';
import { createLoopbackTls } from './tls.js';
import type {
  ArmEmulator,
  ArmEmulatorOptions,
  ArmEmulatorState,
  ArmRequestRecord,
  ArmWorkspaceSpec,
  FaultHandle,
  FaultSpec,
  ProvisioningFailureSpec,
  ScoreCallOptions,
  ScoreCallResult,
  ScoreFn,
  Scorer,
  ScorerDeployment,
  ScorerModel
} from './types.js';

/**
 * An emulator of the subset of the Azure Machine Learning ARM REST API (api-version 2022-10-01, what
 * `@azure/arm-machinelearning` 2.x sends) that the register and deploy stages use, served over HTTPS on
 * loopback, plus the scoring URIs of the online endpoints it "deploys".
 *
 * Faithful where our code can tell: paths, status codes, long-running operations (201/202 with
 * `Azure-AsyncOperation` / `Location`, `InProgress` → `Succeeded` | `Failed`), ARM error bodies, request
 * bodies checked with the SDK's own model mappers, and the semantic rules Azure ML enforces on names,
 * traffic, model references and concurrent operations.
 */

export const ARM_API_VERSION = '2022-10-01';
export const DEFAULT_WORKSPACE: Required<Omit<ArmWorkspaceSpec, 'computes'>> = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'rg-genaiops',
  name: 'mlw-genaiops',
  location: 'eastus'
};

const ML = 'Microsoft.MachineLearningServices';
const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;
const ENDPOINT_NAME_RE = /^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MODEL_ID_RE =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/i;
const ENV_ID_RE =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/environments\/([^/]+)\/versions\/([^/]+)$/i;
const COMPUTE_ID_RE =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/computes\/([^/]+)$/i;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const strDict = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v))) if (typeof x === 'string') out[k] = x;
  return out;
};
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));
const normLocation = (l: string) => l.replace(/\s+/g, '').toLowerCase();

/** An ARM error answer. */
class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { code: string; message: string; target?: string }[],
    readonly headers: Record<string, string> = {}
  ) {
    super(message);
  }
  body() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details?.length ? { details: this.details } : {})
      }
    };
  }
}

const userError = (message: string, status = 400, details?: ArmError['details']) =>
  new ArmError(status, 'UserError', message, details);
const notFound = (what: string, name: string, ws: Workspace) =>
  new ArmError(404, 'UserError', `${what} '${name}' was not found in workspace '${ws.name}'.`, [
    { code: 'NotFound', message: `${what} not found` }
  ]);
const conflict = (message: string) => new ArmError(409, 'Conflict', message);

function badBody(className: string, problems: BodyProblem[]): ArmError {
  const shown = problems.slice(0, 5).map((p) => p.message);
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  return new ArmError(
    400,
    'UserError',
    `The request body is invalid (${className}): ${shown.join(' ')}${more}`,
    problems.map((p) => ({ code: 'InvalidRequestContent', target: p.target, message: p.message }))
  );
}

/** Mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** ISO 8601 duration → ms (PT5S, PT1M30S, P1D…); undefined when not one. */
function durationMs(d: unknown): number | undefined {
  if (typeof d !== 'string') return undefined;
  const m =
    /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(d);
  if (!m) return undefined;
  const [, days, h, min, s] = m.map((x) => (x === undefined ? 0 : Number(x)));
  return (((days as number) * 24 + (h as number)) * 60 + (min as number)) * 60000 + (s as number) * 1000;
}

interface SystemData {
  createdAt: string;
  createdBy: string;
  createdByType: string;
  lastModifiedAt: string;
  lastModifiedBy: string;
  lastModifiedByType: string;
}

interface AssetVersion {
  version: string;
  properties: Obj;
  systemData: SystemData;
  seq: number;
}

interface AssetContainer {
  name: string;
  properties: Obj;
  systemData: SystemData;
  versions: Map<string, AssetVersion>;
}

interface Operation {
  id: string;
  kind: 'Create' | 'Update' | 'Delete';
  target: string;
  ws: Workspace;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  polls: number;
  startedAt: number;
  endedAt?: number;
  error?: { code: string; message: string };
  /** Applies the outcome; returns an error to end `Failed`. */
  finish: () => Promise<{ code: string; message: string } | undefined>;
  completing?: Promise<void>;
  /** Resource URL for the `Location` result (PATCH/DELETE). */
  resourcePath: string;
  exists: () => boolean;
  resource: () => Obj | undefined;
}

interface Deployment {
  name: string;
  /** Canonical wire body (location, tags, identity, kind, sku, properties) without read-only fields. */
  body: Obj;
  provisioningState: string;
  systemData: SystemData;
  op?: Operation;
  error?: { code: string; message: string };
  handler?: ScoreFn;
  logs: string[];
}

interface Endpoint {
  name: string;
  body: Obj;
  provisioningState: string;
  systemData: SystemData;
  keys: { primaryKey: string; secondaryKey: string };
  principalId?: string;
  servingTraffic: Record<string, number>;
  deployments: Map<string, Deployment>;
  op?: Operation;
}

interface Workspace {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  computes?: string[];
  workspaceId: string;
  systemData: SystemData;
  data: Map<string, AssetContainer>;
  models: Map<string, AssetContainer>;
  environments: Map<string, AssetContainer>;
  endpoints: Map<string, Endpoint>;
}

interface RoleAssignment {
  id: string;
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType?: string;
  createdOn: string;
}

interface Fault extends FaultSpec {
  fired: number;
}

interface AssetKind {
  key: 'data' | 'models' | 'environments';
  label: string;
  container: string;
  version: string;
  /** Properties of a version that can't change once created. */
  immutable: string[];
  /** Query parameter of the tag filter in list calls. */
  tagsParam: string;
}

const ASSETS: Record<string, AssetKind> = {
  data: {
    key: 'data',
    label: 'Data',
    container: 'DataContainer',
    version: 'DataVersionBase',
    immutable: ['dataType', 'dataUri'],
    tagsParam: '$tags'
  },
  models: {
    key: 'models',
    label: 'Model',
    container: 'ModelContainer',
    version: 'ModelVersion',
    immutable: ['modelType', 'modelUri', 'flavors', 'jobName'],
    tagsParam: 'tags'
  },
  environments: {
    key: 'environments',
    label: 'Environment',
    container: 'EnvironmentContainer',
    version: 'EnvironmentVersion',
    immutable: ['image', 'build', 'condaFile', 'inferenceConfig', 'osType'],
    tagsParam: '$tags'
  }
};

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Ctx {
  req: IncomingMessage;
  method: string;
  path: string;
  url: URL;
  query: Record<string, string>;
  body: unknown;
  rawBody: string;
}

const defaultScorer: Scorer = async (d) => async (body) => ({
  endpoint: d.endpoint,
  deployment: d.deployment,
  model: d.model ? { name: d.model.name, version: d.model.version } : undefined,
  input: body
});

export async function startArmEmulator(options: ArmEmulatorOptions = {}): Promise<ArmEmulator> {
  const opts = { ...options };
  const defaultLocation = opts.location ?? DEFAULT_WORKSPACE.location;
  const pageSize = Math.max(1, opts.pageSize ?? 100);
  const tenantId = opts.tenantId ?? '72f988bf-0000-4000-8000-00000000beef';
  const seed = opts.seed ?? 42;
  const faultRandom = prng(seed);
  const trafficRandom = prng(seed ^ 0x9e3779b9);
  const rejectConcurrent = opts.rejectConcurrentOperations ?? true;
  const defaultTimeout = opts.defaultRequestTimeoutMs ?? 5000;
  let scorer: Scorer = opts.scorer ?? defaultScorer;
  const blob = {
    accountName: opts.blob?.accountName ?? DEVSTORE_ACCOUNT,
    accountKey: opts.blob?.accountKey ?? DEVSTORE_KEY,
    ...(opts.blob?.blobEndpoint ? { blobEndpoint: opts.blob.blobEndpoint } : {})
  };

  const tls = opts.tls
    ? { ...opts.tls, caFile: opts.tls.caFile ?? '', dispose: async () => undefined }
    : await createLoopbackTls();

  // ---------------------------------------------------------------- state
  let lastTime = 0;
  let seq = 0;
  const now = (): string => {
    let t = Date.now();
    if (t <= lastTime) t = lastTime + 1; // strictly increasing, so createdtime ordering is total
    lastTime = t;
    return new Date(t).toISOString();
  };
  const systemData = (prev?: SystemData): SystemData => {
    const at = now();
    const who = 'emulator-user@genaiops.test';
    return prev
      ? { ...prev, lastModifiedAt: at, lastModifiedBy: who, lastModifiedByType: 'User' }
      : {
          createdAt: at,
          createdBy: who,
          createdByType: 'User',
          lastModifiedAt: at,
          lastModifiedBy: who,
          lastModifiedByType: 'User'
        };
  };

  const workspaces = new Map<string, Workspace>();
  const wsKey = (sub: string, rg: string, name: string) => `${sub}/${rg}/${name}`.toLowerCase();
  const addWorkspace = (spec: ArmWorkspaceSpec): void => {
    const k = wsKey(spec.subscriptionId, spec.resourceGroup, spec.name);
    if (workspaces.has(k)) return;
    workspaces.set(k, {
      subscriptionId: spec.subscriptionId,
      resourceGroup: spec.resourceGroup,
      name: spec.name,
      location: spec.location ?? defaultLocation,
      ...(spec.computes ? { computes: spec.computes } : {}),
      workspaceId: randomUUID(),
      systemData: systemData(),
      data: new Map(),
      models: new Map(),
      environments: new Map(),
      endpoints: new Map()
    });
  };
  for (const w of opts.workspaces ?? [DEFAULT_WORKSPACE]) addWorkspace(w);
  const firstWorkspace = (): Workspace => {
    const w = workspaces.values().next().value;
    if (!w) throw new Error('testkit: the ARM emulator has no workspace');
    return w;
  };
  const findWorkspaceByName = (name?: string): Workspace => {
    if (!name) return firstWorkspace();
    for (const w of workspaces.values()) if (w.name.toLowerCase() === name.toLowerCase()) return w;
    throw new Error(`testkit: no workspace named ${name}`);
  };
  const datastoreContainer = (ws: Workspace) => opts.blob?.container ?? `azureml-blobstore-${ws.workspaceId}`;

  const operations = new Map<string, Operation>();
  const roleAssignments = new Map<string, RoleAssignment>();
  const faults: Fault[] = [];
  const provisioningFailures: (ProvisioningFailureSpec & { left: number })[] = [];
  const requests: ArmRequestRecord[] = [];

  // ---------------------------------------------------------------- ids and shapes
  const wsId = (ws: Workspace) =>
    `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/${ML}/workspaces/${ws.name}`;
  let baseUrl = ''; // set once listening
  let scoringBase = '';
  const scoringUri = (name: string) => `${scoringBase}/endpoints/${encodeURIComponent(name)}/score`;

  const workspaceResource = (ws: Workspace): Obj => ({
    id: wsId(ws),
    name: ws.name,
    type: `${ML}/workspaces`,
    location: ws.location,
    tags: {},
    identity: { type: 'SystemAssigned', principalId: randomUUIDFor(ws.workspaceId), tenantId },
    sku: { name: 'Basic', tier: 'Basic' },
    systemData: ws.systemData,
    properties: {
      workspaceId: ws.workspaceId,
      friendlyName: ws.name,
      provisioningState: 'Succeeded',
      storageAccount: `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${blob.accountName}`,
      keyVault: `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.KeyVault/vaults/kv-${ws.name}`,
      applicationInsights: `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.insights/components/ai-${ws.name}`,
      discoveryUrl: `${baseUrl}/discovery`,
      mlFlowTrackingUri: `azureml://${normLocation(ws.location)}.api.azureml.ms/mlflow/v1.0${wsId(ws)}`,
      tenantId,
      hbiWorkspace: false,
      publicNetworkAccess: 'Enabled',
      v1LegacyMode: false
    }
  });

  const datastoreResource = (ws: Workspace): Obj => ({
    id: `${wsId(ws)}/datastores/workspaceblobstore`,
    name: 'workspaceblobstore',
    type: `${ML}/workspaces/datastores`,
    systemData: ws.systemData,
    properties: {
      datastoreType: 'AzureBlob',
      accountName: blob.accountName,
      containerName: datastoreContainer(ws),
      endpoint: 'core.windows.net',
      protocol: 'https',
      serviceDataAccessAuthIdentity: 'WorkspaceSystemAssignedIdentity',
      credentials: { credentialsType: 'AccountKey' },
      isDefault: true,
      description: 'Default blob datastore of the workspace (emulated)',
      properties: {},
      tags: {}
    }
  });

  const endpointResource = (ws: Workspace, ep: Endpoint): Obj => {
    const body = clone(ep.body);
    const props = obj(body.properties);
    delete props.keys;
    const identity = body.identity ? obj(body.identity) : undefined;
    if (identity && String(identity.type ?? '').includes('SystemAssigned')) {
      identity.principalId = ep.principalId;
      identity.tenantId = tenantId;
    }
    return {
      id: `${wsId(ws)}/onlineEndpoints/${ep.name}`,
      name: ep.name,
      type: `${ML}/workspaces/onlineEndpoints`,
      ...body,
      ...(identity ? { identity } : {}),
      systemData: ep.systemData,
      properties: {
        ...props,
        traffic: props.traffic ?? {},
        provisioningState: ep.provisioningState,
        scoringUri: scoringUri(ep.name),
        swaggerUri: `${scoringBase}/endpoints/${encodeURIComponent(ep.name)}/swagger.json`
      }
    };
  };

  const deploymentResource = (ws: Workspace, ep: Endpoint, d: Deployment): Obj => {
    const body = clone(d.body);
    return {
      id: `${wsId(ws)}/onlineEndpoints/${ep.name}/deployments/${d.name}`,
      name: d.name,
      type: `${ML}/workspaces/onlineEndpoints/deployments`,
      ...body,
      systemData: d.systemData,
      properties: { ...obj(body.properties), provisioningState: d.provisioningState }
    };
  };

  const containerResource = (ws: Workspace, kind: AssetKind, c: AssetContainer): Obj => {
    const versions = [...c.versions.values()].sort((a, b) => a.seq - b.seq);
    const numeric = versions.map((v) => Number(v.version)).filter((n) => Number.isInteger(n) && n >= 0);
    return {
      id: `${wsId(ws)}/${kind.key}/${c.name}`,
      name: c.name,
      type: `${ML}/workspaces/${kind.key}`,
      systemData: c.systemData,
      properties: {
        ...c.properties,
        latestVersion: versions.length ? versions[versions.length - 1].version : null,
        nextVersion: String(numeric.length ? Math.max(...numeric) + 1 : 1)
      }
    };
  };

  const versionResource = (ws: Workspace, kind: AssetKind, c: AssetContainer, v: AssetVersion): Obj => ({
    id: `${wsId(ws)}/${kind.key}/${c.name}/versions/${v.version}`,
    name: v.version,
    type: `${ML}/workspaces/${kind.key}/versions`,
    systemData: v.systemData,
    properties: {
      ...v.properties,
      ...(kind.key === 'environments' ? { environmentType: 'UserCreated' } : {})
    }
  });

  const roleAssignmentResource = (ra: RoleAssignment): Obj => ({
    id: ra.id,
    name: ra.name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: ra.roleDefinitionId,
      principalId: ra.principalId,
      ...(ra.principalType ? { principalType: ra.principalType } : {}),
      scope: ra.scope,
      createdOn: ra.createdOn,
      updatedOn: ra.createdOn,
      createdBy: randomUUIDFor('emulator'),
      updatedBy: randomUUIDFor('emulator')
    }
  });

  // ---------------------------------------------------------------- long-running operations
  const lroPolls = Math.max(0, options.lro?.polls ?? 2);
  const opStatusUrl = (op: Operation) =>
    `${baseUrl}/subscriptions/${op.ws.subscriptionId}/providers/${ML}/locations/${normLocation(op.ws.location)}/mfeOperationsStatus/${op.id}?api-version=${ARM_API_VERSION}`;
  const opResultUrl = (op: Operation) =>
    `${baseUrl}/subscriptions/${op.ws.subscriptionId}/providers/${ML}/locations/${normLocation(op.ws.location)}/mfeOperationResults/${op.id}?api-version=${ARM_API_VERSION}`;
  const retryAfter = (): Record<string, string> =>
    options.lro?.retryAfterSeconds !== undefined
      ? { 'retry-after': String(options.lro.retryAfterSeconds) }
      : {};

  const startOperation = (init: Omit<Operation, 'id' | 'status' | 'polls' | 'startedAt'>): Operation => {
    const op: Operation = {
      ...init,
      id: randomUUID(),
      status: 'InProgress',
      polls: 0,
      startedAt: Date.now()
    };
    operations.set(op.id, op);
    return op;
  };
  const complete = async (op: Operation): Promise<void> => {
    if (op.status !== 'InProgress') return;
    op.completing ??= (async () => {
      let error: { code: string; message: string } | undefined;
      try {
        error = await op.finish();
      } catch (e) {
        error = { code: 'InternalServerError', message: (e as Error).message };
      }
      op.status = error ? 'Failed' : 'Succeeded';
      if (error) op.error = error;
      op.endedAt = Date.now();
    })();
    await op.completing;
  };
  /** One poll of an operation: it ends once polled `polls` times (or `delayMs` passed). */
  const advance = async (op: Operation): Promise<void> => {
    if (op.status !== 'InProgress') return;
    const due =
      options.lro?.delayMs !== undefined
        ? Date.now() - op.startedAt >= options.lro.delayMs
        : op.polls >= lroPolls;
    if (due) await complete(op);
    else op.polls++;
  };
  const lroHeaders = (op: Operation, withLocation: boolean): Record<string, string> => ({
    'azure-asyncoperation': opStatusUrl(op),
    ...(withLocation ? { location: opResultUrl(op) } : {}),
    'x-ms-async-operation-timeout': 'PT1H',
    ...retryAfter()
  });

  // ---------------------------------------------------------------- scoring functions
  const scorerInfo = (ws: Workspace, ep: Endpoint, d: Deployment): ScorerDeployment => {
    const props = obj(d.body.properties);
    const modelId = typeof props.model === 'string' ? props.model : undefined;
    let model: ScorerModel | undefined;
    const m = modelId ? MODEL_ID_RE.exec(modelId) : null;
    if (m) {
      const mws = workspaces.get(wsKey(m[1], m[2], m[3]));
      const c = mws?.models.get(m[4]);
      const v = c?.versions.get(m[5]);
      if (v && c) {
        model = {
          id: modelId!,
          name: c.name,
          version: v.version,
          ...(typeof v.properties.modelUri === 'string' ? { uri: v.properties.modelUri } : {}),
          ...(typeof v.properties.modelType === 'string' ? { type: v.properties.modelType } : {}),
          properties: strDict(v.properties.properties),
          tags: strDict(v.properties.tags),
          ...(typeof v.properties.description === 'string' ? { description: v.properties.description } : {})
        };
      }
    }
    return {
      workspace: { subscriptionId: ws.subscriptionId, resourceGroup: ws.resourceGroup, name: ws.name },
      endpoint: ep.name,
      deployment: d.name,
      computeType: String(props.endpointComputeType),
      ...(model ? { model } : {}),
      ...(modelId ? { modelId } : {}),
      ...(typeof props.environmentId === 'string' ? { environmentId: props.environmentId } : {}),
      environmentVariables: strDict(props.environmentVariables),
      ...(typeof props.instanceType === 'string' ? { instanceType: props.instanceType } : {}),
      instanceCount: typeof obj(d.body.sku).capacity === 'number' ? (obj(d.body.sku).capacity as number) : 1,
      properties: strDict(props.properties),
      tags: strDict(d.body.tags)
    };
  };
  const log = (d: Deployment, line: string) => {
    d.logs.push(`${new Date().toISOString()} ${line}`);
    if (d.logs.length > 1000) d.logs.splice(0, d.logs.length - 1000);
  };
  const buildHandler = async (ws: Workspace, ep: Endpoint, d: Deployment): Promise<ScoreFn> => {
    const handler = await scorer(scorerInfo(ws, ep, d));
    if (typeof handler !== 'function') throw new Error('the scorer did not return a scoring function');
    return handler;
  };

  const takeProvisioningFailure = (ws: Workspace, endpoint: string, deployment?: string) => {
    const i = provisioningFailures.findIndex(
      (f) =>
        f.left > 0 &&
        (f.workspace === undefined || f.workspace.toLowerCase() === ws.name.toLowerCase()) &&
        (f.endpoint === undefined || f.endpoint === endpoint) &&
        (deployment === undefined ? f.deployment === undefined : f.deployment === deployment)
    );
    if (i < 0) return undefined;
    const f = provisioningFailures[i];
    if (--f.left <= 0) provisioningFailures.splice(i, 1);
    return {
      code: f.code ?? 'ResourceNotReady',
      message:
        f.message ??
        (deployment
          ? `User container has crashed or terminated: Liveness probe failed (emulated provisioning failure of deployment '${deployment}').`
          : `Endpoint '${endpoint}' provisioning failed (emulated).`)
    };
  };

  // ---------------------------------------------------------------- helpers for handlers
  const q = (ctx: Ctx, name: string): string | undefined => {
    const lower = name.toLowerCase();
    for (const [k, v] of Object.entries(ctx.query)) if (k.toLowerCase() === lower) return v;
    return undefined;
  };
  const page = (ctx: Ctx, items: Obj[]): Reply => {
    const top = q(ctx, '$top');
    let list = items;
    if (top !== undefined) {
      const n = Number(top);
      if (!Number.isInteger(n) || n < 0)
        throw userError(`$top must be a non-negative integer, got '${top}'.`);
      list = list.slice(0, n);
    }
    const skipToken = Number(q(ctx, '$skipToken') ?? '0') || 0;
    const slice = list.slice(skipToken, skipToken + pageSize);
    const body: Obj = { value: slice };
    if (skipToken + pageSize < list.length) {
      const next = new URL(ctx.url.toString());
      next.searchParams.set('$skipToken', String(skipToken + pageSize));
      body.nextLink = `${baseUrl}${next.pathname}${next.search}`;
    }
    return { status: 200, body };
  };
  const requireBody = (ctx: Ctx): Obj => {
    if (!ctx.rawBody.trim()) {
      throw new ArmError(
        400,
        'InvalidRequestContent',
        'The request content was invalid and could not be deserialized: the body is empty.'
      );
    }
    return obj(ctx.body);
  };
  const validated = <T = Obj>(className: string, body: unknown): T => {
    const problems = checkBody(className, body);
    if (problems.length) throw badBody(className, problems);
    return canonicalize<T>(className, body);
  };
  const checkName = (kind: string, name: string, re = NAME_RE, rule?: string) => {
    if (!re.test(name)) {
      throw userError(`${kind} name '${name}' is invalid: ${rule ?? `it must match ${re.source}`}.`, 400, [
        { code: 'InvalidName', target: 'name', message: `invalid ${kind.toLowerCase()} name` }
      ]);
    }
  };
  const checkLocation = (ws: Workspace, location: unknown, what: string) => {
    if (typeof location === 'string' && normLocation(location) !== normLocation(ws.location)) {
      throw userError(
        `The ${what} location '${location}' must be the workspace's location '${ws.location}'.`
      );
    }
  };
  const busy = (what: string, op?: Operation) => {
    if (rejectConcurrent && op && op.status === 'InProgress') {
      throw conflict(
        `There is already an operation in progress on ${what} (${op.kind}). Wait for it to finish before sending another.`
      );
    }
  };
  const tagFilter = (spec: string | undefined) =>
    (spec ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        const i = s.indexOf('=');
        return i < 0 ? { k: s } : { k: s.slice(0, i), v: s.slice(i + 1) };
      });
  const matchesTags = (tags: Record<string, string>, filter: { k: string; v?: string }[]) =>
    filter.every((f) => (f.v === undefined ? f.k in tags : tags[f.k] === f.v));

  // ---------------------------------------------------------------- workspace-level routes
  const handleAssets = async (ctx: Ctx, ws: Workspace, kind: AssetKind, rest: string[]): Promise<Reply> => {
    const store = ws[kind.key];
    const [name, versionsSeg, version, extra] = rest;
    if (extra !== undefined || (versionsSeg !== undefined && versionsSeg.toLowerCase() !== 'versions')) {
      throw unknownRoute(ctx);
    }
    const m = ctx.method;
    // containers
    if (name === undefined) {
      if (m !== 'GET') throw notAllowed(ctx);
      const view = (q(ctx, 'listViewType') ?? 'ActiveOnly').toLowerCase();
      const items = [...store.values()]
        .filter((c) => view === 'all' || (view === 'archivedonly') === Boolean(c.properties.isArchived))
        .map((c) => containerResource(ws, kind, c));
      return page(ctx, items);
    }
    if (versionsSeg === undefined) {
      const c = store.get(name);
      if (m === 'GET') {
        if (!c) throw notFound(`${kind.label} container`, name, ws);
        return { status: 200, body: containerResource(ws, kind, c) };
      }
      if (m === 'PUT') {
        checkName(kind.label, name);
        const body = validated(kind.container, requireBody(ctx));
        const props = obj(body.properties);
        if (c) {
          c.properties = props;
          c.systemData = systemData(c.systemData);
          return { status: 200, body: containerResource(ws, kind, c) };
        }
        const created: AssetContainer = {
          name,
          properties: props,
          systemData: systemData(),
          versions: new Map()
        };
        store.set(name, created);
        return { status: 201, body: containerResource(ws, kind, created) };
      }
      if (m === 'DELETE') {
        if (!c) return { status: 204 };
        store.delete(name);
        return { status: 200 };
      }
      throw notAllowed(ctx);
    }
    // versions
    const c = store.get(name);
    if (version === undefined) {
      if (m !== 'GET') throw notAllowed(ctx);
      if (!c) throw notFound(`${kind.label} container`, name, ws);
      let list = [...c.versions.values()];
      const view = (q(ctx, 'listViewType') ?? 'ActiveOnly').toLowerCase();
      list = list.filter(
        (v) => view === 'all' || (view === 'archivedonly') === Boolean(v.properties.isArchived)
      );
      const tags = tagFilter(q(ctx, kind.tagsParam) ?? q(ctx, kind.tagsParam === 'tags' ? '$tags' : 'tags'));
      list = list.filter((v) => matchesTags(strDict(v.properties.tags), tags));
      const propsFilter = tagFilter(q(ctx, 'properties'));
      list = list.filter((v) => matchesTags(strDict(v.properties.properties), propsFilter));
      const vf = q(ctx, 'version');
      if (vf !== undefined) list = list.filter((v) => v.version === vf);
      const df = q(ctx, 'description');
      if (df !== undefined) list = list.filter((v) => v.properties.description === df);
      list.sort((a, b) => a.seq - b.seq);
      const orderBy = q(ctx, '$orderBy');
      if (orderBy) {
        const [field, dirRaw] = orderBy.trim().split(/\s+/);
        const dir = (dirRaw ?? 'asc').toLowerCase();
        if (dir !== 'asc' && dir !== 'desc') throw userError(`Invalid $orderBy direction '${dirRaw}'.`);
        const f = field.toLowerCase();
        let cmp: (a: AssetVersion, b: AssetVersion) => number;
        if (f === 'createdtime' || f === 'createdat') cmp = (a, b) => a.seq - b.seq;
        else if (f === 'modifiedtime' || f === 'lastmodifiedat')
          cmp = (a, b) =>
            a.systemData.lastModifiedAt.localeCompare(b.systemData.lastModifiedAt) || a.seq - b.seq;
        else if (f === 'version' || f === 'name')
          cmp = (a, b) => {
            const na = Number(a.version);
            const nb = Number(b.version);
            return Number.isFinite(na) && Number.isFinite(nb) ? na - nb : a.version.localeCompare(b.version);
          };
        else
          throw userError(
            `$orderBy field '${field}' is not supported; use createdtime, modifiedtime or version.`
          );
        list.sort(cmp);
        if (dir === 'desc') list.reverse();
      }
      const offset = Number(q(ctx, 'offset') ?? '0') || 0;
      if (offset) list = list.slice(offset);
      return page(
        ctx,
        list.map((v) => versionResource(ws, kind, c, v))
      );
    }
    const v = c?.versions.get(version);
    if (m === 'GET') {
      if (!c || !v) throw notFound(`${kind.label} version`, `${name}:${version}`, ws);
      return { status: 200, body: versionResource(ws, kind, c, v) };
    }
    if (m === 'PUT') {
      checkName(kind.label, name);
      if (!/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/.test(version)) {
        throw userError(
          `${kind.label} version '${version}' is invalid: use letters, digits, '.', '-' and '_'.`
        );
      }
      const body = validated(kind.version, requireBody(ctx));
      const props = obj(body.properties);
      if (c && v) {
        const changed = kind.immutable.filter(
          (k) => JSON.stringify(props[k] ?? null) !== JSON.stringify(v.properties[k] ?? null)
        );
        if (
          changed.length ||
          JSON.stringify(props.properties ?? {}) !== JSON.stringify(v.properties.properties ?? {})
        ) {
          throw userError(
            `A ${kind.label.toLowerCase()} version with this name and version already exists. If you are trying to create a new ${kind.label.toLowerCase()} version, use a different name or version. If you are trying to update an existing one, only tags, description and isArchived can be updated (changed: ${[...changed, ...(JSON.stringify(props.properties ?? {}) !== JSON.stringify(v.properties.properties ?? {}) ? ['properties'] : [])].join(', ')}).`,
            400
          );
        }
        for (const k of ['tags', 'description', 'isArchived']) {
          if (props[k] === undefined) delete v.properties[k];
          else v.properties[k] = props[k];
        }
        v.systemData = systemData(v.systemData);
        return { status: 200, body: versionResource(ws, kind, c, v) };
      }
      let container = c;
      if (!container) {
        container = {
          name,
          properties: {
            ...(kind.key === 'data' ? { dataType: props.dataType } : {}),
            isArchived: false,
            tags: {},
            properties: {}
          },
          systemData: systemData(),
          versions: new Map()
        };
        store.set(name, container);
      }
      const created: AssetVersion = { version, properties: props, systemData: systemData(), seq: ++seq };
      container.versions.set(version, created);
      return { status: 201, body: versionResource(ws, kind, container, created) };
    }
    if (m === 'DELETE') {
      if (!c || !v) return { status: 204 };
      c.versions.delete(version);
      return { status: 200 };
    }
    throw notAllowed(ctx);
  };

  const handleDatastores = (ctx: Ctx, ws: Workspace, rest: string[]): Reply => {
    const [name, action, extra] = rest;
    if (extra !== undefined) throw unknownRoute(ctx);
    if (name === undefined) {
      if (ctx.method !== 'GET') throw notAllowed(ctx);
      return page(ctx, [datastoreResource(ws)]);
    }
    if (name !== 'workspaceblobstore') throw notFound('Datastore', name, ws);
    if (action === undefined) {
      if (ctx.method !== 'GET') throw notAllowed(ctx);
      return { status: 200, body: datastoreResource(ws) };
    }
    if (action.toLowerCase() === 'listsecrets') {
      if (ctx.method !== 'POST') throw notAllowed(ctx);
      return { status: 200, body: { secretsType: 'AccountKey', key: blob.accountKey } };
    }
    throw unknownRoute(ctx);
  };

  const endpointInOtherWorkspace = (ws: Workspace, name: string): Workspace | undefined => {
    for (const w of workspaces.values()) {
      if (w !== ws && [...w.endpoints.keys()].some((n) => n.toLowerCase() === name.toLowerCase())) return w;
    }
    return undefined;
  };

  const checkTraffic = (ep: Endpoint | undefined, epName: string, traffic: unknown) => {
    const t = obj(traffic);
    const entries = Object.entries(t);
    for (const [dep, value] of entries) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) {
        throw userError(
          `Invalid traffic for deployment '${dep}': ${JSON.stringify(value)}. Traffic values must be integers between 0 and 100.`,
          400,
          [{ code: 'InvalidTraffic', target: `properties.traffic.${dep}`, message: 'invalid traffic value' }]
        );
      }
      if (!ep || !ep.deployments.has(dep)) {
        throw userError(
          `Invalid traffic: deployment '${dep}' does not exist in endpoint '${epName}'. Traffic can only be set for existing deployments.`,
          400,
          [{ code: 'InvalidTraffic', target: `properties.traffic.${dep}`, message: 'unknown deployment' }]
        );
      }
    }
    const sum = entries.reduce((s, [, v]) => s + (v as number), 0);
    if (sum !== 0 && sum !== 100) {
      throw userError(
        `Invalid traffic: the traffic values of endpoint '${epName}' must sum to 100 (or 0), got ${sum} (${JSON.stringify(t)}).`,
        400,
        [{ code: 'InvalidTraffic', target: 'properties.traffic', message: `sum is ${sum}` }]
      );
    }
  };

  const checkCompute = (ws: Workspace, compute: unknown) => {
    if (compute === undefined) return;
    const m = typeof compute === 'string' ? COMPUTE_ID_RE.exec(compute) : null;
    if (!m) {
      throw userError(
        `properties.compute must be the ARM id of an attached Kubernetes compute (${wsId(ws)}/computes/<name>), got ${JSON.stringify(compute)}.`
      );
    }
    if (wsKey(m[1], m[2], m[3]) !== wsKey(ws.subscriptionId, ws.resourceGroup, ws.name)) {
      throw userError(`The compute '${compute}' must belong to workspace '${ws.name}'.`);
    }
    if (ws.computes && !ws.computes.includes(m[4])) {
      throw new ArmError(404, 'UserError', `Compute '${m[4]}' was not found in workspace '${ws.name}'.`);
    }
  };

  const handleEndpoints = async (ctx: Ctx, ws: Workspace, rest: string[]): Promise<Reply> => {
    const [name, sub, depName, action, extra] = rest;
    if (extra !== undefined) throw unknownRoute(ctx);
    const m = ctx.method;
    if (name === undefined) {
      if (m !== 'GET') throw notAllowed(ctx);
      let list = [...ws.endpoints.values()];
      const nf = q(ctx, 'name');
      if (nf) list = list.filter((e) => e.name === nf);
      const ct = q(ctx, 'computeType');
      if (ct) list = list.filter((e) => (obj(e.body.properties).compute ? 'Kubernetes' : 'Managed') === ct);
      return page(
        ctx,
        list.map((e) => endpointResource(ws, e))
      );
    }
    const ep = ws.endpoints.get(name);
    if (sub !== undefined) {
      const s = sub.toLowerCase();
      if (s === 'deployments') return handleDeployments(ctx, ws, name, ep, depName, action);
      if (depName !== undefined) throw unknownRoute(ctx);
      if (!ep) throw notFound('Online endpoint', name, ws);
      if (s === 'listkeys') {
        if (m !== 'POST') throw notAllowed(ctx);
        const authMode = String(obj(ep.body.properties).authMode);
        if (authMode.toLowerCase() !== 'key') {
          throw userError(
            `Keys are only available for endpoints with key authentication; '${name}' uses ${authMode}.`
          );
        }
        return { status: 200, body: { ...ep.keys } };
      }
      if (s === 'token') {
        if (m !== 'POST') throw notAllowed(ctx);
        const authMode = String(obj(ep.body.properties).authMode);
        if (authMode.toLowerCase() !== 'amltoken') {
          throw userError(
            `Tokens are only available for endpoints with AMLToken authentication; '${name}' uses ${authMode}.`
          );
        }
        const t = Math.floor(Date.now() / 1000);
        return {
          status: 200,
          body: {
            accessToken: issueToken(name),
            tokenType: 'Bearer',
            expiryTimeUtc: t + 3600,
            refreshAfterTimeUtc: t + 1800
          }
        };
      }
      throw unknownRoute(ctx);
    }
    if (m === 'GET') {
      if (!ep) throw notFound('Online endpoint', name, ws);
      return { status: 200, body: endpointResource(ws, ep) };
    }
    if (m === 'PUT') {
      checkName(
        'Endpoint',
        name,
        ENDPOINT_NAME_RE,
        "it must be 3 to 32 characters long, start with a letter, end with a letter or digit, and contain only letters, digits and '-'"
      );
      const body = validated('OnlineEndpoint', requireBody(ctx));
      const props = obj(body.properties);
      checkLocation(ws, body.location, 'endpoint');
      if (ep) busy(`endpoint '${name}'`, ep.op);
      if (ep && ep.provisioningState === 'Deleting') throw conflict(`Endpoint '${name}' is being deleted.`);
      const other = endpointInOtherWorkspace(ws, name);
      if (other) {
        throw userError(
          `Endpoint name '${name}' is already in use (workspace '${other.name}'). Endpoint names must be unique within a region.`
        );
      }
      checkCompute(ws, props.compute);
      if (ep && (obj(ep.body.properties).compute ?? null) !== (props.compute ?? null)) {
        throw userError(`The compute of endpoint '${name}' can't be changed once it is created.`);
      }
      if (
        ep &&
        String(obj(ep.body.properties).authMode).toLowerCase() !== String(props.authMode).toLowerCase()
      ) {
        throw userError(`The authMode of endpoint '${name}' can't be changed once it is created.`);
      }
      checkTraffic(ep, name, props.traffic);
      const identity = body.identity ? obj(body.identity) : { type: 'SystemAssigned' };
      const given = obj(props.keys);
      delete props.keys;
      const stored: Obj = { ...body, identity, properties: props };
      let target = ep;
      const isNew = !target;
      if (!target) {
        target = {
          name,
          body: stored,
          provisioningState: 'Creating',
          systemData: systemData(),
          keys: {
            primaryKey:
              typeof given.primaryKey === 'string' ? given.primaryKey : randomBytes(16).toString('hex'),
            secondaryKey:
              typeof given.secondaryKey === 'string' ? given.secondaryKey : randomBytes(16).toString('hex')
          },
          servingTraffic: {},
          deployments: new Map()
        };
        ws.endpoints.set(name, target);
      } else {
        target.body = stored;
        target.provisioningState = 'Updating';
        target.systemData = systemData(target.systemData);
        if (typeof given.primaryKey === 'string') target.keys.primaryKey = given.primaryKey;
        if (typeof given.secondaryKey === 'string') target.keys.secondaryKey = given.secondaryKey;
      }
      if (String(identity.type ?? '').includes('SystemAssigned')) target.principalId ??= randomUUID();
      const e = target;
      e.op = startOperation({
        kind: isNew ? 'Create' : 'Update',
        target: `${wsId(ws)}/onlineEndpoints/${name}`,
        ws,
        resourcePath: `${wsId(ws)}/onlineEndpoints/${name}`,
        exists: () => ws.endpoints.get(name) === e,
        resource: () => (ws.endpoints.get(name) === e ? endpointResource(ws, e) : undefined),
        finish: async () => {
          const failure = takeProvisioningFailure(ws, name);
          if (failure) {
            e.provisioningState = 'Failed';
            return failure;
          }
          e.provisioningState = 'Succeeded';
          e.servingTraffic = { ...(obj(obj(e.body.properties).traffic) as Record<string, number>) };
          return undefined;
        }
      });
      return { status: isNew ? 201 : 200, body: endpointResource(ws, e), headers: lroHeaders(e.op, false) };
    }
    if (m === 'PATCH') {
      if (!ep) throw notFound('Online endpoint', name, ws);
      const body = validated('PartialMinimalTrackedResourceWithIdentity', requireBody(ctx));
      busy(`endpoint '${name}'`, ep.op);
      if (body.tags !== undefined) ep.body.tags = body.tags;
      if (body.identity !== undefined) {
        const identity = { ...obj(ep.body.identity), ...obj(body.identity) };
        ep.body.identity = identity;
        if (String(identity.type ?? '').includes('SystemAssigned')) ep.principalId ??= randomUUID();
      }
      ep.provisioningState = 'Updating';
      ep.systemData = systemData(ep.systemData);
      ep.op = startOperation({
        kind: 'Update',
        target: `${wsId(ws)}/onlineEndpoints/${name}`,
        ws,
        resourcePath: `${wsId(ws)}/onlineEndpoints/${name}`,
        exists: () => ws.endpoints.get(name) === ep,
        resource: () => (ws.endpoints.get(name) === ep ? endpointResource(ws, ep) : undefined),
        finish: async () => {
          ep.provisioningState = 'Succeeded';
          return undefined;
        }
      });
      return { status: 202, body: endpointResource(ws, ep), headers: lroHeaders(ep.op, true) };
    }
    if (m === 'DELETE') {
      if (!ep) return { status: 204 };
      busy(`endpoint '${name}'`, ep.op);
      ep.provisioningState = 'Deleting';
      for (const d of ep.deployments.values()) d.provisioningState = 'Deleting';
      ep.op = startOperation({
        kind: 'Delete',
        target: `${wsId(ws)}/onlineEndpoints/${name}`,
        ws,
        resourcePath: `${wsId(ws)}/onlineEndpoints/${name}`,
        exists: () => ws.endpoints.get(name) === ep,
        resource: () => undefined,
        finish: async () => {
          if (ws.endpoints.get(name) === ep) ws.endpoints.delete(name);
          return undefined;
        }
      });
      return { status: 202, headers: lroHeaders(ep.op, true) };
    }
    throw notAllowed(ctx);
  };

  const checkModelReference = (ws: Workspace, model: unknown) => {
    if (model === undefined) return;
    if (typeof model !== 'string') throw userError('properties.model must be a string.');
    if (/^azureml:\/\/registries\//i.test(model)) return; // a registry model: not emulated, accepted
    const m = MODEL_ID_RE.exec(model);
    if (!m) {
      throw userError(
        `properties.model '${model}' is not a valid model id: expected the ARM id of a model version (${wsId(ws)}/models/<name>/versions/<version>) or an azureml://registries/... id.`,
        400,
        [{ code: 'InvalidModelId', target: 'properties.model', message: 'invalid model id' }]
      );
    }
    const mws = workspaces.get(wsKey(m[1], m[2], m[3]));
    if (!mws?.models.get(m[4])?.versions.get(m[5])) {
      throw userError(
        `Model version '${m[4]}:${m[5]}' referenced by properties.model was not found in workspace '${m[3]}'.`,
        400,
        [{ code: 'ModelNotFound', target: 'properties.model', message: `model ${m[4]}:${m[5]} not found` }]
      );
    }
  };
  const checkEnvironmentReference = (environmentId: unknown) => {
    if (typeof environmentId !== 'string') return;
    const m = ENV_ID_RE.exec(environmentId);
    if (!m) return; // registry / curated environments are accepted as they are
    const ews = workspaces.get(wsKey(m[1], m[2], m[3]));
    if (!ews?.environments.get(m[4])?.versions.get(m[5])) {
      throw userError(
        `Environment version '${m[4]}:${m[5]}' referenced by properties.environmentId was not found in workspace '${m[3]}'.`
      );
    }
  };

  const handleDeployments = async (
    ctx: Ctx,
    ws: Workspace,
    epName: string,
    ep: Endpoint | undefined,
    name: string | undefined,
    action: string | undefined
  ): Promise<Reply> => {
    const m = ctx.method;
    if (!ep) throw notFound('Online endpoint', epName, ws);
    if (name === undefined) {
      if (m !== 'GET') throw notAllowed(ctx);
      return page(
        ctx,
        [...ep.deployments.values()].map((d) => deploymentResource(ws, ep, d))
      );
    }
    const d = ep.deployments.get(name);
    if (action !== undefined) {
      const a = action.toLowerCase();
      if (!d) throw notFound('Online deployment', name, ws);
      if (a === 'getlogs') {
        if (m !== 'POST') throw notAllowed(ctx);
        const body = validated('DeploymentLogsRequest', ctx.rawBody.trim() ? ctx.body : {});
        const tail = typeof body.tail === 'number' ? body.tail : undefined;
        const lines = tail !== undefined ? d.logs.slice(-tail) : d.logs;
        return { status: 200, body: { content: lines.join('\n') } };
      }
      if (a === 'skus') {
        if (m !== 'GET') throw notAllowed(ctx);
        return page(ctx, []);
      }
      throw unknownRoute(ctx);
    }
    if (m === 'GET') {
      if (!d) throw notFound('Online deployment', name, ws);
      return { status: 200, body: deploymentResource(ws, ep, d) };
    }
    if (m === 'PUT') {
      checkName(
        'Deployment',
        name,
        ENDPOINT_NAME_RE,
        "it must be 3 to 32 characters long, start with a letter, end with a letter or digit, and contain only letters, digits and '-'"
      );
      const body = validated('OnlineDeployment', requireBody(ctx));
      const props = obj(body.properties);
      checkLocation(ws, body.location, 'deployment');
      if (ep.provisioningState === 'Creating' || ep.provisioningState === 'Deleting') {
        throw conflict(
          `Endpoint '${epName}' is ${ep.provisioningState.toLowerCase()}; wait for it to finish.`
        );
      }
      if (d) busy(`deployment '${name}'`, d.op);
      const computeType = String(props.endpointComputeType);
      const kubernetesEndpoint = obj(ep.body.properties).compute !== undefined;
      if (kubernetesEndpoint !== (computeType === 'Kubernetes')) {
        throw userError(
          `A ${computeType} deployment can't be created under ${kubernetesEndpoint ? 'a Kubernetes' : 'a managed'} endpoint ('${epName}'); use endpointComputeType '${kubernetesEndpoint ? 'Kubernetes' : 'Managed'}'.`
        );
      }
      if (d && String(obj(d.body.properties).endpointComputeType) !== computeType) {
        throw userError(`The endpointComputeType of deployment '${name}' can't be changed.`);
      }
      const sku = obj(body.sku);
      if (sku.capacity !== undefined && (typeof sku.capacity !== 'number' || sku.capacity < 1)) {
        throw userError(
          `sku.capacity (the instance count) must be at least 1, got ${JSON.stringify(sku.capacity)}.`
        );
      }
      checkModelReference(ws, props.model);
      checkEnvironmentReference(props.environmentId);
      const stored: Obj = { ...body, properties: props };
      const isNew = !d;
      const dep: Deployment = d ?? {
        name,
        body: stored,
        provisioningState: 'Creating',
        systemData: systemData(),
        logs: []
      };
      if (d) {
        d.body = stored;
        d.provisioningState = 'Updating';
        d.systemData = systemData(d.systemData);
      } else ep.deployments.set(name, dep);
      log(
        dep,
        `${isNew ? 'Creating' : 'Updating'} deployment ${name} (${computeType}, model ${String(props.model ?? '-')})`
      );
      dep.op = startOperation({
        kind: isNew ? 'Create' : 'Update',
        target: `${wsId(ws)}/onlineEndpoints/${epName}/deployments/${name}`,
        ws,
        resourcePath: `${wsId(ws)}/onlineEndpoints/${epName}/deployments/${name}`,
        exists: () => ep.deployments.get(name) === dep,
        resource: () => (ep.deployments.get(name) === dep ? deploymentResource(ws, ep, dep) : undefined),
        finish: async () => provision(ws, ep, dep)
      });
      return {
        status: isNew ? 201 : 200,
        body: deploymentResource(ws, ep, dep),
        headers: lroHeaders(dep.op, false)
      };
    }
    if (m === 'PATCH') {
      if (!d) throw notFound('Online deployment', name, ws);
      const body = validated('PartialMinimalTrackedResourceWithSku', requireBody(ctx));
      busy(`deployment '${name}'`, d.op);
      if (body.tags !== undefined) d.body.tags = body.tags;
      if (body.sku !== undefined) {
        const sku = { ...obj(d.body.sku), ...obj(body.sku) };
        if (sku.capacity !== undefined && (typeof sku.capacity !== 'number' || sku.capacity < 1)) {
          throw userError(
            `sku.capacity (the instance count) must be at least 1, got ${JSON.stringify(sku.capacity)}.`
          );
        }
        d.body.sku = sku;
      }
      d.provisioningState = 'Updating';
      d.systemData = systemData(d.systemData);
      log(d, `Updating deployment ${name} (tags/sku)`);
      d.op = startOperation({
        kind: 'Update',
        target: `${wsId(ws)}/onlineEndpoints/${epName}/deployments/${name}`,
        ws,
        resourcePath: `${wsId(ws)}/onlineEndpoints/${epName}/deployments/${name}`,
        exists: () => ep.deployments.get(name) === d,
        resource: () => (ep.deployments.get(name) === d ? deploymentResource(ws, ep, d) : undefined),
        finish: async () => {
          d.provisioningState = d.error ? 'Failed' : 'Succeeded';
          return d.error;
        }
      });
      return { status: 202, body: deploymentResource(ws, ep, d), headers: lroHeaders(d.op, true) };
    }
    if (m === 'DELETE') {
      if (!d) return { status: 204 };
      busy(`deployment '${name}'`, d.op);
      const share = obj(obj(ep.body.properties).traffic)[name];
      if (typeof share === 'number' && share > 0) {
        throw userError(
          `Deployment '${name}' has ${share}% of the traffic of endpoint '${epName}'. Set its traffic to 0 before deleting it.`
        );
      }
      d.provisioningState = 'Deleting';
      d.op = startOperation({
        kind: 'Delete',
        target: `${wsId(ws)}/onlineEndpoints/${epName}/deployments/${name}`,
        ws,
        resourcePath: `${wsId(ws)}/onlineEndpoints/${epName}/deployments/${name}`,
        exists: () => ep.deployments.get(name) === d,
        resource: () => undefined,
        finish: async () => {
          if (ep.deployments.get(name) === d) {
            ep.deployments.delete(name);
            // Azure ML drops a deleted deployment from the endpoint's traffic map.
            delete obj(obj(ep.body.properties).traffic)[name];
            delete ep.servingTraffic[name];
          }
          return undefined;
        }
      });
      return { status: 202, headers: lroHeaders(d.op, true) };
    }
    throw notAllowed(ctx);
  };

  const provision = async (ws: Workspace, ep: Endpoint, d: Deployment) => {
    const failure = takeProvisioningFailure(ws, ep.name, d.name);
    if (failure) {
      d.provisioningState = 'Failed';
      d.error = failure;
      d.handler = undefined;
      log(d, `Provisioning failed: ${failure.code}: ${failure.message}`);
      return failure;
    }
    try {
      d.handler = await buildHandler(ws, ep, d);
    } catch (e) {
      const error = {
        code: 'ResourceNotReady',
        message: `User container has crashed or terminated: the scoring server failed to start: ${(e as Error).message}`
      };
      d.provisioningState = 'Failed';
      d.error = error;
      d.handler = undefined;
      log(d, `Provisioning failed: ${error.message}`);
      return error;
    }
    d.provisioningState = 'Succeeded';
    delete d.error;
    log(d, `Deployment ${d.name} is ready and serving`);
    return undefined;
  };

  // ---------------------------------------------------------------- role assignments
  const handleRoleAssignments = (ctx: Ctx, scope: string, name: string | undefined): Reply => {
    const m = ctx.method;
    if (name === undefined) {
      if (m !== 'GET') throw notAllowed(ctx);
      const filter = q(ctx, '$filter') ?? '';
      const principal = /principalId\s+eq\s+'([^']+)'/i.exec(filter)?.[1];
      const atScope = /atScope\(\)/i.test(filter);
      const s = scope.toLowerCase();
      const list = [...roleAssignments.values()].filter((ra) => {
        const rs = ra.scope.toLowerCase();
        const inScope = atScope
          ? s === rs || s.startsWith(rs + '/')
          : s === rs || s.startsWith(rs + '/') || rs.startsWith(s + '/');
        return inScope && (!principal || ra.principalId.toLowerCase() === principal.toLowerCase());
      });
      return page(ctx, list.map(roleAssignmentResource));
    }
    const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    const existing = roleAssignments.get(id.toLowerCase());
    if (m === 'GET') {
      if (!existing) {
        throw new ArmError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
      }
      return { status: 200, body: roleAssignmentResource(existing) };
    }
    if (m === 'DELETE') {
      if (!existing) return { status: 204 };
      roleAssignments.delete(id.toLowerCase());
      return { status: 200, body: roleAssignmentResource(existing) };
    }
    if (m === 'PUT') {
      if (!UUID_RE.test(name)) {
        throw new ArmError(
          400,
          'InvalidRoleAssignmentId',
          `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`
        );
      }
      const props = obj(requireBody(ctx).properties);
      const roleDefinitionId = props.roleDefinitionId;
      const principalId = props.principalId;
      const principalType = props.principalType;
      if (
        typeof roleDefinitionId !== 'string' ||
        !/\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/i.test(roleDefinitionId)
      ) {
        throw new ArmError(
          400,
          'InvalidRoleDefinitionId',
          `The role definition ID '${String(roleDefinitionId)}' is not valid: expected /subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>.`
        );
      }
      if (typeof principalId !== 'string' || !UUID_RE.test(principalId)) {
        throw new ArmError(
          400,
          'InvalidPrincipalId',
          `The principal ID '${String(principalId)}' is not valid. It must be a GUID.`
        );
      }
      if (
        principalType !== undefined &&
        !['User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device'].includes(String(principalType))
      ) {
        throw new ArmError(
          400,
          'InvalidPrincipalType',
          `The principal type '${String(principalType)}' is not valid.`
        );
      }
      const roleGuid = roleDefinitionId.split('/').pop()!.toLowerCase();
      for (const ra of roleAssignments.values()) {
        if (
          ra.scope.toLowerCase() === scope.toLowerCase() &&
          ra.principalId.toLowerCase() === principalId.toLowerCase() &&
          ra.roleDefinitionId.split('/').pop()!.toLowerCase() === roleGuid
        ) {
          if (ra.name.toLowerCase() === name.toLowerCase())
            return { status: 201, body: roleAssignmentResource(ra) };
          throw new ArmError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
        }
      }
      if (existing) {
        throw new ArmError(
          400,
          'RoleAssignmentUpdateNotPermitted',
          'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.'
        );
      }
      const ra: RoleAssignment = {
        id,
        name,
        scope,
        roleDefinitionId,
        principalId,
        ...(typeof principalType === 'string' ? { principalType } : {}),
        createdOn: now()
      };
      roleAssignments.set(id.toLowerCase(), ra);
      return { status: 201, body: roleAssignmentResource(ra) };
    }
    throw notAllowed(ctx);
  };

  // ---------------------------------------------------------------- routing
  const unknownRoute = (ctx: Ctx) =>
    new ArmError(
      404,
      'InvalidResourceType',
      `The resource type could not be found for the path '${ctx.path}' and api version '${ctx.query['api-version'] ?? ''}' (not emulated).`
    );
  const notAllowed = (ctx: Ctx) =>
    new ArmError(
      405,
      'MethodNotAllowed',
      `The HTTP method '${ctx.method}' is not supported for '${ctx.path}'.`
    );

  const WS_RE =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces(?:\/([^/]+)(\/.*)?)?$/i;
  const SUB_WS_RE = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces$/i;
  const OP_RE =
    /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/locations\/([^/]+)\/(mfeOperationsStatus|mfeOperationResults)\/([^/]+)$/i;
  const RA_RE = /^(\/.*?)?\/providers\/Microsoft\.Authorization\/roleAssignments(?:\/([^/]+))?$/i;

  const routeArm = async (ctx: Ctx): Promise<{ reply: Reply; kind: ArmRequestRecord['kind'] }> => {
    const path = ctx.path.replace(/\/+$/, '');
    let mm = OP_RE.exec(path);
    if (mm) {
      const op = operations.get(decodeURIComponent(mm[4]));
      if (!op) throw new ArmError(404, 'NotFound', `Operation '${mm[4]}' was not found.`);
      if (ctx.method !== 'GET') throw notAllowed(ctx);
      await advance(op);
      if (mm[3].toLowerCase() === 'mfeoperationsstatus') {
        const statusPath = new URL(opStatusUrl(op)).pathname;
        const body: Obj = {
          id: statusPath,
          name: op.id,
          status: op.status,
          startTime: new Date(op.startedAt).toISOString(),
          ...(op.endedAt ? { endTime: new Date(op.endedAt).toISOString() } : {}),
          ...(op.error ? { error: { ...op.error, details: [] } } : {})
        };
        return {
          reply: { status: 200, body, headers: op.status === 'InProgress' ? retryAfter() : {} },
          kind: 'operation'
        };
      }
      if (op.status === 'InProgress') {
        return {
          reply: { status: 202, headers: { location: opResultUrl(op), ...retryAfter() } },
          kind: 'operation'
        };
      }
      if (op.status === 'Failed') {
        const err = new ArmError(400, op.error!.code, op.error!.message);
        return { reply: { status: 400, body: err.body() }, kind: 'operation' };
      }
      const resource = op.resource();
      return { reply: resource ? { status: 200, body: resource } : { status: 204 }, kind: 'operation' };
    }
    mm = RA_RE.exec(path);
    if (mm) {
      const scope = mm[1] ?? '';
      if (!/^\/subscriptions\//i.test(scope)) {
        throw new ArmError(
          400,
          'InvalidScope',
          `The scope '${scope}' is not valid for role assignments in the emulator.`
        );
      }
      return {
        reply: handleRoleAssignments(ctx, scope, mm[2] ? decodeURIComponent(mm[2]) : undefined),
        kind: 'arm'
      };
    }
    if (SUB_WS_RE.test(path)) {
      if (ctx.method !== 'GET') throw notAllowed(ctx);
      const sub = SUB_WS_RE.exec(path)![1].toLowerCase();
      const list = [...workspaces.values()]
        .filter((w) => w.subscriptionId.toLowerCase() === sub)
        .map(workspaceResource);
      return { reply: page(ctx, list), kind: 'arm' };
    }
    mm = WS_RE.exec(path);
    if (!mm) throw unknownRoute(ctx);
    const [sub, rg, wsName] = [mm[1], mm[2], mm[3]].map((s) => (s === undefined ? s : decodeURIComponent(s)));
    const rest = (mm[4] ?? '')
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s));
    if (wsName === undefined) {
      if (ctx.method !== 'GET') throw notAllowed(ctx);
      const list = [...workspaces.values()]
        .filter((w) => wsKey(w.subscriptionId, w.resourceGroup, '') === wsKey(sub!, rg!, ''))
        .map(workspaceResource);
      return { reply: page(ctx, list), kind: 'arm' };
    }
    const ws = workspaces.get(wsKey(sub!, rg!, wsName));
    if (!ws) {
      const rgExists = [...workspaces.values()].some(
        (w) =>
          w.subscriptionId.toLowerCase() === sub!.toLowerCase() &&
          w.resourceGroup.toLowerCase() === rg!.toLowerCase()
      );
      if (!rgExists)
        throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
      throw new ArmError(
        404,
        'ResourceNotFound',
        `The Resource '${ML}/workspaces/${wsName}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`
      );
    }
    if (!rest.length) {
      if (ctx.method !== 'GET') throw notAllowed(ctx);
      return { reply: { status: 200, body: workspaceResource(ws) }, kind: 'arm' };
    }
    const [collection, ...tail] = rest;
    const c = collection.toLowerCase();
    if (c === 'datastores') return { reply: handleDatastores(ctx, ws, tail), kind: 'arm' };
    if (c === 'onlineendpoints') return { reply: await handleEndpoints(ctx, ws, tail), kind: 'arm' };
    if (ASSETS[c]) return { reply: await handleAssets(ctx, ws, ASSETS[c], tail), kind: 'arm' };
    throw unknownRoute(ctx);
  };

  // ---------------------------------------------------------------- scoring
  const amlTokens = new Map<string, string>();
  const issueToken = (endpoint: string) => {
    const token = randomBytes(24).toString('hex');
    amlTokens.set(token, endpoint);
    return token;
  };
  const findEndpoint = (name: string): { ws: Workspace; ep: Endpoint } | undefined => {
    for (const ws of workspaces.values()) {
      const ep = ws.endpoints.get(name);
      if (ep) return { ws, ep };
    }
    return undefined;
  };
  const scoringError = (status: number, message: string, headers: Record<string, string> = {}): Reply => ({
    status,
    body: { message },
    headers
  });

  const routeScoring = async (ctx: Ctx, rec: ArmRequestRecord): Promise<Reply> => {
    const mm = /^\/endpoints\/([^/]+)\/(score|swagger\.json)\/?$/.exec(ctx.path);
    if (!mm) return scoringError(404, 'Not found');
    const name = decodeURIComponent(mm[1]);
    const found = findEndpoint(name);
    if (!found || found.ep.provisioningState === 'Creating' || found.ep.provisioningState === 'Deleting') {
      return scoringError(404, `Endpoint '${name}' not found or not ready.`);
    }
    const { ws, ep } = found;
    const authMode = String(obj(ep.body.properties).authMode).toLowerCase();
    const auth = /^Bearer\s+(\S+)\s*$/i.exec(String(ctx.req.headers.authorization ?? ''))?.[1];
    const authorized =
      auth !== undefined &&
      (authMode === 'key'
        ? auth === ep.keys.primaryKey || auth === ep.keys.secondaryKey
        : authMode === 'amltoken'
          ? amlTokens.get(auth) === name
          : auth.length > 0);
    if (!authorized) {
      return scoringError(
        401,
        auth === undefined
          ? 'Authorization header is missing (expected "Bearer <key>").'
          : 'Authorization failed: invalid key or token.',
        {
          'www-authenticate': 'Bearer'
        }
      );
    }
    if (mm[2] === 'swagger.json') {
      if (ctx.method !== 'GET') return scoringError(405, 'Method not allowed');
      return {
        status: 200,
        body: { swagger: '2.0', info: { title: name, version: '1.0' }, paths: { '/score': { post: {} } } }
      };
    }
    if (ctx.method !== 'POST') return scoringError(405, 'Method not allowed; POST to /score.');
    const header = ctx.req.headers['azureml-model-deployment'];
    let depName = Array.isArray(header) ? header[0] : header;
    if (depName !== undefined && depName !== '') {
      if (!ep.deployments.has(depName)) {
        return scoringError(404, `Deployment '${depName}' was not found in endpoint '${name}'.`);
      }
    } else {
      const weights = Object.entries(ep.servingTraffic)
        .filter(([d, w]) => w > 0 && ep.deployments.has(d))
        .sort(([a], [b]) => a.localeCompare(b));
      const total = weights.reduce((s, [, w]) => s + w, 0);
      if (!total) {
        return scoringError(
          404,
          'No valid deployments to route to. Please check that the endpoint has at least one deployment with positive weight values or use a deployment specific header to route.'
        );
      }
      let r = trafficRandom() * total;
      depName = weights[weights.length - 1][0];
      for (const [d, w] of weights) {
        if (r < w) {
          depName = d;
          break;
        }
        r -= w;
      }
    }
    const d = ep.deployments.get(depName)!;
    rec.deployment = d.name;
    const depHeader = { 'azureml-model-deployment': d.name };
    if (
      d.provisioningState === 'Failed' ||
      d.provisioningState === 'Deleting' ||
      d.provisioningState === 'Creating'
    ) {
      return scoringError(
        502,
        `Deployment '${d.name}' is not serving (provisioningState ${d.provisioningState}${d.error ? `: ${d.error.message}` : ''}).`,
        depHeader
      );
    }
    if (!d.handler) {
      try {
        d.handler = await buildHandler(ws, ep, d);
      } catch (e) {
        log(d, `Scoring server failed to start: ${(e as Error).message}`);
        return scoringError(
          502,
          `Deployment '${d.name}' failed to start: ${(e as Error).message}`,
          depHeader
        );
      }
    }
    const timeoutMs =
      durationMs(obj(obj(d.body.properties).requestSettings).requestTimeout) ?? defaultTimeout;
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        d.handler(ctx.body, { endpoint: name, deployment: d.name, headers: ctx.req.headers }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(Object.assign(new Error('upstream request timeout'), { status: 408 })),
            timeoutMs
          );
        })
      ]);
      return { status: 200, body: result === undefined ? null : result, headers: depHeader };
    } catch (e) {
      const err = e as Error & { status?: unknown; statusCode?: unknown };
      const status =
        typeof err.status === 'number'
          ? err.status
          : typeof err.statusCode === 'number'
            ? err.statusCode
            : 424;
      log(d, `Scoring failed (${status}): ${err.message}`);
      return scoringError(
        status,
        status === 424 ? `An error occurred in the scoring function: ${err.message}` : err.message,
        depHeader
      );
    } finally {
      if (timer) clearTimeout(timer);
    }
  };

  // ---------------------------------------------------------------- HTTP plumbing
  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > 32 * 1024 * 1024) {
          reject(new ArmError(413, 'RequestEntityTooLarge', 'The request body is too large.'));
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const send = (res: ServerResponse, reply: Reply) => {
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string> = {
      'x-ms-request-id': randomUUID(),
      'x-ms-correlation-request-id': randomUUID(),
      ...reply.headers
    };
    if (reply.body === undefined) {
      res.writeHead(reply.status, { ...headers, 'content-length': '0' });
      res.end();
      return;
    }
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...headers
    });
    res.end(text);
  };

  const faultFor = (method: string, path: string): Fault | undefined => {
    for (const f of faults) {
      const matches = f.match ? f.match(method, path) : path.toLowerCase().startsWith('/subscriptions/');
      if (!matches) continue;
      if (f.times !== undefined && f.fired >= f.times) continue;
      if (f.ratio !== undefined && faultRandom() >= f.ratio) continue;
      f.fired++;
      return f;
    }
    return undefined;
  };
  const faultReply = (f: Fault): Reply => {
    const codes: Record<number, [string, string]> = {
      429: [
        'TooManyRequests',
        'The request was throttled: too many requests (emulated). Retry after the time in Retry-After.'
      ],
      500: ['InternalServerError', 'An internal server error occurred (emulated).'],
      502: ['BadGateway', 'Bad gateway (emulated).'],
      503: ['ServiceUnavailable', 'The service is temporarily unavailable (emulated).'],
      504: ['GatewayTimeout', 'The gateway timed out (emulated).']
    };
    const [code, message] = codes[f.status] ?? ['Error', `Emulated failure ${f.status}.`];
    const headers: Record<string, string> = {};
    const retry = f.retryAfterSeconds ?? (f.status === 429 || f.status === 503 ? 0 : undefined);
    if (retry !== undefined) headers['retry-after'] = String(retry);
    if (f.retryAfterMs !== undefined) headers['x-ms-retry-after-ms'] = String(f.retryAfterMs);
    return {
      status: f.status,
      body: { error: { code: f.code ?? code, message: f.message ?? message } },
      headers
    };
  };

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const method = (req.method ?? 'GET').toUpperCase();
    const isScoring = url.pathname.startsWith('/endpoints/');
    const rec: ArmRequestRecord = {
      at: Date.now(),
      method,
      path: url.pathname,
      query,
      ...(query['api-version'] ? { apiVersion: query['api-version'] } : {}),
      status: 0,
      kind: isScoring ? 'scoring' : url.pathname.toLowerCase().startsWith('/subscriptions/') ? 'arm' : 'other'
    };
    requests.push(rec);
    let reply: Reply;
    try {
      const rawBody = await readBody(req);
      let body: unknown = undefined;
      if (rawBody.trim()) {
        try {
          body = JSON.parse(rawBody);
        } catch (e) {
          if (!isScoring) {
            throw new ArmError(
              400,
              'InvalidRequestContent',
              `The request content was invalid and could not be deserialized: ${(e as Error).message}`
            );
          }
          body = rawBody;
        }
      }
      const ctx: Ctx = { req, method, path: url.pathname, url, query, body, rawBody };
      if (isScoring) {
        const f = faults.length ? faultFor(method, url.pathname) : undefined;
        if (f) {
          rec.fault = true;
          reply = faultReply(f);
        } else reply = await routeScoring(ctx, rec);
      } else {
        const auth = req.headers.authorization;
        if (!auth) {
          throw new ArmError(
            401,
            'AuthenticationFailed',
            "Authentication failed. The 'Authorization' header is missing.",
            undefined,
            {
              'www-authenticate':
                'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."'
            }
          );
        }
        const token = /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1];
        if (!token) {
          throw new ArmError(
            401,
            'AuthenticationFailedInvalidHeader',
            "Authentication failed. The 'Authorization' header is provided in an invalid format."
          );
        }
        if (opts.acceptToken && !opts.acceptToken(token)) {
          throw new ArmError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
        }
        if (rec.kind === 'arm') {
          const v = query['api-version'];
          if (!v) {
            throw new ArmError(
              400,
              'MissingApiVersionParameter',
              'The api-version query parameter (?api-version=) is required for all requests.'
            );
          }
          if (!/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(v)) {
            throw new ArmError(400, 'InvalidApiVersionParameter', `The api-version '${v}' is invalid.`);
          }
        }
        const f = faults.length ? faultFor(method, url.pathname) : undefined;
        if (f) {
          rec.fault = true;
          reply = faultReply(f);
        } else {
          const routed = await routeArm(ctx);
          rec.kind = routed.kind;
          reply = routed.reply;
        }
      }
    } catch (e) {
      if (e instanceof ArmError) reply = { status: e.status, body: e.body(), headers: e.headers };
      else {
        const err = new ArmError(
          500,
          'InternalServerError',
          `Emulator error: ${(e as Error).stack ?? String(e)}`
        );
        reply = { status: 500, body: err.body() };
      }
    }
    rec.status = reply.status;
    send(res, reply);
  };

  const server = createHttpsServer({ key: tls.key, cert: tls.cert }, (req, res) => void handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `https://127.0.0.1:${port}`;
  scoringBase = baseUrl;
  let plain: Server | undefined;
  if (opts.scoringScheme === 'http') {
    plain = createHttpServer((req, res) => {
      if (!(req.url ?? '').startsWith('/endpoints/')) {
        res.writeHead(404).end();
        return;
      }
      void handler(req, res);
    });
    const p = plain;
    await new Promise<void>((resolve, reject) => {
      p.once('error', reject);
      p.listen(0, '127.0.0.1', () => resolve());
    });
    scoringBase = `http://127.0.0.1:${(p.address() as AddressInfo).port}`;
  }

  const state = (): ArmEmulatorState => {
    const out: ArmEmulatorState = {
      workspaces: [],
      endpoints: [],
      deployments: [],
      dataVersions: [],
      modelVersions: [],
      environmentVersions: [],
      roleAssignments: [...roleAssignments.values()].map((ra) => ({
        id: ra.id,
        name: ra.name,
        scope: ra.scope,
        roleDefinitionId: ra.roleDefinitionId,
        principalId: ra.principalId,
        ...(ra.principalType ? { principalType: ra.principalType } : {})
      })),
      operations: [...operations.values()].map((op) => ({
        id: op.id,
        kind: op.kind,
        target: op.target,
        status: op.status,
        polls: op.polls,
        ...(op.error ? { error: { ...op.error } } : {})
      }))
    };
    for (const ws of workspaces.values()) {
      out.workspaces.push({
        subscriptionId: ws.subscriptionId,
        resourceGroup: ws.resourceGroup,
        name: ws.name,
        location: ws.location,
        id: wsId(ws)
      });
      for (const ep of ws.endpoints.values()) {
        const props = obj(ep.body.properties);
        const identity = obj(ep.body.identity);
        out.endpoints.push({
          workspace: ws.name,
          name: ep.name,
          id: `${wsId(ws)}/onlineEndpoints/${ep.name}`,
          location: String(ep.body.location),
          provisioningState: ep.provisioningState,
          authMode: String(props.authMode),
          traffic: clone(obj(props.traffic) as Record<string, number>),
          servingTraffic: { ...ep.servingTraffic },
          scoringUri: scoringUri(ep.name),
          ...(typeof props.compute === 'string' ? { compute: props.compute } : {}),
          ...(identity.type
            ? {
                identity: {
                  type: String(identity.type),
                  ...(ep.principalId && String(identity.type).includes('SystemAssigned')
                    ? { principalId: ep.principalId, tenantId }
                    : {})
                }
              }
            : {}),
          tags: strDict(ep.body.tags),
          keys: { ...ep.keys },
          deployments: [...ep.deployments.keys()]
        });
        for (const d of ep.deployments.values()) {
          const dp = obj(d.body.properties);
          out.deployments.push({
            workspace: ws.name,
            endpoint: ep.name,
            name: d.name,
            id: `${wsId(ws)}/onlineEndpoints/${ep.name}/deployments/${d.name}`,
            provisioningState: d.provisioningState,
            computeType: String(dp.endpointComputeType),
            ...(typeof dp.model === 'string' ? { model: dp.model } : {}),
            ...(typeof dp.environmentId === 'string' ? { environmentId: dp.environmentId } : {}),
            ...(typeof dp.instanceType === 'string' ? { instanceType: dp.instanceType } : {}),
            instanceCount:
              typeof obj(d.body.sku).capacity === 'number' ? (obj(d.body.sku).capacity as number) : 1,
            environmentVariables: strDict(dp.environmentVariables),
            tags: strDict(d.body.tags),
            ...(d.error ? { error: { ...d.error } } : {}),
            properties: clone(dp)
          });
        }
      }
      const assets: [AssetKind, AssetVersionStateList][] = [
        [ASSETS.data, out.dataVersions],
        [ASSETS.models, out.modelVersions],
        [ASSETS.environments, out.environmentVersions]
      ];
      for (const [kind, list] of assets) {
        for (const c of ws[kind.key].values()) {
          for (const v of [...c.versions.values()].sort((a, b) => a.seq - b.seq)) {
            list.push({
              workspace: ws.name,
              name: c.name,
              version: v.version,
              id: `${wsId(ws)}/${kind.key}/${c.name}/versions/${v.version}`,
              createdAt: v.systemData.createdAt,
              properties: clone(v.properties)
            });
          }
        }
      }
    }
    return out;
  };

  const scoreAgents = {
    https: new HttpsAgent({ ca: tls.ca, keepAlive: true }),
    http: new HttpAgent({ keepAlive: true })
  };
  const score = (endpoint: string, body: unknown, o: ScoreCallOptions = {}): Promise<ScoreCallResult> => {
    const found = findEndpoint(endpoint);
    let key = o.key;
    if (key === undefined && found) {
      const mode = String(obj(found.ep.body.properties).authMode).toLowerCase();
      key = mode === 'amltoken' ? issueToken(endpoint) : found.ep.keys.primaryKey;
    }
    const target = new URL(scoringUri(endpoint));
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(payload)),
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(o.deployment ? { 'azureml-model-deployment': o.deployment } : {}),
      ...o.headers
    };
    return new Promise((resolve, reject) => {
      const callback = (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON */
          }
          const dep = res.headers['azureml-model-deployment'];
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: parsed,
            ...(typeof dep === 'string' ? { deployment: dep } : {})
          });
        });
        res.on('error', reject);
      };
      const req =
        target.protocol === 'https:'
          ? httpsRequest(target, { method: 'POST', headers, agent: scoreAgents.https }, callback)
          : httpRequest(target, { method: 'POST', headers, agent: scoreAgents.http }, callback);
      req.on('error', reject);
      req.end(payload);
    });
  };

  const emulator: ArmEmulator = {
    url: baseUrl,
    port,
    ca: tls.ca,
    caFile: tls.caFile,
    apiVersion: ARM_API_VERSION,
    scoringBaseUrl: scoringBase,
    get workspaces() {
      return [...workspaces.values()].map((w) => ({
        subscriptionId: w.subscriptionId,
        resourceGroup: w.resourceGroup,
        name: w.name,
        location: w.location
      }));
    },
    blob,
    faults: {
      inject(spec: FaultSpec): FaultHandle {
        const f: Fault = { ...spec, fired: 0 };
        if (f.times === undefined && f.ratio === undefined) f.times = 1;
        faults.push(f);
        return {
          get fired() {
            return f.fired;
          },
          remove() {
            const i = faults.indexOf(f);
            if (i >= 0) faults.splice(i, 1);
          }
        };
      },
      failProvisioning(spec: ProvisioningFailureSpec) {
        provisioningFailures.push({ ...spec, left: spec.times ?? 1 });
      },
      clear() {
        faults.length = 0;
        provisioningFailures.length = 0;
      }
    },
    requests,
    state,
    addWorkspace,
    workspaceId: (name?: string) => wsId(findWorkspaceByName(name)),
    modelVersionId: (name: string, version: string, workspace?: string) =>
      `${wsId(findWorkspaceByName(workspace))}/models/${name}/versions/${version}`,
    setScorer(next: Scorer | undefined) {
      scorer = next ?? defaultScorer;
      for (const ws of workspaces.values()) {
        for (const ep of ws.endpoints.values())
          for (const d of ep.deployments.values()) d.handler = undefined;
      }
    },
    async completeOperations() {
      await Promise.all([...operations.values()].filter((op) => op.status === 'InProgress').map(complete));
    },
    score,
    async stop() {
      scoreAgents.https.destroy();
      scoreAgents.http.destroy();
      const closing = [server, ...(plain ? [plain] : [])].map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          })
      );
      await Promise.all(closing);
      await tls.dispose();
    }
  };
  return emulator;
}

type AssetVersionStateList = ArmEmulatorState['dataVersions'];

/** A stable UUID-shaped id derived from a string (for ids that must not change between reads). */
function randomUUIDFor(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    h1 = Math.imul(h1 ^ s.charCodeAt(i), 16777619) >>> 0;
    h2 = Math.imul(h2 ^ s.charCodeAt(i), 2246822507) >>> 0;
  }
  const hex = (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).repeat(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

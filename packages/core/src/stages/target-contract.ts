/**
 * The target contract. Deployment targets: what the register, deploy and smoke-test stages need from a place that keeps
 * versions (a registry) and serves them (online endpoints). The stage logic (content-hash
 * registration, safe A/B rollout with rollback, smoke test) is written once against these two
 * interfaces; each target implements them:
 *
 * - `local` (embedded default): a file registry under `<root>/.genaiops/registry/` and the local
 *   endpoint server (`genaiops serve`), state under `<root>/.genaiops/endpoints/` — `../local/`;
 * - `managed` / `kubernetes` (Azure ML): data assets and models in the workspace, managed or
 *   Kubernetes online endpoints — `../azure/` (one implementation for both kinds).
 *
 * Contract for every method:
 * - Errors: throw a `UserError` for what the user must fix (a missing compute, a quota, a
 *   deployment that ended `Failed`: say what happened); anything else is a bug or an outage.
 *   Transient failures (429, 5xx, connection resets) are retried inside the target, bounded.
 * - No method logs secrets; a key or token the target reads goes to `reporter.secret` first.
 * - Names are passed as the user wrote them (the stage validated them).
 */
import type { AzureConfig, DeploymentTarget, RequestLogConfig, UseCase } from '../config/model.js';
import { UserError } from '../errors.js';
import type { Reporter } from '../reporter.js';
import type { FlowFile } from './flow-hash.js';

// ---------------------------------------------------------------------------------------------
// Registry
// ---------------------------------------------------------------------------------------------

/** Tag holding the content hash (SHA-256 hex) on data and flow versions. */
export const HASH_TAG = 'content_hash';

/** A registered version, as read back. */
export interface VersionInfo {
  /** Version label: decimal integer strings ("1", "2", …) on both targets. */
  version: string;
  /** The `HASH_TAG` tag, when the version carries one (versions made by hand may not). */
  hash?: string;
  tags?: Record<string, string>;
  /** Where the content lives (local folder / `azureml://…` URI), for messages. */
  location?: string;
}

export interface CreateDataVersion {
  /** Data asset name (the dataset's name in llmops_config.json). */
  name: string;
  /** Absolute path of the file to register (uploaded to the default datastore first on Azure). */
  file: string;
  description?: string;
  /** SHA-256 hex of the file bytes; stored as the `HASH_TAG` tag. */
  hash: string;
  /** Extra tags (use-case, environment, …); `HASH_TAG` is added by the target. */
  tags: Record<string, string>;
}

export interface CreateFlowVersion {
  /** Model name (`<use-case>_<env>` by default). */
  name: string;
  /** Absolute path of the flow folder. */
  dir: string;
  /**
   * The files to register (ignored files left out), sorted by `rel`: `rel` is the path inside the
   * registered folder (posix), `abs` where to read it (additional_includes live outside `dir`).
   */
  files: FlowFile[];
  /** Flow content hash (see `flow-hash.ts`); stored as the `HASH_TAG` tag. */
  hash: string;
  description?: string;
  /** Tags (`is-promptflow`, `azureml.promptflow.section`, …): see `promptflowModelMetadata`. */
  tags: Record<string, string>;
  /** Properties (`azureml.promptflow.source_flow_id`, …): see `promptflowModelMetadata`. */
  properties: Record<string, string>;
}

/** Result of `create*Version`. */
export interface CreatedVersion {
  /** The version that now holds the content. */
  version: string;
  /**
   * false when the target found, while creating (e.g. under its lock, or after a conflict), that
   * the latest version already carries the same hash, and returned it instead of adding another.
   */
  created: boolean;
}

/**
 * Where versions of data and flows are kept.
 *
 * CONCURRENCY CONTRACT for `createDataVersion` / `createFlowVersion`: two jobs registering the same
 * name at once must end with two distinct versions, or one version reused by both — never an
 * error and never a lost registration. So the target picks the next version number itself
 * (latest + 1), and when that number is taken meanwhile (local: `mkdir` EEXIST; Azure: 409
 * Conflict / "already exists" on the version PUT) it re-reads the latest version and retries with
 * the next number (bounded, e.g. 20 attempts with a small random backoff). It returns the version
 * it actually created. It MAY return the latest version with `created: false` when, on retry,
 * that version carries the same hash (the other job registered the same content).
 * It never overwrites an existing version.
 */
export interface RegistryTarget {
  /** The latest version of a data asset (highest version number), or undefined if none. */
  latestDataVersion(name: string): Promise<VersionInfo | undefined>;
  createDataVersion(d: CreateDataVersion): Promise<CreatedVersion>;
  /** The latest version of a registered flow (model), or undefined if none. */
  latestFlowVersion(name: string): Promise<VersionInfo | undefined>;
  createFlowVersion(f: CreateFlowVersion): Promise<CreatedVersion>;
  /** One version of a registered flow, or undefined when it does not exist. */
  getFlowVersion(name: string, version: string): Promise<VersionInfo | undefined>;
}

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

export interface DeploymentState {
  name: string;
  /** The registered flow it serves, when known. */
  model?: { name: string; version: string };
  /** Azure's provisioningState (`Succeeded`, `Failed`, `Updating`, …); local: `Succeeded`. */
  provisioningState: string;
  /** The deployment's tags (the release strategy keeps its spec hash and release time there). */
  tags?: Record<string, string>;
}

export interface EndpointState {
  name: string;
  /** URL that takes `POST` scoring requests. */
  scoringUri: string;
  /** Deployment → percent; every deployment of the endpoint is listed (0 when it gets none). */
  traffic: Record<string, number>;
  deployments: DeploymentState[];
  authMode: 'key' | 'aml_token' | 'aad_token';
  /** Principal id of the endpoint's system-assigned identity (Azure), for role assignments. */
  principalId?: string;
}

export interface EnsureEndpoint {
  name: string;
  description?: string;
  /** Always `key` from the stages (the smoke test calls with the key). */
  authMode: 'key';
  /** Azure: `SystemAssigned`; ignored locally. */
  identity: 'SystemAssigned';
  tags: Record<string, string>;
}

export interface ProbeSettings {
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  successThreshold: number;
}

export interface DeploymentSpec {
  endpoint: string;
  /** Deployment name. */
  name: string;
  description?: string;
  /** The registered flow version to serve. */
  model: { name: string; version: string };
  /** Environment of the serving process (config's `environmentVariables` plus prompt flow's). */
  environmentVariables: Record<string, string>;
  /** Managed: VM size and count. */
  instanceType?: string;
  instanceCount: number;
  /** Kubernetes: the attached compute and resource requests. */
  kubernetes?: { compute?: string; cpu?: string; memory?: string };
  requestSettings: { requestTimeoutMs: number; maxConcurrentRequestsPerInstance: number };
  /** The config's requestLog: the local endpoint's request log, Azure ML data collection (off when absent). */
  requestLog?: RequestLogConfig;
  livenessProbe: ProbeSettings;
  readinessProbe: ProbeSettings;
  tags: Record<string, string>;
}

export interface ScoringRequest {
  /** Route to this deployment only (`azureml-model-deployment` header); default: the traffic split. */
  deployment?: string;
  /** JSON body. */
  body: unknown;
  timeoutMs?: number;
}

export interface ScoringResponse {
  status: number;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
  /** True when the body parsed as JSON. */
  json: boolean;
  /** The deployment that answered (`azureml-model-deployment` response header), when told. */
  deployment?: string;
  latencyMs: number;
}

/** Online endpoints: create, deploy, split traffic, score. */
export interface EndpointTarget {
  /** Current state, or undefined when the endpoint does not exist. */
  getEndpoint(name: string): Promise<EndpointState | undefined>;
  /** Creates the endpoint when missing (waits until it is usable); returns its state either way. */
  ensureEndpoint(e: EnsureEndpoint): Promise<EndpointState>;
  /**
   * Creates or updates a deployment and waits until it is provisioned; throws a UserError when
   * provisioning ends `Failed` (with the reason). Does NOT change the endpoint's traffic: a new
   * deployment gets 0 %.
   */
  createOrUpdateDeployment(d: DeploymentSpec): Promise<void>;
  /**
   * Sets the whole traffic map (deployments left out get 0). Waits until applied. The stage only
   * passes maps over existing deployments that sum to 100 (or all zeros on an empty endpoint).
   * With a `guard`, the change is conditional (see `TrafficGuard`).
   */
  setTraffic(endpoint: string, traffic: Record<string, number>, guard?: TrafficGuard): Promise<void>;
  /**
   * Deletes a deployment that holds no traffic and waits until it is gone; a deployment that does
   * not exist is success. The stage only deletes deployments it has set to 0 %.
   */
  deleteDeployment(endpoint: string, name: string): Promise<void>;
  /**
   * Grants the endpoint's identity what serving needs (Azure: read the workspace and its
   * connections, the key vault). An assignment that already exists is success. Optional: the
   * local target has nothing to grant.
   */
  grantAccess?(endpoint: string): Promise<void>;
  /** One scoring request with the endpoint's key. Never throws for an HTTP status; throws on network errors. */
  scoringRequest(endpoint: string, req: ScoringRequest): Promise<ScoringResponse>;
  /**
   * Takes the endpoint's deploy lease (one deploy per endpoint at a time), waiting (bounded) while
   * another deploy holds it; throws a UserError naming the holder and its expiry when the wait is
   * over. An expired lease is taken over. A missing endpoint is created with the lease on it
   * (`create`). Optional: the local target's lease is a lock file (`deploy-guard.ts`).
   */
  acquireLease?(request: EndpointLeaseRequest): Promise<HeldLease>;
}

/** A compare-and-set condition of `setTraffic`. */
export interface TrafficGuard {
  /**
   * Apply only while the endpoint's traffic is still this (a deployment left out counts as 0 %);
   * otherwise throw `TrafficConflict` with the traffic found. Atomic on Azure (If-Match).
   */
  expect?: Record<string, number>;
  /** The deploy lease the change is made under (`HeldLease.token`): refused when the endpoint's lease is another's. */
  leaseToken?: string;
}

/** Same split (a deployment missing from one map counts as 0 %). */
export function sameTraffic(a: Record<string, number>, b: Record<string, number>): boolean {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

/** `setTraffic` with `expect` found the traffic changed by someone else. */
export class TrafficConflict extends UserError {
  constructor(
    readonly endpoint: string,
    readonly now: Record<string, number>
  ) {
    super(`the traffic of endpoint ${endpoint} was changed by someone else (now ${JSON.stringify(now)})`);
  }
}

export interface LeaseHolder {
  owner: string;
  expiresAt: string;
}

export interface EndpointLeaseRequest {
  endpoint: string;
  /** Who deploys (named in the message of whoever waits). */
  owner: string;
  /** How long the lease lasts without renewal; it is renewed every third of that. */
  ttlMs?: number;
  /** How long to wait for a lease another deploy holds (0 = fail at once). */
  waitMs?: number;
  /** Told once when the deploy starts waiting. */
  onWait?: (holder: LeaseHolder) => void;
  /** How to create the endpoint when it does not exist (with the lease on it). */
  create?: EnsureEndpoint;
}

export interface HeldLease {
  readonly token: string;
  /** true when taking the lease created the endpoint. */
  readonly created: boolean;
  /** Throws a UserError when the lease was lost (expired and taken over): stop changing things. */
  check(): void;
  release(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Factory
// ---------------------------------------------------------------------------------------------

export interface TargetOptions {
  useCase: UseCase;
  env: string;
  /** Workspace root: local state goes under `<root>/.genaiops/`. Default: the working directory. */
  root: string;
  /** Azure section of the environment (required for managed / kubernetes). */
  azure?: AzureConfig;
  /**
   * Azure login: OIDC with client + tenant ids (the ID token comes from `getAssertion`, e.g. the
   * action's `core.getIDToken('api://AzureADTokenExchange')`), else DefaultAzureCredential.
   */
  credentials?: {
    clientId?: string;
    tenantId?: string;
    subscriptionId?: string;
    getAssertion?: () => Promise<string>;
  };
  /** The deployment target the stage resolved (set by `createTarget`): `kubernetes` endpoints get the compute. */
  kind?: DeploymentTarget;
  /** Environment of this process (connections, AZURE_* variables). */
  environ: NodeJS.ProcessEnv;
  reporter: Reporter;
}

export interface Target {
  kind: 'local' | 'azure';
  registry: RegistryTarget;
  endpoints: EndpointTarget;
  /** Releases what the target holds (HTTP agents, …). */
  dispose?(): Promise<void>;
}

export type TargetFactory = (opts: TargetOptions) => Promise<Target>;

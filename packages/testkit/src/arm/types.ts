/** Public types of the Azure ML ARM emulator. */

export interface ArmWorkspaceSpec {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** Default: the emulator's `location` (`eastus`). Endpoints and deployments must use the same region. */
  location?: string;
  /**
   * Names of attached Kubernetes computes. When given, a Kubernetes endpoint's `properties.compute` must
   * name one of them; when absent, any compute id of this workspace is accepted.
   */
  computes?: string[];
}

/** The storage account behind the default `workspaceblobstore` datastore (e.g. Azurite's). */
export interface ArmBlobStore {
  accountName: string;
  accountKey: string;
  /** Default `azureml-blobstore-<workspace id>`. */
  container?: string;
  /** Informational (state, `emulator.blob`); ARM itself only knows account/container/suffix. */
  blobEndpoint?: string;
}

export interface ScorerModel {
  /** ARM id of the model version. */
  id: string;
  name: string;
  version: string;
  /** `properties.modelUri` of the version. */
  uri?: string;
  /** `properties.modelType` (e.g. `custom_model`). */
  type?: string;
  properties: Record<string, string>;
  tags: Record<string, string>;
  description?: string;
}

/** What a scorer is told about the deployment it serves. */
export interface ScorerDeployment {
  workspace: { subscriptionId: string; resourceGroup: string; name: string };
  endpoint: string;
  deployment: string;
  /** `Managed` or `Kubernetes`. */
  computeType: string;
  /** The registered model version the deployment references (undefined when none, or from a registry). */
  model?: ScorerModel;
  /** `properties.model` as sent. */
  modelId?: string;
  environmentId?: string;
  environmentVariables: Record<string, string>;
  instanceType?: string;
  instanceCount: number;
  /** `properties.properties` of the deployment. */
  properties: Record<string, string>;
  tags: Record<string, string>;
}

export interface ScoringRequestInfo {
  endpoint: string;
  deployment: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Answers one scoring request; a thrown error with a numeric `status`/`statusCode` sets the HTTP status. */
export type ScoreFn = (body: unknown, request: ScoringRequestInfo) => Promise<unknown>;

/** Called when a deployment reaches `Succeeded`; a rejection turns the provisioning into `Failed`. */
export type Scorer = (deployment: ScorerDeployment) => Promise<ScoreFn>;

export interface ArmLroOptions {
  /** Status polls answered `InProgress` before the operation ends (default 2). */
  polls?: number;
  /** Instead of counting polls: the operation ends once this many ms have passed (checked on each poll). */
  delayMs?: number;
  /** Sent as `Retry-After` on LRO responses (seconds; the SDK then waits that long between polls). Default: none. */
  retryAfterSeconds?: number;
}

/** Built-in Azure roles the emulator knows (see `rbac.ts`). */
export type BuiltInRoleName =
  | 'Owner'
  | 'Contributor'
  | 'Reader'
  | 'User Access Administrator'
  | 'Role Based Access Control Administrator'
  | 'AzureML Data Scientist'
  | 'Key Vault Contributor';

/** A role the caller holds; `scope` undefined: every scope. */
export interface CallerRole {
  role: BuiltInRoleName;
  scope?: string;
}

export interface KeyVaultSpec {
  name: string;
  /** Default: the first workspace's. */
  subscriptionId?: string;
  resourceGroup?: string;
  /** `enableRbacAuthorization` (true) or access policies (false, the default of vaults a workspace creates). */
  rbac?: boolean;
}

export interface ArmEmulatorOptions {
  /** The identity calling ARM: its object id and roles (default: Owner everywhere). */
  caller?: { principalId?: string; roles?: CallerRole[] };
  /** Key Vaults that exist (`Microsoft.KeyVault/vaults`). */
  keyVaults?: KeyVaultSpec[];
  /** Regional vCPU quota of online deployments per subscription (default 100). */
  quotaCores?: number;
  /** Workspaces that exist (default: one, see `DEFAULT_WORKSPACE`). */
  workspaces?: ArmWorkspaceSpec[];
  /** Default region (`eastus`). */
  location?: string;
  /** Backing store of the `workspaceblobstore` datastore (default: Azurite's well-known devstoreaccount1). */
  blob?: ArmBlobStore;
  lro?: ArmLroOptions;
  /** Builds the scoring function of each deployment that reaches `Succeeded` (default: echo). */
  scorer?: Scorer;
  /** Seed of the deterministic PRNGs (fault ratios, traffic routing). Default 42. */
  seed?: number;
  /** Items per page in list answers before a `nextLink` (default 100). */
  pageSize?: number;
  /** Bring your own certificate instead of generating one with `openssl`. */
  tls?: { key: string; cert: string; ca: string; caFile?: string };
  /**
   * `https` (default, like Azure): scoring URIs are on the ARM server's TLS port.
   * `http`: a second, plain-HTTP loopback server serves scoring, so a client that can't be given a CA
   * (e.g. global `fetch`) can call it in-process.
   */
  scoringScheme?: 'https' | 'http';
  /** Decides whether an ARM bearer token is valid (default: any non-empty token). */
  acceptToken?: (token: string) => boolean;
  /** Tenant id reported in identities and tokens. */
  tenantId?: string;
  /** Request timeout of a deployment when `requestSettings.requestTimeout` is not set (default 5000 ms, like Azure). */
  defaultRequestTimeoutMs?: number;
  /** 409 on a second mutating call while an operation on the same endpoint/deployment runs (default true). */
  rejectConcurrentOperations?: boolean;
}

export interface FaultSpec {
  /** HTTP status to answer, e.g. 429, 500, 503. */
  status: number;
  /** `Retry-After` header (seconds; 0 allowed). Default for 429/503: 0. */
  retryAfterSeconds?: number;
  /** Also send `x-ms-retry-after-ms` (the SDK prefers it to `Retry-After`). */
  retryAfterMs?: number;
  /** How many requests fail (default 1; unlimited when `ratio` is set). */
  times?: number;
  /** Fail this fraction of matching requests (seeded PRNG, deterministic). */
  ratio?: number;
  /** Which requests (default: every ARM request, including LRO polls; never scoring). */
  match?: (method: string, path: string) => boolean;
  /** ARM error code/message of the answer. */
  code?: string;
  message?: string;
}

export interface FaultHandle {
  /** How many requests this fault has failed so far. */
  readonly fired: number;
  remove(): void;
}

export interface ProvisioningFailureSpec {
  /** Endpoint name (any when omitted). */
  endpoint?: string;
  /** Deployment name; when omitted the *endpoint's* next create/update fails. */
  deployment?: string;
  /** Workspace name (any when omitted). */
  workspace?: string;
  /** ARM error of the failed operation (default `ResourceNotReady`, a container-crash message). */
  code?: string;
  message?: string;
  /** How many provisionings fail (default 1). */
  times?: number;
  /**
   * A rolling update that fails on this instance (1-based) of an existing deployment: the deployment ends
   * `Failed` and keeps serving what it served before.
   */
  instance?: number;
}

export interface ArmFaults {
  inject(spec: FaultSpec): FaultHandle;
  /** The next create/update of that deployment (or endpoint) ends `Failed`. */
  failProvisioning(spec: ProvisioningFailureSpec): void;
  /** Removes every injected fault and pending provisioning failure. */
  clear(): void;
}

export interface ArmRequestRecord {
  at: number;
  method: string;
  /** Path without the query (as sent, percent-encoded). */
  path: string;
  query: Record<string, string>;
  apiVersion?: string;
  status: number;
  /** `arm`: a resource call; `operation`: an LRO status/result poll; `scoring`: a call of a scoring URI. */
  kind: 'arm' | 'operation' | 'scoring' | 'other';
  /** True when an injected fault answered. */
  fault?: boolean;
  /** Scoring: the deployment that answered. */
  deployment?: string;
}

export interface EndpointState {
  workspace: string;
  name: string;
  id: string;
  location: string;
  provisioningState: string;
  authMode: string;
  /** `properties.traffic` as last written. */
  traffic: Record<string, number>;
  /** The traffic the router applies (set when the last endpoint operation succeeded). */
  servingTraffic: Record<string, number>;
  scoringUri: string;
  compute?: string;
  identity?: { type: string; principalId?: string; tenantId?: string };
  tags: Record<string, string>;
  keys: { primaryKey: string; secondaryKey: string };
  deployments: string[];
}

export interface DeploymentState {
  workspace: string;
  endpoint: string;
  name: string;
  id: string;
  provisioningState: string;
  computeType: string;
  model?: string;
  environmentId?: string;
  instanceType?: string;
  instanceCount: number;
  environmentVariables: Record<string, string>;
  tags: Record<string, string>;
  error?: { code: string; message: string };
  /** The full wire `properties` as stored. */
  properties: Record<string, unknown>;
}

export interface AssetVersionState {
  workspace: string;
  name: string;
  version: string;
  id: string;
  createdAt: string;
  /** Wire `properties` (e.g. `dataType`, `dataUri`, `modelUri`, `tags`, `properties`, `description`). */
  properties: Record<string, unknown>;
}

export interface RoleAssignmentState {
  id: string;
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType?: string;
}

export interface OperationState {
  id: string;
  kind: 'Create' | 'Update' | 'Delete';
  target: string;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  polls: number;
  error?: { code: string; message: string };
}

export interface ArmEmulatorState {
  workspaces: { subscriptionId: string; resourceGroup: string; name: string; location: string; id: string }[];
  endpoints: EndpointState[];
  deployments: DeploymentState[];
  dataVersions: AssetVersionState[];
  modelVersions: AssetVersionState[];
  environmentVersions: AssetVersionState[];
  roleAssignments: RoleAssignmentState[];
  operations: OperationState[];
}

export interface ScoreCallOptions {
  /** Default: the endpoint's primary key (key auth) or a fresh token. */
  key?: string | null;
  /** Sent as `azureml-model-deployment`. */
  deployment?: string;
  headers?: Record<string, string>;
}

export interface ScoreCallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** `azureml-model-deployment` of the answer. */
  deployment?: string;
}

export interface ArmEmulator {
  /** `https://127.0.0.1:<port>`: the ARM endpoint (`endpoint` option of the client). */
  readonly url: string;
  readonly port: number;
  /** PEM of the CA that signed the server certificate. */
  readonly ca: string;
  /** That PEM as a file, for `NODE_EXTRA_CA_CERTS` of child processes. */
  readonly caFile: string;
  /** The api-version `@azure/arm-machinelearning` sends (`2022-10-01`). */
  readonly apiVersion: string;
  /** Base of scoring URIs (`https://127.0.0.1:<port>`, or the plain-HTTP server's URL). */
  readonly scoringBaseUrl: string;
  readonly workspaces: readonly Required<Omit<ArmWorkspaceSpec, 'computes'>>[];
  /** The default datastore's account (what `listSecrets` returns the key of). */
  readonly blob: Required<Omit<ArmBlobStore, 'container' | 'blobEndpoint'>> & { blobEndpoint?: string };
  readonly faults: ArmFaults;
  /** Every request, in arrival order (live array). */
  readonly requests: ArmRequestRecord[];
  state(): ArmEmulatorState;
  addWorkspace(spec: ArmWorkspaceSpec): void;
  /** ARM id of a workspace (default: the first). */
  workspaceId(workspace?: string): string;
  /** ARM id of a model version in a workspace (default: the first). */
  modelVersionId(name: string, version: string, workspace?: string): string;
  /** Replaces the scorer; deployments already serving rebuild their scoring function on their next call. */
  setScorer(scorer: Scorer | undefined): void;
  /** Ends every running operation now (as if polled to the end). */
  completeOperations(): Promise<void>;
  /** The caller's object id and roles (replace `roles` to change what it may do). */
  readonly caller: { principalId: string; roles: CallerRole[] };
  /** Access policies and RBAC mode of a Key Vault (by name). */
  keyVault(name: string): { rbac: boolean; accessPolicies: Record<string, unknown>[] } | undefined;
  /** Calls an endpoint's scoring URI over TLS (trusting `ca`), with its key unless told otherwise. */
  score(endpoint: string, body: unknown, options?: ScoreCallOptions): Promise<ScoreCallResult>;
  stop(): Promise<void>;
}

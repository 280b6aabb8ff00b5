import { randomUUID } from 'node:crypto';
import { DEVSTORE_ACCOUNT, DEVSTORE_KEY } from '../azurite.js';
import { DEFAULT_WORKSPACE, ML } from './constants.js';
import type { Fault, KeyVault, Operation, RoleAssignment, SystemData, Workspace } from './emulator-types.js';
import { defaultScorer } from './scoring-functions.js';
import type {
  ArmEmulatorOptions,
  ArmRequestRecord,
  ArmWorkspaceSpec,
  ProvisioningFailureSpec,
  Scorer
} from './types.js';
import { prng } from './values.js';

/**
 * The emulator's mutable state and the settings every route reads: the workspaces and what they hold,
 * operations, role assignments, pending faults, the request log, the clock behind `systemData`, and the
 * base URLs (known once the servers listen).
 */
export type EmulatorStore = ReturnType<typeof createStore>;

export function createStore(options: ArmEmulatorOptions) {
  const opts = { ...options };
  const defaultLocation = opts.location ?? DEFAULT_WORKSPACE.location;
  const seed = opts.seed ?? 42;

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

  const keyVaults = new Map<string, KeyVault>();
  for (const kv of opts.keyVaults ?? []) {
    const ws = firstWorkspace();
    const id = `/subscriptions/${kv.subscriptionId ?? ws.subscriptionId}/resourceGroups/${kv.resourceGroup ?? ws.resourceGroup}/providers/Microsoft.KeyVault/vaults/${kv.name}`;
    keyVaults.set(id.toLowerCase(), {
      id,
      name: kv.name,
      location: ws.location,
      rbac: kv.rbac ?? false,
      accessPolicies: []
    });
  }

  const store = {
    options: opts,
    pageSize: Math.max(1, opts.pageSize ?? 100),
    tenantId: opts.tenantId ?? '72f988bf-0000-4000-8000-00000000beef',
    faultRandom: prng(seed),
    trafficRandom: prng(seed ^ 0x9e3779b9),
    rejectConcurrent: opts.rejectConcurrentOperations ?? true,
    defaultTimeout: opts.defaultRequestTimeoutMs ?? 5000,
    scorer: (opts.scorer ?? defaultScorer) as Scorer,
    blob: {
      accountName: opts.blob?.accountName ?? DEVSTORE_ACCOUNT,
      accountKey: opts.blob?.accountKey ?? DEVSTORE_KEY,
      ...(opts.blob?.blobEndpoint ? { blobEndpoint: opts.blob.blobEndpoint } : {})
    },
    /** Set once listening. */
    baseUrl: '',
    scoringBase: '',

    now,
    systemData,
    /** Creation order of asset versions. */
    nextSeq: () => ++seq,

    workspaces,
    wsKey,
    addWorkspace,
    findWorkspaceByName,
    datastoreContainer: (ws: Workspace) => opts.blob?.container ?? `azureml-blobstore-${ws.workspaceId}`,

    operations: new Map<string, Operation>(),
    roleAssignments: new Map<string, RoleAssignment>(),
    faults: [] as Fault[],
    provisioningFailures: [] as (ProvisioningFailureSpec & { left: number })[],
    requests: [] as ArmRequestRecord[],
    /** AML tokens issued for endpoints (token → endpoint name). */
    amlTokens: new Map<string, string>(),
    caller: {
      principalId: opts.caller?.principalId ?? randomUUID(),
      roles: opts.caller?.roles ?? [{ role: 'Owner' as const }]
    },
    keyVaults,
    quotaCores: opts.quotaCores ?? 100,

    wsId: (ws: Workspace) =>
      `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/${ML}/workspaces/${ws.name}`,
    scoringUri: (name: string) => `${store.scoringBase}/endpoints/${encodeURIComponent(name)}/score`
  };
  return store;
}

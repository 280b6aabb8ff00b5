import { ArmError, notAllowed, unknownRoute } from './arm-errors.js';
import { ASSETS, type AssetKind } from './assets.js';
import { ML } from './constants.js';
import type { Ctx, Reply, Workspace } from './emulator-types.js';
import type { RequestHelpers } from './request-helpers.js';
import type { EmulatorStore } from './store.js';
import type { ArmRequestRecord } from './types.js';
import { normLocation, randomUUIDFor, type Obj } from './values.js';

/** Routing of ARM paths (operations, role assignments, workspaces and what they hold) to their handlers. */

const WS_RE =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces(?:\/([^/]+)(\/.*)?)?$/i;
const SUB_WS_RE = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces$/i;
const OP_RE =
  /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/locations\/([^/]+)\/(mfeOperationsStatus|mfeOperationResults)\/([^/]+)$/i;
const RA_RE = /^(\/.*?)?\/providers\/Microsoft\.Authorization\/roleAssignments(?:\/([^/]+))?$/i;
const PERMISSIONS_RE = /^(\/subscriptions\/.*?)\/providers\/Microsoft\.Authorization\/permissions$/i;
const KEY_VAULT_RE =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)(\/.*)?$/i;

export interface ArmRoutes {
  routeOperation: (ctx: Ctx, opId: string, which: string) => Promise<Reply>;
  handleRoleAssignments: (ctx: Ctx, scope: string, name: string | undefined) => Reply;
  /** Throws 403 when the caller lacks the right for the request. */
  authorize: (method: string, path: string) => void;
  handlePermissions: (ctx: Ctx, scope: string) => Reply;
  handleKeyVault: (ctx: Ctx, sub: string, rg: string, name: string, rest: string[]) => Reply;
  handleDatastores: (ctx: Ctx, ws: Workspace, rest: string[]) => Reply;
  handleEndpoints: (ctx: Ctx, ws: Workspace, rest: string[]) => Promise<Reply>;
  handleAssets: (ctx: Ctx, ws: Workspace, kind: AssetKind, rest: string[]) => Promise<Reply>;
}

export function createArmRouter(s: EmulatorStore, h: RequestHelpers, routes: ArmRoutes) {
  const { workspaces, wsKey, wsId, tenantId, blob } = s;
  const { page } = h;
  const { routeOperation, handleRoleAssignments, handleDatastores, handleEndpoints, handleAssets } = routes;
  const { authorize, handlePermissions, handleKeyVault } = routes;
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
      discoveryUrl: `${s.baseUrl}/discovery`,
      mlFlowTrackingUri: `azureml://${normLocation(ws.location)}.api.azureml.ms/mlflow/v1.0${wsId(ws)}`,
      tenantId,
      hbiWorkspace: false,
      publicNetworkAccess: 'Enabled',
      v1LegacyMode: false
    }
  });

  const routeArm = async (ctx: Ctx): Promise<{ reply: Reply; kind: ArmRequestRecord['kind'] }> => {
    const path = ctx.path.replace(/\/+$/, '');
    let mm = OP_RE.exec(path);
    if (mm) return { reply: await routeOperation(ctx, mm[4], mm[3]), kind: 'operation' };
    authorize(ctx.method, path);
    mm = PERMISSIONS_RE.exec(path);
    if (mm) return { reply: handlePermissions(ctx, mm[1]), kind: 'arm' };
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
    mm = KEY_VAULT_RE.exec(path);
    if (mm) {
      const rest = (mm[4] ?? '').split('/').filter(Boolean);
      return { reply: handleKeyVault(ctx, mm[1], mm[2], decodeURIComponent(mm[3]), rest), kind: 'arm' };
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

  return routeArm;
}

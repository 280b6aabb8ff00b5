import { ArmError, notAllowed } from './arm-errors.js';
import type { Ctx, Reply } from './emulator-types.js';
import type { EmulatorStore } from './store.js';
import type { BuiltInRoleName, CallerRole } from './types.js';
import { obj, type Obj } from './values.js';

/**
 * Azure RBAC of the caller (the identity whose token the emulator receives): the built-in roles it holds at
 * some scopes decide which ARM actions it may perform; anything else is answered 403 `AuthorizationFailed`,
 * as ARM does. `GET {scope}/providers/Microsoft.Authorization/permissions` tells the caller what it may do.
 *
 * Role definitions: ids, `actions` and `notActions` of Azure's built-in roles (the ones our setup guide
 * names) as Azure publishes them (MicrosoftDocs/azure-docs `articles/role-based-access-control/built-in-roles/`
 * privileged.md, ai-machine-learning.md, security.md; checked 2026-12); Reader may read everything.
 */
export const BUILT_IN_ROLES: Record<
  BuiltInRoleName,
  { id: string; actions: string[]; notActions: string[] }
> = {
  Owner: { id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', actions: ['*'], notActions: [] },
  Contributor: {
    id: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    actions: ['*'],
    notActions: [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
      'Microsoft.Blueprint/blueprintAssignments/write',
      'Microsoft.Blueprint/blueprintAssignments/delete',
      'Microsoft.Compute/galleries/share/action',
      'Microsoft.Purview/consents/write',
      'Microsoft.Purview/consents/delete',
      'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
      'Microsoft.Subscription/cancel/action',
      'Microsoft.Subscription/enable/action'
    ]
  },
  Reader: { id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', actions: ['*/read'], notActions: [] },
  'User Access Administrator': {
    id: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
    actions: ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'],
    notActions: []
  },
  'Role Based Access Control Administrator': {
    id: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
    actions: [
      'Microsoft.Authorization/roleAssignments/write',
      'Microsoft.Authorization/roleAssignments/delete',
      '*/read',
      'Microsoft.Support/*'
    ],
    notActions: []
  },
  'AzureML Data Scientist': {
    id: 'f6c7c914-8db3-469d-8ca1-694a8f32e121',
    actions: [
      'Microsoft.MachineLearningServices/workspaces/*/read',
      'Microsoft.MachineLearningServices/workspaces/*/action',
      'Microsoft.MachineLearningServices/workspaces/*/delete',
      'Microsoft.MachineLearningServices/workspaces/*/write'
    ],
    notActions: [
      'Microsoft.MachineLearningServices/workspaces/delete',
      'Microsoft.MachineLearningServices/workspaces/write',
      'Microsoft.MachineLearningServices/workspaces/computes/*/write',
      'Microsoft.MachineLearningServices/workspaces/computes/*/delete',
      'Microsoft.MachineLearningServices/workspaces/computes/listKeys/action',
      'Microsoft.MachineLearningServices/workspaces/listKeys/action',
      'Microsoft.MachineLearningServices/workspaces/hubs/write',
      'Microsoft.MachineLearningServices/workspaces/hubs/delete',
      'Microsoft.MachineLearningServices/workspaces/featurestores/write',
      'Microsoft.MachineLearningServices/workspaces/featurestores/delete'
    ]
  },
  'Key Vault Contributor': {
    id: 'f25e0fa2-a7c8-4377-a976-54943a77a395',
    actions: [
      'Microsoft.Authorization/*/read',
      'Microsoft.Insights/alertRules/*',
      'Microsoft.KeyVault/*',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.Support/*'
    ],
    notActions: [
      'Microsoft.KeyVault/locations/deletedVaults/purge/action',
      'Microsoft.KeyVault/hsmPools/*',
      'Microsoft.KeyVault/managedHsms/*'
    ]
  }
};

const patternRe = (p: string) =>
  new RegExp(
    `^${p
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
    'i'
  );
const matchesAny = (patterns: string[], action: string) => patterns.some((p) => patternRe(p).test(action));

/** The ARM action a request performs (`Microsoft.X/type/sub/read|write|delete|<name>/action`), by its path. */
export function actionOf(method: string, path: string): string | undefined {
  // the last provider in the path decides (roleAssignments under a workspace are Microsoft.Authorization's)
  const m = /^.*\/providers\/(Microsoft\.[A-Za-z]+)\/(.*)$/i.exec(path);
  if (!m) return undefined;
  const [, provider, rest] = m;
  const segs = rest.split('/').filter(Boolean);
  if (/^Microsoft\.Authorization$/i.test(provider)) {
    const type = segs[0];
    return `Microsoft.Authorization/${type}/${method === 'GET' ? 'read' : method === 'DELETE' ? 'delete' : 'write'}`;
  }
  // types at even positions (type/name/type/name/…); a trailing odd segment of a POST is an action name
  const types: string[] = [];
  for (let i = 0; i < segs.length; i += 2) types.push(segs[i]);
  if (method === 'POST') return `${provider}/${types.join('/')}/action`;
  if (/^Microsoft\.KeyVault$/i.test(provider) && types[1] === 'accessPolicies')
    return `${provider}/vaults/accessPolicies/write`;
  const verb = method === 'GET' ? 'read' : method === 'DELETE' ? 'delete' : 'write';
  return `${provider}/${types.join('/')}/${verb}`;
}

export type Rbac = ReturnType<typeof createRbac>;

export function createRbac(s: EmulatorStore) {
  const roles = (): CallerRole[] => s.caller.roles;
  const inScope = (roleScope: string | undefined, scope: string) => {
    if (!roleScope) return true;
    const r = roleScope.toLowerCase().replace(/\/+$/, '');
    const x = scope.toLowerCase();
    return x === r || x.startsWith(`${r}/`);
  };
  const applicable = (scope: string) => roles().filter((r) => inScope(r.scope, scope));
  const allowed = (action: string, scope: string) =>
    applicable(scope).some((r) => {
      const d = BUILT_IN_ROLES[r.role];
      return matchesAny(d.actions, action) && !matchesAny(d.notActions, action);
    });

  /** Throws ARM's 403 when the caller may not perform the request (LRO polls and permission reads always pass). */
  const authorize = (method: string, path: string): void => {
    if (/\/(mfeOperationsStatus|mfeOperationResults)\//i.test(path)) return;
    if (/\/providers\/Microsoft\.Authorization\/permissions$/i.test(path)) return;
    const action = actionOf(method, path);
    if (!action) return;
    const scope = path.replace(/\/(listKeys|token|getLogs|listSecrets|regenerateKeys|skus)$/i, '');
    if (allowed(action, scope)) return;
    throw new ArmError(
      403,
      'AuthorizationFailed',
      `The client '${s.caller.principalId}' with object id '${s.caller.principalId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`
    );
  };

  /** `GET {scope}/providers/Microsoft.Authorization/permissions`: the caller's permissions there, one entry per role. */
  const handlePermissions = (ctx: Ctx, scope: string): Reply => {
    if (ctx.method !== 'GET') throw notAllowed(ctx);
    const value = applicable(scope).map((r) => ({
      actions: BUILT_IN_ROLES[r.role].actions,
      notActions: BUILT_IN_ROLES[r.role].notActions,
      dataActions: [],
      notDataActions: []
    }));
    return { status: 200, body: { value } };
  };

  /** Key Vaults: `GET` a vault, `PUT …/accessPolicies/add` (merges policies of the same object id). */
  const handleKeyVault = (ctx: Ctx, sub: string, rg: string, name: string, rest: string[]): Reply => {
    const id = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${name}`;
    const vault = s.keyVaults.get(id.toLowerCase());
    if (!vault)
      throw new ArmError(
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.KeyVault/vaults/${name}' under resource group '${rg}' was not found.`
      );
    const resource = (): Obj => ({
      id: vault.id,
      name: vault.name,
      type: 'Microsoft.KeyVault/vaults',
      location: vault.location,
      properties: {
        tenantId: s.tenantId,
        sku: { family: 'A', name: 'standard' },
        enableRbacAuthorization: vault.rbac,
        accessPolicies: vault.accessPolicies,
        vaultUri: `https://${vault.name}.vault.azure.net/`
      }
    });
    if (!rest.length) {
      if (ctx.method !== 'GET') throw notAllowed(ctx);
      return { status: 200, body: resource() };
    }
    if (rest.length === 2 && rest[0].toLowerCase() === 'accesspolicies' && ctx.method === 'PUT') {
      const kind = rest[1].toLowerCase();
      const given = (obj(obj(ctx.body).properties).accessPolicies ?? []) as Obj[];
      if (!Array.isArray(given) || !given.length)
        throw new ArmError(400, 'BadRequest', 'properties.accessPolicies must list at least one policy.');
      for (const p of given) {
        if (typeof p.objectId !== 'string' || typeof p.tenantId !== 'string' || !p.permissions)
          throw new ArmError(
            400,
            'BadRequest',
            'Each access policy needs tenantId, objectId and permissions.'
          );
        const i = vault.accessPolicies.findIndex((x) => x.objectId === p.objectId);
        if (kind === 'add') {
          if (i < 0) vault.accessPolicies.push(p);
          else {
            const merged = { ...obj(vault.accessPolicies[i].permissions) };
            for (const [k, v] of Object.entries(obj(p.permissions)))
              merged[k] = [...new Set([...((merged[k] as string[]) ?? []), ...(v as string[])])];
            vault.accessPolicies[i] = { ...vault.accessPolicies[i], permissions: merged };
          }
        } else if (kind === 'replace') {
          if (i < 0) vault.accessPolicies.push(p);
          else vault.accessPolicies[i] = p;
        } else if (kind === 'remove' && i >= 0) vault.accessPolicies.splice(i, 1);
      }
      return {
        status: 200,
        body: {
          id: `${vault.id}/accessPolicies/${kind}`,
          type: 'Microsoft.KeyVault/vaults/accessPolicies',
          properties: { accessPolicies: vault.accessPolicies }
        }
      };
    }
    throw notAllowed(ctx);
  };

  return { authorize, handlePermissions, handleKeyVault };
}

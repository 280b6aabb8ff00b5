/**
 * What the endpoint's system-assigned identity must be able to read to serve a flow, and giving it that:
 * - AzureML Data Scientist on the workspace (its connections and datastores);
 * - the key vault named in the config: *Key Vault Secrets User* when the vault uses Azure RBAC, or an access
 *   policy with get/list on secrets when it uses access policies (as the Python template does).
 *
 * `preflight` runs before anything is created: when a grant is still missing and the CI identity may not
 * make it (Azure's permissions API says which actions it holds), the deploy stops naming the missing right.
 */
import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { UserError } from '../errors.js';
import type { Reporter } from '../reporter.js';
import { rawArmRequest, rawError, workspaceArmId, type WorkspaceRef } from './arm-client.js';
import { grantRole, ROLE_ASSIGNMENTS_API_VERSION, ROLES } from './role-assignments.js';
import type { AzureSettings } from './settings.js';

export const KEY_VAULT_API_VERSION = '2022-07-01';
const ASSIGN_ROLES = 'Microsoft.Authorization/roleAssignments/write';
const SET_POLICIES = 'Microsoft.KeyVault/vaults/accessPolicies/write';
const SECRET_PERMISSIONS = ['get', 'list'];

interface RoleNeed {
  kind: 'role';
  scope: string;
  roleGuid: string;
  roleName: string;
  where: string;
}
interface PolicyNeed {
  kind: 'policy';
  scope: string;
  where: string;
}
type Need = RoleNeed | PolicyNeed;

/** Does `action` match one of ARM's wildcard patterns (case-insensitive, `*` = anything)? */
const matches = (patterns: string[], action: string) =>
  patterns.some((p) =>
    new RegExp(
      `^${p
        .split('*')
        .map((x) => x.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
        .join('.*')}$`,
      'i'
    ).test(action)
  );

export class EndpointAccess {
  private needsRead?: Promise<Need[]>;

  constructor(
    private readonly client: AzureMachineLearningWorkspaces,
    private readonly ws: WorkspaceRef,
    private readonly settings: AzureSettings,
    private readonly reporter: Reporter,
    private readonly keyVault?: string
  ) {}

  private call(method: 'GET' | 'PUT', path: string, apiVersion: string, body?: unknown) {
    return rawArmRequest(this.client, this.settings, method, path, apiVersion, body);
  }

  private vaultId(): string | undefined {
    const kv = this.keyVault;
    if (!kv) return undefined;
    return kv.startsWith('/subscriptions/')
      ? kv
      : `/subscriptions/${this.ws.subscriptionId}/resourceGroups/${this.ws.resourceGroup}/providers/Microsoft.KeyVault/vaults/${kv}`;
  }

  /** The grants the endpoint identity needs (the key vault is read once, for its access model). */
  private needs(): Promise<Need[]> {
    this.needsRead ??= (async () => {
      const out: Need[] = [
        {
          kind: 'role',
          scope: workspaceArmId(this.ws),
          roleGuid: ROLES.azureMLDataScientist,
          roleName: 'AzureML Data Scientist',
          where: `workspace ${this.ws.workspace}`
        }
      ];
      const kv = this.vaultId();
      if (!kv) return out;
      const r = await this.call('GET', kv, KEY_VAULT_API_VERSION);
      if (r.status === 404)
        throw new UserError(`key vault ${this.keyVault} (azure.keyVault) was not found (${kv})`);
      if (r.status !== 200) {
        const e = rawError(r);
        throw new UserError(`reading key vault ${this.keyVault}: HTTP ${r.status} ${e.code}: ${e.message}`);
      }
      const rbac = Boolean(
        (r.body as { properties?: { enableRbacAuthorization?: boolean } }).properties?.enableRbacAuthorization
      );
      const where = `key vault ${kv.split('/').pop()}`;
      out.push(
        rbac
          ? {
              kind: 'role',
              scope: kv,
              roleGuid: ROLES.keyVaultSecretsUser,
              roleName: 'Key Vault Secrets User',
              where
            }
          : { kind: 'policy', scope: kv, where }
      );
      return out;
    })();
    this.needsRead.catch(() => (this.needsRead = undefined));
    return this.needsRead;
  }

  /** Whether the principal already holds the grant (an assignment at the scope or above, or the vault policy). */
  private async holds(n: Need, principalId: string): Promise<boolean> {
    if (n.kind === 'policy') {
      const r = await this.call('GET', n.scope, KEY_VAULT_API_VERSION);
      const policies =
        (
          r.body as {
            properties?: { accessPolicies?: { objectId?: string; permissions?: { secrets?: string[] } }[] };
          }
        ).properties?.accessPolicies ?? [];
      const mine = policies.find((p) => p.objectId?.toLowerCase() === principalId.toLowerCase());
      const secrets = (mine?.permissions?.secrets ?? []).map((x) => x.toLowerCase());
      return SECRET_PERMISSIONS.every((p) => secrets.includes(p) || secrets.includes('all'));
    }
    const filter = encodeURIComponent(`principalId eq '${principalId}'`);
    const r = await this.call(
      'GET',
      `${n.scope}/providers/Microsoft.Authorization/roleAssignments?$filter=${filter}`,
      ROLE_ASSIGNMENTS_API_VERSION
    );
    if (r.status !== 200) return false;
    const list =
      (r.body as { value?: { properties?: { roleDefinitionId?: string; scope?: string } }[] }).value ?? [];
    const scope = n.scope.toLowerCase();
    return list.some((a) => {
      const s = (a.properties?.scope ?? '').toLowerCase();
      return (
        (a.properties?.roleDefinitionId ?? '').toLowerCase().endsWith(n.roleGuid) &&
        (scope === s || scope.startsWith(`${s}/`))
      );
    });
  }

  /** Whether the CI identity may perform `action` at `scope` (unknown → true: the grant itself will tell). */
  private async callerMay(action: string, scope: string): Promise<boolean> {
    const r = await this.call(
      'GET',
      `${scope}/providers/Microsoft.Authorization/permissions`,
      ROLE_ASSIGNMENTS_API_VERSION
    );
    if (r.status !== 200) return true;
    const perms = (r.body as { value?: { actions?: string[]; notActions?: string[] }[] }).value ?? [];
    return perms.some((p) => matches(p.actions ?? [], action) && !matches(p.notActions ?? [], action));
  }

  /**
   * Before anything is created: every grant the endpoint identity lacks must be one the CI identity may
   * make. `principalId`: the identity of an existing endpoint (undefined: the endpoint is new).
   */
  async preflight(endpoint: string, principalId?: string): Promise<void> {
    const missing: string[] = [];
    for (const n of await this.needs()) {
      if (principalId && (await this.holds(n, principalId))) continue;
      const action = n.kind === 'role' ? ASSIGN_ROLES : SET_POLICIES;
      if (await this.callerMay(action, n.scope)) continue;
      missing.push(
        n.kind === 'role'
          ? `${n.roleName} on ${n.where}: assigning it needs ${ASSIGN_ROLES}; give the CI identity Owner or Role Based Access Control Administrator on ${n.scope}`
          : `get/list on the secrets of ${n.where} (an access-policy vault): setting it needs ${SET_POLICIES}; give the CI identity Contributor or Key Vault Contributor on ${n.scope}`
      );
    }
    if (missing.length)
      throw new UserError(
        `deploy stopped before creating anything: the CI identity may not give endpoint ${endpoint}'s identity the access it needs:\n${missing.map((m) => `  - ${m}`).join('\n')}`
      );
  }

  /** Gives the endpoint identity every grant; a refused grant it does not already hold is a UserError. */
  async grant(endpoint: string, principalId: string, tenantId?: string): Promise<void> {
    for (const n of await this.needs()) {
      if (n.kind === 'policy') {
        await this.addPolicy(n, endpoint, principalId, tenantId);
        continue;
      }
      const r = await grantRole(this.client, this.settings, this.ws.subscriptionId, { ...n, principalId });
      if (r.outcome === 'forbidden' && !(await this.holds(n, principalId)))
        throw new UserError(
          `could not assign ${n.roleName} on ${n.where} to endpoint ${endpoint}'s identity (${r.message}); give the CI identity Owner or Role Based Access Control Administrator on ${n.scope}, or run: az role assignment create --assignee-object-id ${principalId} --assignee-principal-type ServicePrincipal --role "${n.roleName}" --scope ${n.scope}`
        );
      this.reporter.info(
        `${n.roleName} on ${n.where} for endpoint ${endpoint}: ${r.outcome === 'created' ? 'granted' : 'already granted'}`
      );
    }
  }

  private async addPolicy(
    n: PolicyNeed,
    endpoint: string,
    principalId: string,
    tenantId?: string
  ): Promise<void> {
    if (await this.holds(n, principalId)) {
      this.reporter.info(`get/list on secrets of ${n.where} for endpoint ${endpoint}: already granted`);
      return;
    }
    const vault = await this.call('GET', n.scope, KEY_VAULT_API_VERSION);
    const tenant = tenantId ?? (vault.body as { properties?: { tenantId?: string } }).properties?.tenantId;
    const r = await this.call('PUT', `${n.scope}/accessPolicies/add`, KEY_VAULT_API_VERSION, {
      properties: {
        accessPolicies: [
          { tenantId: tenant, objectId: principalId, permissions: { secrets: SECRET_PERMISSIONS } }
        ]
      }
    });
    if (r.status === 200 || r.status === 201) {
      this.reporter.info(
        `get/list on secrets of ${n.where} for endpoint ${endpoint}: granted (access policy)`
      );
      return;
    }
    const e = rawError(r);
    throw new UserError(
      `could not add an access policy (secrets get/list) for endpoint ${endpoint}'s identity to ${n.where}: HTTP ${r.status} ${e.code}: ${e.message}${r.status === 403 ? `; give the CI identity Contributor or Key Vault Contributor on ${n.scope}` : ''}`
    );
  }
}

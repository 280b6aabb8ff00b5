/**
 * Role assignments for an endpoint's system-assigned identity (plain ARM REST:
 * `PUT {scope}/providers/Microsoft.Authorization/roleAssignments/{guid}`).
 *
 * The assignment id is derived from (scope, principal, role), so a rerun PUTs the same id
 * (idempotent); `409 RoleAssignmentExists` (the same grant under another id) is success too.
 */
import { createHash } from 'node:crypto';
import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { UserError } from '../errors.js';
import { rawArmRequest, rawError, type RawArmResponse } from './arm-client.js';
import type { AzureSettings } from './settings.js';
import { retry } from '../util/retry.js';

/** The principal is not in the directory yet (a new identity): retried, bounded. */
class PrincipalNotYetKnown extends Error {
  constructor(readonly response: RawArmResponse) {
    super('PrincipalNotFound');
  }
}

export const ROLE_ASSIGNMENTS_API_VERSION = '2022-04-01';

/** Built-in roles the endpoint identity gets. */
export const ROLES = {
  /** AzureML Data Scientist: the workspace, its connections and datastores (prompt flow serving). */
  azureMLDataScientist: 'f6c7c914-8db3-469d-8ca1-694a8f32e121',
  /** Key Vault Secrets User: read secrets of the workspace's key vault. */
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
} as const;

/** Namespace of our name-based (v5) assignment ids. */
const NAMESPACE = '6f1c3b8e-2f0a-5c4e-9d7b-3a1e5b2c9d40';

/** RFC 4122 version-5 UUID of `name` in `namespace`. */
export function uuidV5(name: string, namespace = NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The deterministic assignment id of (scope, principal, role). */
export function roleAssignmentName(scope: string, principalId: string, roleGuid: string): string {
  return uuidV5(`${scope.toLowerCase()}|${principalId.toLowerCase()}|${roleGuid.toLowerCase()}`);
}

export interface RoleGrant {
  scope: string;
  principalId: string;
  roleGuid: string;
  /** For messages. */
  roleName: string;
}

export type GrantOutcome = 'created' | 'exists' | 'forbidden';

/**
 * Grants one role. `created` / `exists` are success; `forbidden` (the caller may not assign roles)
 * is returned for the caller to warn about. AAD replication (`PrincipalNotFound` right after the
 * identity was created) is retried, bounded. Anything else throws.
 */
export async function grantRole(
  client: AzureMachineLearningWorkspaces,
  settings: AzureSettings,
  subscriptionId: string,
  g: RoleGrant,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))
): Promise<{ outcome: GrantOutcome; id: string; message?: string }> {
  const name = roleAssignmentName(g.scope, g.principalId, g.roleGuid);
  const id = `${g.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
  const body = {
    properties: {
      roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${g.roleGuid}`,
      principalId: g.principalId,
      principalType: 'ServicePrincipal'
    }
  };
  const put = async () => {
    const r = await rawArmRequest(client, settings, 'PUT', id, ROLE_ASSIGNMENTS_API_VERSION, body);
    if (r.status === 400 && /PrincipalNotFound/i.test(rawError(r).code)) throw new PrincipalNotYetKnown(r);
    return r;
  };
  // a new identity takes a while to reach the directory: PrincipalNotFound is retried, bounded
  const r = await retry(put, {
    maxAttempts: settings.principal.attempts,
    backoff: { initialMs: settings.principal.delayMs, growth: 'linear' },
    retryable: (e) => e instanceof PrincipalNotYetKnown,
    sleep: (ms) => sleep(ms)
  }).catch((e: unknown) => {
    if (e instanceof PrincipalNotYetKnown) return e.response;
    throw e;
  });
  if (r.status === 200 || r.status === 201) return { outcome: 'created', id };
  const err = rawError(r);
  if (r.status === 409 && /RoleAssignmentExists/i.test(err.code)) return { outcome: 'exists', id };
  if (r.status === 403 || r.status === 401)
    return { outcome: 'forbidden', id, message: `${err.code}: ${err.message}` };
  const what = `assigning ${g.roleName} on ${g.scope} to principal ${g.principalId}`;
  if (r.status >= 400 && r.status < 500) throw new UserError(`${what}: ${err.code}: ${err.message}`);
  throw new Error(`${what}: HTTP ${r.status} ${err.code}: ${err.message}`);
}

import * as core from '@actions/core';
import type { TargetOptions } from '@genaiops/core';

/** Audience of the GitHub ID token that Azure AD's federated credentials accept. */
export const AZURE_OIDC_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * The Azure login inputs every Azure-capable action takes (`client-id`, `tenant-id`,
 * `subscription-id`), as the stages' `credentials`. With client id and tenant id, the target logs
 * in with OIDC itself (no azure/login step): the ID token comes from GitHub, asked for only when
 * Azure needs it (the job needs `permissions: id-token: write`). Without them, the target uses
 * DefaultAzureCredential (e.g. the session azure/login left).
 */
export function readAzureCredentials(): NonNullable<TargetOptions['credentials']> {
  const clientId = core.getInput('client-id') || undefined;
  const tenantId = core.getInput('tenant-id') || undefined;
  const subscriptionId = core.getInput('subscription-id') || undefined;
  return {
    clientId,
    tenantId,
    subscriptionId,
    getAssertion: clientId || tenantId ? () => core.getIDToken(AZURE_OIDC_AUDIENCE) : undefined
  };
}

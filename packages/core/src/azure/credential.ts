/**
 * Azure login for the Azure target.
 *
 * - client id + tenant id given → OIDC federated login without `azure/login`: a
 *   `ClientAssertionCredential` whose assertion (the CI's ID token) comes from an INJECTED getter
 *   (core knows nothing of GitHub; the action passes `core.getIDToken('api://AzureADTokenExchange')`);
 * - else `DefaultAzureCredential` (environment, workload identity, managed identity, the Azure CLI
 *   session `azure/login` leaves, …);
 * - test seam: a fixed token when `GENAIOPS_ARM_TOKEN` is set with `GENAIOPS_ARM_ENDPOINT`.
 *
 * Every token handed out goes to `reporter.secret` before anything can log it.
 */
import {
  ClientAssertionCredential,
  DefaultAzureCredential,
  type AccessToken,
  type GetTokenOptions,
  type TokenCredential
} from '@azure/identity';
import { UserError } from '../errors.js';
import type { Reporter } from '../reporter.js';

export interface AzureCredentialOptions {
  clientId?: string;
  tenantId?: string;
  /** Returns the OIDC ID token to exchange (required with client id + tenant id). */
  getAssertion?: () => Promise<string>;
  /** Test seam: a fixed bearer token (the caller only passes it for an overridden ARM endpoint). */
  staticToken?: string;
  /** Authority host (sovereign clouds); default: `AZURE_AUTHORITY_HOST` or the public cloud. */
  authorityHost?: string;
  /** Test seam: a loopback token service (instance discovery off, this CA trusted). */
  testAuthority?: { host: string; ca?: string };
  reporter: Pick<Reporter, 'secret'>;
}

export type CredentialKind = 'oidc' | 'default' | 'static';

/** Which login `createAzureCredential` uses for these options. */
export function credentialKind(
  o: Pick<AzureCredentialOptions, 'clientId' | 'tenantId' | 'staticToken'>
): CredentialKind {
  if (o.staticToken) return 'static';
  if (o.clientId || o.tenantId) return 'oidc';
  return 'default';
}

/** A TokenCredential for ARM, per the rules above. Throws a UserError for incomplete OIDC settings. */
export function createAzureCredential(o: AzureCredentialOptions): TokenCredential & { kind: CredentialKind } {
  const kind = credentialKind(o);
  let inner: TokenCredential;
  if (kind === 'static') {
    o.reporter.secret(o.staticToken!);
    const token = o.staticToken!;
    inner = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600_000 }) };
  } else if (kind === 'oidc') {
    if (!o.clientId || !o.tenantId)
      throw new UserError(
        `Azure OIDC login needs both a client id and a tenant id (got only the ${o.clientId ? 'client' : 'tenant'} id)`
      );
    const getAssertion = o.getAssertion;
    if (!getAssertion)
      throw new UserError(
        'Azure OIDC login (client id + tenant id) needs an ID token source: run it from the actions (job permission `id-token: write`), or log in with azure/login and leave client-id/tenant-id empty'
      );
    inner = new ClientAssertionCredential(
      o.tenantId,
      o.clientId,
      async () => {
        let assertion: string;
        try {
          assertion = await getAssertion();
        } catch (e) {
          throw new UserError(
            `Azure OIDC login: could not get an ID token (${(e as Error).message}); does the job have \`permissions: id-token: write\`?`
          );
        }
        o.reporter.secret(assertion);
        return assertion;
      },
      o.testAuthority
        ? {
            authorityHost: o.testAuthority.host,
            disableInstanceDiscovery: true,
            ...(o.testAuthority.ca ? { tlsOptions: { ca: o.testAuthority.ca } } : {})
          }
        : o.authorityHost
          ? { authorityHost: o.authorityHost }
          : {}
    );
  } else {
    inner = new DefaultAzureCredential(o.authorityHost ? { authorityHost: o.authorityHost } : {});
  }
  return {
    kind,
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      let token: AccessToken | null;
      try {
        token = await inner.getToken(scopes, options);
      } catch (e) {
        if (e instanceof UserError) throw e;
        throw new UserError(loginFailure(kind, e));
      }
      if (token?.token) o.reporter.secret(token.token);
      return token;
    }
  };
}

function loginFailure(kind: CredentialKind, e: unknown): string {
  const why = ((e as Error)?.message ?? String(e)).split('\n').slice(0, 6).join(' ').slice(0, 800);
  if (kind === 'oidc')
    return `Azure OIDC login failed: ${why} (check client-id / tenant-id and the federated credential of the app registration for this repository and branch/environment)`;
  return `Azure login failed: ${why} (run azure/login before this step, or give client-id and tenant-id for OIDC login)`;
}

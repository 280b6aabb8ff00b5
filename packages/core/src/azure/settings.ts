/**
 * How the Azure target talks to Azure: retry and polling settings, and the TEST SEAMS that point it
 * at the loopback emulators instead of Azure (read from the stage's environment, so they reach an
 * action's bundled `dist/` as plain environment variables).
 *
 * TEST-ONLY variables (never set them in a real workflow):
 * - `GENAIOPS_ARM_ENDPOINT`   ARM base URL instead of https://management.azure.com
 * - `GENAIOPS_ARM_CA_FILE`    PEM file of a CA to trust for that endpoint (in-process; a child
 *                             process can use `NODE_EXTRA_CA_CERTS` instead)
 * - `GENAIOPS_ARM_TOKEN`      a fixed bearer token instead of a login; honoured ONLY together with
 *                             `GENAIOPS_ARM_ENDPOINT` (so it can never be sent to Azure)
 * - `GENAIOPS_AUTHORITY_HOST` Entra ID (AAD) authority for the OIDC login, with instance discovery
 *                             off and the CA above trusted (a loopback token service); honoured
 *                             ONLY together with `GENAIOPS_ARM_ENDPOINT`
 * - `GENAIOPS_BLOB_ENDPOINT`  blob service URL of the datastore's account (e.g. Azurite's
 *                             `http://127.0.0.1:10000/devstoreaccount1`): the datastore only names
 *                             the account and the container
 * - `GENAIOPS_LRO_INTERVAL_MS` poll interval of long-running operations (default: the SDK's 2 s
 *                             or the service's Retry-After)
 * - `GENAIOPS_ARM_RETRY_DELAY_MS` / `GENAIOPS_ARM_MAX_RETRY_DELAY_MS` base / cap of the retry
 *                             back-off (429 / 5xx / connection errors)
 *
 * Not a test seam: `GENAIOPS_PROMPTFLOW_IMAGE` overrides the serving image of deployments.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';

/** The image prompt flow's deployment docs use to serve a flow folder registered as a model. */
export const DEFAULT_PROMPTFLOW_IMAGE = 'mcr.microsoft.com/azureml/promptflow/promptflow-runtime:latest';

export interface AzureRetrySettings {
  /** Retries of one ARM call on 429 / 5xx / connection errors (after the first try). */
  maxRetries: number;
  retryDelayInMs: number;
  maxRetryDelayInMs: number;
}

export interface AzureSettings {
  /** ARM base URL (undefined: public Azure). */
  armEndpoint?: string;
  /** Extra CA (PEM) for the ARM endpoint and the scoring URIs. */
  ca?: string;
  /** Fixed bearer token (only with `armEndpoint`). */
  staticToken?: string;
  /** Test authority host of the OIDC login (only with `armEndpoint`). */
  authorityHost?: string;
  /** Blob service URL of the default datastore's account. */
  blobEndpoint?: string;
  /** LRO poll interval (undefined: the SDK's default / Retry-After). */
  lroIntervalMs?: number;
  retry: AzureRetrySettings;
  /** Version conflicts: attempts and the random back-off between them. */
  conflict: { attempts: number; minDelayMs: number; maxDelayMs: number };
  /** Role assignments right after an identity is created: AAD replication (`PrincipalNotFound`). */
  principal: { attempts: number; delayMs: number };
  /** A resource another operation is changing (409): how often to look, and for how long at most. */
  busyWait: { intervalMs: number; timeoutMs: number };
  /** Serving image of prompt flow deployments. */
  image: string;
}

export const DEFAULT_RETRY: AzureRetrySettings = {
  maxRetries: 8,
  retryDelayInMs: 800,
  maxRetryDelayInMs: 20_000
};

function num(environ: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = environ[name];
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0)
    throw new UserError(`${name}: expected a number of milliseconds ≥ 0, found "${v}"`);
  return n;
}

/** Settings from the environment (test seams included), with `overrides` last. */
export function azureSettings(
  environ: NodeJS.ProcessEnv,
  overrides: Partial<AzureSettings> = {}
): AzureSettings {
  const armEndpoint = environ.GENAIOPS_ARM_ENDPOINT?.trim() || undefined;
  let ca: string | undefined;
  const caFile = environ.GENAIOPS_ARM_CA_FILE?.trim();
  if (caFile) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (e) {
      throw new UserError(`GENAIOPS_ARM_CA_FILE: cannot read ${caFile} (${(e as Error).message})`);
    }
  }
  const retryDelay = num(environ, 'GENAIOPS_ARM_RETRY_DELAY_MS');
  const maxRetryDelay = num(environ, 'GENAIOPS_ARM_MAX_RETRY_DELAY_MS');
  const fast = retryDelay !== undefined && retryDelay < 100;
  return {
    armEndpoint,
    ca,
    // a fixed token is only ever sent to an overridden (test) endpoint
    staticToken: armEndpoint ? environ.GENAIOPS_ARM_TOKEN || undefined : undefined,
    authorityHost: armEndpoint ? environ.GENAIOPS_AUTHORITY_HOST?.trim() || undefined : undefined,
    blobEndpoint: environ.GENAIOPS_BLOB_ENDPOINT?.trim() || undefined,
    lroIntervalMs: num(environ, 'GENAIOPS_LRO_INTERVAL_MS'),
    retry: {
      maxRetries: DEFAULT_RETRY.maxRetries,
      retryDelayInMs: retryDelay ?? DEFAULT_RETRY.retryDelayInMs,
      maxRetryDelayInMs:
        maxRetryDelay ??
        (retryDelay !== undefined ? Math.max(retryDelay * 10, retryDelay) : DEFAULT_RETRY.maxRetryDelayInMs)
    },
    conflict: fast
      ? { attempts: 20, minDelayMs: 5, maxDelayMs: 40 }
      : { attempts: 20, minDelayMs: 100, maxDelayMs: 1000 },
    principal: fast ? { attempts: 6, delayMs: retryDelay ?? 10 } : { attempts: 6, delayMs: 5000 },
    busyWait: { intervalMs: num(environ, 'GENAIOPS_LRO_INTERVAL_MS') ?? 10_000, timeoutMs: 30 * 60_000 },
    image: environ.GENAIOPS_PROMPTFLOW_IMAGE?.trim() || DEFAULT_PROMPTFLOW_IMAGE,
    ...overrides
  };
}

/**
 * The Azure ML ARM client the target uses (`@azure/arm-machinelearning`), with bounded retries of
 * transient failures, and the mapping of Azure's errors to what the stages report.
 */
import {
  AzureMachineLearningWorkspaces,
  type AzureMachineLearningWorkspacesOptionalParams
} from '@azure/arm-machinelearning';
import type { TokenCredential } from '@azure/identity';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { UserError } from '../errors.js';
import type { AzureSettings } from './settings.js';

/** The workspace the target works in. */
export interface WorkspaceRef {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
}

export const ML_PROVIDER = 'Microsoft.MachineLearningServices';

export function workspaceArmId(w: WorkspaceRef): string {
  return `/subscriptions/${w.subscriptionId}/resourceGroups/${w.resourceGroup}/providers/${ML_PROVIDER}/workspaces/${w.workspace}`;
}

/** A client on the workspace's subscription, with the target's retry, TLS and endpoint settings. */
export function createArmClient(
  credential: TokenCredential,
  subscriptionId: string,
  settings: AzureSettings
): AzureMachineLearningWorkspaces {
  const options: AzureMachineLearningWorkspacesOptionalParams = {
    retryOptions: { ...settings.retry },
    userAgentOptions: { userAgentPrefix: 'genaiops-actions' }
  };
  if (settings.armEndpoint) options.endpoint = settings.armEndpoint;
  if (settings.ca) options.tlsOptions = { ca: settings.ca };
  return new AzureMachineLearningWorkspaces(credential, subscriptionId, options);
}

/** Options of every long-running call (`begin…AndWait`). */
export function lroOptions(settings: AzureSettings): { updateIntervalInMs?: number } {
  return settings.lroIntervalMs !== undefined ? { updateIntervalInMs: settings.lroIntervalMs } : {};
}

// ---- errors ------------------------------------------------------------------------------------

/** What an Azure REST error says, when `e` is one. */
export interface ArmErrorInfo {
  status?: number;
  code?: string;
  message: string;
}

export function armErrorInfo(e: unknown): ArmErrorInfo {
  const err = e as { name?: string; statusCode?: number; code?: string; message?: string; details?: unknown };
  const details = err?.details as { error?: { code?: string; message?: string } } | undefined;
  return {
    status: typeof err?.statusCode === 'number' ? err.statusCode : undefined,
    code: details?.error?.code ?? (typeof err?.code === 'string' ? err.code : undefined),
    message: details?.error?.message ?? err?.message ?? String(e)
  };
}

/** HTTP status of a REST error (undefined for anything else). */
export const statusOf = (e: unknown): number | undefined => armErrorInfo(e).status;

/** ARM's codes for a missing subscription or resource group (never the child resource asked for). */
const PARENT_MISSING = /^(ResourceGroupNotFound|SubscriptionNotFound|InvalidSubscriptionId)$/i;

/**
 * 404 of a child resource of the workspace (endpoint, deployment, model, data, environment): it is absent,
 * whatever the code (Azure ML answers `UserError`, `ResourceNotFound` or `NotFound`). The workspace itself
 * is checked once, up front (`workspaceGate`), so a 404 here never hides a missing workspace.
 */
export const isNotFound = (e: unknown): boolean => {
  const i = armErrorInfo(e);
  return i.status === 404 && !PARENT_MISSING.test(i.code ?? '');
};

/**
 * Reads the workspace once (its region), with a clear error when it (or its resource group) does not
 * exist; later calls share the answer. A failed read is retried by the next call.
 */
export function workspaceGate(
  client: AzureMachineLearningWorkspaces,
  w: WorkspaceRef
): () => Promise<{ location: string }> {
  let read: Promise<{ location: string }> | undefined;
  return () => {
    read ??= (async () => {
      try {
        const found = await client.workspaces.get(w.resourceGroup, w.workspace);
        return { location: found.location ?? '' };
      } catch (e) {
        if (statusOf(e) === 404)
          throw new UserError(
            `workspace ${w.workspace} was not found in resource group ${w.resourceGroup} of subscription ${w.subscriptionId} (${armErrorInfo(e).message}); check the environment's "azure" section`
          );
        throw toTargetError(e, `reading workspace ${w.workspace} (resource group ${w.resourceGroup})`);
      }
    })();
    read.catch(() => (read = undefined));
    return read;
  };
}

/**
 * A version PUT that lost a race: 409 Conflict, or Azure ML's 400 "… already exists …" for a
 * version number another job took with different content.
 */
export function isVersionConflict(e: unknown): boolean {
  const i = armErrorInfo(e);
  return i.status === 409 || (i.status === 400 && /already exists/i.test(i.message));
}

/**
 * An Azure error as the stages report it: 4xx (bad names, quota, missing resources, no
 * permission) → UserError saying what was being done; 5xx / throttling that outlived the retries
 * → an Error (an outage, not the user's mistake). UserErrors pass through.
 */
export function toTargetError(e: unknown, doing: string): Error {
  if (e instanceof UserError) return e;
  const i = armErrorInfo(e);
  const code = i.code && !i.message.includes(i.code) ? `${i.code}: ` : '';
  if (i.status === 401 || i.status === 403)
    return new UserError(
      `${doing}: not authorized (HTTP ${i.status} ${code}${i.message}); the identity needs a role such as Contributor or AzureML Data Scientist on the workspace`
    );
  if (i.status !== undefined && i.status >= 400 && i.status < 500 && i.status !== 408 && i.status !== 429)
    return new UserError(`${doing}: ${code}${i.message}`);
  if (i.status !== undefined)
    return new Error(`${doing}: Azure answered HTTP ${i.status} ${code}${i.message} (after retries)`);
  if (/long-running operation has failed/i.test(i.message)) return new UserError(`${doing}: ${i.message}`);
  return new Error(`${doing}: ${i.message}`);
}

/** Runs `fn`, turning its failure into `toTargetError(…, doing)`. */
export async function arm<T>(doing: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toTargetError(e, doing);
  }
}

// ---- plain ARM REST (what arm-machinelearning does not cover: role assignments) --------------------

export interface RawArmResponse {
  status: number;
  body: unknown;
}

/**
 * One ARM REST call through the client's pipeline (same credential, retries, TLS and endpoint).
 * `path` is the resource path (`/subscriptions/…`); never throws for an HTTP status.
 */
export async function rawArmRequest(
  client: AzureMachineLearningWorkspaces,
  settings: Pick<AzureSettings, 'armEndpoint'>,
  method: 'GET' | 'PUT' | 'DELETE' | 'POST',
  path: string,
  apiVersion: string,
  body?: unknown
): Promise<RawArmResponse> {
  const base = settings.armEndpoint ?? 'https://management.azure.com';
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  url.searchParams.set('api-version', apiVersion);
  const request = createPipelineRequest({
    url: url.toString(),
    method,
    headers: createHttpHeaders({
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {})
    }),
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const res = await client.sendRequest(request);
  let parsed: unknown = res.bodyAsText ?? undefined;
  if (res.bodyAsText) {
    try {
      parsed = JSON.parse(res.bodyAsText);
    } catch {
      /* keep the text */
    }
  }
  return { status: res.status, body: parsed };
}

/** `{ error: { code, message } }` of a raw answer. */
export function rawError(r: RawArmResponse): { code: string; message: string } {
  const e = (r.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return {
    code: e?.code ?? `HTTP${r.status}`,
    message: e?.message ?? (typeof r.body === 'string' ? r.body : `HTTP ${r.status}`)
  };
}

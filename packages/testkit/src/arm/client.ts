import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { AzureMachineLearningWorkspacesOptionalParams } from '@azure/arm-machinelearning';
import type { ArmEmulator } from './types.js';

/**
 * A `TokenCredential` that hands out a fixed bearer token (the emulator accepts any non-empty token unless
 * `acceptToken` says otherwise). Counts its calls, so tests can see the SDK asked for a token.
 */
export function staticTokenCredential(token = 'emulator-token'): TokenCredential & { calls: number } {
  const credential = {
    calls: 0,
    async getToken(): Promise<AccessToken> {
      credential.calls++;
      return { token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 };
    }
  };
  return credential;
}

/** Retry settings that keep the SDK's exponential back-off (500/503 without Retry-After) short in tests. */
export const FAST_RETRY_OPTIONS = { retryDelayInMs: 10, maxRetryDelayInMs: 100 } as const;

/**
 * Options for `new AzureMachineLearningWorkspaces(credential, subscriptionId, options)` that point the real
 * client at the emulator: `endpoint` (ARM base URL) and `tlsOptions.ca` (trust the emulator's CA, for this
 * client only — core-rest-pipeline turns `tlsOptions` into the https.Agent options). `overrides` are merged
 * last (e.g. `{ retryOptions: FAST_RETRY_OPTIONS }`).
 *
 * A child process (an action's bundled `dist/`) can't take these options; give it
 * `NODE_EXTRA_CA_CERTS=<emulator.caFile>` and the emulator URL through whatever endpoint override the
 * code under test reads.
 */
export function armClientOptions(
  emulator: Pick<ArmEmulator, 'url' | 'ca'>,
  overrides: AzureMachineLearningWorkspacesOptionalParams = {}
): AzureMachineLearningWorkspacesOptionalParams {
  return {
    endpoint: emulator.url,
    tlsOptions: { ca: emulator.ca },
    ...overrides
  };
}

export interface ArmRawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Parsed JSON (or the text when not JSON; undefined when empty). */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * A plain HTTPS call to the emulator (trusting its CA), for what the SDK won't send: requests without a
 * token, malformed bodies, role assignments (not in arm-machinelearning). `path` may include the query;
 * `api-version` is added when missing (pass `apiVersion: null` to omit it).
 */
export function armRequest(
  emulator: Pick<ArmEmulator, 'url' | 'ca' | 'apiVersion'>,
  method: string,
  path: string,
  options: {
    body?: unknown;
    token?: string | null;
    apiVersion?: string | null;
    headers?: Record<string, string>;
  } = {}
): Promise<ArmRawResponse> {
  const url = new URL(path, emulator.url);
  const apiVersion = options.apiVersion === undefined ? emulator.apiVersion : options.apiVersion;
  if (apiVersion !== null && !url.searchParams.has('api-version'))
    url.searchParams.set('api-version', apiVersion);
  const payload =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const token = options.token === undefined ? 'emulator-token' : options.token;
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(payload !== undefined
      ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }
      : {}),
    ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
    ...options.headers
  };
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      { method, headers, ca: emulator.ca, agent: false },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text || undefined;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            /* keep the text */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
        res.on('error', reject);
      }
    );
    req.on('error', reject);
    req.end(payload);
  });
}

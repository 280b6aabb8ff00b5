import type { Fault, Reply, Workspace } from './emulator-types.js';
import type { EmulatorStore } from './store.js';
import type { ArmEmulator, FaultHandle, FaultSpec, ProvisioningFailureSpec } from './types.js';

/** Injected faults: failed answers to matching requests, and provisioning failures of endpoints and deployments. */
export type Faults = ReturnType<typeof createFaults>;

export function createFaults(s: EmulatorStore) {
  const { faults, provisioningFailures, faultRandom } = s;
  const takeProvisioningFailure = (ws: Workspace, endpoint: string, deployment?: string) => {
    const i = provisioningFailures.findIndex(
      (f) =>
        f.left > 0 &&
        (f.workspace === undefined || f.workspace.toLowerCase() === ws.name.toLowerCase()) &&
        (f.endpoint === undefined || f.endpoint === endpoint) &&
        (deployment === undefined ? f.deployment === undefined : f.deployment === deployment)
    );
    if (i < 0) return undefined;
    const f = provisioningFailures[i];
    if (--f.left <= 0) provisioningFailures.splice(i, 1);
    return {
      instance: f.instance,
      code: f.code ?? 'ResourceNotReady',
      message:
        f.message ??
        (deployment
          ? `User container has crashed or terminated: Liveness probe failed (emulated provisioning failure of deployment '${deployment}').`
          : `Endpoint '${endpoint}' provisioning failed (emulated).`)
    };
  };

  const faultFor = (method: string, path: string): Fault | undefined => {
    for (const f of faults) {
      const matches = f.match ? f.match(method, path) : path.toLowerCase().startsWith('/subscriptions/');
      if (!matches) continue;
      if (f.times !== undefined && f.fired >= f.times) continue;
      if (f.ratio !== undefined && faultRandom() >= f.ratio) continue;
      f.fired++;
      return f;
    }
    return undefined;
  };
  const faultReply = (f: Fault): Reply => {
    const codes: Record<number, [string, string]> = {
      429: [
        'TooManyRequests',
        'The request was throttled: too many requests (emulated). Retry after the time in Retry-After.'
      ],
      500: ['InternalServerError', 'An internal server error occurred (emulated).'],
      502: ['BadGateway', 'Bad gateway (emulated).'],
      503: ['ServiceUnavailable', 'The service is temporarily unavailable (emulated).'],
      504: ['GatewayTimeout', 'The gateway timed out (emulated).']
    };
    const [code, message] = codes[f.status] ?? ['Error', `Emulated failure ${f.status}.`];
    const headers: Record<string, string> = {};
    const retry = f.retryAfterSeconds ?? (f.status === 429 || f.status === 503 ? 0 : undefined);
    if (retry !== undefined) headers['retry-after'] = String(retry);
    if (f.retryAfterMs !== undefined) headers['x-ms-retry-after-ms'] = String(f.retryAfterMs);
    return {
      status: f.status,
      body: { error: { code: f.code ?? code, message: f.message ?? message } },
      headers
    };
  };

  const controls: ArmEmulator['faults'] = {
    inject(spec: FaultSpec): FaultHandle {
      const f: Fault = { ...spec, fired: 0 };
      if (f.times === undefined && f.ratio === undefined) f.times = 1;
      faults.push(f);
      return {
        get fired() {
          return f.fired;
        },
        remove() {
          const i = faults.indexOf(f);
          if (i >= 0) faults.splice(i, 1);
        }
      };
    },
    failProvisioning(spec: ProvisioningFailureSpec) {
      provisioningFailures.push({ ...spec, left: spec.times ?? 1 });
    },
    clear() {
      faults.length = 0;
      provisioningFailures.length = 0;
    }
  };

  return { takeProvisioningFailure, faultFor, faultReply, controls };
}

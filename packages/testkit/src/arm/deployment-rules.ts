import { ArmError, userError } from './arm-errors.js';
import type { Deployment, Endpoint, Workspace } from './emulator-types.js';
import type { EmulatorStore } from './store.js';
import { durationMs, normLocation, obj, type Obj } from './values.js';

/**
 * Rules Azure ML enforces on online deployments and endpoints that its REST specification does not express
 * (so neither the spec nor the SDK's mappers catch them). Source: Azure ML's documentation,
 * MicrosoftDocs/azure-ai-docs `articles/machine-learning/how-to-manage-quotas.md` ("Azure Machine Learning
 * online endpoints and batch endpoints" limits, with `includes/quota-allocation-online-deployment.md`) and
 * `reference-managed-online-endpoints-vm-sku-list.md`.
 */

/**
 * The scoring request timeout ceiling ("Max request time-out at endpoint level"): 180 s on a managed
 * endpoint, "unless it's a flow (prompt flow) deployment", whose maximum is 300 s; 300 s on Kubernetes.
 */
export const MAX_REQUEST_TIMEOUT_MS = 180_000;
export const MAX_FLOW_REQUEST_TIMEOUT_MS = 300_000;
export const MAX_KUBERNETES_REQUEST_TIMEOUT_MS = 300_000;
/** A mirrored deployment receives at most 50 % of the traffic, and only one deployment can be mirrored. */
export const MAX_MIRROR_PERCENT = 50;

/** vCPUs of the VM sizes managed online deployments accept (a subset of Azure ML's supported SKU list). */
export const VM_CORES: Record<string, number> = {
  Standard_DS1_v2: 1,
  Standard_DS2_v2: 2,
  Standard_DS3_v2: 4,
  Standard_DS4_v2: 8,
  Standard_DS5_v2: 16,
  Standard_F2s_v2: 2,
  Standard_F4s_v2: 4,
  Standard_F8s_v2: 8,
  Standard_F16s_v2: 16,
  Standard_E2s_v3: 2,
  Standard_E4s_v3: 4,
  Standard_E8s_v3: 8,
  Standard_E16s_v3: 16,
  Standard_NC6s_v3: 6
};

/**
 * Azure ML reserves 20 % extra capacity for upgrades: a deployment of N instances needs
 * `ceil(1.2 × N) × cores` of quota (the documented formula). Some large GPU SKUs skip the reservation;
 * none of the sizes above does (the SKU list's "Skip 20% Reservation" column).
 */
export const quotaNeed = (instanceType: string, instances: number) =>
  Math.ceil(1.2 * instances) * (VM_CORES[instanceType] ?? 0);

const findSku = (t: string) => Object.keys(VM_CORES).find((k) => k.toLowerCase() === t.toLowerCase());

/** Checks a managed / Kubernetes deployment body (`properties`, `sku`) against the service's rules and the quota. */
export function checkDeploymentRules(
  s: EmulatorStore,
  ws: Workspace,
  name: string,
  props: Obj,
  sku: Obj,
  existing: Deployment | undefined
): void {
  const timeout = obj(props.requestSettings).requestTimeout;
  const ms = durationMs(timeout);
  const ceiling =
    props.endpointComputeType === 'Kubernetes'
      ? MAX_KUBERNETES_REQUEST_TIMEOUT_MS
      : isFlowModel(ws, props.model)
        ? MAX_FLOW_REQUEST_TIMEOUT_MS
        : MAX_REQUEST_TIMEOUT_MS;
  if (ms !== undefined && ms > ceiling)
    throw userError(
      `requestSettings.requestTimeout ${String(timeout)} of deployment '${name}' exceeds the maximum of ${ceiling / 1000} seconds.`,
      400,
      [
        {
          code: 'InvalidRequestTimeout',
          target: 'properties.requestSettings.requestTimeout',
          message: 'too long'
        }
      ]
    );
  if (props.endpointComputeType !== 'Managed') return;
  const instanceType = props.instanceType;
  if (typeof instanceType !== 'string' || !instanceType.trim())
    throw userError(`InstanceType is required for managed online deployment '${name}'.`, 400, [
      { code: 'InstanceTypeRequired', target: 'properties.instanceType', message: 'required' }
    ]);
  const skuName = findSku(instanceType);
  if (!skuName)
    throw userError(
      `The instance type '${instanceType}' of deployment '${name}' is not supported for managed online endpoints; supported: ${Object.keys(VM_CORES).join(', ')}.`,
      400,
      [{ code: 'InvalidInstanceType', target: 'properties.instanceType', message: 'unsupported' }]
    );
  const instances = typeof sku.capacity === 'number' ? sku.capacity : 1;
  const need = quotaNeed(skuName, instances);
  const used = usedCores(s, ws, existing);
  if (used + need > s.quotaCores)
    throw new ArmError(
      400,
      'OutOfQuota',
      `Not enough quota available for ${skuName} in subscription ${ws.subscriptionId} (${normLocation(ws.location)}): deployment '${name}' needs ${need} cores (ceil(1.2 × ${instances}) instances × ${VM_CORES[skuName]} cores), ${s.quotaCores - used} of ${s.quotaCores} are free. Request a quota increase or use fewer or smaller instances.`
    );
}

/** A prompt flow deployment: its model is a registered flow (`is-promptflow: true` among the model's properties). */
function isFlowModel(ws: Workspace, model: unknown): boolean {
  const m = typeof model === 'string' ? /\/models\/([^/]+)\/versions\/([^/]+)$/i.exec(model) : null;
  const version = m ? ws.models.get(m[1])?.versions.get(m[2]) : undefined;
  return String(obj(version?.properties.properties)['is-promptflow']).toLowerCase() === 'true';
}

/** Cores the managed deployments of the subscription's region hold, the deployment being replaced excluded. */
function usedCores(s: EmulatorStore, ws: Workspace, except: Deployment | undefined): number {
  let used = 0;
  for (const w of s.workspaces.values()) {
    if (w.subscriptionId.toLowerCase() !== ws.subscriptionId.toLowerCase()) continue;
    if (normLocation(w.location) !== normLocation(ws.location)) continue;
    for (const ep of w.endpoints.values())
      for (const d of ep.deployments.values()) {
        if (d === except || d.provisioningState === 'Deleting') continue;
        const p = obj(d.body.properties);
        if (p.endpointComputeType !== 'Managed' || typeof p.instanceType !== 'string') continue;
        const capacity = obj(d.body.sku).capacity;
        used += quotaNeed(findSku(p.instanceType) ?? '', typeof capacity === 'number' ? capacity : 1);
      }
  }
  return used;
}

/** `properties.mirrorTraffic` of an endpoint: one existing deployment, at most 50 %, and not one that serves live traffic. */
export function checkMirrorTraffic(
  ep: Endpoint | undefined,
  epName: string,
  traffic: Obj,
  mirror: unknown
): void {
  const entries = Object.entries(obj(mirror)).filter(([, v]) => v !== 0);
  if (!entries.length) return;
  const bad = (message: string) =>
    userError(message, 400, [{ code: 'InvalidMirrorTraffic', target: 'properties.mirrorTraffic', message }]);
  if (entries.length > 1)
    throw bad(
      `Only one deployment of endpoint '${epName}' can receive mirrored traffic, got ${entries.length}.`
    );
  const [dep, value] = entries[0];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_MIRROR_PERCENT)
    throw bad(
      `Mirror traffic of deployment '${dep}' must be an integer between 0 and ${MAX_MIRROR_PERCENT}, got ${JSON.stringify(value)}.`
    );
  if (!ep?.deployments.has(dep))
    throw bad(`Mirror traffic names deployment '${dep}', which does not exist in endpoint '${epName}'.`);
  if (typeof traffic[dep] === 'number' && (traffic[dep] as number) > 0)
    throw bad(
      `Deployment '${dep}' receives live traffic (${String(traffic[dep])}%); a deployment can't receive live and mirrored traffic.`
    );
}

/**
 * The release strategy: two alternating slots, named by the deployment's `deployment` and
 * `previous` (the Python template's CURRENT_DEPLOYMENT_NAME / PRIOR_DEPLOYMENT_NAME).
 *
 * Why slots and not version-named deployments: the names stay those the user wrote (dashboards,
 * alerts and `azureml-model-deployment` headers keep working), an endpoint never holds more than
 * two of our deployments (quota and cost stay bounded: Azure bills a deployment at 0 % too), and
 * nothing needs collecting later.
 *
 * - release: the new version goes to the slot that is NOT live (live = the deployment serving the
 *   most traffic), at 0 %; it is smoke-tested alone, then takes the configured share beside the
 *   live one. A canary that still holds a share (an unpromoted earlier release) gives it back to
 *   the live deployment first, and is replaced.
 * - promote: the newest release takes 100 %; the other slot is kept at 0 % (quick rollback) or
 *   deleted, per `keepPrevious`.
 * - rollback: the deployment the newest release displaced takes 100 % again; the newest is kept at
 *   0 % (the next release replaces it).
 *
 * Each deployment carries two tags: `SPEC_TAG`, a hash of what it serves (model version and
 * settings), which makes a release of what is already live a no-op, and `RELEASED_TAG`, when it
 * was released, which says which slot holds the newest release.
 *
 * Everything here is pure: it reads an endpoint's state and says what to do.
 */
import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';
import type { DeploymentSpec, DeploymentState, EndpointState } from './targets.js';

export const SPEC_TAG = 'genaiops.spec';
export const RELEASED_TAG = 'genaiops.released';

export interface Slots {
  /** The slot a first release goes to (`deployment` in the config). */
  deployment: string;
  /** The other slot (`previous`); none: the release updates `deployment` in place. */
  previous?: string;
}

export type Traffic = Record<string, number>;

/** One deployment as the reports show it. */
export interface DeploymentView {
  name: string;
  /** `name:version` of the flow it serves, when known. */
  model?: string;
  traffic: number;
  state: string;
}

/** Hash of what a deployment serves (not its name, tags or description): equal hashes serve the same. */
export function specHash(spec: DeploymentSpec): string {
  const served = {
    model: spec.model,
    environmentVariables: spec.environmentVariables,
    instanceType: spec.instanceType,
    instanceCount: spec.instanceCount,
    kubernetes: spec.kubernetes,
    requestSettings: spec.requestSettings,
    livenessProbe: spec.livenessProbe,
    readinessProbe: spec.readinessProbe
  };
  return createHash('sha256').update(stableJson(served)).digest('hex').slice(0, 16);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

export function deploymentViews(state: EndpointState | undefined): DeploymentView[] {
  return (state?.deployments ?? []).map((d) => ({
    name: d.name,
    model: d.model ? `${d.model.name}:${d.model.version}` : undefined,
    traffic: state?.traffic[d.name] ?? 0,
    state: d.provisioningState
  }));
}

export const formatTraffic = (t: Traffic): string =>
  Object.keys(t).length
    ? `{${Object.entries(t)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}}`
    : '{} (no deployments)';

/** Deployments, newest release first: release time tag, then model version, then less traffic. */
function newestFirst(deps: DeploymentState[], traffic: Traffic): DeploymentState[] {
  const version = (d: DeploymentState) => Number(d.model?.version ?? NaN);
  return [...deps].sort((a, b) => {
    const ta = a.tags?.[RELEASED_TAG] ?? '';
    const tb = b.tags?.[RELEASED_TAG] ?? '';
    if (ta !== tb) return ta < tb ? 1 : -1;
    const va = version(a);
    const vb = version(b);
    if (va !== vb && !Number.isNaN(va) && !Number.isNaN(vb)) return vb - va;
    return (traffic[a.name] ?? 0) - (traffic[b.name] ?? 0);
  });
}

/** The deployment serving the most traffic (on a tie, the older release), or undefined when none serves any. */
export function liveDeployment(state: EndpointState | undefined): DeploymentState | undefined {
  if (!state) return undefined;
  const serving = state.deployments.filter((d) => (state.traffic[d.name] ?? 0) > 0);
  const most = Math.max(0, ...serving.map((d) => state.traffic[d.name]));
  const top = serving.filter((d) => state.traffic[d.name] === most);
  return newestFirst(top, state.traffic).at(-1);
}

const describe = (d: DeploymentState, traffic: Traffic) =>
  `"${d.name}"${d.model ? ` (${d.model.name}:${d.model.version})` : ''} at ${traffic[d.name] ?? 0}%`;

const sameTraffic = (now: Traffic, want: Traffic) =>
  Object.keys({ ...now, ...want }).every((k) => (now[k] ?? 0) === (want[k] ?? 0));

export type ReleasePlan =
  | { kind: 'none'; reason: string; deployment: string }
  | {
      kind: 'release';
      /** The slot the new version goes to. */
      target: string;
      /** The deployment that keeps serving beside it, if any. */
      live?: string;
      /** The target is the live deployment itself (no second slot): updated in place. */
      inPlace: boolean;
      /** Traffic to set before the target is touched (its share back to the live one), if any. */
      drain?: Traffic;
      /** Traffic once the new version passed its smoke test. */
      final: Traffic;
    };

/** What a release of `hash` does on an endpoint in `state` (undefined: the endpoint does not exist). */
export function planRelease(
  state: EndpointState | undefined,
  slots: Slots,
  share: number,
  hash: string,
  force = false
): ReleasePlan {
  const traffic = state?.traffic ?? {};
  const deps = state?.deployments ?? [];
  const live = liveDeployment(state);
  if (!force && live && live.tags?.[SPEC_TAG] === hash)
    return {
      kind: 'none',
      deployment: live.name,
      reason: `this release is already live: ${describe(live, traffic)} serves the same version and settings; nothing to do`
    };
  let target = slots.deployment;
  if (slots.previous !== undefined) {
    const free = [slots.deployment, slots.previous].filter((n) => n !== live?.name);
    // the slot with less traffic (config order on a tie): the live one is never chosen
    target = free.sort((a, b) => (traffic[a] ?? 0) - (traffic[b] ?? 0))[0];
  }
  const inPlace = target === live?.name;
  const beside = inPlace ? undefined : live?.name;
  const final: Traffic =
    beside && share < 100 ? { [target]: share, [beside]: 100 - share } : { [target]: 100 };
  const current = deps.find((d) => d.name === target);
  if (
    !force &&
    current?.tags?.[SPEC_TAG] === hash &&
    current.provisioningState === 'Succeeded' &&
    sameTraffic(traffic, final)
  )
    return {
      kind: 'none',
      deployment: target,
      reason: `this release is already out: ${describe(current, traffic)}${beside ? ` beside "${beside}" at ${traffic[beside]}%` : ''}; nothing to do`
    };
  const held = traffic[target] ?? 0;
  const drain =
    beside && held > 0 ? { ...traffic, [target]: 0, [beside]: (traffic[beside] ?? 0) + held } : undefined;
  return { kind: 'release', target, live: beside, inPlace, drain, final };
}

export type SwitchPlan =
  | { kind: 'none'; reason: string; deployment: string; remove?: string }
  | {
      kind: 'switch';
      /** The deployment that takes 100 %. */
      deployment: string;
      final: Traffic;
      /** A deployment to delete afterwards (promote with keepPrevious false). */
      remove?: string;
    };

/** The slot deployments that exist, newest release first. */
function slotDeployments(state: EndpointState, slots: Slots, what: string): DeploymentState[] {
  const names = [slots.deployment, slots.previous].filter((n): n is string => !!n);
  const found = newestFirst(
    state.deployments.filter((d) => names.includes(d.name)),
    state.traffic
  );
  if (!found.length)
    throw new UserError(
      `endpoint "${state.name}" has no deployment ${names.map((n) => `"${n}"`).join(' or ')}: nothing to ${what}; release first`
    );
  return found;
}

function requireReady(d: DeploymentState, what: string): void {
  if (d.provisioningState !== 'Succeeded')
    throw new UserError(
      `cannot ${what}: deployment "${d.name}" is ${d.provisioningState}; release again or fix it first`
    );
}

/** Promote: the newest release takes 100 %; the other slot is kept at 0 % or deleted. */
export function planPromote(
  state: EndpointState,
  slots: Slots,
  opts: { keepPrevious: boolean; share: number }
): SwitchPlan {
  const [newest, other] = slotDeployments(state, slots, 'promote');
  const t = state.traffic;
  const remove = !opts.keepPrevious && other ? other.name : undefined;
  if ((t[newest.name] ?? 0) === 100)
    return {
      kind: 'none',
      deployment: newest.name,
      remove,
      reason: `${describe(newest, t)} already serves all the traffic; nothing to promote`
    };
  requireReady(newest, 'promote');
  if ((t[newest.name] ?? 0) === 0 && opts.share > 0)
    throw new UserError(
      `cannot promote ${describe(newest, t)}: the newest release holds no traffic (its release did not finish, or it was rolled back); release again`
    );
  return { kind: 'switch', deployment: newest.name, final: { [newest.name]: 100 }, remove };
}

/** Rollback: the deployment the newest release displaced takes 100 % again. */
export function planRollback(state: EndpointState, slots: Slots): SwitchPlan {
  const [newest] = slotDeployments(state, slots, 'roll back');
  const t = state.traffic;
  const others = state.deployments.filter((d) => d.name !== newest.name);
  const serving = others.filter((d) => (t[d.name] ?? 0) > 0);
  const back = serving.length
    ? serving.sort((a, b) => t[b.name] - t[a.name])[0]
    : newestFirst(
        others.filter((d) => d.name === slots.deployment || d.name === slots.previous),
        t
      )[0];
  if (!back)
    throw new UserError(
      `cannot roll back: endpoint "${state.name}" has no deployment besides ${describe(newest, t)} (the previous one was deleted at promote, or there was only one release)`
    );
  if ((t[newest.name] ?? 0) === 0 && (t[back.name] ?? 0) === 100)
    return {
      kind: 'none',
      deployment: back.name,
      reason: `${describe(back, t)} already serves all the traffic and the newest release ${describe(newest, t)} none; nothing to roll back`
    };
  requireReady(back, 'roll back');
  return { kind: 'switch', deployment: back.name, final: { [back.name]: 100 } };
}

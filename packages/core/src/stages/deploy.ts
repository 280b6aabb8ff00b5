/**
 * The deploy stage: a release of the registered flow version to an online endpoint (the strategy
 * is in `release-plan.ts`; `promote` and `rollback` finish it, in `promote-rollback.ts`).
 *
 * 1. Everything is checked before any change: names, traffic, instance settings, the sample
 *    request, the model version. A release of what is already out does nothing and says so.
 * 2. The endpoint is created when missing (key auth, system-assigned identity), access granted.
 * 3. The new version goes to the slot that is not live, at 0 % traffic; the live deployment is
 *    never touched.
 * 4. It is smoke-tested alone (deployment header).
 * 5. Only then it takes its configured share beside the live deployment (all of it on a first release).
 * If 3–5 fail, the traffic entries this deploy changed are put back, unless someone changed the
 * traffic since (compare-and-set, deploy-guard.ts), and the stage throws a UserError saying what
 * failed and what the traffic is now. One deploy per endpoint runs at a time (a lease: a lock file
 * on the local target, a tag on the Azure endpoint); a second one waits.
 */
import type { DeploymentConfig, DeploymentTarget } from '../config/model.js';
import { UserError } from '../errors.js';
import type { EnvironmentPlan } from '../plan/plan.js';
import type { Reporter } from '../reporter.js';
import {
  checkScoring,
  declaredOutputs,
  readSampleRequest,
  smokeSummary,
  type SmokeCheckResult,
  type SmokeRetry
} from './smoke-test.js';
import { acquireDeployLease, rollbackTraffic } from './deploy-guard.js';
import {
  formatTraffic,
  liveDeployment,
  planRelease,
  RELEASED_TAG,
  SPEC_TAG,
  specHash,
  type DeploymentView,
  type ReleasePlan
} from './release-plan.js';
import { describeDeployments, releaseReport } from './release-report.js';
import {
  flowModelName,
  openStage,
  type DeploymentSpec,
  type EndpointState,
  type EndpointTarget,
  type EnsureEndpoint,
  type HeldLease,
  type ProbeSettings,
  type TargetStageContext,
  type TargetStageOptions
} from './targets.js';

export const DEFAULT_REQUEST_SETTINGS = { requestTimeoutMs: 90_000, maxConcurrentRequestsPerInstance: 10 };
/** Azure ML's defaults for online deployments. */
export const DEFAULT_LIVENESS_PROBE: ProbeSettings = {
  initialDelaySeconds: 10,
  periodSeconds: 10,
  timeoutSeconds: 2,
  failureThreshold: 30,
  successThreshold: 1
};
export const DEFAULT_READINESS_PROBE: ProbeSettings = {
  initialDelaySeconds: 10,
  periodSeconds: 10,
  timeoutSeconds: 2,
  failureThreshold: 30,
  successThreshold: 1
};

export type DeploymentOverrides = Partial<
  Pick<
    DeploymentConfig,
    | 'endpoint'
    | 'deployment'
    | 'previous'
    | 'traffic'
    | 'keepPrevious'
    | 'instanceType'
    | 'instanceCount'
    | 'sampleRequest'
    | 'description'
  >
>;

export interface DeployOptions extends TargetStageOptions {
  /** Flow version to deploy (default: the latest registered). */
  modelVersion?: string;
  /** Model name (default `<use-case>_<env>`). */
  modelName?: string;
  /** Replace fields of the environment's deployment (CLI flags; `previous: ''` means none). */
  overrides?: DeploymentOverrides;
  /** Output values the smoke test of the new deployment must see. */
  expected?: Record<string, unknown>;
  /** Local target: how long to wait for another deploy of the endpoint (default 600 000 ms). */
  lockWaitMs?: number;
  smokeRetry?: Partial<SmokeRetry>;
  /** Release even when the same version and settings are already out (a rehearsal, a redeploy). */
  force?: boolean;
  requestSettings?: Partial<DeploymentSpec['requestSettings']>;
  livenessProbe?: ProbeSettings;
  readinessProbe?: ProbeSettings;
  /** After the smoke test, before traffic moves: a failure rolls back like a failed smoke test
   * (the endpoint integration test, see integration-test.ts). */
  afterSmokeTest?: (call: {
    endpoints: EndpointTarget;
    endpoint: string;
    deployment: string;
  }) => Promise<{ passed: boolean; failures: string[] }>;
}

export interface DeployResult {
  plan: EnvironmentPlan;
  target: DeploymentTarget;
  operation: 'release' | 'promote' | 'rollback';
  /** false when there was nothing to do (the release already out, nothing to promote…). */
  changed: boolean;
  /** What happened, in one sentence. */
  message: string;
  endpoint: string;
  /** The deployment released (or promoted, or rolled back to). */
  deployment: string;
  /** The flow version released (release only). */
  model?: { name: string; version: string };
  scoringUri: string;
  /** Traffic before the operation and after it. */
  trafficBefore: Record<string, number>;
  traffic: Record<string, number>;
  /** The endpoint's deployments, their versions and traffic, before and after. */
  deploymentsBefore: DeploymentView[];
  deploymentsAfter: DeploymentView[];
  /** The smoke test of the deployment alone (release and promote, when they changed something). */
  smoke?: SmokeCheckResult;
  endpointCreated: boolean;
}

const NAME = /^[A-Za-z][A-Za-z0-9-]{1,31}$/;

/** Checks a deployment (config plus overrides) for what the stage needs; every problem in one UserError. */
export function checkDeploymentInput(d: DeploymentConfig, kind: DeploymentTarget): void {
  const problems: string[] = [];
  const name = (what: string, v: string | undefined, required: boolean) => {
    if (v === undefined || v.trim() === '') {
      if (required) problems.push(`${what} name is missing`);
    } else if (!NAME.test(v) || v.endsWith('-'))
      problems.push(`${what} name "${v}": expected 3–32 letters, digits or '-', starting with a letter`);
  };
  name('endpoint', d.endpoint, true);
  name('deployment', d.deployment, true);
  name('previous deployment', d.previous, false);
  if (d.previous && d.previous === d.deployment)
    problems.push(
      `previous deployment "${d.previous}" is also "deployment": the two slots need two names (e.g. "blue" and "green")`
    );
  if (typeof d.traffic !== 'number' || !Number.isInteger(d.traffic) || d.traffic < 0 || d.traffic > 100)
    problems.push(
      `traffic ${JSON.stringify(d.traffic)} is out of range: expected a whole percent from 0 to 100`
    );
  else if (!d.previous && d.traffic !== 100)
    problems.push(
      `traffic ${d.traffic} with no previous deployment does not sum to 100 (${100 - d.traffic}% would go nowhere): set "previous" or make it 100`
    );
  if (d.instanceType !== undefined && d.instanceType.trim() === '')
    problems.push('instance type is empty: give a VM size such as "Standard_DS3_v2"');
  if (kind === 'managed' && !d.instanceType)
    problems.push('a managed deployment needs an instance type (e.g. "Standard_DS3_v2")');
  if (kind === 'kubernetes' && !d.compute)
    problems.push('a kubernetes deployment needs "compute" (the attached Kubernetes compute)');
  if (!Number.isInteger(d.instanceCount) || d.instanceCount < 1)
    problems.push(`instance count ${JSON.stringify(d.instanceCount)}: expected a whole number ≥ 1`);
  if (!d.sampleRequest || d.sampleRequest.trim() === '') problems.push('sample request file is missing');
  if (problems.length)
    throw new UserError(`deployment refused before any change:\n- ${problems.join('\n- ')}`);
}

/** The environment's deployment with the caller's overrides applied (`previous: ''` means none). */
export function effectiveDeployment(ctx: TargetStageContext, opts: DeployOptions): DeploymentConfig {
  if (!ctx.plan.deployment)
    throw new UserError(
      `environment "${opts.env}" of ${ctx.useCase.config.name} has no "deployment" section`
    );
  const d: DeploymentConfig = {
    ...ctx.plan.deployment,
    ...Object.fromEntries(Object.entries({ ...opts.overrides }).filter(([, v]) => v !== undefined))
  };
  if (d.previous === '') d.previous = undefined;
  return d;
}

/**
 * A release (see `release-plan.ts`): the new version into the slot that is not live, at 0 %,
 * smoke-tested alone, then at its configured share. Checks everything before any change; on a
 * failure after a change, the traffic is put back (the live deployment's share as before, a
 * replaced canary's share with the live one) and a UserError says what failed and the traffic now.
 */
export async function deploy(opts: DeployOptions, reporter: Reporter): Promise<DeployResult> {
  const ctx = await openStage(opts, reporter);
  let lease: HeldLease | undefined;
  try {
    const { plan, kind } = ctx;
    const d = effectiveDeployment(ctx, opts);
    const endpoints = ctx.target.endpoints;

    // ---- 1. checks, before any change ------------------------------------------------------------
    const release = await prepareRelease(ctx, opts, d);
    const { model, hash } = release;
    const endpointSpec = releaseEndpointSpec(ctx, opts, d);
    const planNow = async () => {
      const state = await endpoints.getEndpoint(d.endpoint);
      const slots = { deployment: d.deployment, previous: d.previous };
      return { existing: state, step: planRelease(state, slots, d.traffic, hash, opts.force) };
    };
    let { existing, step } = await planNow();
    // one deploy per endpoint at a time: a release with something to do takes the endpoint's lease
    // (a missing endpoint is created with it) and plans again on the state read under it
    if (step.kind !== 'none') {
      lease = await acquireDeployLease(ctx, {
        endpoint: d.endpoint,
        waitMs: opts.lockWaitMs,
        reporter,
        create: endpointSpec
      });
      ({ existing, step } = await planNow());
      if (lease.created) existing = undefined; // the lease made it: report it as created
    }
    const report = (changed: boolean, message: string, after = existing, smoke?: SmokeCheckResult) =>
      releaseReport(reporter, {
        plan,
        target: kind,
        operation: 'release',
        changed,
        message,
        endpoint: d.endpoint,
        deployment: step.kind === 'none' ? step.deployment : step.target,
        model,
        before: existing,
        after,
        smoke,
        endpointCreated: !existing
      });
    reporter.info(`endpoint ${d.endpoint} before: ${describeDeployments(existing)}`);
    if (step.kind === 'none') {
      reporter.info(step.reason);
      return report(false, step.reason);
    }
    announceRelease(ctx, d, release, step, existing, reporter);

    // ---- 2. the endpoint -----------------------------------------------------------------------------
    const ep = await ensureReleaseEndpoint(ctx, d, endpointSpec, reporter);

    // ---- 3–5. rollout, with rollback --------------------------------------------------------------
    const { after, smoke } = await rollout({ ctx, opts, d, release, step, ep, lease }, reporter);
    return report(
      true,
      `released ${model.name}:${model.version} as "${step.target}": traffic ${formatTraffic(after?.traffic ?? step.final)}`,
      after ?? ep,
      smoke
    );
  } finally {
    await lease?.release();
    await ctx.close();
  }
}

/** What a release needs, read and checked before any change: the sample request, the model version, the spec and its hash. */
interface PreparedRelease {
  body: unknown;
  outputs: string[];
  model: { name: string; version: string };
  spec: DeploymentSpec;
  hash: string;
}

type Release = Extract<ReleasePlan, { kind: 'release' }>;

/** Everything a rollout works with. */
interface RolloutState {
  ctx: TargetStageContext;
  opts: DeployOptions;
  d: DeploymentConfig;
  release: PreparedRelease;
  step: Release;
  /** The endpoint as ensured, before the rollout. */
  ep: EndpointState;
  lease: HeldLease | undefined;
}

async function prepareRelease(
  ctx: TargetStageContext,
  opts: DeployOptions,
  d: DeploymentConfig
): Promise<PreparedRelease> {
  const { useCase, kind } = ctx;
  const envConfig = useCase.config.environments[opts.env];
  checkDeploymentInput(d, kind);
  const body = readSampleRequest(useCase, d.sampleRequest);
  const outputs = declaredOutputs(useCase, ctx.root);
  const modelName = opts.modelName ?? flowModelName(useCase.config.name, opts.env);
  const version = await resolveVersion(ctx, modelName, opts.modelVersion);
  const model = { name: modelName, version };
  // named after the slot once the plan has chosen it (the name is not part of the spec hash)
  const spec: DeploymentSpec = {
    endpoint: d.endpoint,
    name: d.deployment,
    description: d.description,
    model,
    environmentVariables: {
      ...envConfig.environmentVariables,
      ...d.environmentVariables,
      PROMPTFLOW_RUN_MODE: 'serving'
    },
    instanceType: d.instanceType,
    instanceCount: d.instanceCount,
    kubernetes: kind === 'kubernetes' ? { compute: d.compute, cpu: d.cpu, memory: d.memory } : undefined,
    requestSettings: { ...DEFAULT_REQUEST_SETTINGS, ...opts.requestSettings },
    requestLog: d.requestLog,
    livenessProbe: opts.livenessProbe ?? DEFAULT_LIVENESS_PROBE,
    readinessProbe: opts.readinessProbe ?? DEFAULT_READINESS_PROBE,
    tags: { usecase: useCase.config.name, env: opts.env, model: `${modelName}:${version}` }
  };
  const hash = specHash(spec);
  return { body, outputs, model, spec, hash };
}

/** Says what the release will do (and warns about an in-place update). */
function announceRelease(
  ctx: TargetStageContext,
  d: DeploymentConfig,
  release: PreparedRelease,
  step: Release,
  existing: EndpointState | undefined,
  reporter: Reporter
): void {
  const { kind } = ctx;
  const { name: modelName, version } = release.model;
  if (step.inPlace)
    reporter.warn(
      `"${step.target}" is live and there is no second slot ("previous") to release into: it is updated in place, and a failure cannot give its old version back`
    );
  if (!liveDeployment(existing))
    reporter.info(
      `first release on endpoint ${d.endpoint} (no deployment serves traffic): "${step.target}" takes all of it once its smoke test passes`
    );
  reporter.info(
    `releasing flow ${modelName}:${version} to ${kind} endpoint ${d.endpoint} as "${step.target}"${step.live ? ` beside the live "${step.live}"` : ''}; target traffic ${formatTraffic(step.final)}`
  );
}

/** The endpoint as a release creates it when missing. */
function releaseEndpointSpec(
  ctx: TargetStageContext,
  opts: DeployOptions,
  d: DeploymentConfig
): EnsureEndpoint {
  return {
    name: d.endpoint,
    description: d.endpointDescription,
    authMode: 'key',
    identity: 'SystemAssigned',
    tags: { usecase: ctx.useCase.config.name, env: opts.env }
  };
}

/** The endpoint, created when missing, with its access granted. */
async function ensureReleaseEndpoint(
  ctx: TargetStageContext,
  d: DeploymentConfig,
  spec: EnsureEndpoint,
  reporter: Reporter
): Promise<EndpointState> {
  const endpoints = ctx.target.endpoints;
  return reporter.group(`endpoint ${d.endpoint}`, async () => {
    const state = await endpoints.ensureEndpoint(spec);
    if (endpoints.grantAccess) await endpoints.grantAccess(d.endpoint);
    return state;
  });
}

/**
 * Drain (if a canary is replaced), the new deployment at 0 %, its smoke and integration tests,
 * then the final traffic; on a failure the traffic this deploy changed is put back and a
 * UserError says so.
 */
async function rollout(
  state: RolloutState,
  reporter: Reporter
): Promise<{ after: EndpointState | undefined; smoke: SmokeCheckResult }> {
  const { ctx, opts, d, release, step, ep, lease } = state;
  const { body, outputs, spec, hash } = release;
  const { name: modelName, version } = release.model;
  const endpoints = ctx.target.endpoints;
  const before: Record<string, number> = { ...ep.traffic };

  // What to put back on a failure: the traffic as it was until the target is touched; after
  // that, the drained map (a replaced canary must not get its share back with a new version).
  let restoreTo: Record<string, number> | undefined;
  let ours: Record<string, number> = { ...before }; // the traffic this deploy last set
  let attempted: Record<string, number> | undefined; // a change that failed, and may have applied
  const setTraffic = async (t: Record<string, number>) => {
    lease?.check();
    attempted = t;
    await endpoints.setTraffic(d.endpoint, t, { leaseToken: lease?.token || undefined });
    ours = t;
    attempted = undefined;
  };
  const fail = async (what: string): Promise<never> => {
    let restored: string;
    if (!restoreTo) restored = `traffic unchanged: ${formatTraffic(before)}`;
    else
      try {
        // compare-and-set: only what this deploy changed, only if no one changed it since
        const undo = await rollbackTraffic({
          endpoints,
          endpoint: d.endpoint,
          before: restoreTo,
          ours,
          attempted
        });
        if (undo.action === 'conflict')
          restored = `traffic NOT restored: it was changed by someone else since this deploy set it (now ${formatTraffic(undo.now)})`;
        else {
          const now = (await endpoints.getEndpoint(d.endpoint))?.traffic ?? {};
          restored = `traffic restored to ${formatTraffic(pick(now, before))}`;
        }
      } catch (e) {
        restored = `COULD NOT restore the traffic (${(e as Error).message}); set it back by hand to ${formatTraffic(restoreTo)}`;
      }
    reporter.error(`${what}; ${restored}`);
    throw new UserError(`deploy ${d.endpoint}/${step.target} failed: ${what}; ${restored}`);
  };

  if (step.drain) {
    reporter.info(
      `"${step.target}" holds ${before[step.target]}% from an unpromoted release and is replaced: its share goes back to "${step.live}" first: ${formatTraffic(step.drain)}`
    );
    restoreTo = before;
    try {
      await setTraffic(step.drain);
    } catch (e) {
      await fail(`moving traffic off "${step.target}" failed: ${(e as Error).message}`);
    }
  }

  restoreTo = step.drain ?? before; // a target might route to a new deployment on its own
  try {
    await reporter.group(`deployment ${step.target} (${modelName}:${version}) at 0% traffic`, () =>
      endpoints.createOrUpdateDeployment({
        ...spec,
        name: step.target,
        tags: { ...spec.tags, [SPEC_TAG]: hash, [RELEASED_TAG]: new Date().toISOString() }
      })
    );
  } catch (e) {
    await fail(`deployment "${step.target}" could not be created: ${(e as Error).message}`);
  }

  const smoke = await reporter.group(`smoke test of "${step.target}" alone`, () =>
    checkScoring(
      endpoints,
      d.endpoint,
      { deployment: step.target, body, outputs, expected: opts.expected, retry: opts.smokeRetry },
      reporter
    )
  );
  reporter.summary(smokeSummary(`Smoke test of the new deployment ${d.endpoint}/${step.target}`, smoke));
  if (!smoke.passed) await fail(`smoke test of "${step.target}" failed: ${smoke.failures.join('; ')}`);
  if (opts.afterSmokeTest) {
    const check = await opts
      .afterSmokeTest({ endpoints, endpoint: d.endpoint, deployment: step.target })
      .catch((e: Error) => ({ passed: false, failures: [e.message] }));
    if (!check.passed)
      await fail(`integration test of "${step.target}" failed: ${check.failures.join('; ')}`);
  }

  try {
    await setTraffic(step.final);
  } catch (e) {
    await fail(`traffic update to ${formatTraffic(step.final)} failed: ${(e as Error).message}`);
  }
  const after = await endpoints.getEndpoint(d.endpoint);
  return { after, smoke };
}

async function resolveVersion(ctx: TargetStageContext, modelName: string, wanted?: string): Promise<string> {
  const version = wanted?.trim() || undefined;
  const registry = ctx.target.registry;
  if (version) {
    if (await registry.getFlowVersion(modelName, version)) return version;
    const latest = await registry.latestFlowVersion(modelName);
    throw new UserError(
      `unknown model version: flow ${modelName} has no version "${version}" (${latest ? `latest is ${latest.version}` : 'none is registered; run register first'})`
    );
  }
  const latest = await registry.latestFlowVersion(modelName);
  if (!latest)
    throw new UserError(
      `flow ${modelName} has no registered version (${ctx.kind} target): run register first`
    );
  return latest.version;
}

/** `now` restricted to the deployments that had traffic entries before, plus any with traffic now. */
function pick(now: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(now)) if (k in before || v > 0) out[k] = v;
  return out;
}

/**
 * The deploy stage: the registered flow version to an online endpoint, with a safe A/B rollout.
 *
 * 1. Everything is checked before any change: names, traffic, instance settings, the sample
 *    request, the model version, and that `previous` exists on the endpoint.
 * 2. The endpoint is created when missing (key auth, system-assigned identity), access granted.
 * 3. The new deployment is created (or updated) at 0 % traffic; the rest of the split is untouched
 *    (when the deployment being updated holds traffic, that share moves to `previous` first).
 * 4. It is smoke-tested alone (deployment header).
 * 5. Only then the traffic becomes `{ current: X, previous: 100 − X }` (every other deployment 0),
 *    or `{ current: 100 }` on a first rollout.
 * If 3–5 fail, the traffic is put back exactly as it was before and the stage throws a UserError
 * saying what failed and what the traffic is now.
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
import {
  flowModelName,
  openStage,
  type DeploymentSpec,
  type EndpointState,
  type EndpointTarget,
  type ProbeSettings,
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
  smokeRetry?: Partial<SmokeRetry>;
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
  endpoint: string;
  deployment: string;
  model: { name: string; version: string };
  scoringUri: string;
  /** Traffic before the rollout and after it. */
  trafficBefore: Record<string, number>;
  traffic: Record<string, number>;
  smoke: SmokeCheckResult;
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
    problems.push(`previous deployment "${d.previous}" is the deployment being made; name another one`);
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

const fmt = (t: Record<string, number>) =>
  Object.keys(t).length
    ? `{${Object.entries(t)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}}`
    : '{} (no deployments)';

export async function deploy(opts: DeployOptions, reporter: Reporter): Promise<DeployResult> {
  const ctx = await openStage(opts, reporter);
  try {
    const { plan, useCase, kind } = ctx;
    if (!plan.deployment)
      throw new UserError(`environment "${opts.env}" of ${useCase.config.name} has no "deployment" section`);
    const ov = { ...opts.overrides };
    const d: DeploymentConfig = {
      ...plan.deployment,
      ...Object.fromEntries(Object.entries(ov).filter(([, v]) => v !== undefined))
    };
    if (d.previous === '') d.previous = undefined;
    const envConfig = useCase.config.environments[opts.env];
    const endpoints = ctx.target.endpoints;

    // ---- 1. checks, before any change ------------------------------------------------------------
    checkDeploymentInput(d, kind);
    const body = readSampleRequest(useCase, d.sampleRequest);
    const outputs = declaredOutputs(useCase, ctx.root);
    const modelName = opts.modelName ?? flowModelName(useCase.config.name, opts.env);
    let version = opts.modelVersion?.trim() || undefined;
    if (version) {
      if (!(await ctx.target.registry.getFlowVersion(modelName, version))) {
        const latest = await ctx.target.registry.latestFlowVersion(modelName);
        throw new UserError(
          `unknown model version: flow ${modelName} has no version "${version}" (${latest ? `latest is ${latest.version}` : 'none is registered; run register first'})`
        );
      }
    } else {
      const latest = await ctx.target.registry.latestFlowVersion(modelName);
      if (!latest)
        throw new UserError(
          `flow ${modelName} has no registered version (${kind} target): run register first`
        );
      version = latest.version;
    }
    const existing = await endpoints.getEndpoint(d.endpoint);
    const others = (existing?.deployments ?? []).map((x) => x.name).filter((n) => n !== d.deployment);
    let previous = d.previous;
    if (previous && !others.includes(previous)) {
      if (others.length)
        throw new UserError(
          `previous deployment "${previous}" does not exist on endpoint "${d.endpoint}" (deployments: ${others.join(', ')}); refused before any change`
        );
      reporter.warn(
        `endpoint "${d.endpoint}" has no deployment "${previous}" yet: first rollout, "${d.deployment}" gets 100% of the traffic`
      );
      previous = undefined;
    }
    const finalTraffic: Record<string, number> = previous
      ? { [d.deployment]: d.traffic, [previous]: 100 - d.traffic }
      : { [d.deployment]: 100 };
    reporter.info(
      `deploying flow ${modelName}:${version} to ${kind} endpoint ${d.endpoint} as "${d.deployment}"; target traffic ${fmt(finalTraffic)}`
    );

    // ---- 2. the endpoint -----------------------------------------------------------------------------
    const endpointCreated = !existing;
    const ep = await reporter.group(`endpoint ${d.endpoint}`, async () => {
      const state = await endpoints.ensureEndpoint({
        name: d.endpoint,
        description: d.endpointDescription,
        authMode: 'key',
        identity: 'SystemAssigned',
        tags: { usecase: useCase.config.name, env: opts.env }
      });
      if (endpoints.grantAccess) await endpoints.grantAccess(d.endpoint);
      return state;
    });
    const before: Record<string, number> = { ...ep.traffic };
    reporter.info(`traffic before: ${fmt(before)}`);

    // ---- 3–5. rollout, with rollback --------------------------------------------------------------
    let touched = false;
    const rollback = async (what: string): Promise<never> => {
      let restored: string;
      if (!touched) restored = `traffic unchanged: ${fmt(before)}`;
      else
        try {
          await endpoints.setTraffic(d.endpoint, before);
          const now = (await endpoints.getEndpoint(d.endpoint))?.traffic ?? {};
          restored = `traffic restored to ${fmt(pick(now, before))}`;
        } catch (e) {
          restored = `COULD NOT restore the traffic (${(e as Error).message}); set it back by hand to ${fmt(before)}`;
        }
      reporter.error(`${what}; ${restored}`);
      throw new UserError(`deploy ${d.endpoint}/${d.deployment} failed: ${what}; ${restored}`);
    };

    const current = before[d.deployment] ?? 0;
    if (current > 0) {
      if (previous) {
        const drained = { ...before, [d.deployment]: 0, [previous]: (before[previous] ?? 0) + current };
        reporter.info(
          `"${d.deployment}" holds ${current}% and is being replaced: moving its share to "${previous}" first: ${fmt(drained)}`
        );
        touched = true;
        try {
          await endpoints.setTraffic(d.endpoint, drained);
        } catch (e) {
          await rollback(`moving traffic off "${d.deployment}" failed: ${(e as Error).message}`);
        }
      } else
        reporter.warn(
          `"${d.deployment}" holds ${current}% of the traffic and there is no previous deployment to take it: it is updated in place`
        );
    }

    const spec: DeploymentSpec = {
      endpoint: d.endpoint,
      name: d.deployment,
      description: d.description,
      model: { name: modelName, version },
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
    touched = true; // a target might route to a new deployment on its own: restore in any case
    try {
      await reporter.group(`deployment ${d.deployment} (${modelName}:${version}) at 0% traffic`, () =>
        endpoints.createOrUpdateDeployment(spec)
      );
    } catch (e) {
      await rollback(`deployment "${d.deployment}" could not be created: ${(e as Error).message}`);
    }

    const smoke = await reporter.group(`smoke test of "${d.deployment}" alone`, () =>
      checkScoring(
        endpoints,
        d.endpoint,
        { deployment: d.deployment, body, outputs, expected: opts.expected, retry: opts.smokeRetry },
        reporter
      )
    );
    reporter.summary(smokeSummary(`Smoke test of the new deployment ${d.endpoint}/${d.deployment}`, smoke));
    if (!smoke.passed) await rollback(`smoke test of "${d.deployment}" failed: ${smoke.failures.join('; ')}`);
    if (opts.afterSmokeTest) {
      const check = await opts
        .afterSmokeTest({ endpoints, endpoint: d.endpoint, deployment: d.deployment })
        .catch((e: Error) => ({ passed: false, failures: [e.message] }));
      if (!check.passed)
        await rollback(`integration test of "${d.deployment}" failed: ${check.failures.join('; ')}`);
    }

    try {
      await endpoints.setTraffic(d.endpoint, finalTraffic);
    } catch (e) {
      await rollback(`traffic update to ${fmt(finalTraffic)} failed: ${(e as Error).message}`);
    }

    const after = await endpoints.getEndpoint(d.endpoint);
    const traffic = after?.traffic ?? finalTraffic;
    reporter.info(`traffic now: ${fmt(traffic)}`);
    reporter.summary(
      deploySummary(d.endpoint, d.deployment, `${modelName}:${version}`, kind, before, traffic)
    );
    return {
      plan,
      target: kind,
      endpoint: d.endpoint,
      deployment: d.deployment,
      model: { name: modelName, version },
      scoringUri: after?.scoringUri ?? ep.scoringUri,
      trafficBefore: before,
      traffic,
      smoke,
      endpointCreated
    };
  } finally {
    await ctx.close();
  }
}

/** `now` restricted to the deployments that had traffic entries before, plus any with traffic now. */
function pick(now: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(now)) if (k in before || v > 0) out[k] = v;
  return out;
}

function deploySummary(
  endpoint: string,
  deployment: string,
  model: string,
  kind: string,
  before: Record<string, number>,
  after: Record<string, number>
): string {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return [
    `### Deploy · ${endpoint}/${deployment} · ${model} (${kind})`,
    '',
    '| deployment | traffic before | traffic after |',
    '|---|---|---|',
    ...names.map((n) => `| ${n} | ${before[n] ?? '–'} | ${after[n] ?? 0} |`),
    ''
  ].join('\n');
}

/** For callers that hold an EndpointTarget: the traffic map of an endpoint, or {} when missing. */
export async function currentTraffic(
  endpoints: EndpointTarget,
  endpoint: string
): Promise<Record<string, number>> {
  const s: EndpointState | undefined = await endpoints.getEndpoint(endpoint);
  return s?.traffic ?? {};
}

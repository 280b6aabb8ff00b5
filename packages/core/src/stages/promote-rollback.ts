/**
 * `promote` and `rollback`: finish a release (see `release-plan.ts`). Both only move traffic (and
 * promote may delete the older slot), so both are safe to run again: a second run finds nothing to
 * do and says so.
 */
import { UserError } from '../errors.js';
import type { Reporter } from '../reporter.js';
import {
  checkDeploymentInput,
  effectiveDeployment,
  type DeployOptions,
  type DeployResult
} from './deploy.js';
import { formatTraffic, planPromote, planRollback, type SwitchPlan } from './release-plan.js';
import { describeDeployments, releaseReport } from './release-report.js';
import {
  checkScoring,
  declaredOutputs,
  readSampleRequest,
  smokeSummary,
  type SmokeCheckResult
} from './smoke-test.js';
import { acquireDeployLease } from './deploy-guard.js';
import { openStage, TrafficConflict, type HeldLease, type TargetStageOptions } from './targets.js';

export interface SwitchOptions extends TargetStageOptions {
  /** Endpoint and slot names instead of the environment's (`previous: ''` means none). */
  overrides?: DeployOptions['overrides'];
  /** Output values the smoke test before a promote must see. */
  expected?: DeployOptions['expected'];
  smokeRetry?: DeployOptions['smokeRetry'];
  /** How long to wait for another deploy of the endpoint (default 600 000 ms). */
  lockWaitMs?: DeployOptions['lockWaitMs'];
}

/** The newest release takes 100 % (after a smoke test of it alone); the older slot is kept at 0 % or deleted (`keepPrevious`). */
export function promote(opts: SwitchOptions, reporter: Reporter): Promise<DeployResult> {
  return switchTraffic('promote', opts, reporter);
}

/** The deployment the newest release displaced takes 100 % again; the newest stays at 0 %. */
export function rollback(opts: SwitchOptions, reporter: Reporter): Promise<DeployResult> {
  return switchTraffic('rollback', opts, reporter);
}

async function switchTraffic(
  operation: 'promote' | 'rollback',
  opts: SwitchOptions,
  reporter: Reporter
): Promise<DeployResult> {
  const ctx = await openStage(opts, reporter);
  let lease: HeldLease | undefined;
  try {
    const d = effectiveDeployment(ctx, opts);
    checkDeploymentInput(d, ctx.kind);
    const endpoints = ctx.target.endpoints;
    const missing = () =>
      new UserError(
        `endpoint "${d.endpoint}" does not exist (${ctx.kind} target): nothing to ${operation}; release first`
      );
    if (!(await endpoints.getEndpoint(d.endpoint))) throw missing();
    // a promote or rollback is a deploy too: one per endpoint at a time, the state read under the lease
    lease = await acquireDeployLease(ctx, { endpoint: d.endpoint, waitMs: opts.lockWaitMs, reporter });
    const before = await endpoints.getEndpoint(d.endpoint);
    if (!before) throw missing();
    reporter.info(`endpoint ${d.endpoint} before: ${describeDeployments(before)}`);
    const slots = { deployment: d.deployment, previous: d.previous };
    const step: SwitchPlan =
      operation === 'promote'
        ? planPromote(before, slots, { keepPrevious: d.keepPrevious, share: d.traffic })
        : planRollback(before, slots);
    const done: string[] = [];
    let smoke: SmokeCheckResult | undefined;
    if (step.kind === 'none') reporter.info(step.reason);
    else {
      if (operation === 'promote') {
        // cheap, and the last chance to refuse before it takes everything
        const body = readSampleRequest(ctx.useCase, d.sampleRequest);
        const outputs = declaredOutputs(ctx.useCase, ctx.root);
        smoke = await reporter.group(`smoke test of "${step.deployment}" alone`, () =>
          checkScoring(
            endpoints,
            d.endpoint,
            { deployment: step.deployment, body, outputs, expected: opts.expected, retry: opts.smokeRetry },
            reporter
          )
        );
        reporter.summary(smokeSummary(`Smoke test of ${d.endpoint}/${step.deployment}`, smoke));
        if (!smoke.passed)
          throw new UserError(
            `promote of ${d.endpoint}/${step.deployment} refused: its smoke test failed: ${smoke.failures.join('; ')}; traffic unchanged: ${formatTraffic(before.traffic)}`
          );
      }
      try {
        // compare-and-set: only over the traffic this plan was made from
        lease.check();
        await endpoints.setTraffic(d.endpoint, step.final, {
          expect: before.traffic,
          leaseToken: lease.token || undefined
        });
      } catch (e) {
        if (e instanceof TrafficConflict)
          throw new UserError(
            `${operation} of ${d.endpoint} refused: its traffic was changed by someone else meanwhile (now ${formatTraffic(e.now)}); traffic left as it is; run ${operation} again`
          );
        const now = (await endpoints.getEndpoint(d.endpoint).catch(() => undefined))?.traffic;
        throw new UserError(
          `${operation} of ${d.endpoint} failed: traffic update to ${formatTraffic(step.final)}: ${(e as Error).message}; traffic now ${now ? formatTraffic(now) : 'unknown'}; run ${operation} again`
        );
      }
      done.push(`"${step.deployment}" serves all the traffic`);
    }
    if (step.remove) {
      try {
        await endpoints.deleteDeployment(d.endpoint, step.remove);
        done.push(`"${step.remove}" deleted (keepPrevious is false)`);
      } catch (e) {
        reporter.warn(
          `could not delete "${step.remove}" (${(e as Error).message}); run promote again to delete it`
        );
      }
    }
    const after = done.length ? await endpoints.getEndpoint(d.endpoint) : before;
    return releaseReport(reporter, {
      plan: ctx.plan,
      target: ctx.kind,
      operation,
      changed: done.length > 0,
      message: done.length
        ? `${operation === 'promote' ? 'promoted' : 'rolled back'}: ${done.join('; ')}`
        : step.kind === 'none'
          ? step.reason
          : '',
      endpoint: d.endpoint,
      deployment: step.deployment,
      before,
      after,
      smoke,
      endpointCreated: false
    });
  } finally {
    await lease?.release();
    await ctx.close();
  }
}

// The release strategy's decisions, on endpoint states as the targets report them.
import path from 'node:path';
import { loadUseCase } from '../../src/config/load.js';
import { isUserError } from '../../src/errors.js';
import {
  liveDeployment,
  planPromote,
  planRelease,
  planRollback,
  RELEASED_TAG,
  SPEC_TAG
} from '../../src/stages/release-plan.js';
import type { EndpointState } from '../../src/stages/targets.js';

const SLOTS = { deployment: 'blue', previous: 'green' };

/** An endpoint: `name: [version, traffic, released-at order, spec hash?]`. */
function endpoint(
  deps: Record<string, [string, number, number, string?]>,
  states: Record<string, string> = {}
): EndpointState {
  return {
    name: 'ep',
    scoringUri: 'http://x/score',
    authMode: 'key',
    traffic: Object.fromEntries(Object.entries(deps).map(([n, [, t]]) => [n, t])),
    deployments: Object.entries(deps).map(([name, [version, , order, hash]]) => ({
      name,
      model: { name: 'flow', version },
      provisioningState: states[name] ?? 'Succeeded',
      tags: {
        [RELEASED_TAG]: new Date(Date.UTC(2026, 0, 1, 0, order)).toISOString(),
        ...(hash ? { [SPEC_TAG]: hash } : {})
      }
    }))
  };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(isUserError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('not refused');
}

describe('release', () => {
  test('first release: the "deployment" slot, all the traffic', () => {
    expect(planRelease(undefined, SLOTS, 20, 'h1')).toEqual({
      kind: 'release',
      target: 'blue',
      live: undefined,
      inPlace: false,
      drain: undefined,
      final: { blue: 100 }
    });
  });

  test('second release: never the live slot; the share beside it', () => {
    const ep = endpoint({ blue: ['1', 100, 1, 'h1'] });
    expect(planRelease(ep, SLOTS, 20, 'h2')).toMatchObject({
      kind: 'release',
      target: 'green',
      live: 'blue',
      inPlace: false,
      final: { green: 20, blue: 80 }
    });
    // alternates: after a promote to green, the next release goes to blue
    const promoted = endpoint({ blue: ['1', 0, 1, 'h1'], green: ['2', 100, 2, 'h2'] });
    expect(planRelease(promoted, SLOTS, 20, 'h3')).toMatchObject({
      target: 'blue',
      live: 'green',
      final: { blue: 20, green: 80 }
    });
  });

  test('an unpromoted canary is replaced, its share given back to the live slot first', () => {
    const ep = endpoint({ blue: ['1', 80, 1, 'h1'], green: ['2', 20, 2, 'h2'] });
    expect(planRelease(ep, SLOTS, 20, 'h3')).toMatchObject({
      target: 'green',
      live: 'blue',
      drain: { blue: 100, green: 0 },
      final: { green: 20, blue: 80 }
    });
  });

  test('on a tie the newer release is the canary; a hand-made deployment can be the live one', () => {
    const tie = endpoint({ blue: ['1', 50, 2, 'h1'], green: ['2', 50, 1, 'h2'] });
    expect(liveDeployment(tie)?.name).toBe('green');
    expect(planRelease(tie, SLOTS, 50, 'h3')).toMatchObject({ target: 'blue', live: 'green' });
    const other = endpoint({ red: ['1', 100, 1] });
    expect(planRelease(other, SLOTS, 20, 'h1')).toMatchObject({
      target: 'blue',
      live: 'red',
      final: { blue: 20, red: 80 }
    });
  });

  test('what is already live or already out: nothing to do, unless forced', () => {
    const live = endpoint({ blue: ['1', 100, 1, 'h1'] });
    expect(planRelease(live, SLOTS, 20, 'h1')).toEqual({
      kind: 'none',
      deployment: 'blue',
      reason:
        'this release is already live: "blue" (flow:1) at 100% serves the same version and settings; nothing to do'
    });
    expect(planRelease(live, SLOTS, 20, 'h1', true)).toMatchObject({ kind: 'release', target: 'green' });
    const out = endpoint({ blue: ['1', 80, 1, 'h1'], green: ['2', 20, 2, 'h2'] });
    expect(planRelease(out, SLOTS, 20, 'h2')).toMatchObject({ kind: 'none', deployment: 'green' });
    // the same version at another share, or a failed one, is released again
    expect(planRelease(out, SLOTS, 30, 'h2')).toMatchObject({ kind: 'release', target: 'green' });
    const failed = endpoint({ blue: ['1', 100, 1, 'h1'], green: ['2', 0, 2, 'h2'] }, { green: 'Failed' });
    expect(planRelease(failed, SLOTS, 20, 'h2')).toMatchObject({ kind: 'release', target: 'green' });
  });

  test('one slot only: updated in place', () => {
    const ep = endpoint({ blue: ['1', 100, 1, 'h1'] });
    expect(planRelease(ep, { deployment: 'blue' }, 100, 'h2')).toMatchObject({
      kind: 'release',
      target: 'blue',
      inPlace: true,
      final: { blue: 100 }
    });
  });
});

describe('promote and rollback', () => {
  const canary = endpoint({ blue: ['1', 80, 1, 'h1'], green: ['2', 20, 2, 'h2'] });

  test('promote: the newest release takes everything; the other kept or deleted', () => {
    expect(planPromote(canary, SLOTS, { keepPrevious: true, share: 20 })).toEqual({
      kind: 'switch',
      deployment: 'green',
      final: { green: 100 },
      remove: undefined
    });
    expect(planPromote(canary, SLOTS, { keepPrevious: false, share: 20 })).toMatchObject({
      remove: 'blue'
    });
    const done = endpoint({ blue: ['1', 0, 1], green: ['2', 100, 2] });
    expect(planPromote(done, SLOTS, { keepPrevious: true, share: 20 })).toMatchObject({
      kind: 'none',
      reason: '"green" (flow:2) at 100% already serves all the traffic; nothing to promote'
    });
    // a delete that failed the first time is done by the next promote
    expect(planPromote(done, SLOTS, { keepPrevious: false, share: 20 })).toMatchObject({
      kind: 'none',
      remove: 'blue'
    });
  });

  test('promote refuses a release that holds no traffic or did not provision', () => {
    const rolledBack = endpoint({ blue: ['1', 100, 1], green: ['2', 0, 2] });
    expect(refusal(() => planPromote(rolledBack, SLOTS, { keepPrevious: true, share: 20 }))).toBe(
      'cannot promote "green" (flow:2) at 0%: the newest release holds no traffic (its release did not finish, or it was rolled back); release again'
    );
    const failed = endpoint({ blue: ['1', 80, 1], green: ['2', 20, 2] }, { green: 'Failed' });
    expect(refusal(() => planPromote(failed, SLOTS, { keepPrevious: true, share: 20 }))).toBe(
      'cannot promote: deployment "green" is Failed; release again or fix it first'
    );
    expect(
      refusal(() => planPromote(endpoint({ red: ['1', 100, 1] }), SLOTS, { keepPrevious: true, share: 20 }))
    ).toBe('endpoint "ep" has no deployment "blue" or "green": nothing to promote; release first');
  });

  test('rollback: the displaced deployment takes everything again, before or after a promote', () => {
    expect(planRollback(canary, SLOTS)).toEqual({
      kind: 'switch',
      deployment: 'blue',
      final: { blue: 100 }
    });
    const promoted = endpoint({ blue: ['1', 0, 1], green: ['2', 100, 2] });
    expect(planRollback(promoted, SLOTS)).toMatchObject({ kind: 'switch', deployment: 'blue' });
    const rolledBack = endpoint({ blue: ['1', 100, 1], green: ['2', 0, 2] });
    expect(planRollback(rolledBack, SLOTS)).toMatchObject({ kind: 'none', deployment: 'blue' });
    expect(refusal(() => planRollback(endpoint({ green: ['2', 100, 2] }), SLOTS))).toBe(
      'cannot roll back: endpoint "ep" has no deployment besides "green" (flow:2) at 100% (the previous one was deleted at promote, or there was only one release)'
    );
  });
});

test("the template's CURRENT_DEPLOYMENT_NAME / PRIOR_DEPLOYMENT_NAME are the two slots", () => {
  const repo = path.resolve(import.meta.dirname, '../../../..');
  const legacy = loadUseCase(path.join(repo, 'use-cases/named_entity_recognition'), { env: 'dev' });
  expect(legacy.layout).toBe('legacy');
  const d = legacy.config.environments.dev.deployment!;
  expect(d).toMatchObject({ deployment: 'blue', previous: 'green', traffic: 30, keepPrevious: true });
  const slots = { deployment: d.deployment, previous: d.previous };
  expect(planRelease(undefined, slots, d.traffic, 'h1')).toMatchObject({
    target: 'blue',
    final: { blue: 100 }
  });
  expect(planRelease(endpoint({ blue: ['1', 100, 1, 'h1'] }), slots, d.traffic, 'h2')).toMatchObject({
    target: 'green',
    final: { green: 30, blue: 70 }
  });
});

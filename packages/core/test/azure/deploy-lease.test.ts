// Concurrent deploys of one Azure ML endpoint (ARM emulator): serialised by the deploy lease (a tag
// on the endpoint, taken with ETag-conditional updates), and a failed deploy's rollback never
// overwrites a traffic change it did not make (compare-and-set with If-Match).
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { armRequest } from '@genaiops/testkit';
import { LEASE_OWNER_TAG, LEASE_TAG } from '../../src/azure/endpoint-lease.js';
import { createAzureTarget, type AzureTarget } from '../../src/azure/target.js';
import { loadUseCase } from '../../src/config/load.js';
import { isUserError } from '../../src/errors.js';
import { MemoryReporter } from '../../src/reporter.js';
import { deploy, type DeployOptions } from '../../src/stages/deploy.js';
import { promote } from '../../src/stages/promote-rollback.js';
import { register } from '../../src/stages/register.js';
import { TrafficConflict, type EndpointTarget, type Target } from '../../src/stages/targets.js';
import { DEV, mutations, startAzureWorld, type AzureWorld } from './world.js';

let world: AzureWorld;
beforeAll(async () => {
  world = await startAzureWorld({ useCases: ['ticket_classification'], emulator: { quotaCores: 2000 } });
  const reg = {
    useCase: 'use-cases/ticket_classification',
    env: 'dev',
    cwd: world.cwd,
    environ: world.environ
  };
  await register(reg, new MemoryReporter());
  appendFileSync(
    path.join(world.cwd, 'use-cases/ticket_classification/flows/standard/flow.dag.yaml'),
    '\n# v2\n'
  );
  await register({ ...reg, what: 'flow' }, new MemoryReporter());
}, 240_000);
afterAll(async () => world?.stop());
afterEach(() => world?.emu.faults.clear());

const stage = (endpoint: string, over: DeployOptions['overrides'] = {}): DeployOptions => ({
  useCase: 'use-cases/ticket_classification',
  env: 'dev',
  cwd: world.cwd,
  environ: world.environ,
  overrides: { endpoint, ...over },
  smokeRetry: { attempts: 2, initialDelayMs: 10 }
});
const epState = (endpoint: string) => world.emu.state().endpoints.find((e) => e.name === endpoint)!;
const deploymentOf = (endpoint: string, name: string) =>
  world.emu.state().deployments.find((d) => d.endpoint === endpoint && d.name === name);
const epPath = (endpoint: string) =>
  `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${DEV.name}/onlineEndpoints/${endpoint}`;
const waited = (...reporters: MemoryReporter[]) =>
  reporters.filter((r) => r.lines.some((l) => /is being deployed by genaiops deploy/.test(l)));

/** Tags set on the endpoint by hand (another deploy's lease, as it would have written it). */
async function setTags(endpoint: string, tags: Record<string, string>) {
  const res = await armRequest(world.emu, 'PATCH', epPath(endpoint), { body: { tags } });
  expect(res.status).toBe(202);
  await world.emu.completeOperations();
}

function azureTarget(): AzureTarget {
  const uc = loadUseCase(path.join(world.cwd, 'use-cases/ticket_classification'));
  return createAzureTarget({
    useCase: uc,
    env: 'dev',
    root: world.cwd,
    azure: uc.config.environments.dev.azure,
    environ: world.environ,
    reporter: new MemoryReporter()
  });
}

/** 30 % of every ARM call (LRO polls included) fails: 429 with Retry-After, 500, 503. */
function flaky(): () => number {
  const faults = [
    world.emu.faults.inject({ status: 429, retryAfterSeconds: 0, retryAfterMs: 5, ratio: 0.1 }),
    world.emu.faults.inject({ status: 500, ratio: 0.1 / 0.9 }),
    world.emu.faults.inject({ status: 503, retryAfterSeconds: 0, ratio: 0.1 / 0.8 })
  ];
  return () => faults.reduce((n, f) => n + f.fired, 0);
}

describe.each([
  ['', false],
  [' under 30 % transient ARM faults', true]
])('two releases of one endpoint at once%s', (_, faulty) => {
  test('one waits for the other’s lease; the end state is wholly one of the two, never a mix', async () => {
    const endpoint = faulty ? 'tickets-race-f' : 'tickets-race';
    await deploy({ ...stage(endpoint), modelVersion: '1' }, new MemoryReporter());
    expect(epState(endpoint).traffic).toEqual({ blue: 100 });
    const fired = faulty ? flaky() : () => 0;
    // the same new version, two settings: 20 % on one instance, or 30 % on two
    const a = new MemoryReporter();
    const b = new MemoryReporter();
    const results = await Promise.allSettled([
      deploy({ ...stage(endpoint, { traffic: 20, instanceCount: 1 }), modelVersion: '2' }, a),
      deploy({ ...stage(endpoint, { traffic: 30, instanceCount: 2 }), modelVersion: '2' }, b)
    ]);
    world.emu.faults.clear();
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    // exactly one waited, and so released last: its settings are the endpoint's, all of them
    expect(waited(a, b)).toHaveLength(1);
    const last = waited(a, b)[0] === a ? { share: 20, instances: 1 } : { share: 30, instances: 2 };
    expect(epState(endpoint).traffic).toEqual({ blue: 100 - last.share, green: last.share });
    expect(epState(endpoint).servingTraffic).toEqual({ blue: 100 - last.share, green: last.share });
    expect(deploymentOf(endpoint, 'green')).toMatchObject({
      instanceCount: last.instances,
      provisioningState: 'Succeeded'
    });
    expect(deploymentOf(endpoint, 'blue')!.model).toMatch(/\/versions\/1$/);
    // both released their lease
    expect(Object.keys(epState(endpoint).tags)).not.toContain(LEASE_TAG);
    if (faulty) expect(fired()).toBeGreaterThan(0);
  }, 240_000);
});

test('a second deploy that may not wait fails naming the holder and its expiry, changing nothing; an expired lease is taken over', async () => {
  const endpoint = 'tickets-held';
  await deploy({ ...stage(endpoint), modelVersion: '1' }, new MemoryReporter());
  const until = new Date(Date.now() + 3_600_000).toISOString();
  const holder = 'genaiops deploy (pid 4242 on runner-7 in workflow run 99 job cd)';
  await setTags(endpoint, {
    ...epState(endpoint).tags,
    [LEASE_TAG]: `00c0ffee ${until}`,
    [LEASE_OWNER_TAG]: holder
  });
  const since = world.emu.requests.length;
  const err = await deploy(
    { ...stage(endpoint), modelVersion: '2', lockWaitMs: 0 },
    new MemoryReporter()
  ).catch((e: Error) => e);
  expect(isUserError(err)).toBe(true);
  expect((err as Error).message).toBe(
    `endpoint "${endpoint}" is being deployed by ${holder} (deploy lease until ${until}): one deploy per endpoint at a time; retry when it is done (a lease whose holder died is taken over once it expires)`
  );
  expect(mutations(world.emu, since)).toEqual([]);
  // promote waits for it too
  await expect(promote({ ...stage(endpoint), lockWaitMs: 0 }, new MemoryReporter())).rejects.toThrow(
    /is being deployed by genaiops deploy \(pid 4242/
  );

  // the holder died an hour ago: its lease has expired, and the next deploy takes it over
  const past = new Date(Date.now() - 60_000).toISOString();
  await setTags(endpoint, { ...epState(endpoint).tags, [LEASE_TAG]: `00c0ffee ${past}` });
  const reporter = new MemoryReporter();
  await deploy({ ...stage(endpoint), modelVersion: '2', lockWaitMs: 0 }, reporter);
  expect(reporter.warnings.join('\n')).toContain(
    `the deploy lease of ${holder} expired at ${past}; taking it over`
  );
  expect(epState(endpoint).traffic).toEqual({ blue: 80, green: 20 });
  expect(Object.keys(epState(endpoint).tags)).not.toContain(LEASE_TAG);
  expect(epState(endpoint).tags).toMatchObject({ usecase: 'ticket_classification', env: 'dev' });
}, 180_000);

test('a failed deploy’s rollback does not overwrite a traffic change made meanwhile (compare-and-set)', async () => {
  const endpoint = 'tickets-cas';
  await deploy({ ...stage(endpoint), modelVersion: '1' }, new MemoryReporter());
  expect(epState(endpoint).traffic).toEqual({ blue: 100 });
  // the second release's traffic update ends Failed (it was written: the rollback must undo it);
  // between the rollback's read and its write, an operator moves the traffic by hand
  world.emu.faults.failProvisioning({ endpoint });
  const t = azureTarget();
  const inner = t.endpoints;
  let setFailed = false;
  let raced = false;
  const endpoints: EndpointTarget = {
    getEndpoint: async (n) => {
      const state = await inner.getEndpoint(n);
      if (setFailed && !raced) {
        raced = true;
        await inner.setTraffic(n, { blue: 90, green: 10 });
      }
      return state;
    },
    ensureEndpoint: (e) => inner.ensureEndpoint(e),
    createOrUpdateDeployment: (d) => inner.createOrUpdateDeployment(d),
    setTraffic: (e, tr, g) =>
      inner.setTraffic(e, tr, g).catch((err: unknown) => {
        setFailed = true;
        throw err;
      }),
    deleteDeployment: (e, n) => inner.deleteDeployment(e, n),
    grantAccess: (e) => inner.grantAccess(e),
    acquireLease: (r) => inner.acquireLease(r),
    scoringRequest: (e, req) => inner.scoringRequest(e, req)
  };
  const target: Target = { ...t, endpoints };
  const err = await deploy(
    { ...stage(endpoint), targetImpl: target, modelVersion: '2' },
    new MemoryReporter()
  ).catch((e: Error) => e);
  expect(raced).toBe(true);
  expect(isUserError(err)).toBe(true);
  expect((err as Error).message).toMatch(
    /traffic update to \{green: 20, blue: 80\} failed: .*; traffic NOT restored: it was changed by someone else since this deploy set it \(now \{blue: 90, green: 10\}\)$/s
  );
  expect(epState(endpoint).traffic).toEqual({ blue: 90, green: 10 });
  expect(Object.keys(epState(endpoint).tags)).not.toContain(LEASE_TAG);

  // the same failure without anyone else: the rollback restores what it changed
  await inner.setTraffic(endpoint, { blue: 100 });
  world.emu.faults.failProvisioning({ endpoint });
  const again = await deploy(
    { ...stage(endpoint), modelVersion: '2', force: true },
    new MemoryReporter()
  ).catch((e: Error) => e);
  expect((again as Error).message).toMatch(/traffic restored to \{blue: 100, green: 0\}$/);
  expect(epState(endpoint).traffic).toEqual({ blue: 100 });
  await t.dispose?.();
}, 180_000);

test('two compare-and-set traffic changes from the same state: exactly one applies (If-Match)', async () => {
  const endpoint = 'tickets-cas2';
  await deploy({ ...stage(endpoint), modelVersion: '1' }, new MemoryReporter());
  await deploy({ ...stage(endpoint), modelVersion: '2' }, new MemoryReporter());
  const t = azureTarget();
  const from = { blue: 80, green: 20 };
  const results = await Promise.allSettled([
    t.endpoints.setTraffic(endpoint, { blue: 100, green: 0 }, { expect: from }),
    t.endpoints.setTraffic(endpoint, { blue: 50, green: 50 }, { expect: from })
  ]);
  const won = results.findIndex((r) => r.status === 'fulfilled');
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  const lost = results[1 - won] as PromiseRejectedResult;
  expect(lost.reason).toBeInstanceOf(TrafficConflict);
  expect(epState(endpoint).traffic).toEqual(won === 0 ? { blue: 100 } : { blue: 50, green: 50 });
  await t.dispose?.();
}, 120_000);

// Fault runs of the register → deploy → smoke-test stages on the Azure target: transient ARM
// failures are absorbed; a failed provisioning or smoke test leaves the traffic exactly as it was.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { isUserError } from '../../src/errors.js';
import { MemoryReporter } from '../../src/reporter.js';
import { deploy, type DeployOptions } from '../../src/stages/deploy.js';
import { register } from '../../src/stages/register.js';
import { smokeTest } from '../../src/stages/smoke-test.js';
import { startAzureWorld, type AzureWorld } from './world.js';

let world: AzureWorld;
/** `<endpoint>/<deployment>` whose next start answers every request with HTTP 500. */
const broken = new Set<string>();
beforeAll(async () => {
  world = await startAzureWorld({
    useCases: ['ticket_classification'],
    inspect: (d) => (broken.delete(`${d.endpoint}/${d.deployment}`) ? { failWith: 500 } : undefined)
  });
}, 60_000);
afterAll(async () => world?.stop());
afterEach(() => world.emu.faults.clear());

const stage = (endpoint: string): DeployOptions => ({
  useCase: 'use-cases/ticket_classification',
  env: 'dev',
  cwd: world.cwd,
  environ: world.environ,
  overrides: { endpoint },
  smokeRetry: { attempts: 2, initialDelayMs: 10 }
});
const traffic = (endpoint: string) => world.emu.state().endpoints.find((e) => e.name === endpoint)!.traffic;
const serving = (endpoint: string) =>
  world.emu.state().endpoints.find((e) => e.name === endpoint)!.servingTraffic;

/** 30 % of every ARM call (LRO polls included) fails: 429 with Retry-After, 500, 503. */
function flaky(): () => number {
  const faults = [
    world.emu.faults.inject({ status: 429, retryAfterSeconds: 0, retryAfterMs: 5, ratio: 0.1 }),
    world.emu.faults.inject({ status: 500, ratio: 0.1 / 0.9 }),
    world.emu.faults.inject({ status: 503, retryAfterSeconds: 0, ratio: 0.1 / 0.8 })
  ];
  return () => faults.reduce((n, f) => n + f.fired, 0);
}

async function greenThenBlue(endpoint: string) {
  await deploy(
    { ...stage(endpoint), overrides: { endpoint, deployment: 'green', previous: '', traffic: 100 } },
    new MemoryReporter()
  );
  await deploy(stage(endpoint), new MemoryReporter());
  expect(traffic(endpoint)).toEqual({ blue: 20, green: 80 });
}

describe('Azure target under faults (emulator)', () => {
  test('30 % of ARM calls failing transiently: register, deploy (A/B) and smoke test all succeed', async () => {
    const fired = flaky();
    const armBefore = world.emu.requests.filter((r) => r.kind !== 'scoring').length;
    const r = await register({ ...stage('tickets-flaky'), what: 'all' }, new MemoryReporter());
    expect(r.model).toMatchObject({ version: '1', created: true });
    expect((await register(stage('tickets-flaky'), new MemoryReporter())).model).toMatchObject({
      version: '1',
      created: false
    });
    await greenThenBlue('tickets-flaky');
    const smoke = await smokeTest(
      { ...stage('tickets-flaky'), endpoint: 'tickets-flaky', requests: 10 },
      new MemoryReporter()
    );
    expect(smoke.status).toBe('passed');
    const arm = world.emu.requests.filter((x) => x.kind !== 'scoring').length - armBefore;
    // the faults really fired, at about the ratio asked
    expect(fired()).toBeGreaterThan(arm * 0.15);
    expect(fired()).toBeLessThan(arm * 0.45);
    // each registration made exactly one version, despite the retries
    expect(
      world.emu
        .state()
        .modelVersions.filter((v) => v.name === 'ticket_classification_dev')
        .map((v) => v.version)
    ).toEqual(['1']);
  });

  test('the new deployment fails provisioning: the traffic ends exactly as before', async () => {
    await greenThenBlue('tickets-prov');
    const before = { traffic: traffic('tickets-prov'), serving: serving('tickets-prov') };
    // a new flow version, deployed as blue (which holds 20 %: it is drained to green first)
    appendFileSync(
      path.join(world.cwd, 'use-cases/ticket_classification/flows/standard/postprocess.py'),
      '\n# v2\n'
    );
    expect(
      (await register({ ...stage('tickets-prov'), what: 'flow' }, new MemoryReporter())).model
    ).toMatchObject({ version: '2', created: true });
    world.emu.faults.failProvisioning({ endpoint: 'tickets-prov', deployment: 'blue' });
    const reporter = new MemoryReporter();
    const err = await deploy(stage('tickets-prov'), reporter).catch((e) => e);
    expect(isUserError(err)).toBe(true);
    expect(err.message).toMatch(
      /deploy tickets-prov\/blue failed: deployment "blue" could not be created: .*ResourceNotReady.*; traffic restored to \{green: 80, blue: 20\}/s
    );
    expect({ traffic: traffic('tickets-prov'), serving: serving('tickets-prov') }).toEqual(before);
    const blue = world.emu
      .state()
      .deployments.find((d) => d.endpoint === 'tickets-prov' && d.name === 'blue')!;
    expect(blue.provisioningState).toBe('Failed');
  });

  test('the new deployment fails its smoke test: the traffic ends exactly as before', async () => {
    await greenThenBlue('tickets-smoke');
    const before = { traffic: traffic('tickets-smoke'), serving: serving('tickets-smoke') };
    broken.add('tickets-smoke/blue');
    const err = await deploy(stage('tickets-smoke'), new MemoryReporter()).catch((e) => e);
    expect(isUserError(err)).toBe(true);
    expect(err.message).toMatch(/smoke test of "blue" failed: request 1: expected status 200, got 500/);
    expect({ traffic: traffic('tickets-smoke'), serving: serving('tickets-smoke') }).toEqual(before);
  });

  test('both at once: provisioning failure under 30 % transient faults still restores the traffic exactly', async () => {
    await greenThenBlue('tickets-both');
    const before = traffic('tickets-both');
    const fired = flaky();
    world.emu.faults.failProvisioning({ endpoint: 'tickets-both', deployment: 'blue' });
    const err = await deploy(stage('tickets-both'), new MemoryReporter()).catch((e) => e);
    expect(isUserError(err)).toBe(true);
    expect(err.message).toContain('traffic restored');
    expect(fired()).toBeGreaterThan(0);
    expect(traffic('tickets-both')).toEqual(before);
  });
});

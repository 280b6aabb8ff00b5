// Fault runs of the register → release → promote / rollback stages on the Azure target: transient
// ARM failures are absorbed; a failed provisioning or smoke test leaves the live deployment
// serving exactly as it was.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { isUserError } from '../../src/errors.js';
import { MemoryReporter } from '../../src/reporter.js';
import { deploy, type DeployOptions } from '../../src/stages/deploy.js';
import { promote, rollback } from '../../src/stages/promote-rollback.js';
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

/** Two releases in a row with the sample config: v1 into blue (100 %), then v2 into green at 20 %. */
async function twoReleases(endpoint: string) {
  await deploy({ ...stage(endpoint), modelVersion: '1' }, new MemoryReporter());
  expect(traffic(endpoint)).toEqual({ blue: 100 });
  await deploy({ ...stage(endpoint), modelVersion: '2' }, new MemoryReporter());
  expect(traffic(endpoint)).toEqual({ blue: 80, green: 20 });
}
const deploymentOf = (endpoint: string, name: string) =>
  world.emu.state().deployments.find((d) => d.endpoint === endpoint && d.name === name);

describe('Azure target under faults (emulator)', () => {
  test('30 % of ARM calls failing transiently: register, two releases, promote and rollback all end as they should', async () => {
    const fired = flaky();
    const armBefore = world.emu.requests.filter((r) => r.kind !== 'scoring').length;
    const r = await register({ ...stage('tickets-flaky'), what: 'all' }, new MemoryReporter());
    expect(r.model).toMatchObject({ version: '1', created: true });
    expect((await register(stage('tickets-flaky'), new MemoryReporter())).model).toMatchObject({
      version: '1',
      created: false
    });
    appendFileSync(
      path.join(world.cwd, 'use-cases/ticket_classification/flows/standard/flow.dag.yaml'),
      '\n# v2\n'
    );
    expect(
      (await register({ ...stage('tickets-flaky'), what: 'flow' }, new MemoryReporter())).model
    ).toMatchObject({ version: '2', created: true });

    await twoReleases('tickets-flaky');
    expect(
      await deploy({ ...stage('tickets-flaky'), modelVersion: '2' }, new MemoryReporter())
    ).toMatchObject({ changed: false, deployment: 'green' });
    const smoke = await smokeTest(
      { ...stage('tickets-flaky'), endpoint: 'tickets-flaky', requests: 10 },
      new MemoryReporter()
    );
    expect(smoke.status).toBe('passed');

    expect(await promote(stage('tickets-flaky'), new MemoryReporter())).toMatchObject({ changed: true });
    expect(traffic('tickets-flaky')).toEqual({ green: 100 });
    expect(serving('tickets-flaky')).toEqual({ green: 100 });
    expect(deploymentOf('tickets-flaky', 'blue')?.provisioningState).toBe('Succeeded'); // kept at 0 %

    expect(await rollback(stage('tickets-flaky'), new MemoryReporter())).toMatchObject({ changed: true });
    expect(traffic('tickets-flaky')).toEqual({ blue: 100 });
    expect(serving('tickets-flaky')).toEqual({ blue: 100 });
    expect(await rollback(stage('tickets-flaky'), new MemoryReporter())).toMatchObject({ changed: false });

    // released again, promoted with keepPrevious false: the older deployment is deleted
    await deploy({ ...stage('tickets-flaky'), modelVersion: '2' }, new MemoryReporter());
    expect(traffic('tickets-flaky')).toEqual({ blue: 80, green: 20 });
    const opts = { ...stage('tickets-flaky'), overrides: { endpoint: 'tickets-flaky', keepPrevious: false } };
    await promote(opts, new MemoryReporter());
    expect(traffic('tickets-flaky')).toEqual({ green: 100 });
    expect(
      world.emu
        .state()
        .deployments.filter((d) => d.endpoint === 'tickets-flaky')
        .map((d) => [d.name, d.model?.split('/versions/')[1], d.provisioningState])
    ).toEqual([['green', '2', 'Succeeded']]);

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
    ).toEqual(['1', '2']);
  });

  test('the second release fails provisioning: the first serves exactly as before, untouched', async () => {
    await deploy({ ...stage('tickets-prov'), modelVersion: '1' }, new MemoryReporter());
    const before = {
      traffic: traffic('tickets-prov'),
      serving: serving('tickets-prov'),
      blue: deploymentOf('tickets-prov', 'blue')
    };
    world.emu.faults.failProvisioning({ endpoint: 'tickets-prov', deployment: 'green' });
    const err = await deploy({ ...stage('tickets-prov'), modelVersion: '2' }, new MemoryReporter()).catch(
      (e) => e
    );
    expect(isUserError(err)).toBe(true);
    expect(err.message).toMatch(
      /deploy tickets-prov\/green failed: deployment "green" could not be created: .*ResourceNotReady.*; traffic restored to \{blue: 100\}/s
    );
    expect({
      traffic: traffic('tickets-prov'),
      serving: serving('tickets-prov'),
      blue: deploymentOf('tickets-prov', 'blue')
    }).toEqual(before);
    expect(deploymentOf('tickets-prov', 'green')!.provisioningState).toBe('Failed');
    // promote refuses the failed release; the next release replaces it
    await expect(promote(stage('tickets-prov'), new MemoryReporter())).rejects.toThrow(
      'cannot promote: deployment "green" is Failed; release again or fix it first'
    );
    await deploy({ ...stage('tickets-prov'), modelVersion: '2' }, new MemoryReporter());
    expect(traffic('tickets-prov')).toEqual({ blue: 80, green: 20 });
  });

  test('the second release fails its smoke test: the first serves exactly as before, its model untouched', async () => {
    await deploy({ ...stage('tickets-smoke'), modelVersion: '1' }, new MemoryReporter());
    const before = {
      traffic: traffic('tickets-smoke'),
      serving: serving('tickets-smoke'),
      blue: deploymentOf('tickets-smoke', 'blue')
    };
    broken.add('tickets-smoke/green');
    const err = await deploy({ ...stage('tickets-smoke'), modelVersion: '2' }, new MemoryReporter()).catch(
      (e) => e
    );
    expect(isUserError(err)).toBe(true);
    expect(err.message).toMatch(/smoke test of "green" failed: request 1: expected status 200, got 500/);
    expect({
      traffic: traffic('tickets-smoke'),
      serving: serving('tickets-smoke'),
      blue: deploymentOf('tickets-smoke', 'blue')
    }).toEqual(before);
    expect(before.blue!.model).toBe(
      world.emu.modelVersionId('ticket_classification_dev', '1', 'mlw-genaiops-dev')
    );
  });

  test('both at once: a failed provisioning under 30 % transient faults still leaves the traffic exactly as before', async () => {
    await twoReleases('tickets-both');
    const before = { traffic: traffic('tickets-both'), blue: deploymentOf('tickets-both', 'blue') };
    const fired = flaky();
    world.emu.faults.failProvisioning({ endpoint: 'tickets-both', deployment: 'green' });
    // a third release replaces the unpromoted canary: its share goes back to blue and stays there
    const err = await deploy(
      { ...stage('tickets-both'), modelVersion: '1', force: true },
      new MemoryReporter()
    ).catch((e) => e);
    expect(isUserError(err)).toBe(true);
    expect(err.message).toContain('traffic restored to {blue: 100, green: 0}');
    expect(fired()).toBeGreaterThan(0);
    expect(traffic('tickets-both')).toEqual({ blue: 100 });
    expect(deploymentOf('tickets-both', 'blue')).toEqual(before.blue);
  });
});

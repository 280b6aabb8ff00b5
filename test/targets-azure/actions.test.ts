// End to end through the bundled dist/ of the register, deploy and smoke-test actions, on the Azure
// target: INPUT_* variables, the test seams as environment variables, NODE_EXTRA_CA_CERTS to trust
// the ARM emulator; Azurite holds the datastore; our engine serves the deployments.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mutations, startAzureWorld, type AzureWorld } from '../../packages/core/test/azure/world.js';
import { runAction, type ActionRun } from '../helpers/run-action.js';

let world: AzureWorld;
beforeAll(async () => {
  world = await startAzureWorld({ useCases: ['ticket_classification'] });
}, 60_000);
afterAll(async () => world?.stop());

const inputs = { 'use-case': 'use-cases/ticket_classification', env: 'dev' };
const run = (action: string, extra: Record<string, string> = {}) =>
  runAction(action, { ...inputs, ...extra }, { cwd: world.cwd, env: world.childEnv });
const configFile = () => path.join(world.cwd, 'use-cases/ticket_classification/llmops_config.json');
const traffic = () => world.emu.state().endpoints.find((e) => e.name === 'tickets-dev')?.traffic;

function ok(r: ActionRun) {
  if (r.code !== 0) throw new Error(`action failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
}

/** Every occurrence of a secret in the log is the runner's masking command, never a log line. */
function expectMasked(r: ActionRun, secret: string) {
  const lines = r.stdout.split('\n').filter((l) => l.includes(secret));
  expect(lines.length).toBeGreaterThan(0);
  for (const l of lines) expect(l).toBe(`::add-mask::${secret}`);
}

describe('actions on the Azure target (bundled dist, emulator)', () => {
  test('register → deploy (first rollout, then A/B 20/80) → smoke test', async () => {
    const reg = await run('action-register');
    ok(reg);
    expect(reg.outputs).toMatchObject({
      'model-name': 'ticket_classification_dev',
      'model-version': '1',
      'model-created': 'true'
    });
    expect(JSON.parse(reg.outputs.datasets)).toEqual([
      { name: 'tickets_train', version: '1', created: true },
      { name: 'tickets_train_eval', version: '1', created: true }
    ]);
    expectMasked(reg, world.azurite.accountKey);
    const again = await run('action-register');
    ok(again);
    expect(again.outputs).toMatchObject({ 'model-version': '1', 'model-created': 'false' });

    // first rollout as "green" (the config says so for this run)
    const original = readFileSync(configFile(), 'utf8');
    const cfg = JSON.parse(original);
    cfg.environments.dev.deployment = {
      ...cfg.environments.dev.deployment,
      deployment: 'green',
      traffic: 100
    };
    delete cfg.environments.dev.deployment.previous;
    writeFileSync(configFile(), JSON.stringify(cfg, null, 2));
    const first = await run('action-deploy');
    writeFileSync(configFile(), original);
    ok(first);
    expect(JSON.parse(first.outputs.traffic)).toEqual({ green: 100 });
    expect(traffic()).toEqual({ green: 100 });

    // the same version again is already live: nothing to do
    const same = await run('action-deploy', { 'model-version': '1' });
    ok(same);
    expect(same.outputs).toMatchObject({ changed: 'false', deployment: 'green' });

    // forced, the config's release: blue (not live) at 0 %, smoked alone, then 20/80
    const ab = await run('action-deploy', { 'model-version': '1', force: 'true' });
    ok(ab);
    expect(ab.outputs).toMatchObject({ endpoint: 'tickets-dev', deployment: 'blue', changed: 'true' });
    expect(JSON.parse(ab.outputs.deployments)).toEqual([
      { name: 'green', model: 'ticket_classification_dev:1', traffic: 80, state: 'Succeeded' },
      { name: 'blue', model: 'ticket_classification_dev:1', traffic: 20, state: 'Succeeded' }
    ]);
    expect(JSON.parse(ab.outputs.traffic)).toEqual({ blue: 20, green: 80 });
    expect(ab.outputs['scoring-uri']).toBe(`${world.emu.url}/endpoints/tickets-dev/score`);
    expect(traffic()).toEqual({ blue: 20, green: 80 });
    expectMasked(ab, world.emu.state().endpoints.find((e) => e.name === 'tickets-dev')!.keys.primaryKey);

    const smoke = await run('action-smoke-test', { requests: '12' });
    ok(smoke);
    expect(smoke.outputs.status).toBe('passed');
    expect(Number(smoke.outputs['p95-ms'])).toBeGreaterThan(0);
    const blue = await run('action-smoke-test', { deployment: 'blue' });
    ok(blue);
    expect(blue.outputs.status).toBe('passed');
  });

  test('a release that fails provisioning fails the step; the live deployment keeps serving', async () => {
    expect(traffic()).toEqual({ blue: 20, green: 80 });
    const green = world.emu.state().deployments.find((d) => d.name === 'green');
    world.emu.faults.failProvisioning({ endpoint: 'tickets-dev', deployment: 'blue' });
    const r = await run('action-deploy', { force: 'true' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /::error::deploy tickets-dev\/blue failed: deployment "blue" could not be created: .*ResourceNotReady/
    );
    expect(r.stdout).not.toContain('internal error');
    // the unpromoted canary "blue" was being replaced: its share went back to the live "green" first
    expect(traffic()).toEqual({ green: 100 });
    expect(world.emu.state().deployments.find((d) => d.name === 'green')).toEqual(green);
  });

  test('bad input fails before any change reaches Azure', async () => {
    const since = world.emu.requests.length;
    const r = await run('action-deploy', { 'model-version': '99' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '::error::unknown model version: flow ticket_classification_dev has no version "99" (latest is 1)'
    );
    expect(mutations(world.emu, since)).toEqual([]);
  });

  test('client-id without tenant-id is a clear error', async () => {
    const r = await runAction(
      'action-register',
      { ...inputs, 'client-id': '11111111-1111-1111-1111-111111111111' },
      { cwd: world.cwd, env: { ...world.childEnv, GENAIOPS_ARM_TOKEN: '' } }
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '::error::Azure OIDC login needs both a client id and a tenant id (got only the client id)'
    );
  });
});

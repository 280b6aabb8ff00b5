// End to end through the bundled dist/ of register, deploy and smoke-test on the local target.
import { readFileSync } from 'node:fs';
import { startStubLlm, demoRules, type StubLlm } from '@genaiops/testkit';
import { listLocalEndpoints, loadUseCase } from '@genaiops/core';
import { endpointSecretsFile, readEndpointSecrets } from '@genaiops/core/testing';
import { runAction } from '../helpers/run-action.js';
import { cleanWorkspace, workspace } from '../../packages/core/test/stages/helpers-targets.js';

let stub: StubLlm;
let ws: ReturnType<typeof workspace>;
let env: Record<string, string>;
const common = () => ({ 'use-case': ws.useCase, env: 'dev', target: 'local' });

beforeAll(async () => {
  ws = workspace();
  stub = await startStubLlm({ rules: demoRules(loadUseCase(ws.dir)), latencyMs: 2 });
  env = { aoai: stub.connectionJson('azure') };
});
afterAll(async () => {
  await cleanWorkspace(ws.cwd);
  await stub.stop();
});

describe('actions on the local target (bundled dist)', () => {
  test('register: creates, then reuses', async () => {
    const r1 = await runAction('action-register', common(), { cwd: ws.cwd, env });
    expect(r1.code).toBe(0);
    expect(JSON.parse(r1.outputs.datasets)).toEqual([
      { name: 'tickets_train', version: '1', created: true },
      { name: 'tickets_train_eval', version: '1', created: true }
    ]);
    expect(r1.outputs).toMatchObject({
      'model-name': 'ticket_classification_dev',
      'model-version': '1',
      'model-created': 'true'
    });
    expect(JSON.parse(r1.outputs.plan)).toMatchObject({
      useCase: 'ticket_classification',
      env: 'dev',
      deployment: { target: 'local' }
    });
    expect(r1.summary).toContain('| flow | ticket_classification_dev | 1 | new |');

    const r2 = await runAction('action-register', { ...common(), what: 'flow' }, { cwd: ws.cwd, env });
    expect(r2.code).toBe(0);
    expect(r2.outputs).toMatchObject({ datasets: '[]', 'model-version': '1', 'model-created': 'false' });
  });

  test('deploy: endpoint created, first rollout; the server runs detached from the action', async () => {
    const r = await runAction('action-deploy', common(), { cwd: ws.cwd, env });
    expect(r.stdout).not.toMatch(/::error::/);
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ endpoint: 'tickets-dev', deployment: 'blue', traffic: '{"blue":100}' });
    expect(r.outputs['scoring-uri']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/score$/);
    expect(r.outputs).toMatchObject({ operation: 'release', changed: 'true' });
    expect(JSON.parse(r.outputs.deployments)).toEqual([
      { name: 'blue', model: 'ticket_classification_dev:1', traffic: 100, state: 'Succeeded' }
    ]);
    expect(r.stdout).toContain(
      'first release on endpoint tickets-dev (no deployment serves traffic): "blue" takes all of it once its smoke test passes'
    );
    expect(r.summary).toContain('| blue | – | ticket_classification_dev:1 · 100% |');
    const [ep] = listLocalEndpoints(ws.cwd);
    expect(ep).toMatchObject({
      name: 'tickets-dev',
      running: true,
      traffic: { blue: 100 },
      deployments: { blue: 'ticket_classification_dev:1' }
    });
    expect(readFileSync(`/proc/${ep.pid}/cmdline`, 'utf8')).toContain('/dist/deploy.js');
    // the key never shows in the log
    // keys are in the endpoint's secrets file, outside the project
    expect(readFileSync(`${ep.dir}/endpoint.json`, 'utf8')).not.toMatch(/"keys"/);
    const key = readEndpointSecrets(endpointSecretsFile(ws.cwd, 'tickets-dev', { ...process.env, ...env }))
      .keys!.primary;
    expect(r.stdout).toContain(`::add-mask::${key}`);
  });

  test('deploy: an unknown model version fails the step before any change', async () => {
    const r = await runAction('action-deploy', { ...common(), 'model-version': '7' }, { cwd: ws.cwd, env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '::error::unknown model version: flow ticket_classification_dev has no version "7" (latest is 1)'
    );
    expect(listLocalEndpoints(ws.cwd)[0].traffic).toEqual({ blue: 100 });
  });

  test('deploy: the same release again, promote and rollback find nothing to do; a bad operation is refused', async () => {
    const again = await runAction('action-deploy', common(), { cwd: ws.cwd, env });
    expect(again.code).toBe(0);
    expect(again.outputs).toMatchObject({ changed: 'false', deployment: 'blue', traffic: '{"blue":100}' });
    const p = await runAction('action-deploy', { ...common(), operation: 'promote' }, { cwd: ws.cwd, env });
    expect(p.code).toBe(0);
    expect(p.outputs).toMatchObject({ operation: 'promote', changed: 'false', deployment: 'blue' });
    expect(p.stdout).toContain('already serves all the traffic; nothing to promote');
    const rb = await runAction('action-deploy', { ...common(), operation: 'rollback' }, { cwd: ws.cwd, env });
    expect(rb.code).toBe(1);
    expect(rb.stdout).toContain(
      '::error::cannot roll back: endpoint "tickets-dev" has no deployment besides "blue"'
    );
    const bad = await runAction('action-deploy', { ...common(), operation: 'ship' }, { cwd: ws.cwd, env });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(
      '::error::input "operation": expected one of release, promote, rollback, found "ship"'
    );
    expect(listLocalEndpoints(ws.cwd)[0].traffic).toEqual({ blue: 100 });
  });

  test('smoke-test: passes with latency figures; fails (exit 1, status failed) on unexpected values', async () => {
    const r = await runAction('action-smoke-test', { ...common(), requests: '10' }, { cwd: ws.cwd, env });
    expect(r.code).toBe(0);
    expect(r.outputs.status).toBe('passed');
    expect(Number(r.outputs['p95-ms'])).toBeGreaterThanOrEqual(Number(r.outputs['p50-ms']));
    expect(r.summary).toMatch(/\| passed \| 10 \| 10 \| [\d.]+ \| [\d.]+ \|/);

    const f = await runAction(
      'action-smoke-test',
      { ...common(), deployment: 'blue', expected: '{"category":"nonsense"}' },
      { cwd: ws.cwd, env }
    );
    expect(f.code).toBe(1);
    expect(f.outputs.status).toBe('failed');
    expect(f.stdout).toMatch(
      /::error::smoke test of tickets-dev\/blue failed: request 1: output "category": expected "nonsense", got "\w+"/
    );
  });
});

// The genaiops CLI (built bin) on the local target: register, deploy, smoke-test, endpoint list|stop, serve.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { startStubLlm, demoRules, type StubLlm } from '@genaiops/testkit';
import { loadUseCase } from '@genaiops/core';
import { isAlive } from '@genaiops/core/testing';
import { repoRoot } from '../helpers/run-action.js';
import { cleanWorkspace, workspace } from '../../packages/core/test/stages/helpers-targets.js';

const exec = promisify(execFile);
let stub: StubLlm;
let ws: ReturnType<typeof workspace>;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, [path.join(repoRoot, 'packages/cli/bin/genaiops.js'), ...args], {
      cwd: ws.cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, aoai: stub.connectionJson('azure') }
    });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(async () => {
  ws = workspace();
  stub = await startStubLlm({ rules: demoRules(loadUseCase(ws.dir)), latencyMs: 2 });
});
afterAll(async () => {
  await cleanWorkspace(ws.cwd);
  await stub.stop();
});

test('register → deploy (green, then blue at 20 %) → smoke-test → endpoint list / stop / serve → promote / rollback', async () => {
  const reg = await cli('register', ws.useCase, '--env', 'dev', '--target', 'local');
  expect(reg.code).toBe(0);
  expect(JSON.parse(reg.stdout).model).toMatchObject({
    name: 'ticket_classification_dev',
    version: '1',
    created: true
  });

  const green = await cli(
    'deploy',
    ws.useCase,
    '--env',
    'dev',
    '--target',
    'local',
    '--deployment',
    'green',
    '--previous',
    '',
    '--traffic',
    '100'
  );
  expect(green.code).toBe(0);
  expect(JSON.parse(green.stdout)).toMatchObject({ deployment: 'green', traffic: { green: 100 } });
  // the same version beside itself only when forced
  const same = await cli('deploy', ws.useCase, '--env', 'dev', '--target', 'local');
  expect(same.code).toBe(0);
  expect(JSON.parse(same.stdout)).toMatchObject({ changed: false, deployment: 'green' });
  const blue = await cli('deploy', ws.useCase, '--env', 'dev', '--target', 'local', '--force');
  expect(blue.code).toBe(0);
  expect(JSON.parse(blue.stdout)).toMatchObject({
    operation: 'release',
    changed: true,
    deployment: 'blue',
    trafficBefore: { green: 100 },
    traffic: { green: 80, blue: 20 }
  });

  const bad = await cli('deploy', ws.useCase, '--env', 'dev', '--target', 'local', '--traffic', '120');
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain(
    'error: deployment refused before any change:\n- traffic 120 is out of range: expected a whole percent from 0 to 100'
  );

  const smoke = await cli(
    'smoke-test',
    ws.useCase,
    '--env',
    'dev',
    '--target',
    'local',
    '--requests',
    '20',
    '--concurrency',
    '4'
  );
  expect(smoke.code).toBe(0);
  expect(JSON.parse(smoke.stdout)).toMatchObject({
    status: 'passed',
    succeeded: 20,
    answeredBy: { green: 16, blue: 4 }
  });

  const list = JSON.parse((await cli('endpoint', 'list')).stdout);
  expect(list).toEqual([
    expect.objectContaining({ name: 'tickets-dev', running: true, traffic: { green: 80, blue: 20 } })
  ]);
  const pid = list[0].pid as number;

  expect((await cli('endpoint', 'stop', 'tickets-dev')).code).toBe(0);
  expect(isAlive(pid)).toBe(false);
  expect(JSON.parse((await cli('endpoint', 'list')).stdout)[0]).toMatchObject({ running: false });

  // serve starts it again, same state; the smoke test to one deployment works
  const serve = await cli('serve', 'tickets-dev');
  expect(serve.code).toBe(0);
  expect(JSON.parse(serve.stdout)).toMatchObject({
    endpoint: 'tickets-dev',
    scoringUri: expect.stringMatching(/\/score$/)
  });
  const one = await cli(
    'smoke-test',
    ws.useCase,
    '--env',
    'dev',
    '--target',
    'local',
    '--deployment',
    'blue'
  );
  expect(JSON.parse(one.stdout)).toMatchObject({ status: 'passed', answeredBy: { blue: 1 } });

  // promote (older deleted), then a rollback has nothing to go back to
  const promoted = await cli(
    'promote',
    ws.useCase,
    '--env',
    'dev',
    '--target',
    'local',
    '--no-keep-previous'
  );
  expect(promoted.code).toBe(0);
  expect(JSON.parse(promoted.stdout)).toMatchObject({
    operation: 'promote',
    changed: true,
    deployment: 'blue',
    traffic: { blue: 100 },
    deploymentsAfter: [{ name: 'blue', model: 'ticket_classification_dev:1', traffic: 100 }]
  });
  const back = await cli('rollback', ws.useCase, '--env', 'dev', '--target', 'local');
  expect(back.code).toBe(1);
  expect(back.stderr).toContain(
    'error: cannot roll back: endpoint "tickets-dev" has no deployment besides "blue" (ticket_classification_dev:1) at 100%'
  );
  expect(back.stderr).not.toMatch(/\n\s+at /); // no stack trace

  expect((await cli('endpoint', 'stop', 'tickets-dev', '--delete')).code).toBe(0);
  expect(JSON.parse((await cli('endpoint', 'list')).stdout)).toEqual([]);
}, 180_000);

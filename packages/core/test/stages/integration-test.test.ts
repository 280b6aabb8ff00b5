/**
 * Endpoint integration tests in the deploy: the evaluation dataset goes through the new deployment
 * alone (retries on 429/5xx), the answers are evaluated with the evaluators and gates, and a flow
 * version that answers wrong (but passes the smoke test) is rolled back like a failed smoke test.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoRules, startStubLlm, type StubLlm } from '@genaiops/testkit';
import { loadUseCase } from '../../src/config/load.js';
import { endpointDir, readEndpointFile } from '../../src/local/endpoint-state.js';
import { createLocalTarget } from '../../src/local/target.js';
import { MemoryReporter } from '../../src/reporter.js';
import { deploy, type DeployOptions } from '../../src/stages/deploy.js';
import { integrationTest } from '../../src/stages/integration-test.js';
import { integrationTestHook } from '../../src/stages/integration-test-hook.js';
import { register } from '../../src/stages/register.js';
import type { EndpointTarget, ScoringResponse } from '../../src/stages/targets.js';
import { cleanWorkspace, workspace } from './helpers-targets.js';

let stub: StubLlm;
let ws: ReturnType<typeof workspace>;
let environ: NodeJS.ProcessEnv;

beforeAll(async () => {
  ws = workspace();
  const file = path.join(ws.dir, 'llmops_config.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  config.environments.dev.integrationTest = { concurrency: 3, attempts: 3 };
  // 36 lines through the endpoint would be slow on a shared machine: the PR tickets (25) instead
  config.datasets.tickets_train.source = 'data/pr.jsonl';
  config.datasets.tickets_train_eval.source = 'data/pr.jsonl';
  writeFileSync(file, JSON.stringify(config, null, 2));
  stub = await startStubLlm({ rules: demoRules(loadUseCase(ws.dir), 1), latencyMs: 2 });
  environ = { PATH: process.env.PATH, HOME: process.env.HOME, aoai: stub.connectionJson('azure') };
  await register(
    { useCase: ws.useCase, env: 'dev', target: 'local', cwd: ws.cwd, environ },
    new MemoryReporter()
  );
}, 60_000);
afterAll(async () => {
  await cleanWorkspace(ws.cwd);
  await stub.stop();
});

const traffic = () => readEndpointFile(endpointDir(ws.cwd, 'tickets-dev'))?.traffic;
const stageOpts = (buildId: string) => ({
  useCase: ws.useCase,
  env: 'dev',
  backend: 'local' as const,
  cwd: ws.cwd,
  environ,
  buildId,
  initialDelayMs: 10
});
const deployOpts = (
  reporter: MemoryReporter,
  buildId: string,
  extra: Partial<DeployOptions> = {}
): DeployOptions => ({
  useCase: ws.useCase,
  env: 'dev',
  target: 'local',
  cwd: ws.cwd,
  environ,
  smokeRetry: { attempts: 2, initialDelayMs: 50 },
  afterSmokeTest: integrationTestHook(stageOpts(buildId), reporter),
  ...extra
});

test('a good release passes its integration test; a wrong-answering version is rolled back', async () => {
  const first = await deploy(deployOpts(new MemoryReporter(), 'i1'), new MemoryReporter());
  expect(first.traffic).toEqual({ blue: 100 });
  const report = readFileSync(path.join(ws.cwd, 'reports/integration/metrics.csv'), 'utf8');
  expect(report).toContain('accuracy');

  // version 2 answers "other" to everything: valid JSON, so the smoke test passes
  const post = path.join(ws.dir, 'flows/standard/postprocess.py');
  writeFileSync(post, readFileSync(post, 'utf8').replace('"category": category,', '"category": "other",'));
  const reg = await register(
    { useCase: ws.useCase, env: 'dev', target: 'local', cwd: ws.cwd, environ, what: 'flow' },
    new MemoryReporter()
  );
  expect(reg.model).toMatchObject({ version: '2' });
  const before = traffic();
  const message = await deploy(
    deployOpts(new MemoryReporter(), 'i2', {
      overrides: { deployment: 'green', previous: 'blue', traffic: 20 }
    }),
    new MemoryReporter()
  ).then(
    () => 'deployed',
    (e: Error) => e.message
  );
  expect(message).toMatch(
    /^deploy tickets-dev\/green failed: integration test of "green" failed: gate failed: accuracy = 0\.\d+ is below the gate min 0\.6 .*; traffic restored to \{blue: 100(, green: 0)?\}$/s
  );
  // the failed deployment stays at 0 %: the live split is exactly as before
  const live = (t: Record<string, number> = {}) =>
    Object.fromEntries(Object.entries(t).filter(([, v]) => v > 0));
  expect(live(traffic())).toEqual(live(before));
  expect(traffic()?.green).toBe(0);
});

test('requests answered 429 or 5xx are retried; lines still failing fail the test', async () => {
  const target = createLocalTarget({ root: ws.cwd, environ, reporter: new MemoryReporter() });
  let calls = 0;
  // every `failEvery`-th distinct line is refused on its first attempt (429 or 503), so a retry
  // gets it through whatever order the concurrent lines run in; failEvery 1 refuses every attempt
  const flaky = (failEvery: number): EndpointTarget => {
    const attempts = new Map<string, { index: number; n: number }>();
    return {
      ...target.endpoints,
      getEndpoint: (n) => target.endpoints.getEndpoint(n),
      scoringRequest: async (e, req): Promise<ScoringResponse> => {
        calls++;
        const key = JSON.stringify(req.body);
        const a = attempts.get(key) ?? { index: attempts.size, n: 0 };
        attempts.set(key, { ...a, n: a.n + 1 });
        if (failEvery === 1 || (a.index % failEvery === 0 && a.n === 0))
          return { status: a.index % 2 ? 429 : 503, body: 'busy', json: false, latencyMs: 1 };
        return target.endpoints.scoringRequest(e, req);
      }
    };
  };
  const ok = await integrationTest(
    { ...stageOpts('i3'), endpoints: flaky(3), endpoint: 'tickets-dev', deployment: 'blue' },
    new MemoryReporter()
  );
  expect(ok.lines).toEqual({ total: 25, failed: 0 });
  expect(calls).toBeGreaterThan(25); // the retried ones
  expect(ok.passed).toBe(true);

  calls = 0;
  const down = await integrationTest(
    {
      ...stageOpts('i4'),
      endpoints: flaky(1),
      endpoint: 'tickets-dev',
      deployment: 'blue',
      settings: { attempts: 2 }
    },
    new MemoryReporter()
  );
  expect(calls).toBe(50); // 25 lines × 2 attempts
  expect(down.passed).toBe(false);
  expect(down.failures[0]).toBe('25 of 25 line(s) got no answer after 2 attempt(s)');
  expect(down.failures[1]).toMatch(/^tickets_train_eval line 1: (429|503) busy$/);

  // within maxFailedLines, lines without an answer only warn
  calls = 0;
  const tolerated = await integrationTest(
    {
      ...stageOpts('i5'),
      endpoints: flaky(3),
      endpoint: 'tickets-dev',
      deployment: 'blue',
      settings: { attempts: 1, maxFailedLines: 25 }
    },
    new MemoryReporter()
  );
  expect(tolerated.lines.failed).toBeGreaterThan(0);
  expect(tolerated.failures.filter((f) => f.includes('line'))).toEqual([]);
});

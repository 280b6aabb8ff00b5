/**
 * Concurrent deploys of one local endpoint: serialised by the deploy lease, and a failed deploy's
 * rollback never overwrites a change it did not make. Real local target, endpoint server and engine;
 * the model is the stub.
 */
import { startStubLlm, demoRules, type StubLlm } from '@genaiops/testkit';
import { loadUseCase } from '../../src/config/load.js';
import { endpointDir, readEndpointFile } from '../../src/local/endpoint-state.js';
import { createLocalTarget } from '../../src/local/target.js';
import { MemoryReporter } from '../../src/reporter.js';
import { deploy, type DeployOptions } from '../../src/stages/deploy.js';
import { register } from '../../src/stages/register.js';
import type { EndpointTarget, Target } from '../../src/stages/targets.js';
import { cleanWorkspace, workspace } from '../stages/helpers-targets.js';

let stub: StubLlm;
let ws: ReturnType<typeof workspace>;
let environ: NodeJS.ProcessEnv;

beforeAll(async () => {
  ws = workspace();
  stub = await startStubLlm({ rules: demoRules(loadUseCase(ws.dir)), latencyMs: 2 });
  environ = { PATH: process.env.PATH, HOME: process.env.HOME, aoai: stub.connectionJson('azure') };
  await register(
    { useCase: ws.useCase, env: 'dev', target: 'local', cwd: ws.cwd, environ },
    new MemoryReporter()
  );
  await deploy(
    { ...base(), overrides: { deployment: 'green', previous: '', traffic: 100 } },
    new MemoryReporter()
  );
}, 120_000);
afterAll(async () => {
  await cleanWorkspace(ws.cwd);
  await stub.stop();
});

function base(): DeployOptions {
  return {
    useCase: ws.useCase,
    env: 'dev',
    target: 'local',
    cwd: ws.cwd,
    environ,
    force: true, // the same version each time: release it anyway
    smokeRetry: { attempts: 1, initialDelayMs: 10 }
  };
}

const traffic = () => readEndpointFile(endpointDir(ws.cwd, 'tickets-dev'))?.traffic;

test('two deploys at once, one failing its smoke test: they run one after the other and the end state is the good one', async () => {
  const good = new MemoryReporter();
  const bad = new MemoryReporter();
  const results = await Promise.allSettled([
    deploy({ ...base(), overrides: { deployment: 'blue', previous: 'green', traffic: 20 } }, good),
    deploy(
      {
        ...base(),
        overrides: { deployment: 'red', previous: 'green', traffic: 30 },
        expected: { category: 'nonsense' }
      },
      bad
    )
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
  // whichever went first, the failed one changed no traffic, and did not undo the good one's split
  expect(traffic()).toEqual({ green: 80, blue: 20, red: 0 });
  const waited = [...good.lines, ...bad.lines].filter((l) => /is being deployed by genaiops deploy/.test(l));
  expect(waited).toHaveLength(1);
}, 180_000);

test('a failed deploy does not roll back over a traffic change someone else made meanwhile', async () => {
  const t = createLocalTarget({ root: ws.cwd, environ, reporter: new MemoryReporter() });
  const inner = t.endpoints;
  let changed = false;
  // while the new deployment is smoke-tested, an operator moves the traffic by hand
  const endpoints: EndpointTarget = {
    ...inner,
    getEndpoint: (n) => inner.getEndpoint(n),
    ensureEndpoint: (e) => inner.ensureEndpoint(e),
    createOrUpdateDeployment: (d) => inner.createOrUpdateDeployment(d),
    setTraffic: (e, tr) => inner.setTraffic(e, tr),
    scoringRequest: async (e, req) => {
      if (!changed) {
        changed = true;
        await inner.setTraffic(e, { green: 50, blue: 50 });
      }
      return inner.scoringRequest(e, req);
    }
  };
  const target: Target = { ...t, endpoints };
  const err = await deploy(
    {
      ...base(),
      targetImpl: target,
      overrides: { deployment: 'red', previous: 'green', traffic: 10 },
      expected: { category: 'nonsense' }
    },
    new MemoryReporter()
  ).catch((e: Error) => e);
  expect((err as Error).message).toMatch(
    /smoke test of "red" failed: .*; traffic NOT restored: it was changed by someone else since this deploy set it \(now \{green: 50, blue: 50, red: 0\}\)$/
  );
  expect(traffic()).toEqual({ green: 50, blue: 50, red: 0 });
  await t.dispose?.();
}, 120_000);

import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startStubLlm, demoRules, type StubLlm } from '@genaiops/testkit';
import { loadUseCase } from '../../src/config/load.js';
import { isUserError } from '../../src/errors.js';
import { endpointDir, readEndpointFile } from '../../src/local/endpoint-state.js';
import { createLocalTarget } from '../../src/local/target.js';
import { MemoryReporter } from '../../src/reporter.js';
import { deploy, type DeployOptions } from '../../src/stages/deploy.js';
import { register } from '../../src/stages/register.js';
import { smokeTest } from '../../src/stages/smoke-test.js';
import type { EndpointTarget, Target } from '../../src/stages/targets.js';
import { cleanWorkspace, workspace } from './helpers-targets.js';

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
}, 60_000);
afterAll(async () => {
  await cleanWorkspace(ws.cwd);
  await stub.stop();
});

const base = (): DeployOptions => ({
  useCase: ws.useCase,
  env: 'dev',
  target: 'local',
  cwd: ws.cwd,
  environ,
  smokeRetry: { attempts: 2, initialDelayMs: 50 }
});

/** The local target, with every endpoint call and the traffic at the time of each scoring request recorded. */
function spied(failFinalTraffic = false): { target: Target; calls: string[] } {
  const t = createLocalTarget({ root: ws.cwd, environ, reporter: new MemoryReporter() });
  const calls: string[] = [];
  const inner = t.endpoints;
  const endpoints: EndpointTarget = {
    getEndpoint: (n) => inner.getEndpoint(n),
    ensureEndpoint: async (e) => (calls.push(`ensureEndpoint ${e.name}`), inner.ensureEndpoint(e)),
    createOrUpdateDeployment: async (d) => (
      calls.push(`createOrUpdateDeployment ${d.name} ${d.model.name}:${d.model.version}`),
      inner.createOrUpdateDeployment(d)
    ),
    setTraffic: async (e, traffic) => {
      calls.push(`setTraffic ${JSON.stringify(traffic)}`);
      if (failFinalTraffic && Object.values(traffic).some((v) => v > 0)) {
        failFinalTraffic = false; // once
        throw new Error('injected: traffic update rejected');
      }
      return inner.setTraffic(e, traffic);
    },
    scoringRequest: async (e, req) => {
      calls.push(
        `scoringRequest ${req.deployment ?? '(split)'} while traffic ${JSON.stringify((await inner.getEndpoint(e))!.traffic)}`
      );
      return inner.scoringRequest(e, req);
    }
  };
  return { target: { ...t, endpoints }, calls };
}

const traffic = () => readEndpointFile(endpointDir(ws.cwd, 'tickets-dev'))?.traffic;
const revision = () => readEndpointFile(endpointDir(ws.cwd, 'tickets-dev'))?.revision;

async function refused(opts: DeployOptions): Promise<string> {
  const before = { traffic: traffic(), revision: revision() };
  try {
    await deploy(opts, new MemoryReporter());
  } catch (e) {
    expect(isUserError(e)).toBe(true);
    expect({ traffic: traffic(), revision: revision() }).toEqual(before); // nothing changed
    return (e as Error).message;
  }
  throw new Error('deploy was not refused');
}

describe('deploy on the local target (stub LLM)', () => {
  test('bad input is refused before any change, even before the endpoint exists', async () => {
    expect(await refused({ ...base(), overrides: { endpoint: '' } })).toBe(
      'deployment refused before any change:\n- endpoint name is missing'
    );
    expect(await refused({ ...base(), overrides: { deployment: '' } })).toBe(
      'deployment refused before any change:\n- deployment name is missing'
    );
    expect(await refused({ ...base(), overrides: { traffic: 150 } })).toBe(
      'deployment refused before any change:\n- traffic 150 is out of range: expected a whole percent from 0 to 100'
    );
    expect(await refused({ ...base(), overrides: { previous: '', traffic: 50 } })).toBe(
      'deployment refused before any change:\n- traffic 50 with no previous deployment does not sum to 100 (50% would go nowhere): set "previous" or make it 100'
    );
    expect(await refused({ ...base(), overrides: { instanceType: '' } })).toBe(
      'deployment refused before any change:\n- instance type is empty: give a VM size such as "Standard_DS3_v2"'
    );
    expect(await refused({ ...base(), modelVersion: '99' })).toBe(
      'unknown model version: flow ticket_classification_dev has no version "99" (latest is 1)'
    );
    writeFileSync(path.join(ws.dir, 'bad-request.json'), '{ "ticket": ');
    expect(await refused({ ...base(), overrides: { sampleRequest: 'bad-request.json' } })).toMatch(
      /^sample request bad-request\.json: not JSON \(/
    );
    expect(traffic()).toBeUndefined(); // no endpoint was created
  });

  test('first rollout, then a safe A/B rollout: new deployment at 0 %, smoke test alone, then 20/80', async () => {
    const rep = new MemoryReporter();
    const first = await deploy(
      { ...base(), overrides: { deployment: 'green', previous: '', traffic: 100 } },
      rep
    );
    expect(first).toMatchObject({
      endpoint: 'tickets-dev',
      deployment: 'green',
      endpointCreated: true,
      traffic: { green: 100 },
      trafficBefore: {}
    });
    expect(first.scoringUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/score$/);
    expect(rep.secrets.length).toBeGreaterThan(0); // the endpoint keys were masked

    const { target, calls } = spied();
    const r = await deploy({ ...base(), targetImpl: target }, new MemoryReporter());
    expect(calls).toEqual([
      'ensureEndpoint tickets-dev',
      'createOrUpdateDeployment blue ticket_classification_dev:1',
      'scoringRequest blue while traffic {"green":100,"blue":0}',
      'setTraffic {"blue":20,"green":80}'
    ]);
    expect(r).toMatchObject({
      deployment: 'blue',
      endpointCreated: false,
      trafficBefore: { green: 100 },
      traffic: { green: 80, blue: 20 }
    });
    expect(r.smoke).toMatchObject({ passed: true, answeredBy: { blue: 1 } });
    expect(traffic()).toEqual({ green: 80, blue: 20 });

    // the endpoint serves the split; the smoke-test stage sees it
    const s = await smokeTest(
      {
        useCase: ws.useCase,
        env: 'dev',
        target: 'local',
        cwd: ws.cwd,
        environ,
        requests: 40,
        concurrency: 4
      },
      new MemoryReporter()
    );
    expect(s).toMatchObject({ status: 'passed', succeeded: 40, answeredBy: { green: 32, blue: 8 } });
    expect(s.p95Ms).toBeGreaterThanOrEqual(s.p50Ms!);
  });

  test('a previous deployment missing from the endpoint is refused before any change', async () => {
    expect(await refused({ ...base(), overrides: { deployment: 'red', previous: 'purple' } })).toBe(
      'previous deployment "purple" does not exist on endpoint "tickets-dev" (deployments: green, blue); refused before any change'
    );
  });

  test('a failing smoke test (expected values) restores the traffic exactly', async () => {
    const before = traffic();
    const rep = new MemoryReporter();
    let message = '';
    await deploy(
      {
        ...base(),
        overrides: { deployment: 'red', previous: 'green', traffic: 50 },
        expected: { category: 'nonsense' }
      },
      rep
    ).catch((e) => (message = e.message));
    expect(message).toMatch(
      /^deploy tickets-dev\/red failed: smoke test of "red" failed: request 1: output "category": expected "nonsense", got "\w+"; traffic restored to \{green: 80, blue: 20\}$/
    );
    expect(traffic()).toEqual({ ...before, red: 0 });
  });

  test('a deployment whose flow fails: smoke test fails, traffic restored; the same for a failed traffic update', async () => {
    appendFileSync(
      path.join(ws.dir, 'flows/standard/postprocess.py'),
      '\nraise RuntimeError("broken on purpose")\n'
    );
    const reg = await register(
      { useCase: ws.useCase, env: 'dev', target: 'local', cwd: ws.cwd, environ, what: 'flow' },
      new MemoryReporter()
    );
    expect(reg.model).toMatchObject({ version: '2', created: true });
    const before = traffic();
    let message = '';
    await deploy(
      { ...base(), overrides: { deployment: 'green', previous: 'blue', traffic: 30 } },
      new MemoryReporter()
    ).catch((e) => (message = e.message));
    // green held 80 %: its share moved to blue before the update, and came back after the failure;
    // the flow's error stays in the endpoint's log (the caller gets a request id)
    expect(message).toMatch(
      /^deploy tickets-dev\/green failed: smoke test of "green" failed: request 1: .*HTTP 502 FlowFailed: .*request id [0-9a-f-]{36}; traffic restored to \{green: 80, blue: 20, red: 0\}$/s
    );
    expect(message).not.toMatch(/broken on purpose/);
    expect(traffic()).toEqual(before);

    const { target, calls } = spied(true);
    message = '';
    await deploy(
      {
        ...base(),
        modelVersion: '1',
        targetImpl: target,
        overrides: { deployment: 'red', previous: 'blue', traffic: 10 }
      },
      new MemoryReporter()
    ).catch((e) => (message = e.message));
    expect(message).toBe(
      'deploy tickets-dev/red failed: traffic update to {red: 10, blue: 90} failed: injected: traffic update rejected; traffic restored to {green: 80, blue: 20, red: 0}'
    );
    // the rejected update changed nothing: there is nothing to put back (compare-and-set rollback)
    expect(calls.filter((c) => c.startsWith('setTraffic'))).toEqual(['setTraffic {"red":10,"blue":90}']);
    expect(traffic()).toEqual(before);
  });
});

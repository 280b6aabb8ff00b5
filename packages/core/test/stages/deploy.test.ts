import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startStubLlm, demoRules, type StubLlm } from '@genaiops/testkit';
import { loadUseCase } from '../../src/config/load.js';
import { isUserError } from '../../src/errors.js';
import { endpointDir, readEndpointFile } from '../../src/local/endpoint-state.js';
import { createLocalTarget } from '../../src/local/target.js';
import { MemoryReporter } from '../../src/reporter.js';
import { deploy, type DeployOptions } from '../../src/stages/deploy.js';
import { promote, rollback } from '../../src/stages/promote-rollback.js';
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
    deleteDeployment: async (e, n) => (calls.push(`deleteDeployment ${n}`), inner.deleteDeployment(e, n)),
    scoringRequest: async (e, req) => {
      calls.push(
        `scoringRequest ${req.deployment ?? '(split)'} while traffic ${JSON.stringify((await inner.getEndpoint(e))!.traffic)}`
      );
      return inner.scoringRequest(e, req);
    }
  };
  return { target: { ...t, endpoints }, calls };
}

const traffic = (endpoint = 'tickets-dev') => readEndpointFile(endpointDir(ws.cwd, endpoint))?.traffic;
const revision = () => readEndpointFile(endpointDir(ws.cwd, 'tickets-dev'))?.revision;
const deploymentRecord = (name: string, endpoint = 'tickets-dev') =>
  readEndpointFile(endpointDir(ws.cwd, endpoint))?.deployments[name];

async function registerFlow(version: string) {
  const reg = await register(
    { useCase: ws.useCase, env: 'dev', target: 'local', cwd: ws.cwd, environ, what: 'flow' },
    new MemoryReporter()
  );
  expect(reg.model).toMatchObject({ version, created: true });
}

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
    expect(await refused({ ...base(), overrides: { previous: 'blue' } })).toBe(
      'deployment refused before any change:\n- previous deployment "blue" is also "deployment": the two slots need two names (e.g. "blue" and "green")'
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

  test('two releases in a row with the sample config: v1 on blue; v2 into green at 0 %, smoked alone, then 20/80', async () => {
    const rep = new MemoryReporter();
    const first = await deploy(base(), rep);
    expect(first).toMatchObject({
      endpoint: 'tickets-dev',
      deployment: 'blue',
      changed: true,
      endpointCreated: true,
      traffic: { blue: 100 },
      trafficBefore: {},
      deploymentsBefore: [],
      deploymentsAfter: [
        { name: 'blue', model: 'ticket_classification_dev:1', traffic: 100, state: 'Succeeded' }
      ]
    });
    expect(first.scoringUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/score$/);
    expect(rep.secrets.length).toBeGreaterThan(0); // the endpoint keys were masked
    expect(rep.lines).toContain(
      'first release on endpoint tickets-dev (no deployment serves traffic): "blue" takes all of it once its smoke test passes'
    );

    // the same release again: nothing to do, nothing touched
    const again = spied();
    const same = await deploy({ ...base(), targetImpl: again.target }, new MemoryReporter());
    expect(same).toMatchObject({ changed: false, deployment: 'blue', traffic: { blue: 100 } });
    expect(same.message).toBe(
      'this release is already live: "blue" (ticket_classification_dev:1) at 100% serves the same version and settings; nothing to do'
    );
    expect(again.calls).toEqual([]);

    // a new flow version: the second release goes to the other slot, blue is not touched
    appendFileSync(path.join(ws.dir, 'flows/standard/postprocess.py'), '\n# v2\n');
    await registerFlow('2');
    const blueBefore = deploymentRecord('blue');
    const { target, calls } = spied();
    const rep2 = new MemoryReporter();
    const r = await deploy({ ...base(), targetImpl: target }, rep2);
    expect(calls).toEqual([
      'ensureEndpoint tickets-dev',
      'createOrUpdateDeployment green ticket_classification_dev:2',
      'scoringRequest green while traffic {"blue":100,"green":0}',
      'setTraffic {"green":20,"blue":80}'
    ]);
    expect(r).toMatchObject({
      deployment: 'green',
      changed: true,
      endpointCreated: false,
      model: { version: '2' },
      trafficBefore: { blue: 100 },
      traffic: { blue: 80, green: 20 },
      deploymentsBefore: [{ name: 'blue', model: 'ticket_classification_dev:1', traffic: 100 }],
      deploymentsAfter: [
        { name: 'blue', model: 'ticket_classification_dev:1', traffic: 80 },
        { name: 'green', model: 'ticket_classification_dev:2', traffic: 20 }
      ]
    });
    expect(r.smoke).toMatchObject({ passed: true, answeredBy: { green: 1 } });
    expect(deploymentRecord('blue')).toEqual(blueBefore);
    expect(rep2.lines).toContain('endpoint tickets-dev before: blue (ticket_classification_dev:1) 100%');
    expect(rep2.lines).toContain(
      'endpoint tickets-dev after: blue (ticket_classification_dev:1) 80%, green (ticket_classification_dev:2) 20%'
    );
    expect(rep2.summaries.at(-1)).toContain(
      '| blue | ticket_classification_dev:1 · 100% | ticket_classification_dev:1 · 80% |\n| green | – | ticket_classification_dev:2 · 20% |'
    );

    // re-running either release changes nothing
    const rerun = spied();
    const r2 = await deploy({ ...base(), targetImpl: rerun.target }, new MemoryReporter());
    expect(r2.message).toBe(
      'this release is already out: "green" (ticket_classification_dev:2) at 20% beside "blue" at 80%; nothing to do'
    );
    const r1 = await deploy({ ...base(), targetImpl: rerun.target, modelVersion: '1' }, new MemoryReporter());
    expect(r1).toMatchObject({ changed: false, deployment: 'blue' });
    expect(rerun.calls).toEqual([]);

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
    expect(s).toMatchObject({ status: 'passed', succeeded: 40, answeredBy: { blue: 32, green: 8 } });
    expect(s.p95Ms).toBeGreaterThanOrEqual(s.p50Ms!);
  });

  test('promote, rollback, and both again: each ends as it should, a second run does nothing', async () => {
    const blue = deploymentRecord('blue');
    const green = deploymentRecord('green');
    const p = await promote(base(), new MemoryReporter());
    expect(p).toMatchObject({ operation: 'promote', changed: true, deployment: 'green' });
    expect(p.smoke).toMatchObject({ passed: true, answeredBy: { green: 1 } });
    expect(traffic()).toEqual({ blue: 0, green: 100 }); // blue kept at 0 % (keepPrevious)
    expect((await promote(base(), new MemoryReporter())).message).toBe(
      '"green" (ticket_classification_dev:2) at 100% already serves all the traffic; nothing to promote'
    );

    const rb = await rollback(base(), new MemoryReporter());
    expect(rb).toMatchObject({ operation: 'rollback', changed: true, deployment: 'blue' });
    expect(traffic()).toEqual({ blue: 100, green: 0 });
    expect(await rollback(base(), new MemoryReporter())).toMatchObject({ changed: false });
    expect(await promote(base(), new MemoryReporter()).catch((e) => e.message)).toBe(
      'cannot promote "green" (ticket_classification_dev:2) at 0%: the newest release holds no traffic (its release did not finish, or it was rolled back); release again'
    );
    // the deployments themselves were never touched
    expect([deploymentRecord('blue'), deploymentRecord('green')]).toEqual([blue, green]);

    // released again after the rollback, then promoted with keepPrevious false: blue is deleted
    expect(await deploy(base(), new MemoryReporter())).toMatchObject({
      changed: true,
      deployment: 'green',
      traffic: { blue: 80, green: 20 }
    });
    const del = await promote({ ...base(), overrides: { keepPrevious: false } }, new MemoryReporter());
    expect(del.message).toBe(
      'promoted: "green" serves all the traffic; "blue" deleted (keepPrevious is false)'
    );
    expect(traffic()).toEqual({ green: 100 });
    expect(await rollback(base(), new MemoryReporter()).catch((e) => e.message)).toMatch(
      /^cannot roll back: endpoint "tickets-dev" has no deployment besides "green"/
    );
  });

  test('a failed smoke test of the second release leaves the first serving exactly as before, model untouched', async () => {
    const endpoint = 'tickets-fail';
    const opts = { ...base(), overrides: { endpoint } };
    await deploy({ ...opts, modelVersion: '1' }, new MemoryReporter());
    const live = deploymentRecord('blue', endpoint);
    const message = await deploy(
      { ...opts, modelVersion: '2', expected: { category: 'nonsense' } },
      new MemoryReporter()
    ).catch((e) => e.message);
    expect(message).toMatch(
      /^deploy tickets-fail\/green failed: smoke test of "green" failed: request 1: output "category": expected "nonsense", got "\w+"; traffic restored to \{blue: 100\}$/
    );
    expect(traffic(endpoint)).toEqual({ blue: 100, green: 0 });
    expect(deploymentRecord('blue', endpoint)).toEqual(live);
    const s = await smokeTest({ ...opts, endpoint, requests: 4 }, new MemoryReporter());
    expect(s).toMatchObject({ status: 'passed', answeredBy: { blue: 4 } });
  });

  test('a broken new version replacing an unpromoted canary: its share goes to the live slot and stays there', async () => {
    const endpoint = 'tickets-canary';
    const opts = { ...base(), overrides: { endpoint } };
    await deploy({ ...opts, modelVersion: '1' }, new MemoryReporter());
    await deploy({ ...opts, modelVersion: '2' }, new MemoryReporter());
    expect(traffic(endpoint)).toEqual({ blue: 80, green: 20 });
    const live = deploymentRecord('blue', endpoint);
    appendFileSync(
      path.join(ws.dir, 'flows/standard/postprocess.py'),
      '\nraise RuntimeError("broken on purpose")\n'
    );
    await registerFlow('3');
    const { target, calls } = spied();
    const message = await deploy({ ...opts, targetImpl: target }, new MemoryReporter()).catch(
      (e) => e.message
    );
    expect(message).toMatch(
      /^deploy tickets-canary\/green failed: smoke test of "green" failed: request 1: .*HTTP 502 FlowFailed: .*request id [0-9a-f-]{36}; traffic restored to \{blue: 100, green: 0\}$/s
    );
    expect(calls.filter((c) => !c.startsWith('scoringRequest'))).toEqual([
      'ensureEndpoint tickets-canary',
      'setTraffic {"blue":100,"green":0}',
      'createOrUpdateDeployment green ticket_classification_dev:3'
    ]); // the traffic is what this deploy set before the failure: nothing to put back
    expect(message).not.toMatch(/broken on purpose/); // the flow's error stays in the endpoint's log
    expect(traffic(endpoint)).toEqual({ blue: 100, green: 0 });
    expect(deploymentRecord('blue', endpoint)).toEqual(live);
  });

  test('a failed traffic update puts the traffic back', async () => {
    const endpoint = 'tickets-traffic';
    const opts = { ...base(), overrides: { endpoint } };
    await deploy({ ...opts, modelVersion: '1' }, new MemoryReporter());
    const { target, calls } = spied(true);
    const message = await deploy(
      { ...opts, modelVersion: '2', targetImpl: target },
      new MemoryReporter()
    ).catch((e) => e.message);
    expect(message).toBe(
      'deploy tickets-traffic/green failed: traffic update to {green: 20, blue: 80} failed: injected: traffic update rejected; traffic restored to {blue: 100}'
    );
    // the rejected update changed nothing: there is nothing to put back (compare-and-set rollback)
    expect(calls.filter((c) => c.startsWith('setTraffic'))).toEqual(['setTraffic {"green":20,"blue":80}']);
    expect(traffic(endpoint)).toEqual({ blue: 100, green: 0 });
  });
});

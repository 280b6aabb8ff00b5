// The register → deploy → smoke-test stages on the Azure target, against the ARM emulator, Azurite
// and our engine serving the deployments: full A/B rollouts, managed (ticket_classification dev)
// and Kubernetes (math_coding prod).
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { MemoryReporter } from '../../src/reporter.js';
import { deploy, type DeployOptions } from '../../src/stages/deploy.js';
import { register } from '../../src/stages/register.js';
import { smokeTest } from '../../src/stages/smoke-test.js';
import { DEV, mutations, PROD, startAzureWorld, type AzureWorld } from './world.js';

let world: AzureWorld;
beforeAll(async () => {
  world = await startAzureWorld();
}, 60_000);
afterAll(async () => world?.stop());

const stage = (useCase: string, env: string) => ({
  useCase: `use-cases/${useCase}`,
  env,
  cwd: world.cwd,
  environ: world.environ
});
const epState = (name: string) => world.emu.state().endpoints.find((e) => e.name === name);
const deploymentOf = (endpoint: string, name: string) =>
  world.emu.state().deployments.find((d) => d.endpoint === endpoint && d.name === name);

/** What happened on the emulator for one endpoint since `since`: deployment PUTs, endpoint PUTs (with the traffic asked) and scoring calls. */
function timeline(endpoint: string, since: number): string[] {
  const out: string[] = [];
  for (const r of world.emu.requests.slice(since)) {
    if (r.kind === 'scoring' && r.path.includes(`/endpoints/${endpoint}/`))
      out.push(`score ${r.deployment ?? '?'} ${r.status}`);
    else if (r.kind === 'arm' && r.method === 'PUT' && r.status < 300) {
      const m = new RegExp(`/onlineEndpoints/${endpoint}(/deployments/([^/]+))?$`).exec(r.path);
      if (m) out.push(m[2] ? `PUT deployment ${m[2]}` : 'PUT endpoint');
    }
  }
  return out;
}

async function rollout(
  useCase: string,
  env: string,
  endpoint: string,
  traffic: number,
  kind: 'managed' | 'kubernetes'
) {
  const flowName = `${useCase}_${env}`;
  // register (data + flow); twice: the second reuses everything
  const r1 = await register(stage(useCase, env), new MemoryReporter());
  expect(r1.target).toBe(kind);
  expect(r1.model).toMatchObject({ version: '1', created: true });
  expect(r1.datasets.every((d) => d.created && d.version === '1')).toBe(true);
  const r2 = await register(stage(useCase, env), new MemoryReporter());
  expect(r2.model).toMatchObject({ version: '1', created: false });
  expect(r2.datasets.every((d) => !d.created)).toBe(true);

  // first release: "blue" (the config's deployment slot) takes everything
  const base: DeployOptions = { ...stage(useCase, env), smokeRetry: { attempts: 2, initialDelayMs: 10 } };
  const first = await deploy(base, new MemoryReporter());
  expect(first).toMatchObject({
    endpointCreated: true,
    deployment: 'blue',
    traffic: { blue: 100 },
    model: { version: '1' }
  });
  expect(epState(endpoint)!.traffic).toEqual({ blue: 100 });
  // the same release again: nothing reaches Azure but reads
  const idle = world.emu.requests.length;
  expect(await deploy(base, new MemoryReporter())).toMatchObject({ changed: false, deployment: 'blue' });
  expect(mutations(world.emu, idle)).toEqual([]);

  // a new flow version; the second release goes into "green" at 0 %, smoked alone, then the split
  appendFileSync(path.join(world.cwd, `use-cases/${useCase}/flows/standard/flow.dag.yaml`), '\n# v2\n');
  expect(
    (await register({ ...stage(useCase, env), what: 'flow' }, new MemoryReporter())).model
  ).toMatchObject({ version: '2', created: true });
  const blue = deploymentOf(endpoint, 'blue');
  const since = world.emu.requests.length;
  const reporter = new MemoryReporter();
  const ab = await deploy({ ...base, overrides: { traffic } }, reporter);
  expect(ab).toMatchObject({
    changed: true,
    endpointCreated: false,
    deployment: 'green',
    model: { version: '2' },
    trafficBefore: { blue: 100 },
    traffic: { green: traffic, blue: 100 - traffic },
    deploymentsBefore: [{ name: 'blue', model: `${flowName}:1`, traffic: 100, state: 'Succeeded' }],
    deploymentsAfter: [
      { name: 'blue', model: `${flowName}:1`, traffic: 100 - traffic, state: 'Succeeded' },
      { name: 'green', model: `${flowName}:2`, traffic, state: 'Succeeded' }
    ]
  });
  expect(ab.smoke).toMatchObject({ passed: true, answeredBy: { green: 1 } });
  expect(timeline(endpoint, since)).toEqual(['PUT deployment green', 'score green 200', 'PUT endpoint']);
  expect(deploymentOf(endpoint, 'blue')).toEqual(blue); // the live deployment was not touched
  expect(epState(endpoint)).toMatchObject({
    traffic: { green: traffic, blue: 100 - traffic },
    servingTraffic: { green: traffic, blue: 100 - traffic }
  });
  expect(reporter.summaries.at(-1)).toContain(
    `| blue | ${flowName}:1 · 100% | ${flowName}:1 · ${100 - traffic}% |\n| green | – | ${flowName}:2 · ${traffic}% |`
  );
  const keys = epState(endpoint)!.keys;
  expect(reporter.secrets).toEqual(expect.arrayContaining([keys.primaryKey]));

  // the smoke-test stage against the endpoint's split
  const smoke = await smokeTest(
    { ...stage(useCase, env), requests: 40, concurrency: 4 },
    new MemoryReporter()
  );
  expect(smoke).toMatchObject({ status: 'passed', requests: 40, succeeded: 40 });
  expect(smoke.answeredBy.blue! + smoke.answeredBy.green!).toBe(40);
  expect(smoke.answeredBy.green).toBeGreaterThan(0);
  expect(smoke.answeredBy.blue).toBeGreaterThan(smoke.answeredBy.green!);
  // one deployment alone
  expect(await smokeTest({ ...stage(useCase, env), deployment: 'blue' }, new MemoryReporter())).toMatchObject(
    { status: 'passed', answeredBy: { blue: 1 } }
  );
  return { ab };
}

describe('A/B rollout on Azure (emulator)', () => {
  test('ticket_classification dev: managed endpoint, two releases in a row: blue, then green at 0 % → smoke alone → 20/80', async () => {
    await rollout('ticket_classification', 'dev', 'tickets-dev', 20, 'managed');
    const deps = world.emu.state().deployments.filter((d) => d.endpoint === 'tickets-dev');
    expect(
      deps.map((d) => [
        d.name,
        d.computeType,
        d.instanceType,
        d.instanceCount,
        d.environmentVariables.LOG_LEVEL,
        d.environmentVariables.PROMPTFLOW_RUN_MODE
      ])
    ).toEqual([
      ['blue', 'Managed', 'Standard_DS3_v2', 1, 'info', 'serving'],
      ['green', 'Managed', 'Standard_DS3_v2', 1, 'info', 'serving']
    ]);
    expect(deps[1].model).toBe(world.emu.modelVersionId('ticket_classification_dev', '2', DEV.name));
    // the endpoint identity got the workspace role
    const principal = epState('tickets-dev')!.identity!.principalId!;
    expect(
      world.emu
        .state()
        .roleAssignments.filter((a) => a.principalId === principal)
        .map((a) => a.scope)
    ).toEqual([world.emu.workspaceId(DEV.name)]);
    // the engine served the flow from the registered files
    expect(
      world.engine.served.find((s) => s.endpoint === 'tickets-dev' && s.deployment === 'green')!.files
    ).toContain('flow.dag.yaml');
  });

  test('math_coding prod: Kubernetes endpoint on the attached compute, 20/80', async () => {
    await rollout('math_coding', 'prod', 'math-coding-prod', 20, 'kubernetes');
    expect(epState('math-coding-prod')!.compute).toBe(
      `${world.emu.workspaceId(PROD.name)}/computes/k8s-compute`
    );
    const green = deploymentOf('math-coding-prod', 'green')!;
    expect(green).toMatchObject({ computeType: 'Kubernetes', instanceCount: 1 });
    expect(green.properties.containerResourceRequirements).toEqual({
      containerResourceRequests: { cpu: '500m', memory: '1Gi' }
    });
  });

  test('bad input is refused before any change reaches Azure', async () => {
    const since = world.emu.requests.length;
    const base: DeployOptions = {
      ...stage('ticket_classification', 'dev'),
      smokeRetry: { attempts: 1, initialDelayMs: 1 }
    };
    await expect(deploy({ ...base, modelVersion: '9' }, new MemoryReporter())).rejects.toThrow(
      'unknown model version: flow ticket_classification_dev has no version "9" (latest is 2)'
    );
    await expect(deploy({ ...base, overrides: { traffic: 101 } }, new MemoryReporter())).rejects.toThrow(
      'traffic 101 is out of range'
    );
    await expect(
      smokeTest({ ...stage('ticket_classification', 'dev'), deployment: 'purple' }, new MemoryReporter())
    ).rejects.toThrow(/deployment "purple" does not exist/);
    await expect(deploy({ ...base, env: 'prod' }, new MemoryReporter())).rejects.toThrow(
      /flow ticket_classification_prod has no registered version/
    );
    expect(mutations(world.emu, since)).toEqual([]);
  });
});

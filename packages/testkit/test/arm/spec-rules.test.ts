// The emulator against Azure's own REST specification (the vendored excerpt of
// Azure/azure-rest-api-specs, api-version 2022-10-01): the spec's examples replayed through it, and the
// rules of the service that the spec (and the SDK's mappers) let through.
import {
  armRequest,
  azureMlSpec,
  specProblems,
  startArmEmulator,
  type ArmEmulator,
  type ArmEmulatorOptions
} from '../../src/index.js';

const EX = { subscriptionId: '00000000-1111-2222-3333-444444444444', resourceGroup: 'test-rg', name: 'my-aml-workspace' };
const wsPath = `/subscriptions/${EX.subscriptionId}/resourceGroups/${EX.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${EX.name}`;

let emu: ArmEmulator;
async function start(options: ArmEmulatorOptions = {}) {
  emu = await startArmEmulator({ workspaces: [EX], lro: { polls: 0 }, ...options });
}
afterEach(async () => {
  await emu?.stop();
});

/** Waits until the operation of a 201/202 answer ends; its final status. */
async function settle(res: { headers: Record<string, unknown> }): Promise<string> {
  const url = res.headers['azure-asyncoperation'] as string | undefined;
  if (!url) return 'Succeeded';
  for (let i = 0; i < 200; i++) {
    const s = await armRequest(emu, 'GET', new URL(url).pathname + new URL(url).search);
    if (s.body.status !== 'InProgress') return s.body.status as string;
  }
  throw new Error('operation did not end');
}

/** Key paths of `example` that `actual` lacks (values are the example's placeholders; only the shape counts). */
function missingKeys(example: unknown, actual: unknown, at = ''): string[] {
  if (typeof example !== 'object' || example === null || Array.isArray(example)) return [];
  if (typeof actual !== 'object' || actual === null) return [at || '(root)'];
  const out: string[] = [];
  for (const [k, v] of Object.entries(example)) {
    const a = (actual as Record<string, unknown>)[k];
    // dictionaries keyed by the example's placeholder name ("string") have no fixed keys
    if (k === 'string' || k === 'userAssignedIdentities' || v === undefined) continue;
    if (a === undefined) out.push(`${at}${k}`);
    else out.push(...missingKeys(v, a, `${at}${k}.`));
  }
  return out;
}

describe("the specification's examples", () => {
  const spec = azureMlSpec();

  test('every example request body conforms to its operation schema', () => {
    const names = Object.keys(spec.examples);
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const name of names) {
      const ex = spec.examples[name];
      const op = spec.operations[ex.operation ?? name];
      expect([name, specProblems(op.body, ex.parameters.body)]).toEqual([name, []]);
    }
  });

  test('the schemas refuse what the spec forbids: a missing required property, an unknown enum value, a sub-type property of the wrong type', () => {
    const ex = spec.examples.OnlineDeployments_CreateOrUpdate_Kubernetes.parameters.body as {
      properties: Record<string, unknown>;
    };
    const noCompute = { ...ex, properties: { ...ex.properties, endpointComputeType: undefined } };
    expect(specProblems('OnlineDeploymentTrackedResource', noCompute).map((p) => p.target)).toContain(
      'properties.endpointComputeType'
    );
    const wrongEnum = { ...ex, properties: { ...ex.properties, endpointComputeType: 'Serverless' } };
    expect(specProblems('OnlineDeploymentTrackedResource', wrongEnum)[0].message).toMatch(
      /endpointComputeType must be one of \["Managed","Kubernetes","AzureMLCompute"\]/
    );
    // containerResourceRequirements belongs to the Kubernetes sub-type: checked only there
    const badResources = { ...ex, properties: { ...ex.properties, containerResourceRequirements: { containerResourceRequests: { cpu: 1 } } } };
    expect(specProblems('OnlineDeploymentTrackedResource', badResources).map((p) => p.target)).toEqual([
      'properties.containerResourceRequirements.containerResourceRequests.cpu'
    ]);
    const managed = { ...badResources, properties: { ...badResources.properties, endpointComputeType: 'Managed' } };
    expect(specProblems('OnlineDeploymentTrackedResource', managed)).toEqual([]);
    const noLocation = { ...ex, location: undefined };
    expect(specProblems('OnlineDeploymentTrackedResource', noLocation).map((p) => p.target)).toEqual(['location']);
    expect(specProblems('DataVersionBaseResource', { properties: { dataType: 'uri_file' } })[0].target).toBe(
      'properties.dataUri'
    );
  });

  test('asset examples replayed through the emulator answer as the spec shows (status and shape)', async () => {
    await start();
    const paths: Record<string, string> = {
      EnvironmentVersions_CreateOrUpdate: `${wsPath}/environments/string/versions/string`,
      ModelVersions_CreateOrUpdate: `${wsPath}/models/string/versions/string`,
      DataVersions_CreateOrUpdate: `${wsPath}/data/string/versions/string`
    };
    for (const [name, path] of Object.entries(paths)) {
      const ex = spec.examples[name];
      const res = await armRequest(emu, 'PUT', path, { body: ex.parameters.body });
      expect([name, res.status]).toEqual([name, 201]);
      expect([name, missingKeys(ex.responses['201'].body, res.body)]).toEqual([name, []]);
      const again = await armRequest(emu, 'PUT', raPath, { apiVersion: '2022-04-01', body: raBody });
    expect(again.status).toBe(201);

    // a Reader may read but not write
    emu.caller.roles.splice(0, emu.caller.roles.length, { role: 'Reader', scope: wsPath });
    expect((await armRequest(emu, 'GET', `${wsPath}/onlineEndpoints/ep-rbac`)).status).toBe(200);
    const write = await armRequest(emu, 'PUT', `${wsPath}/onlineEndpoints/ep-other`, {
      body: { location: 'eastus', properties: { authMode: 'Key' } }
    });
    expect(write.status).toBe(403);
    expect(write.body.error.message).toContain("'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/write'");
  });

  test('slow provisioning: many polls before the operation ends', async () => {
    await start({ lro: { polls: 25 } });
    const res = await armRequest(emu, 'PUT', `${wsPath}/onlineEndpoints/ep-slow`, {
      body: { location: 'eastus', properties: { authMode: 'Key' } }
    });
    const before = emu.requests.length;
    expect(await settle(res)).toBe('Succeeded');
    expect(emu.requests.length - before).toBeGreaterThanOrEqual(26);
  });

  test('a rolling update failing on one instance ends Failed and the previous version keeps serving', async () => {
    const served: string[] = [];
    await start({
      scorer: async (d) => {
        served.push(d.model?.version ?? '?');
        const version = d.model?.version;
        return async () => ({ version });
      }
    });
    await endpoint('ep-roll');
    const v1 = await modelId();
    const v2 = (
      await armRequest(emu, 'PUT', `${wsPath}/models/flow/versions/2`, {
        body: { properties: { modelUri: 'azureml://datastores/workspaceblobstore/paths/flow2', modelType: 'custom_model' } }
      })
    ).body.id as string;
    expect(await settle(await put('ep-roll', 'blue', deployment(v1, {}, 3)))).toBe('Succeeded');
    const traffic = await armRequest(emu, 'PUT', `${wsPath}/onlineEndpoints/ep-roll`, {
      body: { location: 'eastus', properties: { authMode: 'Key', traffic: { blue: 100 } } }
    });
    await settle(traffic);
    emu.faults.failProvisioning({ endpoint: 'ep-roll', deployment: 'blue', instance: 2 });
    const update = await put('ep-roll', 'blue', deployment(v2, {}, 3));
    expect(update.status).toBe(200);
    expect(await settle(update)).toBe('Failed');
    const d = await armRequest(emu, 'GET', `${wsPath}/onlineEndpoints/ep-roll/deployments/blue`);
    expect(d.body.properties.provisioningState).toBe('Failed');
    const score = await emu.score('ep-roll', {});
    expect(score.status).toBe(200);
    expect(score.body).toEqual({ version: '1' });
    expect(served).toEqual(['1']);
  });
});

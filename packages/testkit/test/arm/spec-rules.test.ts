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

const EX = {
  subscriptionId: '00000000-1111-2222-3333-444444444444',
  resourceGroup: 'test-rg',
  name: 'my-aml-workspace'
};
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
    const badResources = {
      ...ex,
      properties: {
        ...ex.properties,
        containerResourceRequirements: { containerResourceRequests: { cpu: 1 } }
      }
    };
    expect(specProblems('OnlineDeploymentTrackedResource', badResources).map((p) => p.target)).toEqual([
      'properties.containerResourceRequirements.containerResourceRequests.cpu'
    ]);
    const managed = {
      ...badResources,
      properties: { ...badResources.properties, endpointComputeType: 'Managed' }
    };
    expect(specProblems('OnlineDeploymentTrackedResource', managed)).toEqual([]);
    const noLocation = { ...ex, location: undefined };
    expect(specProblems('OnlineDeploymentTrackedResource', noLocation).map((p) => p.target)).toEqual([
      'location'
    ]);
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
      const again = await armRequest(emu, 'GET', path);
      expect([name, again.status, missingKeys(ex.responses['201'].body, again.body)]).toEqual([
        name,
        200,
        []
      ]);
    }
  });

  test('the online deployment examples pass the schema but not the service rules; made real, they answer as the spec shows', async () => {
    await start();
    const ep = await armRequest(emu, 'PUT', `${wsPath}/onlineEndpoints/testEndpointName`, {
      body: { location: 'eastus', identity: { type: 'SystemAssigned' }, properties: { authMode: 'Key' } }
    });
    expect(ep.status).toBe(201);
    expect(await settle(ep)).toBe('Succeeded');
    const ex = spec.examples.OnlineDeployments_CreateOrUpdate_Managed;
    const path = `${wsPath}/onlineEndpoints/testEndpointName/deployments/testDeploymentName`;
    // as published: placeholders ("string" location, model, instance type) and a 5-minute request timeout
    const asIs = await armRequest(emu, 'PUT', path, { body: ex.parameters.body });
    expect(asIs.status).toBe(400);
    expect(asIs.body.error.message).toMatch(/location 'string' must be the workspace's location/);

    const model = await armRequest(emu, 'PUT', `${wsPath}/models/flow/versions/1`, {
      body: {
        properties: {
          modelUri: 'azureml://datastores/workspaceblobstore/paths/flow',
          modelType: 'custom_model'
        }
      }
    });
    const env = await armRequest(emu, 'PUT', `${wsPath}/environments/serving/versions/1`, {
      body: { properties: { image: 'mcr.microsoft.com/azureml/promptflow/promptflow-runtime:latest' } }
    });
    const body = ex.parameters.body as { properties: Record<string, unknown> } & Record<string, unknown>;
    const real = {
      ...body,
      location: 'eastus',
      sku: { ...(body.sku as object), capacity: 1 },
      identity: undefined,
      properties: {
        ...body.properties,
        model: model.body.id,
        environmentId: env.body.id,
        instanceType: 'Standard_DS3_v2'
      }
    };
    const tooLong = await armRequest(emu, 'PUT', path, { body: real });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toMatch(/requestTimeout PT5M .* exceeds the maximum of 180 seconds/);

    const ok = await armRequest(emu, 'PUT', path, {
      body: {
        ...real,
        properties: {
          ...real.properties,
          requestSettings: { requestTimeout: 'PT1M', maxConcurrentRequestsPerInstance: 1 }
        }
      }
    });
    expect(ok.status).toBe(201);
    const expected = ex.responses['201'].body as Record<string, unknown>;
    // identity was left out of the request (a deployment has none of its own here): it is not answered either
    expect(missingKeys({ ...expected, identity: undefined }, ok.body)).toEqual([]);
    expect(await settle(ok)).toBe('Succeeded');
  });
});

describe('rules of the service the spec lets through', () => {
  async function endpoint(name: string, ws = wsPath) {
    const res = await armRequest(emu, 'PUT', `${ws}/onlineEndpoints/${name}`, {
      body: { location: 'eastus', identity: { type: 'SystemAssigned' }, properties: { authMode: 'Key' } }
    });
    expect(res.status).toBe(201);
    await settle(res);
    return res;
  }
  async function modelId() {
    const m = await armRequest(emu, 'PUT', `${wsPath}/models/flow/versions/1`, {
      body: {
        properties: {
          modelUri: 'azureml://datastores/workspaceblobstore/paths/flow',
          modelType: 'custom_model'
        }
      }
    });
    return m.body.id as string;
  }
  const deployment = (model: string, props: Record<string, unknown> = {}, capacity = 1) => ({
    location: 'eastus',
    sku: { name: 'Default', capacity },
    properties: { endpointComputeType: 'Managed', model, instanceType: 'Standard_DS3_v2', ...props }
  });
  const put = (ep: string, name: string, body: unknown) =>
    armRequest(emu, 'PUT', `${wsPath}/onlineEndpoints/${ep}/deployments/${name}`, { body });

  test('instanceType is required on a managed deployment, and must be a supported size', async () => {
    await start();
    await endpoint('ep-rules');
    const model = await modelId();
    const none = await put('ep-rules', 'blue', deployment(model, { instanceType: undefined }));
    expect(none.status).toBe(400);
    expect(none.body.error.message).toMatch(/InstanceType is required/);
    const unknown = await put('ep-rules', 'blue', deployment(model, { instanceType: 'Standard_Tiny' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/instance type 'Standard_Tiny'.*not supported/);
    expect((await put('ep-rules', 'blue', deployment(model))).status).toBe(201);
  });

  test('names of endpoints and deployments: 3 to 32 characters', async () => {
    await start();
    for (const bad of ['ab', 'a'.repeat(33), '1abc', 'abc-']) {
      const res = await armRequest(emu, 'PUT', `${wsPath}/onlineEndpoints/${bad}`, {
        body: { location: 'eastus', properties: { authMode: 'Key' } }
      });
      expect([bad, res.status]).toEqual([bad, 400]);
    }
    expect((await endpoint('a'.repeat(32))).status).toBe(201);
    const model = await modelId();
    expect((await put('a'.repeat(32), 'xy', deployment(model))).status).toBe(400);
  });

  test('request timeout ceiling: 180 s, and 300 s for a prompt flow deployment', async () => {
    await start();
    await endpoint('ep-timeout');
    const model = await modelId();
    const over = await put(
      'ep-timeout',
      'blue',
      deployment(model, { requestSettings: { requestTimeout: 'PT181S' } })
    );
    expect(over.status).toBe(400);
    expect(over.body.error.details[0].target).toBe('properties.requestSettings.requestTimeout');
    expect(
      (await put('ep-timeout', 'blue', deployment(model, { requestSettings: { requestTimeout: 'PT3M' } })))
        .status
    ).toBe(201);
    // a registered flow (as prompt flow marks it) may take up to 300 s
    const flow = await armRequest(emu, 'PUT', `${wsPath}/models/pf/versions/1`, {
      body: {
        properties: {
          modelUri: 'azureml://datastores/workspaceblobstore/paths/pf',
          modelType: 'custom_model',
          properties: { 'is-promptflow': 'true' }
        }
      }
    });
    await emu.completeOperations();
    const flowTimeout = (t: string) =>
      put(
        'ep-timeout',
        'green',
        deployment(flow.body.id as string, { requestSettings: { requestTimeout: t } })
      );
    expect((await flowTimeout('PT301S')).body.error.message).toMatch(/exceeds the maximum of 300 seconds/);
    expect((await flowTimeout('PT5M')).status).toBe(201);
  });

  test('quota: instances × 1.2 (rounded up) × VM cores must fit the regional quota', async () => {
    await start({ quotaCores: 20 });
    await endpoint('ep-quota');
    const model = await modelId();
    // Standard_DS3_v2 has 4 cores: 3 instances need ceil(3.6) × 4 = 16 cores
    expect((await put('ep-quota', 'blue', deployment(model, {}, 3))).status).toBe(201);
    await emu.completeOperations();
    // 1 more instance needs ceil(1.2) × 4 = 8: 16 + 8 > 20
    const green = await put('ep-quota', 'green', deployment(model, {}, 1));
    expect(green.status).toBe(400);
    expect(green.body.error.code).toBe('OutOfQuota');
    expect(green.body.error.message).toMatch(/needs 8 cores .* 4 of 20 are free/);
    // updating blue itself replaces its own share: 4 instances need ceil(4.8) × 4 = 20
    expect((await put('ep-quota', 'blue', deployment(model, {}, 4))).status).toBe(200);
  });

  test('traffic must sum to 100 (or 0); mirror traffic: one deployment, at most 50 %, not a live one', async () => {
    await start();
    await endpoint('ep-mirror');
    const model = await modelId();
    for (const d of ['blue', 'green', 'red'])
      expect((await put('ep-mirror', d, deployment(model))).status).toBe(201);
    await emu.completeOperations();
    const setTraffic = (traffic: Record<string, number>, mirrorTraffic?: Record<string, number>) =>
      armRequest(emu, 'PUT', `${wsPath}/onlineEndpoints/ep-mirror`, {
        body: {
          location: 'eastus',
          identity: { type: 'SystemAssigned' },
          properties: { authMode: 'Key', traffic, ...(mirrorTraffic ? { mirrorTraffic } : {}) }
        }
      });
    expect((await setTraffic({ blue: 80, green: 10 })).status).toBe(400);
    const over = await setTraffic({ blue: 100 }, { green: 51 });
    expect(over.status).toBe(400);
    expect(over.body.error.message).toMatch(/between 0 and 50/);
    expect((await setTraffic({ blue: 100 }, { green: 10, red: 10 })).body.error.message).toMatch(
      /Only one deployment/
    );
    expect((await setTraffic({ blue: 90, green: 10 }, { green: 10 })).body.error.message).toMatch(
      /live and mirrored/
    );
    expect((await setTraffic({ blue: 100 }, { missing: 10 })).body.error.message).toMatch(/does not exist/);
    const ok = await setTraffic({ blue: 100 }, { green: 50 });
    expect(ok.status).toBe(200);
    await settle(ok);
    const got = await armRequest(emu, 'GET', `${wsPath}/onlineEndpoints/ep-mirror`);
    expect(got.body.properties.mirrorTraffic).toEqual({ green: 50 });
  });

  test('endpoint names are unique per region, not across regions', async () => {
    const west = { ...EX, name: 'mlw-west', location: 'westeurope' };
    const east2 = { ...EX, name: 'mlw-east-2' };
    await start({ workspaces: [EX, west, east2] });
    await endpoint('shared-name');
    const westPath = wsPath.replace(EX.name, west.name);
    const inWest = await armRequest(emu, 'PUT', `${westPath}/onlineEndpoints/shared-name`, {
      body: { location: 'westeurope', properties: { authMode: 'Key' } }
    });
    expect(inWest.status).toBe(201);
    const sameRegion = await armRequest(
      emu,
      'PUT',
      `${wsPath.replace(EX.name, east2.name)}/onlineEndpoints/shared-name`,
      {
        body: { location: 'eastus', properties: { authMode: 'Key' } }
      }
    );
    expect(sameRegion.status).toBe(400);
    expect(sameRegion.body.error.message).toMatch(/unique within a region/);
  });

  test('RBAC: without the right the caller gets 403 AuthorizationFailed naming the action; the permissions API says what it holds', async () => {
    await start({
      caller: {
        principalId: 'c1a1e000-0000-4000-8000-000000000001',
        roles: [{ role: 'Contributor', scope: wsPath }]
      }
    });
    await endpoint('ep-rbac');
    const raPath = `${wsPath}/providers/Microsoft.Authorization/roleAssignments/0f7a7d40-1111-4222-8333-444455556666`;
    const raBody = {
      properties: {
        roleDefinitionId: `/subscriptions/${EX.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/f6c7c914-8db3-469d-8ca1-694a8f32e121`,
        principalId: '0f7a7d40-aaaa-4bbb-8ccc-444455556666'
      }
    };
    const ra = await armRequest(emu, 'PUT', raPath, { apiVersion: '2022-04-01', body: raBody });
    expect(ra.status).toBe(403);
    expect(ra.body.error.code).toBe('AuthorizationFailed');
    expect(ra.body.error.message).toContain("'Microsoft.Authorization/roleAssignments/write'");
    expect(ra.body.error.message).toContain('c1a1e000-0000-4000-8000-000000000001');
    // outside its scope it may do nothing
    const other = await armRequest(
      emu,
      'GET',
      `/subscriptions/${EX.subscriptionId}/resourceGroups/test-rg/providers/Microsoft.MachineLearningServices/workspaces`
    );
    expect(other.status).toBe(403);
    const perms = await armRequest(emu, 'GET', `${wsPath}/providers/Microsoft.Authorization/permissions`, {
      apiVersion: '2022-04-01'
    });
    expect(perms.body.value).toEqual([
      expect.objectContaining({
        actions: ['*'],
        notActions: expect.arrayContaining(['Microsoft.Authorization/*/Write'])
      })
    ]);

    // Role Based Access Control Administrator adds the right to assign roles
    emu.caller.roles.push({ role: 'Role Based Access Control Administrator', scope: wsPath });
    const again = await armRequest(emu, 'PUT', raPath, { apiVersion: '2022-04-01', body: raBody });
    expect(again.status).toBe(201);

    // a Reader may read but not write
    emu.caller.roles.splice(0, emu.caller.roles.length, { role: 'Reader', scope: wsPath });
    expect((await armRequest(emu, 'GET', `${wsPath}/onlineEndpoints/ep-rbac`)).status).toBe(200);
    const write = await armRequest(emu, 'PUT', `${wsPath}/onlineEndpoints/ep-other`, {
      body: { location: 'eastus', properties: { authMode: 'Key' } }
    });
    expect(write.status).toBe(403);
    expect(write.body.error.message).toContain(
      "'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/write'"
    );
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
        body: {
          properties: {
            modelUri: 'azureml://datastores/workspaceblobstore/paths/flow2',
            modelType: 'custom_model'
          }
        }
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

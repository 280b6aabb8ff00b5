import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  AzureMachineLearningWorkspaces,
  type OnlineDeployment,
  type OnlineEndpoint
} from '@azure/arm-machinelearning';
import {
  armClientOptions,
  armRequest,
  FAST_RETRY_OPTIONS,
  startArmEmulator,
  staticTokenCredential,
  type ArmEmulator,
  type ArmEmulatorOptions,
  type ScorerDeployment
} from '../../src/index.js';

const SUB = '11111111-2222-3333-4444-555555555555';
const RG = 'rg-genaiops-test';
const WS = 'mlw-dev';
/** Poll fast: the SDK's default LRO interval is 2 s. */
const FAST = { updateIntervalInMs: 5 };

let emu: ArmEmulator;
let client: AzureMachineLearningWorkspaces;

async function start(options: ArmEmulatorOptions = {}): Promise<void> {
  emu = await startArmEmulator({
    workspaces: [{ subscriptionId: SUB, resourceGroup: RG, name: WS }],
    ...options
  });
  // How a stage builds the real client against the emulator: endpoint + trust of the emulator's CA.
  client = new AzureMachineLearningWorkspaces(
    staticTokenCredential(),
    SUB,
    armClientOptions(emu, { retryOptions: FAST_RETRY_OPTIONS })
  );
}

afterEach(async () => {
  await emu?.stop();
});

const wsPath = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/${WS}`;

async function registerModel(name = 'ner-flow', version = '1', tags: Record<string, string> = {}) {
  return client.modelVersions.createOrUpdate(RG, WS, name, version, {
    properties: {
      modelUri: `azureml://datastores/workspaceblobstore/paths/flows/${name}/${version}/`,
      modelType: 'custom_model',
      description: 'prompt flow',
      properties: { 'is-promptflow': 'true' },
      tags
    }
  });
}

function endpointBody(
  traffic?: Record<string, number>,
  extra: Partial<OnlineEndpoint['properties']> = {}
): OnlineEndpoint {
  return {
    location: 'eastus',
    identity: { type: 'SystemAssigned' },
    tags: { app: 'ner' },
    properties: { authMode: 'Key', description: 'NER endpoint', ...(traffic ? { traffic } : {}), ...extra }
  };
}

async function createEndpoint(name = 'ner-dev', traffic?: Record<string, number>) {
  return client.onlineEndpoints.beginCreateOrUpdateAndWait(RG, WS, name, endpointBody(traffic), FAST);
}

function managedDeployment(model: string, env: Record<string, string> = {}): OnlineDeployment {
  return {
    location: 'eastus',
    sku: { name: 'Default', capacity: 1 },
    properties: {
      endpointComputeType: 'Managed',
      model,
      instanceType: 'Standard_DS3_v2',
      environmentVariables: { PROMPTFLOW_RUN_MODE: 'serving', ...env },
      requestSettings: { requestTimeout: 'PT30S' },
      scaleSettings: { scaleType: 'Default' }
    }
  };
}

async function createDeployment(
  endpoint: string,
  name: string,
  model: string,
  env: Record<string, string> = {}
) {
  return client.onlineDeployments.beginCreateOrUpdateAndWait(
    RG,
    WS,
    endpoint,
    name,
    managedDeployment(model, env),
    FAST
  );
}

/** Endpoint `ner-dev` with deployments blue (v1) and green (v2), traffic as given. */
async function blueGreen(traffic: Record<string, number>) {
  const v1 = await registerModel('ner-flow', '1');
  const v2 = await registerModel('ner-flow', '2');
  await createEndpoint('ner-dev');
  await createDeployment('ner-dev', 'blue', v1.id!);
  await createDeployment('ner-dev', 'green', v2.id!);
  await client.onlineEndpoints.beginCreateOrUpdateAndWait(RG, WS, 'ner-dev', endpointBody(traffic), FAST);
}

describe('ARM emulator: the real @azure/arm-machinelearning client against it', () => {
  test('serves HTTPS on loopback with a CA the client is told to trust', async () => {
    await start();
    expect(emu.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.ca).toContain('BEGIN CERTIFICATE');
    expect(emu.apiVersion).toBe('2022-10-01');
    const ws = await client.workspaces.get(RG, WS);
    expect(ws.name).toBe(WS);
    expect(ws.location).toBe('eastus');
    expect(ws.storageAccount).toMatch(/storageAccounts\/devstoreaccount1$/);
    expect(ws.discoveryUrl).toBe(`${emu.url}/discovery`);
    expect(emu.requests[0]).toMatchObject({
      method: 'GET',
      path: wsPath,
      apiVersion: '2022-10-01',
      status: 200
    });
  });

  test('a client that does not trust the CA fails the TLS handshake', async () => {
    await start();
    const untrusting = new AzureMachineLearningWorkspaces(staticTokenCredential(), SUB, {
      endpoint: emu.url,
      retryOptions: { maxRetries: 0 }
    });
    await expect(untrusting.workspaces.get(RG, WS)).rejects.toThrow(/certificate/i);
  });

  test('child processes trust it through NODE_EXTRA_CA_CERTS=<emulator.caFile>', async () => {
    await start();
    const script = `fetch(process.argv[1], { headers: { authorization: 'Bearer t' } }).then(r => console.log(r.status), e => { console.error(e.cause ?? e); process.exit(1); })`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-e', script, `${emu.url}${wsPath}?api-version=2022-10-01`],
      { env: { ...process.env, NODE_OPTIONS: '', NODE_EXTRA_CA_CERTS: emu.caFile } }
    );
    expect(stdout.trim()).toBe('200');
  });

  test('unknown workspace → 404 ResourceNotFound; unknown resource group → ResourceGroupNotFound', async () => {
    await start();
    await expect(client.workspaces.get(RG, 'nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
      message: expect.stringContaining("workspaces/nope' under resource group")
    });
    await expect(client.onlineEndpoints.get('rg-nope', WS, 'x')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceGroupNotFound'
    });
  });

  test('several workspaces, each with its own state', async () => {
    await start({
      workspaces: [
        { subscriptionId: SUB, resourceGroup: RG, name: WS },
        { subscriptionId: SUB, resourceGroup: 'rg-prod', name: 'mlw-prod', location: 'westeurope' }
      ]
    });
    await registerModel('m', '1');
    await expect(client.modelVersions.get('rg-prod', 'mlw-prod', 'm', '1')).rejects.toMatchObject({
      statusCode: 404
    });
    const prod = await client.workspaces.get('rg-prod', 'mlw-prod');
    expect(prod.location).toBe('westeurope');
    expect(emu.state().modelVersions.map((v) => v.workspace)).toEqual([WS]);
  });

  test('datastores: workspaceblobstore and its account key', async () => {
    await start({
      blob: { accountName: 'devstoreaccount1', accountKey: 'a2V5', container: 'azureml-blobstore' }
    });
    const list: string[] = [];
    for await (const d of client.datastores.list(RG, WS)) list.push(d.name!);
    expect(list).toEqual(['workspaceblobstore']);
    const ds = await client.datastores.get(RG, WS, 'workspaceblobstore');
    expect(ds.properties).toMatchObject({
      datastoreType: 'AzureBlob',
      accountName: 'devstoreaccount1',
      containerName: 'azureml-blobstore',
      isDefault: true
    });
    const secrets = await client.datastores.listSecrets(RG, WS, 'workspaceblobstore');
    expect(secrets).toEqual({ secretsType: 'AccountKey', key: 'a2V5' });
    await expect(client.datastores.get(RG, WS, 'other')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('data and model assets', () => {
  const dataUri = (n: number) => `azureml://datastores/workspaceblobstore/paths/data/ner/${n}/data.jsonl`;

  test('data container, versions, ordering, top, tags and paging', async () => {
    await start({ pageSize: 2 });
    await client.dataContainers.createOrUpdate(RG, WS, 'ner_train', {
      properties: { dataType: 'uri_file', description: 'NER training data' }
    });
    for (const n of [1, 2, 3, 4, 5]) {
      const v = await client.dataVersions.createOrUpdate(RG, WS, 'ner_train', String(n), {
        properties: { dataType: 'uri_file', dataUri: dataUri(n), tags: { contentHash: `h${n}` } }
      });
      expect(v.name).toBe(String(n));
      expect(v.id).toBe(`${wsPath}/data/ner_train/versions/${n}`);
      expect(v.systemData?.createdAt).toBeInstanceOf(Date);
    }
    const versions = async (options: Parameters<typeof client.dataVersions.list>[3] = {}) => {
      const out: string[] = [];
      for await (const v of client.dataVersions.list(RG, WS, 'ner_train', options)) out.push(v.name!);
      return out;
    };
    expect(await versions()).toEqual(['1', '2', '3', '4', '5']); // across 3 pages of 2
    expect(await versions({ orderBy: 'createdtime desc' })).toEqual(['5', '4', '3', '2', '1']);
    expect(await versions({ orderBy: 'createdtime desc', top: 1 })).toEqual(['5']);
    expect(await versions({ tags: 'contentHash=h3' })).toEqual(['3']);
    expect(await versions({ tags: 'contentHash=nope' })).toEqual([]);

    const container = await client.dataContainers.get(RG, WS, 'ner_train');
    expect(container.properties).toMatchObject({
      dataType: 'uri_file',
      latestVersion: '5',
      nextVersion: '6'
    });

    const ordered = emu.requests.filter(
      (r) => r.path.endsWith('/data/ner_train/versions') && r.query.$orderBy
    );
    expect(ordered[0].query).toMatchObject({ $orderBy: 'createdtime desc', 'api-version': '2022-10-01' });
  });

  test('a version can be re-put with new tags, but its data uri cannot change', async () => {
    await start();
    const put = (uri: string, tags: Record<string, string>) =>
      client.dataVersions.createOrUpdate(RG, WS, 'eval', '1', {
        properties: { dataType: 'uri_file', dataUri: uri, tags }
      });
    await put(dataUri(1), { a: '1' });
    const again = await put(dataUri(1), { a: '2' });
    expect(again.properties.tags).toEqual({ a: '2' });
    await expect(put(dataUri(9), {})).rejects.toMatchObject({
      statusCode: 400,
      code: 'UserError',
      message: expect.stringContaining('already exists')
    });
    // the container was created with the first version
    expect((await client.dataContainers.get(RG, WS, 'eval')).properties.latestVersion).toBe('1');
  });

  test('uri_folder data and an unknown dataType (checked against the REST specification server-side)', async () => {
    await start();
    const folder = await client.dataVersions.createOrUpdate(RG, WS, 'docs', '1', {
      properties: { dataType: 'uri_folder', dataUri: 'azureml://datastores/workspaceblobstore/paths/docs/' }
    });
    expect(folder.properties.dataType).toBe('uri_folder');
    const raw = await armRequest(emu, 'PUT', `${wsPath}/data/docs/versions/2`, {
      body: { properties: { dataType: 'csv', dataUri: 'x' } }
    });
    expect(raw.status).toBe(400);
    expect(raw.body.error.message).toMatch(
      /properties\.dataType must be one of \[.*"uri_file".*\], got "csv"/
    );
  });

  test('model versions: register, list newest first, get; names are validated', async () => {
    await start();
    await registerModel('ner-flow', '1', { hash: 'a' });
    await registerModel('ner-flow', '2', { hash: 'b' });
    const newest: string[] = [];
    for await (const v of client.modelVersions.list(RG, WS, 'ner-flow', {
      orderBy: 'createdtime desc',
      top: 1
    })) {
      newest.push(v.name!);
    }
    expect(newest).toEqual(['2']);
    const tagged: string[] = [];
    for await (const v of client.modelVersions.list(RG, WS, 'ner-flow', { tags: 'hash=a' }))
      tagged.push(v.name!);
    expect(tagged).toEqual(['1']);
    const v2 = await client.modelVersions.get(RG, WS, 'ner-flow', '2');
    expect(v2.properties).toMatchObject({
      modelType: 'custom_model',
      properties: { 'is-promptflow': 'true' }
    });
    expect(v2.id).toBe(emu.modelVersionId('ner-flow', '2'));
    const container = await client.modelContainers.get(RG, WS, 'ner-flow');
    expect(container.properties.latestVersion).toBe('2');
    // The SDK does not check the name pattern (client-side constraint checks are gone); the service does.
    await expect(registerModel('bad name!', '1')).rejects.toMatchObject({
      statusCode: 400,
      code: 'UserError'
    });
    await expect(client.modelVersions.get(RG, WS, 'ner-flow', '9')).rejects.toMatchObject({
      statusCode: 404
    });
  });
});

describe('online endpoints and deployments (long-running operations)', () => {
  test('endpoint create: 201 + Azure-AsyncOperation, InProgress polls, then Succeeded', async () => {
    await start({ lro: { polls: 2 } });
    const poller = await client.onlineEndpoints.beginCreateOrUpdate(RG, WS, 'ner-dev', endpointBody(), FAST);
    const during = await client.onlineEndpoints.get(RG, WS, 'ner-dev');
    expect(during.properties.provisioningState).toBe('Creating');
    const done = await poller.pollUntilDone();
    expect(done.properties.provisioningState).toBe('Succeeded');
    expect(done.properties.scoringUri).toBe(`${emu.url}/endpoints/ner-dev/score`);
    expect(done.identity).toMatchObject({
      type: 'SystemAssigned',
      principalId: expect.stringMatching(/^[0-9a-f-]{36}$/)
    });

    const put = emu.requests.find((r) => r.method === 'PUT')!;
    expect(put.status).toBe(201);
    const polls = emu.requests.filter((r) => r.kind === 'operation');
    expect(polls.map((r) => r.path.includes('/mfeOperationsStatus/'))).toEqual([true, true, true]);
    const opState = emu.state().operations[0];
    expect(opState).toMatchObject({ kind: 'Create', status: 'Succeeded', polls: 2 });

    const keys = await client.onlineEndpoints.listKeys(RG, WS, 'ner-dev');
    expect(keys.primaryKey).toMatch(/^[0-9a-f]{32}$/);
    expect(keys.secondaryKey).not.toBe(keys.primaryKey);
    const names: string[] = [];
    for await (const e of client.onlineEndpoints.list(RG, WS)) names.push(e.name!);
    expect(names).toEqual(['ner-dev']);
  });

  test('endpoint names follow Azure ML rules and must match the workspace region', async () => {
    await start();
    await expect(createEndpoint('9-bad')).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('3 to 32 characters')
    });
    await expect(
      client.onlineEndpoints.beginCreateOrUpdateAndWait(
        RG,
        WS,
        'ner-x',
        { ...endpointBody(), location: 'westus' },
        FAST
      )
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining("workspace's location") });
  });

  test('managed deployment: create (LRO), update (PATCH LRO), getLogs, list', async () => {
    await start();
    const model = await registerModel();
    await createEndpoint();
    const dep = await createDeployment('ner-dev', 'blue', model.id!, { APP: '1' });
    expect(dep.properties).toMatchObject({
      endpointComputeType: 'Managed',
      provisioningState: 'Succeeded',
      model: model.id
    });
    expect(dep.sku?.capacity).toBe(1);
    const patched = await client.onlineDeployments.beginUpdateAndWait(
      RG,
      WS,
      'ner-dev',
      'blue',
      { sku: { capacity: 3 }, tags: { rev: '2' } },
      FAST
    );
    expect(patched.sku?.capacity).toBe(3);
    expect(patched.tags).toEqual({ rev: '2' });
    expect(emu.requests.find((r) => r.method === 'PATCH')!.status).toBe(202);
    const logs = await client.onlineDeployments.getLogs(RG, WS, 'ner-dev', 'blue', { tail: 10 });
    expect(logs.content).toContain('ready and serving');
    const names: string[] = [];
    for await (const d of client.onlineDeployments.list(RG, WS, 'ner-dev')) names.push(d.name!);
    expect(names).toEqual(['blue']);
    expect(emu.state().deployments[0]).toMatchObject({
      endpoint: 'ner-dev',
      name: 'blue',
      instanceCount: 3,
      instanceType: 'Standard_DS3_v2',
      environmentVariables: { PROMPTFLOW_RUN_MODE: 'serving', APP: '1' }
    });
  });

  test('kubernetes endpoint and deployment; compute types must agree', async () => {
    await start({
      workspaces: [{ subscriptionId: SUB, resourceGroup: RG, name: WS, computes: ['aks-compute'] }]
    });
    const model = await registerModel();
    const compute = `${emu.workspaceId()}/computes/aks-compute`;
    await client.onlineEndpoints.beginCreateOrUpdateAndWait(
      RG,
      WS,
      'ner-k8s',
      endpointBody(undefined, { compute }),
      FAST
    );
    const dep = await client.onlineDeployments.beginCreateOrUpdateAndWait(
      RG,
      WS,
      'ner-k8s',
      'blue',
      {
        location: 'eastus',
        sku: { name: 'Default', capacity: 2 },
        properties: {
          endpointComputeType: 'Kubernetes',
          model: model.id,
          instanceType: 'defaultinstancetype',
          containerResourceRequirements: {
            containerResourceRequests: { cpu: '1', memory: '2Gi' },
            containerResourceLimits: { cpu: '2', memory: '4Gi' }
          }
        }
      },
      FAST
    );
    expect(dep.properties.endpointComputeType).toBe('Kubernetes');
    expect(emu.state().endpoints[0].compute).toBe(compute);
    await expect(createDeployment('ner-k8s', 'green', model.id!)).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("can't be created under a Kubernetes endpoint")
    });
    await expect(
      client.onlineEndpoints.beginCreateOrUpdateAndWait(
        RG,
        WS,
        'ner-k8s2',
        endpointBody(undefined, { compute: `${emu.workspaceId()}/computes/missing` }),
        FAST
      )
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  test('environment versions, and a deployment referencing one (missing → 400)', async () => {
    await start();
    const model = await registerModel();
    const env = await client.environmentVersions.createOrUpdate(RG, WS, 'promptflow-runtime', '1', {
      properties: {
        image: 'mcr.microsoft.com/azureml/promptflow/promptflow-runtime:latest',
        inferenceConfig: {
          livenessRoute: { path: '/health', port: 8080 },
          readinessRoute: { path: '/health', port: 8080 },
          scoringRoute: { path: '/score', port: 8080 }
        }
      }
    });
    expect(env.properties.environmentType).toBe('UserCreated');
    await createEndpoint();
    const body = managedDeployment(model.id!);
    const dep = await client.onlineDeployments.beginCreateOrUpdateAndWait(
      RG,
      WS,
      'ner-dev',
      'blue',
      { ...body, properties: { ...body.properties, environmentId: env.id } },
      FAST
    );
    expect(dep.properties.environmentId).toBe(env.id);
    await expect(
      client.onlineDeployments.beginCreateOrUpdateAndWait(
        RG,
        WS,
        'ner-dev',
        'green',
        { ...body, properties: { ...body.properties, environmentId: env.id!.replace(/\/1$/, '/2') } },
        FAST
      )
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining("'promptflow-runtime:2'") });
  });

  test("a deployment's model must be an existing model version", async () => {
    await start();
    await createEndpoint();
    await expect(
      createDeployment('ner-dev', 'blue', emu.modelVersionId('ner-flow', '7'))
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("Model version 'ner-flow:7'")
    });
    await expect(createDeployment('ner-dev', 'blue', 'azureml:ner-flow:7')).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('not a valid model id')
    });
    expect(emu.state().deployments).toEqual([]);
  });

  test('traffic update through PUT; invalid traffic is rejected with the ARM message', async () => {
    await start();
    await blueGreen({ blue: 80, green: 20 });
    const ep = await client.onlineEndpoints.get(RG, WS, 'ner-dev');
    expect(ep.properties.traffic).toEqual({ blue: 80, green: 20 });
    expect(emu.state().endpoints[0]).toMatchObject({
      traffic: { blue: 80, green: 20 },
      servingTraffic: { blue: 80, green: 20 },
      deployments: ['blue', 'green']
    });

    const bad = (traffic: Record<string, number>) =>
      client.onlineEndpoints.beginCreateOrUpdateAndWait(RG, WS, 'ner-dev', endpointBody(traffic), FAST);
    await expect(bad({ blue: 80, green: 30 })).rejects.toMatchObject({
      name: 'RestError',
      statusCode: 400,
      code: 'UserError',
      message: expect.stringContaining('must sum to 100 (or 0), got 110')
    });
    await expect(bad({ blue: 80, red: 20 })).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("deployment 'red' does not exist in endpoint 'ner-dev'")
    });
    await expect(bad({ blue: 50.5, green: 49.5 })).rejects.toMatchObject({ statusCode: 400 });
    // nothing changed
    expect(emu.state().endpoints[0].traffic).toEqual({ blue: 80, green: 20 });
  });

  test('deleting a deployment that has traffic is refused; at 0 % it is deleted (LRO); then the endpoint', async () => {
    await start();
    await blueGreen({ blue: 100, green: 0 });
    await expect(
      client.onlineDeployments.beginDeleteAndWait(RG, WS, 'ner-dev', 'blue', FAST)
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('Set its traffic to 0')
    });
    await client.onlineDeployments.beginDeleteAndWait(RG, WS, 'ner-dev', 'green', FAST);
    expect(emu.requests.find((r) => r.method === 'DELETE' && r.status === 202)).toBeDefined();
    expect(emu.state().endpoints[0]).toMatchObject({ deployments: ['blue'], traffic: { blue: 100 } });
    await client.onlineEndpoints.beginDeleteAndWait(RG, WS, 'ner-dev', FAST);
    expect(emu.state().endpoints).toEqual([]);
    await expect(client.onlineEndpoints.get(RG, WS, 'ner-dev')).rejects.toMatchObject({ statusCode: 404 });
  });

  test('a second change while an operation runs on the same endpoint → 409 Conflict', async () => {
    await start({ lro: { polls: 50 } });
    await client.onlineEndpoints.beginCreateOrUpdate(RG, WS, 'ner-dev', endpointBody(), {
      updateIntervalInMs: 1000
    });
    await expect(
      client.onlineEndpoints.beginCreateOrUpdate(RG, WS, 'ner-dev', endpointBody(), FAST)
    ).rejects.toMatchObject({ statusCode: 409, code: 'Conflict' });
    await emu.completeOperations();
    expect((await client.onlineEndpoints.get(RG, WS, 'ner-dev')).properties.provisioningState).toBe(
      'Succeeded'
    );
  });

  test('lro.polls 0: operations end at the first poll, so even the default 2 s interval never waits', async () => {
    await start({ lro: { polls: 0 } });
    const t0 = Date.now();
    await client.onlineEndpoints.beginCreateOrUpdateAndWait(RG, WS, 'ner-dev', endpointBody());
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  test('time-based LRO delay instead of poll counting', async () => {
    await start({ lro: { delayMs: 60 } });
    const t0 = Date.now();
    await createEndpoint();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
  });
});

describe('request validation and authentication', () => {
  test('a body missing a required property → 400 UserError naming it (checked against the REST specification)', async () => {
    await start();
    const res = await armRequest(emu, 'PUT', `${wsPath}/onlineEndpoints/ner-dev`, {
      body: { location: 'eastus', properties: { description: 'no auth mode' } }
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'UserError',
      message: expect.stringContaining('properties.authMode is required'),
      details: [expect.objectContaining({ target: 'properties.authMode' })]
    });
    const wrongType = await armRequest(emu, 'PUT', `${wsPath}/models/m/versions/1`, {
      body: { properties: { tags: { a: 1 }, isArchived: 'no' } }
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.message).toContain('properties.tags.a must be of type string, got 1');
    expect(wrongType.body.error.message).toContain('properties.isArchived must be of type boolean, got "no"');
    const badDeployment = await armRequest(emu, 'PUT', `${wsPath}/onlineEndpoints/ner-dev/deployments/blue`, {
      body: { location: 'eastus', properties: { endpointComputeType: 'Serverless' } }
    });
    // (the endpoint doesn't exist: existence is checked first, as the service does)
    expect(badDeployment.status).toBe(404);
    const notJson = await armRequest(emu, 'PUT', `${wsPath}/onlineEndpoints/ner-dev`, { body: '{ nope' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('InvalidRequestContent');
  });

  test('the SDK itself refuses to send a body without required properties', async () => {
    await start();
    const body = { location: 'eastus', properties: {} } as unknown as OnlineEndpoint;
    await expect(client.onlineEndpoints.beginCreateOrUpdate(RG, WS, 'ner-dev', body, FAST)).rejects.toThrow(
      /authMode cannot be null or undefined/
    );
    expect(emu.requests).toEqual([]);
  });

  test('no bearer token → 401 with an ARM error body; a malformed one too; api-version is required', async () => {
    await start();
    const none = await armRequest(emu, 'GET', wsPath, { token: null });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({
      error: {
        code: 'AuthenticationFailed',
        message: "Authentication failed. The 'Authorization' header is missing."
      }
    });
    expect(none.headers['www-authenticate']).toMatch(/^Bearer /);
    const basic = await armRequest(emu, 'GET', wsPath, {
      token: null,
      headers: { authorization: 'Basic eDp5' }
    });
    expect(basic.status).toBe(401);
    expect(basic.body.error.code).toBe('AuthenticationFailedInvalidHeader');
    const noVersion = await armRequest(emu, 'GET', wsPath, { apiVersion: null });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.code).toBe('MissingApiVersionParameter');
  });

  test('acceptToken decides which tokens are valid; the SDK sends the credential token', async () => {
    await start({ acceptToken: (t) => t === 'good' });
    const good = new AzureMachineLearningWorkspaces(
      staticTokenCredential('good'),
      SUB,
      armClientOptions(emu)
    );
    const bad = new AzureMachineLearningWorkspaces(staticTokenCredential('bad'), SUB, armClientOptions(emu));
    await expect(good.workspaces.get(RG, WS)).resolves.toMatchObject({ name: WS });
    await expect(bad.workspaces.get(RG, WS)).rejects.toMatchObject({
      statusCode: 401,
      code: 'InvalidAuthenticationToken'
    });
  });
});

describe('fault injection', () => {
  test('429 with Retry-After: the SDK retries by itself and succeeds', async () => {
    await start();
    await registerModel();
    const fault = emu.faults.inject({ status: 429, retryAfterSeconds: 0, times: 2 });
    const v = await client.modelVersions.get(RG, WS, 'ner-flow', '1');
    expect(v.name).toBe('1');
    expect(fault.fired).toBe(2);
    const gets = emu.requests.filter((r) => r.method === 'GET');
    expect(gets.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(gets[0].fault).toBe(true);
  });

  test('Retry-After is honoured (1 s)', async () => {
    await start();
    emu.faults.inject({ status: 429, retryAfterSeconds: 1 });
    const t0 = Date.now();
    await client.workspaces.get(RG, WS);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });

  test('500s are retried with back-off; more failures than retries surface as RestError 500', async () => {
    await start();
    emu.faults.inject({ status: 500, times: 1 });
    await expect(client.workspaces.get(RG, WS)).resolves.toMatchObject({ name: WS });
    emu.faults.inject({ status: 500, times: 10 });
    await expect(client.workspaces.get(RG, WS)).rejects.toMatchObject({
      statusCode: 500,
      code: 'InternalServerError'
    });
  });

  test('a ratio of transient 503s (seeded) during a whole deployment still succeeds', async () => {
    await start({ seed: 7 });
    // With 30 % failures, 4 in a row (the SDK's default 3 retries) happen to ~1 % of calls: retry more.
    client = new AzureMachineLearningWorkspaces(
      staticTokenCredential(),
      SUB,
      armClientOptions(emu, { retryOptions: { ...FAST_RETRY_OPTIONS, maxRetries: 10 } })
    );
    const fault = emu.faults.inject({ status: 503, ratio: 0.3, retryAfterSeconds: 0 });
    await blueGreen({ blue: 90, green: 10 });
    expect(fault.fired).toBeGreaterThan(3);
    expect(emu.state().endpoints[0].servingTraffic).toEqual({ blue: 90, green: 10 });
    fault.remove();
  });

  test('match limits a fault to some calls (here: LRO status polls only)', async () => {
    await start();
    const fault = emu.faults.inject({
      status: 503,
      times: 1,
      match: (_m, path) => path.includes('/mfeOperationsStatus/')
    });
    await createEndpoint();
    expect(fault.fired).toBe(1);
    expect(emu.requests.filter((r) => r.fault).map((r) => r.path)).toEqual([
      expect.stringContaining('/mfeOperationsStatus/')
    ]);
  });

  test('failed provisioning: the LRO poller rejects with the ARM error; the deployment stays Failed', async () => {
    await start();
    const model = await registerModel();
    await createEndpoint();
    emu.faults.failProvisioning({ deployment: 'blue' });
    await expect(createDeployment('ner-dev', 'blue', model.id!)).rejects.toThrow(
      /long-running operation has failed.*ResourceNotReady.*crashed/
    );
    const dep = await client.onlineDeployments.get(RG, WS, 'ner-dev', 'blue');
    expect(dep.properties.provisioningState).toBe('Failed');
    expect(emu.state().deployments[0].error?.code).toBe('ResourceNotReady');
    // a retry of the same deployment now succeeds (the failure was for one provisioning)
    const again = await createDeployment('ner-dev', 'blue', model.id!);
    expect(again.properties.provisioningState).toBe('Succeeded');
  });

  test('a scorer that fails to start fails the provisioning too', async () => {
    await start({
      scorer: async (d) => {
        if (d.environmentVariables.BROKEN) throw new Error('flow.dag.yaml not found');
        return async (body) => body;
      }
    });
    const model = await registerModel();
    await createEndpoint();
    await expect(createDeployment('ner-dev', 'blue', model.id!, { BROKEN: '1' })).rejects.toThrow(
      /flow\.dag\.yaml not found/
    );
  });
});

describe('scoring URIs', () => {
  test('key auth, the deployment header, and a scorer that sees the model and environment', async () => {
    const seen: ScorerDeployment[] = [];
    await start({
      scorer: async (d) => {
        seen.push(d);
        return async (body, request) => ({
          answer: `${d.deployment}:${d.model?.version}`,
          body,
          via: request.deployment
        });
      }
    });
    await blueGreen({ blue: 100 });
    expect(
      seen.map((d) => [d.deployment, d.model?.name, d.model?.version, d.model?.properties['is-promptflow']])
    ).toEqual([
      ['blue', 'ner-flow', '1', 'true'],
      ['green', 'ner-flow', '2', 'true']
    ]);
    expect(seen[0].environmentVariables.PROMPTFLOW_RUN_MODE).toBe('serving');
    expect(seen[0].model?.uri).toBe('azureml://datastores/workspaceblobstore/paths/flows/ner-flow/1/');

    const keys = await client.onlineEndpoints.listKeys(RG, WS, 'ner-dev');
    const ok = await emu.score('ner-dev', { text: 'hi' }, { key: keys.primaryKey! });
    expect(ok).toMatchObject({
      status: 200,
      deployment: 'blue',
      body: { answer: 'blue:1', body: { text: 'hi' } }
    });
    expect((await emu.score('ner-dev', {}, { key: keys.secondaryKey! })).status).toBe(200);
    expect((await emu.score('ner-dev', {}, { key: null })).status).toBe(401);
    expect((await emu.score('ner-dev', {}, { key: 'wrong' })).status).toBe(401);

    // green has 0 % traffic but answers when addressed by the header (how a new deployment is smoke-tested)
    const green = await emu.score('ner-dev', { text: 'hi' }, { deployment: 'green' });
    expect(green).toMatchObject({ status: 200, deployment: 'green', body: { answer: 'green:2' } });
    expect((await emu.score('ner-dev', {}, { deployment: 'purple' })).status).toBe(404);
    expect(emu.requests.filter((r) => r.kind === 'scoring').map((r) => r.deployment)).toContain('green');
  });

  test('the scoring URI from ARM works with a plain https client trusting the CA', async () => {
    await start();
    await blueGreen({ blue: 100 });
    const ep = await client.onlineEndpoints.get(RG, WS, 'ner-dev');
    const keys = await client.onlineEndpoints.listKeys(RG, WS, 'ner-dev');
    const { request } = await import('node:https');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        ep.properties.scoringUri!,
        {
          method: 'POST',
          ca: emu.ca,
          headers: { authorization: `Bearer ${keys.primaryKey}`, 'content-type': 'application/json' }
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        }
      );
      req.on('error', reject);
      req.end('{"question":"x"}');
    });
    expect(status).toBe(200);
  });

  test('scoringScheme http: scoring on a plain-HTTP loopback port, callable with global fetch', async () => {
    await start({ scoringScheme: 'http' });
    await blueGreen({ blue: 100 });
    const ep = await client.onlineEndpoints.get(RG, WS, 'ner-dev');
    expect(ep.properties.scoringUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/endpoints\/ner-dev\/score$/);
    const keys = await client.onlineEndpoints.listKeys(RG, WS, 'ner-dev');
    const res = await fetch(ep.properties.scoringUri!, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.primaryKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ q: 1 })
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('azureml-model-deployment')).toBe('blue');
    expect(await res.json()).toMatchObject({ deployment: 'blue', input: { q: 1 } });
  });

  test('traffic split 80/20 observed over 400 requests (seeded)', async () => {
    await start();
    await blueGreen({ blue: 80, green: 20 });
    const counts: Record<string, number> = {};
    for (let i = 0; i < 400; i++) {
      const r = await emu.score('ner-dev', { i });
      counts[r.deployment!] = (counts[r.deployment!] ?? 0) + 1;
    }
    expect(counts.blue + counts.green).toBe(400);
    expect(Math.abs(counts.green / 400 - 0.2)).toBeLessThan(0.05);
  });

  test('a failed deployment answers 502; scorer errors answer 424; no traffic → 404', async () => {
    await start({
      scorer: async () => async (body) => {
        if ((body as { fail?: boolean }).fail) throw new Error('tool raised');
        return 'ok';
      }
    });
    const model = await registerModel();
    await createEndpoint();
    await createDeployment('ner-dev', 'blue', model.id!);
    expect((await emu.score('ner-dev', {})).status).toBe(404); // no traffic yet, no header
    emu.faults.failProvisioning({ deployment: 'green' });
    await expect(createDeployment('ner-dev', 'green', model.id!)).rejects.toThrow();
    expect((await emu.score('ner-dev', {}, { deployment: 'green' })).status).toBe(502);
    const failing = await emu.score('ner-dev', { fail: true }, { deployment: 'blue' });
    expect(failing.status).toBe(424);
    expect((failing.body as { message: string }).message).toContain('tool raised');
  });

  test('request timeout of the deployment → 408', async () => {
    await start({
      scorer: async () => async () => new Promise((r) => setTimeout(() => r('late'), 300))
    });
    const model = await registerModel();
    await createEndpoint();
    await client.onlineDeployments.beginCreateOrUpdateAndWait(
      RG,
      WS,
      'ner-dev',
      'blue',
      {
        ...managedDeployment(model.id!),
        properties: {
          ...managedDeployment(model.id!).properties,
          requestSettings: { requestTimeout: 'PT0.1S' }
        }
      },
      FAST
    );
    expect((await emu.score('ner-dev', {}, { deployment: 'blue' })).status).toBe(408);
  });
});

describe('role assignments (plain ARM REST)', () => {
  const role = (guid: string) =>
    `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
  const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

  test('create, conflict on the same principal+role+scope, list with $filter', async () => {
    await start();
    await createEndpoint();
    const principalId = emu.state().endpoints[0].identity!.principalId!;
    const scope = emu.workspaceId();
    const id1 = '0b7a0c52-1d4e-4f7c-9c0a-1f2e3d4c5b6a';
    const put = (id: string, roleGuid = READER) =>
      armRequest(emu, 'PUT', `${scope}/providers/Microsoft.Authorization/roleAssignments/${id}`, {
        apiVersion: '2022-04-01',
        body: {
          properties: { roleDefinitionId: role(roleGuid), principalId, principalType: 'ServicePrincipal' }
        }
      });
    const created = await put(id1);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: id1,
      type: 'Microsoft.Authorization/roleAssignments',
      properties: { scope }
    });
    const dup = await put('5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('RoleAssignmentExists');
    expect((await put(id1)).status).toBe(201); // idempotent with the same id
    expect((await put('not-a-guid')).status).toBe(400);

    const list = await armRequest(
      emu,
      'GET',
      `${scope}/providers/Microsoft.Authorization/roleAssignments?$filter=${encodeURIComponent(`principalId eq '${principalId}'`)}`,
      { apiVersion: '2022-04-01' }
    );
    expect(list.status).toBe(200);
    expect(list.body.value.map((r: { name: string }) => r.name)).toEqual([id1]);
    expect(emu.state().roleAssignments).toEqual([
      expect.objectContaining({ principalId, roleDefinitionId: role(READER), scope })
    ]);
  });
});

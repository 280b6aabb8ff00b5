// What docs/setup.md says about rights and roles, and the serving environment of a flow with
// requirements, on the ARM emulator (RBAC of the caller, Key Vaults) with Azurite and our engine.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { isUserError } from '../../src/errors.js';
import { MemoryReporter } from '../../src/reporter.js';
import { createAzureTarget } from '../../src/azure/target.js';
import { ROLES } from '../../src/azure/role-assignments.js';
import { LEASE_OWNER_TAG, LEASE_TAG } from '../../src/azure/endpoint-lease.js';
import { deploy } from '../../src/stages/deploy.js';
import { register } from '../../src/stages/register.js';
import { loadUseCase } from '../../src/config/load.js';
import { CONTAINER, DEV, mutations, repoRoot, startAzureWorld, type AzureWorld } from './world.js';

let world: AzureWorld;
beforeAll(async () => {
  world = await startAzureWorld({
    useCases: ['ticket_classification'],
    emulator: {
      keyVaults: [
        { name: 'kv-rbac-dev', resourceGroup: DEV.resourceGroup, rbac: true },
        { name: 'kv-policies-dev', resourceGroup: DEV.resourceGroup, rbac: false }
      ]
    }
  });
  // Contributor on the resource group registers data and flows (docs/setup.md)
  setRoles({ role: 'Contributor', scope: rgId() });
  const registered = await register(stage(), new MemoryReporter());
  expect(registered.model).toMatchObject({ version: '1', created: true });
}, 120_000);
afterAll(async () => world?.stop());

const TC = () => path.join(world.cwd, 'use-cases/ticket_classification');
const stage = () => ({
  useCase: 'use-cases/ticket_classification',
  env: 'dev',
  cwd: world.cwd,
  environ: world.environ
});
const rgId = () => `/subscriptions/${DEV.subscriptionId}/resourceGroups/${DEV.resourceGroup}`;
const kvId = (name: string) => `${rgId()}/providers/Microsoft.KeyVault/vaults/${name}`;
const model = { name: 'ticket_classification_dev', version: '1' };
const setRoles = (...roles: AzureWorld['emu']['caller']['roles']) =>
  world.emu.caller.roles.splice(0, world.emu.caller.roles.length, ...roles);

/** A target of the dev environment, with config overrides of its azure / deployment sections. */
function target(over: { keyVault?: string; image?: string; appInsights?: boolean } = {}) {
  const uc = loadUseCase(TC());
  const env = uc.config.environments.dev;
  const reporter = new MemoryReporter();
  const t = createAzureTarget({
    useCase: {
      ...uc,
      config: {
        ...uc.config,
        environments: {
          ...uc.config.environments,
          dev: {
            ...env,
            deployment: { ...env.deployment!, image: over.image, appInsights: over.appInsights }
          }
        }
      }
    },
    env: 'dev',
    root: world.cwd,
    azure: { ...env.azure!, keyVault: over.keyVault },
    environ: world.environ,
    reporter
  });
  return { t, reporter };
}

function deploymentSpec(endpoint: string, name: string) {
  return {
    endpoint,
    name,
    model,
    instanceType: 'Standard_DS3_v2',
    instanceCount: 1,
    environmentVariables: {},
    tags: {},
    requestSettings: { requestTimeoutMs: 90_000, maxConcurrentRequestsPerInstance: 10 },
    livenessProbe: {
      initialDelaySeconds: 10,
      periodSeconds: 10,
      timeoutSeconds: 2,
      failureThreshold: 30,
      successThreshold: 1
    },
    readinessProbe: {
      initialDelaySeconds: 10,
      periodSeconds: 10,
      timeoutSeconds: 2,
      failureThreshold: 30,
      successThreshold: 1
    }
  } as Parameters<ReturnType<typeof target>['t']['endpoints']['createOrUpdateDeployment']>[0];
}

async function blobText(blobPath: string): Promise<string> {
  const container = BlobServiceClient.fromConnectionString(world.azurite.connectionString).getContainerClient(
    CONTAINER
  );
  return (await container.getBlockBlobClient(blobPath).downloadToBuffer()).toString('utf8');
}

const envPuts = (since: number) =>
  mutations(world.emu, since).filter((m) => /^PUT .*\/environments\//.test(m));

describe('a flow with requirements.txt', () => {
  test('deploys with an environment built from the prompt flow image plus its requirements; a second deploy reuses it', async () => {
    setRoles({ role: 'Owner' });
    const since = world.emu.requests.length;
    const { t, reporter } = target();
    await t.endpoints.ensureEndpoint({
      name: 'tickets-req',
      authMode: 'key',
      identity: 'SystemAssigned',
      tags: {}
    });
    await t.endpoints.createOrUpdateDeployment(deploymentSpec('tickets-req', 'blue'));
    const dep = world.emu.state().deployments.find((d) => d.endpoint === 'tickets-req' && d.name === 'blue')!;
    expect(dep.provisioningState).toBe('Succeeded');
    const version = /\/environments\/genaiops-promptflow-serving\/versions\/([0-9a-f]{16})$/.exec(
      dep.environmentId!
    )![1];
    const env = world.emu.state().environmentVersions.find((e) => e.version === version)!;
    expect(env.properties.image).toBeUndefined();
    const build = env.properties.build as { contextUri: string; dockerfilePath: string };
    expect(build.dockerfilePath).toBe('Dockerfile');
    const prefix = `LocalUpload/${version}/environment`;
    expect(build.contextUri).toBe(`${world.azurite.blobEndpoint}/${CONTAINER}/${prefix}/`);
    // the build context holds the flow's requirements (as registered) and a Dockerfile on the runtime image
    const flowReq = readFileSync(path.join(TC(), 'flows/standard/requirements.txt'), 'utf8');
    expect(await blobText(`${prefix}/requirements.txt`)).toBe(flowReq);
    expect(await blobText(`${prefix}/Dockerfile`)).toBe(
      'FROM mcr.microsoft.com/azureml/promptflow/promptflow-runtime:latest\nCOPY ./requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n'
    );
    expect(envPuts(since)).toHaveLength(1);

    // again, from another job (a new target): the environment is found and reused, not registered again
    const again = target();
    const mark = world.emu.requests.length;
    await again.t.endpoints.createOrUpdateDeployment(deploymentSpec('tickets-req', 'green'));
    expect(envPuts(mark)).toEqual([]);
    const green = world.emu
      .state()
      .deployments.find((d) => d.endpoint === 'tickets-req' && d.name === 'green')!;
    expect(green.environmentId).toBe(dep.environmentId);
    expect(
      again.reporter.lines.some((l) =>
        l.includes(`genaiops-promptflow-serving:${version} already registered: reused`)
      )
    ).toBe(true);
    expect(
      reporter.lines.some((l) => l.includes("with the flow's requirements") || l.includes('+ the flow'))
    ).toBe(true);
    // our engine serves it from the registered files
    const body = JSON.parse(readFileSync(path.join(TC(), 'sample-request.json'), 'utf8'));
    expect((await t.endpoints.scoringRequest('tickets-req', { deployment: 'blue', body })).status).toBe(200);
    await t.dispose?.();
    await again.t.dispose?.();
  });

  test('an image given in the config wins (used as it is); App Insights logging when the config asks', async () => {
    setRoles({ role: 'Owner' });
    const image = 'myregistry.azurecr.io/flows/tickets:2026.1';
    const { t } = target({ image, appInsights: true });
    await t.endpoints.ensureEndpoint({
      name: 'tickets-img',
      authMode: 'key',
      identity: 'SystemAssigned',
      tags: {}
    });
    await t.endpoints.createOrUpdateDeployment(deploymentSpec('tickets-img', 'blue'));
    const dep = world.emu.state().deployments.find((d) => d.endpoint === 'tickets-img')!;
    const env = world.emu
      .state()
      .environmentVersions.find((e) => dep.environmentId!.endsWith(`/versions/${e.version}`))!;
    expect(env.properties).toMatchObject({ image });
    expect(env.properties.build).toBeUndefined();
    expect(dep.properties.appInsightsEnabled).toBe(true);
    const plain = world.emu.state().deployments.find((d) => d.endpoint === 'tickets-req')!;
    expect(plain.properties.appInsightsEnabled).not.toBe(true);
  });
});

test('a legacy (template) config: its deployments log requests to App Insights, as the template always does', async () => {
  setRoles({ role: 'Owner' });
  // the template's layout (configs/deployment_config.json); its workspace names replaced by the emulator's
  const legacy = loadUseCase(path.join(repoRoot, 'use-cases/named_entity_recognition'));
  expect(legacy.layout).toBe('legacy');
  expect(legacy.config.environments.dev.deployment).toMatchObject({ target: 'managed', appInsights: true });
  expect(legacy.config.environments.prod.deployment).toMatchObject({
    target: 'kubernetes',
    appInsights: true
  });
  const t = createAzureTarget({
    useCase: legacy,
    env: 'dev',
    root: world.cwd,
    azure: loadUseCase(TC()).config.environments.dev.azure!,
    environ: world.environ,
    reporter: new MemoryReporter()
  });
  await t.endpoints.ensureEndpoint({
    name: 'ner-legacy',
    authMode: 'key',
    identity: 'SystemAssigned',
    tags: {}
  });
  await t.endpoints.createOrUpdateDeployment(deploymentSpec('ner-legacy', 'blue'));
  const dep = world.emu.state().deployments.find((d) => d.endpoint === 'ner-legacy')!;
  expect(dep.properties.appInsightsEnabled).toBe(true);
  await t.dispose?.();
});

describe('rights of the CI identity (docs/setup.md)', () => {
  test('Contributor without a right to assign roles: the deploy stops before anything is created, naming the missing right', async () => {
    setRoles({ role: 'Contributor', scope: rgId() });
    const since = world.emu.requests.length;
    const err = await deploy(
      { ...stage(), smokeRetry: { attempts: 1, initialDelayMs: 10 } },
      new MemoryReporter()
    ).catch((e: unknown) => e as Error);
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(/stopped before creating anything/);
    expect((err as Error).message).toMatch(/AzureML Data Scientist on workspace mlw-genaiops-dev/);
    expect((err as Error).message).toMatch(/Microsoft\.Authorization\/roleAssignments\/write/);
    expect((err as Error).message).toMatch(/Owner or Role Based Access Control Administrator/);
    expect(mutations(world.emu, since)).toEqual([]);
  });

  test('Owner, User Access Administrator and Role Based Access Control Administrator may assign the roles; Contributor may not', async () => {
    const wsId = world.emu.workspaceId(DEV.name);
    const { t } = target();
    for (const role of [
      'Owner',
      'User Access Administrator',
      'Role Based Access Control Administrator',
      'Contributor'
    ] as const) {
      setRoles({ role: 'Contributor', scope: rgId() }, { role, scope: wsId });
      const name = `tickets-${role.split(' ')[0].toLowerCase()}`;
      const r = await t.endpoints
        .ensureEndpoint({ name, authMode: 'key', identity: 'SystemAssigned', tags: {} })
        .then(
          () => 'created',
          (e: Error) => (isUserError(e) && /roleAssignments\/write/.test(e.message) ? 'refused' : e.message)
        );
      expect([role, r]).toEqual([role, role === 'Contributor' ? 'refused' : 'created']);
    }
  });

  test('Contributor on the resource group + Role Based Access Control Administrator on the workspace: the deploy creates the endpoint, grants its identity AzureML Data Scientist, and serves', async () => {
    setRoles(
      { role: 'Contributor', scope: rgId() },
      { role: 'Role Based Access Control Administrator', scope: world.emu.workspaceId(DEV.name) }
    );
    const result = await deploy(
      { ...stage(), smokeRetry: { attempts: 2, initialDelayMs: 10 } },
      new MemoryReporter()
    );
    expect(result).toMatchObject({ endpointCreated: true });
    const ep = world.emu.state().endpoints.find((e) => e.name === result.endpoint)!;
    const ras = world.emu.state().roleAssignments.filter((a) => a.principalId === ep.identity?.principalId);
    expect(ras.map((a) => [a.scope, a.roleDefinitionId.split('/').pop()])).toEqual([
      [world.emu.workspaceId(DEV.name), ROLES.azureMLDataScientist]
    ]);
  });

  test('Contributor only, when an owner already gave the endpoint identity its role: the deploy goes on', async () => {
    // the endpoint of the previous test exists and its identity holds its role
    const endpoint = loadUseCase(TC()).config.environments.dev.deployment!.endpoint;
    setRoles({ role: 'Contributor', scope: rgId() });
    const { t, reporter } = target();
    await t.endpoints.ensureEndpoint({
      name: endpoint,
      authMode: 'key',
      identity: 'SystemAssigned',
      tags: {}
    });
    await t.endpoints.grantAccess!(endpoint);
    expect(reporter.lines.some((l) => /AzureML Data Scientist on workspace .*already granted/.test(l))).toBe(
      true
    );
    await t.endpoints.createOrUpdateDeployment(deploymentSpec(endpoint, 'green'));
    expect(
      world.emu.state().deployments.find((d) => d.endpoint === endpoint && d.name === 'green')
        ?.provisioningState
    ).toBe('Succeeded');
  });

  test('the deploy lease (two tags on the endpoint) needs no right beyond Contributor; Reader may not take it', async () => {
    const endpoint = loadUseCase(TC()).config.environments.dev.deployment!.endpoint;
    const tags = () => world.emu.state().endpoints.find((e) => e.name === endpoint)!.tags;
    setRoles({ role: 'Contributor', scope: rgId() });
    const { t } = target();
    const lease = await t.endpoints.acquireLease({ endpoint, owner: 'genaiops deploy (test)', waitMs: 0 });
    expect(tags()[LEASE_TAG]).toMatch(new RegExp(`^${lease.token} `));
    expect(tags()[LEASE_OWNER_TAG]).toBe('genaiops deploy (test)');
    await lease.release();
    expect(tags()).not.toHaveProperty(LEASE_TAG);
    setRoles({ role: 'Reader', scope: rgId() });
    const err = await t.endpoints
      .acquireLease({ endpoint, owner: 'genaiops deploy (test)', waitMs: 0 })
      .catch((e: unknown) => e as Error);
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(/not authorized \(HTTP 403/);
    expect(tags()).not.toHaveProperty(LEASE_TAG);
    await t.dispose?.();
  });

  test('a Key Vault with access policies: Contributor adds a get/list secrets policy for the endpoint identity (once)', async () => {
    setRoles(
      { role: 'Contributor', scope: rgId() },
      { role: 'Role Based Access Control Administrator', scope: world.emu.workspaceId(DEV.name) }
    );
    const { t, reporter } = target({ keyVault: 'kv-policies-dev' });
    const ep = await t.endpoints.ensureEndpoint({
      name: 'tickets-kvp',
      authMode: 'key',
      identity: 'SystemAssigned',
      tags: {}
    });
    await t.endpoints.grantAccess!('tickets-kvp');
    const since = world.emu.requests.length;
    await t.endpoints.grantAccess!('tickets-kvp');
    expect(mutations(world.emu, since).filter((m) => m.includes('accessPolicies'))).toEqual([]);
    const kv = world.emu.keyVault('kv-policies-dev')!;
    expect(kv.accessPolicies).toEqual([
      expect.objectContaining({ objectId: ep.principalId, permissions: { secrets: ['get', 'list'] } })
    ]);
    expect(
      reporter.lines.some((l) => /secrets of key vault kv-policies-dev .*granted \(access policy\)/.test(l))
    ).toBe(true);
    // no role assignment on an access-policy vault
    expect(world.emu.state().roleAssignments.filter((a) => a.scope === kvId('kv-policies-dev'))).toEqual([]);
  });

  test('a Key Vault with Azure RBAC: Key Vault Secrets User needs the right to assign roles on the vault too', async () => {
    setRoles(
      { role: 'Contributor', scope: rgId() },
      { role: 'Role Based Access Control Administrator', scope: world.emu.workspaceId(DEV.name) }
    );
    const { t } = target({ keyVault: 'kv-rbac-dev' });
    const since = world.emu.requests.length;
    const err = await t.endpoints
      .ensureEndpoint({ name: 'tickets-kvr', authMode: 'key', identity: 'SystemAssigned', tags: {} })
      .catch((e: unknown) => e as Error);
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(/Key Vault Secrets User on key vault kv-rbac-dev/);
    expect((err as Error).message).not.toMatch(/AzureML Data Scientist/);
    expect(mutations(world.emu, since)).toEqual([]);

    world.emu.caller.roles.push({
      role: 'Role Based Access Control Administrator',
      scope: kvId('kv-rbac-dev')
    });
    const ep = await t.endpoints.ensureEndpoint({
      name: 'tickets-kvr',
      authMode: 'key',
      identity: 'SystemAssigned',
      tags: {}
    });
    await t.endpoints.grantAccess!('tickets-kvr');
    const ras = world.emu.state().roleAssignments.filter((a) => a.principalId === ep.principalId);
    expect(ras.map((a) => [a.scope, a.roleDefinitionId.split('/').pop()]).sort()).toEqual(
      [
        [world.emu.workspaceId(DEV.name), ROLES.azureMLDataScientist],
        [kvId('kv-rbac-dev'), ROLES.keyVaultSecretsUser]
      ].sort()
    );
  });
});

describe('reads', () => {
  test('a 404 on a child resource is "absent" whatever its code; the workspace is read once, up front', async () => {
    setRoles({ role: 'Owner' });
    const { t } = target();
    const since = world.emu.requests.length;
    const ghost = world.emu.faults.inject({
      status: 404,
      code: 'ResourceNotFound',
      message: `The Resource 'Microsoft.MachineLearningServices/workspaces/${DEV.name}/onlineEndpoints/ghost' was not found.`,
      match: (m, p) => m === 'GET' && p.endsWith('/onlineEndpoints/ghost')
    });
    expect(await t.endpoints.getEndpoint('ghost')).toBeUndefined();
    expect(ghost.fired).toBe(1);
    expect(await t.registry.latestDataVersion('nothing_registered')).toBeUndefined();
    expect(await t.registry.getFlowVersion('nothing_registered', '1')).toBeUndefined();
    await t.endpoints.ensureEndpoint({
      name: 'tickets-reads',
      authMode: 'key',
      identity: 'SystemAssigned',
      tags: {}
    });
    const workspaceReads = world.emu.requests
      .slice(since)
      .filter((r) => r.method === 'GET' && r.path.endsWith(`/workspaces/${DEV.name}`));
    expect(workspaceReads).toHaveLength(1);
  });
});

// The Azure target against the ARM emulator and Azurite: registry, endpoints, traffic, roles, scoring.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { createAzureTarget, type AzureTarget } from '../../src/azure/target.js';
import { roleAssignmentName, ROLES } from '../../src/azure/role-assignments.js';
import { loadUseCase } from '../../src/config/load.js';
import { isUserError } from '../../src/errors.js';
import { loadFlow } from '../../src/flow/load.js';
import { MemoryReporter } from '../../src/reporter.js';
import {
  DEFAULT_LIVENESS_PROBE,
  DEFAULT_READINESS_PROBE,
  DEFAULT_REQUEST_SETTINGS
} from '../../src/stages/deploy.js';
import { flowSnapshot, hashFile } from '../../src/stages/flow-hash.js';
import { promptflowModelMetadata } from '../../src/stages/register.js';
import { HASH_TAG, type DeploymentSpec } from '../../src/stages/targets.js';
import { CONTAINER, DEV, mutations, PROD, startAzureWorld, type AzureWorld } from './world.js';

let world: AzureWorld;
beforeAll(async () => {
  world = await startAzureWorld();
}, 60_000);
afterAll(async () => world?.stop());

const TC = () => path.join(world.cwd, 'use-cases/ticket_classification');

function target(
  env: 'dev' | 'prod' = 'dev',
  useCase = 'ticket_classification',
  kind: 'managed' | 'kubernetes' = env === 'prod' && useCase === 'math_coding' ? 'kubernetes' : 'managed'
) {
  const uc = loadUseCase(path.join(world.cwd, 'use-cases', useCase), { env, environ: world.environ });
  const reporter = new MemoryReporter();
  const t = createAzureTarget({
    useCase: uc,
    env,
    root: world.cwd,
    azure: uc.config.environments[env].azure,
    environ: world.environ,
    reporter,
    kind
  });
  return { t, reporter, uc };
}

async function registerFlow(t: AzureTarget, useCaseDir: string, env: string, name: string) {
  const uc = loadUseCase(useCaseDir, { env, environ: world.environ });
  const flow = loadFlow(path.join(uc.dir, uc.config.flow));
  const snap = flowSnapshot(flow.dir, flow.additionalIncludes);
  const meta = promptflowModelMetadata(uc, env, flow);
  return {
    snap,
    made: await t.registry.createFlowVersion({
      name,
      dir: flow.dir,
      files: snap.files,
      hash: snap.hash,
      tags: meta.tags,
      properties: meta.properties,
      description: 'test'
    })
  };
}

function spec(
  endpoint: string,
  name: string,
  model: { name: string; version: string },
  extra: Partial<DeploymentSpec> = {}
): DeploymentSpec {
  return {
    endpoint,
    name,
    model,
    environmentVariables: { LOG_LEVEL: 'info', PROMPTFLOW_RUN_MODE: 'serving' },
    instanceType: 'Standard_DS3_v2',
    instanceCount: 1,
    requestSettings: DEFAULT_REQUEST_SETTINGS,
    livenessProbe: DEFAULT_LIVENESS_PROBE,
    readinessProbe: DEFAULT_READINESS_PROBE,
    tags: { usecase: 'ticket_classification' },
    ...extra
  };
}

describe('Azure registry (emulator + Azurite)', () => {
  test('data: first version, reuse of the same content, a new version when it changes; files on the datastore', async () => {
    const { t, reporter } = target();
    const file = path.join(TC(), 'data/train.jsonl');
    const hash = await hashFile(file);
    expect(await t.registry.latestDataVersion('tickets_train')).toBeUndefined();
    const d = {
      name: 'tickets_train',
      file,
      hash,
      description: 'train',
      tags: { usecase: 'ticket_classification', env: 'dev' }
    };
    expect(await t.registry.createDataVersion(d)).toEqual({ version: '1', created: true });
    const latest = await t.registry.latestDataVersion('tickets_train');
    expect(latest).toMatchObject({
      version: '1',
      hash,
      tags: { usecase: 'ticket_classification', env: 'dev', [HASH_TAG]: hash }
    });
    expect(latest!.location).toBe(
      `azureml://subscriptions/${DEV.subscriptionId}/resourcegroups/${DEV.resourceGroup}/workspaces/${DEV.name}/datastores/workspaceblobstore/paths/LocalUpload/${hash}/train.jsonl`
    );
    // the same content again: the target finds the latest holds it
    expect(await t.registry.createDataVersion(d)).toEqual({ version: '1', created: false });
    // the uploaded bytes are the file's
    const blob = BlobServiceClient.fromConnectionString(world.azurite.connectionString)
      .getContainerClient(CONTAINER)
      .getBlobClient(`LocalUpload/${hash}/train.jsonl`);
    expect((await blob.downloadToBuffer()).toString('utf8')).toBe(readFileSync(file, 'utf8'));
    // the datastore key was marked secret
    expect(reporter.secrets).toContain(world.azurite.accountKey);

    appendFileSync(file, JSON.stringify({ ticket: 'where is my parcel', category: 'shipping' }) + '\n');
    const hash2 = await hashFile(file);
    expect(await t.registry.createDataVersion({ ...d, hash: hash2 })).toEqual({
      version: '2',
      created: true
    });
    expect((await t.registry.latestDataVersion('tickets_train'))!.hash).toBe(hash2);
    const state = world.emu.state().dataVersions.filter((v) => v.name === 'tickets_train');
    expect(state.map((v) => [v.version, v.properties.dataType])).toEqual([
      ['1', 'uri_file'],
      ['2', 'uri_file']
    ]);
  });

  test('concurrent registrations of the same name: distinct versions or one reused, never an error', async () => {
    const file = path.join(TC(), 'data/pr.jsonl');
    const base = readFileSync(file, 'utf8');
    // 6 jobs at once, 3 different contents (2 jobs each)
    const files = [0, 1, 2].map((i) => {
      const f = path.join(TC(), `data/concurrent-${i}.jsonl`);
      writeFileSync(f, base + `{"ticket":"variant ${i}","category":"other"}\n`);
      return f;
    });
    const jobs = [0, 1, 2, 0, 1, 2].map(async (i) => {
      const { t } = target();
      const hash = await hashFile(files[i]);
      const r = await t.registry.createDataVersion({
        name: 'tickets_concurrent',
        file: files[i],
        hash,
        tags: {}
      });
      return { i, hash, ...r };
    });
    const results = await Promise.all(jobs);
    const versions = world.emu.state().dataVersions.filter((v) => v.name === 'tickets_concurrent');
    // every version holds exactly one content; every job got a version holding its content
    const byVersion = new Map(
      versions.map((v) => [v.version, (v.properties.tags as Record<string, string>)[HASH_TAG]])
    );
    for (const r of results) expect(byVersion.get(r.version)).toBe(r.hash);
    expect(versions.map((v) => v.version).sort((a, b) => Number(a) - Number(b))).toEqual(
      versions.map((_, i) => String(i + 1))
    );
    expect(versions.length).toBeGreaterThanOrEqual(3);
    expect(versions.length).toBeLessThanOrEqual(6);
    expect(results.filter((r) => r.created).length).toBe(versions.length);
  });

  test('flow: the folder is uploaded and registered as a prompt flow model; unchanged → reused; unknown versions are undefined', async () => {
    const { t } = target();
    const { snap, made } = await registerFlow(t, TC(), 'dev', 'ticket_classification_dev');
    expect(made).toEqual({ version: '1', created: true });
    const m = world.emu
      .state()
      .modelVersions.find((v) => v.name === 'ticket_classification_dev' && v.version === '1')!;
    expect(m.properties).toMatchObject({
      modelType: 'custom_model',
      modelUri: `azureml://subscriptions/${DEV.subscriptionId}/resourcegroups/${DEV.resourceGroup}/workspaces/${DEV.name}/datastores/workspaceblobstore/paths/LocalUpload/${snap.hash}/standard`,
      properties: {
        'is-promptflow': 'true',
        'azureml.promptflow.section': 'gallery',
        'azureml.promptflow.source_flow_id': 'ticket_classification'
      },
      tags: { [HASH_TAG]: snap.hash, usecase: 'ticket_classification' }
    });
    const container = BlobServiceClient.fromConnectionString(
      world.azurite.connectionString
    ).getContainerClient(CONTAINER);
    const names: string[] = [];
    for await (const b of container.listBlobsFlat({ prefix: `LocalUpload/${snap.hash}/standard/` }))
      names.push(b.name.split('/').slice(3).join('/'));
    expect(names.sort()).toEqual(snap.files.map((f) => f.rel));

    expect((await registerFlow(t, TC(), 'dev', 'ticket_classification_dev')).made).toEqual({
      version: '1',
      created: false
    });
    expect(await t.registry.getFlowVersion('ticket_classification_dev', '1')).toMatchObject({
      version: '1',
      hash: snap.hash
    });
    expect(await t.registry.getFlowVersion('ticket_classification_dev', '7')).toBeUndefined();
    expect(await t.registry.getFlowVersion('no_such_model', '1')).toBeUndefined();
    expect(await t.registry.latestFlowVersion('no_such_model')).toBeUndefined();
  });
});

describe('Azure endpoints (emulator)', () => {
  test('managed endpoint and deployments, traffic, roles (idempotent), scoring with the key through our engine', async () => {
    const { t, reporter } = target();
    const model = { name: 'ticket_classification_dev', version: '1' };
    if (!(await t.registry.getFlowVersion(model.name, '1'))) await registerFlow(t, TC(), 'dev', model.name);
    expect(await t.endpoints.getEndpoint('tickets-unit')).toBeUndefined();
    const ep = await t.endpoints.ensureEndpoint({
      name: 'tickets-unit',
      authMode: 'key',
      identity: 'SystemAssigned',
      tags: { env: 'dev' }
    });
    expect(ep).toMatchObject({ name: 'tickets-unit', traffic: {}, deployments: [], authMode: 'key' });
    expect(ep.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ep.scoringUri).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/endpoints\/tickets-unit\/score$/);
    // a second ensure changes nothing
    const before = mutations(world.emu).length;
    await t.endpoints.ensureEndpoint({
      name: 'tickets-unit',
      authMode: 'key',
      identity: 'SystemAssigned',
      tags: {}
    });
    expect(mutations(world.emu).length).toBe(before);

    await t.endpoints.createOrUpdateDeployment(spec('tickets-unit', 'green', model));
    const dep = world.emu
      .state()
      .deployments.find((d) => d.endpoint === 'tickets-unit' && d.name === 'green')!;
    expect(dep).toMatchObject({
      provisioningState: 'Succeeded',
      computeType: 'Managed',
      instanceType: 'Standard_DS3_v2',
      instanceCount: 1,
      model: world.emu.modelVersionId(model.name, '1', DEV.name)
    });
    expect(dep.environmentVariables).toEqual({
      LOG_LEVEL: 'info',
      PROMPTFLOW_RUN_MODE: 'serving',
      PRT_CONFIG_OVERRIDE: `deployment.subscription_id=${DEV.subscriptionId},deployment.resource_group=${DEV.resourceGroup},deployment.workspace_name=${DEV.name},deployment.endpoint_name=tickets-unit,deployment.deployment_name=green`
    });
    expect(dep.environmentId).toMatch(/\/environments\/genaiops-promptflow-serving\/versions\/[0-9a-f]{16}$/);
    // the flow has a requirements.txt: an environment built on the runtime image (see access-environment.test.ts)
    expect(world.emu.state().environmentVersions[0].properties).toMatchObject({
      build: { dockerfilePath: 'Dockerfile' },
      inferenceConfig: {
        livenessRoute: { path: '/health', port: 8080 },
        readinessRoute: { path: '/health', port: 8080 },
        scoringRoute: { path: '/score', port: 8080 }
      }
    });
    expect(dep.properties).toMatchObject({
      requestSettings: { requestTimeout: 'PT90S', maxConcurrentRequestsPerInstance: 10 },
      livenessProbe: { initialDelay: 'PT10S', period: 'PT10S' }
    });
    // a new deployment gets no traffic
    expect((await t.endpoints.getEndpoint('tickets-unit'))!.traffic).toEqual({ green: 0 });

    // scoring one deployment with the key: our engine answers from the files on the blob store
    const body = JSON.parse(readFileSync(path.join(TC(), 'sample-request.json'), 'utf8'));
    const r = await t.endpoints.scoringRequest('tickets-unit', { deployment: 'green', body });
    expect(r).toMatchObject({
      status: 200,
      json: true,
      deployment: 'green',
      body: { category: 'shipping', matched: true }
    });
    const keys = world.emu.state().endpoints.find((e) => e.name === 'tickets-unit')!.keys;
    expect(reporter.secrets).toContain(keys.primaryKey);
    // no traffic, no header: an HTTP status, not a throw
    expect((await t.endpoints.scoringRequest('tickets-unit', { body })).status).toBe(404);

    await t.endpoints.setTraffic('tickets-unit', { green: 100 });
    expect(world.emu.state().endpoints.find((e) => e.name === 'tickets-unit')!.traffic).toEqual({
      green: 100
    });
    await t.endpoints.createOrUpdateDeployment(spec('tickets-unit', 'blue', model, { instanceCount: 2 }));
    expect((await t.endpoints.getEndpoint('tickets-unit'))!.traffic).toEqual({ green: 100, blue: 0 });
    await t.endpoints.setTraffic('tickets-unit', { blue: 20, green: 80 });
    const state = (await t.endpoints.getEndpoint('tickets-unit'))!;
    expect(state.traffic).toEqual({ green: 80, blue: 20 });
    expect(state.deployments.map((d) => [d.name, d.model, d.provisioningState])).toEqual([
      ['green', model, 'Succeeded'],
      ['blue', model, 'Succeeded']
    ]);
    // deployments left out get 0 (and are not written)
    await t.endpoints.setTraffic('tickets-unit', { green: 100, blue: 0 });
    expect(world.emu.state().endpoints.find((e) => e.name === 'tickets-unit')!.traffic).toEqual({
      green: 100
    });

    // roles: the workspace (and the key vault when configured), idempotent
    await t.endpoints.grantAccess('tickets-unit');
    await t.endpoints.grantAccess('tickets-unit');
    const ras = world.emu.state().roleAssignments.filter((a) => a.principalId === ep.principalId);
    const wsId = world.emu.workspaceId(DEV.name);
    expect(ras.map((a) => [a.scope, a.roleDefinitionId.split('/').pop(), a.name])).toEqual([
      [
        wsId,
        ROLES.azureMLDataScientist,
        roleAssignmentName(wsId, ep.principalId!, ROLES.azureMLDataScientist)
      ]
    ]);
  });

  test('key vault role when configured; an existing assignment under another id is success', async () => {
    const { t, uc } = target();
    const { t: withKv, reporter } = (() => {
      const r = new MemoryReporter();
      const tt = createAzureTarget({
        useCase: uc,
        env: 'dev',
        root: world.cwd,
        azure: { ...uc.config.environments.dev.azure!, keyVault: 'kv-genaiops-dev' },
        environ: world.environ,
        reporter: r
      });
      return { t: tt, reporter: r };
    })();
    const ep = await t.endpoints.ensureEndpoint({
      name: 'tickets-kv',
      authMode: 'key',
      identity: 'SystemAssigned',
      tags: {}
    });
    // someone granted the workspace role by hand, under a random id
    const wsId = world.emu.workspaceId(DEV.name);
    const { armRequest } = await import('@genaiops/testkit');
    const manual = await armRequest(
      world.emu,
      'PUT',
      `${wsId}/providers/Microsoft.Authorization/roleAssignments/0b6a1c52-7f51-4c3a-9d1e-2f3a4b5c6d7e`,
      {
        apiVersion: '2022-04-01',
        body: {
          properties: {
            roleDefinitionId: `/subscriptions/${DEV.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.azureMLDataScientist}`,
            principalId: ep.principalId
          }
        }
      }
    );
    expect(manual.status).toBe(201);
    await withKv.endpoints.grantAccess('tickets-kv');
    await withKv.endpoints.grantAccess('tickets-kv');
    const ras = world.emu.state().roleAssignments.filter((a) => a.principalId === ep.principalId);
    expect(ras.map((a) => a.scope.split('/').slice(-2).join('/')).sort()).toEqual([
      'vaults/kv-genaiops-dev',
      `workspaces/${DEV.name}`
    ]);
    expect(ras.length).toBe(2);
    expect(
      reporter.lines.filter((l) => l.startsWith('AzureML Data Scientist') && l.includes('already granted'))
        .length
    ).toBe(2);
    expect(reporter.warnings).toEqual([]);
  });

  test('kubernetes endpoint and deployment: compute, resources, instance count', async () => {
    const { t } = target('prod', 'math_coding', 'kubernetes');
    const mc = path.join(world.cwd, 'use-cases/math_coding');
    await registerFlow(t, mc, 'prod', 'math_coding_prod');
    const ep = await t.endpoints.ensureEndpoint({
      name: 'math-unit',
      authMode: 'key',
      identity: 'SystemAssigned',
      tags: {}
    });
    expect(world.emu.state().endpoints.find((e) => e.name === 'math-unit')!.compute).toBe(
      `${world.emu.workspaceId(PROD.name)}/computes/k8s-compute`
    );
    await t.endpoints.createOrUpdateDeployment(
      spec(
        'math-unit',
        'blue',
        { name: 'math_coding_prod', version: '1' },
        {
          instanceType: undefined,
          instanceCount: 3,
          kubernetes: { compute: 'k8s-compute', cpu: '500m', memory: '1Gi' }
        }
      )
    );
    const dep = world.emu.state().deployments.find((d) => d.endpoint === 'math-unit')!;
    expect(dep).toMatchObject({
      computeType: 'Kubernetes',
      instanceCount: 3,
      provisioningState: 'Succeeded'
    });
    expect(dep.properties.containerResourceRequirements).toEqual({
      containerResourceRequests: { cpu: '500m', memory: '1Gi' }
    });
    const body = JSON.parse(readFileSync(path.join(mc, 'sample-request.json'), 'utf8'));
    const r = await t.endpoints.scoringRequest('math-unit', { deployment: 'blue', body });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body as object).sort()).toEqual(
      Object.keys(loadFlow(path.join(mc, 'flows/standard')).outputs ?? {}).sort()
    );
    expect(ep.name).toBe('math-unit');
    // a managed target refuses the Kubernetes endpoint (and the other way round) before any change
    const { t: managed } = target('prod', 'math_coding', 'managed');
    const n = mutations(world.emu).length;
    await expect(
      managed.endpoints.ensureEndpoint({
        name: 'math-unit',
        authMode: 'key',
        identity: 'SystemAssigned',
        tags: {}
      })
    ).rejects.toThrow(/exists as a Kubernetes endpoint .*use another endpoint name/);
    expect(mutations(world.emu).length).toBe(n);
  });

  test('provisioning failure → UserError with the ARM message; the deployment stays Failed', async () => {
    const { t } = target();
    await t.endpoints.ensureEndpoint({
      name: 'tickets-fail',
      authMode: 'key',
      identity: 'SystemAssigned',
      tags: {}
    });
    world.emu.faults.failProvisioning({ endpoint: 'tickets-fail', deployment: 'blue' });
    const err = await t.endpoints
      .createOrUpdateDeployment(
        spec('tickets-fail', 'blue', { name: 'ticket_classification_dev', version: '1' })
      )
      .catch((e) => e);
    expect(isUserError(err)).toBe(true);
    expect(err.message).toMatch(
      /^deployment tickets-fail\/blue failed: .*ResourceNotReady.*Liveness probe failed/s
    );
    expect(err.message).toContain('last log lines:');
    expect((await t.endpoints.getEndpoint('tickets-fail'))!.deployments).toEqual([
      {
        name: 'blue',
        model: { name: 'ticket_classification_dev', version: '1' },
        provisioningState: 'Failed',
        tags: { usecase: 'ticket_classification' }
      }
    ]);
    // an unknown model version is the user's mistake too
    const err2 = await t.endpoints
      .createOrUpdateDeployment(
        spec('tickets-fail', 'green', { name: 'ticket_classification_dev', version: '42' })
      )
      .catch((e) => e);
    expect(isUserError(err2)).toBe(true);
    expect(err2.message).toMatch(/ticket_classification_dev:42.*not found/);
  });

  test('another operation running on the endpoint (409): the target waits for it, then applies its change', async () => {
    const { t, reporter } = target();
    await t.endpoints.ensureEndpoint({
      name: 'tickets-busy',
      authMode: 'key',
      identity: 'SystemAssigned',
      tags: {}
    });
    // another job updates the endpoint; its operation is still running
    const { armRequest } = await import('@genaiops/testkit');
    const epPath = `${world.emu.workspaceId(DEV.name)}/onlineEndpoints/tickets-busy`;
    const other = await armRequest(world.emu, 'PUT', epPath, {
      body: {
        location: 'eastus',
        identity: { type: 'SystemAssigned' },
        tags: { by: 'other-job' },
        properties: { authMode: 'Key' }
      }
    });
    expect(other.status).toBe(200);
    const done = t.endpoints.setTraffic('tickets-busy', {});
    setTimeout(() => void world.emu.completeOperations(), 150);
    await done;
    expect(
      reporter.lines.some((l) => l.startsWith('endpoint tickets-busy: another operation is running on it'))
    ).toBe(true);
    const puts = world.emu.requests
      .filter((r) => r.method === 'PUT' && r.path === epPath)
      .map((r) => r.status);
    expect(puts.slice(-3)).toEqual([200, 409, 200]);
    expect(world.emu.state().endpoints.find((e) => e.name === 'tickets-busy')).toMatchObject({
      provisioningState: 'Succeeded',
      tags: { by: 'other-job' }
    });
  });

  test('a workspace that does not exist is a UserError naming it', async () => {
    const { uc } = target();
    const t = createAzureTarget({
      useCase: uc,
      env: 'dev',
      root: world.cwd,
      azure: { ...uc.config.environments.dev.azure!, workspace: 'mlw-missing' },
      environ: world.environ,
      reporter: new MemoryReporter()
    });
    const err = await t.registry.latestDataVersion('x').catch((e) => e);
    expect(isUserError(err)).toBe(true);
    expect(err.message).toMatch(/mlw-missing.*was not found/);
  });
});

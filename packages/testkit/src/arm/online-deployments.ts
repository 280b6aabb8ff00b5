import { conflict, notAllowed, notFound, unknownRoute, userError } from './arm-errors.js';
import { ENDPOINT_NAME_RE, ENDPOINT_NAME_RULE, ENV_ID_RE, ML, MODEL_ID_RE } from './constants.js';
import type { Ctx, Deployment, Endpoint, Reply, Workspace } from './emulator-types.js';
import type { Faults } from './faults.js';
import type { Operations } from './long-running-operations.js';
import { checkLocation, checkName, requireBody, validated, type RequestHelpers } from './request-helpers.js';
import type { ScoringFunctions } from './scoring-functions.js';
import type { EmulatorStore } from './store.js';
import { clone, obj, type Obj } from './values.js';
import { checkDeploymentRules } from './deployment-rules.js';

/** The instance count, when given, must be a number of at least 1. */
const checkCapacity = (sku: Obj) => {
  if (sku.capacity !== undefined && (typeof sku.capacity !== 'number' || sku.capacity < 1)) {
    throw userError(
      `sku.capacity (the instance count) must be at least 1, got ${JSON.stringify(sku.capacity)}.`
    );
  }
};

/** Online deployments: create/update/patch/delete, model and environment references, provisioning, logs. */
export type DeploymentRoutes = ReturnType<typeof createDeploymentRoutes>;

export function createDeploymentRoutes(
  s: EmulatorStore,
  h: RequestHelpers,
  lro: Operations,
  faults: Faults,
  scoring: ScoringFunctions
) {
  const { wsId, workspaces, wsKey, systemData } = s;
  const { page, busy } = h;
  const { startOperation, lroHeaders } = lro;
  const { takeProvisioningFailure } = faults;
  const { log, buildHandler } = scoring;
  const deploymentResource = (ws: Workspace, ep: Endpoint, d: Deployment): Obj => {
    const body = clone(d.body);
    return {
      id: `${wsId(ws)}/onlineEndpoints/${ep.name}/deployments/${d.name}`,
      name: d.name,
      type: `${ML}/workspaces/onlineEndpoints/deployments`,
      ...body,
      systemData: d.systemData,
      properties: { ...obj(body.properties), provisioningState: d.provisioningState }
    };
  };

  const checkModelReference = (ws: Workspace, model: unknown) => {
    if (model === undefined) return;
    if (typeof model !== 'string') throw userError('properties.model must be a string.');
    if (/^azureml:\/\/registries\//i.test(model)) return; // a registry model: not emulated, accepted
    const m = MODEL_ID_RE.exec(model);
    if (!m) {
      throw userError(
        `properties.model '${model}' is not a valid model id: expected the ARM id of a model version (${wsId(ws)}/models/<name>/versions/<version>) or an azureml://registries/... id.`,
        400,
        [{ code: 'InvalidModelId', target: 'properties.model', message: 'invalid model id' }]
      );
    }
    const mws = workspaces.get(wsKey(m[1], m[2], m[3]));
    if (!mws?.models.get(m[4])?.versions.get(m[5])) {
      throw userError(
        `Model version '${m[4]}:${m[5]}' referenced by properties.model was not found in workspace '${m[3]}'.`,
        400,
        [{ code: 'ModelNotFound', target: 'properties.model', message: `model ${m[4]}:${m[5]} not found` }]
      );
    }
  };
  const checkEnvironmentReference = (environmentId: unknown) => {
    if (typeof environmentId !== 'string') return;
    const m = ENV_ID_RE.exec(environmentId);
    if (!m) return; // registry / curated environments are accepted as they are
    const ews = workspaces.get(wsKey(m[1], m[2], m[3]));
    if (!ews?.environments.get(m[4])?.versions.get(m[5])) {
      throw userError(
        `Environment version '${m[4]}:${m[5]}' referenced by properties.environmentId was not found in workspace '${m[3]}'.`
      );
    }
  };

  const handleDeployments = async (
    ctx: Ctx,
    ws: Workspace,
    epName: string,
    ep: Endpoint | undefined,
    name: string | undefined,
    action: string | undefined
  ): Promise<Reply> => {
    const m = ctx.method;
    if (!ep) throw notFound('Online endpoint', epName, ws);
    if (name === undefined) {
      if (m !== 'GET') throw notAllowed(ctx);
      return page(
        ctx,
        [...ep.deployments.values()].map((d) => deploymentResource(ws, ep, d))
      );
    }
    const d = ep.deployments.get(name);
    if (action !== undefined) {
      const a = action.toLowerCase();
      if (!d) throw notFound('Online deployment', name, ws);
      if (a === 'getlogs') {
        if (m !== 'POST') throw notAllowed(ctx);
        const body = validated('DeploymentLogsRequest', ctx.rawBody.trim() ? ctx.body : {});
        const tail = typeof body.tail === 'number' ? body.tail : undefined;
        const lines = tail !== undefined ? d.logs.slice(-tail) : d.logs;
        return { status: 200, body: { content: lines.join('\n') } };
      }
      if (a === 'skus') {
        if (m !== 'GET') throw notAllowed(ctx);
        return page(ctx, []);
      }
      throw unknownRoute(ctx);
    }
    if (m === 'GET') {
      if (!d) throw notFound('Online deployment', name, ws);
      return { status: 200, body: deploymentResource(ws, ep, d) };
    }
    if (m === 'PUT') {
      checkName('Deployment', name, ENDPOINT_NAME_RE, ENDPOINT_NAME_RULE);
      const body = validated('OnlineDeployment', requireBody(ctx));
      const props = obj(body.properties);
      checkLocation(ws, body.location, 'deployment');
      if (ep.provisioningState === 'Creating' || ep.provisioningState === 'Deleting') {
        throw conflict(
          `Endpoint '${epName}' is ${ep.provisioningState.toLowerCase()}; wait for it to finish.`
        );
      }
      if (d) busy(`deployment '${name}'`, d.op);
      const computeType = String(props.endpointComputeType);
      const kubernetesEndpoint = obj(ep.body.properties).compute !== undefined;
      if (kubernetesEndpoint !== (computeType === 'Kubernetes')) {
        throw userError(
          `A ${computeType} deployment can't be created under ${kubernetesEndpoint ? 'a Kubernetes' : 'a managed'} endpoint ('${epName}'); use endpointComputeType '${kubernetesEndpoint ? 'Kubernetes' : 'Managed'}'.`
        );
      }
      if (d && String(obj(d.body.properties).endpointComputeType) !== computeType) {
        throw userError(`The endpointComputeType of deployment '${name}' can't be changed.`);
      }
      const sku = obj(body.sku);
      checkCapacity(sku);
      checkDeploymentRules(s, ws, name, props, sku, d);
      checkModelReference(ws, props.model);
      checkEnvironmentReference(props.environmentId);
      const stored: Obj = { ...body, properties: props };
      const isNew = !d;
      const dep: Deployment = d ?? {
        name,
        body: stored,
        provisioningState: 'Creating',
        systemData: systemData(),
        logs: []
      };
      if (d) {
        d.body = stored;
        d.provisioningState = 'Updating';
        d.systemData = systemData(d.systemData);
      } else ep.deployments.set(name, dep);
      log(
        dep,
        `${isNew ? 'Creating' : 'Updating'} deployment ${name} (${computeType}, model ${String(props.model ?? '-')})`
      );
      dep.op = startOperation({
        kind: isNew ? 'Create' : 'Update',
        target: `${wsId(ws)}/onlineEndpoints/${epName}/deployments/${name}`,
        ws,
        resourcePath: `${wsId(ws)}/onlineEndpoints/${epName}/deployments/${name}`,
        exists: () => ep.deployments.get(name) === dep,
        resource: () => (ep.deployments.get(name) === dep ? deploymentResource(ws, ep, dep) : undefined),
        finish: async () => provision(ws, ep, dep)
      });
      return {
        status: isNew ? 201 : 200,
        body: deploymentResource(ws, ep, dep),
        headers: lroHeaders(dep.op, false)
      };
    }
    if (m === 'PATCH') {
      if (!d) throw notFound('Online deployment', name, ws);
      const body = validated('PartialMinimalTrackedResourceWithSku', requireBody(ctx));
      busy(`deployment '${name}'`, d.op);
      if (body.tags !== undefined) d.body.tags = body.tags;
      if (body.sku !== undefined) {
        const sku = { ...obj(d.body.sku), ...obj(body.sku) };
        checkCapacity(sku);
        d.body.sku = sku;
      }
      d.provisioningState = 'Updating';
      d.systemData = systemData(d.systemData);
      log(d, `Updating deployment ${name} (tags/sku)`);
      d.op = startOperation({
        kind: 'Update',
        target: `${wsId(ws)}/onlineEndpoints/${epName}/deployments/${name}`,
        ws,
        resourcePath: `${wsId(ws)}/onlineEndpoints/${epName}/deployments/${name}`,
        exists: () => ep.deployments.get(name) === d,
        resource: () => (ep.deployments.get(name) === d ? deploymentResource(ws, ep, d) : undefined),
        finish: async () => {
          d.provisioningState = d.error ? 'Failed' : 'Succeeded';
          return d.error;
        }
      });
      return { status: 202, body: deploymentResource(ws, ep, d), headers: lroHeaders(d.op, true) };
    }
    if (m === 'DELETE') {
      if (!d) return { status: 204 };
      busy(`deployment '${name}'`, d.op);
      const share = obj(obj(ep.body.properties).traffic)[name];
      if (typeof share === 'number' && share > 0) {
        throw userError(
          `Deployment '${name}' has ${share}% of the traffic of endpoint '${epName}'. Set its traffic to 0 before deleting it.`
        );
      }
      d.provisioningState = 'Deleting';
      d.op = startOperation({
        kind: 'Delete',
        target: `${wsId(ws)}/onlineEndpoints/${epName}/deployments/${name}`,
        ws,
        resourcePath: `${wsId(ws)}/onlineEndpoints/${epName}/deployments/${name}`,
        exists: () => ep.deployments.get(name) === d,
        resource: () => undefined,
        finish: async () => {
          if (ep.deployments.get(name) === d) {
            ep.deployments.delete(name);
            // Azure ML drops a deleted deployment from the endpoint's traffic map.
            delete obj(obj(ep.body.properties).traffic)[name];
            delete ep.servingTraffic[name];
          }
          return undefined;
        }
      });
      return { status: 202, headers: lroHeaders(d.op, true) };
    }
    throw notAllowed(ctx);
  };

  const provision = async (ws: Workspace, ep: Endpoint, d: Deployment) => {
    const failure = takeProvisioningFailure(ws, ep.name, d.name);
    if (failure?.instance !== undefined && d.handler) {
      // a rolling update stops at the instance that failed: the instances not yet replaced keep serving the old version
      const instances = Number(obj(d.body.sku).capacity ?? 1);
      d.provisioningState = 'Failed';
      d.servesPrevious = true;
      d.error = {
        code: failure.code,
        message: `Rolling update failed on instance ${failure.instance} of ${instances}: ${failure.message}`
      };
      log(d, `Update failed: ${d.error.message}`);
      return d.error;
    }
    if (failure) {
      d.provisioningState = 'Failed';
      d.servesPrevious = false;
      d.error = failure;
      d.handler = undefined;
      log(d, `Provisioning failed: ${failure.code}: ${failure.message}`);
      return failure;
    }
    try {
      d.handler = await buildHandler(ws, ep, d);
    } catch (e) {
      const error = {
        code: 'ResourceNotReady',
        message: `User container has crashed or terminated: the scoring server failed to start: ${(e as Error).message}`
      };
      d.provisioningState = 'Failed';
      d.error = error;
      d.handler = undefined;
      log(d, `Provisioning failed: ${error.message}`);
      return error;
    }
    d.provisioningState = 'Succeeded';
    delete d.error;
    delete d.servesPrevious;
    log(d, `Deployment ${d.name} is ready and serving`);
    return undefined;
  };

  return { handleDeployments };
}

import { randomBytes, randomUUID } from 'node:crypto';
import { ArmError, conflict, notAllowed, notFound, unknownRoute, userError } from './arm-errors.js';
import { checkPreconditions, newEtag } from './preconditions.js';
import { COMPUTE_ID_RE, ENDPOINT_NAME_RE, ENDPOINT_NAME_RULE, ML } from './constants.js';
import type { Ctx, Endpoint, Reply, Workspace } from './emulator-types.js';
import type { Faults } from './faults.js';
import type { Operations } from './long-running-operations.js';
import type { DeploymentRoutes } from './online-deployments.js';
import {
  checkLocation,
  checkName,
  q,
  requireBody,
  validated,
  type RequestHelpers
} from './request-helpers.js';
import type { EmulatorStore } from './store.js';
import { clone, normLocation, obj, type Obj } from './values.js';
import { checkMirrorTraffic } from './deployment-rules.js';

/** Online endpoints: create/update/patch/delete, traffic and compute rules, keys and AML tokens. */
export function createEndpointRoutes(
  s: EmulatorStore,
  h: RequestHelpers,
  lro: Operations,
  faults: Faults,
  deployments: DeploymentRoutes,
  issueToken: (endpoint: string) => string
) {
  const { wsId, workspaces, wsKey, systemData, tenantId, scoringUri } = s;
  const { page, busy } = h;
  const { startOperation, lroHeaders } = lro;
  const { takeProvisioningFailure } = faults;
  const { handleDeployments } = deployments;
  const endpointResource = (ws: Workspace, ep: Endpoint): Obj => {
    const body = clone(ep.body);
    const props = obj(body.properties);
    delete props.keys;
    const identity = body.identity ? obj(body.identity) : undefined;
    if (identity && String(identity.type ?? '').includes('SystemAssigned')) {
      identity.principalId = ep.principalId;
      identity.tenantId = tenantId;
    }
    return {
      id: `${wsId(ws)}/onlineEndpoints/${ep.name}`,
      name: ep.name,
      type: `${ML}/workspaces/onlineEndpoints`,
      ...body,
      ...(identity ? { identity } : {}),
      systemData: ep.systemData,
      properties: {
        ...props,
        traffic: props.traffic ?? {},
        provisioningState: ep.provisioningState,
        scoringUri: scoringUri(ep.name),
        swaggerUri: `${s.scoringBase}/endpoints/${encodeURIComponent(ep.name)}/swagger.json`
      }
    };
  };

  /** Endpoint names are unique per region (they are part of the scoring URI's host name). */
  const endpointInOtherWorkspace = (ws: Workspace, name: string): Workspace | undefined => {
    for (const w of workspaces.values()) {
      if (w === ws || normLocation(w.location) !== normLocation(ws.location)) continue;
      if ([...w.endpoints.keys()].some((n) => n.toLowerCase() === name.toLowerCase())) return w;
    }
    return undefined;
  };

  const checkTraffic = (ep: Endpoint | undefined, epName: string, traffic: unknown) => {
    const t = obj(traffic);
    const entries = Object.entries(t);
    for (const [dep, value] of entries) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) {
        throw userError(
          `Invalid traffic for deployment '${dep}': ${JSON.stringify(value)}. Traffic values must be integers between 0 and 100.`,
          400,
          [{ code: 'InvalidTraffic', target: `properties.traffic.${dep}`, message: 'invalid traffic value' }]
        );
      }
      if (!ep || !ep.deployments.has(dep)) {
        throw userError(
          `Invalid traffic: deployment '${dep}' does not exist in endpoint '${epName}'. Traffic can only be set for existing deployments.`,
          400,
          [{ code: 'InvalidTraffic', target: `properties.traffic.${dep}`, message: 'unknown deployment' }]
        );
      }
    }
    const sum = entries.reduce((s, [, v]) => s + (v as number), 0);
    if (sum !== 0 && sum !== 100) {
      throw userError(
        `Invalid traffic: the traffic values of endpoint '${epName}' must sum to 100 (or 0), got ${sum} (${JSON.stringify(t)}).`,
        400,
        [{ code: 'InvalidTraffic', target: 'properties.traffic', message: `sum is ${sum}` }]
      );
    }
  };

  const checkCompute = (ws: Workspace, compute: unknown) => {
    if (compute === undefined) return;
    const m = typeof compute === 'string' ? COMPUTE_ID_RE.exec(compute) : null;
    if (!m) {
      throw userError(
        `properties.compute must be the ARM id of an attached Kubernetes compute (${wsId(ws)}/computes/<name>), got ${JSON.stringify(compute)}.`
      );
    }
    if (wsKey(m[1], m[2], m[3]) !== wsKey(ws.subscriptionId, ws.resourceGroup, ws.name)) {
      throw userError(`The compute '${compute}' must belong to workspace '${ws.name}'.`);
    }
    if (ws.computes && !ws.computes.includes(m[4])) {
      throw new ArmError(404, 'UserError', `Compute '${m[4]}' was not found in workspace '${ws.name}'.`);
    }
  };

  const handleEndpoints = async (ctx: Ctx, ws: Workspace, rest: string[]): Promise<Reply> => {
    const [name, sub, depName, action, extra] = rest;
    if (extra !== undefined) throw unknownRoute(ctx);
    const m = ctx.method;
    if (name === undefined) {
      if (m !== 'GET') throw notAllowed(ctx);
      let list = [...ws.endpoints.values()];
      const nf = q(ctx, 'name');
      if (nf) list = list.filter((e) => e.name === nf);
      const ct = q(ctx, 'computeType');
      if (ct) list = list.filter((e) => (obj(e.body.properties).compute ? 'Kubernetes' : 'Managed') === ct);
      return page(
        ctx,
        list.map((e) => endpointResource(ws, e))
      );
    }
    const ep = ws.endpoints.get(name);
    if (sub !== undefined) {
      const s = sub.toLowerCase();
      if (s === 'deployments') return handleDeployments(ctx, ws, name, ep, depName, action);
      if (depName !== undefined) throw unknownRoute(ctx);
      if (!ep) throw notFound('Online endpoint', name, ws);
      if (s === 'listkeys') {
        if (m !== 'POST') throw notAllowed(ctx);
        const authMode = String(obj(ep.body.properties).authMode);
        if (authMode.toLowerCase() !== 'key') {
          throw userError(
            `Keys are only available for endpoints with key authentication; '${name}' uses ${authMode}.`
          );
        }
        return { status: 200, body: { ...ep.keys } };
      }
      if (s === 'token') {
        if (m !== 'POST') throw notAllowed(ctx);
        const authMode = String(obj(ep.body.properties).authMode);
        if (authMode.toLowerCase() !== 'amltoken') {
          throw userError(
            `Tokens are only available for endpoints with AMLToken authentication; '${name}' uses ${authMode}.`
          );
        }
        const t = Math.floor(Date.now() / 1000);
        return {
          status: 200,
          body: {
            accessToken: issueToken(name),
            tokenType: 'Bearer',
            expiryTimeUtc: t + 3600,
            refreshAfterTimeUtc: t + 1800
          }
        };
      }
      throw unknownRoute(ctx);
    }
    if (m === 'GET') {
      if (!ep) throw notFound('Online endpoint', name, ws);
      return { status: 200, body: endpointResource(ws, ep), headers: { etag: ep.etag } };
    }
    if (m === 'PUT') {
      checkName('Endpoint', name, ENDPOINT_NAME_RE, ENDPOINT_NAME_RULE);
      const raw = requireBody(ctx);
      const body = validated('OnlineEndpoint', raw);
      const props = obj(body.properties);
      // mirrorTraffic (newer api-versions) is not in the 2022-10-01 model: read it from the request as sent
      const mirror = obj(raw.properties).mirrorTraffic;
      checkLocation(ws, body.location, 'endpoint');
      checkPreconditions(ctx, 'PUT', ep?.etag, `endpoint '${name}'`);
      if (ep) busy(`endpoint '${name}'`, ep.op);
      if (ep && ep.provisioningState === 'Deleting') throw conflict(`Endpoint '${name}' is being deleted.`);
      const other = endpointInOtherWorkspace(ws, name);
      if (other) {
        throw userError(
          `Endpoint name '${name}' is already in use (workspace '${other.name}'). Endpoint names must be unique within a region.`
        );
      }
      checkCompute(ws, props.compute);
      if (ep && (obj(ep.body.properties).compute ?? null) !== (props.compute ?? null)) {
        throw userError(`The compute of endpoint '${name}' can't be changed once it is created.`);
      }
      if (
        ep &&
        String(obj(ep.body.properties).authMode).toLowerCase() !== String(props.authMode).toLowerCase()
      ) {
        throw userError(`The authMode of endpoint '${name}' can't be changed once it is created.`);
      }
      checkTraffic(ep, name, props.traffic);
      checkMirrorTraffic(ep, name, obj(props.traffic), mirror);
      if (mirror !== undefined) props.mirrorTraffic = mirror;
      const identity = body.identity ? obj(body.identity) : { type: 'SystemAssigned' };
      const given = obj(props.keys);
      delete props.keys;
      const stored: Obj = { ...body, identity, properties: props };
      let target = ep;
      const isNew = !target;
      if (!target) {
        target = {
          name,
          body: stored,
          provisioningState: 'Creating',
          systemData: systemData(),
          keys: {
            primaryKey:
              typeof given.primaryKey === 'string' ? given.primaryKey : randomBytes(16).toString('hex'),
            secondaryKey:
              typeof given.secondaryKey === 'string' ? given.secondaryKey : randomBytes(16).toString('hex')
          },
          servingTraffic: {},
          deployments: new Map(),
          etag: newEtag()
        };
        ws.endpoints.set(name, target);
      } else {
        target.body = stored;
        target.etag = newEtag();
        target.provisioningState = 'Updating';
        target.systemData = systemData(target.systemData);
        if (typeof given.primaryKey === 'string') target.keys.primaryKey = given.primaryKey;
        if (typeof given.secondaryKey === 'string') target.keys.secondaryKey = given.secondaryKey;
      }
      if (String(identity.type ?? '').includes('SystemAssigned')) target.principalId ??= randomUUID();
      const e = target;
      e.op = startOperation({
        kind: isNew ? 'Create' : 'Update',
        target: `${wsId(ws)}/onlineEndpoints/${name}`,
        ws,
        resourcePath: `${wsId(ws)}/onlineEndpoints/${name}`,
        exists: () => ws.endpoints.get(name) === e,
        resource: () => (ws.endpoints.get(name) === e ? endpointResource(ws, e) : undefined),
        finish: async () => {
          const failure = takeProvisioningFailure(ws, name);
          if (failure) {
            e.provisioningState = 'Failed';
            return failure;
          }
          e.provisioningState = 'Succeeded';
          e.servingTraffic = { ...(obj(obj(e.body.properties).traffic) as Record<string, number>) };
          return undefined;
        }
      });
      return {
        status: isNew ? 201 : 200,
        body: endpointResource(ws, e),
        headers: { ...lroHeaders(e.op, false), etag: e.etag }
      };
    }
    if (m === 'PATCH') {
      if (!ep) throw notFound('Online endpoint', name, ws);
      const body = validated('PartialMinimalTrackedResourceWithIdentity', requireBody(ctx));
      checkPreconditions(ctx, 'PATCH', ep.etag, `endpoint '${name}'`);
      busy(`endpoint '${name}'`, ep.op);
      ep.etag = newEtag();
      if (body.tags !== undefined) ep.body.tags = body.tags;
      if (body.identity !== undefined) {
        const identity = { ...obj(ep.body.identity), ...obj(body.identity) };
        ep.body.identity = identity;
        if (String(identity.type ?? '').includes('SystemAssigned')) ep.principalId ??= randomUUID();
      }
      ep.provisioningState = 'Updating';
      ep.systemData = systemData(ep.systemData);
      ep.op = startOperation({
        kind: 'Update',
        target: `${wsId(ws)}/onlineEndpoints/${name}`,
        ws,
        resourcePath: `${wsId(ws)}/onlineEndpoints/${name}`,
        exists: () => ws.endpoints.get(name) === ep,
        resource: () => (ws.endpoints.get(name) === ep ? endpointResource(ws, ep) : undefined),
        finish: async () => {
          ep.provisioningState = 'Succeeded';
          return undefined;
        }
      });
      return {
        status: 202,
        body: endpointResource(ws, ep),
        headers: { ...lroHeaders(ep.op, true), etag: ep.etag }
      };
    }
    if (m === 'DELETE') {
      if (!ep) return { status: 204 };
      checkPreconditions(ctx, 'DELETE', ep.etag, `endpoint '${name}'`);
      busy(`endpoint '${name}'`, ep.op);
      ep.provisioningState = 'Deleting';
      for (const d of ep.deployments.values()) d.provisioningState = 'Deleting';
      ep.op = startOperation({
        kind: 'Delete',
        target: `${wsId(ws)}/onlineEndpoints/${name}`,
        ws,
        resourcePath: `${wsId(ws)}/onlineEndpoints/${name}`,
        exists: () => ws.endpoints.get(name) === ep,
        resource: () => undefined,
        finish: async () => {
          if (ws.endpoints.get(name) === ep) ws.endpoints.delete(name);
          return undefined;
        }
      });
      return { status: 202, headers: lroHeaders(ep.op, true) };
    }
    throw notAllowed(ctx);
  };

  return { handleEndpoints };
}

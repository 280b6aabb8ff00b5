import { randomBytes } from 'node:crypto';
import type { Ctx, Endpoint, Reply, Workspace } from './emulator-types.js';
import type { ScoringFunctions } from './scoring-functions.js';
import type { EmulatorStore } from './store.js';
import type { ArmRequestRecord } from './types.js';
import { durationMs, obj } from './values.js';

/**
 * The scoring URIs of online endpoints: key / AML-token auth, routing by the `azureml-model-deployment`
 * header or by the endpoint's serving traffic, and calling the deployment's scoring function.
 */
export type ScoringRoute = ReturnType<typeof createScoringRoute>;

export function createScoringRoute(s: EmulatorStore, scoring: ScoringFunctions) {
  const { workspaces, amlTokens, trafficRandom, defaultTimeout } = s;
  const { log, buildHandler } = scoring;
  const issueToken = (endpoint: string) => {
    const token = randomBytes(24).toString('hex');
    amlTokens.set(token, endpoint);
    return token;
  };
  const findEndpoint = (name: string): { ws: Workspace; ep: Endpoint } | undefined => {
    for (const ws of workspaces.values()) {
      const ep = ws.endpoints.get(name);
      if (ep) return { ws, ep };
    }
    return undefined;
  };
  const scoringError = (status: number, message: string, headers: Record<string, string> = {}): Reply => ({
    status,
    body: { message },
    headers
  });

  const routeScoring = async (ctx: Ctx, rec: ArmRequestRecord): Promise<Reply> => {
    const mm = /^\/endpoints\/([^/]+)\/(score|swagger\.json)\/?$/.exec(ctx.path);
    if (!mm) return scoringError(404, 'Not found');
    const name = decodeURIComponent(mm[1]);
    const found = findEndpoint(name);
    if (!found || found.ep.provisioningState === 'Creating' || found.ep.provisioningState === 'Deleting') {
      return scoringError(404, `Endpoint '${name}' not found or not ready.`);
    }
    const { ws, ep } = found;
    const authMode = String(obj(ep.body.properties).authMode).toLowerCase();
    const auth = /^Bearer\s+(\S+)\s*$/i.exec(String(ctx.req.headers.authorization ?? ''))?.[1];
    const authorized =
      auth !== undefined &&
      (authMode === 'key'
        ? auth === ep.keys.primaryKey || auth === ep.keys.secondaryKey
        : authMode === 'amltoken'
          ? amlTokens.get(auth) === name
          : auth.length > 0);
    if (!authorized) {
      return scoringError(
        401,
        auth === undefined
          ? 'Authorization header is missing (expected "Bearer <key>").'
          : 'Authorization failed: invalid key or token.',
        {
          'www-authenticate': 'Bearer'
        }
      );
    }
    if (mm[2] === 'swagger.json') {
      if (ctx.method !== 'GET') return scoringError(405, 'Method not allowed');
      return {
        status: 200,
        body: { swagger: '2.0', info: { title: name, version: '1.0' }, paths: { '/score': { post: {} } } }
      };
    }
    if (ctx.method !== 'POST') return scoringError(405, 'Method not allowed; POST to /score.');
    const header = ctx.req.headers['azureml-model-deployment'];
    let depName = Array.isArray(header) ? header[0] : header;
    if (depName !== undefined && depName !== '') {
      if (!ep.deployments.has(depName)) {
        return scoringError(404, `Deployment '${depName}' was not found in endpoint '${name}'.`);
      }
    } else {
      const weights = Object.entries(ep.servingTraffic)
        .filter(([d, w]) => w > 0 && ep.deployments.has(d))
        .sort(([a], [b]) => a.localeCompare(b));
      const total = weights.reduce((s, [, w]) => s + w, 0);
      if (!total) {
        return scoringError(
          404,
          'No valid deployments to route to. Please check that the endpoint has at least one deployment with positive weight values or use a deployment specific header to route.'
        );
      }
      let r = trafficRandom() * total;
      depName = weights[weights.length - 1][0];
      for (const [d, w] of weights) {
        if (r < w) {
          depName = d;
          break;
        }
        r -= w;
      }
    }
    const d = ep.deployments.get(depName)!;
    rec.deployment = d.name;
    const depHeader = { 'azureml-model-deployment': d.name };
    if (
      (d.provisioningState === 'Failed' && !d.servesPrevious) ||
      d.provisioningState === 'Deleting' ||
      d.provisioningState === 'Creating'
    ) {
      return scoringError(
        502,
        `Deployment '${d.name}' is not serving (provisioningState ${d.provisioningState}${d.error ? `: ${d.error.message}` : ''}).`,
        depHeader
      );
    }
    if (!d.handler) {
      try {
        d.handler = await buildHandler(ws, ep, d);
      } catch (e) {
        log(d, `Scoring server failed to start: ${(e as Error).message}`);
        return scoringError(
          502,
          `Deployment '${d.name}' failed to start: ${(e as Error).message}`,
          depHeader
        );
      }
    }
    const timeoutMs =
      durationMs(obj(obj(d.body.properties).requestSettings).requestTimeout) ?? defaultTimeout;
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        d.handler(ctx.body, { endpoint: name, deployment: d.name, headers: ctx.req.headers }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(Object.assign(new Error('upstream request timeout'), { status: 408 })),
            timeoutMs
          );
        })
      ]);
      return { status: 200, body: result === undefined ? null : result, headers: depHeader };
    } catch (e) {
      const err = e as Error & { status?: unknown; statusCode?: unknown };
      const status =
        typeof err.status === 'number'
          ? err.status
          : typeof err.statusCode === 'number'
            ? err.statusCode
            : 424;
      log(d, `Scoring failed (${status}): ${err.message}`);
      return scoringError(
        status,
        status === 424 ? `An error occurred in the scoring function: ${err.message}` : err.message,
        depHeader
      );
    } finally {
      if (timer) clearTimeout(timer);
    }
  };

  return { issueToken, findEndpoint, routeScoring };
}

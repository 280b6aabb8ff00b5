import type { IncomingMessage } from 'node:http';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { ScoringRoute } from './scoring-route.js';
import type { EmulatorStore } from './store.js';
import type { ScoreCallOptions, ScoreCallResult } from './types.js';
import { obj } from './values.js';

/** `ArmEmulator.score()`: a client call to an endpoint's scoring URI, authenticated with its key or a token. */
export function createScoreClient(
  s: EmulatorStore,
  ca: string | Buffer,
  route: Pick<ScoringRoute, 'findEndpoint' | 'issueToken'>
) {
  const { scoringUri } = s;
  const { findEndpoint, issueToken } = route;
  const scoreAgents = {
    https: new HttpsAgent({ ca, keepAlive: true }),
    http: new HttpAgent({ keepAlive: true })
  };
  const score = (endpoint: string, body: unknown, o: ScoreCallOptions = {}): Promise<ScoreCallResult> => {
    const found = findEndpoint(endpoint);
    let key = o.key;
    if (key === undefined && found) {
      const mode = String(obj(found.ep.body.properties).authMode).toLowerCase();
      key = mode === 'amltoken' ? issueToken(endpoint) : found.ep.keys.primaryKey;
    }
    const target = new URL(scoringUri(endpoint));
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(payload)),
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(o.deployment ? { 'azureml-model-deployment': o.deployment } : {}),
      ...o.headers
    };
    return new Promise((resolve, reject) => {
      const callback = (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON */
          }
          const dep = res.headers['azureml-model-deployment'];
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: parsed,
            ...(typeof dep === 'string' ? { deployment: dep } : {})
          });
        });
        res.on('error', reject);
      };
      const req =
        target.protocol === 'https:'
          ? httpsRequest(target, { method: 'POST', headers, agent: scoreAgents.https }, callback)
          : httpRequest(target, { method: 'POST', headers, agent: scoreAgents.http }, callback);
      req.on('error', reject);
      req.end(payload);
    });
  };
  return { score, scoreAgents };
}

import { MODEL_ID_RE } from './constants.js';
import type { Deployment, Endpoint, Workspace } from './emulator-types.js';
import type { EmulatorStore } from './store.js';
import type { ScoreFn, Scorer, ScorerDeployment, ScorerModel } from './types.js';
import { obj, strDict } from './values.js';

/** The scoring functions behind deployments: what the scorer is told about a deployment, and deployment logs. */

export const defaultScorer: Scorer = async (d) => async (body) => ({
  endpoint: d.endpoint,
  deployment: d.deployment,
  model: d.model ? { name: d.model.name, version: d.model.version } : undefined,
  input: body
});

export type ScoringFunctions = ReturnType<typeof createScoringFunctions>;

export function createScoringFunctions(s: EmulatorStore) {
  const { workspaces, wsKey } = s;
  const scorerInfo = (ws: Workspace, ep: Endpoint, d: Deployment): ScorerDeployment => {
    const props = obj(d.body.properties);
    const modelId = typeof props.model === 'string' ? props.model : undefined;
    let model: ScorerModel | undefined;
    const m = modelId ? MODEL_ID_RE.exec(modelId) : null;
    if (m) {
      const mws = workspaces.get(wsKey(m[1], m[2], m[3]));
      const c = mws?.models.get(m[4]);
      const v = c?.versions.get(m[5]);
      if (v && c) {
        model = {
          id: modelId!,
          name: c.name,
          version: v.version,
          ...(typeof v.properties.modelUri === 'string' ? { uri: v.properties.modelUri } : {}),
          ...(typeof v.properties.modelType === 'string' ? { type: v.properties.modelType } : {}),
          properties: strDict(v.properties.properties),
          tags: strDict(v.properties.tags),
          ...(typeof v.properties.description === 'string' ? { description: v.properties.description } : {})
        };
      }
    }
    return {
      workspace: { subscriptionId: ws.subscriptionId, resourceGroup: ws.resourceGroup, name: ws.name },
      endpoint: ep.name,
      deployment: d.name,
      computeType: String(props.endpointComputeType),
      ...(model ? { model } : {}),
      ...(modelId ? { modelId } : {}),
      ...(typeof props.environmentId === 'string' ? { environmentId: props.environmentId } : {}),
      environmentVariables: strDict(props.environmentVariables),
      ...(typeof props.instanceType === 'string' ? { instanceType: props.instanceType } : {}),
      instanceCount: typeof obj(d.body.sku).capacity === 'number' ? (obj(d.body.sku).capacity as number) : 1,
      properties: strDict(props.properties),
      tags: strDict(d.body.tags)
    };
  };
  const log = (d: Deployment, line: string) => {
    d.logs.push(`${new Date().toISOString()} ${line}`);
    if (d.logs.length > 1000) d.logs.splice(0, d.logs.length - 1000);
  };
  const buildHandler = async (ws: Workspace, ep: Endpoint, d: Deployment): Promise<ScoreFn> => {
    const handler = await s.scorer(scorerInfo(ws, ep, d));
    if (typeof handler !== 'function') throw new Error('the scorer did not return a scoring function');
    return handler;
  };
  return { log, buildHandler };
}

import { ASSETS, type AssetKind } from './assets.js';
import type { EmulatorStore } from './store.js';
import type { ArmEmulatorState } from './types.js';
import { clone, obj, strDict } from './values.js';

/** A plain-data snapshot of everything the emulator holds (`ArmEmulator.state()`). */

type AssetVersionStateList = ArmEmulatorState['dataVersions'];

export function snapshotState(s: EmulatorStore): ArmEmulatorState {
  const { roleAssignments, operations, workspaces, wsId, scoringUri, tenantId } = s;
  const out: ArmEmulatorState = {
    workspaces: [],
    endpoints: [],
    deployments: [],
    dataVersions: [],
    modelVersions: [],
    environmentVersions: [],
    roleAssignments: [...roleAssignments.values()].map((ra) => ({
      id: ra.id,
      name: ra.name,
      scope: ra.scope,
      roleDefinitionId: ra.roleDefinitionId,
      principalId: ra.principalId,
      ...(ra.principalType ? { principalType: ra.principalType } : {})
    })),
    operations: [...operations.values()].map((op) => ({
      id: op.id,
      kind: op.kind,
      target: op.target,
      status: op.status,
      polls: op.polls,
      ...(op.error ? { error: { ...op.error } } : {})
    }))
  };
  for (const ws of workspaces.values()) {
    out.workspaces.push({
      subscriptionId: ws.subscriptionId,
      resourceGroup: ws.resourceGroup,
      name: ws.name,
      location: ws.location,
      id: wsId(ws)
    });
    for (const ep of ws.endpoints.values()) {
      const props = obj(ep.body.properties);
      const identity = obj(ep.body.identity);
      out.endpoints.push({
        workspace: ws.name,
        name: ep.name,
        id: `${wsId(ws)}/onlineEndpoints/${ep.name}`,
        location: String(ep.body.location),
        provisioningState: ep.provisioningState,
        authMode: String(props.authMode),
        traffic: clone(obj(props.traffic) as Record<string, number>),
        servingTraffic: { ...ep.servingTraffic },
        scoringUri: scoringUri(ep.name),
        ...(typeof props.compute === 'string' ? { compute: props.compute } : {}),
        ...(identity.type
          ? {
              identity: {
                type: String(identity.type),
                ...(ep.principalId && String(identity.type).includes('SystemAssigned')
                  ? { principalId: ep.principalId, tenantId }
                  : {})
              }
            }
          : {}),
        tags: strDict(ep.body.tags),
        keys: { ...ep.keys },
        deployments: [...ep.deployments.keys()]
      });
      for (const d of ep.deployments.values()) {
        const dp = obj(d.body.properties);
        out.deployments.push({
          workspace: ws.name,
          endpoint: ep.name,
          name: d.name,
          id: `${wsId(ws)}/onlineEndpoints/${ep.name}/deployments/${d.name}`,
          provisioningState: d.provisioningState,
          computeType: String(dp.endpointComputeType),
          ...(typeof dp.model === 'string' ? { model: dp.model } : {}),
          ...(typeof dp.environmentId === 'string' ? { environmentId: dp.environmentId } : {}),
          ...(typeof dp.instanceType === 'string' ? { instanceType: dp.instanceType } : {}),
          instanceCount:
            typeof obj(d.body.sku).capacity === 'number' ? (obj(d.body.sku).capacity as number) : 1,
          environmentVariables: strDict(dp.environmentVariables),
          tags: strDict(d.body.tags),
          ...(d.error ? { error: { ...d.error } } : {}),
          properties: clone(dp)
        });
      }
    }
    const assets: [AssetKind, AssetVersionStateList][] = [
      [ASSETS.data, out.dataVersions],
      [ASSETS.models, out.modelVersions],
      [ASSETS.environments, out.environmentVersions]
    ];
    for (const [kind, list] of assets) {
      for (const c of ws[kind.key].values()) {
        for (const v of [...c.versions.values()].sort((a, b) => a.seq - b.seq)) {
          list.push({
            workspace: ws.name,
            name: c.name,
            version: v.version,
            id: `${wsId(ws)}/${kind.key}/${c.name}/versions/${v.version}`,
            createdAt: v.systemData.createdAt,
            properties: clone(v.properties)
          });
        }
      }
    }
  }
  return out;
}

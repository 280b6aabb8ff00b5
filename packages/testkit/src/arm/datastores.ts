import { notAllowed, notFound, unknownRoute } from './arm-errors.js';
import { ML } from './constants.js';
import type { Ctx, Reply, Workspace } from './emulator-types.js';
import type { RequestHelpers } from './request-helpers.js';
import type { EmulatorStore } from './store.js';
import type { Obj } from './values.js';

/** The workspace's default blob datastore (`workspaceblobstore`) and its secrets. */
export function createDatastoreRoutes(s: EmulatorStore, h: RequestHelpers) {
  const { wsId, blob, datastoreContainer } = s;
  const { page } = h;
  const datastoreResource = (ws: Workspace): Obj => ({
    id: `${wsId(ws)}/datastores/workspaceblobstore`,
    name: 'workspaceblobstore',
    type: `${ML}/workspaces/datastores`,
    systemData: ws.systemData,
    properties: {
      datastoreType: 'AzureBlob',
      accountName: blob.accountName,
      containerName: datastoreContainer(ws),
      endpoint: 'core.windows.net',
      protocol: 'https',
      serviceDataAccessAuthIdentity: 'WorkspaceSystemAssignedIdentity',
      credentials: { credentialsType: 'AccountKey' },
      isDefault: true,
      description: 'Default blob datastore of the workspace (emulated)',
      properties: {},
      tags: {}
    }
  });

  const handleDatastores = (ctx: Ctx, ws: Workspace, rest: string[]): Reply => {
    const [name, action, extra] = rest;
    if (extra !== undefined) throw unknownRoute(ctx);
    if (name === undefined) {
      if (ctx.method !== 'GET') throw notAllowed(ctx);
      return page(ctx, [datastoreResource(ws)]);
    }
    if (name !== 'workspaceblobstore') throw notFound('Datastore', name, ws);
    if (action === undefined) {
      if (ctx.method !== 'GET') throw notAllowed(ctx);
      return { status: 200, body: datastoreResource(ws) };
    }
    if (action.toLowerCase() === 'listsecrets') {
      if (ctx.method !== 'POST') throw notAllowed(ctx);
      return { status: 200, body: { secretsType: 'AccountKey', key: blob.accountKey } };
    }
    throw unknownRoute(ctx);
  };

  return { handleDatastores };
}

// Optimistic concurrency of online endpoints: the ETag the emulator returns and the If-Match /
// If-None-Match it honours, as ARM's resource provider contract states it
// (Azure/azure-resource-manager-rpc v1.0/Addendum.md, "ETags for Resources").
import { armRequest, startArmEmulator, type ArmEmulator } from '../../src/index.js';

const WS = { subscriptionId: '00000000-1111-2222-3333-444444444444', resourceGroup: 'rg', name: 'ws' };
const wsPath = `/subscriptions/${WS.subscriptionId}/resourceGroups/${WS.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${WS.name}`;
const ep = (name: string) => `${wsPath}/onlineEndpoints/${name}`;
const body = (tags: Record<string, string> = {}) => ({
  body: { location: 'eastus', tags, identity: { type: 'SystemAssigned' }, properties: { authMode: 'Key' } }
});

let emu: ArmEmulator;
beforeEach(async () => {
  emu = await startArmEmulator({ workspaces: [WS], lro: { polls: 0 } });
});
afterEach(async () => emu?.stop());

const etagOf = async (name: string) => (await armRequest(emu, 'GET', ep(name))).headers.etag as string;

test('PUT: If-Match on a missing endpoint is 412; If-None-Match: * creates it, and is 412 once it exists', async () => {
  const missing = await armRequest(emu, 'PUT', ep('ep-a'), { ...body(), headers: { 'if-match': '*' } });
  expect(missing.status).toBe(412);
  expect(missing.body.error.code).toBe('PreconditionFailed');
  const made = await armRequest(emu, 'PUT', ep('ep-a'), { ...body(), headers: { 'if-none-match': '*' } });
  expect(made.status).toBe(201);
  expect(made.headers.etag).toMatch(/^"[0-9a-f]+"$/);
  await emu.completeOperations();
  const again = await armRequest(emu, 'PUT', ep('ep-a'), { ...body(), headers: { 'if-none-match': '*' } });
  expect(again.status).toBe(412);
});

test('every accepted change gives a new ETag; a write with an old one is 412 and changes nothing', async () => {
  await armRequest(emu, 'PUT', ep('ep-b'), body({ v: '1' }));
  await emu.completeOperations();
  const first = await etagOf('ep-b');
  const put = await armRequest(emu, 'PUT', ep('ep-b'), {
    ...body({ v: '2' }),
    headers: { 'if-match': first }
  });
  expect(put.status).toBe(200);
  await emu.completeOperations();
  const second = await etagOf('ep-b');
  expect(second).not.toBe(first);
  // a writer still holding the first ETag loses, whatever the verb
  const stalePut = await armRequest(emu, 'PUT', ep('ep-b'), {
    ...body({ v: 'stale' }),
    headers: { 'if-match': first }
  });
  expect(stalePut.status).toBe(412);
  const stalePatch = await armRequest(emu, 'PATCH', ep('ep-b'), {
    body: { tags: { v: 'stale' } },
    headers: { 'if-match': first }
  });
  expect(stalePatch.status).toBe(412);
  expect((await armRequest(emu, 'DELETE', ep('ep-b'), { headers: { 'if-match': first } })).status).toBe(412);
  expect((await armRequest(emu, 'GET', ep('ep-b'))).body.tags).toEqual({ v: '2' });
  expect(await etagOf('ep-b')).toBe(second);
  // the current one, or *, passes
  const patch = await armRequest(emu, 'PATCH', ep('ep-b'), {
    body: { tags: { v: '3' } },
    headers: { 'if-match': second }
  });
  expect(patch.status).toBe(202);
  await emu.completeOperations();
  expect((await armRequest(emu, 'GET', ep('ep-b'))).body.tags).toEqual({ v: '3' });
  expect((await armRequest(emu, 'DELETE', ep('ep-b'), { headers: { 'if-match': '*' } })).status).toBe(202);
});

test('PATCH of a missing endpoint stays 404 and DELETE 204, whatever If-Match says; a GET ignores it', async () => {
  expect(
    (await armRequest(emu, 'PATCH', ep('ep-c'), { body: { tags: {} }, headers: { 'if-match': '"x"' } }))
      .status
  ).toBe(404);
  expect((await armRequest(emu, 'DELETE', ep('ep-c'), { headers: { 'if-match': '"x"' } })).status).toBe(204);
  await armRequest(emu, 'PUT', ep('ep-c'), body());
  expect((await armRequest(emu, 'GET', ep('ep-c'), { headers: { 'if-match': '"x"' } })).status).toBe(200);
});

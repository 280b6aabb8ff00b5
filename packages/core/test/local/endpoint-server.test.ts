import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  writeEndpointFile,
  type LocalEndpointFile,
  DEPLOYMENT_HEADER
} from '../../src/local/endpoint-state.js';
import { startEndpointServer, WeightedPicker, type RunningEndpointServer } from '../../src/local/server.js';

/** A flow with one prompt node (no python, no model): the server's mechanics alone. */
function promptFlow(dir: string, greeting: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'flow.dag.yaml'),
    `inputs:\n  name:\n    type: string\noutputs:\n  text:\n    type: string\n    reference: \${greet.output}\nnodes:\n- name: greet\n  type: prompt\n  source:\n    type: code\n    path: greet.jinja2\n  inputs:\n    name: \${inputs.name}\n`
  );
  writeFileSync(path.join(dir, 'greet.jinja2'), `${greeting} {{name}}`);
  return dir;
}

let tmp: string;
let dir: string;
let server: RunningEndpointServer;
let state: LocalEndpointFile;
const key = 'k'.repeat(43);
const logs: string[] = [];

const score = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/score`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  });

async function waitRevision(rev: number) {
  for (let i = 0; i < 200; i++) {
    const h = (await (await fetch(`${server.url}/health`)).json()) as { revision: number };
    if (h.revision >= rev) return h;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('revision not applied');
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'endpoint-server-'));
  dir = path.join(tmp, '.genaiops/endpoints/ep-test');
  mkdirSync(dir, { recursive: true });
  const record = (name: string, greeting: string) => ({
    name,
    model: { name: 'f', version: name === 'blue' ? '2' : '1' },
    flowDir: promptFlow(path.join(tmp, 'flows', name), greeting),
    environmentVariables: {},
    instanceCount: 1,
    requestTimeoutMs: 10_000,
    tags: {},
    updatedAt: new Date().toISOString()
  });
  state = {
    name: 'ep-test',
    authMode: 'key',
    keys: { primary: key, secondary: 's'.repeat(43) },
    tags: {},
    createdAt: new Date().toISOString(),
    revision: 1,
    traffic: { green: 70, blue: 30 },
    deployments: { green: record('green', 'Hello'), blue: record('blue', 'Bonjour') }
  };
  writeEndpointFile(dir, state);
  server = await startEndpointServer({ dir, log: (l) => logs.push(l), pollMs: 20 });
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('local endpoint server', () => {
  test('GET /health tells anyone only liveness; with a key the revision, traffic and deployments', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    const open = (await res.json()) as Record<string, unknown>;
    expect(open).toMatchObject({ status: 'Healthy', revision: 1 });
    expect(Object.keys(open).sort()).toEqual(['pid', 'revision', 'status']);
    const keyed = await fetch(`${server.url}/health`, { headers: { authorization: `Bearer ${key}` } });
    expect(await keyed.json()).toMatchObject({
      status: 'Healthy',
      endpoint: 'ep-test',
      revision: 1,
      deployments: { green: { state: 'Succeeded', model: 'f:1' }, blue: { state: 'Succeeded', model: 'f:2' } }
    });
  });

  test('POST /score needs a key: 401 JSON error without one or with a wrong one; either key works', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: key }] as Record<
      string,
      string
    >[]) {
      const res = await fetch(`${server.url}/score`, { method: 'POST', headers, body: '{}' });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('Unauthorized');
    }
    const ok = await fetch(`${server.url}/score`, {
      method: 'POST',
      headers: { authorization: `Bearer ${'s'.repeat(43)}` },
      body: '{"name":"Ada"}'
    });
    expect(ok.status).toBe(200);
  });

  test('the deployment header routes to one deployment (even at 0 %); the answer names it', async () => {
    const res = await score({ name: 'Ada' }, { [DEPLOYMENT_HEADER]: 'blue' });
    expect(res.status).toBe(200);
    expect(res.headers.get(DEPLOYMENT_HEADER)).toBe('blue');
    expect(await res.json()).toEqual({ text: 'Bonjour Ada' });
    const missing = await score({ name: 'Ada' }, { [DEPLOYMENT_HEADER]: 'purple' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: {
        code: 'DeploymentNotFound',
        message: 'deployment "purple" not found on endpoint "ep-test"; deployments: green, blue'
      }
    });
  });

  test('bad bodies and routes are JSON errors', async () => {
    const notJson = await score('not json');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({
      error: { code: 'BadRequest', message: 'the request body is not JSON' }
    });
    const list = await score([1]);
    expect(list.status).toBe(400);
    const route = await fetch(`${server.url}/nope`);
    expect(route.status).toBe(404);
    expect(((await route.json()) as { error: { code: string } }).error.code).toBe('NotFound');
  });

  test('traffic weights split the requests (within a few points), and a new split applies without restart', async () => {
    const count = async (n: number) => {
      const seen: Record<string, number> = {};
      for (let i = 0; i < n; i += 20)
        await Promise.all(
          Array.from({ length: 20 }, async () => {
            const res = await score({ name: 'x' });
            expect(res.status).toBe(200);
            const d = res.headers.get(DEPLOYMENT_HEADER)!;
            seen[d] = (seen[d] ?? 0) + 1;
            await res.arrayBuffer();
          })
        );
      return seen;
    };
    const first = await count(400);
    expect(Math.abs((first.green / 400) * 100 - 70)).toBeLessThanOrEqual(3);
    expect(Math.abs((first.blue / 400) * 100 - 30)).toBeLessThanOrEqual(3);

    writeEndpointFile(dir, { ...state, revision: 2, traffic: { green: 0, blue: 100 } });
    await waitRevision(2);
    expect(await count(60)).toEqual({ blue: 60 });

    writeEndpointFile(dir, { ...state, revision: 3, traffic: { green: 0, blue: 0 } });
    await waitRevision(3);
    const none = await score({ name: 'x' });
    expect(none.status).toBe(503);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('NoTrafficDeployment');
  });

  test('a flow that fails answers a generic 502 with a request id (the detail is in the log); an input error 400', async () => {
    const broken = path.join(tmp, 'flows', 'broken');
    promptFlow(broken, 'Hi {{ name.nope() }}');
    writeEndpointFile(dir, {
      ...state,
      revision: 4,
      deployments: { ...state.deployments, red: { ...state.deployments.green, name: 'red', flowDir: broken } }
    });
    await waitRevision(4);
    const res = await score({ name: 'x' }, { [DEPLOYMENT_HEADER]: 'red' });
    expect(res.status).toBe(502);
    const id = res.headers.get('x-request-id')!;
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toContain(id);
    expect(body.error.message).not.toMatch(/greet|nope/);
    expect(logs.find((l) => l.includes(id))).toMatch(/node "greet"/);
    const input = await score({}, { [DEPLOYMENT_HEADER]: 'green' });
    expect(input.status).toBe(400);
    expect(((await input.json()) as { error: { code: string } }).error.code).toBe('InputError');
  });
});

describe('WeightedPicker', () => {
  test('follows the weights exactly over a period and skips zero weights', () => {
    const p = new WeightedPicker({ a: 20, b: 80, c: 0 });
    const seen: Record<string, number> = {};
    for (let i = 0; i < 100; i++) {
      const n = p.pick()!;
      seen[n] = (seen[n] ?? 0) + 1;
    }
    expect(seen).toEqual({ a: 20, b: 80 });
    expect(new WeightedPicker({ a: 0 }).pick()).toBeUndefined();
  });
});

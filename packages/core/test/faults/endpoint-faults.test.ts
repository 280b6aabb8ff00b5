/**
 * The local endpoint under faults: a model that echoes its key in a 401, a flow that hangs past the
 * request timeout, more callers than a deployment takes, and bodies over the limit. The server, the
 * engine and the python workers are real; the model is the stub.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startStubLlm, type StubLlm } from '@genaiops/testkit';
import {
  DEPLOYMENT_HEADER,
  writeEndpointFile,
  type LocalDeploymentRecord
} from '../../src/local/endpoint-state.js';
import { startEndpointServer, type RunningEndpointServer } from '../../src/local/server.js';

const repo = path.resolve(import.meta.dirname, '../../../..');
const standardFlow = path.join(repo, 'use-cases/ticket_classification/flows/standard');

/** A flow whose one python node sleeps for `seconds`. */
function sleepFlow(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'flow.dag.yaml'),
    'inputs:\n  seconds:\n    type: double\noutputs:\n  slept:\n    type: string\n    reference: ${work.output}\n' +
      'nodes:\n- name: work\n  type: python\n  source:\n    type: code\n    path: work.py\n  inputs:\n    seconds: ${inputs.seconds}\n'
  );
  writeFileSync(
    path.join(dir, 'work.py'),
    'import time\nfrom promptflow import tool\n\n\n@tool\ndef work(seconds: float) -> str:\n    time.sleep(seconds)\n    return "slept %s" % seconds\n'
  );
  return dir;
}

const key = randomBytes(32).toString('base64url');
const modelKey = `sk-${randomBytes(24).toString('hex')}`;
const MAX_BODY = 1024 * 1024;
let tmp: string;
let stub: StubLlm;
let server: RunningEndpointServer;
const logs: string[] = [];

beforeAll(async () => {
  stub = await startStubLlm({ apiKey: modelKey, defaultReply: 'billing' });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'endpoint-faults-'));
  const dir = path.join(tmp, '.genaiops/endpoints/ep-faults');
  mkdirSync(dir, { recursive: true });
  const record = (name: string, flowDir: string, extra: Partial<LocalDeploymentRecord> = {}) => ({
    name,
    model: { name: 'f', version: '1' },
    flowDir,
    environmentVariables: {},
    instanceCount: 1,
    requestTimeoutMs: 20_000,
    tags: {},
    updatedAt: new Date().toISOString(),
    ...extra
  });
  const sleeper = sleepFlow(path.join(tmp, 'flows/sleep'));
  writeEndpointFile(dir, {
    name: 'ep-faults',
    authMode: 'key',
    keys: { primary: key, secondary: randomBytes(32).toString('base64url') },
    tags: {},
    createdAt: new Date().toISOString(),
    revision: 1,
    traffic: { llm: 100 },
    deployments: {
      llm: record('llm', standardFlow, { environmentVariables: { aoai: stub.connectionJson('azure') } }),
      slow: record('slow', sleeper, { requestTimeoutMs: 10_000 }),
      busy: record('busy', sleeper)
    }
  });
  server = await startEndpointServer({
    dir,
    log: (l) => logs.push(l),
    pollMs: 50,
    pythonWorkers: 1,
    concurrency: 1,
    queue: 1,
    maxBodyBytes: MAX_BODY
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await stub?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const score = (deployment: string, body: unknown) =>
  fetch(`${server.url}/score`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      [DEPLOYMENT_HEADER]: deployment
    },
    body: JSON.stringify(body)
  });

test('a model 401 that echoes the key: the caller gets a generic 502 with a request id; the log has the detail, masked', async () => {
  stub.failNext(1, 'echo-key');
  const res = await score('llm', { ticket: 'I was charged twice' });
  const text = await res.text();
  expect(res.status).toBe(502);
  const id = res.headers.get('x-request-id')!;
  expect(text).toContain(id);
  expect(text).not.toContain(modelKey);
  // \b: the random request id may hold the digits 401
  expect(text).not.toMatch(/\b401\b|Incorrect API key/);
  const line = logs.find((l) => l.includes(id) && l.includes('401'));
  expect(line).toBeDefined();
  expect(line).toContain('***');
  expect(logs.join('\n')).not.toContain(modelKey);
  expect(logs.join('\n')).not.toContain(key);
  // the same deployment answers the next caller normally
  const ok = await score('llm', { ticket: 'I was charged twice' });
  expect(ok.status).toBe(200);
});

test('the request timeout cancels the work: the busy python worker is replaced and the next request is served at once', async () => {
  const t0 = Date.now();
  const slow = await score('slow', { seconds: 120 });
  expect(slow.status).toBe(408);
  expect(Date.now() - t0).toBeLessThan(15_000);
  // one python worker in all: without the cancel this would wait behind the sleeper and time out too
  const t1 = Date.now();
  const next = await score('slow', { seconds: 0 });
  expect(next.status).toBe(200);
  expect(await next.json()).toEqual({ slept: expect.stringMatching(/^slept 0/) });
  // a new interpreter starts in a few seconds; the old one would have slept on for almost two minutes
  expect(Date.now() - t1).toBeLessThan(10_000);
}, 60_000);

test('a deployment runs `concurrency` requests with a short queue; beyond that it answers 503 with Retry-After', async () => {
  const all = await Promise.all([1, 2, 3].map(() => score('busy', { seconds: 0.8 })));
  const statuses = all.map((r) => r.status).sort();
  expect(statuses).toEqual([200, 200, 503]);
  const refused = all.find((r) => r.status === 503)!;
  expect(refused.headers.get('retry-after')).toBe('1');
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('TooManyRequests');
}, 30_000);

/** A POST announcing `declared` bytes that sends only `sent` and keeps the connection open. */
function oversize(declared: number | 'chunked', sent: number): Promise<{ status: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const req = http.request(`${server.url}/score`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        [DEPLOYMENT_HEADER]: 'busy',
        ...(declared === 'chunked'
          ? { 'transfer-encoding': 'chunked' }
          : { 'content-length': String(declared) })
      }
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode!, ms: Date.now() - t0 });
      req.destroy();
    });
    req.on('error', (e) => (Date.now() - t0 > 10_000 ? reject(e) : undefined));
    req.write(Buffer.alloc(sent, 0x20));
  });
}

test('over the body limit: 413 before the rest is read, and other requests are answered meanwhile', async () => {
  const pending = [oversize(50 * MAX_BODY, 64 * 1024), oversize(50 * MAX_BODY, 64 * 1024)];
  const other = await score('llm', { ticket: 'my app crashes' });
  expect(other.status).toBe(200);
  const [a, b] = await Promise.all(pending);
  expect([a.status, b.status]).toEqual([413, 413]);
  // a chunked body is cut off once it passes the limit
  const chunked = await oversize('chunked', MAX_BODY + 1024);
  expect(chunked.status).toBe(413);
}, 30_000);

test('/health without a key says only that the server lives', async () => {
  const open = (await (await fetch(`${server.url}/health`)).json()) as Record<string, unknown>;
  expect(Object.keys(open).sort()).toEqual(['pid', 'revision', 'status']);
});

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStubLlm, type StubLlm } from '@genaiops/testkit';
import {
  CachingLlmClient,
  createLlmClient,
  LlmCache,
  llmCacheFromEnvironment,
  llmCacheKey,
  LlmClient,
  LlmRequestError,
  resolveConnection,
  type LlmChatRequest,
  type LlmConnection
} from '../../../src/engine/llm/index.js';

const API_KEY = 'sk-cache-test-0123456789abcdef';
let stub: StubLlm;
let dir: string;
beforeAll(async () => {
  stub = await startStubLlm({ apiKey: API_KEY, defaultReply: (c) => `answer to ${c.text}` });
});
afterAll(() => stub.stop());
beforeEach(() => {
  stub.reset();
  dir = mkdtempSync(path.join(os.tmpdir(), 'llm-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const connection = (extra: Record<string, string> = {}, name = 'aoai'): LlmConnection =>
  resolveConnection(name, {
    env: { [name]: JSON.stringify({ ...JSON.parse(stub.connectionJson('azure')), ...extra }) }
  });
const request = (over: Partial<LlmChatRequest> = {}): LlmChatRequest => ({
  api: 'chat',
  connection: connection(),
  deploymentName: 'gpt-4o',
  parameters: { temperature: 0, max_tokens: 20 },
  messages: [
    { role: 'system', content: 'terse' },
    { role: 'user', content: 'capital of France?' }
  ],
  ...over
});
const client = (mode: 'all' | 'nodes' = 'all', onProblem?: (m: string) => void) =>
  new CachingLlmClient({ cache: new LlmCache(dir, onProblem), mode, retry: { baseDelayMs: 1 } });
const files = (root: string): string[] =>
  readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(root, f))
    .filter((f) => statSync(f).isFile());

describe('the cache key', () => {
  test('same request → same key; a change of parameters, messages, deployment or endpoint → another key', () => {
    const base = llmCacheKey(request());
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(llmCacheKey(request())).toBe(base);
    // parameter order and unset parameters do not matter
    expect(llmCacheKey(request({ parameters: { max_tokens: 20, temperature: 0, seed: undefined } }))).toBe(
      base
    );
    for (const changed of [
      request({ parameters: { temperature: 0.1, max_tokens: 20 } }),
      request({ parameters: { temperature: 0, max_tokens: 21 } }),
      request({ parameters: { temperature: 0, max_tokens: 20, stop: ['\n'] } }),
      request({ messages: [{ role: 'user', content: 'capital of France?' }] }),
      request({ deploymentName: 'gpt-4o-mini' }),
      request({ connection: connection({ api_base: 'http://127.0.0.1:1' }) }),
      request({ connection: connection({ api_version: '2024-10-21' }) })
    ])
      expect(llmCacheKey(changed)).not.toBe(base);
    const completion = llmCacheKey({ ...request(), api: 'completion', prompt: 'capital of France?' });
    expect(completion).not.toBe(base);
  });

  test('neither the API key nor the connection name is part of it; the mock provider has none', () => {
    const base = llmCacheKey(request());
    expect(llmCacheKey(request({ connection: connection({ api_key: 'another-key' }) }))).toBe(base);
    expect(llmCacheKey(request({ connection: connection({}, 'other_name') }))).toBe(base);
    // the same endpoint written another way
    const url = (JSON.parse(stub.connectionJson('azure')).api_base as string).replace(/\/$/, '');
    const shouted = `${url.toUpperCase()}/openai/`;
    expect(llmCacheKey(request({ connection: connection({ api_base: shouted }) }))).toBe(base);
    expect(llmCacheKey(request({ connection: { name: 'm', apiType: 'mock' } }))).toBeUndefined();
  });
});

describe('CachingLlmClient against the stub', () => {
  test('a repeated call is answered from the cache: no model call, marked cached; a changed parameter calls the model', async () => {
    const c = client();
    const first = await c.call(request());
    expect(first.cached).toBeUndefined();
    expect(first.text).toBe('answer to capital of France?');
    const again = await c.call(request());
    expect(again).toMatchObject({ text: first.text, usage: first.usage, model: first.model, cached: true });
    expect(again.attempts).toBe(0);
    expect(stub.stats().requests).toBe(1);
    expect(c.stats().calls).toBe(1); // calls made, not answers given
    expect(c.cache.stats()).toMatchObject({ hits: 1, misses: 1, stored: 1 });

    // another process (a new client on the same folder) hits too, whatever key it holds
    const other = client();
    expect((await other.call(request({ connection: connection({ api_key: 'rotated' }) }))).cached).toBe(true);
    expect(stub.stats().requests).toBe(1);

    await c.call(request({ parameters: { temperature: 0.5, max_tokens: 20 } }));
    expect(stub.stats().requests).toBe(2);
  });

  test('no file under the cache folder holds the API key', async () => {
    const c = client();
    await c.call(request());
    await c.call({ ...request(), api: 'completion', prompt: 'capital of Italy?' } as never);
    const written = files(dir);
    expect(written.length).toBe(2);
    for (const f of written) {
      expect(f).not.toContain(API_KEY);
      expect(readFileSync(f, 'utf8')).not.toContain(API_KEY);
    }
  });

  test('errors are never cached: a 400 and a 500 after its retries store nothing', async () => {
    const c = client();
    stub.failNext(1, 400);
    await expect(c.call(request())).rejects.toBeInstanceOf(LlmRequestError);
    stub.failNext(3, 500);
    await expect(
      new CachingLlmClient({
        cache: c.cache,
        mode: 'all',
        retry: { baseDelayMs: 1, maxAttempts: 3 }
      }).call(request())
    ).rejects.toThrow(/500/);
    expect(files(dir)).toEqual([]);
    // the next call reaches the model and is stored
    expect((await c.call(request())).cached).toBeUndefined();
    expect(files(dir)).toHaveLength(1);
  });

  test('a corrupt entry is a miss, not an error, and is overwritten by the next answer', async () => {
    const problems: string[] = [];
    const c = client('all', (m) => problems.push(m));
    await c.call(request());
    const [entry] = files(dir);
    for (const junk of ['{"format":1,"key":', '', JSON.stringify({ format: 1, key: 'x', answer: {} })]) {
      writeFileSync(entry, junk);
      const r = await c.call(request());
      expect(r.cached).toBeUndefined();
      expect(JSON.parse(readFileSync(entry, 'utf8')).answer.text).toBe(r.text);
    }
    expect(stub.stats().requests).toBe(4);
    expect(problems.join('\n')).toMatch(/ignoring an unreadable entry/);
    expect((await c.call(request())).cached).toBe(true);
  });

  test('concurrent writers on one folder leave whole entries and no temporary file', async () => {
    const clients = [client(), client(), client()];
    const asks = Array.from({ length: 30 }, (_, i) =>
      request({ messages: [{ role: 'user', content: `question ${i % 10}` }] })
    );
    await Promise.all(clients.flatMap((c) => asks.map((r) => c.call(r))));
    const written = files(dir);
    expect(written.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(written).toHaveLength(10);
    for (const f of written) expect(JSON.parse(readFileSync(f, 'utf8')).format).toBe(1);
    stub.reset();
    await Promise.all(asks.map((r) => client().call(r)));
    expect(stub.stats().requests).toBe(0);
  });

  test('a folder that cannot be written is reported, and the run goes on', async () => {
    const blocked = path.join(dir, 'blocked');
    writeFileSync(blocked, 'a file, not a folder');
    const problems: string[] = [];
    const c = new CachingLlmClient({ cache: new LlmCache(blocked, (m) => problems.push(m)), mode: 'all' });
    expect((await c.call(request())).text).toBe('answer to capital of France?');
    expect(problems.join('\n')).toMatch(/cannot write .*the run goes on without it/);
  });
});

describe('modes', () => {
  test('nodes: only calls of enable_cache nodes are cached; all: every call', async () => {
    const nodes = client('nodes');
    await nodes.call(request());
    await nodes.call(request());
    expect(stub.stats().requests).toBe(2);
    await nodes.call(request({ enableCache: true }));
    expect((await nodes.call(request({ enableCache: true }))).cached).toBe(true);
    expect(stub.stats().requests).toBe(3);
    // the entry serves a caching client in "all" mode too: the node flag is not in the key
    expect((await client('all').call(request())).cached).toBe(true);
  });

  test('createLlmClient: false is a plain client; the environment variable reads 1/0 and refuses the rest', () => {
    expect(createLlmClient({}, { enabled: false, dir })).not.toBeInstanceOf(CachingLlmClient);
    expect(createLlmClient({}, { enabled: false, dir })).toBeInstanceOf(LlmClient);
    expect(createLlmClient({}, { dir })).toMatchObject({ mode: 'nodes' });
    expect(createLlmClient({}, { enabled: true, dir })).toMatchObject({ mode: 'all' });
    expect(createLlmClient({})).not.toBeInstanceOf(CachingLlmClient);
    expect(llmCacheFromEnvironment({ GENAIOPS_LLM_CACHE: '1' })).toBe(true);
    expect(llmCacheFromEnvironment({ GENAIOPS_LLM_CACHE: 'Off' })).toBe(false);
    expect(llmCacheFromEnvironment({ GENAIOPS_LLM_CACHE: ' ' })).toBeUndefined();
    expect(llmCacheFromEnvironment({})).toBeUndefined();
    expect(() => llmCacheFromEnvironment({ GENAIOPS_LLM_CACHE: 'maybe' })).toThrow(
      /GENAIOPS_LLM_CACHE="maybe": expected 1 or 0/
    );
  });
});

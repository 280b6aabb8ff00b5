import { getEventListeners } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { startStubLlm, type StubLlm, type StubLlmOptions } from '@genaiops/testkit';
import { UserError } from '../../../src/errors.js';
import {
  LlmClient,
  LlmRequestError,
  Semaphore,
  resolveConnection,
  splitLlmNodeInputs,
  type LlmClientOptions,
  type LlmConnection,
  type LlmRetryEvent
} from '../../../src/engine/llm/index.js';

let stub: StubLlm | undefined;
async function start(options: StubLlmOptions = {}): Promise<StubLlm> {
  stub = await startStubLlm(options);
  return stub;
}
afterEach(async () => {
  await stub?.stop();
  stub = undefined;
});

const azure = (s: StubLlm, name = 'aoai'): LlmConnection =>
  resolveConnection(name, { env: { [name]: s.connectionJson('azure') } });
const openai = (s: StubLlm, name = 'oai'): LlmConnection =>
  resolveConnection(name, { env: { [name]: s.connectionJson('openai') } });
/** An Azure connection to whatever listens on `port` of loopback. */
const azureAt = (port: number): LlmConnection =>
  resolveConnection('aoai', {
    env: { aoai: JSON.stringify({ api_key: 'k', api_base: `http://127.0.0.1:${port}/`, api_type: 'azure' }) }
  });
const fast = (extra: LlmClientOptions = {}): LlmClient =>
  new LlmClient({ retry: { baseDelayMs: 5, maxDelayMs: 2000 }, ...extra });
const messages = (text: string) => [
  { role: 'system' as const, content: 'You are terse.' },
  { role: 'user' as const, content: text }
];
type Body = Record<string, unknown>;

describe('LlmClient against the stub: routes and parameters', () => {
  test('Azure chat: deployment in the path, api-version, api-key, parameters coerced from node inputs', async () => {
    const s = await start({ rules: [{ match: 'capital', reply: 'Paris' }] });
    const { parameters, deploymentName, templateInputs } = splitLlmNodeInputs(
      {
        deployment_name: 'gpt-35',
        temperature: '0.2',
        top_p: '0.9',
        max_tokens: '50',
        stop: ['\n\n'],
        presence_penalty: 0,
        frequency_penalty: '0.5',
        logit_bias: '{"50256": -100}',
        user: '',
        seed: '7',
        response_format: 'text',
        question: 'capital of France?'
      },
      'chat'
    );
    expect(templateInputs).toEqual({ question: 'capital of France?' });
    const client = fast();
    const r = await client.chat({
      connection: azure(s),
      deploymentName,
      messages: messages('capital of France?'),
      parameters
    });
    expect(r.text).toBe('Paris');
    expect(r.finishReason).toBe('stop');
    expect(r.attempts).toBe(1);
    expect(r.model).toBe('gpt-35');
    expect(r.usage.promptTokens).toBeGreaterThan(0);
    expect(r.usage.completionTokens).toBe(2); // the stub counts ~4 characters a token
    expect(r.usage.totalTokens).toBe(r.usage.promptTokens + r.usage.completionTokens);

    const [rec] = s.stats().recorded;
    expect(rec).toMatchObject({
      path: '/openai/deployments/gpt-35/chat/completions',
      query: { 'api-version': '2024-02-01' },
      flavor: 'azure',
      status: 200
    });
    expect(rec.headers['api-key']).toBe('<redacted>');
    const body = rec.body as Body;
    expect(body).toMatchObject({
      messages: messages('capital of France?'),
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 50,
      stop: ['\n\n'],
      presence_penalty: 0,
      frequency_penalty: 0.5,
      logit_bias: { '50256': -100 },
      seed: 7,
      response_format: { type: 'text' }
    });
    expect(body).not.toHaveProperty('user'); // '' is not sent, as prompt flow's tool does
    expect(body).not.toHaveProperty('n');
    expect(client.stats()).toMatchObject({ calls: 1, succeeded: 1, failed: 0, attempts: 1, retries: 0 });
  });

  test('Azure completion', async () => {
    const s = await start({ defaultReply: ' world' });
    const r = await fast().complete({
      connection: azure(s),
      deploymentName: 'instruct',
      prompt: 'hello',
      parameters: { max_tokens: 10, echo: true, suffix: '!' }
    });
    expect(r.text).toBe('hello world');
    const [rec] = s.stats().recorded;
    expect(rec.path).toBe('/openai/deployments/instruct/completions');
    expect(rec.body).toMatchObject({ prompt: 'hello', max_tokens: 10, echo: true, suffix: '!' });
  });

  test('OpenAI chat and completion: /v1 routes, bearer key, model in the body, organization header', async () => {
    const s = await start({ rules: [{ match: (c) => c.api === 'completion', reply: 'done' }] });
    const conn = resolveConnection('oai', {
      env: { oai: JSON.stringify({ ...JSON.parse(s.connectionJson('openai')), organization: 'org-7' }) }
    });
    const client = fast();
    const chat = await client.call({
      api: 'chat',
      connection: conn,
      model: 'gpt-4o-mini',
      messages: messages('hi')
    });
    expect(chat.text).toBe('echo: hi');
    const cmpl = await client.call({
      api: 'completion',
      connection: conn,
      model: 'davinci-002',
      prompt: 'x'
    });
    expect(cmpl.text).toBe('done');
    const [a, b] = s.stats().recorded;
    expect(a).toMatchObject({
      path: '/v1/chat/completions',
      flavor: 'openai',
      body: { model: 'gpt-4o-mini' }
    });
    expect(a.headers.authorization).toBe('<redacted>');
    expect(a.headers['openai-organization']).toBe('org-7');
    expect(b).toMatchObject({ path: '/v1/completions', body: { model: 'davinci-002', prompt: 'x' } });
  });

  test('deployment_name falls back to model and vice versa; neither is a UserError', async () => {
    const s = await start();
    await fast().chat({ connection: azure(s), model: 'dep', messages: messages('a') });
    await fast().chat({ connection: openai(s), deploymentName: 'mod', messages: messages('a') });
    const [a, b] = s.stats().recorded;
    expect(a.deployment).toBe('dep');
    expect((b.body as Body).model).toBe('mod');
    const e = await fast()
      .chat({ connection: azure(s), messages: messages('a'), context: 'node "answer"' })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toBe(
      'node "answer": Azure OpenAI deployment "?" (connection "aoai", chat API): "deployment_name" is not set (connection "aoai" is Azure OpenAI)'
    );
  });

  test('calls keep their connection alive: one after another, they use one', async () => {
    const s = await start();
    const client = fast();
    for (let i = 0; i < 5; i++)
      await client.chat({ connection: azure(s), deploymentName: 'd', messages: messages(`q${i}`) });
    expect(s.stats()).toMatchObject({ requests: 5, connections: 1 });
  });

  test('an error answered as plain text (a gateway page) is reported with its text', async () => {
    const gateway = createHttpServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    });
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
    try {
      const { port } = gateway.address() as { port: number };
      const conn = azureAt(port);
      const e = await fast({ retry: { maxAttempts: 2, baseDelayMs: 1 } })
        .chat({ connection: conn, deploymentName: 'd', messages: messages('a') })
        .catch((x: unknown) => x);
      expect((e as Error).message).toBe(
        'LLM call to Azure OpenAI deployment "d" (connection "aoai", chat API) failed after 2 attempts: 502 <html>Bad Gateway</html>'
      );
    } finally {
      gateway.close();
    }
  });

  test('a compatible server with no key configured gets a placeholder bearer', async () => {
    const s = await start({ apiKey: null });
    const conn = resolveConnection('local', {
      env: { local: JSON.stringify({ api_base: `${s.url}/v1`, api_type: 'openai' }) }
    });
    expect((await fast().chat({ connection: conn, model: 'llama', messages: messages('a') })).text).toBe(
      'echo: a'
    );
  });
});

describe('LlmClient: retries', () => {
  test('429 with Retry-After is retried after the announced wait and succeeds', async () => {
    const s = await start({ rateLimit: { requests: 1, windowMs: 400 } });
    const events: LlmRetryEvent[] = [];
    const client = fast({ onRetry: (e) => events.push(e), concurrency: 4 });
    const t0 = Date.now();
    const results = await Promise.all(
      [1, 2].map((i) =>
        client.chat({ connection: azure(s), deploymentName: 'd', messages: messages(`q${i}`) })
      )
    );
    const took = Date.now() - t0;
    expect(results.map((r) => r.text).sort()).toEqual(['echo: q1', 'echo: q2']);
    expect(results.map((r) => r.attempts).sort()).toEqual([1, 2]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ attempt: 1, status: 429, serverAsked: true });
    expect(events[0].reason).toMatch(/^429 Requests to the ChatCompletions_Create Operation/);
    expect(events[0].waitMs).toBeGreaterThan(300);
    expect(events[0].waitMs).toBeLessThanOrEqual(450);
    expect(took).toBeGreaterThanOrEqual(300);
    expect(s.stats().byStatus).toEqual({ 200: 2, 429: 1 });
    expect(client.stats()).toMatchObject({ calls: 2, succeeded: 2, attempts: 3, retries: 1 });
  });

  test('500s are retried with backoff, one request per attempt', async () => {
    const s = await start();
    s.failNext(2, 500);
    const events: LlmRetryEvent[] = [];
    const r = await fast({ onRetry: (e) => events.push(e) }).chat({
      connection: azure(s),
      deploymentName: 'd',
      messages: messages('a')
    });
    expect(r.attempts).toBe(3);
    expect(s.stats().byStatus).toEqual({ 200: 1, 500: 2 });
    expect(events.map((e) => [e.status, e.serverAsked])).toEqual([
      [500, false],
      [500, false]
    ]);
    expect(events[0].reason).toBe(
      '500 The server had an error while processing your request. Sorry about that!'
    );
  });

  test('backoff is exponential with full jitter and capped', async () => {
    const s = await start();
    s.failNext(4, 503);
    const waits: number[] = [];
    await new LlmClient({
      retry: { baseDelayMs: 10, maxDelayMs: 35 },
      random: () => 0.999,
      onRetry: (e) => waits.push(e.waitMs)
    }).chat({
      connection: azure(s),
      deploymentName: 'd',
      messages: messages('a')
    });
    expect(waits).toEqual([9, 19, 34, 34]);
  });

  test('connection resets are retried', async () => {
    const s = await start();
    s.failNext(1, 'reset');
    const events: LlmRetryEvent[] = [];
    const r = await fast({ onRetry: (e) => events.push(e) }).chat({
      connection: azure(s),
      deploymentName: 'd',
      messages: messages('a')
    });
    expect(r.attempts).toBe(2);
    expect(events[0].status).toBeUndefined();
    expect(events[0].reason).toMatch(/^connection error/);
  });

  test('retries are bounded: the last error is reported with the attempt count', async () => {
    const s = await start();
    s.failNext(10, 500);
    const e = await fast({ retry: { maxAttempts: 3, baseDelayMs: 1 } })
      .chat({ connection: azure(s), deploymentName: 'gpt-35', messages: messages('a') })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LlmRequestError);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toBe(
      'LLM call to Azure OpenAI deployment "gpt-35" (connection "aoai", chat API) failed after 3 attempts: 500 The server had an error while processing your request. Sorry about that!'
    );
    expect(e).toMatchObject({ status: 500, attempts: 3, retryable: true });
    expect(s.stats().requests).toBe(3);
  });

  test("a caller's signal keeps no listener of the call's attempts once the call ends", async () => {
    const s = await start();
    s.failNext(12, 500);
    const ac = new AbortController();
    const r = await fast({ retry: { maxAttempts: 20, baseDelayMs: 1 } }).chat({
      connection: azure(s),
      deploymentName: 'gpt-35',
      messages: messages('a'),
      signal: ac.signal
    });
    expect(r.attempts).toBe(13);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  test('400 fails at once with the status, the server message and the deployment', async () => {
    const s = await start();
    const e = await fast()
      .chat({
        connection: azure(s),
        deploymentName: 'gpt-35',
        messages: messages('a'),
        parameters: { temperature: 3 }
      })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LlmRequestError);
    expect((e as Error).message).toBe(
      `LLM call to Azure OpenAI deployment "gpt-35" (connection "aoai", chat API) failed: 400 3 is greater than the maximum of 2 - 'temperature'`
    );
    expect(e).toMatchObject({ status: 400, attempts: 1, retryable: false });
    expect(s.stats().requests).toBe(1);
  });

  test('404 of an unknown deployment and 401 of a wrong key fail at once with a hint, never the key', async () => {
    const s = await start({ deployments: ['gpt-35'] });
    const nf = await fast()
      .chat({
        connection: azure(s),
        deploymentName: 'gpt-99',
        messages: messages('a'),
        context: 'node "answer", line 3'
      })
      .catch((x: unknown) => x);
    expect((nf as Error).message).toBe(
      'node "answer", line 3: LLM call to Azure OpenAI deployment "gpt-99" (connection "aoai", chat API) failed: 404 The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again. (check "deployment_name" and "api_base" of connection "aoai")'
    );
    expect(nf).toMatchObject({ status: 404, code: 'DeploymentNotFound' });
    const bad = resolveConnection('aoai', {
      env: { aoai: s.connectionJson('azure').replace('stub-key', 'WRONG-KEY-123') }
    });
    const un = await fast()
      .chat({ connection: bad, deploymentName: 'gpt-35', messages: messages('a') })
      .catch((x: unknown) => x);
    expect((un as Error).message).toMatch(
      /failed: 401 Access denied due to invalid subscription key.*\(check "api_key" of connection "aoai"\)$/
    );
    expect((un as Error).message).not.toContain('WRONG-KEY-123');
    expect(s.stats().requests).toBe(2);
  });

  test('an unreachable server: connection errors are retried, then reported', async () => {
    const port = await freePort();
    const conn = azureAt(port);
    const e = await fast({ retry: { maxAttempts: 2, baseDelayMs: 1 } })
      .chat({ connection: conn, deploymentName: 'd', messages: messages('a') })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LlmRequestError);
    expect((e as Error).message).toMatch(
      /^LLM call to Azure OpenAI deployment "d" \(connection "aoai", chat API\) failed after 2 attempts: connection error/
    );
    expect(e).toMatchObject({ status: undefined, attempts: 2 });
  });

  test('an aborted call stops waiting', async () => {
    const s = await start();
    s.failNext(1, 500);
    const ac = new AbortController();
    const p = new LlmClient({ retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 }, random: () => 0.99 }).chat({
      connection: azure(s),
      deploymentName: 'd',
      messages: messages('a'),
      signal: ac.signal
    });
    setTimeout(() => ac.abort(new Error('stop now')), 100);
    await expect(p).rejects.toThrow('stop now');
  });
});

describe('LlmClient: shared concurrency limit', () => {
  test('never more requests in flight than the limit, across clients sharing the semaphore', async () => {
    const s = await start({ latencyMs: 40 });
    const shared = new Semaphore(3);
    const a = new LlmClient({ concurrency: shared });
    const b = new LlmClient({ concurrency: shared });
    const calls = Array.from({ length: 12 }, (_, i) =>
      (i % 2 ? a : b).chat({ connection: azure(s), deploymentName: 'd', messages: messages(`q${i}`) })
    );
    const results = await Promise.all(calls);
    expect(results.map((r) => r.text)).toEqual(Array.from({ length: 12 }, (_, i) => `echo: q${i}`));
    expect(s.stats().maxInFlight).toBe(3);
    expect(shared.maxInUse).toBe(3);
    expect(shared.inUse).toBe(0);
  });

  test('retries hold their permit, so a rate-limited run does not stampede', async () => {
    const s = await start({ rateLimit: { requests: 2, windowMs: 200 } });
    const client = fast({ concurrency: 2 });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        client.chat({ connection: azure(s), deploymentName: 'd', messages: messages(`q${i}`) })
      )
    );
    expect(results).toHaveLength(6);
    expect(s.stats().maxInFlight).toBeLessThanOrEqual(2);
    expect(s.stats().byStatus[200]).toBe(6);
  });

  test('a rate limit slows calls down instead of failing them: 429s have their own, larger attempt budget', async () => {
    const s = await start({ rateLimit: { requests: 1, windowMs: 100 } });
    const client = fast({
      concurrency: 6,
      retry: { baseDelayMs: 5, maxDelayMs: 2000, maxAttempts: 2, maxRateLimitAttempts: 40 }
    });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        client.chat({ connection: azure(s), deploymentName: 'd', messages: messages(`q${i}`) })
      )
    );
    expect(results).toHaveLength(6);
    // More attempts than maxAttempts allows were needed, and none of the calls failed.
    expect(Math.max(...results.map((r) => r.attempts))).toBeGreaterThan(2);
    expect(client.stats()).toMatchObject({ calls: 6, succeeded: 6, failed: 0 });
  });

  test('the default limit is 32', () => {
    expect(new LlmClient().semaphore.limit).toBe(32);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

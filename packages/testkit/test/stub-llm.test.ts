import { startStubLlm, type StubLlm, type StubLlmOptions } from '../src/index.js';

let stub: StubLlm | undefined;

async function start(options: StubLlmOptions = {}): Promise<StubLlm> {
  stub = await startStubLlm(options);
  return stub;
}

afterEach(async () => {
  await stub?.stop();
  stub = undefined;
});

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const azureChat = (s: StubLlm, deployment = 'gpt-35', version = '2024-02-01'): string =>
  `${s.url}/openai/deployments/${deployment}/chat/completions?api-version=${version}`;
const azureKey = (s: StubLlm) => ({ 'api-key': s.apiKey });
const bearer = (s: StubLlm) => ({ authorization: `Bearer ${s.apiKey}` });
const chatBody = (text: string, extra: Record<string, unknown> = {}) => ({
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: text }
  ],
  ...extra
});

describe('stub LLM: routes and response shape', () => {
  test('listens on loopback on a free port', async () => {
    const s = await start();
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
    expect(s.port).toBeGreaterThan(0);
    expect(s.apiKey).toBe('stub-key');
  });

  test('Azure chat completion is shaped like the real API', async () => {
    const s = await start();
    const r = await post(azureChat(s), chatBody('hello there'), azureKey(s));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(r.headers.get('x-request-id')).toBeTruthy();
    expect(r.headers.get('apim-request-id')).toBeTruthy();
    expect(r.body).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-35',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'echo: hello there' }, finish_reason: 'stop' }
      ]
    });
    expect(r.body.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(Number.isInteger(r.body.created)).toBe(true);
    expect(Math.abs(r.body.created - Date.now() / 1000)).toBeLessThan(5);
    const u = r.body.usage;
    expect(u.prompt_tokens).toBeGreaterThan(0);
    expect(u.completion_tokens).toBeGreaterThan(0);
    expect(u.total_tokens).toBe(u.prompt_tokens + u.completion_tokens);
    expect(r.body.prompt_filter_results).toHaveLength(1);
  });

  test('Azure completion', async () => {
    const s = await start({ modelName: 'gpt-35-turbo-instruct' });
    const r = await post(
      `${s.url}/openai/deployments/instruct/completions?api-version=2024-02-01`,
      { prompt: 'Say hi' },
      azureKey(s)
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      object: 'text_completion',
      model: 'gpt-35-turbo-instruct',
      choices: [{ index: 0, text: 'echo: Say hi', logprobs: null, finish_reason: 'stop' }]
    });
    expect(r.body.id).toMatch(/^cmpl-/);
    expect(r.body.usage.total_tokens).toBe(r.body.usage.prompt_tokens + r.body.usage.completion_tokens);
  });

  test('OpenAI chat and completion routes', async () => {
    const s = await start();
    const chat = await post(
      `${s.url}/v1/chat/completions`,
      chatBody('ping', { model: 'gpt-4o-mini' }),
      bearer(s)
    );
    expect(chat.status).toBe(200);
    expect(chat.body).toMatchObject({ object: 'chat.completion', model: 'gpt-4o-mini' });
    expect(chat.body.choices[0].message.content).toBe('echo: ping');
    expect(chat.body).not.toHaveProperty('prompt_filter_results');
    const cmpl = await post(`${s.url}/v1/completions`, { model: 'davinci-002', prompt: 'x' }, bearer(s));
    expect(cmpl.status).toBe(200);
    expect(cmpl.body.choices[0].text).toBe('echo: x');
  });

  test('unknown routes answer 404 in the service-specific error shape', async () => {
    const s = await start();
    const a = await post(`${s.url}/openai/deployments/x/embeddingz?api-version=2024-02-01`, {}, azureKey(s));
    expect(a.status).toBe(404);
    expect(a.body).toEqual({ error: { code: '404', message: 'Resource not found' } });
    const o = await post(`${s.url}/v1/nothing`, {}, bearer(s));
    expect(o.status).toBe(404);
    expect(o.body).toEqual({
      error: {
        message: 'Invalid URL (POST /v1/nothing)',
        type: 'invalid_request_error',
        param: null,
        code: null
      }
    });
    // Azure without api-version is not found either, as on the real service
    const nv = await post(`${s.url}/openai/deployments/x/chat/completions`, chatBody('a'), azureKey(s));
    expect(nv.status).toBe(404);
  });

  test('unknown deployments and models when allow-lists are set', async () => {
    const s = await start({ deployments: ['gpt-35'], models: ['gpt-4o'] });
    const a = await post(azureChat(s, 'nope'), chatBody('a'), azureKey(s));
    expect(a.status).toBe(404);
    expect(a.body.error.code).toBe('DeploymentNotFound');
    const o = await post(`${s.url}/v1/chat/completions`, chatBody('a', { model: 'gpt-9' }), bearer(s));
    expect(o.status).toBe(404);
    expect(o.body.error).toMatchObject({ code: 'model_not_found', type: 'invalid_request_error' });
  });
});

describe('stub LLM: auth', () => {
  test('Azure needs the api-key header', async () => {
    const s = await start({ apiKey: 'right' });
    const missing = await post(azureChat(s), chatBody('a'));
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('401');
    expect(missing.body.error.message).toMatch(/missing subscription key/);
    const wrong = await post(azureChat(s), chatBody('a'), { 'api-key': 'wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      error: {
        code: '401',
        message:
          'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.'
      }
    });
    // a bearer token is not an Azure key
    expect((await post(azureChat(s), chatBody('a'), { authorization: 'Bearer right' })).status).toBe(401);
    expect((await post(azureChat(s), chatBody('a'), { 'api-key': 'right' })).status).toBe(200);
  });

  test('OpenAI needs Authorization: Bearer', async () => {
    const s = await start({ apiKey: 'sk-right' });
    const url = `${s.url}/v1/chat/completions`;
    const body = chatBody('a', { model: 'm' });
    const missing = await post(url, body);
    expect(missing.status).toBe(401);
    expect(missing.body.error.message).toMatch(/You didn't provide an API key/);
    const wrong = await post(url, body, { authorization: 'Bearer sk-wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_api_key',
      param: null
    });
    expect(wrong.body.error.message).not.toContain('sk-wrong');
    expect((await post(url, body, { 'api-key': 'sk-right' })).status).toBe(401);
    expect((await post(url, body, { authorization: 'Bearer sk-right' })).status).toBe(200);
  });

  test('apiKey null turns auth off', async () => {
    const s = await start({ apiKey: null });
    expect((await post(`${s.url}/v1/chat/completions`, chatBody('a', { model: 'm' }))).status).toBe(200);
  });
});

describe('stub LLM: validation like the service', () => {
  test('bad parameters get 400 with the service message', async () => {
    const s = await start();
    const t = await post(azureChat(s), chatBody('a', { temperature: 3 }), azureKey(s));
    expect(t.status).toBe(400);
    expect(t.body).toEqual({
      error: {
        message: "3 is greater than the maximum of 2 - 'temperature'",
        type: 'invalid_request_error',
        param: 'temperature',
        code: null
      }
    });
    const str = await post(azureChat(s), chatBody('a', { temperature: '0.7' }), azureKey(s));
    expect(str.status).toBe(400);
    expect(str.body.error.message).toBe("'0.7' is not of type 'number' - 'temperature'");
    const none = await post(azureChat(s), { messages: [] }, azureKey(s));
    expect(none.body.error.message).toBe("[] is too short - 'messages'");
    const json = await post(
      azureChat(s),
      chatBody('a', { response_format: { type: 'json_object' } }),
      azureKey(s)
    );
    expect(json.status).toBe(400);
    expect(json.body.error.message).toMatch(/must contain the word 'json'/);
    const nojson = await post(azureChat(s), '{nope', azureKey(s));
    expect(nojson.status).toBe(400);
    expect((await post(`${s.url}/v1/chat/completions`, chatBody('a'), bearer(s))).body.error.message).toBe(
      'you must provide a model parameter'
    );
  });

  test('max_tokens truncates with finish_reason length; stop cuts; n gives n choices', async () => {
    const s = await start({ defaultReply: 'one two three four five six seven eight' });
    const long = await post(azureChat(s), chatBody('a', { max_tokens: 2 }), azureKey(s));
    expect(long.body.choices[0]).toMatchObject({ message: { content: 'one two ' }, finish_reason: 'length' });
    const stop = await post(azureChat(s), chatBody('a', { stop: [' four', 'x'] }), azureKey(s));
    expect(stop.body.choices[0]).toMatchObject({
      message: { content: 'one two three' },
      finish_reason: 'stop'
    });
    const n = await post(azureChat(s), chatBody('a', { n: 3 }), azureKey(s));
    expect(n.body.choices.map((c: { index: number }) => c.index)).toEqual([0, 1, 2]);
  });
});

describe('stub LLM: scripted answers', () => {
  test('rules: first match wins; string, RegExp and predicate matches; reply functions', async () => {
    const s = await start({
      rules: [
        { match: 'capital of France', reply: 'Paris' },
        { match: /capital of (\w+)/i, reply: (c) => `capital of ${/capital of (\w+)/i.exec(c.text)![1]}?` },
        { match: (c) => c.api === 'completion', reply: 'completed' },
        { match: 'France', reply: 'never reached for the capital question' }
      ],
      defaultReply: (c) => `default for ${c.model}`
    });
    const ask = async (text: string) =>
      (await post(azureChat(s), chatBody(text), azureKey(s))).body.choices[0].message.content;
    expect(await ask('What is the capital of France?')).toBe('Paris');
    expect(await ask('what is the Capital of Spain')).toBe('capital of Spain?');
    expect(await ask('hello')).toBe('default for gpt-35');
    const c = await post(
      `${s.url}/openai/deployments/d/completions?api-version=2024-02-01`,
      { prompt: 'capital? no' },
      azureKey(s)
    );
    expect(c.body.choices[0].text).toBe('completed');
  });

  test('rules see the last user message, text parts joined', async () => {
    const s = await start({ rules: [{ match: (c) => c.text === 'first\nsecond', reply: 'joined' }] });
    const r = await post(
      azureChat(s),
      {
        messages: [
          { role: 'user', content: 'older question' },
          { role: 'assistant', content: 'older answer' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'first' },
              { type: 'image_url', image_url: { url: 'data:,' } },
              { type: 'text', text: 'second' }
            ]
          }
        ]
      },
      azureKey(s)
    );
    expect(r.body.choices[0].message.content).toBe('joined');
  });

  test('update() changes rules on the fly', async () => {
    const s = await start();
    s.update({ defaultReply: 'changed' });
    expect((await post(azureChat(s), chatBody('a'), azureKey(s))).body.choices[0].message.content).toBe(
      'changed'
    );
  });
});

describe('stub LLM: latency, faults, rate limit, stats', () => {
  test('fixed latency delays answers', async () => {
    const s = await start({ latencyMs: 150 });
    const t0 = Date.now();
    await post(azureChat(s), chatBody('a'), azureKey(s));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  test('ranged latency stays within its bounds', async () => {
    const s = await start({ latencyMs: { min: 50, max: 100 } });
    const t0 = Date.now();
    await post(azureChat(s), chatBody('a'), azureKey(s));
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(45);
    expect(took).toBeLessThan(1000);
  });

  test('rate limit answers 429 with retry-after and retry-after-ms', async () => {
    const s = await start({ rateLimit: { requests: 2, windowMs: 1000 } });
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await post(azureChat(s), chatBody(`q${i}`), azureKey(s)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 429]);
    const limited = results[2];
    expect(limited.headers.get('retry-after')).toBe('1');
    const ms = Number(limited.headers.get('retry-after-ms'));
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThanOrEqual(1000);
    expect(limited.body.error.code).toBe('429');
    expect(limited.body.error.message).toMatch(/exceeded call rate limit.*Please retry after 1 second/);
    // after the window the requests are accepted again
    await new Promise((r) => setTimeout(r, ms + 20));
    expect((await post(azureChat(s), chatBody('again'), azureKey(s))).status).toBe(200);
  });

  test('OpenAI-flavoured 429 body and a fixed announced wait', async () => {
    const s = await start({ rateLimit: { requests: 1, retryAfterMs: 2500 } });
    await post(`${s.url}/v1/chat/completions`, chatBody('a', { model: 'm' }), bearer(s));
    const r = await post(`${s.url}/v1/chat/completions`, chatBody('a', { model: 'm' }), bearer(s));
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('3');
    expect(r.headers.get('retry-after-ms')).toBe('2500');
    expect(r.body.error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded' });
  });

  test('failFirst and failNext inject 500s, then answers resume', async () => {
    const s = await start({ failFirst: 1 });
    s.failNext(1, 503);
    const a = await post(azureChat(s), chatBody('a'), azureKey(s));
    const b = await post(azureChat(s), chatBody('a'), azureKey(s));
    const c = await post(azureChat(s), chatBody('a'), azureKey(s));
    expect([a.status, b.status, c.status]).toEqual([500, 503, 200]);
    expect(a.body.error).toMatchObject({ type: 'server_error' });
    expect(s.stats().byStatus).toEqual({ 200: 1, 500: 1, 503: 1 });
  });

  test('failNext reset drops the connection', async () => {
    const s = await start();
    s.failNext(1, 'reset');
    await expect(post(azureChat(s), chatBody('a'), azureKey(s))).rejects.toThrow();
    expect((await post(azureChat(s), chatBody('a'), azureKey(s))).status).toBe(200);
    expect(s.stats().byStatus).toEqual({ 0: 1, 200: 1 });
  });

  test('stats count requests, statuses, max in flight, and record bodies; reset clears them', async () => {
    const s = await start({ latencyMs: 100 });
    await Promise.all(
      [1, 2, 3, 4].map((i) => post(azureChat(s), chatBody(`q${i}`, { temperature: 0.5 }), azureKey(s)))
    );
    await post(azureChat(s), chatBody('bad'), { 'api-key': 'wrong' });
    const st = s.stats();
    expect(st.requests).toBe(5);
    expect(st.byStatus).toEqual({ 200: 4, 401: 1 });
    expect(st.maxInFlight).toBe(4);
    // 4 requests at once need 4 connections; the fifth may reuse one (fetch keeps them alive)
    expect(st.connections).toBeGreaterThanOrEqual(4);
    expect(st.connections).toBeLessThanOrEqual(5);
    expect(st.inFlight).toBe(0);
    expect(st.recorded).toHaveLength(5);
    const first = st.recorded.find(
      (r) => (r.body as { messages: { content: string }[] }).messages[1].content === 'q1'
    )!;
    expect(first).toMatchObject({
      method: 'POST',
      path: '/openai/deployments/gpt-35/chat/completions',
      query: { 'api-version': '2024-02-01' },
      flavor: 'azure',
      api: 'chat',
      deployment: 'gpt-35',
      apiVersion: '2024-02-01',
      status: 200
    });
    expect((first.body as { temperature: number }).temperature).toBe(0.5);
    expect(first.headers['api-key']).toBe('<redacted>');
    s.reset();
    expect(s.stats()).toEqual({
      requests: 0,
      byStatus: {},
      inFlight: 0,
      maxInFlight: 0,
      connections: 0,
      recorded: []
    });
  });

  test('connectionJson points a connection at the stub', async () => {
    const s = await start();
    expect(JSON.parse(s.connectionJson('azure'))).toEqual({
      api_key: 'stub-key',
      api_base: `${s.url}/`,
      api_type: 'azure',
      api_version: '2024-02-01'
    });
    expect(JSON.parse(s.connectionJson('openai'))).toEqual({
      api_key: 'stub-key',
      api_base: `${s.url}/v1`,
      api_type: 'openai'
    });
  });
});

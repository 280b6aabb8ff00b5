import { UserError } from '../../../src/errors.js';
import {
  DEFAULT_LLM_RETRY,
  Semaphore,
  coerceLlmParameters,
  llmParameterNames,
  splitLlmNodeInputs
} from '../../../src/engine/llm/index.js';
import { retryAfterMs, retryDelayMs } from '../../../src/engine/llm/retry.js';

describe('llm node inputs → parameters', () => {
  test('numbers from strings, empties dropped, template inputs kept apart', () => {
    const r = splitLlmNodeInputs(
      {
        deployment_name: 'gpt-35',
        temperature: '0.7',
        max_tokens: 'inf',
        stop: [],
        logit_bias: {},
        user: '',
        response_format: '',
        seed: null,
        n: '1',
        suffix: 'not a chat parameter',
        text: 'hello'
      },
      'chat'
    );
    expect(r).toEqual({
      parameters: { temperature: 0.7, n: 1 },
      deploymentName: 'gpt-35',
      templateInputs: { suffix: 'not a chat parameter', text: 'hello' }
    });
  });

  test('completion parameters', () => {
    expect(
      splitLlmNodeInputs(
        {
          model: 'davinci',
          max_tokens: 16,
          echo: 'true',
          best_of: '2',
          logprobs: 1,
          suffix: '.',
          stop: '\n'
        },
        'completion'
      )
    ).toEqual({
      parameters: { max_tokens: 16, echo: true, best_of: 2, logprobs: 1, suffix: '.', stop: '\n' },
      model: 'davinci',
      templateInputs: {}
    });
    expect(llmParameterNames('completion')).toContain('best_of');
    expect(llmParameterNames('chat')).not.toContain('best_of');
  });

  test('response_format forms', () => {
    expect(coerceLlmParameters({ response_format: 'json_object' }).response_format).toEqual({
      type: 'json_object'
    });
    expect(coerceLlmParameters({ response_format: '{"type":"text"}' }).response_format).toEqual({
      type: 'text'
    });
    expect(coerceLlmParameters({ response_format: { type: 'json_object' } }).response_format).toEqual({
      type: 'json_object'
    });
  });

  test('bad values: one UserError listing them all', () => {
    let e: unknown;
    try {
      coerceLlmParameters(
        {
          temperature: 'warm',
          max_tokens: '1.5',
          n: 0,
          stop: [1],
          logit_bias: '{oops',
          echo: 'maybe',
          response_format: 'yaml'
        },
        'node "answer"'
      );
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toBe(
      'node "answer": "temperature" must be a number, found "warm"; "n" must be at least 1, found 0; "max_tokens" must be an integer, found "1.5"; ' +
        '"stop" must be a string or a list of strings, found an array of 1; "logit_bias" must be an object (or its JSON text), found "{oops"; ' +
        '"echo" must be true or false, found "maybe"; "response_format" must be {"type": "text"}, {"type": "json_object"} or {"type": "json_schema", ...}, found "yaml"'
    );
  });
});

describe('retry timing', () => {
  const h = (o: Record<string, string>) => ({ get: (k: string) => o[k.toLowerCase()] ?? null });

  test('retry-after-ms first, then Retry-After seconds or date', () => {
    expect(retryAfterMs(h({ 'retry-after-ms': '1500', 'retry-after': '2' }))).toBe(1500);
    expect(retryAfterMs(h({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(h({ 'retry-after': '0.5' }))).toBe(500);
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(retryAfterMs(h({ 'retry-after': 'Mon, 01 Jan 2024 00:00:03 GMT' }), now)).toBe(3000);
    expect(retryAfterMs(h({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(h({}))).toBeUndefined();
  });

  test('server waits are honoured up to the cap, with at most 10 % jitter', () => {
    const o = { ...DEFAULT_LLM_RETRY, maxDelayMs: 5000 };
    expect(retryDelayMs(1, o, 1000, () => 0)).toBe(1000);
    expect(retryDelayMs(1, o, 1000, () => 0.999)).toBe(1100);
    expect(retryDelayMs(1, o, 60_000, () => 0.5)).toBe(5000);
  });

  test('otherwise full jitter under an exponential ceiling', () => {
    const o = { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((a) => retryDelayMs(a, o, undefined, () => 0.999))).toEqual([
      99, 199, 399, 799, 999
    ]);
    expect(retryDelayMs(3, o, undefined, () => 0)).toBe(0);
  });
});

describe('Semaphore', () => {
  test('limits holders, FIFO, idempotent release', async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    const r1 = await s.acquire();
    const r2 = await s.acquire();
    const p3 = s.acquire().then((r) => (order.push(3), r));
    const p4 = s.acquire().then((r) => (order.push(4), r));
    expect(s.inUse).toBe(2);
    expect(s.waiting).toBe(2);
    r1();
    r1();
    const r3 = await p3;
    expect(s.inUse).toBe(2);
    expect(s.waiting).toBe(1);
    r2();
    const r4 = await p4;
    r3();
    r4();
    expect(order).toEqual([3, 4]);
    expect(s.inUse).toBe(0);
    expect(s.maxInUse).toBe(2);
  });

  test('an aborted waiter leaves the queue', async () => {
    const s = new Semaphore(1);
    const r = await s.acquire();
    const ac = new AbortController();
    const p = s.acquire(ac.signal);
    ac.abort(new Error('gone'));
    await expect(p).rejects.toThrow('gone');
    expect(s.waiting).toBe(0);
    r();
    expect(await s.run(async () => 42)).toBe(42);
  });

  test('rejects a bad limit', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});

import {
  backoffDelay,
  parseRetryAfter,
  retry,
  retryAfterFromHeaders,
  sleep,
  type RetryOptions
} from '../../src/util/retry.js';

/** A clock that moves only when the code under test sleeps: no real waiting. */
function fakeClock(start = 1_000_000) {
  let t = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      waits.push(ms);
      t += ms;
    }
  };
}

/** Fails `failures` times with `error`, then answers `value`. */
function flaky<T>(failures: number, value: T, error: () => unknown = () => new Error('boom')) {
  const calls: number[] = [];
  return {
    calls,
    fn: async (attempt: number) => {
      calls.push(attempt);
      if (calls.length <= failures) throw error();
      return value;
    }
  };
}

describe('backoffDelay', () => {
  test('exponential steps, capped', () => {
    const b = { initialMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((k) => backoffDelay(k, b))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  test('linear steps and another factor', () => {
    expect([1, 2, 3].map((k) => backoffDelay(k, { initialMs: 5, growth: 'linear' }))).toEqual([5, 10, 15]);
    expect([1, 2, 3].map((k) => backoffDelay(k, { initialMs: 2000, factor: 1.5 }))).toEqual([
      2000, 3000, 4500
    ]);
  });

  test('full jitter stays in [0, step) and reaches both ends', () => {
    const b = { initialMs: 100, maxMs: 1000, jitter: 'full' as const };
    expect(backoffDelay(3, b, () => 0)).toBe(0);
    expect(backoffDelay(3, b, () => 0.999999)).toBe(399);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(4, b);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(800);
    }
  });

  test('a jitter ratio spreads around the capped step, and minMs floors it', () => {
    const b = { initialMs: 50, maxMs: 1000, jitter: 0.5 };
    expect(backoffDelay(10, b, () => 0)).toBe(500);
    expect(backoffDelay(10, b, () => 0.999999)).toBe(1499);
    expect(backoffDelay(1, { initialMs: 100, jitter: 'full', minMs: 30 }, () => 0)).toBe(30);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  test('delay-seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('-3', now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  test('an HTTP-date, in the past counting as 0', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  test('retry-after-ms wins over Retry-After', () => {
    const h = new Headers({ 'retry-after-ms': '250', 'retry-after': '9' });
    expect(retryAfterFromHeaders(h, now)).toBe(250);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after-ms': 'x', 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterFromHeaders(undefined, now)).toBeUndefined();
  });
});

describe('retry', () => {
  test('retries until it answers, waiting the backoff between attempts', async () => {
    const clock = fakeClock();
    const f = flaky(3, 'ok');
    const events: number[] = [];
    const r = await retry(f.fn, {
      maxAttempts: 5,
      backoff: { initialMs: 100 },
      onRetry: (e) => events.push(e.attempt),
      ...clock
    });
    expect(r).toBe('ok');
    expect(f.calls).toEqual([1, 2, 3, 4]);
    expect(clock.waits).toEqual([100, 200, 400]);
    expect(events).toEqual([1, 2, 3]);
  });

  test('throws the last error when the attempts run out, without a last wait', async () => {
    const clock = fakeClock();
    let n = 0;
    const f = flaky(10, 'never', () => new Error(`failure ${++n}`));
    await expect(retry(f.fn, { maxAttempts: 3, backoff: { initialMs: 10 }, ...clock })).rejects.toThrow(
      'failure 3'
    );
    expect(clock.waits).toEqual([10, 20]);
  });

  test('a failure the predicate rejects is thrown at once', async () => {
    const clock = fakeClock();
    const f = flaky(1, 'ok', () => Object.assign(new Error('bad request'), { status: 400 }));
    await expect(
      retry(f.fn, {
        maxAttempts: 5,
        backoff: { initialMs: 10 },
        retryable: (e) => (e as { status: number }).status >= 500,
        ...clock
      })
    ).rejects.toThrow('bad request');
    expect(f.calls).toEqual([1]);
    expect(clock.waits).toEqual([]);
  });

  test("the server's wait replaces the backoff, capped at maxMs", async () => {
    const clock = fakeClock();
    const f = flaky(2, 'ok', () => Object.assign(new Error('429'), { wait: 5000 }));
    const fromServer: boolean[] = [];
    await retry(f.fn, {
      maxAttempts: 5,
      backoff: { initialMs: 10, maxMs: 3000 },
      retryAfterMs: (e) => (e as { wait: number }).wait,
      onRetry: (e) => fromServer.push(e.fromServer),
      ...clock
    });
    expect(clock.waits).toEqual([3000, 3000]);
    expect(fromServer).toEqual([true, true]);
  });

  test('a time budget cuts the last wait and then gives up', async () => {
    const clock = fakeClock();
    const f = flaky(100, 'never');
    await expect(retry(f.fn, { budgetMs: 1000, backoff: { initialMs: 300 }, ...clock })).rejects.toThrow(
      'boom'
    );
    // 300 and 600 fit; 1200 would pass the budget: cut to the 100 left; then nothing is left
    expect(clock.waits).toEqual([300, 600, 100]);
    expect(f.calls).toEqual([1, 2, 3, 4]);
  });

  test('a budget of 0 fails after one attempt', async () => {
    const clock = fakeClock();
    const f = flaky(1, 'ok');
    await expect(retry(f.fn, { budgetMs: 0, backoff: { initialMs: 10 }, ...clock })).rejects.toThrow('boom');
    expect(f.calls).toEqual([1]);
  });

  test('the jitter uses the injected random source', async () => {
    const clock = fakeClock();
    const f = flaky(2, 'ok');
    const opts: RetryOptions = {
      maxAttempts: 3,
      backoff: { initialMs: 1000, jitter: 'full' },
      random: () => 0.25,
      ...clock
    };
    await retry(f.fn, opts);
    expect(clock.waits).toEqual([250, 500]);
  });

  test('an abort during a real wait rejects with its reason and makes no further attempt', async () => {
    const ctl = new AbortController();
    const f = flaky(100, 'never');
    const started = Date.now();
    const p = retry(f.fn, { maxAttempts: 10, backoff: { initialMs: 60_000 }, signal: ctl.signal });
    setTimeout(() => ctl.abort(new Error('stopped by the user')), 5);
    await expect(p).rejects.toThrow('stopped by the user');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(f.calls).toEqual([1]);
  });

  test('an aborted signal stops before the first attempt', async () => {
    const ctl = new AbortController();
    ctl.abort(new Error('already stopped'));
    const f = flaky(0, 'ok');
    await expect(
      retry(f.fn, { maxAttempts: 3, backoff: { initialMs: 1 }, signal: ctl.signal })
    ).rejects.toThrow('already stopped');
    expect(f.calls).toEqual([]);
  });
});

describe('sleep', () => {
  test('resolves after a short wait, rejects at once on an aborted signal', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
    const ctl = new AbortController();
    ctl.abort(new Error('no'));
    await expect(sleep(10_000, ctl.signal)).rejects.toThrow('no');
  });
});

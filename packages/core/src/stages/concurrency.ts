/** Small async helpers the stages share: a bounded parallel map and a poll with backoff. */
import { backoffDelay, sleep } from '../util/retry.js';

/**
 * Calls `fn` on every item with at most `limit` calls in flight; results in item order. A rejection
 * does not stop the others (they all settle first), then the first rejection is thrown.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      try {
        results[i] = await fn(items[i], i);
      } catch (e) {
        failure ??= { error: e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}

export interface PollOptions {
  /** First wait (default 2 s). */
  initialMs?: number;
  /** Longest wait between two polls (default 30 s). */
  maxMs?: number;
  /** Growth of the wait after each poll (default 1.5). */
  factor?: number;
  /** Give up after this long (default 24 h). */
  timeoutMs?: number;
}

/**
 * Polls `check` until it returns a value (not undefined): the first interval is `initialMs`, each
 * next one `factor` times longer, at most `maxMs` (intervals count from the start of a poll). Throws
 * when `timeoutMs` passes first.
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  opts: PollOptions = {},
  what = 'the run'
): Promise<T> {
  const { initialMs = 2000, maxMs = 30_000, factor = 1.5, timeoutMs = 24 * 3600_000 } = opts;
  const started = Date.now();
  const backoff = { initialMs, maxMs, factor, minMs: 1 };
  for (let poll = 1; ; poll++) {
    const wait = backoffDelay(poll, backoff);
    const polled = Date.now();
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started + wait > timeoutMs)
      throw new Error(`gave up waiting for ${what} after ${Math.round((Date.now() - started) / 1000)} s`);
    // the interval runs from the start of one poll to the next (a slow check does not stretch it)
    await sleep(Math.max(0, polled + wait - Date.now()));
  }
}

/**
 * The one retry loop and backoff of the project: exponential (or linear) waits with jitter, a
 * server's `Retry-After` honoured, an AbortSignal, a bound on attempts and/or on time, and a
 * predicate for what is worth retrying. Time and randomness can be injected, so tests need no sleeps.
 */

/** How the wait after a failed attempt grows. */
export interface BackoffOptions {
  /** The wait after the first failed attempt, in ms. */
  initialMs: number;
  /** The longest single wait, in ms (default: no cap). */
  maxMs?: number;
  /** The shortest single wait, in ms, after jitter (default 0). */
  minMs?: number;
  /** `exponential` (default): `initialMs * factor^(k-1)`; `linear`: `initialMs * k`. */
  growth?: 'exponential' | 'linear';
  /** Growth of an exponential backoff (default 2). */
  factor?: number;
  /**
   * `none` (default): the wait as computed; `full`: uniform in [0, wait); a ratio r in (0, 1]:
   * uniform in [wait * (1 - r), wait * (1 + r)), so callers that failed together spread out.
   */
  jitter?: 'none' | 'full' | number;
}

/**
 * The wait after attempt `attempt` (1-based) failed: the backoff step, capped at `maxMs`, then
 * jittered, then floored at `minMs`; whole milliseconds.
 */
export function backoffDelay(attempt: number, b: BackoffOptions, random: () => number = Math.random): number {
  const k = Math.max(1, attempt);
  const step = b.growth === 'linear' ? b.initialMs * k : b.initialMs * (b.factor ?? 2) ** (k - 1);
  const capped = Math.min(b.maxMs ?? Infinity, step);
  const jitter = b.jitter ?? 'none';
  const jittered =
    jitter === 'none'
      ? capped
      : jitter === 'full'
        ? random() * capped
        : capped * (1 - jitter + 2 * jitter * random());
  return Math.max(b.minMs ?? 0, Math.floor(jittered));
}

/** Anything with a case-insensitive `get`, like fetch's `Headers`. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** A `Retry-After` value in ms: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return secs >= 0 ? secs * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait a server asked for, in ms: `retry-after-ms` (Azure OpenAI, OpenAI) first, then
 * `Retry-After`. Undefined when absent or unreadable.
 */
export function retryAfterFromHeaders(
  headers: HeaderReader | undefined,
  now = Date.now()
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const v = Number(ms);
    if (Number.isFinite(v) && v >= 0) return v;
  }
  return parseRetryAfter(headers.get('retry-after'), now);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** What a retry is told before it waits. */
export interface RetryEvent {
  /** The attempt that failed (1-based). */
  attempt: number;
  error: unknown;
  /** The wait before the next attempt, in ms. */
  delayMs: number;
  /** Whether the wait came from the server (`retryAfterMs`). */
  fromServer: boolean;
}

export interface RetryOptions {
  backoff: BackoffOptions;
  /** Attempts in all, the first included (default: unbounded; then give a `budgetMs`). */
  maxAttempts?: number;
  /**
   * Time in ms from the first attempt after which no attempt starts: the last wait is cut to what
   * remains, and when nothing remains the last error is thrown.
   */
  budgetMs?: number;
  /** Whether a failure is retried (default: every failure); false throws it at once. */
  retryable?: (error: unknown, attempt: number) => boolean;
  /** The wait the server asked for (e.g. from `Retry-After`), used instead of the backoff, capped at `backoff.maxMs`. */
  retryAfterMs?: (error: unknown) => number | undefined;
  /** Called before each wait (for logging). */
  onRetry?: (event: RetryEvent) => void;
  /** Aborts the wait and stops further attempts (rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Injected for tests. */
  random?: () => number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Calls `fn` until it resolves, retrying what `retryable` accepts with backoff between attempts.
 * Throws the last error when attempts or the time budget run out, or the first error that is not
 * retryable; rejects with the signal's reason when it aborts.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  const now = o.now ?? Date.now;
  const wait = o.sleep ?? sleep;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    if (o.signal?.aborted) throw o.signal.reason;
    try {
      return await fn(attempt);
    } catch (error) {
      if (o.signal?.aborted) throw o.signal.reason;
      if (o.retryable && !o.retryable(error, attempt)) throw error;
      if (o.maxAttempts !== undefined && attempt >= o.maxAttempts) throw error;
      const server = o.retryAfterMs?.(error);
      let delayMs =
        server !== undefined
          ? Math.min(o.backoff.maxMs ?? Infinity, server)
          : backoffDelay(attempt, o.backoff, o.random);
      if (o.budgetMs !== undefined) {
        const left = started + o.budgetMs - now();
        if (left <= 0) throw error;
        delayMs = Math.min(delayMs, left);
      }
      o.onRetry?.({ attempt, error, delayMs, fromServer: server !== undefined });
      await wait(delayMs, o.signal);
    }
  }
}

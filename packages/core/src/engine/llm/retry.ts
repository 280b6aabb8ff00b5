import { backoffDelay, retryAfterFromHeaders, type HeaderReader } from '../../util/retry.js';

/** How LLM calls are retried. */
export interface LlmRetryOptions {
  /** Attempts in all, the first included (default 8). 1 = no retries. */
  maxAttempts: number;
  /** The first backoff step in ms; step k is `baseDelayMs * 2^(k-1)` (default 500). */
  baseDelayMs: number;
  /** The longest single wait in ms, whether from backoff or from `Retry-After` (default 60 000). */
  maxDelayMs: number;
  /**
   * Attempts in all when the model keeps answering 429 (default 40). A rate limit is back-pressure,
   * not a failure: a bulk run above the deployment's quota should slow down, not lose lines.
   */
  maxRateLimitAttempts?: number;
}

export const DEFAULT_LLM_RETRY: LlmRetryOptions = {
  maxAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
  maxRateLimitAttempts: 40
};

/** The shared helpers the LLM client uses (kept importable from here). */
export { sleep, type HeaderReader } from '../../util/retry.js';

/**
 * The wait the server asked for, in ms: `retry-after-ms` (Azure OpenAI, OpenAI) first, then
 * `Retry-After` as seconds or as an HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: HeaderReader | undefined, now = Date.now()): number | undefined {
  return retryAfterFromHeaders(headers, now);
}

/**
 * The wait before attempt `attempt + 1` after attempt `attempt` (1-based) failed. A server-given
 * wait is honoured (capped at `maxDelayMs`) plus up to 10 % jitter so lines told the same
 * `Retry-After` do not return in lockstep; otherwise exponential backoff with full jitter:
 * uniform in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))].
 */
export function retryDelayMs(
  attempt: number,
  options: LlmRetryOptions,
  serverWaitMs?: number,
  random: () => number = Math.random
): number {
  if (serverWaitMs !== undefined) {
    const base = Math.min(serverWaitMs, options.maxDelayMs);
    // Jitter grows with the attempt: callers told the same short wait would otherwise return together.
    const spread = Math.max(base * 0.1, Math.min(options.baseDelayMs, 50 * attempt));
    return Math.min(options.maxDelayMs, Math.ceil(base + random() * spread));
  }
  return backoffDelay(
    attempt,
    { initialMs: options.baseDelayMs, maxMs: options.maxDelayMs, jitter: 'full' },
    random
  );
}

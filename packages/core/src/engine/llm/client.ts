import type { TokenCredential } from '@azure/identity';
import { UserError } from '../../errors.js';
import type { LlmConnection, MockConnection } from './connection.js';
import { HttpConnectionError, HttpStatusError, JsonTransport } from './http.js';
import { mockReply } from './mock.js';
import { llmParameterNames, type LlmParameters } from './parameters.js';
import { DEFAULT_LLM_RETRY, retryAfterMs, retryDelayMs, sleep, type LlmRetryOptions } from './retry.js';
import { Semaphore } from './semaphore.js';

/** The default number of LLM requests in flight at once for a whole run. */
export const DEFAULT_LLM_CONCURRENCY = 32;
/** Default per-attempt timeout (`--request-timeout`, config `requestTimeout`). */
export const DEFAULT_LLM_TIMEOUT_MS = 120_000;

export type LlmContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

export interface LlmChatMessage {
  role: 'system' | 'user' | 'assistant' | 'developer';
  content: string | LlmContentPart[];
  name?: string;
}

interface LlmRequestBase {
  connection: LlmConnection;
  /** Azure: the deployment (falls back to `model`). */
  deploymentName?: string;
  /** OpenAI: the model (falls back to `deploymentName`). */
  model?: string;
  parameters?: LlmParameters;
  /** Cancels the call, waits included; the rejection is the signal's reason (else an AbortError). */
  signal?: AbortSignal;
  /** For messages: what is calling (e.g. `node "answer", line 3`). */
  context?: string;
  /** prompt flow's `enable_cache` of the calling node (see cache.ts: honoured by CachingLlmClient). */
  enableCache?: boolean;
}
export interface LlmChatRequest extends LlmRequestBase {
  api: 'chat';
  messages: LlmChatMessage[];
}
export interface LlmCompletionRequest extends LlmRequestBase {
  api: 'completion';
  prompt: string;
}
export type LlmRequest = LlmChatRequest | LlmCompletionRequest;

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface LlmResult {
  /** chat: the first choice's message content ('' when none); completion: the first choice's text. */
  text: string;
  usage: LlmUsage;
  finishReason: string | null;
  /** The model the service says answered. */
  model: string;
  /** Attempts made (1 = no retry). */
  attempts: number;
  /** The whole response body (prompty's `response: all` returns it). */
  response?: unknown;
  /** Milliseconds the answering attempt took (waits for a permit or between retries not counted). */
  latencyMs: number;
  /** The answer came from the LLM cache (cache.ts): no model call was made. */
  cached?: boolean;
}

export interface LlmRetryEvent {
  /** The attempt that failed (1-based). */
  attempt: number;
  /** HTTP status, or undefined for a connection error / timeout. */
  status?: number;
  /** What went wrong, e.g. `429 Rate limit …` or `connection error (ECONNRESET)`. */
  reason: string;
  /** How long we wait before the next attempt. */
  waitMs: number;
  /** Whether the wait came from `retry-after-ms` / `Retry-After`. */
  serverAsked: boolean;
  target: string;
}

export interface LlmClientOptions {
  /** A semaphore shared by every LLM call of the run, or a limit to create one with (default 32). */
  concurrency?: number | Semaphore;
  retry?: Partial<LlmRetryOptions>;
  /** Per-attempt timeout in ms (default 300 000). Timeouts are retried like connection errors. */
  timeoutMs?: number;
  /**
   * Keyless Azure OpenAI (`auth_mode: meid_token`): where Microsoft Entra tokens come from
   * (default: @azure/identity's DefaultAzureCredential, loaded when first needed).
   */
  credential?: TokenCredential;
  /** Called before each wait between attempts (for logging). */
  onRetry?: (event: LlmRetryEvent) => void;
  /** For tests: the jitter source (default Math.random). */
  random?: () => number;
}

export interface LlmClientStats {
  calls: number;
  succeeded: number;
  failed: number;
  attempts: number;
  retries: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** An LLM call that failed for good: the server refused it, or retries ran out. */
export class LlmRequestError extends UserError {
  constructor(
    message: string,
    /** HTTP status of the last attempt; undefined for connection errors / timeouts. */
    readonly status: number | undefined,
    /** The server's error code when it gave one (e.g. `DeploymentNotFound`, `rate_limit_exceeded`). */
    readonly code: string | undefined,
    readonly attempts: number,
    /** Whether the last error was of a retryable kind (true = retries ran out). */
    readonly retryable: boolean
  ) {
    super(message);
    this.name = 'LlmRequestError';
  }
}

/**
 * Calls chat and completion models of Azure OpenAI and OpenAI (and servers compatible with them)
 * on their REST routes, through a lean transport (http.ts) rather than the `openai` package: the
 * calls are the hot path of a run. One instance per run: it holds the run's shared concurrency
 * limit, its connections and totals. It retries 408/409/429/5xx and connection errors / timeouts,
 * honouring `retry-after-ms` / `Retry-After`, else exponential backoff with full jitter. Other 4xx
 * fail at once. A permit is held across an attempt's retries, so a rate-limited run slows down as
 * a whole.
 */
export class LlmClient {
  readonly semaphore: Semaphore;
  private readonly retry: LlmRetryOptions;
  private readonly timeoutMs: number;
  private readonly transport = new JsonTransport();
  /** Route URLs by connection, API and deployment (parsed once). */
  private readonly urls = new Map<string, URL>();
  private readonly totals: LlmClientStats = {
    calls: 0,
    succeeded: 0,
    failed: 0,
    attempts: 0,
    retries: 0,
    promptTokens: 0,
    completionTokens: 0,
    totalTokens: 0
  };

  private entraToken?: Promise<() => Promise<string>>;

  constructor(private readonly options: LlmClientOptions = {}) {
    const c = options.concurrency ?? DEFAULT_LLM_CONCURRENCY;
    this.semaphore = typeof c === 'number' ? new Semaphore(c) : c;
    this.retry = { ...DEFAULT_LLM_RETRY, ...options.retry };
    if (!Number.isInteger(this.retry.maxAttempts) || this.retry.maxAttempts < 1) {
      throw new RangeError(`retry.maxAttempts must be a positive integer, got ${this.retry.maxAttempts}`);
    }
    this.timeoutMs = options.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
  }

  /** Totals since construction. */
  stats(): LlmClientStats {
    return { ...this.totals };
  }

  chat(request: Omit<LlmChatRequest, 'api'>): Promise<LlmResult> {
    return this.call({ ...request, api: 'chat' });
  }

  complete(request: Omit<LlmCompletionRequest, 'api'>): Promise<LlmResult> {
    return this.call({ ...request, api: 'completion' });
  }

  async call(request: LlmRequest): Promise<LlmResult> {
    const { connection, api } = request;
    if (connection.apiType === 'mock') return this.mock(request);
    const deployment = (
      connection.apiType === 'azure'
        ? (request.deploymentName ?? request.model)
        : (request.model ?? request.deploymentName)
    )?.trim();
    const target = describeTarget(request, deployment);
    if (!deployment) {
      throw new UserError(
        `${request.context ? request.context + ': ' : ''}${target}: ${
          connection.apiType === 'azure' ? '"deployment_name" is not set' : '"model" is not set'
        } (connection "${connection.name}" is ${connection.apiType === 'azure' ? 'Azure OpenAI' : 'OpenAI'})`
      );
    }
    if (api === 'chat' && (!Array.isArray(request.messages) || request.messages.length === 0)) {
      throw new UserError(
        `${request.context ? request.context + ': ' : ''}${target}: the chat prompt has no messages`
      );
    }
    this.totals.calls++;
    const release = await this.semaphore.acquire(request.signal);
    try {
      for (let attempt = 1; ; attempt++) {
        this.totals.attempts++;
        try {
          const sent = performance.now();
          const result = await this.send(connection, request, deployment);
          const latencyMs = performance.now() - sent;
          this.totals.succeeded++;
          this.totals.promptTokens += result.usage.promptTokens;
          this.totals.completionTokens += result.usage.completionTokens;
          this.totals.totalTokens += result.usage.totalTokens;
          return { ...result, attempts: attempt, latencyMs };
        } catch (e) {
          if (request.signal?.aborted) throw e;
          const f = classify(e);
          if (!f) throw e; // not an API error: our bug, let it through as is
          const attempts =
            f.status === 429
              ? (this.retry.maxRateLimitAttempts ?? this.retry.maxAttempts)
              : this.retry.maxAttempts;
          if (!f.retryable || attempt >= attempts) {
            this.totals.failed++;
            const prefix = `${request.context ? request.context + ': ' : ''}LLM call to ${target} failed`;
            const msg = f.retryable
              ? `${prefix} after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${f.reason}`
              : `${prefix}: ${f.reason}${hint(f.status, connection)}`;
            throw new LlmRequestError(msg, f.status, f.code, attempt, f.retryable);
          }
          const waitMs = retryDelayMs(attempt, this.retry, f.serverWaitMs, this.options.random);
          this.totals.retries++;
          this.options.onRetry?.({
            attempt,
            status: f.status,
            reason: f.reason,
            waitMs,
            serverAsked: f.serverWaitMs !== undefined,
            target
          });
          await sleep(waitMs, request.signal);
        }
      }
    } finally {
      release();
    }
  }

  private mock(request: LlmRequest): LlmResult {
    const result = mockReply(request);
    this.totals.calls++;
    this.totals.attempts++;
    this.totals.succeeded++;
    this.totals.promptTokens += result.usage.promptTokens;
    this.totals.completionTokens += result.usage.completionTokens;
    this.totals.totalTokens += result.usage.totalTokens;
    return { ...result, attempts: 1 };
  }

  private async send(
    connection: Exclude<LlmConnection, MockConnection>,
    request: LlmRequest,
    deployment: string
  ): Promise<Omit<LlmResult, 'attempts' | 'latencyMs'>> {
    const res = (await this.transport.post({
      url: this.url(connection, request.api, deployment),
      headers: await this.authHeaders(connection),
      body: requestBody(request, deployment),
      timeoutMs: this.timeoutMs,
      signal: request.signal
    })) as Completion | null;
    if (request.api === 'chat') {
      const choice = wellFormed(res, (c) => !!c.message && typeof c.message === 'object');
      return {
        text: choice.message?.content ?? '',
        usage: usage(res!.usage),
        finishReason: choice.finish_reason ?? null,
        model: res!.model ?? deployment,
        response: res
      };
    }
    const choice = wellFormed(res, (c) => typeof c.text === 'string');
    return {
      text: choice.text ?? '',
      usage: usage(res!.usage),
      finishReason: choice.finish_reason ?? null,
      model: res!.model ?? deployment,
      response: res
    };
  }

  /** Azure: `{api_base}/openai/deployments/{deployment}/…?api-version=`; OpenAI: `{api_base}/…`. */
  private url(c: Exclude<LlmConnection, MockConnection>, api: LlmRequest['api'], deployment: string): URL {
    const route = api === 'chat' ? 'chat/completions' : 'completions';
    const key = `${c.name}\0${c.apiBase}\0${c.apiType === 'azure' ? c.apiVersion : ''}\0${route}\0${deployment}`;
    let url = this.urls.get(key);
    if (!url) {
      url =
        c.apiType === 'azure'
          ? new URL(
              `${azureBaseUrl(c.apiBase)}/deployments/${encodeURIComponent(deployment)}/${route}?api-version=${encodeURIComponent(c.apiVersion)}`
            )
          : new URL(`${c.apiBase.replace(/\/+$/, '')}/${route}`);
      this.urls.set(key, url);
    }
    return url;
  }

  private async authHeaders(c: Exclude<LlmConnection, MockConnection>): Promise<Record<string, string>> {
    if (c.apiType === 'openai')
      return {
        // a compatible local server may need no key; a bearer is sent anyway, as the openai package does
        authorization: `Bearer ${c.apiKey || 'unused'}`,
        ...(c.organization ? { 'openai-organization': c.organization } : {})
      };
    if (c.authMode !== 'meid_token') return { 'api-key': c.apiKey };
    this.entraToken ??= import('@azure/identity').then(({ DefaultAzureCredential, getBearerTokenProvider }) =>
      getBearerTokenProvider(
        this.options.credential ?? new DefaultAzureCredential(),
        'https://cognitiveservices.azure.com/.default'
      )
    );
    return { authorization: `Bearer ${await (await this.entraToken)()}` };
  }
}

/** The JSON body of a chat or completion call: the parameters each API takes, and no streaming. */
function requestBody(request: LlmRequest, deployment: string): Record<string, unknown> {
  const p = request.parameters ?? {};
  const typed = pick(p, llmParameterNames(request.api) as (keyof LlmParameters)[]);
  if (request.api === 'completion') delete typed.response_format; // a chat parameter
  return {
    ...p.extra, // a prompty's other parameters; the typed ones win
    model: deployment,
    ...typed,
    ...(request.api === 'chat' ? { messages: request.messages } : { prompt: request.prompt }),
    stream: false
  };
}

/** The parts of a chat or completion response the client reads. */
interface Completion {
  choices?: { message?: { content?: string | null }; text?: string; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
  model?: string;
}

/** `https://x.openai.azure.com/` → `https://x.openai.azure.com/openai` (an `/openai` already there is kept once). */
function azureBaseUrl(apiBase: string): string {
  const trimmed = apiBase.replace(/\/+$/, '');
  return /\/openai$/i.test(trimmed) ? trimmed : `${trimmed}/openai`;
}

function describeTarget(r: LlmRequest, deployment: string | undefined): string {
  const c = r.connection;
  const what =
    c.apiType === 'azure'
      ? `Azure OpenAI deployment "${deployment ?? '?'}"`
      : c.apiType === 'mock'
        ? 'the mock provider'
        : `model "${deployment ?? '?'}" at ${c.apiBase}`;
  return `${what} (connection "${c.name}", ${r.api} API)`;
}

function usage(
  u: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | undefined | null
): LlmUsage {
  const promptTokens = u?.prompt_tokens ?? 0;
  const completionTokens = u?.completion_tokens ?? 0;
  return { promptTokens, completionTokens, totalTokens: u?.total_tokens ?? promptTokens + completionTokens };
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** A 200 whose body is not a completion: retried like a 5xx (a proxy's page, a truncated body). */
class MalformedResponse extends Error {}

/** The first choice of a response, or a MalformedResponse when the body is not a completion. */
function wellFormed<C>(res: { choices?: C[] } | null | undefined, valid: (c: C) => boolean): C {
  const choice = res && typeof res === 'object' && Array.isArray(res.choices) ? res.choices[0] : undefined;
  if (choice === undefined || choice === null || typeof choice !== 'object' || !valid(choice))
    throw new MalformedResponse(
      `malformed response: ${res && typeof res === 'object' ? 'no usable "choices"' : `a ${typeof res} instead of a JSON object`}`
    );
  return choice;
}

interface Failure {
  retryable: boolean;
  status?: number;
  code?: string;
  reason: string;
  serverWaitMs?: number;
}

function classify(e: unknown): Failure | undefined {
  if (e instanceof MalformedResponse) return { retryable: true, status: 200, reason: e.message };
  // the transport parses a 200's body as JSON: a broken body surfaces as a SyntaxError
  // (by name: the error may come from another realm, e.g. a vm context)
  if ((e as Error)?.name === 'SyntaxError')
    return { retryable: true, status: 200, reason: `malformed response: ${(e as Error).message}` };
  if (e instanceof HttpConnectionError)
    return {
      retryable: true,
      reason: e.timedOut ? 'request timed out' : `connection error${e.code ? ` (${e.code})` : ''}`
    };
  if (e instanceof HttpStatusError) {
    const { status } = e;
    const body = e.body as { error?: unknown } | string | null;
    // Azure OpenAI and OpenAI wrap the error in `error`; some compatible servers do not
    const error = (body && typeof body === 'object' && 'error' in body ? body.error : body) as {
      message?: unknown;
      code?: unknown;
    } | null;
    const serverMessage =
      typeof error?.message === 'string' && error.message
        ? error.message
        : typeof body === 'string' && body.trim()
          ? body.trim().slice(0, 500)
          : error && typeof error === 'object'
            ? JSON.stringify(error).slice(0, 500)
            : 'no message';
    const code =
      typeof error?.code === 'string'
        ? error.code
        : typeof error?.code === 'number'
          ? String(error.code)
          : undefined;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    const f: Failure = { retryable, status, reason: `${status} ${serverMessage}` };
    if (code !== undefined) f.code = code;
    const wait = retryAfterMs(e.headers);
    if (retryable && wait !== undefined) f.serverWaitMs = wait;
    return f;
  }
  return undefined;
}

function hint(status: number | undefined, c: LlmConnection): string {
  if (status === 401 || status === 403) return ` (check "api_key" of connection "${c.name}")`;
  if (status === 404) {
    return c.apiType === 'azure'
      ? ` (check "deployment_name" and "api_base" of connection "${c.name}")`
      : ` (check "model" and "api_base" of connection "${c.name}")`;
  }
  return '';
}

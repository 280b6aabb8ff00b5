import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stub of the remote model: an OpenAI / Azure OpenAI compatible HTTP server on loopback.
 *
 * Routes (POST, JSON):
 * - Azure:  `/openai/deployments/{deployment}/chat/completions?api-version=…`, `…/completions` and
 *           `…/embeddings`, key in the `api-key` header;
 * - OpenAI: `/v1/chat/completions`, `/v1/completions` and `/v1/embeddings`, key as `Authorization: Bearer …`.
 *
 * Embeddings are deterministic: the same text gives the same unit vector (see `embed`).
 *
 * Bodies are shaped like the real services' (success and error), and requests are validated the
 * way the services do (types and ranges of the usual parameters), so a client that passes here
 * sends what the real service accepts.
 */

export type StubFlavor = 'azure' | 'openai';
export type StubApi = 'chat' | 'completion' | 'embedding';

/** One model call as the stub understood it; given to rules and reply functions. */
export interface StubLlmCall {
  flavor: StubFlavor;
  api: StubApi;
  /** Azure: the deployment in the path. */
  deployment?: string;
  /** Azure: `?api-version=`. */
  apiVersion?: string;
  /** The model named in the body (OpenAI), else the deployment. */
  model: string;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
  /** What rules are matched against: the last user message (text parts joined), or the prompt. */
  text: string;
  /** Chat only: the messages as sent. */
  messages?: { role: string; content: unknown; name?: string }[];
  /** Completion only: the prompt (the first, if a list was sent). */
  prompt?: string;
}

/**
 * A chat answer that calls tools, as the service answers when the request offers `tools`: the
 * message has `content: null` and `tool_calls`, the finish reason is `tool_calls`.
 */
export interface StubToolCalls {
  toolCalls: { name: string; arguments: string }[];
}

/** What the model answers: text, or (chat) tool calls. */
export type StubReply = string | StubToolCalls;

export interface StubRule {
  /** A substring of the text, a RegExp tested on it, or a predicate on the whole call. */
  match: string | RegExp | ((call: StubLlmCall) => boolean);
  reply: StubReply | ((call: StubLlmCall) => StubReply);
}

export type StubLatency = number | { min: number; max: number };

/** An injected failure: an HTTP status, or a way of failing (see {@link StubLlm.failNext}). */
export type StubFault = number | 'reset' | 'hang' | 'malformed' | 'echo-key';

export interface StubRateLimit {
  /** Requests accepted per window; the next one in the same window gets 429. */
  requests: number;
  /** Window length in ms (default 1000: "requests per second"). Sliding window. */
  windowMs?: number;
  /** Fixed wait to announce instead of the time until the window frees a slot. */
  retryAfterMs?: number;
}

export interface StubLlmOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** The key clients must send (default `stub-key`); null accepts any request, with or without key. */
  apiKey?: string | null;
  /**
   * Azure: Microsoft Entra access tokens accepted as `Authorization: Bearer <token>` instead of a
   * key (keyless `auth_mode: meid_token`), as Azure OpenAI accepts them.
   */
  entraTokens?: string[];
  /** Tried in order against each call; the first match answers. */
  rules?: StubRule[];
  /** The answer when no rule matches (default: `echo: <text>`). */
  defaultReply?: StubReply | ((call: StubLlmCall) => StubReply);
  /** Delay before each answer (429s and auth/route errors are immediate). */
  latencyMs?: StubLatency;
  rateLimit?: StubRateLimit;
  /** Fail the first K accepted calls with 500 (see also `failNext`). */
  failFirst?: number;
  /** Azure: deployments that exist (default: any). Others get 404 DeploymentNotFound. */
  deployments?: string[];
  /** OpenAI: models that exist (default: any). Others get 404 model_not_found. */
  models?: string[];
  /** Azure: the model name reported in answers (default: the deployment name). */
  modelName?: string;
  /**
   * The embedding of one input text (default: a unit vector of `dimensions` numbers, 1536 unless the
   * request asks for fewer, drawn from a hash of the text).
   */
  embed?: (text: string, dimensions: number) => number[];
}

export interface StubRecordedRequest {
  /** ms since epoch, at arrival. */
  at: number;
  method: string;
  /** Path without the query. */
  path: string;
  query: Record<string, string>;
  flavor?: StubFlavor;
  api?: StubApi;
  deployment?: string;
  apiVersion?: string;
  /** Request headers, with `api-key` and `authorization` values replaced by `<redacted>`. */
  headers: Record<string, string>;
  /** Parsed JSON body (the raw text when it was not JSON). */
  body: unknown;
  /** The status answered; 0 while in flight or when the connection was reset on purpose. */
  status: number;
}

export interface StubLlmStats {
  /** Requests received (any route, any outcome). */
  requests: number;
  /** Responses by HTTP status (a reset connection counts under 0). */
  byStatus: Record<number, number>;
  inFlight: number;
  /** The most requests in flight at once. */
  maxInFlight: number;
  /** TCP connections accepted (a client that keeps connections alive opens few). */
  connections: number;
  /** Every request, in arrival order. */
  recorded: StubRecordedRequest[];
}

export interface StubLlm {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** The key the stub expects (`stub-key` unless set; '' when auth is off). */
  readonly apiKey: string;
  stats(): StubLlmStats;
  /** Clears stats, recorded requests, the rate-limit window and pending failures. */
  reset(): void;
  /**
   * Makes the next `count` accepted calls fail with `status` (default 500), or: `reset` the
   * connection; `hang` (never answer, until the caller gives up); `malformed` (a 200 whose JSON body
   * is cut short); `echo-key` (a 401 whose message quotes the key that was sent, as some gateways do).
   */
  failNext(count: number, status?: StubFault): void;
  /** Changes options on the fly (rules, latency, rate limit, …); host/port are fixed. */
  update(options: Partial<Omit<StubLlmOptions, 'host' | 'port'>>): void;
  /**
   * A connection's JSON for the env-var convention, pointing at this stub:
   * azure → `{"api_key","api_base":url,"api_type":"azure","api_version"}`, openai → `api_base` `url/v1`.
   */
  connectionJson(apiType?: StubFlavor, apiVersion?: string): string;
  stop(): Promise<void>;
}

const AZURE_ROUTE = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|completions|embeddings)\/?$/;
const OPENAI_ROUTE = /^\/v1\/(chat\/completions|completions|embeddings)\/?$/;
const API_OF: Record<string, StubApi> = {
  'chat/completions': 'chat',
  completions: 'completion',
  embeddings: 'embedding'
};

interface HttpError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

class Reject {
  constructor(readonly error: HttpError) {}
}

/** The error body OpenAI (and Azure, for model-level validation) sends. */
function openaiError(
  message: string,
  type = 'invalid_request_error',
  param: string | null = null,
  code: string | null = null
) {
  return { error: { message, type, param, code } };
}

/** The error body Azure's gateway sends (auth, routing, throttling). */
function azureError(code: string, message: string) {
  return { error: { code, message } };
}

export async function startStubLlm(options: StubLlmOptions = {}): Promise<StubLlm> {
  let opts: StubLlmOptions = { ...options };
  const apiKey = opts.apiKey === undefined ? 'stub-key' : opts.apiKey;

  let recorded: StubRecordedRequest[] = [];
  let byStatus: Record<number, number> = {};
  let requests = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let connections = 0;
  let window: number[] = [];
  const pendingFailures: StubFault[] = [];
  const queueFailures = (count: number, status: StubFault): void => {
    for (let i = 0; i < count; i++) pendingFailures.push(status);
  };
  if (opts.failFirst) queueFailures(opts.failFirst, 500);

  const count = (status: number): void => {
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  };

  const send = (
    res: ServerResponse,
    rec: StubRecordedRequest,
    status: number,
    body: unknown,
    headers: Record<string, string> = {}
  ): void => {
    if (res.destroyed) return;
    const text = JSON.stringify(body);
    rec.status = status;
    count(status);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      'x-request-id': randomUUID(),
      ...(rec.flavor === 'azure' ? { 'apim-request-id': randomUUID() } : {}),
      ...headers
    });
    res.end(text);
  };

  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
    rec: StubRecordedRequest,
    rawBody: string
  ): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://stub');
    const azure = AZURE_ROUTE.exec(url.pathname);
    const openai = azure ? null : OPENAI_ROUTE.exec(url.pathname);
    if (!azure && !openai) {
      return send(
        res,
        rec,
        404,
        url.pathname.startsWith('/openai/')
          ? azureError('404', 'Resource not found')
          : openaiError(`Invalid URL (${req.method} ${url.pathname})`)
      );
    }
    const flavor: StubFlavor = azure ? 'azure' : 'openai';
    const api: StubApi = API_OF[azure ? azure[2] : openai![1]];
    rec.flavor = flavor;
    rec.api = api;
    if (azure) {
      rec.deployment = decodeURIComponent(azure[1]);
      const v = url.searchParams.get('api-version');
      if (v) rec.apiVersion = v;
    }
    if (req.method !== 'POST') {
      return send(
        res,
        rec,
        405,
        flavor === 'azure'
          ? azureError('405', 'Method not allowed')
          : openaiError(`Invalid method for URL (${req.method} ${url.pathname})`),
        { allow: 'POST' }
      );
    }
    if (flavor === 'azure' && !rec.apiVersion)
      return send(res, rec, 404, azureError('404', 'Resource not found'));

    // auth
    if (apiKey !== null) {
      const bearer = /^Bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '')?.[1]?.trim();
      if (flavor === 'azure' && bearer !== undefined && header(req, 'api-key') === undefined) {
        if (!(opts.entraTokens ?? []).includes(bearer))
          return send(
            res,
            rec,
            401,
            azureError(
              '401',
              'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.'
            )
          );
      } else if (flavor === 'azure') {
        const key = header(req, 'api-key');
        if (key === undefined) {
          return send(
            res,
            rec,
            401,
            azureError(
              '401',
              'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.'
            )
          );
        }
        if (key !== apiKey) {
          return send(
            res,
            rec,
            401,
            azureError(
              '401',
              'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.'
            )
          );
        }
      } else {
        const auth = header(req, 'authorization');
        const m = auth === undefined ? null : /^Bearer\s+(.*)$/i.exec(auth);
        if (!m) {
          return send(
            res,
            rec,
            401,
            openaiError(
              "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
              'invalid_request_error'
            )
          );
        }
        if (m[1].trim() !== apiKey) {
          return send(
            res,
            rec,
            401,
            openaiError(
              'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
              'invalid_request_error',
              null,
              'invalid_api_key'
            )
          );
        }
      }
    }

    if (flavor === 'azure' && opts.deployments && !opts.deployments.includes(rec.deployment!)) {
      return send(
        res,
        rec,
        404,
        azureError(
          'DeploymentNotFound',
          'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.'
        )
      );
    }

    // body
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(rawBody);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return send(
        res,
        rec,
        400,
        openaiError(
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)"
        )
      );
    }

    if (flavor === 'openai') {
      if (typeof body.model !== 'string' || !body.model) {
        return send(
          res,
          rec,
          400,
          openaiError('you must provide a model parameter', 'invalid_request_error')
        );
      }
      if (opts.models && !opts.models.includes(body.model)) {
        return send(
          res,
          rec,
          404,
          openaiError(
            `The model \`${body.model}\` does not exist or you do not have access to it.`,
            'invalid_request_error',
            null,
            'model_not_found'
          )
        );
      }
    }

    // injected failures, then throttling
    const failure = pendingFailures.shift();
    if (failure !== undefined) {
      await delay(opts.latencyMs);
      if (failure === 'reset') {
        rec.status = 0;
        count(0);
        req.socket.destroy();
        return;
      }
      if (failure === 'hang') return; // the socket stays open until the caller aborts
      if (failure === 'malformed') {
        rec.status = 200;
        count(200);
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"id":"chatcmpl-stub","object":"chat.completion","choi');
      }
      if (failure === 'echo-key') {
        const sent = header(req, 'api-key') ?? header(req, 'authorization')?.replace(/^Bearer\s+/i, '') ?? '';
        return send(
          res,
          rec,
          401,
          openaiError(
            `Incorrect API key provided: ${sent}.`,
            'invalid_request_error',
            null,
            'invalid_api_key'
          )
        );
      }
      return send(res, rec, failure, serverError(failure, flavor));
    }
    const limit = opts.rateLimit;
    if (limit) {
      const windowMs = limit.windowMs ?? 1000;
      const now = Date.now();
      window = window.filter((t) => t > now - windowMs);
      if (window.length >= limit.requests) {
        const waitMs = Math.max(1, limit.retryAfterMs ?? window[0] + windowMs - now);
        const secs = Math.max(1, Math.ceil(waitMs / 1000));
        const operation = {
          chat: 'ChatCompletions_Create',
          completion: 'Completions_Create',
          embedding: 'Embeddings_Create'
        }[api];
        const message =
          flavor === 'azure'
            ? azureError(
                '429',
                `Requests to the ${operation} Operation under Azure OpenAI API version ${rec.apiVersion} have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after ${secs} second${secs === 1 ? '' : 's'}. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`
              )
            : openaiError(
                `Rate limit reached for ${String(body.model)} on requests per min (RPM): Limit ${limit.requests}, Used ${limit.requests}, Requested 1. Please try again in ${waitMs}ms.`,
                'requests',
                'requests',
                'rate_limit_exceeded'
              );
        return send(res, rec, 429, message, {
          'retry-after': String(secs),
          'retry-after-ms': String(waitMs)
        });
      }
      window.push(now);
    }

    if (api === 'embedding') {
      try {
        const reply = embeddings(flavor, rec, body, opts);
        await delay(opts.latencyMs);
        return send(res, rec, 200, reply);
      } catch (e) {
        if (e instanceof Reject) return send(res, rec, e.error.status, e.error.body, e.error.headers);
        throw e;
      }
    }

    let call: StubLlmCall;
    try {
      call = validate(flavor, api, rec, body);
    } catch (e) {
      if (e instanceof Reject) return send(res, rec, e.error.status, e.error.body, e.error.headers);
      throw e;
    }

    await delay(opts.latencyMs);
    const content = answer(call, opts);
    return send(res, rec, 200, respond(call, content, opts));
  };

  const server: Server = createServer((req, res) => {
    requests++;
    inFlight++;
    if (inFlight > maxInFlight) maxInFlight = inFlight;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      inFlight--;
    };
    res.on('close', finish);
    const url = new URL(req.url ?? '/', 'http://stub');
    const rec: StubRecordedRequest = {
      at: Date.now(),
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: redactHeaders(req),
      body: undefined,
      status: 0
    };
    recorded.push(rec);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', finish);
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      try {
        rec.body = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        rec.body = raw;
      }
      handle(req, res, rec, raw).catch((e: unknown) => {
        send(
          res,
          rec,
          500,
          openaiError(`stub error: ${e instanceof Error ? e.message : String(e)}`, 'server_error')
        );
      });
    });
  });
  server.keepAliveTimeout = 5000;
  server.on('connection', () => connections++);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  return {
    url,
    port: address.port,
    apiKey: apiKey ?? '',
    stats: () => ({
      requests,
      byStatus: { ...byStatus },
      inFlight,
      maxInFlight,
      connections,
      recorded: [...recorded]
    }),
    reset: () => {
      recorded = [];
      byStatus = {};
      requests = 0;
      maxInFlight = inFlight;
      connections = 0;
      window = [];
      pendingFailures.length = 0;
    },
    failNext: (n, status = 500) => queueFailures(n, status),
    update: (o) => {
      opts = { ...opts, ...o };
    },
    connectionJson: (apiType = 'azure', apiVersion = '2024-02-01') =>
      JSON.stringify(
        apiType === 'azure'
          ? { api_key: apiKey ?? '', api_base: `${url}/`, api_type: 'azure', api_version: apiVersion }
          : { api_key: apiKey ?? '', api_base: `${url}/v1`, api_type: 'openai' }
      ),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      })
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function redactHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k] = k === 'api-key' || k === 'authorization' ? '<redacted>' : Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function delay(latency: StubLatency | undefined): Promise<void> {
  if (latency === undefined) return Promise.resolve();
  const ms =
    typeof latency === 'number'
      ? latency
      : latency.min + Math.random() * Math.max(0, latency.max - latency.min);
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

function serverError(status: number, flavor: StubFlavor): unknown {
  if (status === 500) {
    return openaiError(
      'The server had an error while processing your request. Sorry about that!',
      'server_error'
    );
  }
  if (status === 503) {
    return flavor === 'azure'
      ? azureError(
          'ServiceUnavailable',
          'The service is temporarily unable to process your request. Please try again later.'
        )
      : openaiError('The engine is currently overloaded, please try again later', 'server_error');
  }
  if (status === 429)
    return flavor === 'azure'
      ? azureError('429', 'Rate limit is exceeded.')
      : openaiError('Rate limit reached', 'requests', null, 'rate_limit_exceeded');
  return flavor === 'azure'
    ? azureError(String(status), `Injected failure ${status}`)
    : openaiError(`Injected failure ${status}`, 'server_error');
}

const CHAT_ROLES = new Set(['system', 'user', 'assistant', 'developer', 'tool', 'function']);

/** Validates the body like the service does; returns the call, or throws a Reject with a 400. */
function validate(
  flavor: StubFlavor,
  api: StubApi,
  rec: StubRecordedRequest,
  body: Record<string, unknown>
): StubLlmCall {
  const bad = (message: string, param: string | null = null): never => {
    throw new Reject({ status: 400, body: openaiError(message, 'invalid_request_error', param) });
  };
  const numberIn = (key: string, min: number, max: number, integer = false): void => {
    const v = body[key];
    if (v === undefined || v === null) return;
    if (typeof v !== 'number' || (integer && !Number.isInteger(v))) {
      bad(
        `${JSON.stringify(v).replace(/"/g, "'")} is not of type '${integer ? 'integer' : 'number'}' - '${key}'`,
        key
      );
    }
    if ((v as number) < min) bad(`${v} is less than the minimum of ${min} - '${key}'`, key);
    if ((v as number) > max) bad(`${v} is greater than the maximum of ${max} - '${key}'`, key);
  };
  if (body.stream === true) bad('stub LLM: streaming is not supported', 'stream');
  numberIn('temperature', 0, 2);
  numberIn('top_p', 0, 1);
  numberIn('presence_penalty', -2, 2);
  numberIn('frequency_penalty', -2, 2);
  numberIn('n', 1, 128, true);
  numberIn('max_tokens', 1, 1_000_000, true);
  numberIn('seed', -(2 ** 63), 2 ** 63, true);
  if (body.stop !== undefined && body.stop !== null) {
    const s = body.stop;
    const ok =
      typeof s === 'string' || (Array.isArray(s) && s.length <= 4 && s.every((x) => typeof x === 'string'));
    if (!ok) bad(`${JSON.stringify(s)} is not valid under any of the given schemas - 'stop'`, 'stop');
  }
  if (body.logit_bias !== undefined && body.logit_bias !== null) {
    const b = body.logit_bias;
    if (
      typeof b !== 'object' ||
      Array.isArray(b) ||
      Object.values(b as object).some((x) => typeof x !== 'number')
    ) {
      bad(`${JSON.stringify(b)} is not of type 'object' - 'logit_bias'`, 'logit_bias');
    }
  }
  if (body.user !== undefined && typeof body.user !== 'string')
    bad(`${JSON.stringify(body.user)} is not of type 'string' - 'user'`, 'user');

  const model = flavor === 'azure' ? rec.deployment! : String(body.model);
  const base = {
    flavor,
    api,
    model,
    body,
    ...(rec.deployment ? { deployment: rec.deployment } : {}),
    ...(rec.apiVersion ? { apiVersion: rec.apiVersion } : {})
  };

  if (api === 'chat') {
    const messages = body.messages;
    if (messages === undefined) bad("'messages' is a required property", 'messages');
    if (!Array.isArray(messages))
      bad(`${JSON.stringify(messages)} is not of type 'array' - 'messages'`, 'messages');
    const list = messages as unknown[];
    if (list.length === 0) bad("[] is too short - 'messages'", 'messages');
    list.forEach((m, i) => {
      const role = (m as { role?: unknown } | null)?.role;
      if (!m || typeof m !== 'object' || typeof role !== 'string' || !CHAT_ROLES.has(role)) {
        bad(`Invalid value for 'messages[${i}].role'`, `messages[${i}].role`);
      }
      const content = (m as { content?: unknown }).content;
      if (content === undefined && role !== 'assistant')
        bad(`Missing required parameter: 'messages[${i}].content'.`, `messages[${i}].content`);
      if (
        content !== undefined &&
        content !== null &&
        typeof content !== 'string' &&
        !Array.isArray(content)
      ) {
        bad(
          `Invalid type for 'messages[${i}].content': expected one of a string or array of objects.`,
          `messages[${i}].content`
        );
      }
    });
    const typed = list as { role: string; content: unknown; name?: string }[];
    const rf = body.response_format as { type?: unknown } | undefined | null;
    if (rf !== undefined && rf !== null) {
      if (typeof rf !== 'object' || !['text', 'json_object', 'json_schema'].includes(String(rf.type))) {
        bad("Invalid value for 'response_format.type'", 'response_format.type');
      }
      if (rf.type === 'json_object' && !typed.some((m) => /json/i.test(textOf(m.content)))) {
        bad(
          "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
          'messages'
        );
      }
    }
    const lastUser = [...typed].reverse().find((m) => m.role === 'user');
    return { ...base, messages: typed, text: lastUser ? textOf(lastUser.content) : '' };
  }

  const p = body.prompt;
  if (p === undefined) bad("'prompt' is a required property", 'prompt');
  let prompt: string;
  if (typeof p === 'string') prompt = p;
  else if (Array.isArray(p) && p.length > 0 && p.every((x) => typeof x === 'string')) prompt = p[0] as string;
  else prompt = bad(`${JSON.stringify(p)} is not valid under any of the given schemas - 'prompt'`, 'prompt');
  numberIn('logprobs', 0, 5, true);
  numberIn('best_of', 1, 20, true);
  return { ...base, prompt, text: prompt };
}

/** Answers an embeddings request as the service does (validation, one item per input, usage). */
function embeddings(
  flavor: StubFlavor,
  rec: StubRecordedRequest,
  body: Record<string, unknown>,
  opts: StubLlmOptions
): unknown {
  const bad = (message: string, param: string | null = null): never => {
    throw new Reject({ status: 400, body: openaiError(message, 'invalid_request_error', param) });
  };
  const input = body.input;
  if (input === undefined) bad("'input' is a required property", 'input');
  const isTokens = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((t) => Number.isInteger(t));
  let texts: string[];
  if (typeof input === 'string') texts = [input];
  else if (isTokens(input)) texts = [(input as number[]).join(' ')];
  else if (
    Array.isArray(input) &&
    input.length > 0 &&
    input.length <= 2048 &&
    input.every((v) => typeof v === 'string' || isTokens(v))
  )
    texts = input.map((v) => (typeof v === 'string' ? v : (v as number[]).join(' ')));
  else
    texts = bad(
      `${JSON.stringify(input).slice(0, 100)} is not valid under any of the given schemas - 'input'`,
      'input'
    );
  if (texts.some((t) => t === ''))
    bad(
      "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
      'input'
    );
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64')
    bad(`${JSON.stringify(format)} is not one of ['float', 'base64'] - 'encoding_format'`, 'encoding_format');
  const dims = body.dimensions ?? 1536;
  if (!Number.isInteger(dims) || (dims as number) < 1)
    bad(`${JSON.stringify(dims)} is less than the minimum of 1 - 'dimensions'`, 'dimensions');
  const embed = opts.embed ?? hashEmbedding;
  const data = texts.map((text, index) => {
    const vector = embed(text, dims as number);
    return {
      object: 'embedding',
      index,
      embedding:
        format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector
    };
  });
  const tokens = texts.reduce((sum, t) => sum + stubTokenCount(t), 0);
  const model = flavor === 'azure' ? (opts.modelName ?? rec.deployment!) : String(body.model);
  return { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

/** A unit vector drawn from a hash of the text: equal texts, equal vectors. */
export function hashEmbedding(text: string, dimensions: number): number[] {
  let seed = createHash('sha256').update(text).digest().readUInt32LE(0);
  const next = (): number => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const v = Array.from({ length: dimensions }, () => next() * 2 - 1);
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) =>
        p && typeof p === 'object' && (p as { type?: unknown }).type === 'text'
          ? String((p as { text?: unknown }).text ?? '')
          : ''
      )
      .filter((s) => s !== '')
      .join('\n');
  }
  return '';
}

function answer(call: StubLlmCall, opts: StubLlmOptions): StubReply {
  for (const rule of opts.rules ?? []) {
    let hit: boolean;
    if (typeof rule.match === 'string') hit = call.text.includes(rule.match);
    else if (rule.match instanceof RegExp) {
      rule.match.lastIndex = 0;
      hit = rule.match.test(call.text);
    } else hit = rule.match(call);
    if (hit) return typeof rule.reply === 'function' ? rule.reply(call) : rule.reply;
  }
  const d = opts.defaultReply;
  if (d === undefined) return `echo: ${call.text}`;
  return typeof d === 'function' ? d(call) : d;
}

/** A rough token count (≈4 characters a token), enough for usage figures and `max_tokens`. */
export function stubTokenCount(text: string): number {
  return text ? Math.max(1, Math.ceil(text.length / 4)) : 0;
}

function respond(call: StubLlmCall, reply: StubReply, opts: StubLlmOptions): unknown {
  const body = call.body;
  const calls = typeof reply === 'string' || call.api !== 'chat' ? undefined : reply.toolCalls;
  let content = typeof reply === 'string' ? reply : '';
  let finish = calls ? 'tool_calls' : 'stop';
  const stops =
    typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? (body.stop as string[]) : [];
  let cut = -1;
  for (const s of stops) {
    const i = s ? content.indexOf(s) : -1;
    if (i >= 0 && (cut < 0 || i < cut)) cut = i;
  }
  if (cut >= 0) content = content.slice(0, cut);
  const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : undefined;
  if (maxTokens !== undefined && stubTokenCount(content) > maxTokens) {
    content = content.slice(0, maxTokens * 4);
    finish = 'length';
  }
  if (call.api === 'completion' && body.echo === true) content = (call.prompt ?? '') + content;
  const n = typeof body.n === 'number' ? body.n : 1;
  const promptTokens =
    call.api === 'chat'
      ? (call.messages ?? []).reduce((sum, m) => sum + stubTokenCount(textOf(m.content)) + 4, 0) + 3
      : stubTokenCount(call.prompt ?? '');
  const completionTokens =
    (stubTokenCount(content) + (calls ?? []).reduce((s, c) => s + stubTokenCount(c.name + c.arguments), 0)) *
    n;
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens
  };
  const created = Math.floor(Date.now() / 1000);
  const model = call.flavor === 'azure' ? (opts.modelName ?? call.model) : call.model;
  const azure = call.flavor === 'azure';
  const filters = {
    hate: { filtered: false, severity: 'safe' },
    self_harm: { filtered: false, severity: 'safe' },
    sexual: { filtered: false, severity: 'safe' },
    violence: { filtered: false, severity: 'safe' }
  };
  const index = Array.from({ length: n }, (_, i) => i);
  if (call.api === 'chat') {
    return {
      id: `chatcmpl-${randomId(29)}`,
      object: 'chat.completion',
      created,
      model,
      ...(azure ? { prompt_filter_results: [{ prompt_index: 0, content_filter_results: filters }] } : {}),
      choices: index.map((i) => ({
        index: i,
        message: calls
          ? {
              role: 'assistant',
              content: null,
              refusal: null,
              tool_calls: calls.map((c) => ({
                id: `call_${randomId(24)}`,
                type: 'function',
                function: { name: c.name, arguments: c.arguments }
              }))
            }
          : { role: 'assistant', content, refusal: null },
        logprobs: null,
        finish_reason: finish,
        ...(azure ? { content_filter_results: filters } : {})
      })),
      usage,
      system_fingerprint: 'fp_stub'
    };
  }
  return {
    id: `cmpl-${randomId(29)}`,
    object: 'text_completion',
    created,
    model,
    ...(azure ? { prompt_filter_results: [{ prompt_index: 0, content_filter_results: filters }] } : {}),
    choices: index.map((i) => ({
      text: content,
      index: i,
      logprobs: null,
      finish_reason: finish,
      ...(azure ? { content_filter_results: filters } : {})
    })),
    usage
  };
}

/** A random id of letters and digits (from randomUUID's pooled entropy: a getrandom call per answer costs more). */
function randomId(length: number): string {
  let out = '';
  while (out.length < length) out += randomUUID().replace(/-/g, '');
  return out.slice(0, length);
}

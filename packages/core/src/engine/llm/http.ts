// The wire of the LLM client: one JSON POST per attempt on node:http(s), over a keep-alive agent.
// Measured against the stub at 32 in flight, this costs 0.3 ms of CPU per call where the `openai`
// package (on fetch) costs 1.2–1.4 ms, and a run's LLM calls are its hot path (bench/b9-floor.mjs).
// It does no retrying: the client decides from what this reports.
import http from 'node:http';
import https from 'node:https';
import type { HeaderReader } from '../../util/retry.js';

/** The server answered with a status outside 2xx. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    /** The body, parsed when it is JSON, else its text. */
    readonly body: unknown,
    readonly headers: HeaderReader
  ) {
    super(`HTTP ${status}`);
    this.name = 'HttpStatusError';
  }
}

/** No answer: the connection failed or broke (`code`, e.g. ECONNRESET), or the attempt timed out. */
export class HttpConnectionError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly timedOut: boolean
  ) {
    super(message);
    this.name = 'HttpConnectionError';
  }
}

export interface JsonPost {
  url: URL;
  headers: Record<string, string>;
  body: unknown;
  /** The whole attempt, connection to last byte. */
  timeoutMs: number;
  /** Aborting rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Keep-alive agents, one pair per client: connections are reused across a run's calls (an idle one
 * does not keep the process alive).
 */
export class JsonTransport {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true })
  };

  /** The parsed JSON of a 2xx answer; a 2xx body that is not JSON rejects with a SyntaxError. */
  post(req: JsonPost): Promise<unknown> {
    const { url, signal } = req;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const payload = Buffer.from(JSON.stringify(req.body), 'utf8');
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:')
      return Promise.reject(
        new HttpConnectionError(`unsupported protocol ${url.protocol}`, undefined, false)
      );
    return new Promise<unknown>((resolve, reject) => {
      let settled = false;
      const done = (f: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        f();
      };
      const request = (secure ? https : http).request(url, {
        method: 'POST',
        agent: this.agents[secure ? 'https:' : 'http:'],
        headers: {
          ...req.headers,
          'content-type': 'application/json',
          accept: 'application/json',
          'content-length': String(payload.length)
        }
      });
      // the error is made only when it is the outcome: 'close' follows every answer
      const fail = (error: () => unknown): void => {
        if (settled) return;
        done(() => reject(error()));
        request.destroy();
      };
      const broken = (e: NodeJS.ErrnoException) => () => new HttpConnectionError(e.message, e.code, false);
      const onAbort = (): void => fail(() => abortReason(signal!));
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(
        () => fail(() => new HttpConnectionError('request timed out', 'ETIMEDOUT', true)),
        req.timeoutMs
      );
      request.on('error', (e: NodeJS.ErrnoException) => fail(broken(e)));
      request.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e: NodeJS.ErrnoException) => fail(broken(e)));
        res.on('close', () =>
          fail(broken({ name: 'Error', message: 'response cut short', code: 'ECONNRESET' }))
        );
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          done(() => {
            if (status >= 200 && status < 300) {
              try {
                resolve(JSON.parse(text));
              } catch (e) {
                reject(e as SyntaxError);
              }
            } else reject(new HttpStatusError(status, parseOrText(text), headerReader(res.headers)));
          });
        });
      });
      request.end(payload);
    });
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function headerReader(headers: http.IncomingHttpHeaders): HeaderReader {
  return {
    get: (name) => {
      const v = headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    }
  };
}

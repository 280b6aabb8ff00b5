import { randomUUID } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ArmError } from './arm-errors.js';
import type { Ctx, Reply } from './emulator-types.js';
import type { Faults } from './faults.js';
import type { EmulatorStore } from './store.js';
import type { ArmRequestRecord } from './types.js';

/**
 * HTTP plumbing: reading bodies, the checks every ARM request passes (auth header, api-version), faults,
 * dispatch to the ARM or scoring routes, and the HTTPS (and optional plain-HTTP scoring) servers.
 */

export const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 32 * 1024 * 1024) {
        reject(new ArmError(413, 'RequestEntityTooLarge', 'The request body is too large.'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

export const send = (res: ServerResponse, reply: Reply) => {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = {
    'x-ms-request-id': randomUUID(),
    'x-ms-correlation-request-id': randomUUID(),
    ...reply.headers
  };
  if (reply.body === undefined) {
    res.writeHead(reply.status, { ...headers, 'content-length': '0' });
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers
  });
  res.end(text);
};

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createRequestHandler(
  s: EmulatorStore,
  faultBook: Pick<Faults, 'faultFor' | 'faultReply'>,
  routeArm: (ctx: Ctx) => Promise<{ reply: Reply; kind: ArmRequestRecord['kind'] }>,
  routeScoring: (ctx: Ctx, rec: ArmRequestRecord) => Promise<Reply>
): RequestHandler {
  const { faults, requests } = s;
  const { faultFor, faultReply } = faultBook;
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const method = (req.method ?? 'GET').toUpperCase();
    const isScoring = url.pathname.startsWith('/endpoints/');
    const rec: ArmRequestRecord = {
      at: Date.now(),
      method,
      path: url.pathname,
      query,
      ...(query['api-version'] ? { apiVersion: query['api-version'] } : {}),
      status: 0,
      kind: isScoring ? 'scoring' : url.pathname.toLowerCase().startsWith('/subscriptions/') ? 'arm' : 'other'
    };
    requests.push(rec);
    let reply: Reply;
    try {
      const rawBody = await readBody(req);
      let body: unknown = undefined;
      if (rawBody.trim()) {
        try {
          body = JSON.parse(rawBody);
        } catch (e) {
          if (!isScoring) {
            throw new ArmError(
              400,
              'InvalidRequestContent',
              `The request content was invalid and could not be deserialized: ${(e as Error).message}`
            );
          }
          body = rawBody;
        }
      }
      const ctx: Ctx = { req, method, path: url.pathname, url, query, body, rawBody };
      if (isScoring) {
        const f = faults.length ? faultFor(method, url.pathname) : undefined;
        if (f) {
          rec.fault = true;
          reply = faultReply(f);
        } else reply = await routeScoring(ctx, rec);
      } else {
        const auth = req.headers.authorization;
        if (!auth) {
          throw new ArmError(
            401,
            'AuthenticationFailed',
            "Authentication failed. The 'Authorization' header is missing.",
            undefined,
            {
              'www-authenticate':
                'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."'
            }
          );
        }
        const token = /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1];
        if (!token) {
          throw new ArmError(
            401,
            'AuthenticationFailedInvalidHeader',
            "Authentication failed. The 'Authorization' header is provided in an invalid format."
          );
        }
        if (s.options.acceptToken && !s.options.acceptToken(token)) {
          throw new ArmError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
        }
        if (rec.kind === 'arm') {
          const v = query['api-version'];
          if (!v) {
            throw new ArmError(
              400,
              'MissingApiVersionParameter',
              'The api-version query parameter (?api-version=) is required for all requests.'
            );
          }
          if (!/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(v)) {
            throw new ArmError(400, 'InvalidApiVersionParameter', `The api-version '${v}' is invalid.`);
          }
        }
        const f = faults.length ? faultFor(method, url.pathname) : undefined;
        if (f) {
          rec.fault = true;
          reply = faultReply(f);
        } else {
          const routed = await routeArm(ctx);
          rec.kind = routed.kind;
          reply = routed.reply;
        }
      }
    } catch (e) {
      if (e instanceof ArmError) reply = { status: e.status, body: e.body(), headers: e.headers };
      else {
        const err = new ArmError(
          500,
          'InternalServerError',
          `Emulator error: ${(e as Error).stack ?? String(e)}`
        );
        reply = { status: 500, body: err.body() };
      }
    }
    rec.status = reply.status;
    send(res, reply);
  };
  return handler;
}

/** Starts the HTTPS server (and the plain-HTTP scoring server when asked) and sets the store's base URLs. */
export async function listen(
  s: EmulatorStore,
  tls: { key: string | Buffer; cert: string | Buffer },
  handler: RequestHandler
): Promise<{ server: Server; plain: Server | undefined; port: number }> {
  const server = createHttpsServer({ key: tls.key, cert: tls.cert }, (req, res) => void handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  s.baseUrl = `https://127.0.0.1:${port}`;
  s.scoringBase = s.baseUrl;
  let plain: Server | undefined;
  if (s.options.scoringScheme === 'http') {
    plain = createHttpServer((req, res) => {
      if (!(req.url ?? '').startsWith('/endpoints/')) {
        res.writeHead(404).end();
        return;
      }
      void handler(req, res);
    });
    const p = plain;
    await new Promise<void>((resolve, reject) => {
      p.once('error', reject);
      p.listen(0, '127.0.0.1', () => resolve());
    });
    s.scoringBase = `http://127.0.0.1:${(p.address() as AddressInfo).port}`;
  }
  return { server, plain, port };
}

// A minimal Microsoft Entra ID (Azure AD) token service on loopback HTTPS, enough for MSAL's
// client-credentials flow with a client assertion (what ClientAssertionCredential does for OIDC):
// the OpenID configuration and the v2.0 token endpoint. It records the assertions it was given and
// issues opaque access tokens the ARM emulator can be told to accept.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface FakeAad {
  /** `https://127.0.0.1:<port>` (the authority host). */
  url: string;
  /** Every token request: client id, tenant, the assertion and the scope asked. */
  requests: {
    tenant: string;
    clientId?: string;
    assertion?: string;
    assertionType?: string;
    scope?: string;
    grantType?: string;
  }[];
  /** Access tokens issued so far. */
  issued: Set<string>;
  stop(): Promise<void>;
}

export async function startFakeAad(
  tls: { key: string; cert: string },
  accept: (assertion: string | undefined) => boolean
): Promise<FakeAad> {
  const requests: FakeAad['requests'] = [];
  const issued = new Set<string>();
  let url = '';
  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const u = new URL(req.url ?? '/', url);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token)$/.exec(
        u.pathname
      );
      if (!m) return json(res, 404, { error: 'not_found', error_description: `no route ${u.pathname}` });
      const tenant = m[1];
      if (m[2].startsWith('v2.0')) {
        return json(res, 200, {
          token_endpoint: `${url}/${tenant}/oauth2/v2.0/token`,
          authorization_endpoint: `${url}/${tenant}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${url}/${tenant}/oauth2/v2.0/logout`,
          device_authorization_endpoint: `${url}/${tenant}/oauth2/v2.0/devicecode`,
          issuer: `${url}/${tenant}/v2.0`,
          jwks_uri: `${url}/${tenant}/discovery/v2.0/keys`,
          response_types_supported: ['code', 'id_token', 'token'],
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt']
        });
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const r = {
        tenant,
        clientId: form.get('client_id') ?? undefined,
        assertion: form.get('client_assertion') ?? undefined,
        assertionType: form.get('client_assertion_type') ?? undefined,
        scope: form.get('scope') ?? undefined,
        grantType: form.get('grant_type') ?? undefined
      };
      requests.push(r);
      if (!accept(r.assertion))
        return json(res, 401, {
          error: 'invalid_client',
          error_description:
            'AADSTS700213: No matching federated identity record found for presented assertion.'
        });
      const token = `aad-${randomBytes(12).toString('hex')}`;
      issued.add(token);
      return json(res, 200, {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: token
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    issued,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })
  };
}

/**
 * Keyless Azure OpenAI (`auth_mode: meid_token`): the client asks @azure/identity's token provider
 * for a Microsoft Entra token (scope cognitiveservices) and sends it as a bearer token. Entra ID is
 * the outer boundary here: the credential hands out a fixed token, the stub accepts only that one.
 */
import type { AccessToken, TokenCredential } from '@azure/identity';
import { startStubLlm, type StubLlm } from '@genaiops/testkit';
import { LlmClient } from '../../../src/engine/llm/client.js';
import { parseConnection } from '../../../src/engine/llm/connection.js';

let stub: StubLlm;
beforeAll(async () => {
  stub = await startStubLlm({ entraTokens: ['entra-token-1'] });
});
afterAll(() => stub.stop());

const credential = (token: string, scopes: string[][] = []): TokenCredential => ({
  getToken: async (scope): Promise<AccessToken> => {
    scopes.push(Array.isArray(scope) ? scope : [scope]);
    return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
});

const keyless = () =>
  parseConnection(
    'aoai',
    JSON.stringify({
      api_base: `${stub.url}/`,
      api_type: 'azure',
      auth_mode: 'meid_token',
      api_version: '2024-02-01'
    })
  );

test('a meid_token connection needs no key and calls the model with an Entra token', async () => {
  const conn = keyless();
  expect(conn).toMatchObject({ apiType: 'azure', apiKey: '', authMode: 'meid_token' });
  const scopes: string[][] = [];
  const client = new LlmClient({
    credential: credential('entra-token-1', scopes),
    retry: { maxAttempts: 1 }
  });
  const r = await client.call({
    connection: conn,
    api: 'chat',
    deploymentName: 'gpt-4o',
    messages: [{ role: 'user', content: 'hi' }],
    parameters: {},
    context: 't'
  });
  expect(r.text).toBe('echo: hi');
  expect(scopes).toEqual([['https://cognitiveservices.azure.com/.default']]);
  expect(stub.stats().recorded.at(-1)?.headers['api-key']).toBeUndefined();
});

test('a token the service does not accept fails as the service answers (401)', async () => {
  const client = new LlmClient({ credential: credential('stale'), retry: { maxAttempts: 1 } });
  await expect(
    client.call({
      connection: keyless(),
      api: 'chat',
      deploymentName: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      parameters: {},
      context: 't'
    })
  ).rejects.toThrow(/401/);
});

test('without auth_mode a key is still required; an unknown auth_mode is named', () => {
  expect(() =>
    parseConnection('aoai', JSON.stringify({ api_base: 'https://x.openai.azure.com/', api_type: 'azure' }))
  ).toThrow('"api_key" is missing (or set "auth_mode": "meid_token" for keyless access)');
  expect(() =>
    parseConnection(
      'aoai',
      JSON.stringify({ api_base: 'https://x.openai.azure.com/', api_type: 'azure', auth_mode: 'aad' })
    )
  ).toThrow('"auth_mode" must be "key" or "meid_token", found "aad"');
});

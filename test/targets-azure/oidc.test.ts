// The register action's built-in OIDC login through its bundled dist/: client-id + tenant-id inputs,
// the ID token from the runner's token service (ACTIONS_ID_TOKEN_REQUEST_*), exchanged at a loopback
// Entra ID for the ARM token the emulator accepts. No azure/login, no fixed token.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createLoopbackTls, type LoopbackTls } from '@genaiops/testkit';
import { startFakeAad, type FakeAad } from '../../packages/core/test/azure/fake-aad.js';
import { startAzureWorld, type AzureWorld } from '../../packages/core/test/azure/world.js';
import { repoRoot, runAction } from '../helpers/run-action.js';

const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.from-the-runner.sig';
// Runs once the action passes a token getter (`readAzureCredentials()` from action-kit, or its own `core.getIDToken`).
const wired = /readAzureCredentials|getIDToken/.test(
  readFileSync(path.join(repoRoot, 'action-register/src/main.ts'), 'utf8')
);

let tls: LoopbackTls;
let aad: FakeAad;
let world: AzureWorld;
let runner: Server;
let runnerUrl: string;
const audiences: string[] = [];

beforeAll(async () => {
  if (!wired) return;
  tls = await createLoopbackTls();
  aad = await startFakeAad(tls, (a) => a === ID_TOKEN);
  world = await startAzureWorld({
    useCases: ['ticket_classification'],
    emulator: { tls, acceptToken: (t) => aad.issued.has(t) }
  });
  // the runner's ID token service, as @actions/core calls it
  runner = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    audiences.push(u.searchParams.get('audience') ?? '');
    const ok = req.headers.authorization === 'Bearer runner-request-token';
    res
      .writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
      .end(JSON.stringify(ok ? { value: ID_TOKEN } : { message: 'bad token' }));
  });
  await new Promise<void>((r) => runner.listen(0, '127.0.0.1', r));
  runnerUrl = `http://127.0.0.1:${(runner.address() as AddressInfo).port}/token?api-version=2.0`;
}, 60_000);
afterAll(async () => {
  await world?.stop();
  await aad?.stop();
  await new Promise((r) => (runner ? runner.close(r) : r(undefined)));
  await tls?.dispose();
});

(wired ? test : test.skip)('register logs in with OIDC (client-id + tenant-id) and registers', async () => {
  const env = {
    ...world.childEnv,
    GENAIOPS_AUTHORITY_HOST: aad.url,
    ACTIONS_ID_TOKEN_REQUEST_URL: runnerUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-request-token',
    AZURE_AUTHORITY_HOST: aad.url
  };
  delete (env as Record<string, string>).GENAIOPS_ARM_TOKEN;
  const r = await runAction(
    'action-register',
    {
      'use-case': 'use-cases/ticket_classification',
      env: 'dev',
      'client-id': '5a1c0b7e-1111-4222-8333-944455556666',
      'tenant-id': '72f988bf-0000-4000-8000-00000000beef'
    },
    { cwd: world.cwd, env }
  );
  if (r.code !== 0) throw new Error(`${r.stdout}\n${r.stderr.slice(-6000)}`);
  expect(r.outputs).toMatchObject({ 'model-version': '1', 'model-created': 'true' });
  expect(audiences).toContain('api://AzureADTokenExchange');
  expect(aad.requests.map((x) => x.assertion)).toEqual([ID_TOKEN]);
  // the ID token and the ARM token were masked before use
  expect(r.stdout).toContain(`::add-mask::${ID_TOKEN}`);
  expect(r.stdout).toContain(`::add-mask::${[...aad.issued][0]}`);
});

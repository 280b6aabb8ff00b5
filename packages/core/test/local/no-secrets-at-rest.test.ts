import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStubLlm, demoRules, type StubLlm } from '@genaiops/testkit';
import { loadUseCase } from '../../src/config/load.js';
import { endpointSecretsFile } from '../../src/local/endpoint-secrets.js';
import { MemoryReporter } from '../../src/reporter.js';
import { deploy } from '../../src/stages/deploy.js';
import { evaluate } from '../../src/stages/evaluate.js';
import { experiment } from '../../src/stages/experiment.js';
import { register } from '../../src/stages/register.js';
import { smokeTest } from '../../src/stages/smoke-test.js';
import { cleanWorkspace, workspace } from '../stages/helpers-targets.js';

let stub: StubLlm;
let ws: ReturnType<typeof workspace>;
let secretsDir: string;
const planted = `PLANTED-${randomBytes(12).toString('hex')}`;

beforeAll(async () => {
  ws = workspace();
  secretsDir = mkdtempSync(path.join(os.tmpdir(), 'genaiops-secrets-'));
  // the stub model answers only calls that carry the planted key
  stub = await startStubLlm({ rules: demoRules(loadUseCase(ws.dir)), latencyMs: 2, apiKey: planted });
});
afterAll(async () => {
  await cleanWorkspace(ws.cwd);
  rmSync(secretsDir, { recursive: true, force: true });
  await stub.stop();
});

/** Every file under `dir` (recursively). */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

test('a planted connection key is in no file the stages write under .genaiops/ or reports/ (what workflows upload); the local endpoint still serves with it', async () => {
  const connection = JSON.parse(stub.connectionJson('azure'));
  expect(connection.api_key).toBe(planted);
  const environ = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GENAIOPS_SECRETS_DIR: secretsDir,
    aoai: JSON.stringify(connection)
  };
  const common = { useCase: ws.useCase, cwd: ws.cwd, environ };
  const reporter = new MemoryReporter();
  const exp = await experiment({ ...common, env: 'pr' }, reporter);
  await evaluate({ ...common, env: 'pr', buildId: exp.buildId }, reporter);
  await register({ ...common, env: 'dev', target: 'local' }, reporter);
  await deploy(
    { ...common, env: 'dev', target: 'local', overrides: { previous: '', traffic: 100 } },
    reporter
  );
  const smoke = await smokeTest({ ...common, env: 'dev', target: 'local', requests: 3 }, reporter);
  // the server called the model with the key (else 401): it read the connection from the secrets file
  expect(smoke.status).toBe('passed');

  const written = [...files(path.join(ws.cwd, '.genaiops')), ...files(path.join(ws.cwd, 'reports'))];
  expect(written.length).toBeGreaterThan(20);
  expect(written.some((f) => f.endsWith('endpoint.json'))).toBe(true);
  const leaks = written.filter((f) => readFileSync(f).includes(planted));
  expect(leaks).toEqual([]);
  expect(reporter.lines.join('\n')).not.toContain(planted);

  // it is in the endpoint's secrets file: outside the project, owner-only
  const secrets = endpointSecretsFile(ws.cwd, 'tickets-dev', environ);
  expect(path.relative(ws.cwd, secrets).startsWith('..')).toBe(true);
  expect(readFileSync(secrets, 'utf8')).toContain(planted);
  expect(statSync(secrets).mode & 0o777).toBe(0o600);
  expect(statSync(path.dirname(secrets)).mode & 0o777).toBe(0o700);
}, 120_000);

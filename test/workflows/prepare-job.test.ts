// The first step of every GenAIOps job (.github/actions/prepare-job/prepare-job.sh), run with bash as
// the runner runs it: inputs in environment variables, results in $GITHUB_ENV and $GITHUB_OUTPUT.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers/run-action.js';

const script = path.join(repoRoot, '.github/actions/prepare-job/prepare-job.sh');
let work: string;

beforeEach(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'prepare-'));
  for (const uc of ['use-cases/ner', 'use-cases/a/b', 'use-cases/a-b']) {
    mkdirSync(path.join(work, uc), { recursive: true });
    writeFileSync(path.join(work, uc, 'llmops_config.json'), '{}');
  }
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function prepare(env: Record<string, string>) {
  const files = { GITHUB_ENV: path.join(work, 'env'), GITHUB_OUTPUT: path.join(work, 'output') };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const r = spawnSync('bash', [script], {
    cwd: work,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      ...files,
      GENAIOPS_USE_CASE: 'use-cases/ner',
      GENAIOPS_ENV: 'dev',
      ...env
    }
  });
  const outputs: Record<string, string> = {};
  for (const line of readFileSync(files.GITHUB_OUTPUT, 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) outputs[line.slice(0, i)] = line.slice(i + 1);
  }
  return { code: r.status, stdout: r.stdout, env: readFileSync(files.GITHUB_ENV, 'utf8'), outputs };
}

test('exports variables and masked secrets, names the artifact, and picks the Azure sign-in', () => {
  const r = prepare({
    GENAIOPS_USE_CASE: './use-cases/ner/',
    GENAIOPS_VARIABLES: '# workspace\nAZUREML_WORKSPACE=mlw-dev\n\nexport REGION="westeurope"\r\n',
    GENAIOPS_SECRETS: 'aoai={"api_key":"s3cret","api_base":"https://x"}',
    AZURE_SUBSCRIPTION_ID_INPUT: '0000-1111'
  });
  expect(r.code).toBe(0);
  expect(r.env.split('\n')).toEqual([
    'AZUREML_WORKSPACE=mlw-dev',
    'REGION=westeurope',
    'aoai={"api_key":"s3cret","api_base":"https://x"}',
    'AZURE_SUBSCRIPTION_ID=0000-1111',
    ''
  ]);
  expect(r.stdout).toContain('::add-mask::{"api_key":"s3cret","api_base":"https://x"}');
  expect(r.stdout).not.toContain('::add-mask::mlw-dev');
  const hash = createHash('sha256').update('dev\nuse-cases/ner').digest('hex').slice(0, 8);
  expect(r.outputs['artifact-suffix']).toBe(`dev-use-cases-ner-${hash}-a1`);
  expect(r.outputs['azure-login']).toBe('none');
});

test('artifact names: new on each run attempt, apart for use-cases whose names differ only in / and -', () => {
  const suffix = (env: Record<string, string>) => prepare(env).outputs['artifact-suffix'];
  const [ab, aDashB] = [
    suffix({ GENAIOPS_USE_CASE: 'use-cases/a/b' }),
    suffix({ GENAIOPS_USE_CASE: 'use-cases/a-b' })
  ];
  expect(ab).toMatch(/^dev-use-cases-a-b-[0-9a-f]{8}-a1$/);
  expect(aDashB).toMatch(/^dev-use-cases-a-b-[0-9a-f]{8}-a1$/);
  expect(ab).not.toBe(aDashB);
  expect(suffix({ GITHUB_RUN_ATTEMPT: '3' })).toMatch(/-a3$/);
  expect(suffix({ GENAIOPS_ENV: 'prod' })).not.toBe(suffix({}).replace('dev', 'prod')); // env is hashed too
  // what upload-artifact refuses in a name: " : < > | * ? \r \n \\ /
  expect(suffix({ GENAIOPS_USE_CASE: 'use-cases/a/b', GENAIOPS_ENV: 'p:r*o?d' })).toMatch(/^[\w.-]+$/);
});

test.each([
  [{ AZURE_CLIENT_ID_INPUT: 'id', HAS_AZURE_CREDENTIALS: 'true' }, 'oidc'],
  [{ AZURE_CLIENT_ID_INPUT: '', HAS_AZURE_CREDENTIALS: 'true' }, 'service-principal'],
  [{ AZURE_CLIENT_ID_INPUT: '', HAS_AZURE_CREDENTIALS: 'false' }, 'none']
])('Azure sign-in %j → %s', (env, expected) => {
  expect(prepare(env).outputs['azure-login']).toBe(expected);
});

test.each([
  [{ GENAIOPS_USE_CASE: '../elsewhere' }, 'give a folder inside the repository'],
  [{ GENAIOPS_USE_CASE: '/etc' }, 'give a folder inside the repository'],
  [{ GENAIOPS_USE_CASE: 'use-cases/nope' }, 'no llmops_config.json there'],
  [{ GENAIOPS_ENV: '' }, 'input env is empty'],
  [{ GENAIOPS_SECRETS: 'PATH=/tmp/evil' }, 'refusing to set PATH'],
  [{ GENAIOPS_SECRETS: 'GITHUB_TOKEN=x' }, 'refusing to set GITHUB_TOKEN'],
  [
    { GENAIOPS_VARIABLES: 'A=1\nINPUT_USE-CASE=x' },
    'input variables, line 2: the name is not a variable name'
  ],
  [{ GENAIOPS_VARIABLES: 'just words' }, 'input variables, line 1: expected NAME=value'],
  [{ GENAIOPS_SECRETS: 'c2Vj+cmV0==' }, 'secret GENAIOPS_SECRETS, line 1: the name is not a variable name']
])('refuses %j', (env, message) => {
  const r = prepare(env);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(`::error::`);
  expect(r.stdout).toContain(message);
  expect(r.stdout).not.toContain('c2Vj'); // a secret line is never echoed
  expect(r.env).toBe('');
});

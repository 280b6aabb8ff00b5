// The python workers run the use-case's code: none of the job's credentials may reach them. Checked
// for real: a tool prints its environment and that of a subprocess it starts.
import path from 'node:path';
import { PythonWorkerPool } from '../../../src/engine/python/index.js';
import { isWithheldFromWorkers, workerEnvironment } from '../../../src/engine/python/worker-env.js';

const cwd = path.resolve(import.meta.dirname, '../../fixtures/python/env');

// What a runner sets for a JavaScript action step (values are fakes).
const JOB_CREDENTIALS = {
  'INPUT_GITHUB-TOKEN': 'ghs_input_token',
  INPUT_USE_CASE: 'use-cases/ner',
  ACTIONS_RUNTIME_TOKEN: 'runtime-token',
  ACTIONS_RESULTS_URL: 'https://results.example/',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'id-token-request',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example/',
  GITHUB_TOKEN: 'ghs_job_token',
  GH_TOKEN: 'ghs_cli_token'
};
const KEPT = { GITHUB_REPOSITORY: 'org/repo', GENAIOPS_WORKER_ENV_TEST: 'kept', aoai: '{"api_key":"k"}' };

let saved: NodeJS.ProcessEnv;
beforeAll(() => {
  saved = { ...process.env };
  Object.assign(process.env, JOB_CREDENTIALS, KEPT);
});
afterAll(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

test('a python tool and its subprocesses see none of the job’s credentials', async () => {
  const pool = new PythonWorkerPool({ size: 1, cwd, env: { GENAIOPS_EXTRA: 'given' } });
  try {
    const r = await pool.call({ file: 'print_env.py', args: {} });
    const out = r.output as { own: Record<string, string>; child: Record<string, string> };
    const printed = JSON.parse(r.logs.trim()) as Record<string, string>;
    for (const env of [printed, out.own, out.child]) {
      expect(Object.keys(env).filter((k) => k in JOB_CREDENTIALS)).toEqual([]);
      expect(Object.values(env).filter((v) => Object.values(JOB_CREDENTIALS).includes(v))).toEqual([]);
      expect(env).toMatchObject({ ...KEPT, GENAIOPS_EXTRA: 'given' });
      expect(env.HOME).toBe(process.env.HOME); // (PATH: pyenv's shim prepends its own)
    }
  } finally {
    await pool.close();
  }
});

test.each([
  ['INPUT_X', true],
  ['input_github-token', true],
  ['ACTIONS_CACHE_URL', true],
  ['actions_id_token_request_url', true],
  ['GITHUB_TOKEN', true],
  ['GH_TOKEN', true],
  ['GITHUB_TOKEN_FILE', false],
  ['GITHUB_REPOSITORY', false],
  ['MY_INPUT_X', false],
  ['RUNNER_TEMP', false]
])('%s withheld: %s', (name, withheld) => expect(isWithheldFromWorkers(name)).toBe(withheld));

test('what the engine passes explicitly wins over the parent environment', () => {
  expect(workerEnvironment({ A: '1', B: '2', INPUT_A: 'x' }, { B: '3' })).toEqual({ A: '1', B: '3' });
});

// The preflight job of genaiops-pr.yml decides whether the model runs can happen. Its script is
// taken from the workflow and run with bash, with the values its env: expressions would give.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadWorkflow, steps } from './helpers.js';

const job = loadWorkflow('.github/workflows/genaiops-pr.yml').doc.jobs.preflight;
const step = steps(job).find((s) => s.id === 'check')!;

test('the step reads exactly these values', () => {
  expect(Object.keys(step.env)).toEqual(['HAS_SECRETS', 'HEAD_REPOSITORY', 'REPOSITORY', 'ACTOR']);
  expect(step.env.HAS_SECRETS).toContain('secrets.GENAIOPS_SECRETS');
  expect(step.env.HAS_SECRETS).toContain('secrets.AZURE_CLIENT_ID');
  expect(job.outputs['run-models']).toBe('${{ steps.check.outputs.run-models }}');
});

function preflight(env: Record<string, string>) {
  const output = path.join(mkdtempSync(path.join(os.tmpdir(), 'preflight-')), 'output');
  writeFileSync(output, '');
  const r = spawnSync('bash', ['-e', '-c', step.run], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: output, REPOSITORY: 'octo/app', ...env }
  });
  expect(r.status).toBe(0);
  return { output: readFileSync(output, 'utf8'), stdout: r.stdout };
}

test.each([
  [
    'secrets present, fork',
    { HAS_SECRETS: 'true', HEAD_REPOSITORY: 'mallory/app', ACTOR: 'mallory' },
    'true'
  ],
  ['no secrets, a fork', { HAS_SECRETS: 'false', HEAD_REPOSITORY: 'mallory/app', ACTOR: 'mallory' }, 'false'],
  [
    'no secrets, Dependabot',
    { HAS_SECRETS: 'false', HEAD_REPOSITORY: 'octo/app', ACTOR: 'dependabot[bot]' },
    'false'
  ],
  [
    'no secrets, this repository',
    { HAS_SECRETS: 'false', HEAD_REPOSITORY: 'octo/app', ACTOR: 'octocat' },
    'true'
  ],
  [
    'no secrets, a push (no pull request)',
    { HAS_SECRETS: 'false', HEAD_REPOSITORY: '', ACTOR: 'octocat' },
    'true'
  ]
])('%s → run-models=%s', (_n, env, expected) => {
  const r = preflight(env);
  expect(r.output).toBe(`run-models=${expected}\n`);
  if (expected === 'false')
    expect(r.stdout).toMatch(/^::notice title=Model runs skipped::.*fork or from Dependabot/m);
  else expect(r.stdout).toBe('');
});

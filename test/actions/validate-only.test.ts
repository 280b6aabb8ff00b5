// action-experiment with validate-only, from the bundle: what the PR workflow's validate job runs for
// a pull request without secrets (fork, Dependabot). No connection is given and no model is called.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, runAction } from '../helpers/run-action.js';

const UC = 'use-cases/ticket_classification';
let ws: string;
beforeAll(() => {
  ws = mkdtempSync(path.join(os.tmpdir(), 'validate-only-'));
  cpSync(path.join(repoRoot, UC), path.join(ws, UC), { recursive: true });
});

test('a valid use-case: the plan, a summary line, no run and no manifest', async () => {
  const r = await runAction(
    'action-experiment',
    { 'use-case': UC, env: 'pr', 'validate-only': 'true' },
    { cwd: ws }
  );
  expect(r.stdout).not.toContain('::error');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.outputs.plan).experiments.length).toBeGreaterThan(0);
  expect(r.outputs['run-manifest']).toBeUndefined();
  expect(r.summary).toContain('the config and every flow are valid (no run)');
});

test('a broken config: the step fails with the file and what is wrong, no stack trace', async () => {
  const file = path.join(ws, UC, 'llmops_config.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  config.flow = 'flows/no-such-flow';
  writeFileSync(file, JSON.stringify(config, null, 2));
  const r = await runAction(
    'action-experiment',
    { 'use-case': UC, env: 'pr', 'validate-only': 'true' },
    { cwd: ws }
  );
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/::error.*no-such-flow/);
  expect(r.stdout).not.toMatch(/\n\s+at /);
});

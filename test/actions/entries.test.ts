// Every action's entry (runs.main of its action.yml) over the one shared bundle in dist/: it exists,
// runs on node24, and a missing required input is a user's mistake (exit 1, no stack trace).
// The stage actions take a use-case; the internal action-changed (test/actions/changed.test.ts) does not.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { actionEntry, repoRoot, runAction } from '../helpers/run-action.js';

const actions = readdirSync(repoRoot).filter((d) => d.startsWith('action-'));

test.each(actions)('%s: action.yml runs a small entry over the shared dist/ on node24', (action) => {
  const manifest = parse(readFileSync(path.join(repoRoot, action, 'action.yml'), 'utf8'));
  expect(manifest.runs.using).toBe('node24');
  const entry = actionEntry(action);
  expect(path.dirname(entry)).toBe(path.join(repoRoot, 'dist'));
  expect(existsSync(entry)).toBe(true);
  expect(readFileSync(entry, 'utf8')).toContain("import './index.js'");
});

const stageActions = actions.filter(
  (a) => 'use-case' in (parse(readFileSync(path.join(repoRoot, a, 'action.yml'), 'utf8')).inputs ?? {})
);

test('the five stage actions take a use-case', () => {
  expect(stageActions).toHaveLength(5);
});

test.each(stageActions)(
  '%s: a missing use-case input fails the step with a clear message',
  async (action) => {
    const r = await runAction(action, { env: 'pr' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::input "use-case" is required');
    expect(r.stdout).not.toContain('internal error');
    expect(r.stdout).not.toMatch(/\n\s+at /);
  }
);

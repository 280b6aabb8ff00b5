// The internal action-changed, run from the bundle as the runner runs it (INPUT_* variables, the
// event file), on a real git repository: what genaiops-changed.yml does instead of npm ci + the CLI.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAction } from '../helpers/run-action.js';

let repo: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
const write = (file: string, text = 'x\n') => {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), text);
};
const commit = (message: string) => {
  git('add', '-A');
  git('commit', '-q', '-m', message);
  return git('rev-parse', 'HEAD');
};
const changed = (inputs: Record<string, string>, eventName = 'workflow_dispatch', event: object = {}) =>
  runAction('action-changed', inputs, { cwd: repo, env: { GITHUB_EVENT_NAME: eventName }, event });
const useCases = (r: { outputs: Record<string, string> }) => JSON.parse(r.outputs['use-cases']) as string[];

let first: string;
let second: string;
beforeAll(() => {
  repo = mkdtempSync(path.join(os.tmpdir(), 'action-changed-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  git('config', 'commit.gpgsign', 'false');
  for (const uc of ['a', 'b']) {
    write(`use-cases/${uc}/llmops_config.json`, '{}\n');
    write(`use-cases/${uc}/flows/flow.dag.yaml`);
  }
  write('docs/guide.md');
  first = commit('first');
  write('use-cases/b/flows/flow.dag.yaml', 'changed\n');
  write('docs/guide.md', 'changed\n');
  second = commit('change b and the docs');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

test('a pull request: compared with its base from the event file, output and job summary', async () => {
  const r = await changed({}, 'pull_request', { pull_request: { base: { sha: first } } });
  expect(r.code).toBe(0);
  expect(useCases(r)).toEqual(['use-cases/b']);
  expect(r.summary).toContain('### Use-cases to run');
  expect(r.summary).toContain('["use-cases/b"]');
});

test('a merge queue group and pull_request_target: compared with their base', async () => {
  expect(useCases(await changed({}, 'merge_group', { merge_group: { base_sha: first } }))).toEqual([
    'use-cases/b'
  ]);
  expect(
    useCases(await changed({}, 'pull_request_target', { pull_request: { base: { sha: first } } }))
  ).toEqual(['use-cases/b']);
});

test('a push: compared with the commit before it; a new branch (all zeros) selects every use-case', async () => {
  expect(useCases(await changed({}, 'push', { before: first }))).toEqual(['use-cases/b']);
  const r = await changed({}, 'push', { before: '0'.repeat(40) });
  expect(useCases(r)).toEqual(['use-cases/a', 'use-cases/b']);
  expect(r.stdout).toMatch(/::warning::no base commit to compare with: selecting every use-case/);
});

test('inputs: base over the event, multi-line shared globs and roots, all', async () => {
  const event = { before: second };
  expect(useCases(await changed({ base: first }, 'push', event))).toEqual(['use-cases/b']);
  // docs/guide.md counts as shared code once the globs say so
  expect(useCases(await changed({ base: first, shared: 'docs/**\n!nothing' }))).toEqual([
    'use-cases/a',
    'use-cases/b'
  ]);
  expect(useCases(await changed({ all: 'true', root: 'use-cases/a\nelsewhere' }))).toEqual(['use-cases/a']);
  expect(useCases(await changed({}))).toEqual(['use-cases/a', 'use-cases/b']); // a manual run
});

test('a head the repository does not have, or a bad boolean: the step fails with a clear message', async () => {
  const r = await changed({ head: 'no-such-rev' });
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/::error::git ls-tree no-such-rev failed/);
  expect(r.stdout).not.toMatch(/\n\s+at /);
  const b = await changed({ all: 'maybe' });
  expect(b.code).toBe(1);
  expect(b.stdout).toContain('::error::input "all": expected true or false, found "maybe"');
});

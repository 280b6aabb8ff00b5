// The GitHub Enterprise Server variants (genaiops-<x>-ghes.yml): written by scripts/ghes-workflows.mjs
// from the github.com files, and their scripts run for real in bash against a git checkout: the
// actions-sha check, the tree record, and the check before each `uses: ./.genaiops-actions/…`.
// (The structural rules are the ghes-fallback rule of audit.ts.)
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ACTIONS_DIR, isGhesVariant, jobsOf, loadAll, repoRoot, steps, type Yaml } from './helpers.js';

const variants = loadAll().filter((w) => isGhesVariant(w.file));

test('every reusable workflow that uses our actions has its GHES variant, as the script writes it', () => {
  expect(variants.map((w) => path.basename(w.file)).sort()).toEqual([
    'genaiops-changed-ghes.yml',
    'genaiops-dev-ghes.yml',
    'genaiops-monitor-ghes.yml',
    'genaiops-pr-ghes.yml',
    'genaiops-prod-ghes.yml'
  ]);
  const r = spawnSync(process.execPath, ['scripts/ghes-workflows.mjs', '--check'], {
    cwd: repoRoot,
    encoding: 'utf8'
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('each variant is its github.com file with our actions from the checkout: same jobs, same step ids', () => {
  for (const w of variants) {
    const source = loadAll().find((f) => f.file === w.file.replace('-ghes.yml', '.yml'))!;
    expect(jobsOf(w).map(([id]) => id)).toEqual(jobsOf(source).map(([id]) => id));
    for (const [id, job] of jobsOf(source)) {
      const ids = (j: Yaml) =>
        steps(j)
          .map((s) => s.id)
          .filter((x) => x && !['actions-ref', 'app-token', 'actions-tree'].includes(x));
      expect(ids(w.doc.jobs[id])).toEqual(ids(job));
    }
    expect(w.text).not.toMatch(/^\s*(- )?uses: \$\//m);
  }
});

// The scripts, taken from the generated file, run as the runner runs them (bash -e, env, cwd).
const pr = variants.find((w) => w.file.endsWith('genaiops-pr-ghes.yml'))!;
const evaluate = steps(pr.doc.jobs.evaluate);
const refStep = evaluate.find((s) => s.id === 'actions-ref')!;
const recordStep = evaluate.find((s) => s.id === 'actions-tree')!;
const checkStep = evaluate.find((s) => s.id === undefined && s['working-directory'] === ACTIONS_DIR)!;

let ws: string;
let sha: string;
const dir = () => path.join(ws, ACTIONS_DIR);
function bash(step: Yaml, env: Record<string, string>) {
  const out = path.join(ws, 'output');
  writeFileSync(out, '');
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', String(step.run)], {
    cwd: step['working-directory'] ? path.join(ws, step['working-directory']) : ws,
    env: { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: out, ...env },
    encoding: 'utf8'
  });
  const outputs = Object.fromEntries(
    readFileSync(out, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])
  );
  return { code: r.status, stdout: r.stdout, outputs };
}

beforeAll(() => {
  ws = mkdtempSync(path.join(os.tmpdir(), 'ghes-'));
  mkdirSync(path.join(dir(), 'dist'), { recursive: true });
  mkdirSync(path.join(dir(), 'action-experiment'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir(), encoding: 'utf8' }).trim();
  git('init', '-q');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  git('config', 'commit.gpgsign', 'false');
  writeFileSync(path.join(dir(), 'dist/index.js'), 'console.log("ours")\n');
  writeFileSync(
    path.join(dir(), 'action-experiment/action.yml'),
    "runs: { using: node24, main: '../dist/experiment.js' }\n"
  );
  git('add', '-A');
  git('commit', '-q', '-m', 'ours');
  sha = git('rev-parse', 'HEAD');
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('actions-sha and actions-repository', () => {
  const job = (o: object) => JSON.stringify({ status: 'success', ...o });
  test('40 hex and a repository: the outputs the checkout uses', () => {
    const r = bash(refStep, {
      ACTIONS_SHA: sha,
      ACTIONS_REPOSITORY: '',
      JOB_CONTEXT: job({ workflow_repository: 'acme/genaiops-actions' }),
      HAS_APP: 'false'
    });
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({
      repository: 'acme/genaiops-actions',
      owner: 'acme',
      name: 'genaiops-actions',
      app: 'false'
    });
  });
  test.each([
    ['a tag', () => 'v1', /input actions-sha: expected the 40-hex commit .* found 'v1'/],
    ['a short sha', () => sha.slice(0, 12), /expected the 40-hex commit/],
    ['upper case', () => sha.toUpperCase(), /expected the 40-hex commit/]
  ])('%s: refused with a clear message', (_n, value, message) => {
    const r = bash(refStep, {
      ACTIONS_SHA: value(),
      ACTIONS_REPOSITORY: 'acme/x',
      JOB_CONTEXT: job({}),
      HAS_APP: 'false'
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error title=GenAIOps actions::/);
    expect(r.stdout).toMatch(message);
  });
  test('another commit than the one the workflow runs at, or no repository: refused', () => {
    const other = bash(refStep, {
      ACTIONS_SHA: sha,
      ACTIONS_REPOSITORY: 'acme/x',
      JOB_CONTEXT: job({ workflow_sha: 'f'.repeat(40) }),
      HAS_APP: 'false'
    });
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/but this workflow runs at f{40}/);
    const none = bash(refStep, {
      ACTIONS_SHA: sha,
      ACTIONS_REPOSITORY: '',
      JOB_CONTEXT: job({}),
      HAS_APP: 'false'
    });
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/input actions-repository: expected owner\/name/);
  });
});

describe('the tree check before each use', () => {
  let tree: string;
  const check = () => bash(checkStep, { ACTIONS_SHA: sha, ACTIONS_TREE: tree });
  const restore = () => execFileSync('git', ['checkout', '-q', '.'], { cwd: dir() });

  beforeAll(() => {
    const r = bash(recordStep, { ACTIONS_SHA: sha });
    expect(r.code).toBe(0);
    tree = r.outputs.tree;
    expect(tree).toMatch(/^[0-9a-f]{64}$/);
  });

  test('unchanged: passes', () => expect(check().code).toBe(0));

  test('a rewritten file, an added file (even one git ignores) or a moved HEAD: refused', () => {
    appendFileSync(path.join(dir(), 'dist/index.js'), 'steal()\n');
    let r = check();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /::error title=GenAIOps actions changed::an earlier step of this job changed \.genaiops-actions/
    );
    restore();
    expect(check().code).toBe(0);

    writeFileSync(path.join(dir(), '.git/info/exclude'), 'dist/extra.js\n');
    writeFileSync(path.join(dir(), 'dist/extra.js'), 'x\n');
    expect(check().code).toBe(1);
    rmSync(path.join(dir(), 'dist/extra.js'));
    expect(check().code).toBe(0);

    // a rewrite committed into the checkout's own git: status is clean, HEAD and the tree are not
    appendFileSync(path.join(dir(), 'dist/index.js'), 'steal()\n');
    execFileSync('git', ['commit', '-q', '-am', 'evil'], { cwd: dir() });
    r = check();
    expect(r.code).toBe(1);
    execFileSync('git', ['reset', '-q', '--hard', sha], { cwd: dir() });
    expect(check().code).toBe(0);
  });

  test('the record refuses a checkout that is not at actions-sha', () => {
    const r = bash(recordStep, { ACTIONS_SHA: 'a'.repeat(40) });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`::error::${ACTIONS_DIR} is not at ${'a'.repeat(40)}`);
  });
});

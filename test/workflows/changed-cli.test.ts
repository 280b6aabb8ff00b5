// `genaiops changed` on a real git repository: the code that action-changed (genaiops-changed.yml) runs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryReporter } from '@genaiops/core/testing';
import { run } from '../../packages/cli/src/main.js';

describe('genaiops changed (git)', () => {
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
  async function changed(...args: string[]) {
    const reporter = new MemoryReporter();
    let stdout = '';
    const original = process.stdout.write;
    const cwd = process.cwd();
    process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
    process.chdir(repo);
    try {
      const code = await run(['changed', ...args], reporter);
      return { code, result: code === 0 ? (JSON.parse(stdout) as string[]) : undefined, reporter };
    } finally {
      process.chdir(cwd);
      process.stdout.write = original;
    }
  }

  let first: string;
  beforeAll(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'changed-'));
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    git('config', 'commit.gpgsign', 'false');
    for (const uc of ['a', 'b', 'c']) {
      write(`use-cases/${uc}/llmops_config.json`, '{}\n');
      write(`use-cases/${uc}/flows/standard/flow.dag.yaml`);
    }
    write('docs/guide.md');
    write('shared/lib.py');
    first = commit('first');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  test('one use-case, then shared code, then docs, then a deleted and a renamed use-case', async () => {
    write('use-cases/b/flows/standard/flow.dag.yaml', 'changed\n');
    const second = commit('change b');
    expect((await changed('--base', first, '--head', second)).result).toEqual(['use-cases/b']);

    write('shared/lib.py', 'changed\n');
    const third = commit('shared');
    expect((await changed('--base', second, '--head', third)).result).toEqual([
      'use-cases/a',
      'use-cases/b',
      'use-cases/c'
    ]);
    expect((await changed('--base', second, '--head', third, '--shared', 'lib/**')).result).toEqual([]);

    write('docs/guide.md', 'changed\n');
    const fourth = commit('docs');
    expect((await changed('--base', third, '--head', fourth)).result).toEqual([]);

    git('rm', '-q', '-r', 'use-cases/a');
    git('mv', 'use-cases/c', 'use-cases/d');
    const fifth = commit('delete a, rename c to d');
    expect((await changed('--base', fourth, '--head', fifth)).result).toEqual(['use-cases/d']);
  });

  test('no base, an all-zero base (a new branch) or an unknown commit: every use-case, with a warning', async () => {
    for (const base of [[], ['--base', '0000000000000000000000000000000000000000'], ['--base', 'deadbeef']]) {
      const r = await changed(...base);
      expect(r.code).toBe(0);
      expect(r.result).toEqual(['use-cases/b', 'use-cases/d']);
      expect(r.reporter.warnings.join('\n')).toMatch(/every use-case/);
    }
  });

  test('--all and --root', async () => {
    expect((await changed('--all')).result).toEqual(['use-cases/b', 'use-cases/d']);
    expect((await changed('--all', '--root', 'elsewhere')).result).toEqual([]);
  });

  test('the default base is compared with HEAD (three dots: the changes on head since they diverged)', async () => {
    git('checkout', '-q', '-b', 'feature');
    write('use-cases/b/data.jsonl');
    commit('feature change');
    git('checkout', '-q', 'main');
    write('use-cases/d/data.jsonl');
    commit('main moved on');
    git('checkout', '-q', 'feature');
    expect((await changed('--base', 'main')).result).toEqual(['use-cases/b']);
  });

  test('a head this repository does not have: a user error', async () => {
    const r = await changed('--head', 'no-such-rev');
    expect(r.code).toBe(1);
    expect(r.reporter.errors.join('\n')).toMatch(/git ls-tree no-such-rev failed/);
  });
});

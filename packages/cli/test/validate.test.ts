import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { MemoryReporter } from '@genaiops/core/testing';
import { run } from '../src/main.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const samples = ['ticket_classification', 'named_entity_recognition', 'math_coding'];

async function cli(args: string[]) {
  const reporter = new MemoryReporter();
  let stdout = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  try {
    const code = await run(args, reporter);
    return { code, stdout, errors: reporter.errors };
  } finally {
    process.stdout.write = write;
  }
}

test.each(samples)('validate prints the plan of every environment of %s', async (name) => {
  const { code, stdout } = await cli(['validate', path.join(repo, 'use-cases', name)]);
  expect(code).toBe(0);
  for (const env of ['pr', 'dev', 'prod']) expect(stdout).toContain(` · env ${env} · `);
});

test('validate --json with one environment and a backend override', async () => {
  const { code, stdout } = await cli([
    'validate',
    path.join(repo, 'use-cases/math_coding'),
    '--env',
    'dev',
    '--backend',
    'local',
    '--json'
  ]);
  expect(code).toBe(0);
  const [plan] = JSON.parse(stdout);
  expect(plan.backend).toBe('local');
  // all-combinations over two variant nodes of two variants each.
  expect(plan.experiments).toHaveLength(4);
  expect(plan.evaluations).toHaveLength(4);
});

test('user errors exit 1 with the message; usage errors exit 1', async () => {
  const missing = await cli(['validate', path.join(repo, 'use-cases/nope')]);
  expect(missing.code).toBe(1);
  expect(missing.errors[0]).toMatch(/use-case folder not found/);
  expect((await cli(['validate'])).code).toBe(1);
  expect((await cli(['validate', 'x', '--backend', 'cloud'])).code).toBe(1);
  expect((await cli(['--help'])).code).toBe(0);
});

test('migrate --dry-run prints the current form of the legacy sample', async () => {
  const { code, stdout } = await cli([
    'migrate',
    path.join(repo, 'use-cases/named_entity_recognition'),
    '--dry-run'
  ]);
  expect(code).toBe(0);
  const config = JSON.parse(stdout);
  expect(config.$schema).toBe('../../schemas/llmops_config.schema.json');
  expect(Object.keys(config.environments)).toEqual(['pr', 'dev', 'prod']);
  expect(config.environments.prod.deployment.target).toBe('kubernetes');
});

test('the installed bin exits 1 on a user error, without a stack trace', () => {
  const r = spawnSync(
    process.execPath,
    [
      path.join(repo, 'packages/cli/bin/genaiops.js'),
      'validate',
      'use-cases/ticket_classification',
      '--env',
      'qa'
    ],
    { cwd: repo, encoding: 'utf8' }
  );
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('unknown environment "qa"');
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

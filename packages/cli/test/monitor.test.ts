/**
 * `genaiops monitor` on the template's NER use-case (migrated, a gate added): exit 0 while the gate
 * holds, exit 1 with the metric, the gate and how far it moved once it breaks.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateUseCase } from '@genaiops/core';
import { MemoryReporter } from '@genaiops/core/testing';
import { startStubLlm, type StubLlm } from '@genaiops/testkit';
import { run } from '../src/main.js';

const fixture = path.resolve(
  import.meta.dirname,
  '../../core/test/fixtures/llmops-promptflow-template/named_entity_recognition'
);
let score = '1.0';
let stub: StubLlm;
let ws: string;
const cwd = process.cwd();
const saved = process.env.aoai;

beforeAll(async () => {
  stub = await startStubLlm({ rules: [{ match: /Text: /, reply: () => score }] });
  process.env.aoai = stub.connectionJson('azure');
  ws = mkdtempSync(path.join(os.tmpdir(), 'cli-monitor-'));
  const dir = path.join(ws, 'use-cases/named_entity_recognition');
  mkdirSync(path.dirname(dir));
  cpSync(fixture, dir, { recursive: true });
  migrateUseCase(dir, { environ: {} });
  const file = path.join(dir, 'llmops_config.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  config.environments.postprodeval.monitor.evaluators[0].gates = { average_score: { min: 0.8 } };
  writeFileSync(file, JSON.stringify(config, null, 2));
  process.chdir(ws);
});
afterAll(async () => {
  process.chdir(cwd);
  if (saved === undefined) delete process.env.aoai;
  else process.env.aoai = saved;
  await stub.stop();
});

async function monitor(buildId: string) {
  const reporter = new MemoryReporter();
  let stdout = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  try {
    const args = ['monitor', 'use-cases/named_entity_recognition', '--env', 'postprodeval'];
    const code = await run([...args, '--backend', 'local', '--build-id', buildId], reporter);
    return { code, stdout, errors: reporter.errors.join('\n'), lines: reporter.lines.join('\n') };
  } finally {
    process.stdout.write = write;
  }
}

test('exit 0 while the gate holds; exit 1 saying which metric moved and by how much', async () => {
  const ok = await monitor('c1');
  expect(ok.errors).toBe('');
  expect(ok.code).toBe(0);
  expect(ok.stdout).toContain(
    'post-production-evaluation on named_entity_recognition_pp_eval: average_score=1'
  );
  // each gate once: the stage's line, not again on stdout
  expect(ok.lines).toContain('gate passed: average_score = 1 meets min 0.8');
  expect(ok.stdout).not.toContain('meets min 0.8');

  score = '0.5';
  const breached = await monitor('c2');
  expect(breached.code).toBe(1);
  expect(breached.errors).toContain(
    'average_score = 0.5 is below the gate min 0.8 (evaluator post-production-evaluation'
  );
  expect(breached.errors).toContain('it moved -0.5 since the previous monitor run (build c1: 1)');
  expect(breached.errors.match(/is below the gate min 0\.8/g)).toHaveLength(1);
  expect(breached.stdout).toContain('average_score=0.5 (previous 1)');
});

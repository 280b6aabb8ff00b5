import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initUseCase, validateUseCase } from '@genaiops/core';
import { MemoryReporter } from '@genaiops/core/testing';
import { pipeline } from '../src/commands/pipeline.js';
import { run } from '../src/main.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const environ = { PATH: process.env.PATH, HOME: process.env.HOME };
let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'init-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

test('a use-case made by init validates and passes pipeline on the mock provider (gate green, deployed, smoke-tested)', async () => {
  const folder = path.join(cwd, 'use-cases', 'call_summary');
  const made = initUseCase({ folder });
  expect(made.files).toEqual(
    expect.arrayContaining([
      'llmops_config.json',
      'flows/standard/flow.dag.yaml',
      'flows/evaluation/aggregate.py',
      'data/data.jsonl',
      'sample-request.json',
      'tests/test_evaluation.py'
    ])
  );
  const plans = await validateUseCase(folder, { cwd, environ });
  expect(plans.map((p) => [p.env, p.experiments.length, p.deployment?.target])).toEqual([
    ['pr', 2, undefined],
    ['dev', 2, 'local']
  ]);

  const reporter = new MemoryReporter();
  const { passed } = await pipeline(
    { useCases: [folder], env: 'pr', deployEnv: 'dev', cwd, environ, mock: true },
    reporter
  );
  expect(reporter.errors).toEqual([]);
  expect(passed).toBe(true);
  const lines = reporter.lines.join('\n');
  expect(lines).toMatch(/gate passed: .*f1_score/);
  expect(lines).toMatch(/smoke test passed/);
  const summary = readFileSync(path.join(cwd, 'reports/call_summary/pr/summary.md'), 'utf8');
  expect(summary).toMatch(/MOCK PROVIDER/);
}, 180_000);

test('init --from wraps an existing prompt flow; it validates', async () => {
  const folder = path.join(cwd, 'tickets');
  const made = initUseCase({
    folder,
    from: path.join(repo, 'use-cases/ticket_classification/flows/standard'),
    envs: ['pr']
  });
  expect(existsSync(path.join(folder, 'flows/standard/classify_v0.jinja2'))).toBe(true);
  const config = JSON.parse(readFileSync(path.join(folder, 'llmops_config.json'), 'utf8'));
  expect(config.datasets.data.mappings).toEqual({ ticket: '${data.ticket}' });
  expect(config.evaluators[0].mappings.answer).toBe('${run.outputs.category}');
  expect(made.notes.join('\n')).toMatch(/placeholder lines/);
  await expect(validateUseCase(folder, { cwd, environ })).resolves.toHaveLength(1);
});

test('init refuses a non-empty folder and unknown kinds, with exit 1', async () => {
  const reporter = new MemoryReporter();
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    expect(await run(['init', path.join(repo, 'use-cases/ticket_classification')], reporter)).toBe(1);
    expect(await run(['init', path.join(cwd, 'x'), '--evaluator', 'bleu'], reporter)).toBe(1);
    expect(await run(['init', path.join(cwd, 'y'), '--flow', 'flex'], reporter)).toBe(1);
  } finally {
    process.stdout.write = write;
  }
  expect(reporter.errors.join('\n')).toMatch(/exists and is not empty/);
  expect(reporter.errors.join('\n')).toMatch(/--evaluator bleu: expected one of f1, exact, llm-judge/);
  expect(reporter.errors.join('\n')).toMatch(/--flow flex: .*--from/);
});

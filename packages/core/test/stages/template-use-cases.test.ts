/**
 * The template's NER and math use-cases as published (fixtures/llmops-promptflow-template): experiment
 * and evaluate complete on the local backend, the stub LLM standing in for the model.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoRules, startStubLlm, type StubLlm, type StubRule } from '@genaiops/testkit';
import { loadUseCase } from '../../src/config/load.js';
import { evaluate } from '../../src/stages/evaluate.js';
import { experiment } from '../../src/stages/experiment.js';
import { RecordingReporter } from './helpers.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/llmops-promptflow-template');

/** The math model: the code that prints the line's answer, as JSON the flow's code_refine reads. */
function mathRules(): StubRule[] {
  const answers = readFileSync(path.join(fixtures, 'math_coding/data/math_data.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { question: string; answer: string });
  const find = (text: string) =>
    answers.filter((a) => text.includes(a.question)).sort((a, b) => b.question.length - a.question.length)[0];
  return [
    {
      match: (c) => find(c.text) !== undefined,
      reply: (c) => JSON.stringify({ code: `print(${JSON.stringify(find(c.text)!.answer)})` })
    }
  ];
}

let stub: StubLlm;
beforeAll(async () => {
  const ner = loadUseCase(path.join(fixtures, 'named_entity_recognition'), { environ: {} });
  stub = await startStubLlm({ rules: [...mathRules(), ...demoRules(ner, 1)] });
});
afterAll(() => stub.stop());

test.each([
  ['named_entity_recognition', 'evaluation', 'exact_match_rate'],
  ['math_coding', 'math_evaluation_flow', 'accuracy']
])('%s: experiment + evaluate on dev, local backend', async (uc, evaluator, metric) => {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'template-run-'));
  mkdirSync(path.join(ws, 'use-cases'));
  cpSync(path.join(fixtures, uc), path.join(ws, 'use-cases', uc), { recursive: true });
  const opts = {
    useCase: `use-cases/${uc}`,
    env: 'dev',
    backend: 'local' as const,
    cwd: ws,
    buildId: 't1',
    environ: { ...process.env, aoai: stub.connectionJson('azure') }
  };
  const exp = await experiment(opts, new RecordingReporter());
  expect(exp.runs.every((r) => r.status === 'Completed')).toBe(true);
  const result = await evaluate(opts, new RecordingReporter());
  expect(result.failedRuns).toEqual([]);
  expect(result.rows.map((r) => r.evaluator)).toEqual([evaluator]);
  // the stub answers every line right: the evaluation flow's own metric says so
  expect(result.rows[0].metrics[metric]).toBe(1);
});

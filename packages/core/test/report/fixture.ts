import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReportInput } from '../../src/report/types.js';

export const tempDir = (prefix = 'genaiops-report-') => mkdtempSync(path.join(os.tmpdir(), prefix));

export function writeJsonl(file: string, rows: object[]): string {
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

/** Two variants of one node evaluated by one evaluator, with a baseline, a gate and line files. */
export function sampleInput(dir: string): ReportInput {
  const inputs = writeJsonl(path.join(dir, 'inputs.jsonl'), [
    { line_number: 0, text: 'Hello, <b>world</b>', entity_type: 'greeting' },
    { line_number: 1, text: 'He said "hi"\nand left', entity_type: 'person' },
    { line_number: 2, text: '=HYPERLINK("http://evil.example","x")', entity_type: 'formula' }
  ]);
  const outputs = writeJsonl(path.join(dir, 'outputs.jsonl'), [
    { line_number: 0, entities: ['<b>world</b>'], meta: { score: 1 } },
    // line 1 failed: no outputs
    { line_number: 2, entities: [], meta: null }
  ]);
  const evalOutputs = writeJsonl(path.join(dir, 'eval-outputs.jsonl'), [
    { line_number: 0, exact_match: 1 },
    { line_number: 1, exact_match: 0 },
    { line_number: 2, exact_match: 1 }
  ]);
  return {
    useCase: 'named_entity_recognition',
    env: 'pr',
    buildId: '42',
    backend: 'local',
    generatedAt: '2025-01-02T03:04:05.000Z',
    rows: [
      {
        evaluator: 'match',
        dataset: 'ner_eval',
        experimentRun: 'exp_defaults',
        evaluationRun: 'eval_defaults',
        variants: { extract: 'variant_0' },
        label: 'defaults',
        metrics: { exact_match_rate: 0.6, error_rate: 0.1, latency_ms: 900 },
        baseline: { exact_match_rate: 0.5, error_rate: 0.1 }
      },
      {
        evaluator: 'match',
        dataset: 'ner_eval',
        experimentRun: 'exp_v1',
        evaluationRun: 'eval_v1',
        variants: { extract: 'variant_1' },
        label: 'extract.variant_1',
        metrics: { exact_match_rate: 0.8, error_rate: 0.05, latency_ms: 1200 },
        baseline: { exact_match_rate: 0.5, error_rate: 0.1 }
      }
    ],
    gates: [
      {
        evaluator: 'match',
        metric: 'exact_match_rate',
        run: 'eval_defaults',
        label: 'defaults',
        value: 0.6,
        min: 0.7,
        passed: false,
        message: 'exact_match_rate 0.6 < min 0.7'
      },
      {
        evaluator: 'match',
        metric: 'exact_match_rate',
        run: 'eval_v1',
        label: 'extract.variant_1',
        value: 0.8,
        min: 0.7,
        passed: true,
        message: 'exact_match_rate 0.8 ≥ min 0.7'
      }
    ],
    lines: [
      {
        run: 'exp_defaults',
        label: 'defaults',
        dataset: 'ner_eval',
        kind: 'experiment',
        outputsFile: outputs,
        inputsFile: inputs
      },
      {
        run: 'eval_defaults',
        label: 'defaults',
        dataset: 'ner_eval',
        kind: 'evaluation',
        evaluator: 'match',
        outputsFile: evalOutputs
      }
    ]
  };
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LineResultsSource, MetricRow, ReportInput } from '../../packages/core/src/report/types.js';

/**
 * A report input with `lines` dataset lines and `variants` variants: long questions (clamped),
 * each variant right on a different, fixed share of lines (so they disagree on some), an
 * evaluation run per variant with a boolean line score and the ground truth from the data.
 */
export function largeComparisonInput(lines: number, variants: number): { input: ReportInput; dir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'genaiops-large-report-'));
  const write = (name: string, rows: object[]) => {
    const file = path.join(dir, name);
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return file;
  };
  const n = Array.from({ length: lines }, (_, i) => i);
  const question = (i: number) =>
    `Question ${i}: ` +
    'a train leaves the station and travels for a while at a steady speed; '.repeat(1 + (i % 4));
  const right = (v: number, i: number) => (i * 7 + v * 13) % (v + 3) !== 0;
  const sources: LineResultsSource[] = [];
  const rows: MetricRow[] = [];
  for (let v = 0; v < variants; v++) {
    const label = v === 0 ? 'defaults' : `generate_code.variant_${v}+explain.variant_${v}`;
    const exp = `math_coding_pr_math_pr_${label.replace(/[^A-Za-z0-9]/g, '_')}_build_1234567890`;
    const evalRun = `math_coding_pr_numeric_match_math_pr_eval_${label.replace(/[^A-Za-z0-9]/g, '_')}_build_1234567890`;
    sources.push({
      run: exp,
      label,
      dataset: 'math_pr',
      kind: 'experiment',
      inputsFile: write(
        `in-${v}.jsonl`,
        n.map((i) => ({ line_number: i, question: question(i) }))
      ),
      outputsFile: write(
        `out-${v}.jsonl`,
        n.map((i) => ({
          line_number: i,
          answer: right(v, i) ? i : i + 1,
          explanation: `Because ${question(i)}`
        }))
      )
    });
    sources.push({
      run: evalRun,
      label,
      dataset: 'math_pr',
      kind: 'evaluation',
      evaluator: 'numeric_match',
      experimentRun: exp,
      referenceInputs: ['groundtruth'],
      inputsFile: write(
        `eval-in-${v}.jsonl`,
        n.map((i) => ({ line_number: i, groundtruth: i, prediction: `${i}` }))
      ),
      outputsFile: write(
        `eval-out-${v}.jsonl`,
        n.map((i) => ({ line_number: i, correct: right(v, i) }))
      )
    });
    rows.push({
      evaluator: 'numeric_match',
      dataset: 'math_pr',
      experimentRun: exp,
      evaluationRun: evalRun,
      variants: { generate_code: `variant_${v}`, explain: `variant_${v}` },
      label,
      metrics: { accuracy: n.filter((i) => right(v, i)).length / lines }
    });
  }
  return {
    dir,
    input: {
      useCase: 'math_coding',
      env: 'pr',
      buildId: '1234567890',
      backend: 'local',
      generatedAt: '2026-01-01T00:00:00.000Z',
      rows,
      gates: [],
      lines: sources
    }
  };
}

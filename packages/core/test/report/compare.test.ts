import path from 'node:path';
import { buildComparisons } from '../../src/report/compare.js';
import type { LineResultsSource } from '../../src/report/types.js';
import { tempDir, writeJsonl } from './fixture.js';

/** Three variants over four lines, scored by one evaluator (`correct`, and `error` lower-is-better). */
function sources(dir: string): LineResultsSource[] {
  const out: LineResultsSource[] = [];
  const answers = [
    [1, 2, 3, 4], // v0
    [1, 2, 9, 4], // v1: wrong on line 2
    [1, 5, 9, undefined] // v2: wrong on 1 and 2, line 3 failed
  ];
  answers.forEach((a, v) => {
    const exp = `exp_v${v}`;
    out.push({
      run: exp,
      label: `v${v}`,
      dataset: 'd',
      kind: 'experiment',
      inputsFile: writeJsonl(
        path.join(dir, `in${v}.jsonl`),
        [0, 1, 2, 3].map((n) => ({ line_number: n, q: `q${n}` }))
      ),
      outputsFile: writeJsonl(
        path.join(dir, `out${v}.jsonl`),
        a.flatMap((x, n) => (x === undefined ? [] : [{ line_number: n, answer: x }]))
      )
    });
    out.push({
      run: `eval_v${v}`,
      label: `v${v}`,
      dataset: 'd',
      kind: 'evaluation',
      evaluator: 'm',
      experimentRun: exp,
      referenceInputs: ['truth'],
      inputsFile: writeJsonl(
        path.join(dir, `ein${v}.jsonl`),
        [0, 1, 2].map((n) => ({ line_number: n, truth: n + 1, prediction: a[n] }))
      ),
      outputsFile: writeJsonl(
        path.join(dir, `eout${v}.jsonl`),
        a.flatMap((x, n) => (x === undefined ? [] : [{ line_number: n, correct: x === n + 1, error: false }]))
      )
    });
  });
  return out;
}

test('rows per line, columns per variant: disagreements first, failures per variant, ground truth from the data', async () => {
  const [c] = await buildComparisons(sources(tempDir()));
  expect(c.dataset).toBe('d');
  expect(c.columns.map((x) => x.label)).toEqual(['v0', 'v1', 'v2']);
  // line 2: two variants wrong; line 1 and 3: one wrong / failed; line 0: all agree
  expect(c.lines.map((l) => [l.lineNumber, l.disagree])).toEqual([
    [2, true],
    [1, true],
    [3, true],
    [0, false]
  ]);
  expect(c.disagreeing).toBe(3);
  expect(c.failing).toEqual([0, 1, 3]);
  const line3 = c.lines.find((l) => l.lineNumber === 3)!;
  expect(line3.cells.map((x) => x.status)).toEqual(['completed', 'completed', 'failed']);
  const line2 = c.lines[0];
  expect(line2.truth).toEqual([{ key: 'truth', text: '3' }]);
  expect(line2.inputs).toEqual([{ key: 'q', text: 'q2' }]);
  expect(line2.cells[1].scores).toEqual([
    { evaluator: 'm', name: 'correct', text: 'false', fails: true },
    { evaluator: 'm', name: 'error', text: 'false', fails: false }
  ]);
});

test('a lower-is-better boolean score fails when true; a higher-is-better number when ≤ 0', async () => {
  const dir = tempDir();
  const s = sources(dir).slice(0, 2);
  writeJsonl(s[1].outputsFile, [
    { line_number: 0, correct: 1, error: true },
    { line_number: 1, correct: 0, error: false }
  ]);
  const [c] = await buildComparisons(s);
  const byLine = Object.fromEntries(c.lines.map((l) => [l.lineNumber, l.cells[0].fails]));
  expect(byLine).toEqual({ 0: true, 1: true, 2: false, 3: false });
});

test('reads at most maxLines per run and says so; long texts are cut', async () => {
  const dir = tempDir();
  const s = sources(dir);
  writeJsonl(s[0].outputsFile, [{ line_number: 0, answer: 'x'.repeat(50) }]);
  const [c] = await buildComparisons(s, { maxLines: 2, maxTextChars: 10 });
  expect(c.truncated).toBe(true);
  expect(c.lines.map((l) => l.lineNumber).sort()).toEqual([0, 1]);
  expect(c.lines.find((l) => l.lineNumber === 0)!.cells[0].outputs[0].text).toBe(
    'xxxxxxxxxx… (40 more characters)'
  );
});

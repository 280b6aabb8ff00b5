import { renderSummaryMarkdown } from '../../src/report/markdown.js';
import type { MetricRow, ReportInput } from '../../src/report/types.js';

const row = (label: string, avg_words: number): MetricRow => ({
  evaluator: 'length',
  dataset: 'calls',
  experimentRun: `exp_${label}`,
  evaluationRun: `eval_${label}`,
  variants: {},
  label,
  metrics: { avg_words }
});
const input = (extra: Partial<ReportInput> = {}): ReportInput => ({
  useCase: 'summaries',
  env: 'pr',
  backend: 'local',
  generatedAt: '2026-01-01T00:00:00Z',
  rows: [row('defaults', 40), row('summarize.short', 12)],
  gates: [],
  lines: [],
  ...extra
});
const starred = (md: string) => [...md.matchAll(/\| ([\w.]+) \| \*\*[\d.]+\*\* ★/g)].map((m) => m[1]);

test("the config's higherIsBetter decides the best variant; without it the guess from the name is stated", () => {
  const guessed = renderSummaryMarkdown(input());
  expect(starred(guessed)).toEqual(['defaults']);
  expect(guessed).toMatch(/Direction guessed from the name for avg\\_words: set "higherIsBetter"/);

  const configured = renderSummaryMarkdown(input({ higherIsBetter: { length: { avg_words: false } } }));
  expect(starred(configured)).toEqual(['summarize.short']);
  expect(configured).not.toMatch(/Direction guessed/);
});

test('on the mock provider no variant is starred and the summary says the metrics are not meaningful', () => {
  const md = renderSummaryMarkdown(input({ mock: ['aoai'] }));
  expect(starred(md)).toEqual([]);
  expect(md).toMatch(/MOCK PROVIDER: connection aoai .*not meaningful/);
});

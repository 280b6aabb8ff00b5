import { formatCost, priceOf, variantUsage } from '../../src/report/cost.js';
import { distinctShortNames, shortName } from '../../src/report/names.js';
import { UsageTally } from '../../src/engine/runs/usage.js';
import type { LineResult } from '../../src/engine/executor/types.js';

const pricing = {
  currency: 'EUR',
  models: { 'gpt-4o': { input: 2.5, output: 10 }, 'gpt-4o-mini': { input: 0.15, output: 0.6 } }
};

test('a model takes its own price, else the longest key it starts with, else "*"; unknown → no cost', () => {
  expect(priceOf('gpt-4o-mini-2024-07-18', pricing)).toEqual({ input: 0.15, output: 0.6 });
  expect(priceOf('gpt-4o-2024-08-06', pricing)).toEqual({ input: 2.5, output: 10 });
  expect(priceOf('llama', pricing)).toBeUndefined();
  expect(
    priceOf('llama', { ...pricing, models: { ...pricing.models, '*': { input: 1, output: 1 } } })
  ).toEqual({
    input: 1,
    output: 1
  });
});

const line = (n: number, ms: number, calls: [string, number, number, number][]): LineResult => ({
  lineNumber: n,
  status: 'Completed',
  inputs: {},
  outputs: {},
  durationMs: ms,
  nodes: calls.map(([model, p, c, l], i) => ({
    node: `n${i}`,
    status: 'Completed',
    durationMs: l,
    llm: { model, promptTokens: p, completionTokens: c, latencyMs: l }
  }))
});

test('usage summed from the lines’ LLM calls; p50/p95 by nearest rank; cost per model', () => {
  const tally = new UsageTally();
  for (let i = 0; i < 20; i++) tally.add(line(i, (i + 1) * 10, [['gpt-4o-mini', 1000, 200, i + 1]]));
  tally.add(line(20, 1000, [['gpt-4o', 2000, 100, 50]]));
  tally.add({ ...line(21, 5, [['gpt-4o', 1, 1, 1]]), status: 'Failed' }); // failed lines are not counted
  const s = tally.summary();
  expect(s).toMatchObject({ lines: 21, calls: 21, prompt_tokens: 22000, completion_tokens: 4100 });
  expect(s.by_model['gpt-4o']).toEqual({ calls: 1, prompt_tokens: 2000, completion_tokens: 100 });
  expect(s.line_duration_ms).toEqual({ p50: 110, p95: 200 });
  expect(s.llm_latency_ms).toEqual({ p50: 11, p95: 20 });
  const u = variantUsage(s, pricing);
  // 20000 × 0.15 + 4000 × 0.6 = 5400; 2000 × 2.5 + 100 × 10 = 6000 (per 1M tokens)
  expect(u.cost).toBeCloseTo(0.0114, 10);
  expect(formatCost(u.cost, u.currency)).toBe('0.0114 EUR');
  // gpt-4o-mini would take gpt-4o's price (a prefix); with only o1 priced both are unknown
  const unknown = variantUsage(s, { currency: 'USD', models: { o1: { input: 1, output: 1 } } });
  expect(unknown.unpriced).toEqual(['gpt-4o-mini', 'gpt-4o']);
  expect(unknown.cost).toBeUndefined();
  expect(variantUsage(s).cost).toBeUndefined();
});

test('names are shortened in the middle; names sharing a start and an end show what differs', () => {
  expect(shortName('abcdefghijklmnopqrstuvwxyz0123456789', 11)).toBe('abcde…56789');
  expect(shortName('short')).toBe('short');
  expect(
    distinctShortNames([
      'uc_pr_eval_defaults_20260101',
      'uc_pr_eval_classify_variant_1_20260101',
      'uc_pr_eval_classify_variant_2_20260101'
    ])
  ).toEqual(['…defaults…', '…classify_variant_1…', '…classify_variant_2…']);
});

import type { LineResult } from '../../src/engine/executor/types.js';
import { UsageTally } from '../../src/engine/runs/usage.js';
import { variantUsage } from '../../src/report/cost.js';
import { metricsCsv } from '../../src/report/csv.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderCommentMarkdown, renderSummaryMarkdown } from '../../src/report/markdown.js';
import { reportSummaryBlocks } from '../../src/report/summary-blocks.js';
import { sampleInput, tempDir } from './fixture.js';

/** A completed line whose llm nodes' calls were (true) or were not (false) answered by the cache. */
const line = (n: number, cached: boolean[]): LineResult => ({
  lineNumber: n,
  status: 'Completed',
  inputs: {},
  outputs: {},
  durationMs: 10,
  nodes: cached.map((c, i) => ({
    node: `n${i}`,
    status: 'Completed',
    durationMs: 5,
    llm: {
      model: 'gpt-4o',
      promptTokens: 100,
      completionTokens: 10,
      latencyMs: c ? 0.2 : 400,
      ...(c ? { cached: true } : {})
    }
  }))
});

test('a line is from the cache when every one of its model calls was; cached calls keep their tokens, not their latency', () => {
  const tally = new UsageTally();
  tally.add(line(0, [true, true]));
  tally.add(line(1, [true, false]));
  tally.add(line(2, [false]));
  tally.add(line(3, [])); // no model call: not "from the cache"
  const s = tally.summary();
  expect(s).toMatchObject({ lines: 4, calls: 5, prompt_tokens: 500, cached_calls: 3, cached_lines: 1 });
  expect(s.llm_latency_ms).toEqual({ p50: 400, p95: 400 });
  expect(variantUsage(s).cachedLines).toBe(1);
  const none = new UsageTally();
  none.add(line(0, [false]));
  expect(none.summary()).not.toHaveProperty('cached_lines');
});

describe('the reports mark the variants answered from the cache and count the lines', () => {
  const input = () => {
    const i = sampleInput(tempDir());
    i.usage = {
      exp_defaults: { lines: 3, calls: 3, promptTokens: 900, completionTokens: 300, cachedLines: 3 },
      exp_v1: { lines: 3, calls: 3, promptTokens: 300, completionTokens: 100 }
    };
    return i;
  };

  test('markdown: ↺ on the variant, "3 of 6 lines from cache" once', () => {
    for (const md of [renderSummaryMarkdown(input()), renderCommentMarkdown(input())]) {
      expect(md).toContain('| 1,200 ↺ |');
      expect(md).toContain('| 400 |');
      expect(md.match(/LLM cache: 3 of 6 lines from cache \(↺\)/g)).toHaveLength(1);
    }
    const plain = sampleInput(tempDir());
    expect(renderSummaryMarkdown(plain)).not.toMatch(/LLM cache|↺/);
  });

  test('HTML: the notice, the mark and the count in the tokens title', async () => {
    const html = await renderHtmlReport(input());
    expect(html).toContain('<p class="cache-notice">LLM cache: 3 of 6 lines from cache (↺)');
    expect(html).toMatch(
      /title="900 prompt \+ 300 completion tokens in 3 LLM call\(s\) over 3 line\(s\); ↺ 3 of 3 lines from cache">1,200 ↺</
    );
  });

  test('summary blocks (terminal, job summary): the count once, the mark in the tokens cell', () => {
    const blocks = reportSummaryBlocks(input());
    const text = JSON.stringify(blocks);
    expect(text.match(/LLM cache: 3 of 6 lines from cache/g)).toHaveLength(1);
    expect(text).toContain('"1,200 ↺"');
    expect(JSON.stringify(reportSummaryBlocks(sampleInput(tempDir())))).not.toMatch(/LLM cache|↺/);
  });

  test('CSV: a cached_lines column', () => {
    const csv = metricsCsv(input().rows, input().usage).trim().split(/\r?\n/);
    expect(csv[0]).toMatch(/,cached_lines$/);
    expect(csv[1]).toMatch(/,3$/);
    expect(csv[2]).toMatch(/,0$/);
  });
});

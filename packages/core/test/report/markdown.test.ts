import {
  COMMENT_LIMIT,
  mdText,
  renderCommentMarkdown,
  renderSummaryMarkdown
} from '../../src/report/markdown.js';
import type { MetricRow } from '../../src/report/types.js';
import { sampleInput, tempDir } from './fixture.js';

describe('markdown', () => {
  test('job summary: status, gates with ✅/❌ (failed first), metrics with best and deltas', () => {
    const md = renderSummaryMarkdown(sampleInput(tempDir()));
    expect(md).toMatch(/^## ❌ GenAIOps · named\\_entity\\_recognition · pr\n/);
    expect(md).toContain(
      'backend `local` · build `42` · generated 2025-01-02T03:04:05.000Z · **1 of 2 gate(s) failed**'
    );
    const gateRows = md.split('\n').filter((l) => /^\| (✅|❌) \|/.test(l));
    expect(gateRows).toEqual([
      '| ❌ | match | exact\\_match\\_rate | defaults | 0.6 | ≥ 0.7 |  | exact\\_match\\_rate 0.6 &lt; min 0.7 |',
      '| ✅ | match | exact\\_match\\_rate | extract.variant\\_1 | 0.8 | ≥ 0.7 |  | exact\\_match\\_rate 0.8 ≥ min 0.7 |'
    ]);
    expect(md).toContain('#### match on ner\\_eval');
    expect(md).toContain(
      '| variant | exact\\_match\\_rate ↑ | error\\_rate ↓ | latency\\_ms ↓ | evaluation run |'
    );
    expect(md).toContain('| defaults | 0.6 (Δ +0.1 ✔) | 0.1 (Δ ±0) | **900** ★ | `eval_defaults` |');
    expect(md).toContain(
      '| extract.variant\\_1 | **0.8** ★ (Δ +0.3 ✔) | **0.05** ★ (Δ −0.05 ✔) | 1200 | `eval_v1` |'
    );
    expect(md).toContain('**Best variant:** extract.variant\\_1 (★ in 2 of 3 metric(s))');
  });

  test('a regression is flagged by shape, not only colour: ✖ worse, ✔ better (per the metric’s direction)', () => {
    const input = sampleInput(tempDir());
    input.rows[0].baseline = { exact_match_rate: 0.7, latency_ms: 800 };
    input.rows[1].baseline = { error_rate: 0.01 };
    const md = renderSummaryMarkdown(input);
    expect(md).toContain('| defaults | 0.6 (Δ −0.1 ✖) | 0.1 | **900** ★ (Δ +100 ✖) |');
    expect(md).toContain('| **0.05** ★ (Δ +0.04 ✖) |');
  });

  test('PR comment starts with the invisible marker; all passed → ✅', () => {
    const input = sampleInput(tempDir());
    input.gates = input.gates.map((g) => ({ ...g, passed: true }));
    const md = renderCommentMarkdown(input);
    expect(md.startsWith('<!-- genaiops:named_entity_recognition -->\n')).toBe(true);
    expect(md).toContain('### ✅ GenAIOps · named\\_entity\\_recognition · pr — all 2 gate(s) passed');
    expect(md).toContain('<details><summary>Gates</summary>');
    expect(renderCommentMarkdown(input, { marker: '<!-- custom -->' }).startsWith('<!-- custom -->\n')).toBe(
      true
    );
    input.useCase = 'evil --> <b>x</b>';
    expect(renderCommentMarkdown(input).split('\n')[0]).toBe('<!-- genaiops:evil_-___b_x_/b_ -->');
  });

  test('text from the run cannot break the table or inject HTML', () => {
    expect(mdText('a|b\nc <img src=x> *d* [l](u)')).toBe('a\\|b c &lt;img src=x&gt; \\*d\\* \\[l\\](u)');
    const input = sampleInput(tempDir());
    input.rows[0].label = 'x | y <script>';
    const md = renderCommentMarkdown(input);
    expect(md).toContain('| x \\| y &lt;script&gt; |');
    expect(md).not.toContain('<script>');
  });

  test('with any number of variants the comment fits GitHub’s limit: tables fold to the variants with most ★', () => {
    const input = sampleInput(tempDir());
    const row = input.rows[0];
    input.rows = Array.from({ length: 3000 }, (_, i): MetricRow => ({
      ...row,
      label: `variant_${i}`,
      evaluationRun: `run_${i}`,
      metrics: { exact_match_rate: i === 1234 ? 0.99 : 0.5, error_rate: i === 7 ? 0.01 : 0.2 }
    }));
    const md = renderCommentMarkdown(input);
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    // the two variants holding a ★ stay (variant_1234 beyond the first rows), the rest are counted
    const shown = md.split('\n').filter((l) => /^\| variant\\_\d+ \|/.test(l));
    expect(shown.length).toBeGreaterThan(100);
    expect(shown.length).toBeLessThan(1234);
    expect(shown.some((l) => /^\| variant\\_7 \|/.test(l))).toBe(true);
    expect(shown.some((l) => /^\| variant\\_1234 \| \*\*0.99\*\* ★/.test(l))).toBe(true);
    expect(md).toMatch(new RegExp(`… and ${3000 - shown.length} more variant\\(s\\) with fewer ★`));
    expect(md).not.toContain('cut to fit');
  });

  test('links to the run and its artifact, cost per variant, and the best variant preferring the cheaper of equals', () => {
    const input = sampleInput(tempDir());
    input.rows[1].metrics = { ...input.rows[0].metrics };
    input.links = {
      run: 'https://github.com/o/r/actions/runs/9',
      artifact: 'https://github.com/o/r/actions/runs/9#artifacts'
    };
    input.usage = {
      exp_defaults: {
        lines: 3,
        calls: 3,
        promptTokens: 900,
        completionTokens: 300,
        lineP50: 120,
        lineP95: 480,
        cost: 0.012,
        currency: 'USD'
      },
      exp_v1: {
        lines: 3,
        calls: 3,
        promptTokens: 300,
        completionTokens: 100,
        lineP50: 90,
        lineP95: 200,
        cost: 0.004,
        currency: 'USD'
      }
    };
    const md = renderCommentMarkdown(input);
    expect(md).toContain(
      '[workflow run](https://github.com/o/r/actions/runs/9) · [reports artifact](https://github.com/o/r/actions/runs/9#artifacts)'
    );
    expect(md).toContain(
      '| variant | exact\\_match\\_rate ↑ | error\\_rate ↓ | latency\\_ms ↓ | tokens | latency p50 / p95 | cost |'
    );
    expect(md).toContain('| 1,200 | 120 ms / 480 ms | 0.012 USD |');
    expect(md).toContain(
      '**Best variant:** extract.variant\\_1 (★ in 3 of 3 metric(s), 0.004 USD) · as good: defaults (0.012 USD)'
    );
  });

  test('trends: a block sparkline per metric over the builds, with the gate', () => {
    const input = sampleInput(tempDir());
    const entry = (at: string, v: number) => ({
      kind: 'evaluate' as const,
      useCase: input.useCase,
      env: 'pr',
      at,
      rows: [
        { evaluator: 'match', dataset: 'ner_eval', label: 'defaults', metrics: { exact_match_rate: v } }
      ],
      gates: [{ evaluator: 'match', metric: 'exact_match_rate', min: 0.7 }]
    });
    input.history = [entry('1', 0.2), entry('2', 0.7), entry('3', 1)];
    const md = renderSummaryMarkdown(input);
    expect(md).toContain('### Trends (last 3 builds, best variant)');
    expect(md).toContain('| match | ner\\_eval | exact\\_match\\_rate ↑ | ▁▅█ | 1 | ≥ 0.7 |');
  });
});

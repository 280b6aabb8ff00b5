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
    expect(md).toContain('| defaults | 0.6 (Δ +0.1) | 0.1 (Δ ±0) | **900** ★ | `eval_defaults` |');
    expect(md).toContain(
      '| extract.variant\\_1 | **0.8** ★ (Δ +0.3) | **0.05** ★ (Δ −0.05) | 1200 | `eval_v1` |'
    );
  });

  test('a regression is flagged', () => {
    const input = sampleInput(tempDir());
    input.rows[0].baseline = { exact_match_rate: 0.7 };
    expect(renderSummaryMarkdown(input)).toContain('| defaults | 0.6 (Δ −0.1 🔻) |');
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

  test('a huge comment is cut to fit GitHub’s limit', () => {
    const input = sampleInput(tempDir());
    const row = input.rows[0];
    input.rows = Array.from({ length: 3000 }, (_, i): MetricRow => ({
      ...row,
      label: `variant_${i}`,
      evaluationRun: `run_${i}`
    }));
    const md = renderCommentMarkdown(input);
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(md).toContain('cut to fit a GitHub comment');
  });
});

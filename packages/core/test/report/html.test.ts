import { readFileSync, writeFileSync } from 'node:fs';
import { CLAMP_CHARS, renderHtmlReport } from '../../src/report/html.js';
import { writeReports } from '../../src/report/index.js';
import { directionFromName, metricDirection } from '../../src/report/model.js';
import { sampleInput, tempDir } from './fixture.js';

/** The cells (inner HTML) of the metrics-table row of `label`, after its header cell (the variant). */
function metricsRow(html: string, label: string): string[] {
  const m = html.match(new RegExp(`<tr data-label="${label}">(.*?)</tr>`));
  if (!m) throw new Error(`no row ${label}`);
  return m[1].split(/<td/).slice(1);
}

describe('HTML report', () => {
  test('is self-contained: no script, no external resource, a CSP that forbids them', async () => {
    const html = await renderHtmlReport(sampleInput(tempDir()));
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href|xlink:href|action)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|@import|url\(/i);
    expect(html).not.toMatch(/\bon[a-z]+\s*=/i); // no inline event handlers
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`
    );
  });

  test('escapes everything from the run: outputs, inputs, labels', async () => {
    const input = sampleInput(tempDir());
    input.rows[1].label = '<img src=x onerror=alert(1)>';
    input.gates[0].message = '<script>alert("gate")</script>';
    const html = await renderHtmlReport(input);
    expect(html).toContain('&lt;b&gt;world&lt;/b&gt;');
    expect(html).not.toContain('<b>world</b>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;'); // table
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;'); // SVG bar title / legend
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;gate&quot;)&lt;/script&gt;');
  });

  test('the SVG chart has one bar per variant per metric, with accessible titles', async () => {
    const html = await renderHtmlReport(sampleInput(tempDir()));
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(1);
    const svg = svgs[0]!;
    expect(svg).toMatch(/role="img"/);
    expect(svg).toMatch(/<title id="chart-0-title">match on ner_eval: variants compared<\/title>/);
    const bars = [
      ...svg.matchAll(
        /<rect class="bar[^"]*" data-metric="([^"]+)" data-series="([^"]+)"[^>]*><title>([^<]+)<\/title>/g
      )
    ];
    expect(bars.map((b) => `${b[1]}/${b[2]}`).sort()).toEqual(
      ['error_rate', 'exact_match_rate', 'latency_ms']
        .flatMap((m) => [`${m}/defaults`, `${m}/extract.variant_1`])
        .sort()
    );
    expect(bars.find((b) => b[1] === 'exact_match_rate' && b[2] === 'extract.variant_1')![3]).toBe(
      'extract.variant_1 — exact_match_rate: 0.8 (best)'
    );
    // the latency in ms does not share an axis with the rates
    expect(svg).toContain('Each metric has its own y axis.');
  });

  test('marks the best variant per metric: higher is better, lower for error_rate and latency*', async () => {
    const html = await renderHtmlReport(sampleInput(tempDir()));
    const best = (label: string) => metricsRow(html, label).map((c) => c.includes('data-best="true"'));
    // columns: extract (node), exact_match_rate, error_rate, latency_ms, runs
    expect(best('defaults')).toEqual([false, false, false, true, false]);
    expect(best('extract.variant_1')).toEqual([false, true, true, false, false]);
    expect(html).toMatch(/<rect class="bar best" data-metric="latency_ms" data-series="defaults"/);
    expect(html).toMatch(/<rect class="bar best" data-metric="error_rate" data-series="extract.variant_1"/);
  });

  test('shows deltas against the baseline, coloured by direction', async () => {
    const html = await renderHtmlReport(sampleInput(tempDir()));
    const cells = metricsRow(html, 'extract.variant_1');
    expect(cells[1]).toContain('<span class="delta better" title="baseline 0.5">+0.3</span>');
    expect(cells[2]).toContain('<span class="delta better" title="baseline 0.1">−0.05</span>');
    expect(cells[3]).not.toContain('delta');
    expect(metricsRow(html, 'defaults')[2]).toContain('<span class="delta same"');
  });

  test('comparison view: a row per line with inputs, outputs, line scores; a failed line says so', async () => {
    const html = await renderHtmlReport(sampleInput(tempDir()));
    const table = html.match(/<table class="compare">[\s\S]*?<\/table>/)![0];
    const rows = table.match(/<tr class="[^"]*"><th scope="row"[\s\S]*?<\/tr>/g)!;
    expect(rows).toHaveLength(3);
    // one variant: nothing to disagree about, the failed line (1) first, then in line order
    expect(rows.map((r) => r.match(/<th scope="row" class="num">(\d+)/)![1])).toEqual(['1', '0', '2']);
    expect(rows[0]).toMatch(/^<tr class="agree fail-0">/);
    expect(rows[0]).toContain('✗ the line failed');
    expect(rows[0]).toContain('<span class="score fail" title="match">✗ exact_match: 0</span>');
    expect(rows[1]).toContain('<span class="score" title="match">exact_match: 1</span>');
    expect(rows[1]).toContain('&lt;b&gt;world&lt;/b&gt;');
    expect(html).toContain('He said &quot;hi&quot;\nand left');
    // the filters: a radio group, read by CSS
    expect(html).toMatch(/<fieldset class="filters">\s*<legend>Show<\/legend>/);
    expect(html).toContain(
      '<input type="radio" name="cmp-0-filter" class="f-fail-0"> <span title="defaults">defaults</span> fails (1)'
    );
    expect(html).toContain('.cmp:has(.f-fail-0:checked) tbody tr:not(.fail-0) { display: none; }');
  });

  test('long texts are clamped behind a disclosure; the whole text is in it', async () => {
    const dir = tempDir();
    const input = sampleInput(dir);
    writeFileSync(
      input.lines[0].outputsFile,
      [
        { line_number: 0, entities: 'y'.repeat(400) },
        { line_number: 2, entities: 'y'.repeat(CLAMP_CHARS) }
      ]
        .map((l) => JSON.stringify(l))
        .join('\n') + '\n'
    );
    const html = await renderHtmlReport(input);
    expect(html).toContain(
      `<div class="clip"><span class="txt">${'y'.repeat(400)}</span><details><summary>show all</summary></details></div>`
    );
    // a short text is not
    expect(html).toContain(`<span class="txt">${'y'.repeat(CLAMP_CHARS)}</span>`);
  });

  test('run names are shortened where shown, in full in a tooltip', async () => {
    const input = sampleInput(tempDir());
    input.rows[0].experimentRun = 'named_entity_recognition_pr_ner_eval_defaults_build_20260101';
    input.rows[1].experimentRun = 'named_entity_recognition_pr_ner_eval_extract_variant_1_build_20260101';
    const html = await renderHtmlReport(input);
    expect(html).toContain(`<span title="${input.rows[1].experimentRun}">…extract_variant_1…</span>`);
  });

  test('writeReports writes the four files', async () => {
    const dir = tempDir();
    const files = await writeReports(sampleInput(dir), `${dir}/reports`);
    expect(files).toMatchObject({
      metricsCsv: `${dir}/reports/metrics.csv`,
      linesCsv: `${dir}/reports/lines.csv`,
      html: `${dir}/reports/report.html`,
      markdown: `${dir}/reports/summary.md`
    });
    expect(readFileSync(files.html, 'utf8')).toContain('<svg class="chart"');
    expect(readFileSync(files.markdown, 'utf8')).toContain('## ❌ GenAIOps');
    expect(readFileSync(files.linesCsv, 'utf8').split('\r\n')).toHaveLength(8);
  });
});

describe('which direction is better', () => {
  test('by name', () => {
    for (const m of [
      'error_rate',
      'parse_error',
      'latency',
      'latency_ms',
      'p95_latency',
      'loss',
      'val_loss',
      'duration',
      'rmse'
    ])
      expect([m, directionFromName(m)]).toEqual([m, 'lower']);
    for (const m of ['exact_match_rate', 'accuracy', 'f1_score', 'gpt_groundedness', 'error_free_rate'])
      expect([m, directionFromName(m)]).toEqual([m, 'higher']);
  });

  test('a gate with only max means lower is better; only min, higher', () => {
    const gate = { evaluator: 'e', metric: 'tokens', run: 'r', label: 'l', passed: true, message: '' };
    expect(metricDirection('tokens', 'e', [])).toBe('higher');
    expect(metricDirection('tokens', 'e', [{ ...gate, max: 100 }])).toBe('lower');
    expect(metricDirection('tokens', 'other', [{ ...gate, max: 100 }])).toBe('higher');
    expect(metricDirection('error_rate', 'e', [{ ...gate, metric: 'error_rate', min: 0.2 }])).toBe('higher');
    expect(metricDirection('error_rate', 'e', [{ ...gate, metric: 'error_rate', min: 0, max: 0.2 }])).toBe(
      'lower'
    );
  });
});

import { readFileSync } from 'node:fs';
import { collectLineSamples, renderHtml, renderHtmlReport } from '../../src/report/html.js';
import { writeReports } from '../../src/report/index.js';
import { directionFromName, metricDirection } from '../../src/report/model.js';
import { sampleInput, tempDir } from './fixture.js';

/** The cells (inner HTML) of the metrics-table row of `label`. */
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
    // columns: variant, extract (node), exact_match_rate, error_rate, latency_ms, runs
    expect(best('defaults')).toEqual([false, false, false, false, true, false]);
    expect(best('extract.variant_1')).toEqual([false, false, true, true, false, false]);
    expect(html).toMatch(/<rect class="bar best" data-metric="latency_ms" data-series="defaults"/);
    expect(html).toMatch(/<rect class="bar best" data-metric="error_rate" data-series="extract.variant_1"/);
  });

  test('shows deltas against the baseline, coloured by direction', async () => {
    const html = await renderHtmlReport(sampleInput(tempDir()));
    const cells = metricsRow(html, 'extract.variant_1');
    expect(cells[2]).toContain('<span class="delta better" title="baseline 0.5">+0.3</span>');
    expect(cells[3]).toContain('<span class="delta better" title="baseline 0.1">−0.05</span>');
    expect(cells[4]).not.toContain('delta');
    expect(metricsRow(html, 'defaults')[3]).toContain('<span class="delta same"');
  });

  test('line sample: first N lines per run (configurable), failed lines without outputs', async () => {
    const input = sampleInput(tempDir());
    const samples = await collectLineSamples(input.lines, 2);
    expect(samples.map((s) => s.lines.map((l) => l.lineNumber))).toEqual([
      [0, 1],
      [0, 1]
    ]);
    const html = await renderHtml(input, samples, { sampleLines: 2 });
    expect(html).toContain('The first 2 line(s) of each run');
    const one = await renderHtmlReport(input, { sampleLines: 1 });
    expect(one).not.toContain('He said');
    expect(await renderHtmlReport(input)).toContain('He said &quot;hi&quot;\nand left');
  });

  test('long cells are cut', async () => {
    const input = sampleInput(tempDir());
    const html = await renderHtml(
      input,
      [{ source: input.lines[0], lines: [{ lineNumber: 0, outputs: { answer: 'x'.repeat(50) } }] }],
      {
        maxCellChars: 10
      }
    );
    expect(html).toContain('xxxxxxxxxx… (40 more characters)');
  });

  test('writeReports writes the four files', async () => {
    const dir = tempDir();
    const files = await writeReports(sampleInput(dir), `${dir}/reports`);
    expect(files).toEqual({
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

/**
 * Handlebars templates of the HTML report, as string constants: the actions are bundled by ncc into
 * one file, so nothing is read from disk at run time.
 *
 * Everything from the run (labels, prompts, outputs) goes through `{{…}}`, which HTML-escapes.
 * The only `{{{…}}}` are the CSS constant and the chart, an SVG built by chart.ts with every text
 * escaped there.
 * The page is self-contained: inline CSS only, no script, no external font, image or stylesheet,
 * and a Content-Security-Policy that forbids all of them should anything slip through.
 */

export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; background: #f6f8fa; }
header { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 16px 20px; margin-bottom: 20px; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 28px 0 10px; }
h3 { font-size: 15px; margin: 18px 0 8px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr max-content 1fr max-content 1fr; gap: 4px 12px; margin: 0; }
dl.meta dt { color: #57606a; }
@media (max-width: 800px) { dl.meta { grid-template-columns: max-content 1fr; } body { padding: 12px; } }
dl.meta dd { margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.status { display: inline-block; white-space: nowrap; padding: 2px 10px; border-radius: 12px; font-weight: 600; font-size: 13px; }
.status.pass { background: #dafbe1; color: #116329; }
.status.fail { background: #ffebe9; color: #a40e26; }
.status.none { background: #eaeef2; color: #57606a; }
section { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 4px 20px 16px; margin-bottom: 20px; overflow-x: auto; }
table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 5px 9px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.gate-fail td { background: #fff5f5; }
td.best { background: #dafbe1; font-weight: 700; }
p.notice { background: #fff8c5; border: 1px solid #d4a72c; padding: 6px 10px; font-weight: 600; }
.star { color: #9a6700; }
.delta { display: block; font-size: 11px; font-weight: 400; }
.delta.better { color: #116329; }
.delta.worse { color: #a40e26; }
.delta.same { color: #57606a; }
.muted { color: #57606a; }
.nowrap { white-space: nowrap; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.cell { white-space: pre-wrap; word-break: break-word; max-width: 420px; max-height: 160px; overflow: auto; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.chart { display: block; margin: 8px 0; max-width: 100%; height: auto; }
footer { color: #57606a; font-size: 12px; }
`;

export const REPORT_TEMPLATE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="genaiops">
<title>{{useCase}} · {{env}} — GenAIOps report</title>
<style>{{{css}}}</style>
</head>
<body>
<header>
<h1>{{useCase}} <span class="muted">· {{env}}</span>
{{#if gateSummary.total}}{{#if gateSummary.ok}}<span class="status pass">gates passed</span>{{else}}<span class="status fail">{{gateSummary.failed}} gate(s) failed</span>{{/if}}{{else}}<span class="status none">no gates</span>{{/if}}</h1>
<dl class="meta">
<dt>use-case</dt><dd>{{useCase}}</dd>
<dt>environment</dt><dd>{{env}}</dd>
<dt>backend</dt><dd>{{backend}}</dd>
<dt>build</dt><dd>{{#if buildId}}{{buildId}}{{else}}—{{/if}}</dd>
<dt>generated</dt><dd>{{generatedAt}}</dd>
<dt>runs</dt><dd>{{rowCount}} evaluated</dd>
</dl>
{{#each notices}}<p class="notice" role="alert">⚠ {{this}}</p>{{/each}}
</header>

<section id="gates">
<h2>Gates</h2>
{{#if gates.length}}
<table>
<thead><tr><th>result</th><th>evaluator</th><th>metric</th><th>variant</th><th>value</th><th>gate</th><th>baseline</th><th>message</th></tr></thead>
<tbody>
{{#each gates}}
<tr class="{{#if passed}}gate-pass{{else}}gate-fail{{/if}}"><td>{{#if passed}}<span class="status pass">✓ pass</span>{{else}}<span class="status fail">✗ fail</span>{{/if}}</td><td>{{evaluator}}</td><td>{{metric}}</td><td>{{label}}<div class="muted mono">{{run}}</div></td><td class="num">{{value}}</td><td class="nowrap">{{bound}}</td><td class="num">{{baseline}}</td><td>{{message}}</td></tr>
{{/each}}
</tbody>
</table>
{{else}}
<p class="muted">No gates are configured for this environment.</p>
{{/if}}
</section>

<section id="metrics">
<h2>Metrics</h2>
<p class="muted">★ marks the best variant of each metric within an evaluator and dataset (higher is better unless the metric's name or its gate says lower is better: {{lowerRule}}).{{#if anyBaseline}} The small figure under a value is its change against the baseline (green: better, red: worse).{{/if}}{{#if guessed}} Direction guessed from the name for {{guessed}}: set "higherIsBetter" on the evaluator to say it.{{/if}}</p>
{{#each groups}}
<h3>{{evaluator}} <span class="muted">on {{dataset}}</span></h3>
{{{chart}}}
<table class="metrics">
<thead><tr><th>variant</th>{{#each nodes}}<th>{{this}}</th>{{/each}}{{#each metrics}}<th>{{name}} <span class="muted">{{arrow}}</span></th>{{/each}}<th>runs</th></tr></thead>
<tbody>
{{#each rows}}
<tr data-label="{{label}}"><td>{{label}}</td>{{#each variants}}<td class="mono">{{this}}</td>{{/each}}{{#each cells}}<td class="num{{#if best}} best{{/if}}"{{#if best}} data-best="true"{{/if}}>{{text}}{{#if best}} <span class="star" title="best">★</span>{{/if}}{{#if delta}}<span class="delta {{deltaKind}}" title="baseline {{baseline}}">{{delta}}</span>{{/if}}</td>{{/each}}<td class="mono muted">{{experimentRun}}<br>{{evaluationRun}}</td></tr>
{{/each}}
</tbody>
</table>
{{else}}
<p class="muted">No metrics were recorded.</p>
{{/each}}
</section>

<section id="lines">
<h2>Line results</h2>
{{#if lines.length}}
<p class="muted">The first {{sampleLines}} line(s) of each run; every line is in the line-results CSV.</p>
{{#each lines}}
<h3>{{label}} <span class="muted">· {{kind}}{{#if evaluator}} {{evaluator}}{{/if}} on {{dataset}}</span> <span class="muted mono">{{run}}</span></h3>
{{#if rows.length}}
<table class="lines">
<thead><tr><th>line</th>{{#each columns}}<th>{{this}}</th>{{/each}}</tr></thead>
<tbody>
{{#each rows}}
<tr><td class="num">{{lineNumber}}</td>{{#each cells}}<td><div class="cell">{{this}}</div></td>{{/each}}</tr>
{{/each}}
</tbody>
</table>
{{else}}
<p class="muted">No line results were found ({{outputsFile}}).</p>
{{/if}}
{{/each}}
{{else}}
<p class="muted">No line results.</p>
{{/if}}
</section>

<footer>Generated by genaiops at {{generatedAt}}. Also written: the metrics and line-results CSV files and the markdown summary.</footer>
</body>
</html>
`;

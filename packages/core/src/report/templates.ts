/**
 * Handlebars templates of the HTML report, as string constants: the actions are bundled by ncc into
 * one file, so nothing is read from disk at run time.
 *
 * Everything from the run (labels, prompts, outputs) goes through `{{…}}`, which HTML-escapes.
 * The only `{{{…}}}` are the CSS constant and the SVGs, built by chart.ts / trends.ts with every
 * text escaped there.
 * The page is self-contained and has no script at all: inline CSS only, no external font, image or
 * stylesheet, and a Content-Security-Policy that forbids all of them (scripts included) should
 * anything slip through. The comparison view's filters are radio buttons read by CSS (`:has`), so
 * they work, by keyboard too, with scripts off; a browser without `:has` shows every line.
 */

export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #57606a; --bg: #f6f8fa; --panel: #fff; --line: #d0d7de;
  --head: #f6f8fa; --ok-bg: #dafbe1; --ok: #116329; --bad-bg: #ffebe9; --bad: #a40e26; --none-bg: #eaeef2;
  --best-bg: #dafbe1; --star: #7d5800; --link: #0550ae; --focus: #0969da; --fail-row: #fff5f5; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d; --head: #1c232c;
    --ok-bg: #12361f; --ok: #56d364; --bad-bg: #3c1618; --bad: #ff8182; --none-bg: #262c36; --best-bg: #12361f;
    --star: #e3b341; --link: #6cb6ff; --focus: #6cb6ff; --fail-row: #2a1517; }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--link); }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
header, section { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; margin-bottom: 20px; min-width: 0; }
header { padding: 16px 20px; }
section { padding: 4px 20px 16px; }
h1 { font-size: 22px; margin: 0 0 8px; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 20px 0 10px; }
h3 { font-size: 15px; margin: 18px 0 8px; overflow-wrap: anywhere; }
dl.meta { display: grid; grid-template-columns: max-content 1fr max-content 1fr max-content 1fr; gap: 4px 12px; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; overflow-wrap: anywhere; }
.best-line { margin: 10px 0 0; }
.status { display: inline-block; white-space: nowrap; padding: 2px 10px; border-radius: 12px; font-weight: 600; font-size: 13px; }
.status.pass { background: var(--ok-bg); color: var(--ok); }
.status.fail { background: var(--bad-bg); color: var(--bad); }
.status.none { background: var(--none-bg); color: var(--muted); }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
caption { text-align: left; color: var(--muted); padding: 2px 0 4px; caption-side: top; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
td.msg, td.runs, table.compare td, table.compare th { overflow-wrap: anywhere; }
thead th { background: var(--head); font-weight: 600; }
table.metrics thead th, table.gates thead th { white-space: normal; overflow-wrap: anywhere; }
td.wrap { white-space: normal; }
tbody th { font-weight: 400; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.gate-fail td { background: var(--fail-row); }
td.best { background: var(--best-bg); font-weight: 700; }
.star { color: var(--star); }
.badge { display: inline-block; font-size: 11px; font-weight: 600; padding: 0 6px; border-radius: 8px; background: var(--ok-bg); color: var(--ok); }
p.notice { background: var(--bad-bg); color: var(--bad); border: 1px solid var(--bad); padding: 6px 10px; font-weight: 600; }
p.cache-notice { border: 1px solid var(--line); padding: 6px 10px; }
.delta { display: block; font-size: 11px; font-weight: 400; }
.delta.better { color: var(--ok); }
.delta.worse { color: var(--bad); }
.delta.same, .muted { color: var(--muted); }
.nowrap { white-space: nowrap; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.chart { display: block; margin: 8px 0; max-width: 100%; height: auto; }
.chart text { fill: var(--fg); }
.chart text.muted { fill: var(--muted); }
.spark polyline { stroke: var(--link); }
.spark circle { fill: var(--link); }
.spark .gate { stroke: var(--bad); stroke-width: 1; }
table.gates, table.metrics, table.trends { width: 100%; }
/* below these widths a table scrolls in its box rather than squeezing its text into a column of letters */
table.gates { min-width: 720px; }
td.msg { min-width: 18em; }
table.metrics { min-width: 560px; }
table.trends { min-width: 520px; }
.filters { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; margin: 8px 0; display: flex; flex-wrap: wrap; gap: 6px 14px; }
.filters legend { padding: 0 4px; font-weight: 600; }
.filters label { white-space: nowrap; cursor: pointer; }
table.compare { table-layout: fixed; width: 100%; min-width: calc(260px + var(--cols) * 150px); }
table.compare col.ln { width: 52px; }
table.compare col.in { width: 26%; }
table.compare col.gt { width: 12%; }
table.compare td.failed, table.compare td.missing { color: var(--bad); }
table.compare td.fails { background: var(--fail-row); }
.kv + .kv { margin-top: 2px; }
.txt { white-space: pre-wrap; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; margin: 0; }
.clip .txt { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 4; line-clamp: 4; overflow: hidden; }
.clip:has(details[open]) .txt { display: block; -webkit-line-clamp: none; line-clamp: none; overflow: visible; }
.clip summary { cursor: pointer; list-style: none; color: var(--link); text-decoration: underline; font-size: 11px; width: max-content; }
.clip summary::-webkit-details-marker { display: none; }
.clip details[open] summary::after { content: " (less)"; }
.key { color: var(--muted); font-size: 11px; font-family: system-ui, sans-serif; }
.scores { margin-top: 4px; display: flex; flex-wrap: wrap; gap: 4px; }
.score { font-size: 11px; border: 1px solid var(--line); border-radius: 8px; padding: 0 6px; }
.score.fail { border-color: var(--bad); color: var(--bad); font-weight: 600; }
.usage { font-size: 11px; font-weight: 400; color: var(--muted); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { color: var(--muted); font-size: 12px; }
@media (max-width: 800px) {
  body { padding: 12px; }
  dl.meta { grid-template-columns: max-content 1fr; }
  header, section { padding-left: 10px; padding-right: 10px; }
  /* narrow: tables keep whole words and scroll sideways in their box */
  table.metrics thead th, table.gates thead th, td.runs { overflow-wrap: normal; }
}
@media print {
  :root { color-scheme: light; --fg: #000; --muted: #333; --bg: #fff; --panel: #fff; --line: #999; --head: #eee; }
  body { padding: 0; font-size: 11px; }
  header, section { border: 0; padding: 0; margin-bottom: 12px; }
  .filters, .clip details { display: none; }
  .clip .txt { display: block; -webkit-line-clamp: none; line-clamp: none; overflow: visible; }
  .cmp tbody tr { display: table-row !important; }
  .scroll { overflow: visible; }
  table.compare { min-width: 0; }
  tr, .chart { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a[href]::after { content: " (" attr(href) ")"; font-size: 10px; }
}
`;

/** The comparison filters: the checked radio of a comparison hides the rows it does not select. */
export function filterCss(columns: number): string {
  const rules = ['.cmp:has(.f-dis:checked) tbody tr:not(.dis) { display: none; }'];
  for (let i = 0; i < columns; i++)
    rules.push(`.cmp:has(.f-fail-${i}:checked) tbody tr:not(.fail-${i}) { display: none; }`);
  return rules.join('\n') + '\n';
}

// A long text is written once and clamped by CSS to a few lines; the disclosure after it lifts the
// clamp (keyboard-operable, no script; screen readers read the whole text either way).
const TEXT = `{{#if text.long}}<div class="clip"><span class="txt">{{text.full}}</span><details><summary>show all</summary></details></div>{{else}}<span class="txt">{{text.full}}</span>{{/if}}`;

export const REPORT_TEMPLATE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="genaiops">
<title>{{useCase}} · {{env}} — GenAIOps report</title>
<style>{{{css}}}</style>
</head>
<body>
<header>
<h1>{{useCase}} <span class="muted">· {{env}}</span>
{{#if gateSummary.total}}{{#if gateSummary.ok}}<span class="status pass">✓ gates passed</span>{{else}}<span class="status fail">✗ {{gateSummary.failed}} gate(s) failed</span>{{/if}}{{else}}<span class="status none">no gates</span>{{/if}}</h1>
<dl class="meta">
<dt>use-case</dt><dd>{{useCase}}</dd>
<dt>environment</dt><dd>{{env}}</dd>
<dt>backend</dt><dd>{{backend}}</dd>
<dt>build</dt><dd>{{#if buildId}}{{buildId}}{{else}}—{{/if}}</dd>
<dt>generated</dt><dd>{{generatedAt}}</dd>
<dt>runs</dt><dd>{{rowCount}} evaluated</dd>
</dl>
{{#each notices}}<p class="notice" role="alert">⚠ {{this}}</p>{{/each}}{{#if cacheNotice}}<p class="cache-notice">{{cacheNotice}}</p>{{/if}}
{{#if best}}<p class="best-line">Best variant: <strong title="{{best.label.full}}">{{best.label.short}}</strong> <span class="muted">(★ in {{best.stars}} of {{best.of}} metric(s){{#if best.cost}}, {{best.cost}}{{/if}})</span>{{#if best.tied.length}} · as good:{{#each best.tied}} <span title="{{label.full}}">{{label.short}}</span>{{#if cost}} <span class="muted">({{cost}})</span>{{/if}}{{/each}}{{#if best.moreTied}} and {{best.moreTied}} more{{/if}}{{/if}}</p>{{/if}}
{{#if links}}<p>{{#if links.run}}<a href="{{links.run}}">workflow run</a>{{/if}}{{#if links.artifact}} · <a href="{{links.artifact}}">reports artifact</a>{{/if}}</p>{{/if}}
</header>

<section id="gates" aria-labelledby="gates-h">
<h2 id="gates-h">Gates</h2>
{{#if gates.length}}
<div class="scroll">
<table class="gates">
<thead><tr><th scope="col">result</th><th scope="col">evaluator</th><th scope="col">metric</th><th scope="col">variant</th><th scope="col" class="num">value</th><th scope="col">gate</th><th scope="col" class="num">baseline</th><th scope="col">message</th></tr></thead>
<tbody>
{{#each gates}}
<tr class="{{#if passed}}gate-pass{{else}}gate-fail{{/if}}"><td>{{#if passed}}<span class="status pass">✓ pass</span>{{else}}<span class="status fail">✗ fail</span>{{/if}}</td><td>{{evaluator}}</td><td>{{metric}}</td><td><span title="{{label.full}}">{{label.short}}</span><div class="muted mono" title="{{run.full}}">{{run.short}}</div></td><td class="num">{{value}}</td><td class="nowrap">{{bound}}</td><td class="num">{{baseline}}</td><td class="msg">{{message}}</td></tr>
{{/each}}
</tbody>
</table>
</div>
{{else}}
<p class="muted">No gates are configured for this environment.</p>
{{/if}}
</section>

<section id="metrics" aria-labelledby="metrics-h">
<h2 id="metrics-h">Metrics</h2>
<p class="muted">★ marks the best variant of each metric within an evaluator and dataset (higher is better unless the metric's name or its gate says lower is better: {{lowerRule}}).{{#if anyBaseline}} The small figure under a value is its change against the baseline (better / worse by colour and by its sign against the arrow in the header).{{/if}}{{#if guessed}} Direction guessed from the name for {{guessed}}: set "higherIsBetter" on the evaluator to say it.{{/if}}</p>
{{#each groups}}
<h3>{{evaluator}} <span class="muted">on {{dataset}}</span></h3>
{{{chart}}}
<div class="scroll">
<table class="metrics">
<caption>{{evaluator}} on {{dataset}}: one row per variant{{#if hasUsage}}; tokens and latency per line (p50 / p95) of its experiment run{{#if hasCost}}, and its estimated cost{{else}} (no cost: the config has no "pricing"){{/if}}{{/if}}</caption>
<thead><tr><th scope="col">variant</th>{{#each nodes}}<th scope="col">{{this}}</th>{{/each}}{{#each metrics}}<th scope="col" class="num">{{name}} <span class="muted" aria-label="{{#if (eq arrow '↓')}}lower is better{{else}}higher is better{{/if}}">{{arrow}}</span></th>{{/each}}{{#if hasUsage}}<th scope="col" class="num">tokens</th><th scope="col" class="num">latency p50 / p95</th>{{#if hasCost}}<th scope="col" class="num">cost</th>{{/if}}{{/if}}<th scope="col">runs</th></tr></thead>
<tbody>
{{#each rows}}
<tr data-label="{{label.full}}"><th scope="row" title="{{label.full}}">{{label.short}}</th>{{#each variants}}<td class="mono">{{this}}</td>{{/each}}{{#each cells}}<td class="num{{#if best}} best{{/if}}"{{#if best}} data-best="true"{{/if}}>{{text}}{{#if best}} <span class="star" title="best">★</span>{{/if}}{{#if delta}}<span class="delta {{deltaKind}}" title="baseline {{baseline}}">{{delta}}</span>{{/if}}</td>{{/each}}{{#if ../hasUsage}}{{#if usage}}<td class="num" title="{{usage.tokensTitle}}">{{usage.tokens}}</td><td class="num wrap" title="{{usage.latencyTitle}}">{{usage.latency}}</td>{{#if ../hasCost}}<td class="num wrap" title="{{usage.costTitle}}">{{usage.cost}}{{#if usage.cheapest}} <span class="badge">lowest</span>{{/if}}</td>{{/if}}{{else}}<td></td><td></td>{{#if ../hasCost}}<td></td>{{/if}}{{/if}}{{/if}}<td class="mono muted runs"><span title="{{experimentRun.full}}">{{experimentRun.short}}</span><br><span title="{{evaluationRun.full}}">{{evaluationRun.short}}</span></td></tr>
{{/each}}
</tbody>
</table>
</div>
{{else}}
<p class="muted">No metrics were recorded.</p>
{{/each}}
</section>

{{#if firstBuild}}<section id="trends" aria-labelledby="trends-h"><h2 id="trends-h">Trends</h2><p class="muted">This is the first build in the metric history (.genaiops/history): trends show from the next one on.</p></section>{{/if}}
{{#if trends.length}}
<section id="trends" aria-labelledby="trends-h">
<h2 id="trends-h">Trends</h2>
<p class="muted">Each metric's best variant over the last builds (this one last); dashed: the gate.</p>
<div class="scroll">
<table class="trends">
<thead><tr><th scope="col">evaluator</th><th scope="col">dataset</th><th scope="col">metric</th><th scope="col">last {{trends.0.builds}} build(s)</th><th scope="col" class="num">now</th><th scope="col">gate</th></tr></thead>
<tbody>
{{#each trends}}
<tr><td>{{evaluator}}</td><td>{{dataset}}</td><th scope="row">{{metric}} <span class="muted">{{#if (eq direction 'lower')}}↓{{else}}↑{{/if}}</span></th><td>{{{svg}}}</td><td class="num">{{last}}</td><td class="nowrap">{{gate}}</td></tr>
{{/each}}
</tbody>
</table>
</div>
</section>
{{/if}}

<section id="compare" aria-labelledby="compare-h">
<h2 id="compare-h">Compare variants line by line</h2>
{{#if comparisons.length}}
<p class="muted">One row per dataset line, one column per variant: its output and each evaluator's line score (a red score or cell: the variant fails the line). Lines where the variants disagree come first.</p>
{{#each comparisons}}
<div class="cmp" id="{{id}}" style="--cols: {{columns.length}}">
<h3>{{dataset}} <span class="muted">· {{count}} line(s) · the variants disagree on {{disagreeing}}</span></h3>
{{#if truncated}}<p class="muted">The first {{maxLines}} lines of each run; every line is in the line-results CSV.</p>{{/if}}
<fieldset class="filters">
<legend>Show</legend>
<label><input type="radio" name="{{id}}-filter" class="f-all" checked> all lines ({{count}})</label>
<label><input type="radio" name="{{id}}-filter" class="f-dis"> the variants disagree ({{disagreeing}})</label>
{{#each columns}}<label><input type="radio" name="{{../id}}-filter" class="f-fail-{{index}}"> <span title="{{label}}">{{short}}</span> fails ({{failing}})</label>
{{/each}}
</fieldset>
<div class="scroll">
<table class="compare">
<caption class="sr-only">{{dataset}}: line inputs, ground truth, and each variant's output and line scores</caption>
<colgroup><col class="ln"><col class="in">{{#if hasTruth}}<col class="gt">{{/if}}{{#each columns}}<col>{{/each}}</colgroup>
<thead><tr><th scope="col">line</th><th scope="col">input</th>{{#if hasTruth}}<th scope="col">ground truth</th>{{/if}}{{#each columns}}<th scope="col" title="{{label}} — run {{run}}">{{short}}{{#if usage}}<div class="usage" title="{{usage.tokensTitle}}">{{usage.tokens}} tokens{{#if usage.latency}} · {{usage.latency}}{{/if}}{{#if usage.cost}} · {{usage.cost}}{{/if}}</div>{{/if}}</th>{{/each}}</tr></thead>
<tbody>
{{#each lines}}
<tr class="{{classes}}"><th scope="row" class="num">{{lineNumber}}</th><td>{{#each inputs}}<div class="kv"><span class="key">{{key}}</span> ${TEXT}</div>{{/each}}</td>{{#if ../hasTruth}}<td>{{#each truth}}<div class="kv">${TEXT}</div>{{/each}}</td>{{/if}}{{#each cells}}<td class="{{status}}{{#if fails}} fails{{/if}}">{{#if (eq status 'failed')}}✗ the line failed{{else}}{{#if (eq status 'missing')}}— no result{{/if}}{{/if}}{{#each outputs}}<div class="kv">{{#unless ../single}}<span class="key">{{key}}</span> {{/unless}}${TEXT}</div>{{/each}}{{#if scores.length}}<div class="scores">{{#each scores}}<span class="score{{#if fails}} fail{{/if}}" title="{{evaluator}}">{{#if fails}}✗ {{/if}}{{name}}: {{text}}</span>{{/each}}</div>{{/if}}</td>{{/each}}</tr>
{{/each}}
</tbody>
</table>
</div>
</div>
{{/each}}
{{else}}
<p class="muted">No line results.</p>
{{/if}}
</section>

<footer>Generated by genaiops at {{generatedAt}}. Also written: the metrics and line-results CSV files (full run names, every line) and the markdown summary.</footer>
</body>
</html>
`;

/**
 * Markdown for the job summary and the pull-request comment (GitHub-flavoured: tables, emoji).
 *
 * Every text from the run goes through {@link mdText}: HTML is escaped (GitHub renders raw HTML in
 * markdown), `|` and newlines cannot break a table, and markdown punctuation is backslashed.
 */
import { cacheNotice, formatCost, usageText, type VariantUsage } from './cost.js';
import {
  bestVariant,
  commentMarker,
  delta,
  deltaKind,
  formatDelta,
  formatNumber,
  failedLinesNotice,
  gateBound,
  groupRows,
  mockNotice,
  type RowGroup
} from './model.js';
import { shortName } from './names.js';
import { sparklineText, trendSeries } from './trends.js';
import type { GateResult, ReportInput } from './types.js';

/** GitHub rejects comment bodies over 65,536 characters. */
export const COMMENT_LIMIT = 65_536;
/** A step summary may hold 1 MiB; stay well under it. */
export const SUMMARY_LIMIT = 512 * 1024;

/** Text safe inside a markdown table cell. */
export function mdText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/\r?\n|\r/g, ' ');
}

/** A code span (its content is literal; a backtick or pipe could still end it or the cell). */
const code = (text: string) =>
  text ? '`' + text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\s+/g, ' ') + '`' : '';

function table(header: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const sep = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [header, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n') + '\n';
}

function gateStatus(gates: GateResult[]): { icon: string; text: string } {
  const failed = gates.filter((g) => !g.passed).length;
  if (!gates.length) return { icon: 'ℹ️', text: 'no gates' };
  if (failed) return { icon: '❌', text: `${failed} of ${gates.length} gate(s) failed` };
  return { icon: '✅', text: `all ${gates.length} gate(s) passed` };
}

function gatesTable(gates: GateResult[]): string {
  if (!gates.length) return '_No gates are configured for this environment._\n';
  const ordered = [...gates.filter((g) => !g.passed), ...gates.filter((g) => g.passed)];
  return table(
    ['', 'evaluator', 'metric', 'variant', 'value', 'gate', 'baseline', 'message'],
    ordered.map((g) => [
      g.passed ? '✅' : '❌',
      mdText(g.evaluator),
      mdText(g.metric),
      mdText(g.label),
      formatNumber(g.value),
      mdText(gateBound(g)),
      formatNumber(g.baseline),
      mdText(g.message)
    ]),
    ['l', 'l', 'l', 'l', 'r', 'l', 'r', 'l']
  );
}

const DELTA_MARK = { better: ' ✔', worse: ' ✖', same: '' } as const;

/** A value with its ★ and its change against the baseline; `✔`/`✖` say better/worse by shape, not colour. */
function metricCell(g: RowGroup, ri: number, m: string): string {
  const r = g.rows[ri];
  const v = formatNumber(r.metrics[m]);
  if (!v) return '—';
  const best = g.best[m]?.includes(ri);
  const d = delta(r, m);
  const kind = deltaKind(d, g.directions[m]);
  const dText = d === undefined ? '' : ` (Δ ${formatDelta(d)}${kind ? DELTA_MARK[kind] : ''})`;
  return `${best ? `**${v}** ★` : v}${dText}`;
}

/** Tokens, latency and (with a price table) cost of a row's experiment run. */
function usageCells(u: VariantUsage | undefined, withCost: boolean): string[] {
  const t = u ? usageText(u) : { tokens: '', latency: '', cost: '' };
  return withCost ? [t.tokens, t.latency, t.cost] : [t.tokens, t.latency];
}

interface TableOptions {
  runs: boolean;
  usage: Record<string, VariantUsage>;
  /** Rows shown (the rest are counted in a last line); default all. */
  maxRows?: number;
}

/** Row indexes by ★ held (most first), then as given: what stays when a table is folded. */
function rankRows(g: RowGroup): number[] {
  const stars = g.rows.map((_, i) => Object.values(g.best).filter((b) => b.includes(i)).length);
  return g.rows.map((_, i) => i).sort((a, b) => stars[b] - stars[a] || a - b);
}

function metricsTable(g: RowGroup, opts: TableOptions): string {
  const withUsage = g.rows.some((r) => opts.usage[r.experimentRun]);
  const withCost = g.rows.some((r) => opts.usage[r.experimentRun]?.currency !== undefined);
  const usageHeader = withCost ? ['tokens', 'latency p50 / p95', 'cost'] : ['tokens', 'latency p50 / p95'];
  const header = [
    'variant',
    ...g.metrics.map((m) => `${mdText(m)} ${g.directions[m] === 'lower' ? '↓' : '↑'}`)
  ];
  if (withUsage) header.push(...usageHeader);
  if (opts.runs) header.push('evaluation run');
  const shown =
    opts.maxRows !== undefined && opts.maxRows < g.rows.length
      ? rankRows(g)
          .slice(0, opts.maxRows)
          .sort((a, b) => a - b)
      : g.rows.map((_, i) => i);
  const rows = shown.map((ri) => {
    const r = g.rows[ri];
    const row = [mdText(shortName(r.label, 40)), ...g.metrics.map((m) => metricCell(g, ri, m))];
    if (withUsage) row.push(...usageCells(opts.usage[r.experimentRun], withCost));
    if (opts.runs) row.push(code(r.evaluationRun));
    return row;
  });
  const align = ['l', ...g.metrics.map(() => 'r'), ...(withUsage ? usageHeader.map(() => 'r') : []), 'l'] as (
    'l' | 'r'
  )[];
  const more = g.rows.length - shown.length;
  return (
    table(header, rows, align) +
    (more ? `\n_… and ${more} more variant(s) with fewer ★: see the HTML report._\n` : '')
  );
}

function metricsSection(input: ReportInput, level: string, opts: Omit<TableOptions, 'usage'>): string {
  const groups = groupRows(input.rows, input.gates, {
    mock: !!input.mock?.length,
    higherIsBetter: input.higherIsBetter
  });
  if (!groups.length) return `${level} Metrics\n\n_No metrics were recorded._\n`;
  let out = '';
  const usage = input.usage ?? {};
  for (const g of groups) {
    out += `${level} ${mdText(g.evaluator)} on ${mdText(g.dataset)}\n\n${metricsTable(g, { ...opts, usage })}\n`;
  }
  const lower = groups.some((g) => Object.values(g.directions).includes('lower'));
  const guessed = [...new Set(groups.flatMap((g) => g.guessed))];
  out += `<sub>★ best variant per metric (↑ higher is better${lower ? ', ↓ lower is better' : ''})${
    groups.some((g) => g.hasBaseline) ? '; Δ change against the baseline: ✔ better, ✖ worse' : ''
  }${Object.keys(usage).length ? '; latency per line; cost estimated from the config price table' : ''}.${guessed.length ? ` Direction guessed from the name for ${guessed.map(mdText).join(', ')}: set "higherIsBetter" on the evaluator to say it.` : ''}</sub>\n`;
  return out;
}

function bestLine(input: ReportInput): string {
  const best = bestVariant(
    groupRows(input.rows, input.gates, { mock: !!input.mock?.length, higherIsBetter: input.higherIsBetter }),
    input.usage
  );
  if (!best) return '';
  const cost = (c: number | undefined) => (c === undefined ? '' : `, ${formatCost(c, best.currency)}`);
  const tied = best.tied.length
    ? ` · as good: ${best.tied.map((t) => `${mdText(shortName(t.label, 40))}${t.cost === undefined ? '' : ` (${formatCost(t.cost, best.currency)})`}`).join(', ')}${best.moreTied ? ` and ${best.moreTied} more` : ''}`
    : '';
  return `**Best variant:** ${mdText(shortName(best.label, 40))} (★ in ${best.stars} of ${best.of} metric(s)${cost(best.cost)})${tied}\n\n`;
}

function linksLine(input: ReportInput): string {
  const l = input.links;
  const parts = [
    l?.run ? `[workflow run](${encodeURI(l.run)})` : '',
    l?.artifact ? `[reports artifact](${encodeURI(l.artifact)})` : ''
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') + '\n\n' : '';
}

function trendsSection(input: ReportInput, level: string): string {
  const series = trendSeries(input.history ?? []);
  if ((input.history?.length ?? 0) < 2 || !series.length) return '';
  const rows = series.map((s) => [
    mdText(s.evaluator),
    mdText(s.dataset),
    `${mdText(s.metric)} ${s.direction === 'lower' ? '↓' : '↑'}`,
    sparklineText(s.points.map((p) => p.value)),
    formatNumber(s.points[s.points.length - 1]?.value),
    mdText(gateBound({ min: s.min, max: s.max } as GateResult))
  ]);
  return (
    `${level} Trends (last ${input.history!.length} builds, best variant)\n\n` +
    table(['evaluator', 'dataset', 'metric', 'trend', 'now', 'gate'], rows, ['l', 'l', 'l', 'l', 'r', 'l']) +
    '\n'
  );
}

/** Warnings that change what the numbers mean: the mock provider, failed lines. */
function notices(input: ReportInput): string {
  const list = [
    ...(input.mock?.length ? [mockNotice(input.mock)] : []),
    ...(input.failedLines ?? []).map(failedLinesNotice)
  ];
  const cached = cacheNotice(input.usage);
  return list.map((n) => `> ⚠️ **${mdText(n)}**\n\n`).join('') + (cached ? `> ${mdText(cached)}\n\n` : '');
}

function metaLine(input: ReportInput): string {
  const parts = [`backend ${code(input.backend)}`];
  if (input.buildId) parts.push(`build ${code(input.buildId)}`);
  parts.push(`generated ${mdText(input.generatedAt)}`);
  return parts.join(' · ');
}

/** Cuts `md` to `limit` characters at a line break, saying so. */
function fit(md: string, limit: number, note: string): string {
  if (md.length <= limit) return md;
  const cut = md.lastIndexOf('\n', limit - note.length - 2);
  return md.slice(0, Math.max(0, cut)) + '\n\n' + note + '\n';
}

/** The job summary: status, best variant, gates, one metrics table per evaluator × dataset, trends. */
export function renderSummaryMarkdown(input: ReportInput): string {
  const s = gateStatus(input.gates);
  const md =
    `## ${s.icon} GenAIOps · ${mdText(input.useCase)} · ${mdText(input.env)}\n\n` +
    `${metaLine(input)} · **${s.text}**\n\n` +
    notices(input) +
    bestLine(input) +
    linksLine(input) +
    `### Gates\n\n${gatesTable(input.gates)}\n` +
    `### Metrics\n\n${metricsSection(input, '####', { runs: true })}\n` +
    trendsSection(input, '###') +
    `<sub>The HTML report (with the line-by-line comparison of the variants), the metrics CSV and the line-results CSV are in the workflow's reports artifact.</sub>\n`;
  return fit(md, SUMMARY_LIMIT, '_… cut to fit the job summary; see the reports artifact for everything._');
}

/**
 * The pull-request comment: the same content, more compact, starting with the invisible marker
 * (default `<!-- genaiops:<use-case> -->`) by which the next run finds and updates it. Deltas are
 * against the baseline (the base branch's evaluation, when the workflow passes it). With many
 * variants the tables fold: each keeps its variants with the most ★ and counts the rest, halving
 * until the comment fits GitHub's limit.
 */
export function renderCommentMarkdown(input: ReportInput, opts: { marker?: string } = {}): string {
  const marker = opts.marker ?? commentMarker(input.useCase);
  const s = gateStatus(input.gates);
  const render = (maxRows?: number) =>
    `${marker}\n` +
    `### ${s.icon} GenAIOps · ${mdText(input.useCase)} · ${mdText(input.env)} — ${s.text}\n\n` +
    `${metaLine(input)}\n\n` +
    notices(input) +
    bestLine(input) +
    (input.gates.length
      ? `<details${input.gates.some((g) => !g.passed) ? ' open' : ''}><summary>Gates</summary>\n\n${gatesTable(input.gates)}\n</details>\n\n`
      : '') +
    metricsSection(input, '####', { runs: false, maxRows }) +
    `\n${linksLine(input)}<sub>Updated on every push. Full HTML report and CSV files: the workflow run's reports artifact.</sub>\n`;
  const limit = COMMENT_LIMIT - 100;
  let md = render();
  for (
    let rows = Math.max(1, ...groupRows(input.rows, input.gates).map((g) => g.rows.length));
    md.length > limit && rows > 1;
  ) {
    rows = Math.floor(rows / 2);
    md = render(rows);
  }
  return fit(md, limit, '_… cut to fit a GitHub comment; see the reports artifact for everything._');
}

export { commentMarker };

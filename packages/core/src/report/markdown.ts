/**
 * Markdown for the job summary and the pull-request comment (GitHub-flavoured: tables, emoji).
 *
 * Every text from the run goes through {@link mdText}: HTML is escaped (GitHub renders raw HTML in
 * markdown), `|` and newlines cannot break a table, and markdown punctuation is backslashed.
 */
import {
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

function metricsTable(g: RowGroup, opts: { runs: boolean }): string {
  const header = [
    'variant',
    ...g.metrics.map((m) => `${mdText(m)} ${g.directions[m] === 'lower' ? '↓' : '↑'}`)
  ];
  if (opts.runs) header.push('evaluation run');
  const rows = g.rows.map((r, ri) => {
    const cells = g.metrics.map((m) => {
      const v = formatNumber(r.metrics[m]);
      if (!v) return '—';
      const best = g.best[m]?.includes(ri);
      const d = delta(r, m);
      const kind = deltaKind(d, g.directions[m]);
      const dText = d === undefined ? '' : ` (Δ ${formatDelta(d)}${kind === 'worse' ? ' 🔻' : ''})`;
      return `${best ? `**${v}** ★` : v}${dText}`;
    });
    const row = [mdText(r.label), ...cells];
    if (opts.runs) row.push(code(r.evaluationRun));
    return row;
  });
  return table(header, rows, ['l', ...g.metrics.map(() => 'r' as const), 'l']);
}

function metricsSection(input: ReportInput, level: string, opts: { runs: boolean }): string {
  const groups = groupRows(input.rows, input.gates, {
    mock: !!input.mock?.length,
    higherIsBetter: input.higherIsBetter
  });
  if (!groups.length) return `${level} Metrics\n\n_No metrics were recorded._\n`;
  let out = '';
  for (const g of groups) {
    out += `${level} ${mdText(g.evaluator)} on ${mdText(g.dataset)}\n\n${metricsTable(g, opts)}\n`;
  }
  const lower = groups.some((g) => Object.values(g.directions).includes('lower'));
  const guessed = [...new Set(groups.flatMap((g) => g.guessed))];
  out += `<sub>★ best variant per metric (↑ higher is better${lower ? ', ↓ lower is better' : ''})${
    groups.some((g) => g.hasBaseline) ? '; Δ change against the baseline, 🔻 a regression' : ''
  }.${guessed.length ? ` Direction guessed from the name for ${guessed.map(mdText).join(', ')}: set "higherIsBetter" on the evaluator to say it.` : ''}</sub>\n`;
  return out;
}

/** Warnings that change what the numbers mean: the mock provider, failed lines. */
function notices(input: ReportInput): string {
  const list = [
    ...(input.mock?.length ? [mockNotice(input.mock)] : []),
    ...(input.failedLines ?? []).map(failedLinesNotice)
  ];
  return list.map((n) => `> ⚠️ **${mdText(n)}**\n\n`).join('');
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

/** The job summary: status, gates, and one metrics table per evaluator × dataset. */
export function renderSummaryMarkdown(input: ReportInput): string {
  const s = gateStatus(input.gates);
  const md =
    `## ${s.icon} GenAIOps · ${mdText(input.useCase)} · ${mdText(input.env)}\n\n` +
    `${metaLine(input)} · **${s.text}**\n\n` +
    notices(input) +
    `### Gates\n\n${gatesTable(input.gates)}\n` +
    `### Metrics\n\n${metricsSection(input, '####', { runs: true })}\n` +
    `<sub>The HTML report, the metrics CSV and the line-results CSV are in the workflow's reports artifact.</sub>\n`;
  return fit(md, SUMMARY_LIMIT, '_… cut to fit the job summary; see the reports artifact for everything._');
}

/**
 * The pull-request comment: the same content, more compact, starting with the invisible marker
 * (default `<!-- genaiops:<use-case> -->`) by which the next run finds and updates it.
 */
export function renderCommentMarkdown(input: ReportInput, opts: { marker?: string } = {}): string {
  const marker = opts.marker ?? commentMarker(input.useCase);
  const s = gateStatus(input.gates);
  const md =
    `${marker}\n` +
    `### ${s.icon} GenAIOps · ${mdText(input.useCase)} · ${mdText(input.env)} — ${s.text}\n\n` +
    `${metaLine(input)}\n\n` +
    notices(input) +
    (input.gates.length
      ? `<details${input.gates.some((g) => !g.passed) ? ' open' : ''}><summary>Gates</summary>\n\n${gatesTable(input.gates)}\n</details>\n\n`
      : '') +
    metricsSection(input, '####', { runs: false }) +
    `\n<sub>Updated on every push. Full HTML report and CSV files: the workflow run's reports artifact.</sub>\n`;
  return fit(
    md,
    COMMENT_LIMIT - 100,
    '_… cut to fit a GitHub comment; see the reports artifact for everything._'
  );
}

export { commentMarker };

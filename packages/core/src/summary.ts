/**
 * What a stage hands its reporter when it ends: headings, lines of text, tables and lists, as data.
 * Each reporter renders them its own way: GitHub's as markdown for the job summary, the terminal's
 * as aligned plain text. Stages never write markup themselves.
 */

/** How a piece reads: a terminal colours it (green, red, yellow, dim), markdown leaves it plain. */
export type Tone = 'pass' | 'fail' | 'warn' | 'muted';

/** A run of text with its marks: `code` is a name to copy (a code span in markdown), `href` a link. */
export interface Span {
  text: string;
  tone?: Tone;
  strong?: boolean;
  code?: boolean;
  href?: string;
}

/** Inline content: plain text, or spans in a row. */
export type Inline = string | Span | (string | Span)[];

export type Block =
  | { kind: 'heading'; text: Inline; tone?: Tone }
  | { kind: 'text'; text: Inline; tone?: Tone }
  | { kind: 'list'; items: Inline[] }
  | SummaryTable;

export interface SummaryTable {
  kind: 'table';
  headers: string[];
  rows: Inline[][];
  /** Per column; default left. Numbers read best right-aligned. */
  align?: ('left' | 'right')[];
}

export interface Summary {
  blocks: Block[];
  /**
   * The stage's own markdown, for a stage whose report is richer than its blocks (evaluate: links,
   * folding to GitHub's size limit, the same text as its `summary.md`). Without it, markdown is
   * rendered from the blocks.
   */
  markdown?: string;
}

/** The spans of an inline, in order. */
export function spans(inline: Inline): Span[] {
  const list = Array.isArray(inline) ? inline : [inline];
  return list.map((s) => (typeof s === 'string' ? { text: s } : s));
}

/** The words of an inline without any marks. */
export const plainText = (inline: Inline): string =>
  spans(inline)
    .map((s) => s.text)
    .join('');

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ');

function mdInline(inline: Inline, inTable: boolean): string {
  return spans(inline)
    .map((s) => {
      let t = inTable ? mdCell(s.text) : s.text;
      if (s.code && t) t = '`' + t.replace(/`/g, "'") + '`';
      if (s.strong && t) t = `**${t}**`;
      if (s.href) t = `[${t}](${s.href})`;
      return t;
    })
    .join('');
}

const ICON: Partial<Record<Tone, string>> = { pass: '✅ ', fail: '❌ ', warn: '⚠️ ' };

/** GitHub-flavoured markdown of a summary: its own markdown when it has one. */
export function summaryMarkdown(summary: Summary): string {
  if (summary.markdown !== undefined) return summary.markdown;
  const out: string[] = [];
  for (const b of summary.blocks) {
    if (b.kind === 'heading') out.push(`### ${b.tone ? (ICON[b.tone] ?? '') : ''}${mdInline(b.text, false)}`);
    else if (b.kind === 'text') out.push(mdInline(b.text, false));
    else if (b.kind === 'list') out.push(b.items.map((i) => `- ${mdInline(i, false)}`).join('\n'));
    else
      out.push(
        [
          `| ${b.headers.map(mdCell).join(' | ')} |`,
          `|${b.headers.map((_, i) => (b.align?.[i] === 'right' ? '---:' : '---')).join('|')}|`,
          ...b.rows.map((r) => `| ${r.map((c) => mdInline(c, true)).join(' | ')} |`)
        ].join('\n')
      );
  }
  return out.join('\n\n') + '\n';
}

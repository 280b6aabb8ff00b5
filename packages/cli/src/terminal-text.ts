import { spans, type Block, type Inline, type Summary, type SummaryTable } from '@genaiops/core';
import type { Painter } from './terminal-style.js';

/** Characters on screen (a code point each: the symbols we use are one column wide). */
const width = (s: string) => [...s].length;

const ICON = { pass: '✓ ', fail: '✗ ', warn: '! ', muted: '' } as const;

interface Cell {
  /** Styled text. */
  text: string;
  /** Its width on screen, without the styling. */
  width: number;
}

/** An inline as one cell: each span masked, then styled (a secret is matched before any styling). */
function cell(inline: Inline, paint: Painter, mask: (s: string) => string): Cell {
  let text = '';
  let w = 0;
  for (const s of spans(inline)) {
    const t = mask(s.text).replace(/\r?\n|\r/g, ' ');
    w += width(t);
    text += paint.tone(s.tone, t, s.strong);
  }
  return { text, width: w };
}

/** Columns padded to their widest cell, two spaces apart; a rule under the headers. */
function tableLines(t: SummaryTable, paint: Painter, mask: (s: string) => string): string[] {
  const head = t.headers.map((h) => cell(h, paint, mask));
  const rows = t.rows.map((r) => t.headers.map((_, i) => cell(r[i] ?? '', paint, mask)));
  const widths = head.map((h, i) => Math.max(h.width, ...rows.map((r) => r[i].width)));
  const line = (cells: Cell[]) =>
    cells
      .map((c, i) => {
        const pad = ' '.repeat(widths[i] - c.width);
        return t.align?.[i] === 'right' ? pad + c.text : c.text + pad;
      })
      .join('  ')
      .trimEnd();
  const headers = head.map((h) => ({ ...h, text: paint.style('bold', h.text) }));
  const rule = widths
    .map((w) => '─'.repeat(w))
    .join('  ')
    .trimEnd();
  return [line(headers), paint.style('dim', rule), ...rows.map(line)].map((l) => `  ${l}`);
}

function blockLines(b: Block, paint: Painter, mask: (s: string) => string): string[] {
  switch (b.kind) {
    case 'heading': {
      const c = cell(b.text, paint, mask);
      return ['', paint.tone(b.tone, (b.tone ? ICON[b.tone] : '') + c.text, true)];
    }
    case 'text': {
      const c = cell(b.text, paint, mask);
      return [b.tone ? paint.tone(b.tone, c.text) : c.text];
    }
    case 'list':
      return b.items.map((i) => `  - ${cell(i, paint, mask).text}`);
    case 'table':
      return tableLines(b, paint, mask);
  }
}

/** A summary as plain lines for a terminal: aligned columns, no markup; colour when `paint` is on. */
export function summaryText(
  summary: Summary,
  paint: Painter,
  mask: (s: string) => string = (s) => s
): string[] {
  return summary.blocks.flatMap((b) => blockLines(b, paint, mask));
}

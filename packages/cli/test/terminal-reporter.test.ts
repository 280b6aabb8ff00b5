/** The terminal reporter's parts: aligned summaries, the colour decision, progress that is bounded or redrawn. */
import { SecretMasker, summaryMarkdown, type Summary } from '@genaiops/core';
import { ProgressBoard } from '../src/terminal-progress.js';
import { colourWanted, Painter } from '../src/terminal-style.js';
import { summaryText } from '../src/terminal-text.js';

const plain = new Painter(false);

const summary: Summary = {
  blocks: [
    { kind: 'heading', text: 'Smoke test · ep', tone: 'pass' },
    { kind: 'text', text: ['build ', { text: 'b-1', code: true }] },
    {
      kind: 'table',
      headers: ['variant', 'accuracy ↑'],
      rows: [
        ['defaults', '0.68'],
        [
          { text: 'classify|v1', code: true },
          { text: '0.84 ★', strong: true }
        ]
      ],
      align: ['left', 'right']
    },
    { kind: 'list', items: ['first failure'] }
  ]
};

test('a summary reads as aligned plain text; the same summary is a markdown table for the job summary', () => {
  expect(summaryText(summary, plain)).toEqual([
    '',
    '✓ Smoke test · ep',
    'build b-1',
    '  variant      accuracy ↑',
    '  ───────────  ──────────',
    '  defaults           0.68',
    '  classify|v1      0.84 ★',
    '  - first failure'
  ]);
  expect(summaryMarkdown(summary)).toBe(
    '### ✅ Smoke test · ep\n\nbuild `b-1`\n\n| variant | accuracy ↑ |\n|---|---:|\n| defaults | 0.68 |\n| `classify\\|v1` | **0.84 ★** |\n\n- first failure\n'
  );
});

test('cells are masked before they are measured, and colour does not move the columns', () => {
  const masker = new SecretMasker();
  masker.add('sk-0123456789abcdef');
  const s: Summary = {
    blocks: [{ kind: 'table', headers: ['key', 'n'], rows: [['sk-0123456789abcdef', '1']] }]
  };
  const lines = summaryText(s, plain, (t) => masker.mask(t));
  expect(lines.join('\n')).not.toContain('sk-0123');
  expect(lines[2]).toBe('  ***  1');
  const coloured = summaryText(summary, new Painter(true));
  expect(coloured.join('\n')).toMatch(/\x1b\[/);
  expect(coloured.map((l) => l.replace(/\x1b\[\d+m/g, ''))).toEqual(summaryText(summary, plain));
});

test('colour: FORCE_COLOR decides, then NO_COLOR, then a dumb terminal, then the TTY', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  expect(colourWanted(tty, {})).toBe(true);
  expect(colourWanted(pipe, {})).toBe(false);
  expect(colourWanted(tty, { NO_COLOR: '1' })).toBe(false);
  expect(colourWanted(tty, { NO_COLOR: '' })).toBe(true);
  expect(colourWanted(tty, { TERM: 'dumb' })).toBe(false);
  expect(colourWanted(pipe, { FORCE_COLOR: '1' })).toBe(true);
  expect(colourWanted(pipe, { FORCE_COLOR: '' })).toBe(true);
  expect(colourWanted(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
  expect(colourWanted(tty, { FORCE_COLOR: '0' })).toBe(false);
});

/** A board on a fake clock that records what it writes. */
function board(tty: boolean) {
  let now = 0;
  const out: string[] = [];
  const b = new ProgressBoard((t) => out.push(t), { tty, paint: plain, columns: () => 80, now: () => now });
  return { b, out, tick: (ms: number) => (now += ms) };
}

test('in a log, a 1,000-line task over 10 minutes prints a few lines, and a quick one none', () => {
  const { b, out, tick } = board(false);
  b.update('run slow', 0, 1000);
  for (let i = 1; i <= 1000; i++) {
    tick(600);
    b.update('run slow', i, 1000);
  }
  // 25, 50, 75 % and a heartbeat a minute: at most 3 + 10
  expect(out.length).toBeGreaterThanOrEqual(3);
  expect(out.length).toBeLessThanOrEqual(13);
  expect(out.every((l) => /^run slow: \d+\/1000 \(\d+%\)\n$/.test(l))).toBe(true);
  expect(out.join('')).not.toMatch(/[\r\x1b]/);

  const quick = board(false);
  for (let i = 0; i <= 24; i++) {
    quick.tick(50);
    quick.b.update('run quick', i, 24);
  }
  expect(quick.out).toEqual([]);
});

test('on a TTY each task has one live line, redrawn in place, with other output above it', () => {
  const { b, out, tick } = board(true);
  b.update('run a', 0, 10);
  b.update('run b', 0, 10);
  for (let i = 1; i <= 10; i++) {
    tick(200);
    b.update('run a', i, 10);
    if (i === 5) b.line('a line of the log');
  }
  const text = out.join('');
  // the log line is written once, after the live lines are cleared
  expect(text.split('a line of the log')).toHaveLength(2);
  expect(text).toMatch(/\x1b\[2A\r\x1b\[Ja line of the log\n/);
  // run a ended: the last draw shows run b alone
  const last = out.at(-1)!;
  expect(last).toMatch(/^\x1b\[2A\r\x1b\[J/);
  expect(last).toContain('0/10 run b');
  expect(last).not.toContain('run a');
  b.close();
  expect(out.at(-1)).toMatch(/^run b: 0\/10 \(0%\), unfinished after /);
  // no live line is ever wider than the terminal (a wrapped line would break the redraw)
  b.update('run ' + 'x'.repeat(200), 1, 2);
  const drawn = out
    .at(-1)!
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
    .replace(/\r/g, '');
  expect(Math.max(...drawn.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(79);
});

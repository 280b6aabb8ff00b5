import type { Painter } from './terminal-style.js';

interface Task {
  label: string;
  done: number;
  total: number;
  started: number;
  /** Non-TTY: the last quarter printed (0 to 4) and when. */
  quarter: number;
  printed: number;
}

export interface ProgressOptions {
  /** A terminal: live lines redrawn in place. Otherwise a log: a few lines per task. */
  tty: boolean;
  paint: Painter;
  /** The terminal's width (live lines are cut to it so that none wraps). */
  columns?: () => number | undefined;
  /** In a log, a task prints when it passes a quarter and this long has gone by since its last line (default 5 s). */
  quietMs?: number;
  /** In a log, a slow task prints at least this often (default 60 s). */
  heartbeatMs?: number;
  now?: () => number;
}

const BAR = 20;
/** A TTY redraws at most this often, but always when a task starts or ends. */
const REDRAW_MS = 100;
/** Live lines shown at once; the rest are counted. */
const MAX_LIVE = 8;
const ESC = '\x1b[';

/**
 * Progress of concurrent tasks (one per label, e.g. one run each). On a TTY each running task has
 * one live line at the bottom, redrawn in place (cursor up, clear); other output is written above
 * it. In a log, a task prints when it passes 25, 50 or 75 % at least `quietMs` after its last line,
 * and every `heartbeatMs` when it is slow: at most 3 lines plus one per heartbeat, none for a task
 * quicker than `quietMs`. A task ends when `done` reaches `total`: its live line goes, and the
 * caller's own line (a run's status, a smoke test's result) is its final line. A task that never
 * ends is closed with a line saying where it stopped.
 */
export class ProgressBoard {
  private readonly tasks = new Map<string, Task>();
  /** TTY: how many live lines are on screen below the last written line. */
  private drawn = 0;
  private lastDraw = 0;
  private readonly now: () => number;

  constructor(
    private readonly write: (text: string) => void,
    private readonly opts: ProgressOptions
  ) {
    this.now = opts.now ?? Date.now;
  }

  update(label: string, done: number, total: number): void {
    const now = this.now();
    let task = this.tasks.get(label);
    const starting = !task;
    if (!task) {
      task = { label, done, total, started: now, quarter: 0, printed: now };
      this.tasks.set(label, task);
    }
    task.done = Math.max(task.done, done);
    task.total = total;
    if (task.done >= task.total) {
      this.tasks.delete(label);
      if (this.opts.tty && this.drawn) this.redraw(now);
      return;
    }
    if (this.opts.tty) {
      if (starting || now - this.lastDraw >= REDRAW_MS) this.redraw(now);
      return;
    }
    const quarter = Math.floor((task.done / task.total) * 4);
    const since = now - task.printed;
    if (
      (quarter > task.quarter && since >= (this.opts.quietMs ?? 5_000)) ||
      since >= (this.opts.heartbeatMs ?? 60_000)
    ) {
      task.quarter = Math.max(task.quarter, quarter);
      task.printed = now;
      this.write(`${label}: ${task.done}/${task.total} (${percent(task)}%)\n`);
    }
  }

  /** A line of other output: above the live lines, which are drawn again below it. */
  line(text: string): void {
    if (!this.opts.tty || !this.drawn) {
      this.write(text + '\n');
      if (this.opts.tty && this.tasks.size) this.redraw(this.now());
      return;
    }
    this.write(this.clear() + text + '\n');
    this.redraw(this.now());
  }

  /** Ends the live lines: a task that never reached its total leaves a line saying where it stopped. */
  close(): void {
    const now = this.now();
    const open = [...this.tasks.values()];
    this.tasks.clear();
    if (this.opts.tty && this.drawn) this.write(this.clear());
    this.drawn = 0;
    for (const t of open)
      this.write(
        `${t.label}: ${t.done}/${t.total} (${percent(t)}%), unfinished after ${seconds(now - t.started)}\n`
      );
  }

  /** Cursor up over the live lines, clear to the end of the screen. */
  private clear(): string {
    const up = this.drawn ? `${ESC}${this.drawn}A\r${ESC}J` : '';
    this.drawn = 0;
    return up;
  }

  private redraw(now: number): void {
    this.lastDraw = now;
    const p = this.opts.paint;
    const cols = Math.max(20, (this.opts.columns?.() ?? 100) - 1);
    const live = [...this.tasks.values()];
    const lines = live.slice(0, MAX_LIVE).map((t) => {
      const filled = Math.round((t.done / (t.total || 1)) * BAR);
      const bar = p.style('green', '█'.repeat(filled)) + p.style('dim', '░'.repeat(BAR - filled));
      const head = `${String(percent(t)).padStart(3)}% ${t.done}/${t.total} `;
      // cut the label, never the bar: a wrapped line would break the redraw
      const room = cols - BAR - head.length - 1;
      const label = t.label.length > room ? t.label.slice(0, Math.max(0, room - 1)) + '…' : t.label;
      return `${bar} ${head}${label}`;
    });
    if (live.length > MAX_LIVE) lines.push(`… and ${live.length - MAX_LIVE} more`);
    this.write(this.clear() + lines.map((l) => l + '\n').join(''));
    this.drawn = lines.length;
  }
}

const percent = (t: Task) => (t.total ? Math.floor((t.done / t.total) * 100) : 100);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

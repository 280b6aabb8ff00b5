import { SecretMasker, type Reporter, type Summary, type Tone } from '@genaiops/core';
import { ProgressBoard } from './terminal-progress.js';
import { colourWanted, Painter } from './terminal-style.js';
import { summaryText } from './terminal-text.js';

export interface TerminalReporterOptions {
  /** Where everything goes (default stderr, so that stdout stays clean for data). */
  out?: NodeJS.WriteStream;
  masker?: SecretMasker;
  environ?: NodeJS.ProcessEnv;
  /** Colour on or off (default: see colourWanted). */
  colour?: boolean;
  /** Live progress lines redrawn in place (default: when `out` is a TTY). */
  tty?: boolean;
}

/**
 * The reporter of a terminal or any CI log. Logs go to stderr so stdout stays clean for data (JSON
 * where pf prints JSON). Summaries are aligned plain text (the markdown is for GitHub's job summary),
 * coloured on a TTY. Progress is one live line per task on a TTY, a few lines per task otherwise.
 * Every line is masked: secrets registered by stages, and those the environment holds (a model key
 * that an endpoint echoes must not reach the log even when this process never read the connection).
 */
export class TerminalReporter implements Reporter {
  readonly masker: SecretMasker;
  private readonly out: NodeJS.WriteStream;
  private readonly paint: Painter;
  private readonly board: ProgressBoard;

  constructor(opts: TerminalReporterOptions = {}) {
    const environ = opts.environ ?? process.env;
    this.out = opts.out ?? process.stderr;
    this.masker = opts.masker ?? SecretMasker.fromEnvironment(environ);
    this.paint = new Painter(opts.colour ?? colourWanted(this.out, environ));
    this.board = new ProgressBoard((t) => this.out.write(t), {
      tty: opts.tty ?? this.out.isTTY === true,
      paint: this.paint,
      columns: () => this.out.columns
    });
  }

  private write(line: string) {
    this.board.line(line);
  }
  info(m: string, tone?: Tone) {
    this.write(this.paint.tone(tone, this.masker.mask(m)));
  }
  warn(m: string) {
    this.write(this.paint.tone('warn', 'warning:', true) + ' ' + this.masker.mask(m));
  }
  error(m: string) {
    this.write(this.paint.tone('fail', 'error:', true) + ' ' + this.masker.mask(m));
  }
  async group<T>(title: string, fn: () => Promise<T>) {
    this.write(this.paint.style('bold', `▸ ${this.masker.mask(title)}`));
    return fn();
  }
  progress(label: string, done: number, total: number) {
    this.board.update(this.masker.mask(label), done, total);
  }
  summary(s: Summary) {
    for (const line of summaryText(s, this.paint, (t) => this.masker.mask(t))) this.write(line);
  }
  secret(v: string) {
    this.masker.add(v);
  }
  mask(text: string) {
    return this.masker.mask(text);
  }
  /** Ends the live progress lines (the last output of a command). */
  close() {
    this.board.close();
  }
}

import { SecretMasker, type Reporter } from '@genaiops/core';

/**
 * Logs go to stderr so stdout stays clean for data (JSON where pf prints JSON). Progress redraws one
 * line on a terminal and prints a plain line every few seconds otherwise (CI logs). Every line is
 * masked: secrets registered by stages, and those the environment holds (a model key that an
 * endpoint echoes must not reach the log even when this process never read the connection).
 */
export class TerminalReporter implements Reporter {
  private lastProgress = 0;
  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    readonly masker = SecretMasker.fromEnvironment(process.env)
  ) {}

  private write(line: string) {
    this.out.write(this.masker.mask(line) + '\n');
  }
  info(m: string) {
    this.write(m);
  }
  warn(m: string) {
    this.write(`warning: ${m}`);
  }
  error(m: string) {
    this.write(`error: ${m}`);
  }
  async group<T>(title: string, fn: () => Promise<T>) {
    this.write(`▸ ${title}`);
    return fn();
  }
  progress(label: string, done: number, total: number) {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (this.out.isTTY) {
      const width = 30;
      const bar = '█'.repeat(Math.round((pct / 100) * width)).padEnd(width, '░');
      this.out.write(`\r${label} ${bar} ${done}/${total}${done >= total ? '\n' : ''}`);
      return;
    }
    const now = Date.now();
    if (done >= total || now - this.lastProgress >= 5000) {
      this.lastProgress = now;
      this.write(`${label}: ${done}/${total} (${pct}%)`);
    }
  }
  summary(md: string) {
    this.write(md);
  }
  secret(v: string) {
    this.masker.add(v);
  }
  mask(text: string) {
    return this.masker.mask(text);
  }
}

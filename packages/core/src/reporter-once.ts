import type { SourceLocation } from './errors.js';
import type { Reporter } from './reporter.js';
import type { Summary, Tone } from './summary.js';

/**
 * A reporter that prints each distinct warning once: repeats (the same text, e.g. once per run or
 * per line) are counted, and `flush()` says how many times each one came.
 */
export class WarnOnceReporter implements Reporter {
  private readonly seen = new Map<string, number>();

  constructor(private readonly inner: Reporter) {}

  warn(message: string, where?: SourceLocation): void {
    const key = where ? `${where.file}:${where.line ?? ''}:${message}` : message;
    const n = this.seen.get(key) ?? 0;
    this.seen.set(key, n + 1);
    if (n === 0) this.inner.warn(message, where);
  }

  /** One line per warning that came more than once. */
  flush(): void {
    for (const [key, n] of this.seen)
      if (n > 1) this.inner.warn(`the warning "${truncate(key)}" came ${n} times (printed once)`);
    this.seen.clear();
  }

  info(m: string, tone?: Tone) {
    this.inner.info(m, tone);
  }
  error(m: string, where?: SourceLocation) {
    this.inner.error(m, where);
  }
  group<T>(title: string, fn: () => Promise<T>) {
    return this.inner.group(title, fn);
  }
  progress(label: string, done: number, total: number) {
    this.inner.progress(label, done, total);
  }
  summary(s: Summary) {
    this.inner.summary(s);
  }
  secret(v: string) {
    this.inner.secret(v);
  }
}

const truncate = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}…` : s);

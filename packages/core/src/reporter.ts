import type { SourceLocation } from './errors.js';

/**
 * How a stage talks to its caller. Stages know nothing of GitHub or terminals: the action maps this
 * to @actions/core (annotations, groups, job summary), the CLI to stderr/stdout.
 */
export interface Reporter {
  info(message: string): void;
  warn(message: string, where?: SourceLocation): void;
  error(message: string, where?: SourceLocation): void;
  /** Runs `fn` inside a collapsible group. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Progress of a long task: `done` out of `total` units. */
  progress(label: string, done: number, total: number): void;
  /** Markdown for the job summary (GitHub) or the end of the output (CLI). */
  summary(markdown: string): void;
  /** Marks a value as secret so no later log line shows it. */
  secret(value: string): void;
}

/** A reporter that keeps everything in memory: for tests and for callers that print later. */
export class MemoryReporter implements Reporter {
  readonly lines: string[] = [];
  readonly warnings: string[] = [];
  readonly errors: string[] = [];
  readonly summaries: string[] = [];
  readonly secrets: string[] = [];
  info(m: string) {
    this.lines.push(m);
  }
  warn(m: string) {
    this.warnings.push(m);
  }
  error(m: string) {
    this.errors.push(m);
  }
  async group<T>(title: string, fn: () => Promise<T>) {
    this.lines.push(`## ${title}`);
    return fn();
  }
  progress() {}
  summary(md: string) {
    this.summaries.push(md);
  }
  secret(v: string) {
    this.secrets.push(v);
  }
}

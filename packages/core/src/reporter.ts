import type { SourceLocation } from './errors.js';
import { SecretMasker } from './util/secret-masker.js';
import { summaryMarkdown, type Summary, type Tone } from './summary.js';

/**
 * How a stage talks to its caller. Stages know nothing of GitHub or terminals: the action maps this
 * to @actions/core (annotations, groups, job summary), the CLI to stderr/stdout.
 */
export interface Reporter {
  /** A line of the log; `tone` says how it reads (a passed gate: `pass`), for a reporter that colours. */
  info(message: string, tone?: Tone): void;
  warn(message: string, where?: SourceLocation): void;
  error(message: string, where?: SourceLocation): void;
  /** Runs `fn` inside a collapsible group. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Progress of a long task (one per `label`, e.g. one run): `done` out of `total` units, called as
   * it moves (from 0, not always in order of labels). The task ends when `done` reaches `total`: the
   * reporter then shows one final line for it. A reporter may drop calls (a terminal redraws one line
   * per task, a log prints a few), so a caller calls it as often as it likes.
   */
  progress(label: string, done: number, total: number): void;
  /** What a stage reports at its end, as data: the job summary (GitHub) or aligned text (terminal). */
  summary(summary: Summary): void;
  /** Marks a value as secret so no later log line shows it. */
  secret(value: string): void;
  /** The text as this reporter would show it (secrets masked): for what goes out another way (stdout). */
  mask?(text: string): string;
}

/**
 * A reporter that keeps everything in memory: for tests and for callers that print later. It masks
 * as the terminal and the runner do, so what it holds is what a user would see.
 */
export class MemoryReporter implements Reporter {
  readonly lines: string[] = [];
  readonly warnings: string[] = [];
  readonly errors: string[] = [];
  readonly summaries: string[] = [];
  readonly secrets: string[] = [];
  readonly masker = new SecretMasker();
  info(m: string) {
    this.lines.push(this.masker.mask(m));
  }
  warn(m: string) {
    this.warnings.push(this.masker.mask(m));
  }
  error(m: string) {
    this.errors.push(this.masker.mask(m));
  }
  async group<T>(title: string, fn: () => Promise<T>) {
    this.lines.push(`## ${this.masker.mask(title)}`);
    return fn();
  }
  progress() {}
  /** Holds the markdown a job summary would get. */
  summary(s: Summary) {
    this.summaries.push(this.masker.mask(summaryMarkdown(s)));
  }
  secret(v: string) {
    this.secrets.push(v);
    this.masker.add(v);
  }
  mask(text: string) {
    return this.masker.mask(text);
  }
}

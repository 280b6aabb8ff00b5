import * as core from '@actions/core';
import {
  SecretMasker,
  summaryMarkdown,
  type Reporter,
  type SourceLocation,
  type Summary
} from '@genaiops/core';

const annotation = (where?: SourceLocation): core.AnnotationProperties | undefined =>
  where && { file: where.file, startLine: where.line, startColumn: where.column };

/**
 * The core Reporter on the runner: annotations with file/line, log groups, the job summary, masking.
 * The runner masks only exact values it was told of, in logs but not in the job summary: our
 * masker covers the summary and the quoted forms of a secret too.
 */
export class ActionsReporter implements Reporter {
  private lastProgress = 0;
  readonly masker = new SecretMasker();
  constructor(environ: NodeJS.ProcessEnv = process.env) {
    this.masker.addEnvironment(environ);
  }
  info(m: string) {
    core.info(this.masker.mask(m));
  }
  warn(m: string, where?: SourceLocation) {
    core.warning(this.masker.mask(m), annotation(where));
  }
  error(m: string, where?: SourceLocation) {
    core.error(this.masker.mask(m), annotation(where));
  }
  group<T>(title: string, fn: () => Promise<T>) {
    return core.group(this.masker.mask(title), fn);
  }
  progress(label: string, done: number, total: number) {
    const now = Date.now();
    if (done >= total || now - this.lastProgress >= 10_000) {
      this.lastProgress = now;
      core.info(`${label}: ${done}/${total}`);
    }
  }
  /** The job summary is markdown: the stage's own, or rendered from its blocks. */
  summary(s: Summary) {
    core.summary.addRaw(this.masker.mask(summaryMarkdown(s)), true);
  }
  secret(v: string) {
    if (v) core.setSecret(v);
    this.masker.add(v);
  }
  mask(text: string) {
    return this.masker.mask(text);
  }
}

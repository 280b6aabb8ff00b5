import * as core from '@actions/core';
import type { Reporter, SourceLocation } from '@genaiops/core';

const annotation = (where?: SourceLocation): core.AnnotationProperties | undefined =>
  where && { file: where.file, startLine: where.line, startColumn: where.column };

/** The core Reporter on the runner: annotations with file/line, log groups, the job summary, masking. */
export class ActionsReporter implements Reporter {
  private lastProgress = 0;
  info(m: string) {
    core.info(m);
  }
  warn(m: string, where?: SourceLocation) {
    core.warning(m, annotation(where));
  }
  error(m: string, where?: SourceLocation) {
    core.error(m, annotation(where));
  }
  group<T>(title: string, fn: () => Promise<T>) {
    return core.group(title, fn);
  }
  progress(label: string, done: number, total: number) {
    const now = Date.now();
    if (done >= total || now - this.lastProgress >= 10_000) {
      this.lastProgress = now;
      core.info(`${label}: ${done}/${total}`);
    }
  }
  summary(md: string) {
    core.summary.addRaw(md, true);
  }
  secret(v: string) {
    if (v) core.setSecret(v);
  }
}

/** Where a problem is: a file, and inside it a JSON/YAML path and, when known, a line and column. */
export interface SourceLocation {
  file: string;
  /** Dotted path inside the document, e.g. `environments.dev.deployment.traffic`. */
  path?: string;
  line?: number;
  column?: number;
}

/** One thing wrong with a user's input. `message` says what was expected and what was found. */
export interface Problem extends SourceLocation {
  message: string;
}

export function formatProblem(p: Problem): string {
  const pos = p.line ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
  return p.path ? `${pos}: ${p.path}: ${p.message}` : `${pos}: ${p.message}`;
}

/**
 * A mistake in the user's input (config, flow, data, arguments). The CLI and the actions print its
 * message without a stack trace and exit 1; anything else that is thrown is our bug (exit 2).
 */
export class UserError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[] | string) {
    const list = typeof problems === 'string' ? [] : problems;
    super(typeof problems === 'string' ? problems : list.map(formatProblem).join('\n'));
    this.name = 'UserError';
    this.problems = list;
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** Throws one UserError holding every problem, if there are any. */
export function throwIfProblems(problems: Problem[]): void {
  if (problems.length) throw new UserError(problems);
}

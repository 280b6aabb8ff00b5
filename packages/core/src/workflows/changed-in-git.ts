// `changedUseCases` over a git repository: what `genaiops changed` and the internal action
// `action-changed` (used by the reusable genaiops-changed.yml) both run.
import { execFileSync } from 'node:child_process';
import { UserError } from '../errors.js';
import type { Reporter } from '../reporter.js';
import { changedUseCases, useCaseDirsOf } from './changed-use-cases.js';

export interface ChangedInGitOptions {
  /** The older commit (push: `github.event.before`; pull request: the base branch's sha). */
  base?: string;
  /** The newer commit; default HEAD. */
  head?: string;
  /** Only use-cases under these folders (default: anywhere in the repository). */
  root?: string[];
  /** Globs of shared code (default: everything outside use-case folders but docs/**\/*.md). */
  shared?: string[];
  /** Every use-case, whatever changed. */
  all?: boolean;
  /** The repository; default the working directory. */
  cwd?: string;
}

const git = (cwd: string, args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024
  });
const lines = (text: string) => text.split('\n').filter((l) => l !== '');

/**
 * The use-case folders changed between `base` and `head` (`git diff --name-only base...head`,
 * renames as delete + add), as `changedUseCases` decides. Every use-case when there is no base to
 * compare with: none given, the all-zero sha of a new branch, or a commit this clone does not have.
 */
export function changedInGit(opts: ChangedInGitOptions, reporter: Reporter): string[] {
  const cwd = opts.cwd ?? process.cwd();
  const head = opts.head || 'HEAD';
  let files: string[];
  try {
    files = lines(git(cwd, ['ls-tree', '-r', '--name-only', '--full-tree', head]));
  } catch (e) {
    throw new UserError(
      `git ls-tree ${head} failed: ${gitMessage(e)} (is ${cwd} a git repository holding ${head}?)`
    );
  }
  const useCaseDirs = useCaseDirsOf(files, opts.root ?? []);
  if (opts.all) return useCaseDirs;

  const base = opts.base ?? '';
  if (base === '' || /^0+$/.test(base)) {
    reporter.warn('no base commit to compare with: selecting every use-case');
    return useCaseDirs;
  }
  let changedFiles: string[];
  try {
    git(cwd, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`]);
    changedFiles = lines(git(cwd, ['diff', '--name-only', '--no-renames', `${base}...${head}`]));
  } catch (e) {
    reporter.warn(
      `cannot compare with ${base} (${gitMessage(e) || 'unknown commit'}; fetch more history?): selecting every use-case`
    );
    return useCaseDirs;
  }
  return changedUseCases({
    changedFiles,
    useCaseDirs,
    sharedGlobs: opts.shared?.length ? opts.shared : undefined
  });
}

/**
 * The commit to compare with for a GitHub event, when none is given: a pull request's base, the
 * commit before a push, a merge queue group's base; none (every use-case) for other events.
 */
export function eventBase(eventName: string, payload: unknown): string | undefined {
  const at = (...keys: string[]) =>
    keys.reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      payload
    );
  let base: unknown;
  if (eventName === 'pull_request' || eventName === 'pull_request_target')
    base = at('pull_request', 'base', 'sha');
  else if (eventName === 'push') base = at('before');
  else if (eventName === 'merge_group') base = at('merge_group', 'base_sha');
  return typeof base === 'string' && base !== '' ? base : undefined;
}

function gitMessage(e: unknown): string {
  const stderr = (e as { stderr?: string | Buffer })?.stderr;
  return (stderr ? String(stderr) : String((e as Error)?.message ?? e)).trim().split('\n')[0] ?? '';
}

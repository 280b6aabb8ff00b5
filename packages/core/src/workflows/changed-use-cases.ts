// Which use-cases a push or a pull request touched: the input of the reusable workflows' matrix.
// Pure functions over path lists (no git, no file system); `genaiops changed` feeds them.
import { CONFIG_FILE } from '../config/load.js';

/**
 * Files outside every use-case folder that count as shared code (a change to one re-runs every
 * use-case) when no list is given: everything except Markdown under `docs/`.
 */
export const DEFAULT_SHARED_GLOBS: readonly string[] = ['**', '!docs/**/*.md'];

export interface ChangedUseCasesOptions {
  /** Paths changed between the two commits, relative to the repository root (`git diff --name-only`). */
  changedFiles: readonly string[];
  /** Use-case folders that exist in the newer commit, relative to the repository root (`.` for the root). */
  useCaseDirs: readonly string[];
  /**
   * Globs of shared code, matched against whole paths relative to the repository root; a pattern
   * starting with `!` excludes. A changed file outside every use-case folder that matches a pattern
   * and no exclusion re-runs every use-case. Default {@link DEFAULT_SHARED_GLOBS}.
   */
  sharedGlobs?: readonly string[];
}

/**
 * The use-case folders to run, sorted: each use-case holding a changed file (a file belongs to the
 * deepest use-case folder around it), or every use-case when shared code changed. Files of a deleted
 * use-case (its `llmops_config.json` is among the changed files but the folder is not in
 * `useCaseDirs`) select nothing.
 */
export function changedUseCases(opts: ChangedUseCasesOptions): string[] {
  const dirs = [...new Set(opts.useCaseDirs.map(normalizeRepoPath))];
  const byDepth = [...dirs].sort((a, b) => depth(b) - depth(a));
  const shared = compileGlobs(opts.sharedGlobs ?? DEFAULT_SHARED_GLOBS);
  const files = opts.changedFiles.map(normalizeRepoPath).filter((f) => f !== '.');

  // Folders whose config was changed but which no longer are use-cases: deleted (or renamed away).
  const dirSet = new Set(dirs);
  const removed = files
    .filter((f) => f === CONFIG_FILE || f.endsWith(`/${CONFIG_FILE}`))
    .map(parentDir)
    .filter((d) => !dirSet.has(d));

  const selected = new Set<string>();
  for (const file of files) {
    const owner = byDepth.find((d) => isInside(file, d));
    const removedOwner = removed.filter((d) => isInside(file, d)).sort((a, b) => depth(b) - depth(a))[0];
    // A file in a deleted use-case nested inside a live one belongs to the deleted one.
    if (removedOwner !== undefined && (owner === undefined || depth(removedOwner) > depth(owner))) continue;
    if (owner !== undefined) selected.add(owner);
    else if (shared(file)) return dirs.sort();
  }
  return [...selected].sort();
}

/** Use-case folders from a list of the repository's files: the folders holding an `llmops_config.json`. */
export function useCaseDirsOf(files: readonly string[], roots: readonly string[] = []): string[] {
  const under = roots.map(normalizeRepoPath);
  return [
    ...new Set(
      files
        .map(normalizeRepoPath)
        .filter((f) => f === CONFIG_FILE || f.endsWith(`/${CONFIG_FILE}`))
        .map(parentDir)
        .filter((d) => under.length === 0 || under.some((root) => isInside(d, root)))
    )
  ].sort();
}

/**
 * A predicate for a list of globs: true when a path matches a pattern and no later exclusion.
 * Later patterns win, as in `.gitignore`: `['**', '!docs/**', 'docs/api/**']` keeps docs/api.
 */
export function compileGlobs(globs: readonly string[]): (file: string) => boolean {
  const rules = globs
    .map((g) => g.trim())
    .filter((g) => g !== '' && !g.startsWith('#'))
    .map((g) =>
      g.startsWith('!')
        ? { exclude: true, re: globToRegExp(g.slice(1)) }
        : { exclude: false, re: globToRegExp(g) }
    );
  return (file) => {
    const path = normalizeRepoPath(file);
    let hit = false;
    for (const rule of rules) if (rule.re.test(path)) hit = !rule.exclude;
    return hit;
  };
}

/**
 * A glob as a regular expression over a whole path with `/` separators: `**` any number of
 * folders (as a whole segment), `*` any characters but `/`, `?` one character but `/`,
 * `{a,b}` alternatives, `[abc]` / `[!abc]` a character class. A trailing `/` means everything under.
 */
export function globToRegExp(glob: string): RegExp {
  let g = normalizeRepoPath(glob);
  if (glob.trim().endsWith('/') && g !== '.') g += '/**';
  let re = '';
  let braces = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      const atStart = i === 0 || g[i - 1] === '/';
      const atEnd = i + 2 === g.length || g[i + 2] === '/';
      if (atStart && atEnd) {
        // `**/` matches zero or more whole folders; a final `**` anything, including nothing below.
        if (i + 2 === g.length) re += '.*';
        else {
          re += '(?:[^/]+/)*';
          i++; // the slash
        }
        i++;
        continue;
      }
      re += '[^/]*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '[') {
      const end = g.indexOf(']', i + 2);
      if (end === -1) re += '\\[';
      else {
        let body = g.slice(i + 1, end);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        re += `[${negate ? '^/' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** `./a\\b/` → `a/b`; the root is `.`. */
export function normalizeRepoPath(p: string): string {
  const s = p
    .trim()
    .replace(/\\/g, '/')
    .replace(/\/{2,}/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/(\.\/)+/g, '/')
    .replace(/\/$/, '');
  return s === '' ? '.' : s;
}

function parentDir(file: string): string {
  const i = file.lastIndexOf('/');
  return i === -1 ? '.' : file.slice(0, i);
}

function isInside(file: string, dir: string): boolean {
  return dir === '.' || file === dir || file.startsWith(`${dir}/`);
}

function depth(dir: string): number {
  return dir === '.' ? 0 : dir.split('/').length;
}

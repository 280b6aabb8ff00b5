/**
 * Content hashes for registration: a data file's SHA-256, and a flow folder's hash over its
 * relative paths and bytes, so that a registered version is reused exactly when nothing changed.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';

/** SHA-256 (hex) of a file's bytes. */
export async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256');
  await new Promise<void>((resolve, reject) =>
    createReadStream(file)
      .on('data', (chunk) => h.update(chunk))
      .on('error', reject)
      .on('end', () => resolve())
  );
  return h.digest('hex');
}

/** Always left out of a flow's snapshot (run outputs, caches, tool metadata prompt flow regenerates). */
export const ALWAYS_IGNORED = ['.promptflow/', '__pycache__/', '.runs/'];
/** Ignore files read from the flow folder, in this order (`.amlignore` is what Azure ML reads). */
export const IGNORE_FILES = ['.amlignore', '.gitignore'];

/** One file of a flow snapshot. */
export interface FlowFile {
  /** Path inside the snapshot (posix). */
  rel: string;
  /** Absolute path on disk. */
  abs: string;
}

export interface FlowSnapshot {
  /** Files in the snapshot, sorted by `rel` (code-unit order). */
  files: FlowFile[];
  /** SHA-256 hex over (path, size, bytes) of every file in `rel` order. */
  hash: string;
}

/**
 * The files of a flow folder that a registration keeps, and their hash.
 *
 * - paths are relative to the folder with `/` separators, sorted, so the hash does not depend on
 *   the order the file system lists them (a different checkout order gives the same hash);
 * - each file contributes its path and its bytes (length-prefixed), so renaming a file, or moving
 *   bytes from one file to another, changes the hash;
 * - `.promptflow/`, `__pycache__/`, `.runs/` and the patterns of `.amlignore` / `.gitignore` in
 *   the folder are left out (the ignore files themselves stay in);
 * - `additional_includes` (file or folder, relative to the flow folder) are taken in under their
 *   base name, as prompt flow's snapshot does.
 */
export function flowSnapshot(dir: string, additionalIncludes: readonly string[] = []): FlowSnapshot {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`${dir}: flow folder not found`);
  const ignore = readIgnorePatterns(dir);
  const files: FlowFile[] = [];
  walk(dir, '', ignore, files);
  for (const include of additionalIncludes) {
    const abs = path.resolve(dir, include);
    const base = path.basename(abs);
    if (!existsSync(abs)) throw new UserError(`${dir}: additional_includes entry "${include}" not found`);
    if (statSync(abs).isDirectory()) walk(abs, base, [], files);
    else files.push({ rel: base, abs });
  }
  const seen = new Set<string>();
  const unique = files.filter((f) => (seen.has(f.rel) ? false : (seen.add(f.rel), true)));
  unique.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const h = createHash('sha256');
  for (const f of unique) {
    const bytes = readFileSync(f.abs);
    const name = Buffer.from(f.rel, 'utf8');
    h.update(`${name.length}:`).update(name).update(`${bytes.length}:`).update(bytes);
  }
  return { files: unique, hash: h.digest('hex') };
}

function walk(root: string, prefix: string, ignore: IgnoreRule[], out: FlowFile[]): void {
  const recurse = (abs: string, rel: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const childAbs = path.join(abs, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = statSync(childAbs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // dangling link
        }
      }
      if (!isDir && !isFile) continue;
      if (isIgnored(childRel, isDir, ignore)) continue;
      if (isDir) recurse(childAbs, childRel);
      else out.push({ rel: prefix ? `${prefix}/${childRel}` : childRel, abs: childAbs });
    }
  };
  recurse(root, '');
}

// ---- ignore patterns (a gitignore subset) ----------------------------------------------------

export interface IgnoreRule {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
  /** Pattern with a `/` before its end: matched against the whole path, else against any base name. */
  anchored: boolean;
}

function readIgnorePatterns(dir: string): IgnoreRule[] {
  const lines = [...ALWAYS_IGNORED];
  for (const name of IGNORE_FILES) {
    const file = path.join(dir, name);
    if (existsSync(file)) lines.push(...readFileSync(file, 'utf8').split(/\r?\n/));
  }
  return parseIgnore(lines);
}

/**
 * gitignore-style patterns: `#` comments, `!` negation, trailing `/` for folders only, a leading or
 * inner `/` anchors to the flow folder, `*` and `?` within a path segment, `**` across segments.
 * A folder that is ignored is not entered (as git does).
 */
export function parseIgnore(lines: string[]): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (let line of lines) {
    line = line.replace(/\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    }
    if (line.startsWith('\\')) line = line.slice(1);
    let dirOnly = false;
    if (line.endsWith('/')) {
      dirOnly = true;
      line = line.slice(0, -1);
    }
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    if (!line) continue;
    rules.push({ regex: globToRegex(line), negate, dirOnly, anchored });
  }
  return rules;
}

export function isIgnored(rel: string, isDir: boolean, rules: IgnoreRule[]): boolean {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  let ignored = false;
  for (const r of rules) {
    if (r.dirOnly && !isDir) continue;
    if (r.regex.test(r.anchored ? rel : base)) ignored = !r.negate;
  }
  return ignored;
}

function globToRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` any leading folders, `/**` everything inside, `**` anything
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end > i) {
        re +=
          '[' +
          glob
            .slice(i + 1, end)
            .replace(/^!/, '^')
            .replace(/\\/g, '\\\\') +
          ']';
        i = end;
      } else re += '\\[';
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

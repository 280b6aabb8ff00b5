/**
 * Content hashes for registration: a data file's SHA-256, and a flow folder's hash over its
 * relative paths and bytes, so that a registered version is reused exactly when nothing changed.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
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

export interface SnapshotOptions {
  /** The use-case folder: no symbolic link may lead outside it (default: the flow folder). */
  useCaseDir?: string;
  /** The repository: `additional_includes` must stay inside it (default: not checked). */
  repoRoot?: string;
  /** Follow symbolic links that stay inside the use-case folder (default false: any link is refused). */
  allowSymlinks?: boolean;
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
 *   base name, as prompt flow's snapshot does;
 * - what is hashed is what gets registered, uploaded and deployed, so nothing may come from outside:
 *   a symbolic link is refused unless `allowSymlinks` (and then must stay inside the use-case
 *   folder), an include must stay inside the repository, and a link loop is an error.
 */
export function flowSnapshot(
  dir: string,
  additionalIncludes: readonly string[] = [],
  opts: SnapshotOptions = {}
): FlowSnapshot {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`${dir}: flow folder not found`);
  const ignore = readIgnorePatterns(dir);
  const files: FlowFile[] = [];
  const links = { allow: opts.allowSymlinks === true, boundary: realpathSync(opts.useCaseDir ?? dir) };
  walk(dir, '', ignore, files, links);
  for (const include of additionalIncludes) {
    const abs = path.resolve(dir, include);
    const base = path.basename(abs);
    if (!existsSync(abs)) throw new UserError(`${dir}: additional_includes entry "${include}" not found`);
    const real = realpathSync(abs);
    const repo = opts.repoRoot && realpathSync(opts.repoRoot);
    if (repo && !isInside(real, repo))
      throw new UserError(
        `${dir}: additional_includes entry "${include}" resolves to ${real}, outside the repository ${repo}; include only files of the repository`
      );
    if (real !== abs && !links.allow)
      throw new UserError(
        `${dir}: additional_includes entry "${include}" is a symbolic link (to ${real}): ${SWITCH}`
      );
    if (statSync(abs).isDirectory()) walk(abs, base, [], files, { ...links, boundary: repo ?? real });
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

const SWITCH =
  'symbolic links are refused; set "allowSymlinks": true in llmops_config.json to follow those that stay inside the use-case folder';

const isInside = (p: string, root: string) =>
  p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

function walk(
  root: string,
  prefix: string,
  ignore: IgnoreRule[],
  out: FlowFile[],
  links: { allow: boolean; boundary: string }
): void {
  // real paths of the folders being walked: meeting one again through a link is a loop
  const open = new Set<string>();
  const recurse = (abs: string, rel: string) => {
    const real = realpathSync(abs);
    if (open.has(real))
      throw new UserError(`${abs}: symbolic link loop (it leads back to ${real}, a folder that contains it)`);
    open.add(real);
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const childAbs = path.join(abs, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(childAbs);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ELOOP')
            throw new UserError(`${childAbs}: symbolic link loop (it never resolves to a file)`);
          continue; // dangling link
        }
        if (isIgnored(childRel, statSync(target).isDirectory(), ignore)) continue;
        if (!isInside(target, links.boundary))
          throw new UserError(
            `${childAbs}: symbolic link to ${target}, outside ${links.boundary}; nothing outside the use-case folder is registered or deployed`
          );
        if (!links.allow) throw new UserError(`${childAbs}: symbolic link (to ${target}): ${SWITCH}`);
        const st = statSync(target);
        isDir = st.isDirectory();
        isFile = st.isFile();
      }
      if (!isDir && !isFile) continue;
      if (isIgnored(childRel, isDir, ignore)) continue;
      if (isDir) recurse(childAbs, childRel);
      else out.push({ rel: prefix ? `${prefix}/${childRel}` : childRel, abs: childAbs });
    }
    open.delete(real);
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

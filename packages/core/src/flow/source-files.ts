/** Finding the files a flow names (tool sources, the flex entry module), inside the flow folder. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { resolveInside } from '../util/paths.js';
import { closest } from '../util/did-you-mean.js';

export type FileLookup = { file: string } | { problem: string };

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Resolves `relative` (as written in the flow) to a file inside `dir`. As prompt flow does when it
 * builds a snapshot, `additional_includes` entries count as if copied into the flow folder under
 * their base name (a file include as `name`, a folder include as `name/...`).
 */
export function resolveFlowFile(
  dir: string,
  relative: string,
  additionalIncludes: readonly string[] = []
): FileLookup {
  const rel = relative.replace(/\\/g, '/');
  const inside = resolveInside(dir, rel);
  if (!inside) {
    return {
      problem: `"${relative}" is outside the flow folder (paths stay inside it; share files with additional_includes)`
    };
  }
  if (isFile(inside)) return { file: inside };
  for (const include of additionalIncludes) {
    const abs = path.resolve(dir, include);
    const base = path.basename(abs);
    if (rel === base && isFile(abs)) return { file: abs };
    if (rel.startsWith(base + '/') && isDirectory(abs)) {
      const candidate = path.join(path.dirname(abs), rel);
      if (isFile(candidate)) return { file: candidate };
    }
  }
  return { problem: `file "${relative}" not found in the flow folder${siblingHint(inside, rel)}` };
}

/** ` (did you mean "x"?)` from the files next to where `missing` was expected. */
function siblingHint(missing: string, rel: string): string {
  let names: string[];
  try {
    names = readdirSync(path.dirname(missing));
  } catch {
    return '';
  }
  const c = closest(path.basename(missing), names);
  if (!c) return '';
  const relDir = path.posix.dirname(rel);
  return ` (did you mean "${relDir === '.' ? c : `${relDir}/${c}`}"?)`;
}

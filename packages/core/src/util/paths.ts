import path from 'node:path';

/**
 * Resolves a path written in a use-case's config against the use-case folder, refusing absolute
 * paths and any that climb out of the folder. Returns undefined when refused.
 */
export function resolveInside(root: string, relative: string): string | undefined {
  if (
    relative === '' ||
    path.isAbsolute(relative) ||
    /^[a-zA-Z]:[\\/]/.test(relative) ||
    relative.startsWith('\\')
  )
    return undefined;
  const resolved = path.resolve(root, relative);
  const rel = path.relative(root, resolved);
  if (rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) return undefined;
  return resolved;
}

/** A path relative to `from`, with forward slashes, for messages and models that travel across OSes. */
export function toPosixRelative(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/') || '.';
}

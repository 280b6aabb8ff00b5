// Puts the worker script and the promptflow shim on disk once per machine and content version.
// Their text is compiled in (sources.ts), so the ncc-bundled actions need no files beside them.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SHIM_FILES, WORKER_PY } from './sources.js';

export interface InstalledWorker {
  /** The worker script. */
  worker: string;
  /** The folder that holds the `promptflow` shim package (appended to sys.path when needed). */
  shim: string;
}

let installed: InstalledWorker | undefined;

function files(): Record<string, string> {
  const all: Record<string, string> = { 'worker.py': WORKER_PY };
  for (const [path, text] of Object.entries(SHIM_FILES)) all[`shim/${path}`] = text;
  return all;
}

function writeAll(dir: string, all: Record<string, string>): void {
  for (const [path, text] of Object.entries(all)) {
    const file = join(dir, ...path.split('/'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** True when `dir` holds exactly our files and is ours alone to write. */
function intact(dir: string, all: Record<string, string>): boolean {
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) return false;
    if (process.platform !== 'win32') {
      if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return false;
      if ((st.mode & 0o022) !== 0) return false;
    }
    return Object.entries(all).every(
      ([path, text]) => readFileSync(join(dir, ...path.split('/')), 'utf8') === text
    );
  } catch {
    return false;
  }
}

/**
 * Writes the worker files under the temp folder, in a folder named after their content hash (so
 * versions never mix and a second pool reuses the first one's files), and returns their paths.
 */
export function installWorker(): InstalledWorker {
  if (installed && intact(dirname(installed.worker), files())) return installed;
  const all = files();
  const hash = createHash('sha256');
  for (const [path, text] of Object.entries(all).sort(([a], [b]) => (a < b ? -1 : 1))) {
    hash.update(path).update('\0').update(text).update('\0');
  }
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : 'u';
  let dir = join(tmpdir(), `genaiops-python-${user}-${hash.digest('hex').slice(0, 16)}`);
  if (!intact(dir, all)) {
    const staging = mkdtempSync(`${dir}-tmp-`);
    writeAll(staging, all);
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process won the race, or a stale folder
    }
    if (!intact(dir, all)) {
      // Someone else's or a damaged folder under that name: use a private one.
      dir = mkdtempSync(join(tmpdir(), 'genaiops-python-'));
      writeAll(dir, all);
    }
  }
  installed = { worker: join(dir, 'worker.py'), shim: join(dir, 'shim') };
  return installed;
}

// Shared by the bench scripts: they run the compiled packages (`npm run build:ts` first; each
// script does it) against the stub LLM on loopback, and print figures. They are not tests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', path.join(root, 'tsconfig.build.json')],
  { stdio: 'inherit' }
);
// every public entry of core in one object: the benches drive stages, the engine and test helpers
const coreEntry = (sub) => import(path.join(root, 'packages/core/dist', sub));
export const core = Object.freeze({
  ...(await coreEntry('index.js')),
  ...(await coreEntry('engine/index.js')),
  ...(await coreEntry('testing.js'))
});
export const testkit = await import(path.join(root, 'packages/testkit/dist/index.js'));

export const fixture = (name) => path.join(root, 'bench/fixtures', name);
export const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'genaiops-bench-'));

/** Writes `n` JSONL lines made by `line(i)` without building the whole file in memory. */
export function writeJsonl(file, n, line) {
  const chunk = [];
  writeFileSync(file, '');
  for (let i = 0; i < n; i++) {
    chunk.push(JSON.stringify(line(i)));
    if (chunk.length === 5000 || i === n - 1) {
      writeFileSync(file, chunk.join('\n') + '\n', { flag: 'a' });
      chunk.length = 0;
    }
  }
  return file;
}

export const quiet = new core.MemoryReporter();
export const fmt = (x, d = 2) => Number(x).toFixed(d);

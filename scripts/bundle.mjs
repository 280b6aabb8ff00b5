// Writes each action's dist/ (committed: the runner executes it without installing anything).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { actions, bundle } from './actions.mjs';

for (const action of actions) {
  const files = await bundle(action);
  rmSync(`${action}/dist`, { recursive: true, force: true });
  mkdirSync(`${action}/dist`, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(`${action}/dist/${name}`, text);
  console.log(`${action}/dist: ${Object.keys(files).join(', ')}`);
}

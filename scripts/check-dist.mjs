// Fails when a committed dist/ differs from what the sources bundle to now.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { actions, bundle } from './actions.mjs';

const stale = [];
for (const action of actions) {
  const files = await bundle(action);
  const dir = `${action}/dist`;
  const committed = existsSync(dir) ? readdirSync(dir).sort() : [];
  const same =
    committed.join() === Object.keys(files).sort().join() &&
    committed.every((f) => readFileSync(`${dir}/${f}`, 'utf8') === files[f]);
  if (!same) stale.push(action);
}
if (stale.length) {
  console.error(`dist/ is stale in: ${stale.join(', ')}. Run \`npm run build\` and commit the result.`);
  process.exit(1);
}
console.log(`dist/ is current in all ${actions.length} actions.`);

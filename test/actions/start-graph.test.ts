// What an action's start loads of the shared bundle: its own main and the code that main imports,
// not the code it only needs later or on another backend (the flow engine, the endpoint server, the
// Azure target, octokit), which sits in chunks of its own and is imported where it is used. A static
// import added on the way (a stage module importing the engine at the top, say) pulls such a chunk
// into every start of that action, and this test names it.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { repoRoot, runAction } from '../helpers/run-action.js';

const recorder = pathToFileURL(path.join(repoRoot, 'test/helpers/record-loads.mjs')).href;

/**
 * The dist/ files an action loads when it starts and stops at once on a missing input (a stage
 * action; action-changed has no required input and does its whole job).
 */
async function startFiles(action: string): Promise<string[]> {
  const record = path.join(mkdtempSync(path.join(os.tmpdir(), 'loads-')), 'loads.txt');
  const r = await runAction(
    action,
    {},
    { env: { NODE_OPTIONS: `--import=${recorder}`, RECORD_LOADS: record } }
  );
  expect(r.code).toBe(action === 'action-changed' ? 0 : 1);
  return readFileSync(record, 'utf8')
    .split('\n')
    .filter((u) => u.startsWith('file:'))
    .map((u) => fileURLToPath(u))
    .filter((f) => path.dirname(f) === dist);
}

/** Functions that only code loaded on use defines (the bundle keeps function names). */
const deferred = {
  'the flow engine': 'function createExecutor(',
  'the local endpoint server': 'function startEndpointServer(',
  'the Azure target': 'function createAzureTarget(',
  octokit: 'function getOctokit('
};

test.each([
  'action-deploy',
  'action-smoke-test',
  'action-register',
  'action-experiment',
  'action-evaluate',
  'action-changed'
])('%s: its start loads none of the code it imports on use', async (action) => {
  const files = await startFiles(action);
  expect(files).toContain(path.join(dist, 'index.js'));
  const loaded = files.map((f) => readFileSync(f, 'utf8'));
  for (const [what, marker] of Object.entries(deferred)) {
    // the marker is in the bundle (else this test checks nothing) …
    expect(`${what}: ${markerInDist(marker)}`).toBe(`${what}: true`);
    // … but not in what the start loaded
    expect(`${what}: ${loaded.some((text) => text.includes(marker))}`).toBe(`${what}: false`);
  }
});

const dist = path.join(repoRoot, 'dist');
let texts: string[] | undefined;
function markerInDist(marker: string): boolean {
  texts ??= readdirSync(dist)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(path.join(dist, f), 'utf8'));
  return texts.some((text) => text.includes(marker));
}

// The actions of this repository and how each is bundled, shared by bundle.mjs and check-dist.mjs.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const ncc = require('@vercel/ncc');

export const actions = readdirSync('.')
  .filter((d) => d.startsWith('action-'))
  .sort();

/** Written into each dist/: what it was bundled from, and a hash of the bundle itself. */
export const FINGERPRINT = '.fingerprint.json';

/** Bundles one action's compiled entry into { 'index.js': code, 'licenses.txt': … }. */
export async function bundle(action) {
  const { code, assets } = await ncc(`${process.cwd()}/${action}/lib/main.js`, {
    license: 'licenses.txt',
    minify: true,
    sourceMap: false,
    quiet: true,
    target: 'es2022'
  });
  const files = { 'index.js': code };
  for (const [name, asset] of Object.entries(assets)) files[name] = asset.source.toString();
  return files;
}

function jsFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => f.endsWith('.js'));
}

/**
 * SHA-256 over the bundle's inputs: the action's compiled entry, the compiled workspace packages it
 * imports, the lockfile (dependency and ncc versions) and this script (the bundling options).
 */
export function inputsHash(action) {
  const files = [
    ...jsFiles(`${action}/lib`),
    ...jsFiles('packages/core/dist'),
    ...jsFiles('packages/action-kit/dist'),
    'package-lock.json',
    'scripts/actions.mjs'
  ].sort();
  const h = createHash('sha256');
  for (const f of files)
    h.update(f.split(path.sep).join('/')).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

/** SHA-256 over a bundle's files (name and text), in name order. */
export function outputHash(files) {
  const h = createHash('sha256');
  for (const name of Object.keys(files).sort()) h.update(name).update('\0').update(files[name]).update('\0');
  return h.digest('hex');
}

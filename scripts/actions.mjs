// The actions of this repository and how each is bundled, shared by bundle.mjs and check-dist.mjs.
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';

const require = createRequire(import.meta.url);
const ncc = require('@vercel/ncc');

export const actions = readdirSync('.')
  .filter((d) => d.startsWith('action-'))
  .sort();

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

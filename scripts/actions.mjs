// How the actions of this repository are bundled, shared by bundle.mjs and check-dist.mjs.
// As in github/codeql-action, the five actions share ONE bundle in the repository's dist/: each
// action.yml points at a small entry file (dist/<name>.js) that loads the shared, code-split
// bundle, which then imports only the chunks of that action.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const ncc = require('@vercel/ncc');
const { minify } = require('terser');

export const actions = readdirSync('.')
  .filter((d) => d.startsWith('action-'))
  .sort();

/** The entry file of an action inside dist/: action-smoke-test → smoke-test.js. */
export const entryName = (action) => `${action.slice('action-'.length)}.js`;

export const DIST = 'dist';

/** Written into dist/: what it was bundled from, and a hash of the bundle itself. */
export const FINGERPRINT = '.fingerprint.json';

// The shared bundle picks the action from the entry file node was started with (dist/<name>.js) and
// imports only that action's main: each main is a chunk of its own, over chunks of the code they
// share, so an action's start evaluates its own module graph and not the other five's.
function dispatcherSource() {
  const cases = actions
    .map((a) => `  ${JSON.stringify(entryName(a))}: () => import('../${a}/lib/main.js')`)
    .join(',\n');
  return (
    `import path from 'node:path';\n` +
    `const mains = {\n${cases}\n};\n` +
    `const entry = path.basename(process.argv[1] ?? '');\n` +
    `if (!mains[entry]) {\n` +
    `  console.error('::error::unknown action entry ' + entry + ' (expected one of ' + Object.keys(mains).join(', ') + ')');\n` +
    `  process.exit(2);\n` +
    `}\n` +
    `await (await mains[entry]()).run();\n`
  );
}

/** Bundles every action into { 'index.js': shared code, '<n>.index.js': chunks, '<action>.js': entries, … }. */
export async function bundle() {
  mkdirSync('.tmp', { recursive: true });
  const entry = path.resolve('.tmp/actions-entry.js');
  writeFileSync(entry, dispatcherSource());
  const { code, assets } = await ncc(entry, {
    license: 'licenses.txt',
    minify: true,
    sourceMap: false,
    quiet: true,
    target: 'es2022'
  });
  const files = { 'index.js': code };
  for (const [name, asset] of Object.entries(assets))
    files[name] = name.endsWith('.js') ? await minifyChunk(asset.source.toString()) : asset.source.toString();
  for (const action of actions)
    files[entryName(action)] = `// ${action}: the shared bundle runs it\nimport './index.js';\n`;
  return files;
}

// ncc minifies its main file only, so the chunks, where nearly all the code now is, get the same
// treatment here (ncc's own terser options: names kept, no compression). Half the bytes, and what an
// action's start reads, decodes and compiles is less by as much.
async function minifyChunk(source) {
  const { code } = await minify(source, {
    module: true,
    compress: false,
    mangle: { keep_classnames: true, keep_fnames: true }
  });
  return code;
}

function jsFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => f.endsWith('.js'));
}

/**
 * SHA-256 over the bundle's inputs: every action's compiled entry, the compiled workspace packages
 * they import, the lockfile (dependency and ncc versions) and this script (the bundling options).
 */
export function inputsHash() {
  const files = [
    ...actions.flatMap((a) => jsFiles(`${a}/lib`)),
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

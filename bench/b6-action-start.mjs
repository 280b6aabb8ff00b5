#!/usr/bin/env node
// B6 — action start time. For each action-*/dist/index.js: the bundle's size and the time from
// spawning `node dist/index.js` to its FIRST STDOUT BYTE, with INPUT_* set so the action does real
// work (it reads its inputs, loads and plans the use-case, and logs; the first thing any action
// writes comes after its inputs are read). Median of N runs (default 10). Also: the time to
// process exit, bare `node` start for reference, and how long each heavy dependency takes to
// import on its own, to show what dominates module evaluation. No probe in production code.
//
//   node bench/b6-action-start.mjs [--runs 10] [--use-case use-cases/ticket_classification] [--env pr] [--no-deps]
//
// Target: ≤ 400 ms to first output.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    'use-case': { type: 'string', default: 'use-cases/ticket_classification' },
    env: { type: 'string', default: 'pr' },
    'no-deps': { type: 'boolean', default: false }
  }
});
const RUNS = Number(args.runs);
const TARGET_MS = 400;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'genaiops-b6-'));

/** Spawns node with `argv`; resolves { first: ms to first stdout byte, exit: ms to exit, code }. */
function timeSpawn(argv, env, cwd = root) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    let first;
    let out = '';
    const child = spawn(process.execPath, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => {
      first ??= ms();
      if (out.length < 2000) out += d;
    });
    child.stderr.on('data', (d) => {
      if (out.length < 2000) out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ first: first ?? NaN, exit: ms(), code, out }));
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x) => (Number.isFinite(x) ? `${Math.round(x)}` : '—');

/** Environment of an action step on a runner: inputs, output/summary files, no other GITHUB_*. */
function actionEnv(action) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_'))
  );
  Object.assign(env, {
    'INPUT_USE-CASE': args['use-case'],
    INPUT_ENV: args.env,
    INPUT_BACKEND: 'local',
    GITHUB_OUTPUT: path.join(tmp, `${action}.output`),
    GITHUB_STEP_SUMMARY: path.join(tmp, `${action}.summary.md`),
    GITHUB_WORKSPACE: root,
    RUNNER_TEMP: tmp
  });
  return env;
}

async function measure(argv, env, cwd = root) {
  await timeSpawn(argv, env, cwd); // warm the file cache
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await timeSpawn(argv, env, cwd));
  return {
    first: median(runs.map((r) => r.first)),
    exit: median(runs.map((r) => r.exit)),
    code: runs[runs.length - 1].code,
    out: runs[runs.length - 1].out
  };
}

console.log(`B6 action start: median of ${RUNS} runs, node ${process.version}, ${os.cpus()[0]?.model ?? ''}`);
console.log(`inputs: use-case=${args['use-case']} env=${args.env} backend=local\n`);

const bare = await measure(['-e', 'process.stdout.write("x")'], process.env);
console.log(`bare node start (to first byte): ${fmt(bare.first)} ms\n`);

const actions = readdirSync(root)
  .filter((d) => d.startsWith('action-') && existsSync(path.join(root, d, 'dist/index.js')))
  .sort();
const rows = [];
for (const action of actions) {
  const bundle = path.join(root, action, 'dist/index.js');
  const kb = statSync(bundle).size / 1024;
  const r = await measure([bundle], actionEnv(action));
  // Module evaluation alone: the same bundle with no inputs fails at once on the first required input.
  const evalOnly = await measure([bundle], { ...actionEnv(action), 'INPUT_USE-CASE': '' });
  rows.push({ action, kb, ...r, evalOnly: evalOnly.first });
  if (r.code !== 0) console.log(`note: ${action} exited ${r.code}: ${r.out.split('\n').find((l) => l.trim()) ?? ''}`);
}
const w = Math.max(...actions.map((a) => a.length), 6);
console.log(
  `${'action'.padEnd(w)}  ${'size KB'.padStart(8)}  ${'eval ms'.padStart(8)}  ${'first output ms'.padStart(15)}  ${'exit ms'.padStart(8)}  target ≤ ${TARGET_MS} ms`
);
for (const r of rows)
  console.log(
    `${r.action.padEnd(w)}  ${r.kb.toFixed(0).padStart(8)}  ${fmt(r.evalOnly).padStart(8)}  ${fmt(r.first).padStart(15)}  ${fmt(r.exit).padStart(8)}  ${r.first <= TARGET_MS ? 'ok' : 'OVER'}`
  );
console.log(
  '\neval ms: to the first byte with no inputs (the action fails on the first required input at once),\n' +
    'i.e. node start + evaluating the bundle; first output ms: with inputs (config loaded, plan made).'
);

if (!args['no-deps']) {
  // What the bundle's module evaluation is made of: each heavy dependency imported alone.
  const deps = [
    '@actions/core',
    '@actions/github',
    'openai',
    '@azure/identity',
    '@azure/arm-machinelearning',
    '@azure/storage-blob',
    'ajv',
    'nunjucks',
    'handlebars',
    'yaml',
    'jsonc-parser'
  ];
  console.log(`\nimport cost of each dependency alone (ms over bare node, median of ${RUNS}):`);
  const base = await measure(['--input-type=module', '-e', 'process.stdout.write("x")'], process.env);
  for (const dep of deps) {
    const code = `await import(${JSON.stringify(dep)}); process.stdout.write('x')`;
    const r = await measure(['--input-type=module', '-e', code], process.env, path.join(root, 'packages/core'));
    if (r.code !== 0) {
      console.log(`  ${dep.padEnd(28)} not importable here`);
      continue;
    }
    console.log(`  ${dep.padEnd(28)} ${fmt(r.first - base.first).padStart(5)}`);
  }
}

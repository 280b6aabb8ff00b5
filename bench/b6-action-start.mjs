#!/usr/bin/env node
// B6 — action start time. For each action's entry (runs.main of its action.yml, a small file over the
// shared dist/ bundle): the time from spawning `node <entry>` to its FIRST STDOUT BYTE, with INPUT_* set so the action does real
// work (it reads its inputs, loads and plans the use-case, and logs; the first thing any action
// writes comes after its inputs are read). Median of N runs (default 10). Also: the time to
// process exit, bare `node` start for reference, and how long each heavy dependency takes to
// import on its own, to show what dominates module evaluation. No probe in production code.
//
//   node bench/b6-action-start.mjs [--runs 10] [--use-case use-cases/ticket_classification] [--env pr]
//                                  [--no-deps] [--no-bundled-deps]
//
// Target: ≤ 400 ms to first output.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    'use-case': { type: 'string', default: 'use-cases/ticket_classification' },
    env: { type: 'string', default: 'pr' },
    'no-deps': { type: 'boolean', default: false },
    'no-bundled-deps': { type: 'boolean', default: false }
  }
});
const RUNS = Number(args.runs);
const TARGET_MS = 400;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'genaiops-b6-'));

// CPU time (user + system) of the child, written to stderr at exit by a bench-only preload (wall-clock
// figures swing with the machine's load, CPU time much less). Nothing is added to the bundles.
const CPU_PRELOAD =
  'data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write("\\n@@cpu "+(u.user+u.system)/1000+"\\n")})';

/** Spawns node with `argv`: { first: ms to first stdout byte, exit: ms to exit, cpu: child CPU ms, code }. */
function timeSpawn(argv, env, cwd = root) {
  for (const f of [env.GITHUB_OUTPUT, env.GITHUB_STEP_SUMMARY]) if (f) writeFileSync(f, ''); // the runner creates them
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    let first;
    let out = '';
    let err = '';
    const child = spawn(process.execPath, ['--import', CPU_PRELOAD, ...argv], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    });
    child.stdout.on('data', (d) => {
      first ??= ms();
      if (out.length < 2000) out += d;
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const exit = ms();
      const cpu = /@@cpu ([\d.]+)/.exec(err);
      const rest = err.replace(/\n@@cpu [\d.]+\n/, '');
      resolve({
        first: first ?? NaN,
        exit,
        cpu: cpu ? Number(cpu[1]) : NaN,
        code,
        out: (out + rest).slice(0, 2000)
      });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x) => (Number.isFinite(x) ? `${Math.round(x)}` : '—');

// A throw-away workspace holding a copy of the use-case: whatever the actions write (run store,
// local registry, reports) lands there, not in this repository.
const workspace = path.join(tmp, 'workspace');
const useCaseDir = path.join(workspace, path.basename(args['use-case']));
cpSync(path.resolve(root, args['use-case']), useCaseDir, { recursive: true });

/** Environment of an action step on a runner: inputs, output/summary files, no other GITHUB_*. */
function actionEnv(action) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_'))
  );
  Object.assign(env, {
    'INPUT_USE-CASE': path.basename(useCaseDir),
    INPUT_ENV: args.env,
    INPUT_BACKEND: 'local',
    GITHUB_OUTPUT: path.join(tmp, `${action}.output`),
    GITHUB_STEP_SUMMARY: path.join(tmp, `${action}.summary.md`),
    GITHUB_WORKSPACE: workspace,
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
    cpu: median(runs.map((r) => r.cpu)),
    code: runs[runs.length - 1].code,
    out: runs[runs.length - 1].out
  };
}

console.log(`B6 action start: median of ${RUNS} runs, node ${process.version}, ${os.cpus()[0]?.model ?? ''}`);
console.log(`inputs: use-case=${args['use-case']} env=${args.env} backend=local\n`);

const bare = await measure(['-e', 'process.stdout.write("x")'], process.env);
console.log(
  `bare node start: ${fmt(bare.first)} ms to first byte, ${fmt(bare.cpu)} ms CPU; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPU(s)\n`
);

// The entry the runner starts: runs.main of the action.yml, relative to the action's folder.
const entryOf = (action) =>
  path.join(
    root,
    action,
    /^\s+main:\s*'?([^'\n]+)'?/m.exec(readFileSync(path.join(root, action, 'action.yml'), 'utf8'))[1]
  );
const actions = readdirSync(root)
  .filter((d) => d.startsWith('action-') && existsSync(path.join(root, d, 'action.yml')))
  .filter((d) => existsSync(entryOf(d)))
  .sort();
const distKb = readdirSync(path.join(root, 'dist')).reduce(
  (kb, f) => kb + statSync(path.join(root, 'dist', f)).size / 1024,
  0
);
console.log(
  `committed action code: dist/ ${(distKb / 1024).toFixed(1)} MB, shared by ${actions.length} actions\n`
);
const rows = [];
for (const action of actions) {
  const bundle = entryOf(action);
  const kb = statSync(bundle).size / 1024;
  const r = await measure([bundle], actionEnv(action), workspace);
  // Module evaluation alone: the same bundle with no inputs fails at once on the first required input.
  const evalOnly = await measure([bundle], { ...actionEnv(action), 'INPUT_USE-CASE': '' }, workspace);
  rows.push({ action, kb, ...r, evalOnly: evalOnly.first, evalCpu: evalOnly.cpu });
  if (r.code !== 0)
    console.log(`note: ${action} exited ${r.code}: ${r.out.split('\n').find((l) => l.trim()) ?? ''}`);
}
const w = Math.max(...actions.map((a) => a.length), 6);
console.log(
  `${'action'.padEnd(w)}  ${'entry KB'.padStart(8)}  ${'eval ms'.padStart(8)}  ${'eval CPU'.padStart(8)}  ${'first output ms'.padStart(15)}  ${'exit ms'.padStart(8)}  ${'CPU ms'.padStart(7)}  target ≤ ${TARGET_MS} ms`
);
for (const r of rows)
  console.log(
    `${r.action.padEnd(w)}  ${r.kb.toFixed(1).padStart(8)}  ${fmt(r.evalOnly).padStart(8)}  ${fmt(r.evalCpu).padStart(8)}  ${fmt(r.first).padStart(15)}  ${fmt(r.exit).padStart(8)}  ${fmt(r.cpu).padStart(7)}  ${r.first <= TARGET_MS ? 'ok' : 'OVER'}`
  );
console.log(
  '\neval: to the first byte with no inputs (the action fails on its first required input at once),\n' +
    'i.e. node start + evaluating the bundle. first output: with inputs (config loaded, plan made).\n' +
    'CPU: user + system time of the child process (steadier than wall time on a busy machine).'
);

const deps = [
  '@actions/core',
  '@actions/github',
  '@azure/identity',
  '@azure/arm-machinelearning',
  '@azure/storage-blob',
  'ajv',
  'handlebars',
  'yaml',
  'jsonc-parser'
];

if (!args['no-deps']) {
  // What the bundle's module evaluation is made of: each heavy dependency imported alone.
  console.log(`\nimport cost of each dependency alone (over bare node, median of ${RUNS}): wall ms, CPU ms`);
  const base = await measure(['--input-type=module', '-e', 'process.stdout.write("x")'], process.env);
  for (const dep of deps) {
    const code = `await import(${JSON.stringify(dep)}); process.stdout.write('x')`;
    const r = await measure(
      ['--input-type=module', '-e', code],
      process.env,
      path.join(root, 'packages/core')
    );
    if (r.code !== 0) {
      console.log(`  ${dep.padEnd(28)} not importable here`);
      continue;
    }
    console.log(
      `  ${dep.padEnd(28)} ${fmt(r.first - base.first).padStart(5)}  ${fmt(r.cpu - base.cpu).padStart(5)}`
    );
  }
}

if (!args['no-bundled-deps']) {
  // The same, bundled by ncc as the actions are (one file, no module resolution): what each
  // dependency adds to an action's start when imported at the top level.
  const require = createRequire(path.join(root, 'packages/core/package.json'));
  const ncc = require('@vercel/ncc');
  const dir = path.join(tmp, 'bundled');
  mkdirSync(dir, { recursive: true });
  const bundleOf = async (name, source) => {
    const entry = path.join(dir, `${name}.mjs`);
    writeFileSync(entry, source);
    const { code, assets } = await ncc(entry, { quiet: true, minify: false, target: 'es2022' });
    const out = path.join(dir, name);
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'index.mjs'), code);
    for (const [f, a] of Object.entries(assets)) writeFileSync(path.join(out, f), a.source);
    return { file: path.join(out, 'index.mjs'), kb: code.length / 1024 };
  };
  const empty = await bundleOf('empty', 'process.stdout.write("x");\n');
  const base = await measure([empty.file], process.env);
  console.log(
    `\nimport cost of each dependency bundled alone by ncc (over an empty bundle, median of ${RUNS}):`
  );
  console.log(`  ${'dependency'.padEnd(28)} ${'KB'.padStart(6)} ${'wall'.padStart(5)} ${'CPU'.padStart(5)}`);
  for (const dep of deps) {
    let resolved;
    try {
      resolved = pathToFileURL(require.resolve(dep)).href;
    } catch {
      try {
        resolved = import.meta.resolve(dep);
      } catch {
        console.log(`  ${dep.padEnd(28)} not resolvable`);
        continue;
      }
    }
    const b = await bundleOf(
      dep.replace(/[@/]/g, '_'),
      `import * as m from ${JSON.stringify(resolved)};\nprocess.stdout.write(String(Object.keys(m).length));\n`
    );
    const r = await measure([b.file], process.env);
    console.log(
      `  ${dep.padEnd(28)} ${b.kb.toFixed(0).padStart(6)} ${fmt(r.first - base.first).padStart(5)} ${fmt(r.cpu - base.cpu).padStart(5)}`
    );
  }
}
rmSync(tmp, { recursive: true, force: true });

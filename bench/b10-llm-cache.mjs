#!/usr/bin/env node
// B10 — the LLM cache. What `npm start -- --llm-cache` does twice: the whole pipeline (experiment,
// evaluate, register, release and smoke tests of every sample use-case) against the testkit's demo
// model, in a fresh copy of use-cases/, once with an empty cache and once more. Prints, per round,
// the wall time and the model calls the demo model answered, then the ranges; exits 1 when a second
// run makes any model call (the "done when").
//
//   node bench/b10-llm-cache.mjs [--rounds 3] [--latency-ms 20]
//
// --latency-ms: the demo model's delay per call (npm start's is 20 ms; a hosted model takes ~1 s).
import { spawn } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { core, fmt, root, testkit, tmp } from './common.mjs';

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, 'latency-ms': { type: 'string', default: '20' } }
});
const rounds = Number(args.rounds);
const cli = path.join(root, 'packages/cli/bin/genaiops.js');

const pipeline = (cwd, environ) =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, 'pipeline', '--llm-cache'], {
      cwd,
      env: environ,
      stdio: ['ignore', 'ignore', 'pipe']
    });
    let err = '';
    child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`pipeline exited ${code}:\n${err}`))
    );
  });

const results = { first: [], second: [] };
console.log(
  `B10 LLM cache: ${rounds} round(s) of two pipelines, demo model ${args['latency-ms']} ms per call; load average ${os
    .loadavg()
    .map((l) => fmt(l))
    .join(' ')}`
);
for (let r = 1; r <= rounds; r++) {
  const cwd = tmp();
  cpSync(path.join(root, 'use-cases'), path.join(cwd, 'use-cases'), { recursive: true });
  const useCases = readdirSync(path.join(cwd, 'use-cases')).map((d) =>
    core.loadUseCase(path.join(cwd, 'use-cases', d), { env: 'pr' })
  );
  const stub = await testkit.startStubLlm({
    rules: useCases.flatMap((uc) => testkit.demoRules(uc)),
    latencyMs: Number(args['latency-ms']),
    defaultReply: 'unknown'
  });
  const environ = { PATH: process.env.PATH, HOME: process.env.HOME, aoai: stub.connectionJson('azure') };
  try {
    for (const which of ['first', 'second']) {
      stub.reset();
      const seconds = await pipeline(cwd, environ);
      const calls = stub.stats().requests;
      results[which].push({ seconds, calls });
      console.log(`round ${r}, ${which} run: ${fmt(seconds, 1)} s, ${calls} model call(s)`);
    }
  } finally {
    await stub.stop();
    rmSync(cwd, { recursive: true, force: true });
  }
}
const range = (xs) => `${fmt(Math.min(...xs), 1)}–${fmt(Math.max(...xs), 1)}`;
for (const which of ['first', 'second'])
  console.log(
    `${which} run: ${range(results[which].map((x) => x.seconds))} s, ${range(results[which].map((x) => x.calls)).replace(/\.0/g, '')} model calls`
  );
console.log(
  `load average after: ${os
    .loadavg()
    .map((l) => fmt(l))
    .join(' ')}`
);
if (results.second.some((x) => x.calls !== 0)) {
  console.error('FAIL: a second run with the LLM cache made model calls');
  process.exit(1);
}

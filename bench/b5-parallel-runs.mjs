// B5: parallel runs on the azure backend. 4 variants × 2 datasets = 8 experiment runs, then 8
// evaluation runs, through the stand-in pfazure (each run takes at least B5_DELAY_MS, default 10 s,
// from submission to its end). Wall time must stay within 1.25 × (delay + one evaluation run).
//   node bench/b5-parallel-runs.mjs        (builds first; B5_DELAY_MS=2000 for a quick look)
import { cpSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { core, fixture, fmt, quiet, testkit, tmp } from './common.mjs';

const delayMs = Number(process.env.B5_DELAY_MS ?? 10_000);
const ws = tmp();
cpSync(fixture('b5_variants'), path.join(ws, 'b5_variants'), { recursive: true });
const fake = testkit.installFakePfazure({ dir: path.join(ws, 'pfazure'), delayMs });
const common = {
  useCase: 'b5_variants',
  env: 'bench',
  cwd: ws,
  environ: fake.env(),
  buildId: 'b5',
  concurrency: 8,
  azure: { poll: { initialMs: 250, maxMs: 1000 } }
};

const t0 = performance.now();
const exp = await core.experiment(common, quiet);
const t1 = performance.now();
const ev = await core.evaluate(common, quiet);
const t2 = performance.now();

const secs = (ms) => ms / 1000;
const durations = (runs) => runs.map((r) => r.duration ?? 0);
const expRuns = durations(exp.runs);
const evalRuns = durations(ev.runs);
const oneEval = Math.max(...evalRuns);
const wall = secs(t2 - t0);
const bound = 1.25 * (delayMs / 1000 + oneEval);
const serial = [...expRuns, ...evalRuns].reduce((a, b) => a + b, 0);
const creates = fake.calls().filter((c) => c[1] === 'create').length;

console.log(
  `B5 parallel runs (stand-in pfazure, ${fmt(delayMs / 1000, 1)} s per run): ${exp.runs.length} experiment + ${ev.runs.length} evaluation runs ` +
    `(${exp.succeeded} + ${ev.runs.length - ev.failedRuns.length} completed, ${creates} run create calls)`
);
console.log(`  wall ${fmt(wall)} s (experiment ${fmt(secs(t1 - t0))} s, evaluate ${fmt(secs(t2 - t1))} s)`);
console.log(
  `  bound 1.25 × (${fmt(delayMs / 1000, 1)} s + one evaluation run ${fmt(oneEval)} s) = ${fmt(bound)} s → ${wall <= bound ? 'within' : 'OVER'}`
);
console.log(
  `  one after another: ${fmt(serial)} s (sum of the ${expRuns.length + evalRuns.length} runs' durations), speed-up ${fmt(serial / wall, 1)}×`
);
console.log(
  `  gates: ${ev.gatesPassed ? 'passed' : 'failed'}; metrics ${ev.rows.map((r) => `${r.dataset}/${r.label}=${r.metrics.exact_match}`).join(', ')}`
);
if (wall > bound || exp.failed || ev.failedRuns.length) process.exitCode = 1;
// B5_TRACE=1: a timeline (seconds) of every pfazure call and of each run (created, started, ended)
if (process.env.B5_TRACE) {
  const { readFileSync } = await import('node:fs');
  const calls = readFileSync(fake.argsLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const start = calls[0].at;
  for (const c of calls)
    console.log(
      ((c.at - start) / 1000).toFixed(2),
      c.argv.slice(1, 2).join(' '),
      c.argv[c.argv.indexOf('--name') + 1]?.slice(-30)
    );
  const runsDir = path.join(ws, 'pfazure/state/runs');
  for (const f of (await import('node:fs')).readdirSync(runsDir)) {
    const r = JSON.parse(readFileSync(path.join(runsDir, f), 'utf8'));
    console.log(
      r.name.slice(-30),
      ((Date.parse(r.created_on) - start) / 1000).toFixed(2),
      ((Date.parse(r.start_time) - start) / 1000).toFixed(2),
      ((Date.parse(r.end_time) - start) / 1000).toFixed(2)
    );
  }
}

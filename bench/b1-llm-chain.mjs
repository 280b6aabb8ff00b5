// B1: 1,000 lines of python → llm → python, stub latency 200 ms, concurrency 32.
// Target: wall time ≤ 1.10 × ceil(1000/32) × 0.2 s.
import path from 'node:path';
import { core, fixture, fmt, quiet, testkit, tmp, writeJsonl } from './common.mjs';

const lines = Number(process.env.LINES ?? 1000);
const concurrency = Number(process.env.CONCURRENCY ?? 32);
const latency = 0.2;
const dir = tmp();
const data = writeJsonl(path.join(dir, 'data.jsonl'), lines, (i) => ({ text: `Line ${i}` }));
const stub = await testkit.startStubLlm({ latencyMs: latency * 1000, defaultReply: 'ok' });
const started = performance.now();
const { record } = await core.runBulk({
  flow: fixture('chain'),
  data,
  name: 'b1',
  storeRoot: path.join(dir, 'runs'),
  concurrency,
  llmConcurrency: concurrency,
  environ: { ...process.env, aoai: stub.connectionJson('azure') },
  reporter: quiet
});
const wall = (performance.now() - started) / 1000;
await stub.stop();
const ideal = Math.ceil(lines / concurrency) * latency;
console.log(
  `B1 python→llm→python: ${lines} lines, concurrency ${concurrency}, stub latency ${latency * 1000} ms`
);
console.log(
  `  wall ${fmt(wall)} s, ideal ${fmt(ideal)} s, ratio ${fmt(wall / ideal)} (target ≤ 1.10); failed lines ${record.line_count.failed}`
);
console.log(`  prompt flow's default 4 workers, ideal: ${fmt(Math.ceil(lines / 4) * latency)} s`);

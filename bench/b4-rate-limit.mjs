// B4: the stub answers 429 above 20 requests/s: zero failed lines, wall ≤ 1.2 × lines / 20 s.
import path from 'node:path';
import { core, fixture, fmt, quiet, testkit, tmp, writeJsonl } from './common.mjs';

const lines = Number(process.env.LINES ?? 200);
const rps = 20;
const dir = tmp();
const data = writeJsonl(path.join(dir, 'data.jsonl'), lines, (i) => ({ text: `Line ${i}` }));
const stub = await testkit.startStubLlm({
  latencyMs: 20,
  defaultReply: 'ok',
  rateLimit: { requests: rps, windowMs: 1000 }
});
const started = performance.now();
const { record } = await core.runBulk({
  flow: fixture('llm-only'),
  data,
  name: 'b4',
  storeRoot: path.join(dir, 'runs'),
  concurrency: 32,
  llmConcurrency: 32,
  environ: { ...process.env, aoai: stub.connectionJson('azure') },
  reporter: quiet
});
const wall = (performance.now() - started) / 1000;
const stats = stub.stats();
await stub.stop();
const ideal = lines / rps;
console.log(
  `B4 rate limit ${rps} req/s: ${lines} lines in ${fmt(wall)} s, ideal ${fmt(ideal)} s, ratio ${fmt(wall / ideal)} (target ≤ 1.2); ` +
    `failed lines ${record.line_count.failed} (target 0); 429 answers ${stats.byStatus[429] ?? 0}`
);

// B9: the engine against the network's floor. In one run, against the same stub LLM (200 ms): N
// lines of python → llm → python through the engine, and the same N chat calls made with a bare
// `fetch` at the same concurrency. The ratio is what the engine costs beyond the HTTP calls.
// Target: ratio ≤ 1.10 at concurrency 16 and 32. LINES (default 400), ROUNDS (default 3).
import path from 'node:path';
import { core, fixture, fmt, quiet, testkit, tmp, writeJsonl } from './common.mjs';

const lines = Number(process.env.LINES ?? 400);
const rounds = Number(process.env.ROUNDS ?? 3);
const latencyMs = 200;
const dir = tmp();
const data = writeJsonl(path.join(dir, 'data.jsonl'), lines, (i) => ({ text: `Line ${i}` }));
const stub = await testkit.startStubLlm({ latencyMs, defaultReply: 'ok' });
const { api_base, api_key, api_version } = JSON.parse(stub.connectionJson('azure'));
const url = `${api_base.replace(/\/$/, '')}/openai/deployments/gpt-35-turbo/chat/completions?api-version=${api_version}`;

async function bareFetch(concurrency) {
  let next = 0;
  const worker = async () => {
    while (next < lines) {
      const i = next++;
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'api-key': api_key },
        body: JSON.stringify({ messages: [{ role: 'user', content: `Line ${i}` }], max_tokens: 16 })
      });
      await r.json();
    }
  };
  const t = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (performance.now() - t) / 1000;
}

async function engine(concurrency, round) {
  const t = performance.now();
  const { record } = await core.runBulk({
    flow: fixture('chain'),
    data,
    name: `b9-${concurrency}-${round}`,
    storeRoot: path.join(dir, 'runs'),
    concurrency,
    llmConcurrency: concurrency,
    environ: { ...process.env, aoai: stub.connectionJson('azure') },
    reporter: quiet
  });
  if (record.line_count.failed) throw new Error(`${record.line_count.failed} lines failed`);
  return (performance.now() - t) / 1000;
}

console.log(`B9 engine vs bare fetch: ${lines} lines, stub latency ${latencyMs} ms, ${rounds} rounds`);
for (const concurrency of [16, 32]) {
  const ratios = [];
  for (let round = 0; round < rounds; round++) {
    const floor = await bareFetch(concurrency);
    const ours = await engine(concurrency, round);
    ratios.push(ours / floor);
    console.log(
      `  concurrency ${concurrency}, round ${round + 1}: fetch ${fmt(floor)} s, engine ${fmt(ours)} s, ratio ${fmt(ours / floor)}`
    );
  }
  ratios.sort((a, b) => a - b);
  console.log(
    `concurrency ${concurrency}: ratio ${fmt(ratios[0])}–${fmt(ratios[ratios.length - 1])} (median ${fmt(ratios[ratios.length >> 1])}; target ≤ 1.10)`
  );
}
await stub.stop();

// B9: the engine against the network's floor. In one run, against the same stub LLM (200 ms): N
// lines of python → llm → python through the engine, and the same N chat calls made with a bare
// `fetch` at the same concurrency. The ratio is what the engine costs beyond the HTTP calls.
// Target: ratio ≤ 1.10 at concurrency 16 and 32. LINES (default 400), ROUNDS (default 3).
// Also printed: this process's CPU time per line in each (user + system; the stub's share included,
// the python workers' not), steadier than wall time on a busy machine; their difference is what
// the engine adds per line in this process.
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
  return timed(() => Promise.all(Array.from({ length: concurrency }, worker)));
}

/** Wall seconds and CPU ms per line of `fn`. */
async function timed(fn) {
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  await fn();
  const cpu = process.cpuUsage(cpu0);
  return { wall: (performance.now() - t) / 1000, cpuPerLine: (cpu.user + cpu.system) / 1000 / lines };
}

async function engine(concurrency, round) {
  let failed = 0;
  const time = await timed(async () => {
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
    failed = record.line_count.failed;
  });
  if (failed) throw new Error(`${failed} lines failed`);
  return time;
}

console.log(`B9 engine vs bare fetch: ${lines} lines, stub latency ${latencyMs} ms, ${rounds} rounds`);
for (const concurrency of [16, 32]) {
  const ratios = [];
  for (let round = 0; round < rounds; round++) {
    const floor = await bareFetch(concurrency);
    const ours = await engine(concurrency, round);
    ratios.push(ours.wall / floor.wall);
    console.log(
      `  concurrency ${concurrency}, round ${round + 1}: fetch ${fmt(floor.wall)} s, engine ${fmt(ours.wall)} s, ratio ${fmt(ours.wall / floor.wall)}; ` +
        `CPU per line: fetch ${fmt(floor.cpuPerLine)} ms, engine ${fmt(ours.cpuPerLine)} ms (+${fmt(ours.cpuPerLine - floor.cpuPerLine)})`
    );
  }
  ratios.sort((a, b) => a - b);
  console.log(
    `concurrency ${concurrency}: ratio ${fmt(ratios[0])}–${fmt(ratios[ratios.length - 1])} (median ${fmt(ratios[ratios.length >> 1])}; target ≤ 1.10)`
  );
}
await stub.stop();

// B3: a 100,000-line dataset through a one-node python flow: peak RSS of the runner (target ≤ 300 MB).
import path from 'node:path';
import { core, fixture, fmt, quiet, tmp, writeJsonl } from './common.mjs';

const lines = Number(process.env.LINES ?? 100000);
const dir = tmp();
// Lines carry some text so that holding them all would show in the RSS.
const data = writeJsonl(path.join(dir, 'data.jsonl'), lines, (i) => ({ n: i, pad: 'x'.repeat(200) }));
let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const started = performance.now();
const { record } = await core.runBulk({
  flow: fixture('echo'),
  data,
  name: 'b3',
  storeRoot: path.join(dir, 'runs'),
  concurrency: 64,
  reporter: quiet
});
clearInterval(sample);
const maxRss = Math.max(peak, process.resourceUsage().maxRSS * 1024);
console.log(
  `B3 ${lines} lines (${fmt((lines * 220) / 1e6, 0)} MB of data) in ${fmt((performance.now() - started) / 1000)} s: ` +
    `peak RSS ${fmt(maxRss / 2 ** 20, 0)} MB (target ≤ 300 MB); completed ${record.line_count.completed}`
);

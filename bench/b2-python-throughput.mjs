// B2: 20,000 lines of a one-node python flow: lines/s and per-line overhead (target ≥ 2,000 lines/s).
import path from 'node:path';
import { core, fixture, fmt, quiet, tmp, writeJsonl } from './common.mjs';

const lines = Number(process.env.LINES ?? 20000);
const dir = tmp();
const data = writeJsonl(path.join(dir, 'data.jsonl'), lines, (i) => ({ n: i }));
const started = performance.now();
const { record } = await core.runBulk({
  flow: fixture('echo'),
  data,
  name: 'b2',
  storeRoot: path.join(dir, 'runs'),
  concurrency: 64,
  reporter: quiet
});
const wall = (performance.now() - started) / 1000;
console.log(
  `B2 one python node: ${lines} lines in ${fmt(wall)} s → ${fmt(lines / wall, 0)} lines/s (target ≥ 2000), ` +
    `${fmt((wall * 1000) / lines, 3)} ms wall per line; completed ${record.line_count.completed}, failed ${record.line_count.failed}`
);

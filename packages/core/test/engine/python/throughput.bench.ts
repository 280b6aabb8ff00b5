// Not a test: prints calls/s of the python worker pool for trivial calls.
//   npx tsc --outDir /tmp/pybench --rootDir packages/core --module nodenext --moduleResolution nodenext \
//     --target es2022 --types node --skipLibCheck packages/core/test/engine/python/throughput.bench.ts \
//   && node /tmp/pybench/test/engine/python/throughput.bench.js [calls=20000] [workers=2] [concurrency=64] [pipeline=1]
import { resolve } from 'node:path';
import { PythonWorkerPool } from '../../../src/engine/python/index.js';

const [calls = 20000, workers = 2, concurrency = 64, pipeline = 1] = process.argv.slice(2).map(Number);
const cwd = resolve('packages/core/test/fixtures/python/tools'); // run from the repository root
const pool = new PythonWorkerPool({ size: workers, cwd, pipeline });

async function run(n: number): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const r = await pool.call({
          file: 'trivial.py',
          func: 'echo',
          args: { x: { line: i, text: 'some input text' } }
        });
        if ((r.output as { line: number }).line !== i) throw new Error('wrong answer');
      }
    })
  );
  return Number(process.hrtime.bigint() - start) / 1e6;
}

await run(500); // warm up: start the workers, import the module
const ms = await run(calls);
console.log(
  `${calls} calls, ${workers} workers, concurrency ${concurrency}, pipeline ${pipeline}: ` +
    `${Math.round(ms)} ms, ${Math.round((calls / ms) * 1000)} calls/s`
);
await pool.close();

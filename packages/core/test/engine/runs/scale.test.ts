import path from 'node:path';
import { runBulk } from '../../../src/engine/runs/bulk.js';
import { showDetails } from '../../../src/engine/runs/show.js';
import { fakeExecutor, standardFlow, tempDir, writeJsonl } from './helpers.js';

test('10 000 lines stream through the store in line order', async () => {
  const dir = tempDir();
  const data = writeJsonl(
    dir,
    'big.jsonl',
    Array.from({ length: 10_000 }, (_, i) => ({ ticket: `t${i}` }))
  );
  const fake = fakeExecutor({ line: (i) => ({ category: i.ticket }), delayMs: (n) => n % 7 });
  const { record } = await runBulk({
    flow: standardFlow,
    data,
    storeRoot: path.join(dir, 'runs'),
    concurrency: 64,
    createExecutor: fake.factory
  });
  expect(record.line_count).toEqual({ total: 10_000, completed: 10_000, failed: 0 });
  expect(fake.maxInFlight).toBe(64);
  const rows = await showDetails(record.name, { storeRoot: path.join(dir, 'runs'), all: true });
  expect(rows.every((r, i) => r.lineNumber === i && r.outputs.category === `t${i}`)).toBe(true);
});

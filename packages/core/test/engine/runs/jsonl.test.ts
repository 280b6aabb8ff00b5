import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { LineNumberCursor, readJsonlRows, scanJsonl } from '../../../src/engine/runs/jsonl.js';
import { UserError } from '../../../src/errors.js';
import { tempDir } from './helpers.js';

const dir = tempDir();
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};

async function all(f: string, display?: string) {
  const out = [];
  for await (const r of readJsonlRows(f, display)) out.push(r);
  return out;
}

test('a malformed line is reported with its file and line; the others are read', async () => {
  const f = file('bad.jsonl', '\uFEFF{"a": 1}\r\n{"a": 2,\n\n[1, 2]\n{"a": 4}\n');
  const rows = await all(f, 'data/bad.jsonl');
  expect(rows.map((r) => r.lineNumber)).toEqual([0, 1, 2, 3]);
  expect(rows[0]).toEqual({ lineNumber: 0, fileLine: 1, value: { a: 1 } });
  expect(rows[1].value).toBeUndefined();
  expect(rows[1].error).toMatch(/^data\/bad\.jsonl:2: not valid JSON \(/);
  // the blank line 3 takes no line number; line 4 is JSON but not an object
  expect(rows[2]).toEqual({
    lineNumber: 2,
    fileLine: 4,
    error: 'data/bad.jsonl:4: expected a JSON object, found an array of 2'
  });
  expect(rows[3]).toEqual({ lineNumber: 3, fileLine: 5, value: { a: 4 } });
});

test('scan counts rows and collects the columns of every line', async () => {
  const f = file('cols.jsonl', '{"a": 1}\nnot json\n{"b": 2, "a": 3}\n');
  expect(await scanJsonl(f)).toEqual({ rows: 3, malformed: 1, columns: ['a', 'b'] });
});

test('an empty or missing data file is a UserError', async () => {
  const f = file('empty.jsonl', '\n  \n');
  await expect(scanJsonl(f, 'data/empty.jsonl')).rejects.toThrow(
    new UserError('data/empty.jsonl: the data file is empty (expected one JSON object per line)')
  );
  await expect(scanJsonl(path.join(dir, 'nope.jsonl'), 'data/nope.jsonl')).rejects.toThrow(
    'data/nope.jsonl: data file not found'
  );
  await expect(scanJsonl(dir, 'data')).rejects.toThrow(
    'data: expected a data file (JSON Lines), found a folder'
  );
});

test('reads a large file without holding it (streaming)', async () => {
  const n = 50_000;
  const f = file(
    'big.jsonl',
    Array.from({ length: n }, (_, i) => JSON.stringify({ i, text: 'x'.repeat(50) })).join('\n')
  );
  let count = 0;
  for await (const r of readJsonlRows(f)) if (r.value?.i === count) count++;
  expect(count).toBe(n);
});

test('line-number cursor joins by line_number', async () => {
  const f = file(
    'out.jsonl',
    ['{"line_number":0,"x":"a"}', '{"line_number":2,"x":"c"}', '{"line_number":3,"x":"d"}'].join('\n')
  );
  const c = new LineNumberCursor(f);
  expect(await c.get(0)).toEqual({ x: 'a' });
  expect(await c.get(1)).toBeUndefined();
  expect(await c.get(2)).toEqual({ x: 'c' });
  expect(await c.get(4)).toBeUndefined();
  expect(await c.get(5)).toBeUndefined();
  await c.close();
});

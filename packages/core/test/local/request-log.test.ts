import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  environmentSecrets,
  readRequestLog,
  requestLogLine,
  RequestLog,
  type RequestLogEntry
} from '../../src/local/request-log.js';

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'request-log-'));
const entry = (i: number, extra: Record<string, unknown> = {}): RequestLogEntry => ({
  time: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
  endpoint: 'ep',
  deployment: 'blue',
  inputs: { question: `q${i}`, ...extra },
  outputs: { answer: `a${i}` }
});

test('rotates at the size limit, keeps maxFiles files, and reads back oldest first across them', () => {
  const d = dir();
  const lineBytes = Buffer.byteLength(JSON.stringify(entry(10)) + '\n');
  const log = new RequestLog({ dir: d, maxBytes: lineBytes * 3, maxFiles: 3 });
  for (let i = 10; i < 30; i++) log.append(entry(i));
  expect(readdirSync(d).sort()).toEqual(['requests.1.jsonl', 'requests.2.jsonl', 'requests.jsonl']);
  for (const f of readdirSync(d)) expect(statSync(path.join(d, f)).size).toBeLessThanOrEqual(lineBytes * 3);
  const read = readRequestLog(d);
  // 20 lines, 3 a file: the current file has the last 2, the two older files 3 each; the rest is gone
  expect(read.map((e) => e.inputs.question)).toEqual(Array.from({ length: 8 }, (_, k) => `q${22 + k}`));
  expect(readRequestLog(d, { since: new Date(entry(27).time) }).map((e) => e.inputs.question)).toEqual([
    'q27',
    'q28',
    'q29'
  ]);
});

test('sampling writes the configured share; rate 0 writes nothing', () => {
  const d = dir();
  let k = 0;
  const random = () => (k++ % 100) / 100; // 0, 0.01, … 0.99: an even spread
  const log = new RequestLog({ dir: d, random });
  const written = Array.from({ length: 200 }, (_, i) => log.append(entry(i), 0.3)).filter(Boolean).length;
  expect(written).toBe(60);
  expect(readRequestLog(d)).toHaveLength(60);
  const off = dir();
  expect(new RequestLog({ dir: off }).append(entry(1), 0)).toBe(false);
  expect(existsSync(path.join(off, 'requests.jsonl'))).toBe(false);
});

test('secrets never reach the file: known values masked anywhere, secret-named fields masked', () => {
  const d = dir();
  const conn = JSON.stringify({ api_key: 'sk-live-123456', api_base: 'https://x' });
  const secrets = environmentSecrets({ aoai: conn, LOG_LEVEL: 'info' });
  expect(secrets).toEqual(['sk-live-123456']);
  const log = new RequestLog({ dir: d, secrets: () => ['endpoint-key-abcdef', ...secrets] });
  log.append(
    entry(1, { note: 'my key is endpoint-key-abcdef and sk-live-123456', api_key: 'other', token: 't0k3n' })
  );
  const text = readFileSync(path.join(d, 'requests.jsonl'), 'utf8');
  for (const s of ['endpoint-key-abcdef', 'sk-live-123456', 'other', 't0k3n']) expect(text).not.toContain(s);
  expect(JSON.parse(text).inputs).toEqual({
    question: 'q1',
    note: 'my key is *** and ***',
    api_key: '***',
    token: '***'
  });
});

test('a logged request as a dataset line: inputs and outputs as columns, a clashing output renamed', () => {
  expect(
    requestLogLine({
      ...entry(1),
      inputs: { text: 't', answer: 'given' },
      outputs: { answer: 'a', score: 1 }
    })
  ).toEqual({
    text: 't',
    answer: 'given',
    output_answer: 'a',
    score: 1,
    _time: entry(1).time,
    _deployment: 'blue'
  });
  expect(requestLogLine({ ...entry(1), outputs: 'plain' })).toMatchObject({
    question: 'q1',
    output: 'plain'
  });
});

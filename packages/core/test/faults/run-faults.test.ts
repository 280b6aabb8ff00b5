/**
 * Bulk runs under model faults, through the real executor, python workers and LLM client against
 * the stub: a key echoed in a 401, hung calls, malformed answers, a line timeout, a missing column.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { startStubLlm, type StubLlm } from '@genaiops/testkit';
import { runBulk } from '../../src/engine/runs/bulk.js';
import { showDetails } from '../../src/engine/runs/show.js';
import { MemoryReporter } from '../../src/reporter.js';
import { standardFlow, tempDir, writeJsonl } from '../engine/runs/helpers.js';

const modelKey = `sk-${randomBytes(24).toString('hex')}`;
let stub: StubLlm;
let environ: NodeJS.ProcessEnv;
beforeAll(async () => {
  stub = await startStubLlm({ apiKey: modelKey, defaultReply: 'billing' });
  environ = { aoai: stub.connectionJson('azure') };
});
afterAll(() => stub.stop());
beforeEach(() => stub.reset());

const tickets = (n: number) => Array.from({ length: n }, (_, i) => ({ ticket: `charged twice, order ${i}` }));

/** Every file under `dir`, as text. */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

async function run(name: string, data: object[], extra: Partial<Parameters<typeof runBulk>[0]> = {}) {
  const store = tempDir();
  const reporter = new MemoryReporter();
  const result = await runBulk({
    flow: standardFlow,
    data: writeJsonl(store, 'data.jsonl', data),
    columnMapping: { ticket: '${data.ticket}' },
    name,
    storeRoot: store,
    environ,
    reporter,
    pythonWorkers: 1,
    ...extra
  });
  return { ...result, store, reporter };
}

test('a 401 that echoes the key: no output, log, record or report of the run holds the key', async () => {
  stub.failNext(3, 'echo-key');
  const { record, dir, reporter } = await run('echo', tickets(4), { concurrency: 1 });
  expect(record.line_count).toEqual({ total: 4, completed: 1, failed: 3 });
  const everything = [allText(dir), ...reporter.lines, ...reporter.warnings, ...reporter.errors].join('\n');
  expect(everything).toMatch(/401 Incorrect API key provided: \*\*\*/);
  expect(everything).not.toContain(modelKey);
});

test('a hung model call gives up at the request timeout and is retried within the same budget', async () => {
  stub.failNext(1, 'hang');
  const t0 = Date.now();
  const { record } = await run('hang', tickets(1), { requestTimeoutMs: 1000 });
  const took = Date.now() - t0;
  expect(record.status).toBe('Completed');
  expect(record.properties.system_metrics.llm_retries).toBe(1);
  expect(took).toBeLessThan(20_000);
  expect(took).toBeGreaterThanOrEqual(1000);
});

test('a malformed 200 from the model is retried like a 5xx', async () => {
  stub.failNext(2, 'malformed');
  const { record, dir } = await run('malformed', tickets(2), { concurrency: 1 });
  expect(record.line_count).toEqual({ total: 2, completed: 2, failed: 0 });
  expect(record.properties.system_metrics.llm_retries).toBe(2);
  expect(readFileSync(path.join(dir, 'logs.txt'), 'utf8')).toMatch(/malformed response/);
});

test('a line timeout aborts the calls underneath: nothing is left in flight at the model', async () => {
  stub.update({ latencyMs: 30_000 });
  try {
    const t0 = Date.now();
    const { record, dir } = await run('slow', tickets(3), { lineTimeoutMs: 1500 });
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(record.line_count).toEqual({ total: 3, completed: 0, failed: 3 });
    const details = await showDetails('slow', { storeRoot: path.dirname(dir) });
    expect(details.map((d) => d.error?.type)).toEqual([
      'LineTimeoutError',
      'LineTimeoutError',
      'LineTimeoutError'
    ]);
    // the aborted requests are closed by the client, not left waiting for the model's answer
    for (let i = 0; i < 50 && stub.stats().inFlight > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(stub.stats().inFlight).toBe(0);
  } finally {
    stub.update({ latencyMs: 0 });
  }
}, 60_000);

test('a line missing a mapped column fails, naming the column and the line; the others run', async () => {
  const { record, dir } = await run('missing', [
    { ticket: 'refund please' },
    { text: 'no ticket here' },
    { ticket: 'app crashes' }
  ]);
  expect(record.line_count).toEqual({ total: 3, completed: 2, failed: 1 });
  const details = await showDetails('missing', { storeRoot: path.dirname(dir) });
  expect(details[1].status).toBe('Failed');
  expect(details[1].error).toEqual({
    type: 'InputError',
    message:
      "line 1: couldn't find these mapping relations: ticket=${data.ticket} (the line has no such column)"
  });
  expect(stub.stats().byStatus[200]).toBe(2);
});

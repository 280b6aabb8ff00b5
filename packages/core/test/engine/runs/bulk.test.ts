import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { runBulk, type BulkRunOptions } from '../../../src/engine/runs/bulk.js';
import { detailsTable, listRuns, showDetails, showMetrics, showRun } from '../../../src/engine/runs/show.js';
import { MemoryReporter, type Reporter } from '../../../src/reporter.js';
import { UserError } from '../../../src/errors.js';
import {
  evaluationFlow,
  fakeExecutor,
  prData,
  repoRoot,
  standardFlow,
  tempDir,
  writeJsonl
} from './helpers.js';

const readLines = (f: string) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

/** The fake "model": the category whose keyword the ticket contains. */
function classify(ticket: string): string {
  const t = ticket.toLowerCase();
  if (/charg|refund|invoice|bill|pay/.test(t)) return 'billing';
  if (/crash|error|app|bug/.test(t)) return 'technical';
  if (/password|sign|account|2fa|login/.test(t)) return 'account';
  if (/deliver|track|parcel|ship/.test(t)) return 'shipping';
  return 'other';
}

const prLines = readLines(prData) as { ticket: string; category: string }[];

function base(store: string, extra: Partial<BulkRunOptions> = {}): BulkRunOptions {
  return { flow: standardFlow, data: prData, storeRoot: store, reporter: new MemoryReporter(), ...extra };
}

test('runs every line with bounded concurrency and writes the run store in line order', async () => {
  const store = tempDir();
  const fake = fakeExecutor({
    line: (inputs) => ({ category: classify(String(inputs.ticket)), matched: true }),
    delayMs: (n) => (n % 3) * 15 + 1
  });
  const progress: number[] = [];
  const memory = new MemoryReporter();
  const reporter: Reporter = {
    info: (m) => memory.info(m),
    warn: (m) => memory.warn(m),
    error: (m) => memory.error(m),
    group: (t, fn) => memory.group(t, fn),
    progress: (_label, done) => void progress.push(done),
    summary: (m) => memory.summary(m),
    secret: (v) => memory.secret(v)
  };
  const { record, dir, metrics } = await runBulk(
    base(store, { concurrency: 4, createExecutor: fake.factory, reporter })
  );

  expect(record.status).toBe('Completed');
  expect(record.name).toMatch(/^standard_default_\d{8}_\d{6}_\d{6}$/);
  expect(record.line_count).toEqual({ total: 25, completed: 25, failed: 0 });
  expect(record.properties.flow_path).toBe(standardFlow.split(path.sep).join('/'));
  expect(record.variants).toEqual({ classify: 'variant_0' });
  expect(record.variant_label).toBe('defaults');
  expect(record.start_time && record.end_time).toBeTruthy();
  expect(fake.maxInFlight).toBe(4);
  expect(progress).toEqual(Array.from({ length: 26 }, (_, i) => i));
  expect(metrics).toEqual({}); // the standard flow has no aggregation node
  expect(fake.aggregations).toHaveLength(0);

  const outputs = readLines(path.join(dir, 'outputs.jsonl'));
  expect(outputs.map((o) => o.line_number)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  expect(outputs[0]).toEqual({ line_number: 0, category: 'billing', matched: true });
  const inputs = readLines(path.join(dir, 'inputs.jsonl'));
  expect(inputs[1]).toEqual({ line_number: 1, ticket: prLines[1].ticket });
  const details = readLines(path.join(dir, 'details.jsonl'));
  expect(details.map((d) => d.lineNumber)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  expect(details[0].nodes[0]).toMatchObject({ node: 'fake', logs: 'line 0\n' });
  expect(readdirSync(dir).sort()).toEqual(
    ['details.jsonl', 'inputs.jsonl', 'logs.txt', 'metrics.json', 'outputs.jsonl', 'run.json'].sort()
  );
  expect(readFileSync(path.join(dir, 'logs.txt'), 'utf8')).toContain('line 3, node fake:');

  expect(showRun(record.name, { storeRoot: store })).toEqual(record);
  expect(showMetrics(record.name, { storeRoot: store })).toEqual({});
  const rows = await showDetails(record.name, { storeRoot: store, maxResults: 2 });
  expect(detailsTable(rows)).toEqual([
    {
      'inputs.ticket': prLines[0].ticket,
      'inputs.line_number': 0,
      'outputs.category': 'billing',
      'outputs.matched': true
    },
    {
      'inputs.ticket': prLines[1].ticket,
      'inputs.line_number': 1,
      'outputs.category': 'technical',
      'outputs.matched': true
    }
  ]);
});

test('a malformed data line fails that line only, naming the file and line', async () => {
  const store = tempDir();
  const data = writeJsonl(tempDir(), 'data.jsonl', [
    { ticket: 'a refund' },
    '{"ticket": "oops"',
    { ticket: 'my parcel' }
  ]);
  const fake = fakeExecutor({ line: (i) => ({ category: classify(String(i.ticket)), matched: true }) });
  const { record, dir } = await runBulk(
    base(store, { data, createExecutor: fake.factory, cwd: path.dirname(data) })
  );
  expect(record.status).toBe('Completed');
  expect(record.line_count).toEqual({ total: 3, completed: 2, failed: 1 });
  expect(fake.calls.sort()).toEqual([0, 2]);
  const rows = await showDetails(record.name, { storeRoot: store });
  expect(rows[1]).toMatchObject({ lineNumber: 1, status: 'Failed', error: { type: 'DataError' } });
  expect(rows[1].error!.message).toMatch(/^data\.jsonl:2: not valid JSON/);
  expect(detailsTable(rows)[1]).toEqual({
    'inputs.line_number': 1,
    'outputs.category': '(Failed)',
    'outputs.matched': '(Failed)'
  });
  expect(readLines(path.join(dir, 'outputs.jsonl')).map((o) => o.line_number)).toEqual([0, 2]);
  expect(readLines(path.join(dir, 'inputs.jsonl')).map((o) => o.line_number)).toEqual([0, 1, 2]);
});

test('evaluation run joins ${run.outputs.*} by line number and aggregates the completed lines', async () => {
  const store = tempDir();
  const std = fakeExecutor({
    line: (i, n) => {
      if (n === 7) throw new Error('model unavailable');
      return { category: n % 5 === 0 ? 'other' : classify(String(i.ticket)), matched: true };
    }
  });
  const first = await runBulk(base(store, { name: 'std', createExecutor: std.factory }));
  expect(first.record.line_count).toEqual({ total: 25, completed: 24, failed: 1 });

  const evalFake = fakeExecutor({
    line: (i) => ({ correct: i.groundtruth === i.prediction }),
    metrics: (lines) => ({ accuracy: lines.filter((l) => l.outputs.correct).length / lines.length })
  });
  const second = await runBulk({
    flow: evaluationFlow,
    data: prData,
    run: 'std',
    columnMapping: { groundtruth: '${data.category}', prediction: '${run.outputs.category}' },
    name: 'eval',
    storeRoot: store,
    createExecutor: evalFake.factory
  });
  expect(second.record.status).toBe('Completed');
  expect(second.record.run).toBe('std');
  expect(second.record.properties.run).toBe('std');
  expect(second.record.line_count).toEqual({ total: 25, completed: 24, failed: 1 });
  const rows = await showDetails('eval', { storeRoot: store });
  expect(rows[7].error).toEqual({
    type: 'InputError',
    message:
      'column mapping prediction=${run.outputs.category}: line 7 failed in run "std", so it has no outputs to read'
  });
  // what the fake model got right
  const expected = prLines
    .map((l, n) => (n === 7 ? undefined : (n % 5 === 0 ? 'other' : classify(l.ticket)) === l.category))
    .filter((x) => x !== undefined);
  expect(rows.filter((r) => r.status === 'Completed').map((r) => r.outputs.correct)).toEqual(expected);
  expect(evalFake.aggregations).toHaveLength(1);
  expect(evalFake.aggregations[0].map((l) => l.lineNumber)).toEqual(
    rows.filter((r) => r.status === 'Completed').map((r) => r.lineNumber)
  );
  const accuracy = expected.filter(Boolean).length / expected.length;
  expect(second.metrics).toEqual({ accuracy });
  expect(showMetrics('eval', { storeRoot: store })).toEqual({ accuracy });
  expect(JSON.parse(readFileSync(path.join(second.dir, 'metrics.json'), 'utf8'))).toEqual({ accuracy });
});

test("without --data, the lines are the earlier run's inputs; a line missing there fails", async () => {
  const store = tempDir();
  const data = writeJsonl(tempDir(), 'd.jsonl', [{ ticket: 'refund' }, { ticket: 'crash' }]);
  const std = fakeExecutor({ line: (i) => ({ category: classify(String(i.ticket)), matched: true }) });
  await runBulk(base(store, { data, name: 'std', createExecutor: std.factory }));
  const evalFake = fakeExecutor({ line: (i) => ({ echo: `${i.groundtruth}/${i.prediction}` }) });
  const r = await runBulk({
    flow: evaluationFlow,
    run: 'std',
    columnMapping: { groundtruth: '${run.inputs.ticket}', prediction: '${run.outputs.category}' },
    name: 'e2',
    storeRoot: store,
    createExecutor: evalFake.factory
  });
  expect(r.record.data).toBeNull();
  expect((await showDetails('e2', { storeRoot: store })).map((d) => d.outputs.echo)).toEqual([
    'refund/billing',
    'crash/technical'
  ]);

  // an evaluation dataset longer than the run: line 2 has no partner
  const longer = writeJsonl(tempDir(), 'l.jsonl', [
    { category: 'billing' },
    { category: 'technical' },
    { category: 'x' }
  ]);
  const r3 = await runBulk({
    flow: evaluationFlow,
    run: 'std',
    data: longer,
    columnMapping: { groundtruth: '${data.category}', prediction: '${run.outputs.category}' },
    name: 'e3',
    storeRoot: store,
    createExecutor: evalFake.factory
  });
  expect(r3.record.line_count).toEqual({ total: 3, completed: 2, failed: 1 });
  expect((await showDetails('e3', { storeRoot: store }))[2].error!.message).toBe(
    'column mapping prediction=${run.outputs.category}: run "std" has no line 2'
  );
});

test('mapping errors stop the run before any line runs (and create no run)', async () => {
  const store = tempDir();
  const fake = fakeExecutor({ line: () => ({}) });
  const err = await runBulk(
    base(store, { columnMapping: { ticket: '${data.text}' }, createExecutor: fake.factory, cwd: repoRoot })
  ).catch((e) => e);
  expect(err).toBeInstanceOf(UserError);
  expect(err.message).toBe(
    'column mapping ticket=${data.text}: no line of use-cases/ticket_classification/data/pr.jsonl has a column "text"; its columns are: ticket, category'
  );
  expect(fake.calls).toHaveLength(0);
  expect(existsSync(store) ? readdirSync(store) : []).toEqual([]);

  await expect(runBulk(base(store, { data: undefined }))).rejects.toThrow(
    'no data: give a data file (--data <file.jsonl>) or an earlier run (--run <name>)'
  );
  await expect(runBulk(base(store, { run: 'nope' }))).rejects.toThrow(`run "nope" not found in ${store}`);
  await expect(runBulk(base(store, { variant: '${classify.variant_9}' }))).rejects.toThrow(
    /node "classify" has no variant "variant_9"/
  );
});

test('every line failing makes the run Failed; an existing name is refused', async () => {
  const store = tempDir();
  const fake = fakeExecutor({
    line: () => {
      throw new Error('boom');
    }
  });
  const { record } = await runBulk(
    base(store, { name: 'bad', createExecutor: fake.factory, variant: '${classify.variant_1}' })
  );
  expect(record.status).toBe('Failed');
  expect(record.properties.node_variant).toBe('${classify.variant_1}');
  expect(record.variants).toEqual({ classify: 'variant_1' });
  expect(record.line_count).toEqual({ total: 25, completed: 0, failed: 25 });
  expect(record.error).toEqual({
    type: 'BulkRunError',
    message: 'all 25 lines failed; line 0: node fake: ToolExecutionError: boom'
  });
  await expect(runBulk(base(store, { name: 'bad', createExecutor: fake.factory }))).rejects.toThrow(
    /run "bad" already exists in .*: resume it \(--resume\) or choose another name/
  );
  const again = await runBulk(
    base(store, {
      name: 'bad',
      overwrite: true,
      createExecutor: fakeExecutor({ line: () => ({ category: 'x' }) }).factory
    })
  );
  expect(again.record.status).toBe('Completed');
});

test('resume re-runs only the failed and missing lines and keeps the completed ones', async () => {
  const store = tempDir();
  const broken = fakeExecutor({
    line: (i, n) => {
      if (n % 4 === 1) throw new Error(`flaky on line ${n}`);
      return { category: classify(String(i.ticket)), matched: true };
    }
  });
  const first = await runBulk(base(store, { name: 'r', createExecutor: broken.factory }));
  const failedLines = Array.from({ length: 25 }, (_, n) => n).filter((n) => n % 4 === 1);
  expect(first.record.line_count).toEqual({
    total: 25,
    completed: 25 - failedLines.length,
    failed: failedLines.length
  });

  const fixed = fakeExecutor({ line: (i) => ({ category: classify(String(i.ticket)), matched: true }) });
  const second = await runBulk({ name: 'r', resume: true, storeRoot: store, createExecutor: fixed.factory });
  expect(fixed.calls.sort((a, b) => a - b)).toEqual(failedLines);
  expect(second.record.status).toBe('Completed');
  expect(second.record.resumed).toBe(1);
  expect(second.record.properties).not.toHaveProperty('node_variant');
  expect(second.record.variants).toEqual({ classify: 'variant_0' });
  expect(second.record.created_on).toBe(first.record.created_on);
  expect(second.record.line_count).toEqual({ total: 25, completed: 25, failed: 0 });
  const outputs = readLines(path.join(second.dir, 'outputs.jsonl'));
  expect(outputs.map((o) => o.line_number)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  expect(readdirSync(second.dir).filter((f) => f.includes('resume') || f.includes('partial'))).toEqual([]);

  // nothing left to do: a second resume runs no line
  const idle = fakeExecutor({ line: () => ({}) });
  await runBulk({ name: 'r', resume: true, storeRoot: store, createExecutor: idle.factory });
  expect(idle.calls).toEqual([]);
  await expect(runBulk({ resume: true, storeRoot: store })).rejects.toThrow(
    'resuming a run needs its name (--name <run>)'
  );
});

test('a line over the timeout fails; cancel stops feeding lines and the run can be resumed', async () => {
  const store = tempDir();
  const data = writeJsonl(
    tempDir(),
    'd.jsonl',
    Array.from({ length: 6 }, (_, i) => ({ ticket: `t${i}` }))
  );
  const slow = fakeExecutor({ line: () => ({ category: 'x' }), delayMs: (n) => (n === 2 ? 400 : 1) });
  const { record } = await runBulk(base(store, { data, createExecutor: slow.factory, lineTimeoutMs: 100 }));
  expect(record.line_count).toEqual({ total: 6, completed: 5, failed: 1 });
  expect((await showDetails(record.name, { storeRoot: store }))[2].error).toEqual({
    type: 'LineTimeoutError',
    message: 'line 2 did not finish within the line timeout (0.1 s)'
  });

  const ac = new AbortController();
  const fake = fakeExecutor({ line: () => ({ category: 'x' }), delayMs: () => 20 });
  const canceled = await runBulk(
    base(store, {
      data,
      name: 'c',
      concurrency: 1,
      createExecutor: fake.factory,
      signal: ac.signal,
      onLine: (r) => r.lineNumber === 1 && ac.abort()
    })
  );
  expect(canceled.record.status).toBe('Canceled');
  expect(canceled.record.line_count.completed).toBeLessThan(6);
  const resumed = await runBulk({ name: 'c', resume: true, storeRoot: store, createExecutor: fake.factory });
  expect(resumed.record.status).toBe('Completed');
  expect(resumed.record.line_count).toEqual({ total: 6, completed: 6, failed: 0 });
});

test('listRuns lists newest first', async () => {
  const store = tempDir();
  const fake = fakeExecutor({ line: () => ({ category: 'x' }) });
  const data = writeJsonl(tempDir(), 'd.jsonl', [{ ticket: 'a' }]);
  await runBulk(base(store, { data, name: 'one', createExecutor: fake.factory }));
  await new Promise((r) => setTimeout(r, 5));
  await runBulk(base(store, { data, name: 'two', createExecutor: fake.factory, tags: { team: 'a' } }));
  expect(listRuns({ storeRoot: store }).map((r) => r.name)).toEqual(['two', 'one']);
  expect(listRuns({ storeRoot: store, maxResults: 1 }).map((r) => r.tags)).toEqual([{ team: 'a' }]);
  expect(listRuns({ storeRoot: path.join(store, 'none') })).toEqual([]);
});

test('secrets are masked in logs.txt and details.jsonl, and passed to the reporter', async () => {
  const store = tempDir();
  const data = writeJsonl(tempDir(), 'd.jsonl', [{ ticket: 'a' }]);
  const reporter = new MemoryReporter();
  const fake = fakeExecutor({ line: () => ({ category: 'x' }), secret: 'sk-very-secret' });
  const { dir } = await runBulk(base(store, { data, createExecutor: fake.factory, reporter }));
  expect(reporter.secrets).toEqual(['sk-very-secret']);
  for (const f of ['logs.txt', 'details.jsonl']) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    expect(text).toContain('key=***');
    expect(text).not.toContain('sk-very-secret');
  }
});

/**
 * Bulk runs through the real executor, python workers and LLM client, against the stub model: the
 * ticket_classification use-case, its evaluation joined by line number, and resume.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startStubLlm, type StubLlm } from '@genaiops/testkit';
import { runBulk } from '../../../src/engine/runs/bulk.js';
import { showDetails, showMetrics } from '../../../src/engine/runs/show.js';
import { testFlow } from '../../../src/engine/runs/flow-test.js';
import { MemoryReporter } from '../../../src/reporter.js';
import { evaluationFlow, prData, standardFlow, tempDir, writeJsonl } from './helpers.js';

const RULES: [RegExp, string][] = [
  [/charg|refund|invoice|bill|payment|subscription|price/i, 'billing'],
  [/crash|error|bug|app|install|connect/i, 'Category: technical'],
  [/password|sign|account|2fa|login|two-factor|profile/i, 'account']
];
/** What the stub answers, normalised as postprocess.py does (shipping tickets come back "other"). */
const predicted = (ticket: string) =>
  (RULES.find(([re]) => re.test(ticket))?.[1] ?? 'other').replace('Category: ', '');

const prLines = readFileSync(prData, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { ticket: string; category: string });

let stub: StubLlm;
let environ: NodeJS.ProcessEnv;
beforeAll(async () => {
  stub = await startStubLlm({
    rules: RULES.map(([match, reply]) => ({ match, reply })),
    defaultReply: 'other',
    latencyMs: 5
  });
  environ = { aoai: stub.connectionJson('azure') };
});
afterAll(() => stub.stop());
beforeEach(() => stub.reset());

test('standard run, then its evaluation joined by line number: accuracy reflects the stub answers', async () => {
  const store = tempDir();
  const reporter = new MemoryReporter();
  const std = await runBulk({
    flow: standardFlow,
    data: prData,
    columnMapping: { ticket: '${data.ticket}' },
    name: 'tickets_std',
    storeRoot: store,
    environ,
    reporter,
    pythonWorkers: 2
  });
  expect(std.record.status).toBe('Completed');
  expect(std.record.line_count).toEqual({ total: 25, completed: 25, failed: 0 });
  expect(stub.stats().byStatus[200]).toBe(25);
  expect(std.record.properties.system_metrics.total_tokens).toBeGreaterThan(0);
  expect(std.record.properties.system_metrics.llm_calls).toBe(25);
  // the stub's key never reaches a log
  expect(reporter.secrets).toContain(stub.apiKey);
  expect(readFileSync(path.join(std.dir, 'logs.txt'), 'utf8')).not.toContain(stub.apiKey);

  const details = await showDetails('tickets_std', { storeRoot: store, all: true });
  expect(details.map((d) => d.outputs.category)).toEqual(prLines.map((l) => predicted(l.ticket)));

  const ev = await runBulk({
    flow: evaluationFlow,
    data: prData,
    run: 'tickets_std',
    columnMapping: { groundtruth: '${data.category}', prediction: '${run.outputs.category}' },
    name: 'tickets_eval',
    storeRoot: store,
    environ,
    pythonWorkers: 2
  });
  expect(ev.record.status).toBe('Completed');
  expect(ev.record.line_count).toEqual({ total: 25, completed: 25, failed: 0 });
  const correct = prLines.filter((l) => predicted(l.ticket) === l.category).length;
  expect(correct).toBe(17);
  expect(ev.metrics).toEqual({ accuracy: Math.round((correct / 25) * 1e4) / 1e4 });
  expect(JSON.parse(readFileSync(path.join(ev.dir, 'metrics.json'), 'utf8'))).toEqual({ accuracy: 0.68 });
  expect(showMetrics('tickets_eval', { storeRoot: store })).toEqual({ accuracy: 0.68 });
  const evalDetails = await showDetails('tickets_eval', { storeRoot: store, all: true });
  expect(evalDetails[3].inputs).toEqual({ groundtruth: 'shipping', prediction: 'other' });
  expect(evalDetails[3].outputs).toEqual({ correct: false });
});

test('resume re-runs only the failed lines (the stub refuses the first calls, then is fixed)', async () => {
  const store = tempDir();
  stub.failNext(3, 400);
  const first = await runBulk({
    flow: standardFlow,
    data: prData,
    name: 'flaky',
    storeRoot: store,
    environ,
    concurrency: 1,
    pythonWorkers: 1
  });
  expect(first.record.status).toBe('Completed');
  expect(first.record.line_count).toEqual({ total: 25, completed: 22, failed: 3 });
  const failed = (await showDetails('flaky', { storeRoot: store, all: true })).filter(
    (d) => d.status === 'Failed'
  );
  expect(failed.map((d) => d.lineNumber)).toEqual([0, 1, 2]);
  expect(failed[0].error).toMatchObject({ node: 'classify' });
  expect(failed[0].error!.message).toMatch(/400/);

  stub.reset();
  const second = await runBulk({ name: 'flaky', resume: true, storeRoot: store, environ });
  expect(stub.stats().requests).toBe(3);
  expect(second.record.line_count).toEqual({ total: 25, completed: 25, failed: 0 });
  const all = await showDetails('flaky', { storeRoot: store, all: true });
  expect(all.map((d) => d.outputs.category)).toEqual(prLines.map((l) => predicted(l.ticket)));
});

test('a run whose connection is missing fails every line and is Failed', async () => {
  const store = tempDir();
  const r = await runBulk({
    flow: standardFlow,
    data: prData,
    name: 'noconn',
    storeRoot: store,
    environ: {},
    dotenvFile: undefined
  });
  expect(r.record.status).toBe('Failed');
  expect(r.record.error?.message).toMatch(
    /^all 25 lines failed; line 0: .*connection "aoai" is not configured/
  );
});

test('flow test runs one line with the defaults overridden, or one node', async () => {
  const line = await testFlow({
    flow: standardFlow,
    inputs: { ticket: 'my password reset never arrives' },
    environ
  });
  expect(line.status).toBe('Completed');
  expect(line.outputs).toStrictEqual({ category: 'account', matched: true });
  // no inputs: the flow's default ticket (a double charge)
  expect((await testFlow({ flow: standardFlow, environ })).outputs).toStrictEqual({
    category: 'billing',
    matched: true
  });
  const node = await testFlow({
    flow: standardFlow,
    node: 'postprocess',
    inputs: { llm_output: 'Label: tracking' }
  });
  expect(node.outputs).toStrictEqual({
    postprocess: { category: 'shipping', matched: true, raw: 'Label: tracking' }
  });
});

test('a timed-out line keeps the records of its nodes: the ones that finished, and the one cut short', async () => {
  const dir = tempDir();
  writeFileSync(
    path.join(dir, 'flow.dag.yaml'),
    'inputs:\n  x: {type: int}\noutputs:\n  o: {reference: "${slow.output}"}\nnodes:\n' +
      '- {name: fast, type: python, source: {type: code, path: fast.py}, inputs: {x: "${inputs.x}"}}\n' +
      '- {name: slow, type: python, source: {type: code, path: slow.py}, inputs: {y: "${fast.output}"}}\n'
  );
  writeFileSync(
    path.join(dir, 'fast.py'),
    'from promptflow import tool\n@tool\ndef fast(x: int):\n    return x + 1\n'
  );
  writeFileSync(
    path.join(dir, 'slow.py'),
    'import time\nfrom promptflow import tool\n@tool\ndef slow(y):\n    time.sleep(60)\n    return y\n'
  );
  const store = tempDir();
  const { record } = await runBulk({
    flow: dir,
    data: writeJsonl(dir, 'd.jsonl', [{ x: 1 }]),
    columnMapping: { x: '${data.x}' },
    name: 'timeout',
    storeRoot: store,
    environ,
    lineTimeoutMs: 8000
  });
  expect(record.line_count).toEqual({ total: 1, completed: 0, failed: 1 });
  const [line] = await showDetails('timeout', { storeRoot: store, nodes: true });
  expect(line.error).toEqual({
    type: 'LineTimeoutError',
    message: 'line 0 did not finish within the line timeout (8 s)'
  });
  expect(line.nodes!.map((n) => [n.node, n.status])).toEqual([
    ['fast', 'Completed'],
    ['slow', 'Failed']
  ]);
  expect(line.nodes![0].output).toBe(2);
});

/**
 * Each LLM call's tokens and latency are recorded in the run: on its node in details.jsonl, and
 * summed per model with latency percentiles in run.json (`llm_usage`), which the reports read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startStubLlm, type StubLlm } from '@genaiops/testkit';
import { runBulk } from '../../../src/engine/runs/bulk.js';
import type { LineResult } from '../../../src/engine/executor/types.js';
import { prData, standardFlow, tempDir } from './helpers.js';

let stub: StubLlm;
beforeAll(async () => {
  stub = await startStubLlm({ rules: [], defaultReply: 'billing', latencyMs: 30 });
});
afterAll(() => stub.stop());

test('tokens and latency per LLM call in details.jsonl, summed in run.json', async () => {
  const store = tempDir();
  const { record, dir } = await runBulk({
    flow: standardFlow,
    data: prData,
    columnMapping: { ticket: '${data.ticket}' },
    name: 'usage',
    storeRoot: store,
    environ: { aoai: stub.connectionJson('azure') },
    pythonWorkers: 2
  });
  const lines = readFileSync(path.join(dir, 'details.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LineResult);
  const calls = lines.flatMap((l) => l.nodes.flatMap((n) => (n.llm ? [n.llm] : [])));
  expect(calls).toHaveLength(25);
  for (const c of calls) {
    expect(c.promptTokens).toBeGreaterThan(0);
    expect(c.completionTokens).toBeGreaterThan(0);
    expect(c.latencyMs).toBeGreaterThanOrEqual(29); // the stub answers after 30 ms
  }
  const usage = record.llm_usage!;
  const sm = record.properties.system_metrics;
  expect(usage.calls).toBe(25);
  expect(usage.prompt_tokens).toBe(sm.prompt_tokens);
  expect(usage.completion_tokens).toBe(sm.completion_tokens);
  expect(usage.prompt_tokens).toBe(calls.reduce((a, c) => a + c.promptTokens, 0));
  expect(Object.keys(usage.by_model)).toHaveLength(1);
  expect(usage.llm_latency_ms!.p50).toBeGreaterThanOrEqual(29);
  expect(usage.llm_latency_ms!.p95).toBeGreaterThanOrEqual(usage.llm_latency_ms!.p50);
  expect(usage.line_duration_ms!.p50).toBeGreaterThanOrEqual(usage.llm_latency_ms!.p50);
  expect(JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')).llm_usage).toEqual(usage);
});

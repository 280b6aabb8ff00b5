/**
 * What the evaluate stage gives the reports: cost and latency per variant from the experiment runs'
 * recorded LLM usage priced by the config, links, and the metric history appended build by build.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { demoRules, startStubLlm, type StubLlm } from '@genaiops/testkit';
import { loadUseCase } from '../../src/config/load.js';
import { evaluate } from '../../src/stages/evaluate.js';
import { experiment } from '../../src/stages/experiment.js';
import { RecordingReporter, repoRoot, TICKETS, workspace } from './helpers.js';

let stub: StubLlm;
beforeAll(async () => {
  stub = await startStubLlm({ rules: demoRules(loadUseCase(path.join(repoRoot, TICKETS))), latencyMs: 5 });
});
afterAll(() => stub.stop());

test('two builds: usage and cost per variant, links, history with both, trends in the summary', async () => {
  const ws = workspace(TICKETS, (c) => {
    c.pricing = { currency: 'EUR', models: { '*': { input: 1000, output: 2000 } } };
  });
  const environ = { ...process.env, aoai: stub.connectionJson('azure') };
  const links = { run: 'https://github.example/o/r/actions/runs/1' };
  let last;
  for (const buildId of ['b1', 'b2']) {
    await experiment({ useCase: TICKETS, env: 'pr', cwd: ws, environ, buildId }, new RecordingReporter());
    last = await evaluate(
      { useCase: TICKETS, env: 'pr', cwd: ws, environ, buildId, links },
      new RecordingReporter()
    );
  }
  const input = last!.reportInput;
  const usage = Object.values(input.usage!);
  expect(usage).toHaveLength(2);
  for (const u of usage) {
    expect(u.calls).toBe(25);
    // 1000 / 2000 EUR per 1M tokens: the cost is the token counts / 1000 and / 500
    expect(u.cost).toBeCloseTo(u.promptTokens / 1000 + u.completionTokens / 500, 9);
    expect(u.currency).toBe('EUR');
  }
  expect(input.links).toEqual(links);
  const history = readFileSync(path.join(ws, '.genaiops/history/ticket_classification/pr.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  expect(history.map((e) => [e.kind, e.buildId])).toEqual([
    ['evaluate', 'b1'],
    ['evaluate', 'b2']
  ]);
  expect(input.history).toHaveLength(2);
  expect(last!.summaryMarkdown).toContain('### Trends (last 2 builds, best variant)');
  expect(last!.summaryMarkdown).toMatch(/\| tokens \| latency p50 \/ p95 \| cost \|/);
  expect(readFileSync(path.join(ws, 'reports/metrics.csv'), 'utf8').split('\r\n')[0]).toMatch(
    /,prompt_tokens,completion_tokens,line_ms\.p50,line_ms\.p95,llm_call_ms\.p50,llm_call_ms\.p95,cost,currency,cached_lines$/
  );
});

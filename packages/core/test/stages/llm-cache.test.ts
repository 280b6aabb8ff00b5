/**
 * The LLM cache through the experiment stage: the environment's `llmCache`, the stage option over
 * it, prompt flow's `enable_cache` on a node, and what the run records say about hits.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoRules, startStubLlm, type StubLlm } from '@genaiops/testkit';
import { loadUseCase } from '../../src/config/load.js';
import { readRunRecord } from '../../src/engine/runs/store.js';
import { experiment } from '../../src/stages/experiment.js';
import { RecordingReporter, repoRoot, TICKETS, workspace } from './helpers.js';

let stub: StubLlm;
let environ: NodeJS.ProcessEnv;
beforeAll(async () => {
  stub = await startStubLlm({ rules: demoRules(loadUseCase(path.join(repoRoot, TICKETS))) });
  environ = { ...process.env, aoai: stub.connectionJson('azure'), GENAIOPS_LLM_CACHE: '' };
});
afterAll(() => stub.stop());

/** Model calls the stub received during one experiment (two variants × 25 lines). */
async function calls(ws: string, buildId: string, extra: Record<string, unknown> = {}): Promise<number> {
  stub.reset();
  await experiment(
    { useCase: TICKETS, env: 'pr', cwd: ws, environ, buildId, ...extra },
    new RecordingReporter()
  );
  return stub.stats().requests;
}
const record = (ws: string, name: string) => readRunRecord(path.join(ws, '.genaiops/runs'), name);

test('environment llmCache: true — the second build makes no model call, its records say so; the stage option false wins', async () => {
  const ws = workspace(TICKETS, (c) => (c.environments.pr.llmCache = true));
  expect(await calls(ws, 'b1')).toBe(50);
  expect(await calls(ws, 'b2')).toBe(0);

  const name = 'ticket_classification_pr_tickets_pr_defaults_b2';
  const rec = record(ws, name);
  expect(rec.properties.system_metrics.llm_calls).toBe(0);
  expect(rec.llm_usage).toMatchObject({ lines: 25, calls: 25, cached_calls: 25, cached_lines: 25 });
  expect(rec.llm_usage!.prompt_tokens).toBe(record(ws, name.replace('_b2', '_b1')).llm_usage!.prompt_tokens);
  const details = readFileSync(path.join(ws, '.genaiops/runs', name, 'details.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const classify = details.map((d) => d.nodes.find((n: { node: string }) => n.node === 'classify'));
  expect(classify.every((n) => n.llm.cached === true)).toBe(true);

  expect(await calls(ws, 'b3', { llmCache: false })).toBe(50);
});

test('unset: only the node with enable_cache: true is cached (prompt flow’s flag); false turns even that off', async () => {
  const ws = workspace();
  const dag = path.join(ws, TICKETS, 'flows/standard/flow.dag.yaml');
  // variant_0 of classify asks for the cache, variant_1 does not
  writeFileSync(
    dag,
    readFileSync(dag, 'utf8').replace(
      '      variant_1:\n',
      '          enable_cache: true\n      variant_1:\n'
    )
  );
  expect(readFileSync(dag, 'utf8')).toMatch(/api: chat\n {10}enable_cache: true\n {6}variant_1:/);
  expect(await calls(ws, 'b1')).toBe(50);
  expect(await calls(ws, 'b2')).toBe(25);
  expect(record(ws, 'ticket_classification_pr_tickets_pr_defaults_b2').llm_usage?.cached_lines).toBe(25);
  expect(
    record(ws, 'ticket_classification_pr_tickets_pr_classify_variant_1_b2').llm_usage
  ).not.toHaveProperty('cached_lines');
  expect(await calls(ws, 'b3', { llmCache: false })).toBe(50);
});

/**
 * `monitor` (post-production evaluation) on the template's NER use-case as published: its postprodeval
 * env runs the LLM-judge flow over the production log (the stub LLM is the judge), writes the reports
 * and the manifest, and a gate breach says which metric moved and by how much.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStubLlm, type StubLlm } from '@genaiops/testkit';
import { migrateUseCase } from '../../src/config/migrate.js';
import { UserError } from '../../src/errors.js';
import { DEFAULT_HISTORY_DIR } from '../../src/report/history.js';
import { monitor, monitorFailure } from '../../src/stages/monitor.js';
import { readJson, RecordingReporter, rejection } from './helpers.js';

const fixture = path.resolve(
  import.meta.dirname,
  '../fixtures/llmops-promptflow-template/named_entity_recognition'
);
const UC = 'use-cases/named_entity_recognition';

// The judge: a score from the text alone, so the expected average does not depend on the engine.
let judge: (text: string) => string = (text) => (/manager/.test(text) ? '1.0' : '0.5');
let stub: StubLlm;
beforeAll(async () => {
  stub = await startStubLlm({
    rules: [
      {
        match: /Text: /,
        reply: (c) => judge(/Text: (.*)\n?[^]*$/.exec(c.text.split('\n').slice(-3).join('\n'))?.[1] ?? '')
      }
    ]
  });
});
afterAll(() => stub.stop());

function workspace(): string {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'genaiops-monitor-'));
  mkdirSync(path.join(ws, 'use-cases'));
  cpSync(fixture, path.join(ws, UC), { recursive: true });
  return ws;
}
const productionTexts = () =>
  readFileSync(path.join(fixture, 'data/production_log.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text);
const round2 = (n: number) => Math.round(n * 100) / 100;

const options = (ws: string, buildId: string) => ({
  useCase: UC,
  env: 'postprodeval',
  backend: 'local' as const,
  cwd: ws,
  buildId,
  environ: { ...process.env, aoai: stub.connectionJson('azure') }
});

test('the template’s postprodeval env: monitor runs its flow over the production log and reports average_score', async () => {
  const ws = workspace();
  const reporter = new RecordingReporter();
  const result = await monitor(options(ws, 'm1'), reporter);
  const texts = productionTexts();
  const expected = round2(texts.reduce((s, t) => s + Number(judge(t)), 0) / texts.length);

  expect(result.passed).toBe(true);
  expect(result.sources).toEqual([
    { name: 'named_entity_recognition_pp_eval', file: `${UC}/data/production_log.jsonl` }
  ]);
  expect(result.rows).toHaveLength(1);
  expect(result.rows[0]).toMatchObject({
    evaluator: 'post-production-evaluation',
    dataset: 'named_entity_recognition_pp_eval',
    label: 'production'
  });
  expect(result.rows[0].metrics.average_score).toBeCloseTo(expected, 6);
  expect(result.runs[0].lines).toMatchObject({ total: texts.length, completed: texts.length });

  // the same reports as evaluate, and a manifest the next monitor run compares with
  for (const f of Object.values(result.reports)) expect(existsSync(path.join(ws, f))).toBe(true);
  expect(readFileSync(path.join(ws, result.reports.metricsCsv), 'utf8')).toContain('average_score');
  const manifest = readJson(path.join(ws, result.manifestFile));
  expect(manifest).toMatchObject({
    kind: 'monitor',
    useCase: 'named_entity_recognition',
    env: 'postprodeval',
    buildId: 'm1'
  });
  expect(result.manifestFile).toBe(
    '.genaiops/monitor/named_entity_recognition/postprodeval/monitor-manifest.json'
  );
  expect(reporter.summaries.join('\n')).toContain('average\\_score');
  expect(reporter.summaries.join('\n')).toContain(`| production | ${expected} |`);
});

test('a breached monitor gate fails and says which metric moved and by how much', async () => {
  const ws = workspace();
  const dir = path.join(ws, UC);
  migrateUseCase(dir, { environ: {} });
  const file = path.join(dir, 'llmops_config.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  config.environments.postprodeval.monitor.evaluators[0].gates = { average_score: { min: 0.7 } };
  writeFileSync(file, JSON.stringify(config, null, 2));

  judge = () => '1.0';
  const first = await monitor(options(ws, 'm1'), new RecordingReporter());
  expect(first.passed).toBe(true);
  expect(first.gates).toEqual([expect.objectContaining({ metric: 'average_score', value: 1, passed: true })]);

  judge = (text) => (/manager/.test(text) ? '0.5' : '0.0');
  const reporter = new RecordingReporter();
  const second = await monitor(options(ws, 'm2'), reporter);
  const texts = productionTexts();
  const value = round2(texts.reduce((s, t) => s + Number(judge(t)), 0) / texts.length);
  expect(second.passed).toBe(false);
  const gate = second.gates[0];
  expect(gate).toMatchObject({ metric: 'average_score', value, baseline: 1, passed: false });
  expect(gate.message).toContain(`average_score = ${value} is below the gate min 0.7`);
  expect(gate.message).toContain(
    `it moved -${round2(1 - value)} since the previous monitor run (build m1: 1)`
  );
  expect(monitorFailure(second)).toMatch(/^1 of 1 monitor gate\(s\) failed:\n- average_score = /);
  // the failure points at the gate in the config
  expect(reporter.errors[0].where).toMatchObject({ file: `${UC}/llmops_config.json` });
  expect(reporter.errors[0].where?.line).toBeGreaterThan(1);
  // both runs are points of the monitor trend, kept with evaluate's history
  const historyDir = path.join(ws, DEFAULT_HISTORY_DIR);
  const historyFile = readdirSync(historyDir, { recursive: true })
    .map(String)
    .find((f) => f.endsWith('postprodeval.jsonl'))!;
  const history = readFileSync(path.join(historyDir, historyFile), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { kind: string; buildId: string });
  expect(history.slice(-2).map((h) => [h.kind, h.buildId])).toEqual([
    ['monitor', 'm1'],
    ['monitor', 'm2']
  ]);
  judge = (text) => (/manager/.test(text) ? '1.0' : '0.5');
});

test('an environment without a monitor section is refused with where to add one', async () => {
  const ws = workspace();
  const e = await rejection(monitor({ ...options(ws, 'm1'), env: 'dev' }, new RecordingReporter()));
  expect(e).toBeInstanceOf(UserError);
  expect(e.message).toMatch(
    /llmops_config\.json:12:13: envs\[1\]: environment "dev" has no "monitor" section/
  );
});

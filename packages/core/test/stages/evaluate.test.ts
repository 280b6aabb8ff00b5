/**
 * The evaluate stage on the local backend: evaluation runs joined to the experiment runs, the
 * metrics table, gates (config, overrides, static metric check), baseline deltas, reports and the
 * evaluation manifest.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoRules, startStubLlm, type StubLlm } from '@genaiops/testkit';
import { loadUseCase } from '../../src/config/load.js';
import { UserError } from '../../src/errors.js';
import { evaluate, type EvaluateOptions } from '../../src/stages/evaluate.js';
import { experiment } from '../../src/stages/experiment.js';
import type { EvaluationManifest } from '../../src/stages/manifest.js';
import { readJson, RecordingReporter, rejection, repoRoot, TICKETS, workspace } from './helpers.js';

let stub: StubLlm;
let environ: NodeJS.ProcessEnv;
/** A workspace where the experiment stage has run (build b1); copied per test. */
let ws: string;
beforeAll(async () => {
  stub = await startStubLlm({ rules: demoRules(loadUseCase(path.join(repoRoot, TICKETS))) });
  environ = { ...process.env, aoai: stub.connectionJson('azure') };
  ws = workspace();
  await experiment({ useCase: TICKETS, env: 'pr', cwd: ws, environ, buildId: 'b1' }, new RecordingReporter());
});
afterAll(() => stub.stop());

const EVAL = {
  defaults: 'ticket_classification_pr_accuracy_tickets_pr_eval_defaults_b1',
  v1: 'ticket_classification_pr_accuracy_tickets_pr_eval_classify_variant_1_b1'
};
const EXP = {
  defaults: 'ticket_classification_pr_tickets_pr_defaults_b1',
  v1: 'ticket_classification_pr_tickets_pr_classify_variant_1_b1'
};

const run = (extra: Partial<EvaluateOptions> = {}, reporter = new RecordingReporter()) =>
  evaluate({ useCase: TICKETS, env: 'pr', cwd: ws, environ, ...extra }, reporter);

test('evaluates every experiment run: metric rows, gates, reports, evaluation manifest, summary', async () => {
  const reporter = new RecordingReporter();
  const r = await run({}, reporter);
  expect(r.buildId).toBe('b1');
  expect(r.rows).toEqual([
    {
      evaluator: 'accuracy',
      dataset: 'tickets_pr',
      experimentRun: EXP.defaults,
      evaluationRun: EVAL.defaults,
      variants: { classify: 'variant_0' },
      label: 'defaults',
      metrics: { accuracy: 0.68 }
    },
    {
      evaluator: 'accuracy',
      dataset: 'tickets_pr',
      experimentRun: EXP.v1,
      evaluationRun: EVAL.v1,
      variants: { classify: 'variant_1' },
      label: 'classify.variant_1',
      metrics: { accuracy: 0.84 }
    }
  ]);
  expect(r.gates).toEqual([
    {
      evaluator: 'accuracy',
      metric: 'accuracy',
      run: EVAL.defaults,
      label: 'defaults',
      value: 0.68,
      min: 0.6,
      passed: true,
      message: `accuracy = 0.68 meets min 0.6 (evaluator accuracy, run ${EVAL.defaults}: defaults on tickets_pr)`
    },
    {
      evaluator: 'accuracy',
      metric: 'accuracy',
      run: EVAL.v1,
      label: 'classify.variant_1',
      value: 0.84,
      min: 0.6,
      passed: true,
      message: `accuracy = 0.84 meets min 0.6 (evaluator accuracy, run ${EVAL.v1}: classify.variant_1 on tickets_pr)`
    }
  ]);
  expect(r).toMatchObject({
    gatesPassed: true,
    passed: true,
    failedRuns: [],
    manifestFile: '.genaiops/evaluation-manifest.json'
  });
  expect(r.reports).toEqual({
    metricsCsv: 'reports/metrics.csv',
    linesCsv: 'reports/lines.csv',
    html: 'reports/report.html',
    markdown: 'reports/summary.md'
  });
  for (const f of Object.values(r.reports)) expect(existsSync(path.join(ws, f))).toBe(true);
  // the line results of both experiment runs and both evaluation runs went to the reports
  expect(r.reportInput.lines.map((l) => [l.kind, l.run])).toEqual([
    ['experiment', EXP.defaults],
    ['experiment', EXP.v1],
    ['evaluation', EVAL.defaults],
    ['evaluation', EVAL.v1]
  ]);
  expect(readFileSync(path.join(ws, 'reports/lines.csv'), 'utf8').split('\n').length).toBeGreaterThan(50);

  const m = readJson(path.join(ws, '.genaiops/evaluation-manifest.json')) as EvaluationManifest;
  expect(m).toMatchObject({
    version: 1,
    kind: 'evaluation',
    env: 'pr',
    backend: 'local',
    buildId: 'b1',
    runManifest: '.genaiops/run-manifest.json',
    gatesPassed: true
  });
  expect(m.rows).toEqual(r.rows);
  expect(m.runs[1]).toMatchObject({
    name: EVAL.v1,
    kind: 'evaluation',
    dataset: 'tickets_pr_eval',
    experimentDataset: 'tickets_pr',
    evaluator: 'accuracy',
    experimentRun: EXP.v1,
    variants: { classify: 'variant_1' },
    label: 'classify.variant_1',
    status: 'Completed',
    lines: { total: 25, completed: 25, failed: 0 },
    metrics: { accuracy: 0.84 }
  });
  expect(reporter.summaries).toHaveLength(1);
  expect(reporter.summaries[0]).toBe(r.summaryMarkdown);
  expect(r.summaryMarkdown).toContain('ticket\\_classification');
  expect(reporter.errors).toEqual([]);
});

test('a rerun with the same build id reuses the evaluation runs', async () => {
  await run();
  const r = await run();
  expect(r.runs.map((x) => x.reused)).toEqual([true, true]);
  expect(r.rows.map((x) => x.metrics)).toEqual([{ accuracy: 0.68 }, { accuracy: 0.84 }]);
});

describe('gates', () => {
  test('the gates input overrides the config gate for every evaluator: a missed gate fails with an error at the gate', async () => {
    const reporter = new RecordingReporter();
    const r = await run({ gates: '{"accuracy":{"min":1.01}}' }, reporter);
    expect(r).toMatchObject({ gatesPassed: false, passed: false });
    expect(r.gates.map((g) => [g.passed, g.min, g.message])).toEqual([
      [
        false,
        1.01,
        `accuracy = 0.68 is below the gate min 1.01 (evaluator accuracy, run ${EVAL.defaults}: defaults on tickets_pr)`
      ],
      [
        false,
        1.01,
        `accuracy = 0.84 is below the gate min 1.01 (evaluator accuracy, run ${EVAL.v1}: classify.variant_1 on tickets_pr)`
      ]
    ]);
    expect(reporter.errors.map((e) => e.message)).toEqual(r.gates.map((g) => `gate failed: ${g.message}`));
    // annotated where the gate is written
    const text = readFileSync(path.join(ws, TICKETS, 'llmops_config.json'), 'utf8').split('\n');
    const where = reporter.errors[0].where!;
    expect(where).toMatchObject({
      file: 'use-cases/ticket_classification/llmops_config.json',
      path: 'evaluators[0].gates.accuracy'
    });
    expect(text[where.line! - 1]).toContain('"accuracy": { "min": 0.6 }');
    const m = readJson(path.join(ws, '.genaiops/evaluation-manifest.json')) as EvaluationManifest;
    expect(m.gatesPassed).toBe(false);
  });

  test('an evaluator-keyed override keeps the config bound it does not name', async () => {
    const r = await run({ gates: { accuracy: { accuracy: { max: 0.8 } } } });
    expect(r.gates.map((g) => [g.label, g.passed, g.min, g.max])).toEqual([
      ['defaults', true, 0.6, 0.8],
      ['classify.variant_1', false, 0.6, 0.8]
    ]);
    expect(r.gates[1].message).toBe(
      `accuracy = 0.84 is above the gate max 0.8 (evaluator accuracy, run ${EVAL.v1}: classify.variant_1 on tickets_pr)`
    );
  });

  test('a gate on a metric the evaluation flow never logs is refused before any run', async () => {
    const e = await rejection(
      run({ gates: '{"recall":{"min":0.5}}', evaluationManifest: '.genaiops/never.json' })
    );
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).problems.map((p) => [p.path, p.message])).toEqual([
      [
        'evaluators[0].gates',
        'gate on metric "recall" of evaluator "accuracy" (gates input): use-cases/ticket_classification/flows/evaluation/flow.dag.yaml never logs it; it logs: accuracy (gate a logged metric, or add log_metric("recall", …) to its aggregation node)'
      ]
    ]);
    expect(existsSync(path.join(ws, '.genaiops/never.json'))).toBe(false);
  });

  test('malformed gates input', async () => {
    expect((await rejection(run({ gates: '{"accuracy":' }))).message).toMatch(/^gates: not valid JSON/);
    expect((await rejection(run({ gates: '{"acurracy":{"accuracy":{"min":1}}}' }))).message).toBe(
      'gates.acurracy: expected a gate {"min": <number>, "max": <number>, "maxRegression": <number>}, or the name of an evaluator (did you mean "accuracy"?) (evaluators: accuracy)'
    );
    expect((await rejection(run({ gates: '{"accuracy":{"min":0.9,"max":0.1}}' }))).message).toBe(
      'gates.accuracy: expected min ≤ max, found min 0.9 > max 0.1'
    );
  });
});

describe('baseline', () => {
  test('a metrics.json baseline: deltas on every row, and a regression beyond maxRegression fails', async () => {
    writeFileSync(path.join(ws, 'baseline-metrics.json'), JSON.stringify({ accuracy: 0.8 }));
    const r = await run({ baseline: 'baseline-metrics.json', maxRegression: 0.05 });
    expect(r.rows.map((x) => x.baseline)).toEqual([{ accuracy: 0.8 }, { accuracy: 0.8 }]);
    expect(r.gates.map((g) => [g.label, g.passed, g.baseline, g.maxRegression])).toEqual([
      ['defaults', false, 0.8, 0.05],
      ['classify.variant_1', true, 0.8, 0.05]
    ]);
    expect(r.gates[0].message).toBe(
      `accuracy = 0.68 dropped 0.12 from the baseline 0.8, more than the max regression 0.05 (evaluator accuracy, run ${EVAL.defaults}: defaults on tickets_pr)`
    );
    expect(r.gates[1].message).toBe(
      `accuracy = 0.84 meets min 0.6, max regression 0.05 from baseline 0.8 (evaluator accuracy, run ${EVAL.v1}: classify.variant_1 on tickets_pr)`
    );
  });

  test('a previous evaluation manifest: rows are matched by evaluator, variant and dataset', async () => {
    const previous = readJson(path.join(ws, '.genaiops/evaluation-manifest.json')) as EvaluationManifest;
    previous.rows[0].metrics.accuracy = 0.7;
    previous.rows[1].metrics.accuracy = 0.8;
    writeFileSync(path.join(ws, 'previous.json'), JSON.stringify(previous));
    const r = await run({ baseline: 'previous.json', evaluationManifest: '.genaiops/evaluation-2.json' });
    expect(r.rows.map((x) => [x.label, x.metrics.accuracy, x.baseline])).toEqual([
      ['defaults', 0.68, { accuracy: 0.7 }],
      ['classify.variant_1', 0.84, { accuracy: 0.8 }]
    ]);
    // without maxRegression a baseline only informs
    expect(r.gatesPassed).toBe(true);
  });

  test('an unreadable baseline is refused', async () => {
    expect((await rejection(run({ baseline: 'nope.json' }))).message).toBe(
      'baseline nope.json: file not found'
    );
  });
});

describe('the experiment runs', () => {
  test('without a run manifest, the build id finds them', async () => {
    const r = await run({
      manifest: '.genaiops/elsewhere.json',
      buildId: 'b1',
      evaluationManifest: '.genaiops/evaluation-3.json'
    });
    expect(r.rows.map((x) => x.experimentRun)).toEqual([EXP.defaults, EXP.v1]);
  });

  test('without a run manifest or a build id: say what to do', async () => {
    const e = await rejection(run({ manifest: '.genaiops/elsewhere.json' }));
    expect(e.message).toBe(
      'no run manifest at .genaiops/elsewhere.json: run the experiment stage first, or give the build id of its runs to find them'
    );
  });

  test('a manifest of another environment is refused', async () => {
    const m = readJson(path.join(ws, '.genaiops/run-manifest.json'));
    writeFileSync(path.join(ws, 'other.json'), JSON.stringify({ ...m, env: 'dev' }));
    const e = await rejection(run({ manifest: 'other.json' }));
    expect(e.message).toBe(
      'other.json: written for use-case "ticket_classification" environment "dev", not "ticket_classification" environment "pr"'
    );
  });
});

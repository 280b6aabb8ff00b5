/**
 * The experiment stage on the local backend against the stub model: the run manifest, reuse of
 * completed runs under the same build id, failed runs, and the bad inputs refused before any run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoRules, startStubLlm, type StubLlm } from '@genaiops/testkit';
import { loadUseCase } from '../../src/config/load.js';
import { readRunRecord } from '../../src/engine/runs/store.js';
import { UserError } from '../../src/errors.js';
import { experiment, RunsFailedError } from '../../src/stages/experiment.js';
import type { RunManifest } from '../../src/stages/manifest.js';
import { readJson, RecordingReporter, rejection, repoRoot, TICKETS, workspace } from './helpers.js';

let stub: StubLlm;
let environ: NodeJS.ProcessEnv;
beforeAll(async () => {
  stub = await startStubLlm({ rules: demoRules(loadUseCase(path.join(repoRoot, TICKETS))) });
  environ = { ...process.env, aoai: stub.connectionJson('azure') };
});
afterAll(() => stub.stop());
beforeEach(() => stub.reset());

const run = (ws: string, extra: Record<string, unknown> = {}, reporter = new RecordingReporter()) =>
  experiment({ useCase: TICKETS, env: 'pr', cwd: ws, environ, buildId: 'b1', ...extra }, reporter);

test('runs every variant concurrently and writes the run manifest', async () => {
  const ws = workspace();
  const reporter = new RecordingReporter();
  const result = await run(ws, {}, reporter);
  expect(result).toMatchObject({
    succeeded: 2,
    failed: 0,
    buildId: 'b1',
    manifestFile: '.genaiops/run-manifest.json'
  });
  const manifest = readJson(path.join(ws, '.genaiops/run-manifest.json')) as RunManifest;
  expect(manifest).toEqual(result.manifest);
  expect(manifest).toMatchObject({
    version: 1,
    kind: 'experiment',
    useCase: 'ticket_classification',
    useCaseDir: TICKETS,
    env: 'pr',
    backend: 'local',
    buildId: 'b1',
    runStore: '.genaiops/runs'
  });
  const names = [
    'ticket_classification_pr_tickets_pr_defaults_b1',
    'ticket_classification_pr_tickets_pr_classify_variant_1_b1'
  ];
  expect(manifest.runs.map((r) => r.name)).toEqual(names);
  expect(manifest.runs[1]).toMatchObject({
    name: names[1],
    planned: 'ticket_classification_pr_tickets_pr_classify_variant_1',
    kind: 'experiment',
    dataset: 'tickets_pr',
    variants: { classify: 'variant_1' },
    label: 'classify.variant_1',
    backend: 'local',
    id: names[1],
    status: 'Completed',
    lines: { total: 25, completed: 25, failed: 0 },
    reused: false,
    buildId: 'b1',
    runDir: `.genaiops/runs/${names[1]}`,
    outputsFile: `.genaiops/runs/${names[1]}/outputs.jsonl`,
    inputsFile: `.genaiops/runs/${names[1]}/inputs.jsonl`
  });
  // every variant node is named, also on the all-defaults run
  expect(manifest.runs[0].variants).toEqual({ classify: 'variant_0' });
  expect(stub.stats().byStatus[200]).toBe(50);
  // the two runs overlapped
  const [a, b] = manifest.runs;
  expect(Date.parse(a.startTime!)).toBeLessThan(Date.parse(b.endTime!));
  expect(Date.parse(b.startTime!)).toBeLessThan(Date.parse(a.endTime!));
  // build id and plan in the run's tags
  const record = readRunRecord(path.join(ws, '.genaiops/runs'), names[1]);
  expect(record.tags).toEqual({
    use_case: 'ticket_classification',
    env: 'pr',
    build_id: 'b1',
    stage: 'experiment',
    dataset: 'tickets_pr',
    variant: 'classify.variant_1'
  });
  expect(reporter.summaries.join('\n')).toContain(
    `| \`${names[1]}\` | tickets_pr | classify.variant_1 | Completed | 25/25 |  |`
  );
});

test('a rerun with the same build id reuses the completed runs; another build id runs again', async () => {
  const ws = workspace();
  await run(ws);
  const requests = stub.stats().requests;
  const again = await run(ws);
  expect(stub.stats().requests).toBe(requests);
  expect(again.runs.map((r) => [r.reused, r.status, r.lines])).toEqual([
    [true, 'Completed', { total: 25, completed: 25, failed: 0 }],
    [true, 'Completed', { total: 25, completed: 25, failed: 0 }]
  ]);
  const other = await run(ws, { buildId: 'b2' });
  expect(stub.stats().requests).toBe(requests + 50);
  expect(other.runs.map((r) => r.name)).toEqual([
    'ticket_classification_pr_tickets_pr_defaults_b2',
    'ticket_classification_pr_tickets_pr_classify_variant_1_b2'
  ]);
});

describe('a failed run', () => {
  // variant_1 calls a deployment the stub does not have: every line fails, so the run fails
  const brokenVariant = () => {
    const ws = workspace();
    const file = path.join(ws, TICKETS, 'flows/standard/flow.dag.yaml');
    const text = readFileSync(file, 'utf8');
    const at = text.lastIndexOf('deployment_name: gpt-35-turbo');
    writeFileSync(
      file,
      text.slice(0, at) +
        'deployment_name: gpt-missing' +
        text.slice(at + 'deployment_name: gpt-35-turbo'.length)
    );
    return ws;
  };
  beforeEach(() => stub.update({ deployments: ['gpt-35-turbo'] }));
  afterEach(() => stub.update({ deployments: undefined }));

  test('fails the stage with the failed runs listed; the other run finishes and both are in the manifest', async () => {
    const ws = brokenVariant();
    const e = await rejection(run(ws));
    expect(e).toBeInstanceOf(RunsFailedError);
    expect(e).toBeInstanceOf(UserError);
    const name = 'ticket_classification_pr_tickets_pr_classify_variant_1_b1';
    expect(e.message).toMatch(
      new RegExp(
        `^1 of 2 experiment run\\(s\\) failed \\(manifest \\.genaiops/run-manifest\\.json\\):\\n- ${name} \\(classify\\.variant_1 on tickets_pr\\): Failed: all 25 lines failed; line 0: node classify: LlmError: .*deployment \\"gpt-missing\\".* failed: 404 `
      )
    );
    const manifest = readJson(path.join(ws, '.genaiops/run-manifest.json')) as RunManifest;
    expect(manifest.runs.map((r) => [r.label, r.status])).toEqual([
      ['defaults', 'Completed'],
      ['classify.variant_1', 'Failed']
    ]);
    expect(manifest.runs[1].lines).toEqual({ total: 25, completed: 0, failed: 25 });
    expect(manifest.runs[1].error).toMatch(/^all 25 lines failed/);
    expect(e.result.failed).toBe(1);
  });

  test('allowFailedRuns: the stage succeeds and reports the failed run', async () => {
    const ws = brokenVariant();
    const reporter = new RecordingReporter();
    const result = await run(ws, { allowFailedRuns: true }, reporter);
    expect(result).toMatchObject({ succeeded: 1, failed: 1 });
    expect(
      reporter.warnings.some((w) =>
        w.startsWith(
          'experiment run ticket_classification_pr_tickets_pr_classify_variant_1_b1 (classify.variant_1 on tickets_pr) Failed: all 25 lines failed'
        )
      )
    ).toBe(true);
  });

  test('a rerun with the same build id runs only the failed run again', async () => {
    const ws = brokenVariant();
    await run(ws, { allowFailedRuns: true });
    stub.update({ deployments: undefined });
    stub.reset();
    const again = await run(ws);
    expect(again.runs.map((r) => [r.reused, r.status])).toEqual([
      [true, 'Completed'],
      [false, 'Completed']
    ]);
    expect(stub.stats().byStatus[200]).toBe(25);
  });
});

describe('bad inputs are refused before any run', () => {
  const problemsOf = async (ws: string) => {
    const e = await rejection(run(ws));
    expect(e).toBeInstanceOf(UserError);
    expect(stub.stats().requests).toBe(0);
    expect(existsSync(path.join(ws, '.genaiops'))).toBe(false);
    return e as UserError;
  };

  test('an empty dataset file', async () => {
    const ws = workspace(TICKETS, (c) => (c.datasets.tickets_pr.source = 'data/empty.jsonl'));
    writeFileSync(path.join(ws, TICKETS, 'data/empty.jsonl'), '\n\n');
    const e = await problemsOf(ws);
    expect(e.problems.map((p) => [p.path, p.message])).toEqual([
      [
        'datasets.tickets_pr.source',
        'dataset "tickets_pr": use-cases/ticket_classification/data/empty.jsonl is empty (expected JSON Lines, one object per line)'
      ]
    ]);
    expect(e.message).toMatch(
      /^use-cases\/ticket_classification\/llmops_config\.json:\d+:\d+: datasets\.tickets_pr\.source: dataset "tickets_pr": /
    );
  });

  test('a missing dataset file', async () => {
    const ws = workspace(TICKETS, (c) => (c.datasets.tickets_pr.source = 'data/missing.jsonl'));
    const e = await problemsOf(ws);
    expect(e.problems.map((p) => [p.path, p.message])).toEqual([
      ['datasets.tickets_pr.source', 'file "data/missing.jsonl" not found in the use-case folder']
    ]);
  });

  test('a mapping to a column no line has: which column, which dataset, and the columns it has', async () => {
    const ws = workspace(TICKETS, (c) => (c.datasets.tickets_pr.mappings.ticket = '${data.tiket}'));
    const e = await problemsOf(ws);
    expect(e.problems.map((p) => [p.path, p.message])).toEqual([
      [
        'datasets.tickets_pr.mappings.ticket',
        'maps "ticket" to column "tiket", but no line of use-cases/ticket_classification/data/pr.jsonl (dataset "tickets_pr") has it (did you mean "ticket"?); its columns: ticket, category'
      ]
    ]);
  });

  test("an evaluator's mapping to a column its evaluation dataset lacks", async () => {
    const ws = workspace(TICKETS, (c) => (c.evaluators[0].mappings.groundtruth = '${data.label}'));
    const e = await problemsOf(ws);
    expect(e.problems.map((p) => [p.path, p.message])).toEqual([
      [
        'evaluators[0].mappings.groundtruth',
        'evaluator "accuracy" maps "groundtruth" to column "label", but no line of use-cases/ticket_classification/data/pr.jsonl (dataset "tickets_pr_eval") has it; its columns: ticket, category'
      ]
    ]);
  });

  test('an evaluator whose reference matches no experiment dataset of the environment', async () => {
    const ws = workspace(TICKETS, (c) => (c.evaluators[0].datasets = ['tickets_train_eval']));
    const e = await problemsOf(ws);
    expect(e.problems.map((p) => [p.path, p.message])).toEqual([
      [
        'evaluators[0]',
        'evaluator "accuracy" has nothing to evaluate in environment "pr": none of its evaluation datasets (tickets_train_eval → tickets_train) references an experiment dataset of the environment (tickets_pr); add one to the environment\'s "datasets"'
      ]
    ]);
  });

  test('a bad build id', async () => {
    const e = await rejection(run(workspace(), { buildId: 'a b' }));
    expect(e.message).toBe(`build id "a b": expected 1–64 letters, digits, '-' or '_'`);
  });
});

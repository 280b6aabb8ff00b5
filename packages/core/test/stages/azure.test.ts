/**
 * The azure backend through the stand-in `pfazure` on PATH (testkit; runs are real runs of the
 * local engine behind it): the exact argument lists, reuse under the same build id, failed runs
 * and their retry, registered data. Needs the compiled packages (`npx tsc -b tsconfig.build.json`).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import {
  demoRules,
  installFakePfazure,
  startStubLlm,
  type FakePfazure,
  type StubLlm
} from '@genaiops/testkit';
import { PROMPTFLOW_AZURE_VERSION, runCreateArgs } from '../../src/azure/pf/pfazure.js';
import { loadUseCase } from '../../src/config/load.js';
import { UserError } from '../../src/errors.js';
import { evaluate } from '../../src/stages/evaluate.js';
import { experiment, RunsFailedError, type ExperimentOptions } from '../../src/stages/experiment.js';
import type { RunManifest } from '../../src/stages/manifest.js';
import { readJson, RecordingReporter, rejection, repoRoot, TICKETS, workspace } from './helpers.js';

const LONG = 120_000;

const WS = [
  '--subscription',
  '00000000-0000-0000-0000-000000000000',
  '--resource-group',
  'rg-genaiops-dev',
  '--workspace-name',
  'mlw-genaiops-dev'
];
const EXP = {
  defaults: 'ticket_classification_dev_tickets_train_defaults_b1',
  v1: 'ticket_classification_dev_tickets_train_classify_variant_1_b1'
};
const EVAL = {
  defaults: 'ticket_classification_dev_accuracy_tickets_train_eval_defaults_b1',
  v1: 'ticket_classification_dev_accuracy_tickets_train_eval_classify_variant_1_b1'
};
const poll = { initialMs: 50, maxMs: 200 };

let stub: StubLlm;
beforeAll(async () => {
  stub = await startStubLlm({ rules: demoRules(loadUseCase(path.join(repoRoot, TICKETS))) });
});
afterAll(() => stub.stop());

/** The dev environment (azure) on the 25 PR tickets, to keep the runs short. */
const devWorkspace = () =>
  workspace(TICKETS, (c) => {
    c.datasets.tickets_train.source = 'data/pr.jsonl';
    c.datasets.tickets_train_eval.source = 'data/pr.jsonl';
  });

function setup(opts: { failRuns?: RegExp[]; dir?: string; registeredData?: Record<string, string> } = {}) {
  const fake = installFakePfazure({ environ: { aoai: stub.connectionJson('azure') }, ...opts });
  const environ = fake.env({ ...process.env });
  delete environ.AZURE_SUBSCRIPTION_ID;
  delete environ.AZUREML_WORKSPACE;
  return { fake, environ };
}

const stage = (ws: string, environ: NodeJS.ProcessEnv, extra: Partial<ExperimentOptions> = {}) => ({
  useCase: TICKETS,
  env: 'dev',
  cwd: ws,
  environ,
  buildId: 'b1',
  azure: { poll },
  ...extra
});

const byCommand = (fake: FakePfazure, command: string, from = 0) =>
  fake
    .calls()
    .slice(from)
    .filter((c) => c[1] === command);
const sortByName = (calls: string[][]) =>
  [...calls].sort((a, b) => a[a.indexOf('--name') + 1].localeCompare(b[b.indexOf('--name') + 1]));

test(
  'experiment and evaluate: the exact pfazure argument lists, the manifest, the metrics',
  async () => {
    const ws = devWorkspace();
    const { fake, environ } = setup();
    const exp = await experiment(stage(ws, environ), new RecordingReporter());
    expect(exp).toMatchObject({ succeeded: 2, failed: 0 });

    const tags = (variant: string) => [
      'tags.use_case=ticket_classification',
      'tags.env=dev',
      'tags.build_id=b1',
      'tags.stage=experiment',
      'tags.dataset=tickets_train',
      `tags.variant=${variant}`
    ];
    expect(sortByName(byCommand(fake, 'create'))).toEqual([
      [
        'run',
        'create',
        '--flow',
        'use-cases/ticket_classification/flows/standard',
        '--data',
        'use-cases/ticket_classification/data/pr.jsonl',
        '--column-mapping',
        'ticket=${data.ticket}',
        '--variant',
        '${classify.variant_1}',
        '--name',
        EXP.v1,
        '--set',
        'display_name=ticket_classification dev tickets_train classify.variant_1 (build b1)',
        ...tags('classify.variant_1'),
        '--runtime',
        'automatic',
        ...WS
      ],
      [
        'run',
        'create',
        '--flow',
        'use-cases/ticket_classification/flows/standard',
        '--data',
        'use-cases/ticket_classification/data/pr.jsonl',
        '--column-mapping',
        'ticket=${data.ticket}',
        '--name',
        EXP.defaults,
        '--set',
        'display_name=ticket_classification dev tickets_train defaults (build b1)',
        ...tags('defaults'),
        '--runtime',
        'automatic',
        ...WS
      ]
    ]);
    // one poller for both runs: `run list`; the results (with metrics.json) come from `run download`
    expect(new Set(byCommand(fake, 'list').map((c) => JSON.stringify(c)))).toEqual(
      new Set([JSON.stringify(['run', 'list', '--max-results', '50', ...WS])])
    );
    expect(sortByName(byCommand(fake, 'download'))).toEqual(
      [EXP.v1, EXP.defaults].map((n) => [
        'run',
        'download',
        '--name',
        n,
        '--output',
        '.genaiops/azure-runs',
        '--overwrite',
        ...WS
      ])
    );
    expect(byCommand(fake, 'show-metrics')).toEqual([]);

    const manifest = readJson(path.join(ws, '.genaiops/run-manifest.json')) as RunManifest;
    expect(manifest).toMatchObject({
      backend: 'azure',
      azure: {
        subscriptionId: '00000000-0000-0000-0000-000000000000',
        resourceGroup: 'rg-genaiops-dev',
        workspace: 'mlw-genaiops-dev'
      }
    });
    expect(manifest.runs[1]).toMatchObject({
      name: EXP.v1,
      id: EXP.v1,
      backend: 'azure',
      status: 'Completed',
      variants: { classify: 'variant_1' },
      lines: { total: 25, completed: 25, failed: 0 },
      portalUrl: `https://ml.azure.com/prompts/flow/bulkrun/run/${EXP.v1}/details?wsid=/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg-genaiops-dev/providers/Microsoft.MachineLearningServices/workspaces/mlw-genaiops-dev`,
      outputsFile: `.genaiops/azure-runs/${EXP.v1}/outputs.jsonl`,
      inputsFile: `.genaiops/azure-runs/${EXP.v1}/inputs.jsonl`
    });

    const before = fake.calls().length;
    const ev = await evaluate({ ...stage(ws, environ), buildId: undefined }, new RecordingReporter());
    const evalTags = (variant: string, run: string) => [
      'tags.use_case=ticket_classification',
      'tags.env=dev',
      'tags.build_id=b1',
      'tags.stage=evaluation',
      'tags.evaluator=accuracy',
      'tags.dataset=tickets_train_eval',
      `tags.variant=${variant}`,
      `tags.experiment_run=${run}`
    ];
    expect(sortByName(byCommand(fake, 'create', before))).toEqual([
      [
        'run',
        'create',
        '--flow',
        'use-cases/ticket_classification/flows/evaluation',
        '--data',
        'use-cases/ticket_classification/data/pr.jsonl',
        '--run',
        EXP.v1,
        '--column-mapping',
        'groundtruth=${data.category}',
        'prediction=${run.outputs.category}',
        '--name',
        EVAL.v1,
        '--set',
        'display_name=ticket_classification dev accuracy classify.variant_1 on tickets_train (build b1)',
        ...evalTags('classify.variant_1', EXP.v1),
        '--runtime',
        'automatic',
        ...WS
      ],
      [
        'run',
        'create',
        '--flow',
        'use-cases/ticket_classification/flows/evaluation',
        '--data',
        'use-cases/ticket_classification/data/pr.jsonl',
        '--run',
        EXP.defaults,
        '--column-mapping',
        'groundtruth=${data.category}',
        'prediction=${run.outputs.category}',
        '--name',
        EVAL.defaults,
        '--set',
        'display_name=ticket_classification dev accuracy defaults on tickets_train (build b1)',
        ...evalTags('defaults', EXP.defaults),
        '--runtime',
        'automatic',
        ...WS
      ]
    ]);
    // same numbers as the local backend: the same engine and model behind the stand-in
    expect(ev.rows.map((r) => [r.label, r.metrics])).toEqual([
      ['defaults', { accuracy: 0.68 }],
      ['classify.variant_1', { accuracy: 0.84 }]
    ]);
    expect(ev.gatesPassed).toBe(true);
    expect(ev.reportInput.lines.map((l) => [l.kind, l.run])).toEqual([
      ['experiment', EXP.defaults],
      ['experiment', EXP.v1],
      ['evaluation', EVAL.defaults],
      ['evaluation', EVAL.v1]
    ]);

    // a rerun with the same build id: `run create` is refused (the name exists), `run show` says
    // Completed, nothing new runs and nothing is downloaded again
    const runsBefore = readdirSync(path.join(fake.stateDir, 'runs')).length;
    const mark = fake.calls().length;
    const again = await experiment(stage(ws, environ), new RecordingReporter());
    expect(again.runs.map((r) => [r.reused, r.status, r.lines])).toEqual([
      [true, 'Completed', { total: 25, completed: 25, failed: 0 }],
      [true, 'Completed', { total: 25, completed: 25, failed: 0 }]
    ]);
    expect(readdirSync(path.join(fake.stateDir, 'runs')).length).toBe(runsBefore);
    const calls = fake.calls().slice(mark);
    expect(calls.map((c) => c[1]).sort()).toEqual(['create', 'create', 'show', 'show']);
    expect(sortByName(calls.filter((c) => c[1] === 'show'))).toEqual(
      [EXP.v1, EXP.defaults].map((n) => ['run', 'show', '--name', n, ...WS])
    );
  },
  LONG
);

test(
  'a failed run fails the stage; a rerun with the same build id retries it under a new name',
  async () => {
    const ws = devWorkspace();
    const { fake, environ } = setup({ failRuns: [/classify_variant_1/] });
    const e = await rejection(experiment(stage(ws, environ), new RecordingReporter()));
    expect(e).toBeInstanceOf(RunsFailedError);
    expect(e.message).toBe(
      `1 of 2 experiment run(s) failed (manifest .genaiops/run-manifest.json):\n- ${EXP.v1} (classify.variant_1 on tickets_train): Failed: forced failure of run '${EXP.v1}' (stand-in pfazure)`
    );
    // the list said Failed: `run show` fetched the error
    expect(byCommand(fake, 'show')).toEqual([['run', 'show', '--name', EXP.v1, ...WS]]);
    const manifest = readJson(path.join(ws, '.genaiops/run-manifest.json')) as RunManifest;
    expect(manifest.runs.map((r) => [r.name, r.status])).toEqual([
      [EXP.defaults, 'Completed'],
      [EXP.v1, 'Failed']
    ]);

    const healed = setup({ dir: path.dirname(fake.binDir) });
    const again = await experiment(stage(ws, healed.environ), new RecordingReporter());
    expect(again.runs.map((r) => [r.name, r.status, r.reused])).toEqual([
      [EXP.defaults, 'Completed', true],
      [`${EXP.v1}_attempt2`, 'Completed', false]
    ]);
    expect(
      byCommand(healed.fake, 'create')
        .map((c) => c[c.indexOf('--name') + 1])
        .sort()
    ).toEqual([EXP.defaults, EXP.v1, EXP.v1, EXP.defaults, `${EXP.v1}_attempt2`].sort());
  },
  LONG
);

test(
  'registered data assets are passed as azureml:<name>:<version>',
  async () => {
    const ws = devWorkspace();
    const { fake, environ } = setup({
      registeredData: { 'azureml:tickets_train:3': path.join(ws, TICKETS, 'data/pr.jsonl') }
    });
    await experiment(
      stage(ws, environ, { azure: { poll, registeredData: { tickets_train: '3' } } }),
      new RecordingReporter()
    );
    const creates = byCommand(fake, 'create');
    expect(creates).toHaveLength(2);
    for (const c of creates)
      expect(c.slice(c.indexOf('--data'), c.indexOf('--data') + 2)).toEqual([
        '--data',
        'azureml:tickets_train:3'
      ]);
  },
  LONG
);

test(
  'without pfazure on PATH (and no install): say how to get it',
  async () => {
    const ws = devWorkspace();
    const e = await rejection(
      experiment(
        { ...stage(ws, { PATH: path.join(ws, 'no-bin') }), azure: { install: false } },
        new RecordingReporter()
      )
    );
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe(
      `pfazure not found on PATH: install it with \`pip install "promptflow[azure]==${PROMPTFLOW_AZURE_VERSION}"\``
    );
  },
  LONG
);

test('argument lists of run create (no variant, registered data, environment variables, connections, no subscription)', () => {
  expect(
    runCreateArgs(
      {
        flow: 'f',
        data: 'azureml:d:1',
        columnMapping: { a: '${data.a}' },
        name: 'n',
        environmentVariables: { LOG_LEVEL: 'info', X: 'y' },
        connections: { 'classify.connection': 'aoai2', 'classify.deployment_name': 'gpt-4o' }
      },
      { resourceGroup: 'g', workspace: 'w' }
    )
  ).toEqual([
    'run',
    'create',
    '--flow',
    'f',
    '--data',
    'azureml:d:1',
    '--column-mapping',
    'a=${data.a}',
    '--name',
    'n',
    '--environment-variables',
    'LOG_LEVEL=info',
    'X=y',
    '--connections',
    'classify.connection=aoai2',
    'classify.deployment_name=gpt-4o',
    '--resource-group',
    'g',
    '--workspace-name',
    'w'
  ]);
});

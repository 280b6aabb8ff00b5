import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadUseCase } from '../../src/config/load.js';
import { UserError } from '../../src/errors.js';

/** A valid use-case folder; each case breaks one thing in it. */
function baseConfig(): any {
  return {
    name: 'demo',
    flow: 'flows/standard',
    datasets: {
      train: { source: 'data/train.jsonl', mappings: { question: '${data.question}' } },
      train_eval: { source: 'data/train.jsonl', reference: 'train' }
    },
    evaluators: [
      {
        name: 'acc',
        flow: 'flows/eval',
        mappings: { answer: '${run.outputs.answer}' },
        gates: { accuracy: { min: 0.5 } }
      }
    ],
    environments: {
      pr: { backend: 'local', datasets: ['train', 'train_eval'] },
      dev: {
        backend: 'azure',
        azure: { resourceGroup: 'rg', workspace: 'ws' },
        datasets: ['train', 'train_eval'],
        deployment: {
          target: 'managed',
          endpoint: 'demo-dev',
          deployment: 'blue',
          previous: 'green',
          traffic: 20,
          instanceType: 'Standard_DS3_v2',
          sampleRequest: 'sample.json'
        }
      }
    }
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'uc-'));
  for (const f of ['flows/standard', 'flows/eval', 'data']) mkdirSync(path.join(dir, f), { recursive: true });
  writeFileSync(path.join(dir, 'flows/standard/flow.dag.yaml'), 'inputs: {}\noutputs: {}\nnodes: []\n');
  writeFileSync(path.join(dir, 'flows/eval/flow.dag.yaml'), 'inputs: {}\noutputs: {}\nnodes: []\n');
  writeFileSync(path.join(dir, 'data/train.jsonl'), '{"question": "q"}\n');
  writeFileSync(path.join(dir, 'sample.json'), '{"question": "q"}');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function load(text: string, env?: string, environ: NodeJS.ProcessEnv = {}): string {
  writeFileSync(path.join(dir, 'llmops_config.json'), text);
  try {
    loadUseCase(dir, { displayRoot: dir, env, environ });
  } catch (e) {
    if (e instanceof UserError) return e.message;
    throw e;
  }
  return 'loaded';
}
const json = (c: unknown) => JSON.stringify(c, null, 2);
const mutate = (fn: (c: any) => void) => {
  const c = baseConfig();
  fn(c);
  return json(c);
};

test('the base config loads', () => {
  expect(load(json(baseConfig()))).toBe('loaded');
});

const cases: [string, () => string, string, string?][] = [
  [
    'invalid JSON',
    () => '{ "name": "demo", }}',
    'llmops_config.json:1:20: invalid JSON: end of file expected'
  ],
  ['not an object', () => '[1, 2]', 'llmops_config.json:1:1: expected an object, found an array of 2'],
  ['missing name', () => mutate((c) => delete c.name), 'llmops_config.json:1:1: missing required key "name"'],
  [
    'unknown top-level key',
    () => mutate((c) => (c.flwo = 'x')),
    'llmops_config.json:59:3: flwo: unknown key "flwo" (did you mean "flow"?)'
  ],
  [
    'unknown dataset key',
    () => mutate((c) => (c.datasets.train.sourec = 'x')),
    'llmops_config.json:10:7: datasets.train.sourec: unknown key "sourec" (did you mean "source"?)'
  ],
  [
    'wrong variants value',
    () => mutate((c) => (c.variants = 'all-combination')),
    'llmops_config.json:59:3: variants: expected one of "one-at-a-time", "all-combinations", found "all-combination" (did you mean "all-combinations"?)'
  ],
  [
    'backend typo',
    () => mutate((c) => (c.environments.pr.backend = 'lokal')),
    'llmops_config.json:32:7: environments.pr.backend: expected one of "local", "azure", found "lokal" (did you mean "local"?)'
  ],
  [
    'traffic out of range',
    () => mutate((c) => (c.environments.dev.deployment.traffic = 120)),
    'llmops_config.json:53:9: environments.dev.deployment.traffic: expected an integer from 0 to 100, found 120'
  ],
  [
    'traffic as a string',
    () => mutate((c) => (c.environments.dev.deployment.traffic = '20')),
    'llmops_config.json:53:9: environments.dev.deployment.traffic: expected an integer, found "20"'
  ],
  [
    'empty instance type',
    () => mutate((c) => (c.environments.dev.deployment.instanceType = '')),
    'llmops_config.json:54:9: environments.dev.deployment.instanceType: expected a non-empty string, found an empty string'
  ],
  [
    'gate bound not a number',
    () => mutate((c) => (c.evaluators[0].gates.accuracy.min = 'high')),
    'llmops_config.json:25:11: evaluators[0].gates.accuracy.min: expected a number, found "high"'
  ],
  [
    'gate with unknown bound',
    () => mutate((c) => (c.evaluators[0].gates.accuracy = { minimum: 1 })),
    'llmops_config.json:25:11: evaluators[0].gates.accuracy.minimum: unknown key "minimum" (did you mean "min"?)'
  ],
  [
    'gate min above max',
    () => mutate((c) => (c.evaluators[0].gates.accuracy = { min: 0.9, max: 0.1 })),
    'llmops_config.json:24:9: evaluators[0].gates.accuracy: expected min ≤ max, found min 0.9 > max 0.1'
  ],
  [
    'empty environments',
    () => mutate((c) => (c.environments = {})),
    'llmops_config.json:30:3: environments: expected at least 1 entry, found none'
  ],
  [
    'only evaluation datasets',
    () => mutate((c) => (c.environments.pr.datasets = ['train_eval'])),
    'llmops_config.json:34:9: environments.pr.datasets[0]: evaluation dataset "train_eval" references "train", which this environment does not list\nllmops_config.json:33:7: environments.pr.datasets: expected at least one experiment dataset (one without "reference"), found none'
  ],
  [
    'env without datasets',
    () => mutate((c) => (c.environments.pr.datasets = [])),
    'llmops_config.json:33:7: environments.pr.datasets: expected at least 1 item, found none'
  ],
  [
    'dataset listed twice',
    () => mutate((c) => c.environments.pr.datasets.push('train')),
    'llmops_config.json:36:9: environments.pr.datasets[2]: "train" is listed twice'
  ],
  [
    'unknown dataset in env',
    () => mutate((c) => (c.environments.pr.datasets = ['trian', 'train_eval'])),
    'llmops_config.json:34:9: environments.pr.datasets[0]: unknown dataset "trian" (did you mean "train"?)\nllmops_config.json:35:9: environments.pr.datasets[1]: evaluation dataset "train_eval" references "train", which this environment does not list'
  ],
  [
    'unknown reference',
    () => mutate((c) => (c.datasets.train_eval.reference = 'tran')),
    'llmops_config.json:13:7: datasets.train_eval.reference: unknown dataset "tran" (did you mean "train"?)'
  ],
  [
    'reference to an evaluation dataset',
    () =>
      mutate((c) => {
        c.datasets.other = { source: 'data/train.jsonl', reference: 'train_eval' };
      }),
    'llmops_config.json:17:7: datasets.other.reference: expected an experiment dataset, found evaluation dataset "train_eval"'
  ],
  [
    'source escaping the folder',
    () => mutate((c) => (c.datasets.train.source = '../secrets.jsonl')),
    'llmops_config.json:6:7: datasets.train.source: expected a path inside the use-case folder, found "../secrets.jsonl"'
  ],
  [
    'absolute source',
    () => mutate((c) => (c.datasets.train.source = '/etc/passwd')),
    'llmops_config.json:6:7: datasets.train.source: expected a path inside the use-case folder, found "/etc/passwd"'
  ],
  [
    'missing data file',
    () => mutate((c) => (c.datasets.train.source = 'data/nope.jsonl')),
    'llmops_config.json:6:7: datasets.train.source: file "data/nope.jsonl" not found in the use-case folder'
  ],
  [
    'flow folder missing',
    () => mutate((c) => (c.flow = 'flows/nope')),
    'llmops_config.json:3:3: flow: folder "flows/nope" not found in the use-case folder'
  ],
  [
    'flow folder without a flow',
    () => mutate((c) => (c.flow = 'data')),
    'llmops_config.json:3:3: flow: expected a flow folder (with flow.dag.yaml or flow.flex.yaml), found none in "data"'
  ],
  [
    'bad experiment mapping',
    () => mutate((c) => (c.datasets.train.mappings.question = '${run.outputs.x}')),
    'llmops_config.json:8:9: datasets.train.mappings.question: expected ${data.<column>}, found "${run.outputs.x}"'
  ],
  [
    'bad evaluator mapping',
    () => mutate((c) => (c.evaluators[0].mappings.answer = '${run.output.answer}')),
    'llmops_config.json:21:9: evaluators[0].mappings.answer: expected ${data.<column>}, ${run.outputs.<output>} or ${run.inputs.<input>}, found "${run.output.answer}"'
  ],
  [
    'duplicate evaluator',
    () => mutate((c) => c.evaluators.push({ ...c.evaluators[0] })),
    'llmops_config.json:30:7: evaluators[1].name: evaluator "acc" is defined twice'
  ],
  [
    'evaluator on an experiment dataset',
    () => mutate((c) => (c.evaluators[0].datasets = ['train'])),
    'llmops_config.json:29:9: evaluators[0].datasets[0]: expected an evaluation dataset (one with "reference"), found experiment dataset "train"'
  ],
  [
    'azure backend without azure section',
    () => mutate((c) => delete c.environments.dev.azure),
    'llmops_config.json:39:7: environments.dev.backend: backend "azure" needs an "azure" section with resourceGroup and workspace'
  ],
  [
    'bad endpoint name',
    () => mutate((c) => (c.environments.dev.deployment.endpoint = 'x')),
    'llmops_config.json:50:9: environments.dev.deployment.endpoint: expected 3–32 letters, digits or \'-\', starting with a letter, found "x"'
  ],
  [
    'previous equals deployment',
    () => mutate((c) => (c.environments.dev.deployment.previous = 'blue')),
    'llmops_config.json:52:9: environments.dev.deployment.previous: expected a deployment other than "blue", found the same name'
  ],
  [
    'partial traffic without previous',
    () => mutate((c) => delete c.environments.dev.deployment.previous),
    'llmops_config.json:52:9: environments.dev.deployment.traffic: traffic 20 leaves 80% to no deployment: set "previous" or make it 100'
  ],
  [
    'managed without instance type',
    () => mutate((c) => delete c.environments.dev.deployment.instanceType),
    'llmops_config.json:48:7: environments.dev.deployment: a managed deployment needs "instanceType" (e.g. "Standard_DS3_v2")'
  ],
  [
    'kubernetes without compute',
    () => mutate((c) => (c.environments.dev.deployment.target = 'kubernetes')),
    'llmops_config.json:48:7: environments.dev.deployment: a kubernetes deployment needs "compute" (the attached Kubernetes compute name)'
  ],
  [
    'sample request not JSON',
    () => {
      writeFileSync(path.join(dir, 'sample.json'), '{oops');
      return json(baseConfig());
    },
    'llmops_config.json:55:9: environments.dev.deployment.sampleRequest: expected a JSON object in "sample.json", found invalid JSON: invalid symbol at 1:2'
  ],
  [
    'sample request not an object',
    () => {
      writeFileSync(path.join(dir, 'sample.json'), '[1]');
      return json(baseConfig());
    },
    'llmops_config.json:55:9: environments.dev.deployment.sampleRequest: expected a JSON object in "sample.json", found an array of 1'
  ],
  [
    'missing environment variable',
    () => mutate((c) => (c.environments.dev.azure.workspace = '${WS_NAME}')),
    'llmops_config.json:42:9: environments.dev.azure.workspace: environment variable WS_NAME is not set (set it, or write ${WS_NAME:-default} to give a default)'
  ],
  [
    'unknown environment',
    () => json(baseConfig()),
    'llmops_config.json:30:3: environments: unknown environment "prd" (did you mean "pr"?); defined: pr, dev',
    'prd'
  ]
];

// Rest parameters: jest would take a fourth named parameter for a `done` callback.
test.each(cases)('%s', (...[, make, expected, env]) => {
  expect(load(make(), env)).toBe(expected);
});

test('a variable set in the environment, or its default, fills the value', () => {
  const text = mutate((c) => {
    c.environments.dev.azure.workspace = '${WS_NAME}';
    c.environments.dev.azure.resourceGroup = '${RG:-rg-default}';
  });
  writeFileSync(path.join(dir, 'llmops_config.json'), text);
  const uc = loadUseCase(dir, { environ: { WS_NAME: 'mlw-1' } });
  expect(uc.config.environments.dev.azure).toEqual({ resourceGroup: 'rg-default', workspace: 'mlw-1' });
  // ${data.x} mappings are not environment variables.
  expect(uc.config.datasets.train.mappings.question).toBe('${data.question}');
});

test('a missing variable in another environment does not block loading one environment', () => {
  writeFileSync(
    path.join(dir, 'llmops_config.json'),
    mutate((c) => (c.environments.dev.azure.workspace = '${WS_NAME}'))
  );
  const uc = loadUseCase(dir, { env: 'pr', environ: {} });
  expect(Object.keys(uc.config.environments)).toEqual(['pr']);
});

/**
 * `genaiops init <folder>`: writes a complete use-case that validates and runs green through
 * `pipeline` on the mock provider at once, or (`from`) wraps an existing prompt flow folder.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { flowConnectionNames } from '../engine/llm/mock.js';
import { loadFlow } from '../flow/load.js';
import type { Flow } from '../flow/model.js';
import {
  CONNECTION,
  DATASET,
  evaluationFlow,
  jsonl,
  METRIC,
  PROMPTS,
  standardFlow,
  TEST_SCORE,
  type EvaluatorKind
} from './templates.js';

export type FlowKind = 'dag' | 'flex' | 'prompty';
export const FLOW_KINDS: FlowKind[] = ['dag', 'flex', 'prompty'];
export const EVALUATOR_KINDS: EvaluatorKind[] = ['f1', 'exact', 'llm-judge'];

export interface InitOptions {
  /** The use-case folder to create (must not exist, or be empty). */
  folder: string;
  flow?: FlowKind;
  evaluator?: EvaluatorKind;
  /** Environments (default pr, dev); every one but `pr` gets a local deployment. */
  envs?: string[];
  /** An existing prompt flow folder to wrap instead of the sample flow. */
  from?: string;
}

export interface InitResult {
  name: string;
  dir: string;
  /** Written files, relative to `dir`. */
  files: string[];
  /** What the user should know next (e.g. a gate the mock cannot pass). */
  notes: string[];
}

const GATE_MIN: Record<EvaluatorKind, number> = { f1: 0.5, exact: 0.6, 'llm-judge': 0.6 };

/** The use-case's standard flow, as init sees it: its inputs, the output evaluated, its connections, a sample. */
interface FlowShape {
  inputs: string[];
  output: string;
  connections: string[];
  sample: Record<string, unknown>;
  rows: Record<string, unknown>[];
}

export function initUseCase(opts: InitOptions): InitResult {
  const { dir, evaluator, envs, name } = checkInitOptions(opts);
  const files: Record<string, string> = {};
  const notes: string[] = [];
  const shape = standardFlowFiles(opts, dir, evaluator, files, notes);
  for (const [file, text] of Object.entries(evaluationFlow(evaluator, CONNECTION)))
    files[`flows/evaluation/${file}`] = text;
  files['data/data.jsonl'] = jsonl(shape.rows);
  files['sample-request.json'] = JSON.stringify(shape.sample, null, 2) + '\n';
  files['tests/test_evaluation.py'] = TEST_SCORE(evaluator);
  const config = useCaseConfig(opts, {
    dir,
    name,
    evaluator,
    envs,
    inputs: shape.inputs,
    output: shape.output
  });
  if (evaluator === 'llm-judge' && !shape.inputs.includes('question'))
    throw new UserError(
      '--evaluator llm-judge: the judge needs a "question" input in the flow; use f1 or exact'
    );
  files['llmops_config.json'] = JSON.stringify(config, null, 2) + '\n';
  files['README.md'] = readme(name, shape.connections, envs);

  for (const [file, text] of Object.entries(files)) {
    const abs = path.join(dir, file);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return { name, dir, files: Object.keys(files).sort(), notes };
}

/** The options checked before anything is written; the folder, evaluator, environments and name. */
function checkInitOptions(opts: InitOptions): {
  dir: string;
  evaluator: EvaluatorKind;
  envs: string[];
  name: string;
} {
  const dir = path.resolve(opts.folder);
  if (existsSync(dir) && readdirSync(dir).length)
    throw new UserError(
      `${opts.folder}: the folder exists and is not empty; init writes a new use-case folder`
    );
  const flowKind = opts.flow ?? 'dag';
  if (!FLOW_KINDS.includes(flowKind))
    throw new UserError(`--flow ${flowKind}: expected one of ${FLOW_KINDS.join(', ')}`);
  if (flowKind !== 'dag' && !opts.from)
    throw new UserError(
      `--flow ${flowKind}: init writes a DAG flow (flow.dag.yaml) for now; wrap your own ${flowKind} flow with --from <flow folder>`
    );
  const evaluator = opts.evaluator ?? 'f1';
  if (!EVALUATOR_KINDS.includes(evaluator))
    throw new UserError(`--evaluator ${evaluator}: expected one of ${EVALUATOR_KINDS.join(', ')}`);
  const envs = opts.envs?.length ? opts.envs : ['pr', 'dev'];
  for (const e of envs)
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(e))
      throw new UserError(`--envs: expected environment names of letters, digits, '-' or '_', found "${e}"`);
  const name = path.basename(dir).replace(/[^A-Za-z0-9_.-]+/g, '_');
  return { dir, evaluator, envs, name };
}

/** The standard flow: the user's (`--from`, copied) or the sample one (added to `files`). */
function standardFlowFiles(
  opts: InitOptions,
  dir: string,
  evaluator: EvaluatorKind,
  files: Record<string, string>,
  notes: string[]
): FlowShape {
  if (opts.from) {
    const source = path.resolve(opts.from);
    let flow: Flow;
    try {
      flow = loadFlow(source, { displayRoot: process.cwd() });
    } catch (e) {
      throw new UserError(`--from ${opts.from}: ${(e as Error).message}`);
    }
    const declared = flow.kind === 'dag' ? flow.inputs : (flow.inputs ?? {});
    const outs = Object.keys(flow.kind === 'dag' ? flow.outputs : (flow.outputs ?? {}));
    const inputs = Object.keys(declared);
    if (!inputs.length || !outs.length)
      throw new UserError(
        `--from ${opts.from}: the flow must declare its inputs and outputs for init to map them`
      );
    const output = outs[0];
    const connections = flowConnectionNames(flow);
    const sample = Object.fromEntries(
      Object.values(declared).map((i) => [i.name, i.default ?? `example ${i.name}`])
    );
    const rows = [1, 2, 3].map((n) => ({ ...sample, ground_truth: `expected ${output} ${n}` }));
    copyFlow(source, path.join(dir, 'flows', 'standard'));
    notes.push(
      `data/data.jsonl holds placeholder lines: put real inputs and a "ground_truth" for "${output}" in it, then add a gate on "${METRIC[evaluator]}" to the evaluator`
    );
    return { inputs, output, connections, sample, rows };
  }
  files['flows/standard/flow.dag.yaml'] = standardFlow(CONNECTION);
  files['flows/standard/answer_concise.jinja2'] = PROMPTS.concise;
  files['flows/standard/answer_detailed.jinja2'] = PROMPTS.detailed;
  if (evaluator !== 'f1')
    notes.push(
      `the "${METRIC[evaluator]}" gate fails on the mock provider (it echoes the prompt): run with a real connection "${CONNECTION}" to pass it`
    );
  return {
    inputs: ['question'],
    output: 'answer',
    connections: [CONNECTION],
    sample: { question: 'What is the capital of Italy?' },
    rows: DATASET
  };
}

/** llmops_config.json of the new use-case: its datasets, the evaluator with a gate, the environments. */
function useCaseConfig(
  opts: InitOptions,
  o: { dir: string; name: string; evaluator: EvaluatorKind; envs: string[]; inputs: string[]; output: string }
): Record<string, unknown> {
  const { dir, name, evaluator, envs, inputs, output } = o;
  return {
    ...schemaRef(dir),
    name,
    description: `Created by genaiops init${opts.from ? ` from ${path.basename(opts.from)}` : ''}.`,
    flow: 'flows/standard',
    variants: 'one-at-a-time',
    datasets: {
      data: {
        source: 'data/data.jsonl',
        mappings: Object.fromEntries(inputs.map((i) => [i, `\${data.${i}}`]))
      },
      data_eval: { source: 'data/data.jsonl', reference: 'data' }
    },
    evaluators: [
      {
        name: evaluator,
        flow: 'flows/evaluation',
        mappings: {
          ...(evaluator === 'llm-judge' && inputs.includes('question')
            ? { question: '${data.question}' }
            : {}),
          answer: `\${run.outputs.${output}}`,
          ground_truth: '${data.ground_truth}'
        },
        gates: opts.from ? {} : { [METRIC[evaluator]]: { min: GATE_MIN[evaluator] } },
        higherIsBetter: { [METRIC[evaluator]]: true }
      }
    ],
    environments: Object.fromEntries(
      envs.map((env) => [
        env,
        {
          backend: 'local',
          datasets: ['data', 'data_eval'],
          ...(env === 'pr'
            ? {}
            : {
                deployment: {
                  target: 'local',
                  endpoint: endpointName(name, env),
                  deployment: 'blue',
                  previous: 'green',
                  traffic: 20,
                  instanceCount: 1,
                  sampleRequest: 'sample-request.json'
                }
              })
        }
      ])
    )
  };
}

/** `<name>-<env>` as an endpoint name: letters, digits and '-', 3–32, a letter first. */
function endpointName(name: string, env: string): string {
  const slug = `${name}-${env}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+/g, '-');
  const cut = slug.slice(0, 32).replace(/-+$/, '');
  return cut.length >= 3 ? cut : `ep-${env}`.slice(0, 32);
}

/** `$schema` pointing at the repository's schema, when the folder is inside this repository layout. */
function schemaRef(dir: string): { $schema?: string } {
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    const schema = path.join(d, 'schemas', 'llmops_config.schema.json');
    if (existsSync(schema)) return { $schema: path.relative(dir, schema).split(path.sep).join('/') };
    if (path.dirname(d) === d) return {};
  }
}

function copyFlow(source: string, target: string): void {
  cpSync(source, target, {
    recursive: true,
    filter: (p) =>
      !/(^|[\\/])(\.promptflow|__pycache__|\.runs|node_modules)([\\/]|$)/.test(path.relative(source, p))
  });
}

function readme(name: string, connections: string[], envs: string[]): string {
  const deployEnv = envs.find((e) => e !== 'pr');
  return `# ${name}

Made with \`genaiops init\`. Try it without a model:

\`\`\`sh
npx genaiops validate ${name}
npx genaiops pipeline ${name} --mock${deployEnv && deployEnv !== 'dev' ? ` --deploy-env ${deployEnv}` : ''}
\`\`\`

The mock provider echoes each prompt: it checks the wiring, and its metrics are not meaningful
(every report says so). For real answers, set the connection${connections.length > 1 ? 's' : ''} ${connections.map((c) => `\`${c}\``).join(', ') || '(none)'} (environment or \`.env\`), e.g.
\`${connections[0] ?? CONNECTION}={"api_type":"azure","api_base":"https://<resource>.openai.azure.com/","api_key":"<key>","api_version":"2024-02-01"}\`.

- \`flows/standard\`: the flow, with two prompt variants.
- \`flows/evaluation\`: scores each line, and its aggregation node logs the metric the gate checks.
- \`data/data.jsonl\`: the inputs and the \`ground_truth\` of each line.
- \`sample-request.json\`: what the smoke test sends to the deployed endpoint (the flow's inputs).
- \`tests/\`: \`python3 -m unittest discover -s tests\`.
`;
}

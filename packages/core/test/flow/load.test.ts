import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem } from '../../src/errors.js';
import { loadFlow, type DagFlow, type FlexFlow } from '../../src/flow/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../fixtures/flows');
const repoRoot = path.resolve(here, '../../../..');

function loadDag(name: string): DagFlow {
  const flow = loadFlow(path.join(fixtures, name), { displayRoot: fixtures });
  if (flow.kind !== 'dag') throw new Error('expected a DAG flow');
  return flow;
}

function loadFlex(name: string): FlexFlow {
  const flow = loadFlow(path.join(fixtures, name), { displayRoot: fixtures });
  if (flow.kind !== 'flex') throw new Error('expected a flex flow');
  return flow;
}

describe('a realistic DAG flow', () => {
  const flow = loadDag('support-tickets');
  const dir = path.join(fixtures, 'support-tickets');

  test('file, folder and top-level data', () => {
    expect(flow.dir).toBe(dir);
    expect(flow.file).toBe(path.join(dir, 'flow.dag.yaml'));
    expect(flow.displayFile).toBe('support-tickets/flow.dag.yaml');
    expect(flow.description).toBe('Classifies a support ticket, summarises it and escalates urgent ones.');
    expect(flow.environment).toEqual({ python_requirements_txt: 'requirements.txt' });
    expect(flow.additionalIncludes).toEqual([]);
    expect(flow.warnings).toEqual([]);
  });

  test('inputs with types, defaults and chat flags', () => {
    expect(Object.keys(flow.inputs)).toEqual(['ticket', 'history']);
    expect(flow.inputs.ticket).toMatchObject({
      type: 'string',
      default: 'I was charged twice for order 48213.',
      isChatHistory: false
    });
    expect(flow.inputs.history).toMatchObject({
      type: 'list',
      default: [],
      isChatHistory: true,
      isChatInput: false
    });
    expect(flow.inputs.ticket.at).toEqual({
      file: 'support-tickets/flow.dag.yaml',
      path: 'inputs.ticket',
      line: 6,
      column: 3
    });
  });

  test('outputs with parsed references, in file order', () => {
    expect(Object.keys(flow.outputs)).toEqual(['category', 'summary', 'escalation', 'ticket']);
    expect(flow.outputs.category.reference).toEqual({
      kind: 'node-output',
      text: '${postprocess.output.category}',
      node: 'postprocess',
      path: ['category']
    });
    expect(flow.outputs.summary.reference).toMatchObject({
      kind: 'node-output',
      node: 'summarize',
      path: []
    });
    expect(flow.outputs.ticket.reference).toEqual({
      kind: 'flow-input',
      text: '${inputs.ticket}',
      name: 'ticket'
    });
    expect(flow.outputs.escalation.type).toBe('object');
  });

  test('nodes in file order: python, variant placeholders, prompt, activate, aggregation', () => {
    expect(flow.nodes.map((n) => [n.name, n.useVariants])).toEqual([
      ['preprocess', false],
      ['classify', true],
      ['postprocess', false],
      ['summary_prompt', false],
      ['summarize', true],
      ['escalate', false],
      ['aggregate', false]
    ]);
    const [preprocess, classify, postprocess, prompt, , escalate, aggregate] = flow.nodes;
    expect(preprocess).toEqual({
      name: 'preprocess',
      useVariants: false,
      type: 'python',
      source: { type: 'code', path: 'preprocess.py', file: path.join(dir, 'preprocess.py') },
      inputs: {
        ticket: { kind: 'flow-input', text: '${inputs.ticket}', name: 'ticket' },
        max_chars: { kind: 'literal', value: 2000 }
      },
      aggregation: false,
      enableCache: false,
      at: { file: 'support-tickets/flow.dag.yaml', path: 'nodes[0]', line: 27, column: 3 }
    });
    expect(classify).toEqual({
      name: 'classify',
      useVariants: true,
      at: { file: 'support-tickets/flow.dag.yaml', path: 'nodes[1]', line: 35, column: 3 }
    });
    // A string with an embedded ${...} is a literal, as in prompt flow.
    expect(postprocess.useVariants === false && postprocess.inputs.note).toEqual({
      kind: 'literal',
      value: 'category of ${inputs.ticket}'
    });
    expect(prompt).toMatchObject({ type: 'prompt', source: { path: 'summary_prompt.jinja2' } });
    expect(escalate).toMatchObject({
      activate: { when: { kind: 'node-output', node: 'postprocess', path: ['urgent'] }, is: true }
    });
    expect(aggregate).toMatchObject({
      aggregation: true,
      inputs: { categories: { node: 'postprocess', path: ['category'] } }
    });
  });

  test('node variants: default, ids in file order, llm bodies', () => {
    expect(Object.keys(flow.nodeVariants)).toEqual(['classify', 'summarize']);
    const summarize = flow.nodeVariants.summarize;
    expect(summarize.defaultVariantId).toBe('variant_1');
    expect(summarize.variantIds).toEqual(['variant_0', 'variant_1', 'variant_2']);
    expect(summarize.variants.variant_1).toMatchObject({
      type: 'llm',
      api: 'completion',
      connection: 'aoai',
      source: { type: 'code', path: 'summarize_v1.jinja2', file: path.join(dir, 'summarize_v1.jinja2') },
      inputs: {
        deployment_name: { kind: 'literal', value: 'gpt-35-turbo-instruct' },
        prompt: { kind: 'node-output', node: 'summary_prompt', path: [] },
        max_tokens: { kind: 'literal', value: 64 }
      }
    });
    expect(flow.nodeVariants.classify.variants.variant_1.api).toBe('chat');
    expect(flow.nodeVariants.classify.variants.variant_1.at.path).toBe(
      'node_variants.classify.variants.variant_1.node'
    );
  });
});

describe('flex flows', () => {
  test('a function entry', () => {
    const flow = loadFlex('flex-function');
    expect(flow.entry).toEqual({
      text: 'flow_entry:answer',
      module: 'flow_entry',
      name: 'answer',
      file: path.join(fixtures, 'flex-function', 'flow_entry.py'),
      kind: 'function'
    });
    expect(flow.inputs?.temperature).toMatchObject({ name: 'temperature', type: 'double', default: 0.2 });
    expect(Object.keys(flow.outputs ?? {})).toEqual(['answer']);
    expect(flow.init).toBeUndefined();
  });

  test('a class entry in a package, with init and a sample file', () => {
    const flow = loadFlex('flex-class');
    expect(flow.entry).toMatchObject({
      module: 'app.chat',
      name: 'ChatFlow',
      kind: 'class',
      file: path.join(fixtures, 'flex-class', 'app', 'chat.py')
    });
    expect(flow.init).toEqual({
      model_config: {
        name: 'model_config',
        type: 'AzureOpenAIModelConfiguration',
        at: { file: 'flex-class/flow.flex.yaml', path: 'init.model_config', line: 4, column: 3 }
      },
      max_tokens: {
        name: 'max_tokens',
        type: 'int',
        default: 256,
        at: { file: 'flex-class/flow.flex.yaml', path: 'init.max_tokens', line: 6, column: 3 }
      }
    });
    expect(flow.inputs?.question).not.toHaveProperty('default');
    expect(flow.sample).toBe('sample.json');
  });

  test('the flow file itself can be given instead of its folder', () => {
    expect(loadFlow(path.join(fixtures, 'flex-class', 'flow.flex.yaml')).kind).toBe('flex');
    expect(loadFlow(path.join(fixtures, 'support-tickets', 'flow.dag.yaml')).kind).toBe('dag');
  });
});

test('every flow of the sample use-cases loads without problems', () => {
  const useCases = path.join(repoRoot, 'use-cases');
  const flows = readdirSync(useCases).flatMap((u) => {
    const dir = path.join(useCases, u, 'flows');
    return existsSync(dir) ? readdirSync(dir).map((f) => path.join(dir, f)) : [];
  });
  expect(flows.length).toBeGreaterThan(0);
  for (const dir of flows) expect(loadFlow(dir, { displayRoot: repoRoot }).warnings).toEqual([]);
});

describe('in temporary folders', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'flow-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('additional_includes count as files copied into the flow folder', () => {
    mkdirSync(path.join(root, 'shared', 'prompts'), { recursive: true });
    mkdirSync(path.join(root, 'f'));
    writeFileSync(path.join(root, 'shared', 'util.py'), 'def util(x):\n    return x\n');
    writeFileSync(path.join(root, 'shared', 'prompts', 'ask.jinja2'), 'user:\n{{q}}\n');
    writeFileSync(
      path.join(root, 'f', 'flow.dag.yaml'),
      [
        'additional_includes:',
        '- ../shared/util.py',
        '- ../shared/prompts',
        'nodes:',
        '- name: util',
        '  type: python',
        '  source: {type: code, path: util.py}',
        '- name: ask',
        '  type: prompt',
        '  source: {type: code, path: prompts/ask.jinja2}',
        ''
      ].join('\n')
    );
    const flow = loadFlow(path.join(root, 'f'), { displayRoot: root }) as DagFlow;
    expect(flow.additionalIncludes).toEqual(['../shared/util.py', '../shared/prompts']);
    expect(flow.nodes.map((n) => !n.useVariants && n.source)).toEqual([
      { type: 'code', path: 'util.py', file: path.join(root, 'shared', 'util.py') },
      { type: 'code', path: 'prompts/ask.jinja2', file: path.join(root, 'shared', 'prompts', 'ask.jinja2') }
    ]);
  });

  test('an output that references an aggregation node is left out, with a warning (as prompt flow does)', () => {
    mkdirSync(path.join(root, 'f'));
    writeFileSync(path.join(root, 'f', 'a.py'), 'def a(x):\n    return x\n');
    writeFileSync(
      path.join(root, 'f', 'flow.dag.yaml'),
      [
        'outputs:',
        '  line:',
        '    reference: ${score.output}',
        '  total:',
        '    reference: ${total.output}',
        'nodes:',
        '- name: score',
        '  type: python',
        '  source: {type: code, path: a.py}',
        '- name: total',
        '  type: python',
        '  source: {type: code, path: a.py}',
        '  inputs:',
        '    scores: ${score.output}',
        '  aggregation: true',
        ''
      ].join('\n')
    );
    const flow = loadFlow(path.join(root, 'f'), { displayRoot: root }) as DagFlow;
    expect(Object.keys(flow.outputs)).toEqual(['line']);
    expect(flow.warnings.map(formatProblem)).toEqual([
      'f/flow.dag.yaml:5:5: outputs.total.reference: output "total" references aggregation node "total", which has no per-line output: the output is left out'
    ]);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../src/errors.js';
import { loadFlow } from '../../src/flow/index.js';

/** Files every case folder has, so that only the YAML under test is wrong. */
const SUPPORT: Record<string, string> = {
  'a.py': 'from promptflow import tool\n\n@tool\ndef a(text: str) -> str:\n    return text\n',
  'b.py': 'from promptflow import tool\n\n@tool\ndef b(text: str) -> str:\n    return text\n',
  'c.py': 'from promptflow import tool\n\n@tool\ndef c(text: str) -> str:\n    return text\n',
  'classify.jinja2': 'system:\nClassify.\n\nuser:\n{{text}}\n',
  'flow_entry.py':
    'class Bot:\n    def __call__(self, question: str) -> str:\n        return question\n\n\ndef answer(question: str) -> str:\n    return question\n'
};

const lines = (...l: string[]): string => l.join('\n') + '\n';

interface Case {
  name: string;
  /** The flow file (name → text); support files are added. */
  files: Record<string, string>;
  /** The exact UserError message. */
  error: string;
}

const DAG = 'flow.dag.yaml';
const FLEX = 'flow.flex.yaml';

const cases: Case[] = [
  {
    name: 'YAML syntax error',
    files: {
      [DAG]: lines(
        'inputs:',
        '  text:',
        '    type: string',
        'nodes:',
        '- name: a',
        '  type: python',
        '  source: {type: code, path: a.py',
        '  inputs: {}'
      )
    },
    error:
      'f/flow.dag.yaml:8:3: invalid YAML: flow map in block collection must be sufficiently indented and end with a }'
  },
  {
    name: 'a duplicate YAML key',
    files: { [DAG]: lines('inputs: {}', 'nodes: []', 'inputs: {}') },
    error: 'f/flow.dag.yaml:3:1: invalid YAML: map keys must be unique'
  },
  {
    name: 'the file is empty',
    files: { [DAG]: '# nothing yet\n' },
    error:
      'f/flow.dag.yaml:1:1: expected a mapping of flow keys (inputs, outputs, nodes …), found an empty file'
  },
  {
    name: 'unknown top-level key, and a flex key in a DAG file',
    files: {
      [DAG]: lines(
        '$schema: https://azuremlschemas.azureedge.net/promptflow/latest/Flow.schema.json',
        'inputs: {}',
        'node:',
        '- name: a',
        'entry: x:y'
      )
    },
    error: [
      'f/flow.dag.yaml:3:1: node: unknown key (did you mean "nodes"?)',
      'f/flow.dag.yaml:5:1: entry: unknown key ("entry" belongs in flow.flex.yaml; a DAG flow lists nodes instead)'
    ].join('\n')
  },
  {
    name: 'reference to an unknown node (typo)',
    files: {
      [DAG]: lines(
        'inputs:',
        '  text:',
        '    type: string',
        'nodes:',
        '- name: classify',
        '  type: python',
        '  source: {type: code, path: a.py}',
        '  inputs:',
        '    text: ${inputs.text}',
        '- name: summarize',
        '  type: python',
        '  source: {type: code, path: b.py}',
        '  inputs:',
        '    text: ${clasify.output}'
      )
    },
    error:
      'f/flow.dag.yaml:14:5: nodes[1].inputs.text: unknown node "clasify" in ${clasify.output} (did you mean "classify"?)'
  },
  {
    name: 'reference to an unknown flow input, and a column mapping used inside a flow',
    files: {
      [DAG]: lines(
        'inputs:',
        '  question:',
        '    type: string',
        'nodes:',
        '- name: a',
        '  type: python',
        '  source: {type: code, path: a.py}',
        '  inputs:',
        '    text: ${inputs.questoin}',
        '    other: ${data.question}'
      )
    },
    error: [
      'f/flow.dag.yaml:9:5: nodes[0].inputs.text: unknown flow input "questoin" in ${inputs.questoin} (did you mean "question"?)',
      "f/flow.dag.yaml:10:5: nodes[0].inputs.other: invalid reference ${data.question}: column mappings (${data.…}, ${run.…}) belong in a run's mappings; inside a flow use ${inputs.<name>} or ${<node>.output}"
    ].join('\n')
  },
  {
    name: 'malformed references',
    files: {
      [DAG]: lines(
        'inputs:',
        '  text:',
        '    type: string',
        'nodes:',
        '- name: a',
        '  type: python',
        '  source: {type: code, path: a.py}',
        '  inputs:',
        '    text: ${inputs}',
        '- name: b',
        '  type: python',
        '  source: {type: code, path: b.py}',
        '  inputs:',
        '    text: ${a.outputs.text}'
      )
    },
    error: [
      'f/flow.dag.yaml:9:5: nodes[0].inputs.text: invalid reference ${inputs}: expected ${inputs.<input name>}',
      'f/flow.dag.yaml:14:5: nodes[1].inputs.text: invalid reference ${a.outputs.text}: expected ${a.output} or ${a.output.<field>}, found "outputs" after the node name'
    ].join('\n')
  },
  {
    name: 'a node that uses its own output',
    files: {
      [DAG]: lines(
        'nodes:',
        '- name: a',
        '  type: python',
        '  source: {type: code, path: a.py}',
        '  inputs:',
        '    text: ${a.output.text}'
      )
    },
    error: 'f/flow.dag.yaml:6:5: nodes[0].inputs.text: node "a" references its own output in ${a.output.text}'
  },
  {
    name: 'a cycle of three nodes (through an activate condition)',
    files: {
      [DAG]: lines(
        'nodes:',
        '- name: start',
        '  type: python',
        '  source: {type: code, path: a.py}',
        '  inputs:',
        '    text: hello',
        '- name: a',
        '  type: python',
        '  source: {type: code, path: a.py}',
        '  inputs:',
        '    text: ${b.output}',
        '    seed: ${start.output}',
        '- name: b',
        '  type: python',
        '  source: {type: code, path: b.py}',
        '  inputs:',
        '    text: hi',
        '  activate:',
        '    when: ${c.output}',
        '    is: true',
        '- name: c',
        '  type: python',
        '  source: {type: code, path: c.py}',
        '  inputs:',
        '    text: ${a.output}'
      )
    },
    error:
      'f/flow.dag.yaml:11:5: nodes[1].inputs.text: cycle: a → b → c → a (each node uses the output of the next)'
  },
  {
    name: 'duplicate node names',
    files: {
      [DAG]: lines(
        'nodes:',
        '- name: a',
        '  type: python',
        '  source: {type: code, path: a.py}',
        '- name: a',
        '  type: python',
        '  source: {type: code, path: b.py}'
      )
    },
    error: 'f/flow.dag.yaml:5:3: nodes[1].name: duplicate node name "a" (first defined at line 2)'
  },
  {
    name: 'unknown and unsupported node types, and a node key typo',
    files: {
      [DAG]: lines(
        'nodes:',
        '- name: a',
        '  type: pyton',
        '  source: {type: code, path: a.py}',
        '- name: b',
        '  type: custom_llm',
        '  source: {type: code, path: b.py}',
        '- name: c',
        '  use_variant: true',
        '  type: python',
        '  source: {type: code, path: c.py}'
      )
    },
    error: [
      'f/flow.dag.yaml:3:3: nodes[0].type: unknown node type "pyton" (did you mean "python"?)',
      'f/flow.dag.yaml:7:12: nodes[1].source.type: a custom_llm node runs a package tool: expected source.type package_with_prompt (with tool and path), found code',
      'f/flow.dag.yaml:9:3: nodes[2].use_variant: unknown key (did you mean "use_variants"?)'
    ].join('\n')
  },
  {
    name: 'a package tool without its name',
    files: {
      [DAG]: lines(
        'nodes:',
        '- name: search',
        '  type: python',
        '  source:',
        '    type: package',
        '  inputs:',
        '    query: weather'
      )
    },
    error:
      "f/flow.dag.yaml:4:3: nodes[0].source: a package source needs a tool (the tool's full name), found none"
  },
  {
    name: 'source files that are missing, outside the folder, or of the wrong kind',
    files: {
      [DAG]: lines(
        'nodes:',
        '- name: a',
        '  type: python',
        '  source: {type: code, path: aa.py}',
        '- name: b',
        '  type: python',
        '  source: {type: code, path: ../secrets.py}',
        '- name: c',
        '  type: python',
        '  source: {type: code, path: classify.jinja2}',
        '- name: d',
        '  type: prompt',
        '  source: {type: code}'
      )
    },
    error: [
      'f/flow.dag.yaml:4:24: nodes[0].source.path: file "aa.py" not found in the flow folder (did you mean "a.py"?)',
      'f/flow.dag.yaml:7:24: nodes[1].source.path: "../secrets.py" is outside the flow folder (paths stay inside it; share files with additional_includes)',
      'f/flow.dag.yaml:10:24: nodes[2].source.path: a python node runs a .py file, found "classify.jinja2"',
      'f/flow.dag.yaml:13:3: nodes[3].source: missing path (expected the .jinja2 prompt template)'
    ].join('\n')
  },
  {
    name: 'llm nodes without api or connection, or with an unknown api',
    files: {
      [DAG]: lines(
        'nodes:',
        '- name: a',
        '  type: llm',
        '  source: {type: code, path: classify.jinja2}',
        '  connection: aoai',
        '- name: b',
        '  type: llm',
        '  source: {type: code, path: classify.jinja2}',
        '  connection: aoai',
        '  api: chats',
        '- name: c',
        '  type: llm',
        '  source: {type: code, path: classify.jinja2}',
        '  api: completion'
      )
    },
    error: [
      'f/flow.dag.yaml:2:3: nodes[0]: an llm node needs an api (expected chat or completion)',
      'f/flow.dag.yaml:10:3: nodes[1].api: unknown api "chats" (did you mean "chat"?)',
      'f/flow.dag.yaml:11:3: nodes[2]: an llm node needs a connection (the name of the connection to the model)'
    ].join('\n')
  },
  {
    name: 'use_variants without a node_variants entry',
    files: {
      [DAG]: lines(
        'nodes:',
        '- name: classify',
        '  use_variants: true',
        '- name: b',
        '  type: python',
        '  source: {type: code, path: b.py}',
        '  inputs:',
        '    text: ${classify.output}'
      )
    },
    error:
      'f/flow.dag.yaml:3:3: nodes[0].use_variants: node "classify" uses variants, but node_variants has no "classify" entry'
  },
  {
    name: 'node_variants: default not among the variants, and an entry for an unknown node',
    files: {
      [DAG]: lines(
        'nodes:',
        '- name: classify',
        '  use_variants: true',
        'node_variants:',
        '  classify:',
        '    default_variant_id: variant_2',
        '    variants:',
        '      variant_0:',
        '        node:',
        '          type: python',
        '          source: {type: code, path: a.py}',
        '      variant_1:',
        '        node:',
        '          type: python',
        '          source: {type: code, path: b.py}',
        '  clasify:',
        '    default_variant_id: variant_0',
        '    variants: {}'
      )
    },
    error: [
      'f/flow.dag.yaml:6:5: node_variants.classify.default_variant_id: "variant_2" is not one of the variants (did you mean "variant_0"?)',
      'f/flow.dag.yaml:16:3: node_variants.clasify: no node "clasify" in nodes (did you mean "classify"?)'
    ].join('\n')
  },
  {
    name: 'problems inside a variant body',
    files: {
      [DAG]: lines(
        'inputs:',
        '  text: {type: string}',
        'nodes:',
        '- name: classify',
        '  use_variants: true',
        'node_variants:',
        '  classify:',
        '    default_variant_id: variant_0',
        '    variants:',
        '      variant_0:',
        '        node:',
        '          type: llm',
        '          source: {type: code, path: classify.jinja2}',
        '          connection: aoai',
        '          api: chat',
        '          inputs:',
        '            text: ${inputs.txt}',
        '      variant_1:',
        '        node:',
        '          type: llm',
        '          source: {type: code, path: classify.jinja2}',
        '          connection: aoai',
        '          api: chat',
        '          inputs:',
        '            text: ${classify.output}'
      )
    },
    error: [
      'f/flow.dag.yaml:17:13: node_variants.classify.variants.variant_0.node.inputs.text: unknown flow input "txt" in ${inputs.txt} (did you mean "text"?)',
      'f/flow.dag.yaml:25:13: node_variants.classify.variants.variant_1.node.inputs.text: node "classify" references its own output in ${classify.output}'
    ].join('\n')
  },
  {
    name: 'outputs: unknown node, missing reference, literal instead of a reference',
    files: {
      [DAG]: lines(
        'outputs:',
        '  answer:',
        '    type: string',
        '    reference: ${anwser.output}',
        '  score:',
        '    type: double',
        '  label:',
        '    type: string',
        '    reference: positive',
        'nodes:',
        '- name: answer',
        '  type: python',
        '  source: {type: code, path: a.py}'
      )
    },
    error: [
      'f/flow.dag.yaml:4:5: outputs.answer.reference: unknown node "anwser" in ${anwser.output} (did you mean "answer"?)',
      'f/flow.dag.yaml:5:3: outputs.score: missing reference (expected e.g. reference: ${node.output})',
      'f/flow.dag.yaml:9:5: outputs.label.reference: expected a reference such as ${node.output} or ${inputs.name}, found "positive"'
    ].join('\n')
  },
  {
    name: 'a line node that uses an aggregation node, and an aggregation node activated by a line node',
    files: {
      [DAG]: lines(
        'nodes:',
        '- name: score',
        '  type: python',
        '  source: {type: code, path: a.py}',
        '- name: total',
        '  type: python',
        '  source: {type: code, path: b.py}',
        '  inputs:',
        '    scores: ${score.output}',
        '  aggregation: true',
        '- name: report',
        '  type: python',
        '  source: {type: code, path: c.py}',
        '  inputs:',
        '    total: ${total.output}',
        '- name: late',
        '  type: python',
        '  source: {type: code, path: c.py}',
        '  aggregation: true',
        '  activate:',
        '    when: ${score.output.ok}',
        '    is: true'
      )
    },
    error: [
      'f/flow.dag.yaml:15:5: nodes[2].inputs.total: node "report" is not an aggregation node, so it cannot use the output of aggregation node "total" in ${total.output} (aggregation nodes run once, after all lines)',
      'f/flow.dag.yaml:21:5: nodes[3].activate.when: aggregation node "late" cannot be activated by non-aggregation node "score" in ${score.output.ok}'
    ].join('\n')
  },
  {
    name: 'bad inputs: unknown type (with alias hint), no type, and activate without "is"',
    files: {
      [DAG]: lines(
        'inputs:',
        '  text:',
        '    type: str',
        '  count:',
        '    default: 3',
        '  flag:',
        '    type: bool',
        'nodes:',
        '- name: a',
        '  type: python',
        '  source: {type: code, path: a.py}',
        '  activate:',
        '    when: ${inputs.flag}'
      )
    },
    error: [
      'f/flow.dag.yaml:3:5: inputs.text.type: unknown type "str" (did you mean "string"?)',
      'f/flow.dag.yaml:4:3: inputs.count: missing type (expected string, int, double, bool, list, object, image)',
      'f/flow.dag.yaml:12:3: nodes[0].activate: expected both "when" (a reference) and "is" (the value that activates the node), found only "when"'
    ].join('\n')
  },
  {
    name: 'flex: entry not of the form module:name',
    files: { [FLEX]: lines('entry: flow_entry.answer', 'inputs:', '  question: {type: string}') },
    error:
      'f/flow.flex.yaml:1:1: entry: expected <module>:<function or class> (e.g. flow_entry:my_flow), found "flow_entry.answer"'
  },
  {
    name: 'flex: entry module file missing',
    files: {
      [FLEX]: lines(
        '$schema: https://azuremlschemas.azureedge.net/promptflow/latest/Flow.schema.json',
        'entry: app.flow_entry:answer'
      )
    },
    error:
      'f/flow.flex.yaml:2:1: entry: module "app.flow_entry" not found: expected app/flow_entry.py (or app/flow_entry/__init__.py) in the flow folder'
  },
  {
    name: 'flex: entry name not defined in the module, and a DAG key',
    files: { [FLEX]: lines('entry: flow_entry:anwser', 'nodes: []') },
    error: [
      'f/flow.flex.yaml:1:1: entry: "anwser" is not defined in flow_entry.py (did you mean "answer"?)',
      'f/flow.flex.yaml:2:1: nodes: unknown key ("nodes" belongs in flow.dag.yaml; a flex flow has an entry instead)'
    ].join('\n')
  },
  {
    name: 'flex: init for a function entry, bad port types, missing entry',
    files: {
      [FLEX]: lines(
        'entry: flow_entry:answer',
        'init:',
        '  model_config:',
        '    type: AzureOpenAIModelConfiguration',
        'inputs:',
        '  question:',
        '    type: dict'
      )
    },
    error: [
      'f/flow.flex.yaml:2:1: init: entry "answer" is a function; init parameters are for a class entry (its __init__)',
      'f/flow.flex.yaml:7:5: inputs.question.type: unknown type "dict" (did you mean "object"?)'
    ].join('\n')
  },
  {
    name: 'flex: no entry at all',
    files: { [FLEX]: lines('inputs:', '  question: {type: string}') },
    error:
      'f/flow.flex.yaml:1:1: missing entry (expected entry: <module>:<function or class>, e.g. flow_entry:my_flow)'
  },
  {
    name: 'additional_includes entry that does not exist, and nodes that is not a list',
    files: { [DAG]: lines('additional_includes:', '  - ../shared/utils.py', 'nodes:', '  a: {}') },
    error: [
      'f/flow.dag.yaml:2:5: additional_includes[0]: "../shared/utils.py" not found (paths are relative to the flow folder)',
      'f/flow.dag.yaml:3:1: nodes: expected a list of nodes, found an object'
    ].join('\n')
  }
];

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'flow-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function writeFlow(files: Record<string, string>): string {
  const dir = path.join(root, 'f');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries({ ...SUPPORT, ...files }))
    writeFileSync(path.join(dir, name), text);
  return dir;
}

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError, but the flow loaded');
}

test('the table has at least 18 broken flows', () => {
  expect(cases.length).toBeGreaterThanOrEqual(18);
});

test.each(cases)('$name', ({ files, error }) => {
  const dir = writeFlow(files);
  const e = errorOf(() => loadFlow(dir, { displayRoot: root }));
  expect(e.message).toBe(error);
  // Every problem carries its file, and a position when it is about something in the file.
  expect(e.problems.length).toBe(error.split('\n').length);
});

test('a missing folder, a folder without a flow, and a folder with two flows', () => {
  expect(errorOf(() => loadFlow(path.join(root, 'nope'), { displayRoot: root })).message).toBe(
    'nope: flow folder not found'
  );
  mkdirSync(path.join(root, 'empty'));
  expect(errorOf(() => loadFlow(path.join(root, 'empty'), { displayRoot: root })).message).toBe(
    'empty: no flow here: expected flow.dag.yaml or flow.flex.yaml in this folder'
  );
  const dir = writeFlow({ [DAG]: 'nodes: []\n', [FLEX]: 'entry: flow_entry:answer\n' });
  expect(errorOf(() => loadFlow(dir, { displayRoot: root })).message).toBe(
    'f: more than one flow file here (flow.dag.yaml, flow.flex.yaml): keep one'
  );
});

test('package tools and custom_llm nodes load for every backend (the worker runs them)', () => {
  const dir = writeFlow({
    [DAG]: lines(
      'nodes:',
      '- name: search',
      '  type: python',
      '  source:',
      '    type: package',
      '    tool: promptflow.tools.serpapi.SerpAPI.search'
    )
  });
  const flow = loadFlow(dir, { displayRoot: root });
  expect(flow.kind === 'dag' && flow.nodes[0]).toMatchObject({
    source: { type: 'package', tool: 'promptflow.tools.serpapi.SerpAPI.search' }
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../src/errors.js';
import {
  loadFlow,
  nodeDependencies,
  parseVariantOption,
  resolveNode,
  topologicalOrder,
  variantCombinations,
  variantLabel,
  type DagFlow,
  type ToolNode
} from '../../src/flow/index.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/flows');
const flow = loadFlow(path.join(fixtures, 'support-tickets'), { displayRoot: fixtures }) as DagFlow;
const flex = loadFlow(path.join(fixtures, 'flex-function'), { displayRoot: fixtures });

const names = (levels: ToolNode[][]): string[][] =>
  levels.map((l) => l.map((n) => (n.variantId ? `${n.name}@${n.variantId}` : n.name)));

describe('resolveNode', () => {
  test('a plain node is returned as is', () => {
    expect(resolveNode(flow, 'preprocess')).toBe(flow.nodes[0]);
  });

  test('a variant node gets the selected (or default) variant body with its name', () => {
    const byDefault = resolveNode(flow, 'summarize');
    expect(byDefault).toMatchObject({
      name: 'summarize',
      variantId: 'variant_1',
      useVariants: false,
      type: 'llm',
      api: 'completion'
    });
    expect(byDefault.source).toEqual(flow.nodeVariants.summarize.variants.variant_1.source);
    const chosen = resolveNode(flow, 'summarize', { summarize: 'variant_2', classify: 'variant_1' });
    expect(chosen).toMatchObject({
      name: 'summarize',
      variantId: 'variant_2',
      api: 'chat',
      source: { path: 'summarize_v2.jinja2' }
    });
  });

  test('unknown node or variant', () => {
    expect(() => resolveNode(flow, 'sumarize')).toThrow(
      'support-tickets/flow.dag.yaml: unknown node "sumarize" (did you mean "summarize"?)'
    );
    expect(() => resolveNode(flow, 'summarize', { summarize: 'variant_9' })).toThrow(
      'support-tickets/flow.dag.yaml: node "summarize" has no variant "variant_9" (did you mean "variant_0"?)'
    );
  });
});

test('nodeDependencies: inputs and activate condition, without repeats', () => {
  expect(nodeDependencies(resolveNode(flow, 'escalate'))).toEqual(['summarize', 'postprocess']);
  expect(nodeDependencies(resolveNode(flow, 'summary_prompt'))).toEqual(['preprocess', 'postprocess']);
  expect(nodeDependencies(resolveNode(flow, 'preprocess'))).toEqual([]);
});

describe('topologicalOrder', () => {
  test('levels for the default variants', () => {
    expect(names(topologicalOrder(flow))).toEqual([
      ['preprocess'],
      ['classify@variant_0'],
      ['postprocess'],
      ['summary_prompt', 'aggregate'],
      ['summarize@variant_1'],
      ['escalate']
    ]);
  });

  test('levels depend on the variant selection', () => {
    // summarize.variant_2 reads preprocess directly instead of summary_prompt.
    expect(names(topologicalOrder(flow, { summarize: 'variant_2', classify: 'variant_1' }))).toEqual([
      ['preprocess'],
      ['classify@variant_1', 'summarize@variant_2'],
      ['postprocess'],
      ['summary_prompt', 'escalate', 'aggregate']
    ]);
  });

  test('line nodes and aggregation nodes separately', () => {
    expect(names(topologicalOrder(flow, {}, { only: 'line' }))).toEqual([
      ['preprocess'],
      ['classify@variant_0'],
      ['postprocess'],
      ['summary_prompt'],
      ['summarize@variant_1'],
      ['escalate']
    ]);
    expect(names(topologicalOrder(flow, {}, { only: 'aggregation' }))).toEqual([['aggregate']]);
  });

  test('a bad selection is a UserError naming every problem', () => {
    let error: unknown;
    try {
      topologicalOrder(flow, { clasify: 'variant_1', preprocess: 'variant_0', summarize: 'variant_3' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      [
        'support-tickets/flow.dag.yaml: variant ${clasify.variant_1}: unknown node "clasify" (did you mean "classify"?)',
        'support-tickets/flow.dag.yaml: variant ${preprocess.variant_0}: node "preprocess" has no variants (expected classify or summarize)',
        'support-tickets/flow.dag.yaml: variant ${summarize.variant_3}: node "summarize" has no variant "variant_3" (did you mean "variant_0"?)'
      ].join('\n')
    );
  });
});

describe('variantCombinations', () => {
  test('one-at-a-time: all defaults once, then each other variant of each node (1 + 1 + 2)', () => {
    const selections = variantCombinations(flow, 'one-at-a-time');
    expect(selections).toEqual([
      { classify: 'variant_0', summarize: 'variant_1' },
      { classify: 'variant_1', summarize: 'variant_1' },
      { classify: 'variant_0', summarize: 'variant_0' },
      { classify: 'variant_0', summarize: 'variant_2' }
    ]);
    expect(selections.map((s) => variantLabel(s, flow))).toEqual([
      'defaults',
      'classify.variant_1',
      'summarize.variant_0',
      'summarize.variant_2'
    ]);
  });

  test('all-combinations: the cartesian product (2 × 3), all defaults first', () => {
    const selections = variantCombinations(flow, 'all-combinations');
    expect(selections).toEqual([
      { classify: 'variant_0', summarize: 'variant_1' },
      { classify: 'variant_0', summarize: 'variant_0' },
      { classify: 'variant_0', summarize: 'variant_2' },
      { classify: 'variant_1', summarize: 'variant_1' },
      { classify: 'variant_1', summarize: 'variant_0' },
      { classify: 'variant_1', summarize: 'variant_2' }
    ]);
    const labels = selections.map((s) => variantLabel(s, flow));
    expect(labels).toEqual([
      'defaults',
      'summarize.variant_0',
      'summarize.variant_2',
      'classify.variant_1',
      'classify.variant_1+summarize.variant_0',
      'classify.variant_1+summarize.variant_2'
    ]);
    expect(new Set(labels).size).toBe(6);
  });

  test('a flow without variants runs once', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-'));
    try {
      writeFileSync(path.join(dir, 'a.py'), 'def a():\n    return 1\n');
      writeFileSync(
        path.join(dir, 'flow.dag.yaml'),
        'nodes:\n- name: a\n  type: python\n  source: {type: code, path: a.py}\n'
      );
      const plain = loadFlow(dir);
      expect(variantCombinations(plain, 'one-at-a-time')).toEqual([{}]);
      expect(variantCombinations(plain, 'all-combinations')).toEqual([{}]);
      expect(variantLabel({}, plain)).toBe('defaults');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(variantCombinations(flex, 'all-combinations')).toEqual([{}]);
  });
});

describe('variantLabel', () => {
  test('only non-default choices, in node file order whatever the key order', () => {
    expect(variantLabel({ summarize: 'variant_2', classify: 'variant_1' }, flow)).toBe(
      'classify.variant_1+summarize.variant_2'
    );
    expect(variantLabel({ summarize: 'variant_1' }, flow)).toBe('defaults');
    expect(variantLabel({ summarize: 'variant_0' }, flow)).toBe('summarize.variant_0');
  });
});

describe('parseVariantOption', () => {
  test('the pf --variant syntax', () => {
    expect(parseVariantOption('${summarize.variant_2}')).toEqual({ summarize: 'variant_2' });
    expect(parseVariantOption(' ${classify.variant_1} ', flow)).toEqual({ classify: 'variant_1' });
  });

  test.each([
    [
      'summarize.variant_2',
      'invalid variant "summarize.variant_2": expected ${<node>.<variant id>}, e.g. ${classify.variant_1}'
    ],
    [
      '${summarize}',
      'invalid variant "${summarize}": expected ${<node>.<variant id>}, e.g. ${classify.variant_1}'
    ],
    ['${a.b.c}', 'invalid variant "${a.b.c}": expected ${<node>.<variant id>}, e.g. ${classify.variant_1}']
  ])('rejects %s', (text, message) => {
    expect(() => parseVariantOption(text)).toThrow(message);
  });

  test('checks the node and variant against the flow', () => {
    expect(() => parseVariantOption('${summarise.variant_0}', flow)).toThrow(
      'support-tickets/flow.dag.yaml: variant ${summarise.variant_0}: unknown node "summarise" (did you mean "summarize"?)'
    );
    expect(() => parseVariantOption('${classify.variant_7}', flow)).toThrow(
      'support-tickets/flow.dag.yaml: variant ${classify.variant_7}: node "classify" has no variant "variant_7" (did you mean "variant_0"?)'
    );
    expect(() => parseVariantOption('${classify.variant_0}', flex)).toThrow(
      'flex-function/flow.flex.yaml: variant ${classify.variant_0}: a flex flow has no variants'
    );
  });
});

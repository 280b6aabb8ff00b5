import { UserError } from '../../src/errors.js';
import {
  isReference,
  parseReference,
  parseValue,
  resolveFieldPath,
  tryParseReference
} from '../../src/flow/index.js';

describe('parseReference', () => {
  test.each([
    ['${inputs.question}', 'flow', { kind: 'flow-input', name: 'question' }],
    ['${flow.question}', 'flow', { kind: 'flow-input', name: 'question' }],
    ['${classify.output}', 'flow', { kind: 'node-output', node: 'classify', path: [] }],
    ['${classify}', 'flow', { kind: 'node-output', node: 'classify', path: [] }],
    [
      '${format_answer.output.answer}',
      'flow',
      { kind: 'node-output', node: 'format_answer', path: ['answer'] }
    ],
    ['${n.output.a.b.0}', 'flow', { kind: 'node-output', node: 'n', path: ['a', 'b', '0'] }],
    ['${data.text}', 'mapping', { kind: 'data', column: 'text' }],
    ['${data.first.name}', 'mapping', { kind: 'data', column: 'first.name' }],
    ['${run.outputs.entities}', 'mapping', { kind: 'run-output', column: 'entities' }],
    ['${run.inputs.text}', 'mapping', { kind: 'run-input', column: 'text' }],
    ['${data.text}', 'any', { kind: 'data', column: 'text' }],
    ['${run.outputs.x}', 'any', { kind: 'run-output', column: 'x' }],
    ['${inputs.x}', 'any', { kind: 'flow-input', name: 'x' }],
    ['${data.output}', 'flow', { kind: 'node-output', node: 'data', path: [] }]
  ] as const)('%s (%s)', (text, context, expected) => {
    expect(parseReference(text, context)).toEqual({ ...expected, text });
  });

  test.each([
    ['${}', 'any', 'it is empty'],
    ['${inputs}', 'flow', 'expected ${inputs.<input name>}'],
    ['${inputs.a.b}', 'flow', 'a flow input is referenced as a whole (${inputs.a}), not by field'],
    [
      '${a.outputs}',
      'flow',
      'expected ${a.output} or ${a.output.<field>}, found "outputs" after the node name'
    ],
    ['${a..b}', 'flow', 'it has an empty name between dots'],
    ['${a. output}', 'flow', 'a reference has no spaces'],
    ['${${a}.output}', 'flow', 'a reference is one ${...} with no nested braces'],
    ['${data.}', 'mapping', 'expected ${data.<column>}'],
    [
      '${run.output.x}',
      'mapping',
      'expected ${data.<column>}, ${run.outputs.<name>} or ${run.inputs.<name>}'
    ],
    ['${inputs.x}', 'mapping', 'expected ${data.<column>}, ${run.outputs.<name>} or ${run.inputs.<name>}'],
    ['plain', 'any', 'expected a whole value of the form ${...}']
  ] as const)('rejects %s (%s)', (text, context, reason) => {
    expect(tryParseReference(text, context)).toEqual({ ok: false, reason });
  });

  test('throws a UserError naming the reference', () => {
    expect(() => parseReference('${inputs}', 'flow')).toThrow(UserError);
    expect(() => parseReference('${inputs}', 'flow')).toThrow(
      'invalid reference "${inputs}": expected ${inputs.<input name>}'
    );
  });
});

test('isReference: only a whole ${...} value', () => {
  expect(isReference('${inputs.x}')).toBe(true);
  expect(isReference('${}')).toBe(true);
  expect(isReference('Hello ${inputs.x}')).toBe(false);
  expect(isReference('${inputs.x} and more')).toBe(false);
  expect(isReference('$inputs.x')).toBe(false);
  expect(isReference(42)).toBe(false);
  expect(isReference(undefined)).toBe(false);
});

test('parseValue keeps literals (including embedded ${...}) and parses references', () => {
  expect(parseValue('Hi ${inputs.name}')).toEqual({ kind: 'literal', value: 'Hi ${inputs.name}' });
  expect(parseValue(0.3)).toEqual({ kind: 'literal', value: 0.3 });
  expect(parseValue(['\n'])).toEqual({ kind: 'literal', value: ['\n'] });
  expect(parseValue('${a.output.x}', 'flow')).toEqual({
    kind: 'node-output',
    text: '${a.output.x}',
    node: 'a',
    path: ['x']
  });
});

describe('resolveFieldPath', () => {
  const value = { answer: { score: 0.8, tags: ['a', 'b'], empty: null }, 'odd key': 1 };

  test('follows object keys and array indexes', () => {
    expect(resolveFieldPath(value, [])).toEqual({ found: true, value });
    expect(resolveFieldPath(value, ['answer', 'score'])).toEqual({ found: true, value: 0.8 });
    expect(resolveFieldPath(value, ['answer', 'tags', '1'])).toEqual({ found: true, value: 'b' });
    expect(resolveFieldPath(value, ['answer', 'empty'])).toEqual({ found: true, value: null });
    expect(resolveFieldPath(value, ['odd key'])).toEqual({ found: true, value: 1 });
  });

  test('says which segment is missing and where', () => {
    expect(resolveFieldPath(value, ['answer', 'scor'])).toEqual({
      found: false,
      missing: 'scor',
      parentPath: ['answer'],
      parent: value.answer
    });
    expect(resolveFieldPath(value, ['answer', 'tags', '2'])).toMatchObject({
      found: false,
      missing: '2',
      parentPath: ['answer', 'tags']
    });
    expect(resolveFieldPath(value, ['answer', 'empty', 'x'])).toMatchObject({
      found: false,
      missing: 'x',
      parent: null
    });
    expect(resolveFieldPath('text', ['length'])).toMatchObject({ found: false, missing: 'length' });
    expect(resolveFieldPath({}, ['constructor'])).toMatchObject({ found: false, missing: 'constructor' });
  });
});

import { convertValue } from '../../../src/engine/executor/inputs.js';
import { scanToolSignature, connectionClasses } from '../../../src/engine/executor/python-signature.js';
import { pyEquals } from '../../../src/engine/executor/values.js';
import { PyFloat, pyFloat } from '../../../src/util/py-float.js';

test('pyEquals follows Python ==', () => {
  expect(pyEquals(true, 1)).toBe(true);
  expect(pyEquals(1, 1.0)).toBe(true);
  expect(pyEquals(false, 0)).toBe(true);
  expect(pyEquals('true', true)).toBe(false);
  expect(pyEquals(null, undefined)).toBe(true);
  expect(pyEquals(null, 0)).toBe(false);
  expect(pyEquals([1, { a: true }], [1, { a: 1 }])).toBe(true);
  expect(pyEquals({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  expect(pyEquals('1', 1)).toBe(false);
});

test.each([
  ['int', '42', 42],
  ['int', ' -7 ', -7],
  ['int', 3.9, 3],
  ['int', true, 1],
  ['double', '2.5', 2.5],
  ['double', '1e3', pyFloat(1000)], // float('1e3') is 1000.0
  ['double', '-inf', -Infinity],
  ['double', 4, pyFloat(4)],
  ['double', 0.25, 0.25],
  ['double', new PyFloat(1, '1.0'), new PyFloat(1, '1.0')],
  ['string', new PyFloat(1, '1.0'), '1.0'],
  ['int', new PyFloat(2, '2.0'), 2],
  ['bool', 'False', false],
  ['bool', 1, true],
  ['bool', '0', false],
  ['string', 3, '3'],
  ['string', 2.5, '2.5'],
  ['string', true, 'True'],
  ['string', [1, 'a'], '[1,"a"]'],
  ['list', '[1, 2]', [1, 2]],
  ['object', '{"a": [1]}', { a: [1] }],
  ['object', 'not json', 'not json'],
  ['object', [1], [1]],
  ['image', 'x.png', 'x.png'],
  ['int', null, null]
])('convertValue(%s, %j)', (type, value, expected) => {
  expect(convertValue(value, type)).toEqual({ ok: true, value: expected });
});

test.each([
  ['int', '3.5'],
  ['int', ''],
  ['int', 'abc'],
  ['int', [1]],
  ['double', ''],
  ['double', 'x'],
  ['bool', 'yes'],
  ['bool', 2],
  ['list', '"a"'],
  ['list', { a: 1 }]
])('convertValue(%s, %j) fails', (type, value) => {
  expect(convertValue(value, type).ok).toBe(false);
});

test('scanToolSignature reads the @tool function', () => {
  const src = [
    'import x',
    'from promptflow.connections import AzureOpenAIConnection, CustomConnection',
    '',
    'def helper(a, b):',
    '    pass',
    '',
    '@tool',
    'def my_tool(',
    '    conn: AzureOpenAIConnection,  # the model, (with a comma)',
    '    other: Union[CustomConnection, None] = None,',
    '    text: str = "a, b = c",',
    '    cfg: Dict[str, int] = {"a": 1, "b": (2, 3)},',
    '    flag=x == y,',
    '    *args,',
    '    **kwargs',
    ') -> str:',
    '    return ""'
  ].join('\n');
  const sig = scanToolSignature(src)!;
  expect(sig.func).toBe('my_tool');
  expect(sig.varKeyword).toBe(true);
  expect(sig.params).toEqual([
    { name: 'conn', annotation: 'AzureOpenAIConnection', hasDefault: false },
    { name: 'other', annotation: 'Union[CustomConnection, None]', hasDefault: true },
    { name: 'text', annotation: 'str', hasDefault: true },
    { name: 'cfg', annotation: 'Dict[str, int]', hasDefault: true },
    { name: 'flag', hasDefault: true }
  ]);
  expect(connectionClasses(sig.params[1].annotation)).toEqual(['CustomConnection']);
  expect(connectionClasses('str')).toEqual([]);
});

test('scanToolSignature: decorators with arguments, async tools, methods; none when ambiguous', () => {
  expect(
    scanToolSignature('@tool(\n  name="x",\n)\n@other\nasync def t(self, a: int = 1):\n  pass\n')!.params
  ).toEqual([{ name: 'a', annotation: 'int', hasDefault: true }]);
  expect(scanToolSignature('def a(x):\n  pass\n')).toBeUndefined();
  expect(scanToolSignature('@tool\ndef a(x):\n  pass\n@tool\ndef b(y):\n  pass\n')).toBeUndefined();
  expect(scanToolSignature('def a(x):\n  pass\n', 'a')!.params).toEqual([{ name: 'x', hasDefault: false }]);
});

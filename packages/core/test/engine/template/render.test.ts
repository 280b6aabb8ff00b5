import { compileTemplate, renderTemplate } from '../../../src/engine/template/index.js';

describe('compileTemplate', () => {
  test('compiles once and renders many lines without sharing state', () => {
    const render = compileTemplate(
      '{% set ns = namespace(n=0) %}{% for x in xs %}{% set ns.n = ns.n + x %}{% endfor %}{% set _ = xs.append(0) %}{{ name }}: {{ ns.n }} {{ xs }}'
    );
    const input = [1, 2];
    expect(render({ name: 'a', xs: input })).toBe('a: 3 [1, 2, 0]');
    expect(render({ name: 'b', xs: input })).toBe('b: 3 [1, 2, 0]');
    expect(input).toEqual([1, 2]);
  });

  test('syntax errors surface when compiling, not when rendering', () => {
    expect(() => compileTemplate('{% if %}')).toThrow('template syntax error');
  });
});

describe('values print as Python str() would', () => {
  test('JSON values: None, booleans, ints, floats, containers', () => {
    const vars = {
      n: null,
      t: true,
      i: 42,
      f: 0.5,
      big: 1e21,
      neg: -3,
      list: [1, 'a', null],
      dict: { b: 1, a: { c: [true] } }
    };
    expect(
      renderTemplate('{{ n }} {{ t }} {{ i }} {{ f }} {{ big }} {{ neg }} {{ list }} {{ dict }}', vars)
    ).toBe("None True 42 0.5 1e+21 -3 [1, 'a', None] {'b': 1, 'a': {'c': [True]}}");
  });

  test('integral JSON numbers are ints; true division always gives a float', () => {
    expect(renderTemplate('{{ x }} {{ x / 2 }} {{ x // 2 }} {{ y / 2 }}', { x: 4, y: 5 })).toBe(
      '4 2.0 2 2.5'
    );
  });

  test('floats use the shortest repr and switch to exponents like Python', () => {
    expect(renderTemplate('{{ [0.1, 1e-7, 1e16, 1e15, 0.0001, 0.00001, 2 ** 0.5] }}', {})).toBe(
      '[0.1, 1e-07, 1e+16, 1000000000000000.0, 0.0001, 1e-05, 1.4142135623730951]'
    );
  });

  test('strings inside containers use Python repr quoting', () => {
    expect(renderTemplate('{{ xs }}', { xs: ["it's", 'say "hi"', 'both \' "', 'a\\b\n'] })).toBe(
      `["it's", 'say "hi"', 'both \\' "', 'a\\\\b\\n']`
    );
  });

  test('undefined variables render empty; undefined-valued keys count as missing', () => {
    expect(renderTemplate('[{{ a }}][{{ b }}][{{ b is defined }}]', { b: undefined })).toBe('[][][False]');
  });
});

describe('Unicode', () => {
  test('round-trips exactly and counts code points', () => {
    const text = 'Crème 日本語 👍🏽 \u200b';
    expect(renderTemplate('«{{ t }}» {{ t|length }} {{ t[-3] }}', { t: text })).toBe(`«${text}» 14 🏽`);
  });

  test('the template text itself is kept byte for byte, newlines normalized to \\n', () => {
    expect(renderTemplate('Zoë — ✓ 😀\r\n{{ x }}\r\n', { x: 'a\r\nb' })).toBe('Zoë — ✓ 😀\na\r\nb\n');
  });
});

describe('whitespace', () => {
  test('trim_blocks removes the newline after block tags, not after variables', () => {
    expect(renderTemplate('{% if true %}\nA\n{% endif %}\n{{ "B" }}\nC', {})).toBe('A\nB\nC');
  });

  test('the trailing newline is kept', () => {
    expect(renderTemplate('x\n', {})).toBe('x\n');
  });
});

import { isUserError, UserError } from '../../../src/errors.js';
import { compileTemplate, renderTemplate } from '../../../src/engine/template/index.js';

function failure(source: string, vars: Record<string, unknown> = {}): UserError {
  try {
    renderTemplate(source, vars, { file: 'prompts/chat.jinja2' });
  } catch (e) {
    expect(isUserError(e)).toBe(true);
    return e as UserError;
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail`);
}

describe('syntax errors name the file, line, column and what was expected', () => {
  test('an unclosed block', () => {
    const e = failure('Hello\n{% if x %}\nno end');
    expect(e.problems[0]).toMatchObject({ file: 'prompts/chat.jinja2', line: 3, column: 7 });
    expect(e.message).toBe(
      'prompts/chat.jinja2:3:7: template syntax error: Unexpected end of template. Jinja was looking for the ' +
        "following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'."
    );
  });

  test('a stray end tag', () => {
    expect(failure('a\n\n  {% endfor %}').message).toBe(
      "prompts/chat.jinja2:3:6: template syntax error: Encountered unknown tag 'endfor'."
    );
  });

  test('a nesting mistake', () => {
    expect(failure('{% for x in y %}{% if x %}{% endfor %}').message).toBe(
      "prompts/chat.jinja2:1:30: template syntax error: Encountered unknown tag 'endfor'. You probably made a nesting " +
        "mistake. Jinja is expecting this tag, but currently looking for 'elif' or 'else' or 'endif'. The innermost " +
        "block that needs to be closed is 'if'."
    );
  });

  test('an unexpected token in an expression', () => {
    expect(failure('{{ user name }}').message).toBe(
      "prompts/chat.jinja2:1:9: template syntax error: expected token 'end of print statement', got 'name'"
    );
  });

  test('an unclosed print tag and an unclosed comment', () => {
    expect(failure('x {{ a ').message).toMatch(
      /:1:8: .*unexpected end of template, expected 'end of print statement'\.$/
    );
    expect(failure('line\n{# never closed').message).toBe(
      'prompts/chat.jinja2:2:1: template syntax error: Missing end of comment tag'
    );
  });

  test('unbalanced brackets and bad characters', () => {
    expect(failure('{{ (a] }}').message).toMatch(
      /:1:6: template syntax error: unexpected '\]', expected '\)'$/
    );
    expect(failure('{{ a ? b }}').message).toMatch(/:1:6: template syntax error: unexpected character '\?'$/);
  });

  test('unknown and unsupported filters, tests and tags are reported when compiling', () => {
    expect(() => compileTemplate('{{ x | shout }}')).toThrow(
      "<template>:1:8: template syntax error: No filter named 'shout'."
    );
    expect(() => compileTemplate('{{ x is big }}')).toThrow("template syntax error: No test named 'big'.");
    expect(() => compileTemplate('{{ x | wordwrap }}')).toThrow(
      "the 'wordwrap' filter is not supported by this renderer"
    );
    expect(() => compileTemplate("{% include 'other.jinja2' %}")).toThrow(
      "<template>:1:4: template syntax error: the 'include' tag is not supported by this renderer"
    );
  });

  test('a bad escape in a string literal', () => {
    expect(failure("{{ '\\x4' }}").message).toMatch(/:1:4: template syntax error: truncated \\xXX escape$/);
  });
});

describe('rendering errors behave like Jinja2 and point at the expression', () => {
  test('attribute access on an undefined variable raises', () => {
    const e = failure('Hi\n{{ user.name }}');
    expect(e.problems[0]).toMatchObject({ file: 'prompts/chat.jinja2', line: 2, column: 8 });
    expect(e.message).toBe(
      "prompts/chat.jinja2:2:8: failed to render the template: UndefinedError: 'user' is undefined"
    );
    expect(failure("{{ user['name'] }}").message).toContain("UndefinedError: 'user' is undefined");
  });

  test('a missing attribute prints empty but going one level deeper raises', () => {
    expect(renderTemplate('[{{ d.missing }}]', { d: {} })).toBe('[]');
    expect(failure('{{ d.missing.deeper }}', { d: {} }).message).toContain(
      "UndefinedError: 'dict object' has no attribute 'missing'"
    );
    expect(failure('{{ xs[3].name }}', { xs: [1] }).message).toContain(
      'UndefinedError: list object has no element 3'
    );
  });

  test('arithmetic on undefined, type errors and division by zero', () => {
    expect(failure('{{ count + 1 }}').message).toContain("UndefinedError: 'count' is undefined");
    expect(failure("{{ 1 + 'a' }}").message).toContain(
      "TypeError: unsupported operand type(s) for +: 'int' and 'str'"
    );
    expect(failure("{{ 'a' + 1 }}").message).toContain(
      'TypeError: can only concatenate str (not "int") to str'
    );
    expect(failure('{{ 1 / 0 }}').message).toContain('ZeroDivisionError: division by zero');
    expect(failure('{{ 1.5 // 0 }}').message).toContain('ZeroDivisionError: float floor division by zero');
  });

  test('errors inside loops and macros report the inner line', () => {
    const e = failure('{% for x in xs %}\nok\n{{ x.a.b }}\n{% endfor %}', { xs: [{}] });
    expect(e.problems[0]?.line).toBe(3);
    const m = failure('{% macro m(v) %}\n{{ v + 1 }}\n{% endmacro %}\n{{ m("s") }}');
    expect(m.problems[0]?.line).toBe(2);
    expect(m.message).toContain('can only concatenate str (not "int") to str');
  });

  test('macro and unpacking argument errors', () => {
    expect(failure('{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}').message).toContain(
      "TypeError: macro 'm' takes not more than 1 argument(s)"
    );
    expect(failure('{% for a, b in [[1]] %}{% endfor %}').message).toContain(
      'ValueError: not enough values to unpack (expected 2, got 1)'
    );
  });

  test('calling an unsupported Python method says so', () => {
    expect(failure("{{ 'x'.encode() }}").message).toContain('str.encode() is not supported by this renderer');
  });

  test('errors are UserErrors with one problem', () => {
    const e = failure('{{ 1 / 0 }}');
    expect(e).toBeInstanceOf(UserError);
    expect(e.problems).toHaveLength(1);
  });
});

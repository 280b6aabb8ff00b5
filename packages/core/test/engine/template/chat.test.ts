import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUserError } from '../../../src/errors.js';
import { parseChatMessages, renderTemplate, usesChatRoles } from '../../../src/engine/template/index.js';

const prompts = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/templates/prompts'
);

function parseError(text: string): string {
  try {
    parseChatMessages(text, { file: 'flow/chat.jinja2' });
  } catch (e) {
    expect(isUserError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`);
}

describe('parseChatMessages', () => {
  test('splits at role lines and strips each message', () => {
    expect(
      parseChatMessages('system:\nYou are helpful.\n\nuser:\n  Hi there  \n\nassistant:\nHello!\n')
    ).toEqual([
      { role: 'system', content: 'You are helpful.' },
      { role: 'user', content: 'Hi there' },
      { role: 'assistant', content: 'Hello!' }
    ]);
  });

  test('role lines: optional #, any case, spaces around the colon, alone on their line', () => {
    expect(parseChatMessages('# System:\nBe brief.\n#user :\nQ1\n  # ASSISTANT:  \nA1\nUser:\nQ2')).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Q1' },
      { role: 'assistant', content: 'A1' },
      { role: 'user', content: 'Q2' }
    ]);
  });

  test('a role word followed by text on the same line is content, not a role line', () => {
    expect(parseChatMessages('user:\nuser: is this a role?\nsystem: no\n')).toEqual([
      { role: 'user', content: 'user: is this a role?\nsystem: no' }
    ]);
  });

  test('blank lines and whitespace before the first role are ignored; a final role line gives an empty message', () => {
    expect(parseChatMessages('\n  \nsystem:\nx\nuser:\n')).toEqual([
      { role: 'system', content: 'x' },
      { role: 'user', content: '' }
    ]);
    expect(parseChatMessages('system:\nx\nuser:')).toEqual([{ role: 'system', content: 'x\nuser:' }]);
  });

  test('content keeps inner blank lines and Unicode, and strips Python whitespace (NBSP, ideographic space)', () => {
    expect(parseChatMessages('user:\n\u00a0 Crème brûlée?\n\n日本語 😀 \u3000\n')).toEqual([
      { role: 'user', content: 'Crème brûlée?\n\n日本語 😀' }
    ]);
  });

  test('text before the first role line is an error, like prompt flow', () => {
    expect(parseError('Answer the question.\nuser:\nhi')).toBe(
      "flow/chat.jinja2: a chat prompt must start with a role line ('system:', 'user:', 'assistant:', " +
        "'function:', 'tool:' alone on its line); found text before the first role line: \"Answer the question.\""
    );
    expect(parseError('no roles at all')).toContain(
      'found text before the first role line: "no roles at all"'
    );
  });

  test('function messages need name: and content: sections', () => {
    expect(
      parseChatMessages('function:\n## name:\n  get_weather  \n## content:\n{"temp": 20}\nuser:\nthanks')
    ).toEqual([
      { role: 'function', name: 'get_weather', content: '{"temp": 20}' },
      { role: 'user', content: 'thanks' }
    ]);
    expect(parseError('function:\nno name here\n')).toContain(
      "a 'function' message must be written as 'name:'"
    );
  });

  test('other roles may carry an optional name', () => {
    expect(parseChatMessages('user:\nname:\nalice\ncontent:\nhello there\n')).toEqual([
      { role: 'user', name: 'alice', content: 'hello there' }
    ]);
  });

  test('tool messages need tool_call_id: and content:, assistant messages may carry tool_calls', () => {
    const text = [
      'assistant:',
      'tool_calls:',
      "[{'id': 'call_1', 'type': 'function', 'function': {'name': 'f', 'arguments': '{\"a\": 1}'}}]",
      '',
      'tool:',
      'tool_call_id:',
      'call_1',
      'content:',
      '42',
      'user:',
      'thanks'
    ].join('\n');
    expect(parseChatMessages(text)).toEqual([
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a": 1}' } }]
      },
      { role: 'tool', tool_call_id: 'call_1', content: '42' },
      { role: 'user', content: 'thanks' }
    ]);
    expect(parseError('tool:\nno id\n')).toContain("a 'tool' message must be written as 'tool_call_id:'");
  });

  test('a tool_calls section that is not a Python literal list stays content', () => {
    expect(parseChatMessages('assistant:\ntool_calls:\n[true]\n')).toEqual([
      { role: 'assistant', content: 'tool_calls:\n[true]' }
    ]);
  });

  test('a rendered agent prompt round-trips into messages', () => {
    const template = fs.readFileSync(path.join(prompts, 'agent_tools.jinja2'), 'utf8');
    const vars = JSON.parse(fs.readFileSync(path.join(prompts, 'agent_tools.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const messages = parseChatMessages(renderTemplate(template, vars));
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
    expect(messages[1]).toEqual({ role: 'user', content: 'Weather in Kraków? 🌦' });
    expect(messages[2]?.tool_calls).toEqual([
      { id: 'call_7', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Kraków"}' } }
    ]);
    expect(messages[3]).toEqual({
      role: 'tool',
      tool_call_id: 'call_7',
      content: '{"alerts": null, "sky": "drizzle", "temp_c": 11.5}'
    });
  });
});

describe('usesChatRoles', () => {
  test('recognizes chat templates', () => {
    expect(usesChatRoles('system:\nYou are helpful.\n\nuser:\n{{question}}\n')).toBe(true);
    expect(usesChatRoles('{% set x = 1 %}\n# System:\nhi')).toBe(true);
    expect(usesChatRoles('{% for m in history %}\n# user:\r\n{{ m.q }}\n{% endfor %}')).toBe(true);
  });

  test('completion prompts have no role lines', () => {
    expect(usesChatRoles('Summarise in one sentence:\n{{prompt}}\nSummary:')).toBe(false);
    expect(usesChatRoles('user: {{ question }}\n')).toBe(false);
    expect(usesChatRoles('Ends with a role word\nuser:')).toBe(false);
  });
});

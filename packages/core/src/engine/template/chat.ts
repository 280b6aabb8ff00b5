/**
 * Prompt flow's chat prompt format (promptflow-tools `parse_chat`): the rendered prompt is split at
 * role lines (`system:`, `# user:`, `Assistant :` …, case-insensitive, alone on their line) and
 * each message's content is stripped. `function` messages need `name:`/`content:` sections, `tool`
 * messages `tool_call_id:`/`content:`; an assistant message may carry a `tool_calls:` list (a
 * Python literal). Any other message may also start with `name:`/`content:` sections.
 */
import { UserError } from '../../errors.js';
import type { Expr } from './ast.js';
import { normalizeNewlines, tokenize } from './lexer.js';
import { Parser } from './parser.js';
import { PY_WS_CLASS, pyStrip } from './pystr.js';
import { PyDict, PyTuple, type Value } from './values.js';

export const CHAT_ROLES = ['system', 'user', 'assistant', 'function', 'tool'] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];

export interface ChatMessage {
  role: ChatRole;
  /** Stripped content. Empty for an assistant message that only carries `tool_calls`. */
  content: string;
  name?: string;
  tool_call_id?: string;
  tool_calls?: unknown[];
}

const S = `[${PY_WS_CLASS}]`;
const NS = `[^${PY_WS_CLASS}]`;
// Python: (?i)^\s*#?\s*(system|user|assistant|function|tool)\s*:\s*\n  with re.MULTILINE
const ROLE_SOURCE = `(?<![^\\n])${S}*#?${S}*(${CHAT_ROLES.join('|')})${S}*:${S}*\\n`;
const ROLE_LINE = new RegExp(ROLE_SOURCE, 'iu');
const ROLE_SPLIT = new RegExp(ROLE_SOURCE, 'giu');
const section = (key: string, value: string): RegExp =>
  new RegExp(`\\n*#{0,2}${S}*${key}${S}*:${S}*\\n+${S}*${value}`, 's');
const NAME_AND_CONTENT = section('name', `(${NS}+)${S}*\\n*#{0,2}${S}*content${S}*:${S}*\\n?(.*)`);
const TOOL_CALL_ID_AND_CONTENT = section(
  'tool_call_id',
  `(${NS}+)${S}*\\n*#{0,2}${S}*content${S}*:${S}*\\n?(.*)`
);
const TOOL_CALLS = section('tool_calls', '(\\[.*?\\])');

export interface ChatParseOptions {
  /** Named in error messages. */
  file?: string;
}

/** True when the text (a template or a rendered prompt) has at least one chat role line. */
export function usesChatRoles(text: string): boolean {
  return ROLE_LINE.test(normalizeNewlines(text));
}

/** Splits a rendered chat prompt into messages, the way prompt flow's LLM tool does. */
export function parseChatMessages(rendered: string, opts: ChatParseOptions = {}): ChatMessage[] {
  const file = opts.file ?? '<prompt>';
  const fail = (message: string): never => {
    throw new UserError([{ file, message }]);
  };
  const chunks = rendered.split(ROLE_SPLIT);
  const messages: (Partial<ChatMessage> & { role: ChatRole })[] = [];
  for (const chunk of chunks) {
    const last = messages.at(-1);
    const open = last !== undefined && last.content === undefined && last.tool_calls === undefined;
    if (open && last.role === 'tool') {
      const m = TOOL_CALL_ID_AND_CONTENT.exec(chunk);
      if (!m) {
        fail(
          "a 'tool' message must be written as 'tool_call_id:' and the id on the next line, then 'content:' and the content"
        );
      }
      last.tool_call_id = m![1]!;
      last.content = pyStrip(m![2]!, null);
      continue;
    }
    if (last?.role === 'assistant') {
      const calls = parseToolCalls(chunk);
      if (calls !== undefined) {
        last.tool_calls = calls;
        continue;
      }
    }
    if (open) {
      const m = NAME_AND_CONTENT.exec(chunk);
      if (m) {
        last.name = m[1]!;
        last.content = pyStrip(m[2]!, null);
      } else if (last.role === 'function') {
        fail(
          "a 'function' message must be written as 'name:' and the function name on the next line, then 'content:' and the content"
        );
      } else {
        last.content = pyStrip(chunk, null);
      }
      continue;
    }
    const text = pyStrip(chunk, null);
    if (!text) continue;
    const role = text.toLowerCase();
    if (!(CHAT_ROLES as readonly string[]).includes(role)) {
      const found = text.length > 60 ? `${text.slice(0, 60)}…` : text;
      fail(
        `a chat prompt must start with a role line (${CHAT_ROLES.map((r) => `'${r}:'`).join(', ')} alone on its line); ` +
          `found text before the first role line: ${JSON.stringify(found)}`
      );
    }
    messages.push({ role: role as ChatRole });
  }
  return messages.map((m) => ({ ...m, content: m.content ?? '' }));
}

/** `ast.literal_eval` of the `tool_calls:` list, or undefined when prompt flow would not parse it. */
function parseToolCalls(chunk: string): unknown[] | undefined {
  const m = TOOL_CALLS.exec(chunk);
  if (!m) return undefined;
  try {
    const tokens = tokenize(`{{ ${normalizeNewlines(m[1]!)} }}`);
    if (tokens.some((t) => t.type === 'name' && !['True', 'False', 'None'].includes(t.value as string)))
      return undefined;
    const [output] = new Parser(tokens).parse();
    if (!output || output.t !== 'output' || output.items.length !== 1 || typeof output.items[0] === 'string')
      return undefined;
    const value = literal(output.items[0]!);
    return Array.isArray(value) ? (value.map(toJS) as unknown[]) : undefined;
  } catch {
    return undefined;
  }
}

function literal(e: Expr): Value {
  switch (e.t) {
    case 'const':
      return e.value;
    case 'list':
      return e.items.map(literal);
    case 'tuple':
      return new PyTuple(e.items.map(literal));
    case 'dict':
      return PyDict.from(e.items.map(([k, v]) => [literal(k), literal(v)]));
    case 'unary': {
      const v = literal(e.operand);
      if (e.op === '-' && (typeof v === 'bigint' || typeof v === 'number')) return -v;
      if (e.op === '+' && (typeof v === 'bigint' || typeof v === 'number')) return v;
      break;
    }
  }
  throw new Error('not a literal');
}

function toJS(v: Value): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toJS);
  if (v instanceof PyTuple) return v.items.map(toJS);
  if (v instanceof PyDict) return Object.fromEntries(v.entries().map(([k, x]) => [String(k), toJS(x)]));
  return v;
}

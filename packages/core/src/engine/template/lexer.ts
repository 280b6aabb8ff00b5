/**
 * Jinja2's lexer for `Environment(trim_blocks=True, keep_trailing_newline=True)`, default
 * delimiters, no line statements. Follows jinja2/lexer.py rule by rule: `-` strips whitespace
 * (Python's definition) on that side of a tag, a block or comment end swallows one following
 * newline (trim_blocks) unless written `+%}`/`+#}`, `{% raw %}` sections pass through verbatim.
 */
import { decodeStringLiteral, PY_WS_CLASS, PyStrError, pyStrip } from './pystr.js';

export type TokenType =
  | 'data'
  | 'variable_begin'
  | 'variable_end'
  | 'block_begin'
  | 'block_end'
  | 'name'
  | 'string'
  | 'integer'
  | 'float'
  | 'op'
  | 'eof';

export interface Token {
  type: TokenType;
  /** Operator symbol, name, decoded string, template data; ints are bigint, floats number. */
  value: string | bigint | number;
  /** Offset in the (newline-normalized) source. */
  pos: number;
}

/** A syntax error at an offset of the normalized source. */
export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: number
  ) {
    super(message);
  }
}

const WS = `[${PY_WS_CLASS}]`;
const ROOT = new RegExp(
  `\\{%(-|\\+|)${WS}*raw${WS}*(?:-%\\}${WS}*|%\\})|\\{#(-|\\+|)|\\{%(-|\\+|)|\\{\\{(-|\\+|)`,
  'g'
);
const END_RAW = new RegExp(`\\{%(-|\\+|)${WS}*endraw${WS}*(?:\\+%\\}|-%\\}${WS}*|%\\}\\n?)`, 'g');
const END_COMMENT = new RegExp(`\\+#\\}|-#\\}${WS}*|#\\}\\n?`, 'g');
const END_BLOCK = new RegExp(`\\+%\\}|-%\\}${WS}*|%\\}\\n?`, 'y');
const END_VARIABLE = new RegExp(`-\\}\\}${WS}*|\\}\\}`, 'y');
const WHITESPACE = new RegExp(`${WS}+`, 'y');
const FLOAT = /(?<!\.)(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?[eE][+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/y;
const INTEGER = /0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[\da-fA-F])+|[1-9](?:_?\d)*|0(?:_?0)*/y;
const NAME = /[\p{XID_Continue}]+/uy;
const IDENTIFIER = /^[\p{XID_Start}_][\p{XID_Continue}]*$/u;
const STRING = /'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"/sy;
const OPERATOR = /\/\/|\*\*|==|!=|>=|<=|[+\-/*%~[\](){}<>=.:|,;]/y;
const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Jinja normalizes every newline sequence to `\n` before lexing. */
export function normalizeNewlines(source: string): string {
  return source.replace(/\r\n|\r/g, '\n');
}

function rstripIf(text: string, sign: string | undefined): string {
  return sign === '-' ? pyStrip(text, null, false, true) : text;
}

function sticky(re: RegExp, source: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(source);
}

function parseInteger(text: string): bigint {
  const t = text.replace(/_/g, '').toLowerCase();
  if (/^0[box]/.test(t)) return BigInt(t);
  return BigInt(t.replace(/^0+(?=\d)/, ''));
}

/** Tokenizes a newline-normalized template. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < source.length) {
    ROOT.lastIndex = pos;
    const m = ROOT.exec(source);
    if (!m) {
      tokens.push({ type: 'data', value: source.slice(pos), pos });
      break;
    }
    const [, rawSign, commentSign, blockSign, varSign] = m;
    const sign = rawSign ?? commentSign ?? blockSign ?? varSign;
    const text = rstripIf(source.slice(pos, m.index), sign);
    if (text) tokens.push({ type: 'data', value: text, pos });
    pos = m.index + m[0].length;
    if (rawSign !== undefined) pos = lexRaw(source, pos, m.index, tokens);
    else if (commentSign !== undefined) pos = lexComment(source, pos, m.index);
    else pos = lexTag(source, pos, m.index, blockSign !== undefined ? 'block' : 'variable', tokens);
  }
  tokens.push({ type: 'eof', value: '', pos: source.length });
  return tokens;
}

function lexRaw(source: string, pos: number, start: number, tokens: Token[]): number {
  END_RAW.lastIndex = pos;
  const m = END_RAW.exec(source);
  if (!m) throw new TemplateSyntaxError('Missing end of raw directive', start);
  const text = rstripIf(source.slice(pos, m.index), m[1]);
  if (text) tokens.push({ type: 'data', value: text, pos });
  return m.index + m[0].length;
}

function lexComment(source: string, pos: number, start: number): number {
  END_COMMENT.lastIndex = pos;
  const m = END_COMMENT.exec(source);
  if (!m) throw new TemplateSyntaxError('Missing end of comment tag', start);
  return m.index + m[0].length;
}

function lexTag(
  source: string,
  pos: number,
  start: number,
  kind: 'block' | 'variable',
  tokens: Token[]
): number {
  tokens.push({ type: kind === 'block' ? 'block_begin' : 'variable_begin', value: '', pos: start });
  const end = kind === 'block' ? END_BLOCK : END_VARIABLE;
  const balance: string[] = [];
  while (pos < source.length) {
    let m: RegExpExecArray | null;
    if (!balance.length && (m = sticky(end, source, pos))) {
      tokens.push({ type: kind === 'block' ? 'block_end' : 'variable_end', value: '', pos });
      return pos + m[0].length;
    }
    if ((m = sticky(WHITESPACE, source, pos))) {
      pos += m[0].length;
      continue;
    }
    if ((m = sticky(FLOAT, source, pos))) {
      tokens.push({ type: 'float', value: Number(m[0].replace(/_/g, '')), pos });
    } else if ((m = sticky(INTEGER, source, pos))) {
      tokens.push({ type: 'integer', value: parseInteger(m[0]), pos });
    } else if ((m = sticky(NAME, source, pos))) {
      if (!IDENTIFIER.test(m[0])) throw new TemplateSyntaxError('Invalid character in identifier', pos);
      tokens.push({ type: 'name', value: m[0], pos });
    } else if ((m = sticky(STRING, source, pos))) {
      let value: string;
      try {
        value = decodeStringLiteral(m[1] ?? m[2] ?? '');
      } catch (e) {
        if (e instanceof PyStrError) throw new TemplateSyntaxError(e.message, pos);
        throw e;
      }
      tokens.push({ type: 'string', value, pos });
    } else if ((m = sticky(OPERATOR, source, pos))) {
      const op = m[0];
      if (CLOSING[op]) balance.push(CLOSING[op]);
      else if (op === ')' || op === ']' || op === '}') {
        const expected = balance.pop();
        if (!expected) throw new TemplateSyntaxError(`unexpected '${op}'`, pos);
        if (expected !== op) throw new TemplateSyntaxError(`unexpected '${op}', expected '${expected}'`, pos);
      }
      tokens.push({ type: 'op', value: op, pos });
    } else {
      const ch = String.fromCodePoint(source.codePointAt(pos)!);
      throw new TemplateSyntaxError(`unexpected character '${ch}'`, pos);
    }
    pos += m[0].length;
  }
  return pos;
}

/** How Jinja names a token in error messages. */
export function describeToken(t: Token): string {
  switch (t.type) {
    case 'name':
    case 'op':
      return String(t.value);
    case 'data':
      return 'template data / text';
    case 'variable_begin':
      return 'begin of print statement';
    case 'variable_end':
      return 'end of print statement';
    case 'block_begin':
      return 'begin of statement block';
    case 'block_end':
      return 'end of statement block';
    case 'eof':
      return 'end of template';
    default:
      return t.type;
  }
}

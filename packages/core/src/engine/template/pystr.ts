/**
 * Python `str` semantics on JS strings. Python strings are sequences of code points, JS strings of
 * UTF-16 units: everything that counts, indexes or slices goes through code points here.
 */

/** The characters for which Python's `str.isspace()` is true (also what `re`'s `\s` matches). */
export const PY_WS_CLASS =
  '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const WS_CHAR = new RegExp(`^[${PY_WS_CLASS}]$`);
const WS_RUN = new RegExp(`[${PY_WS_CLASS}]+`, 'g');
const LEADING_WS = new RegExp(`^[${PY_WS_CLASS}]+`);
const TRAILING_WS = new RegExp(`[${PY_WS_CLASS}]+$`);
const SURROGATE = /[\uD800-\uDFFF]/;

export function isPySpace(ch: string): boolean {
  return WS_CHAR.test(ch);
}

/** Code points of `s` (one array element per Python character). */
export function codePoints(s: string): string[] {
  return SURROGATE.test(s) ? Array.from(s) : s.split('');
}

export function pyLen(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Converts a UTF-16 index in `s` to a code point index. */
export function unitToCpIndex(s: string, unit: number): number {
  return SURROGATE.test(s) ? pyLen(s.slice(0, unit)) : unit;
}

/** Compares by code point, like Python (JS `<` compares UTF-16 units). */
export function compareStr(a: string, b: string): number {
  if (a === b) return 0;
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : 1;
  const x = codePoints(a);
  const y = codePoints(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d) return d < 0 ? -1 : 1;
  }
  return x.length - y.length < 0 ? -1 : x.length === y.length ? 0 : 1;
}

export function pyStrip(s: string, chars: string | null, left = true, right = true): string {
  if (chars === null) {
    if (left) s = s.replace(LEADING_WS, '');
    if (right) s = s.replace(TRAILING_WS, '');
    return s;
  }
  const set = new Set(codePoints(chars));
  const cps = codePoints(s);
  let i = 0;
  let j = cps.length;
  if (left) while (i < j && set.has(cps[i]!)) i++;
  if (right) while (j > i && set.has(cps[j - 1]!)) j--;
  return cps.slice(i, j).join('');
}

/** `str.split(sep=None, maxsplit=-1)`. */
export function pySplit(s: string, sep: string | null, maxsplit = -1): string[] {
  if (sep === null) {
    const out: string[] = [];
    let rest = s.replace(LEADING_WS, '');
    while (rest) {
      if (maxsplit >= 0 && out.length >= maxsplit) {
        out.push(rest);
        break;
      }
      WS_RUN.lastIndex = 0;
      const m = WS_RUN.exec(rest);
      if (!m) {
        out.push(rest);
        break;
      }
      out.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    return out;
  }
  if (sep === '') throw new PyStrError('ValueError', 'empty separator');
  const parts = s.split(sep);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
}

/** `str.rsplit(sep=None, maxsplit=-1)`. */
export function pyRSplit(s: string, sep: string | null, maxsplit = -1): string[] {
  if (maxsplit < 0) return pySplit(s, sep);
  if (sep === null) {
    const out: string[] = [];
    let rest = s.replace(TRAILING_WS, '');
    while (rest) {
      if (out.length >= maxsplit) {
        out.unshift(rest);
        break;
      }
      const m = new RegExp(`[${PY_WS_CLASS}]+(?=[^${PY_WS_CLASS}]*$)`).exec(rest);
      if (!m) {
        out.unshift(rest);
        break;
      }
      out.unshift(rest.slice(m.index + m[0].length));
      rest = rest.slice(0, m.index);
    }
    return out;
  }
  if (sep === '') throw new PyStrError('ValueError', 'empty separator');
  const parts = s.split(sep);
  if (parts.length <= maxsplit + 1) return parts;
  const cut = parts.length - maxsplit;
  return [parts.slice(0, cut).join(sep), ...parts.slice(cut)];
}

const LINE_BREAK = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/g;

/** `str.splitlines(keepends=False)`. */
export function pySplitLines(s: string, keepends = false): string[] {
  const out: string[] = [];
  let last = 0;
  for (const m of s.matchAll(LINE_BREAK)) {
    out.push(s.slice(last, keepends ? m.index + m[0].length : m.index));
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

/** `str.replace(old, new, count=-1)`, including the empty-`old` case. */
export function pyReplace(s: string, old: string, rep: string, count = -1): string {
  if (count < 0) count = Infinity;
  if (old === '') {
    const cps = codePoints(s);
    let out = '';
    for (let i = 0; i <= cps.length; i++) {
      if (i <= count - 1) out += rep;
      if (i < cps.length) out += cps[i];
    }
    return out;
  }
  let out = '';
  let pos = 0;
  let n = 0;
  while (n < count) {
    const i = s.indexOf(old, pos);
    if (i < 0) break;
    out += s.slice(pos, i) + rep;
    pos = i + old.length;
    n++;
  }
  return out + s.slice(pos);
}

/** `str.center(width, fillchar)`, with CPython's placement of the odd padding character. */
export function pyCenter(s: string, width: number, fill = ' '): string {
  const len = pyLen(s);
  if (width <= len) return s;
  const marg = width - len;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return fill.repeat(left) + s + fill.repeat(marg - left);
}

// --- case mapping -------------------------------------------------------------------------

const CASED = /[\p{Lowercase}\p{Uppercase}\p{Lt}]/u;
const CASE_IGNORABLE =
  /[\p{Mn}\p{Me}\p{Cf}\p{Lm}\p{Sk}'.:\u00b7\u0387\u05f4\u2018\u2019\u2024\u2027\ufe13\ufe52\ufe55\uff07\uff0e\uff1a]/u;
const SPECIAL_TITLE: Record<string, string> = {
  ß: 'Ss',
  ﬀ: 'Ff',
  ﬁ: 'Fi',
  ﬂ: 'Fl',
  ﬃ: 'Ffi',
  ﬄ: 'Ffl',
  ﬅ: 'St',
  ﬆ: 'St',
  և: 'Եւ',
  ﬓ: 'Մն',
  ﬔ: 'Մե',
  ﬕ: 'Մի',
  ﬖ: 'Վն',
  ﬗ: 'Մխ',
  Ǆ: 'ǅ',
  ǅ: 'ǅ',
  ǆ: 'ǅ',
  Ǉ: 'ǈ',
  ǈ: 'ǈ',
  ǉ: 'ǈ',
  Ǌ: 'ǋ',
  ǋ: 'ǋ',
  ǌ: 'ǋ',
  Ǳ: 'ǲ',
  ǲ: 'ǲ',
  ǳ: 'ǲ',
  ᾳ: 'ᾼ',
  ῃ: 'ῌ',
  ῳ: 'ῼ'
};

export function isCased(ch: string): boolean {
  return CASED.test(ch);
}

/** Title-case mapping of one code point (JS has no `toTitleCase`). */
export function titleChar(ch: string): string {
  const special = SPECIAL_TITLE[ch];
  if (special) return special;
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x1f80 && cp <= 0x1faf) return String.fromCodePoint(cp | 0x08);
  return ch.toUpperCase();
}

/** Lower-cases code point `i` of `cps` the way Python does, including the final-sigma rule. */
function lowerAt(cps: string[], i: number): string {
  const ch = cps[i]!;
  if (ch !== 'Σ') return ch.toLowerCase();
  let j = i - 1;
  while (j >= 0 && CASE_IGNORABLE.test(cps[j]!)) j--;
  const before = j >= 0 && isCased(cps[j]!);
  let k = i + 1;
  while (k < cps.length && CASE_IGNORABLE.test(cps[k]!)) k++;
  const after = k < cps.length && isCased(cps[k]!);
  return before && !after ? 'ς' : 'σ';
}

/** Python's `str.capitalize()` (3.8+: first character in title case, the rest lower case). */
export function pyCapitalize(s: string): string {
  const cps = codePoints(s);
  if (!cps.length) return s;
  let out = titleChar(cps[0]!);
  for (let i = 1; i < cps.length; i++) out += lowerAt(cps, i);
  return out;
}

/** Python's `str.title()`. */
export function pyTitle(s: string): string {
  const cps = codePoints(s);
  let out = '';
  let prevCased = false;
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i]!;
    out += prevCased ? lowerAt(cps, i) : titleChar(ch);
    prevCased = isCased(ch);
  }
  return out;
}

/** Python's `str.swapcase()`: title-case letters stay, Σ lower-cases with the final-sigma rule. */
export function pySwapcase(s: string): string {
  const cps = codePoints(s);
  return cps
    .map((ch, i) =>
      /\p{Uppercase}/u.test(ch) ? lowerAt(cps, i) : /\p{Lowercase}/u.test(ch) ? ch.toUpperCase() : ch
    )
    .join('');
}

export function pyIsLower(s: string): boolean {
  return /\p{Lowercase}/u.test(s) && !/[\p{Uppercase}\p{Lt}]/u.test(s);
}

export function pyIsUpper(s: string): boolean {
  return /\p{Uppercase}/u.test(s) && !/[\p{Lowercase}\p{Lt}]/u.test(s);
}

// --- repr -----------------------------------------------------------------------------------

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Python's `repr(str)`: quote choice, backslash escapes, non-printable characters escaped. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2);
    else if (cp < 0x7f || !NON_PRINTABLE.test(ch)) out += ch;
    else if (cp <= 0xff) out += '\\x' + hex(cp, 2);
    else if (cp <= 0xffff) out += '\\u' + hex(cp, 4);
    else out += '\\U' + hex(cp, 8);
  }
  return out + quote;
}

// --- string literals ----------------------------------------------------------------------

export class PyStrError extends Error {
  constructor(
    readonly pyType: string,
    message: string
  ) {
    super(message);
  }
}

/**
 * Decodes the body of a Jinja string literal the way Jinja does:
 * `body.encode('ascii', 'backslashreplace').decode('unicode-escape')`.
 */
export function decodeStringLiteral(body: string): string {
  // Step 1: non-ASCII characters become backslash escapes (so `\` + `é` turns into `\` + `\xe9`).
  let ascii = '';
  for (const ch of body) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) ascii += ch;
    else if (cp <= 0xff) ascii += '\\x' + hex(cp, 2);
    else if (cp <= 0xffff) ascii += '\\u' + hex(cp, 4);
    else ascii += '\\U' + hex(cp, 8);
  }
  // Step 2: unicode-escape decoding.
  let out = '';
  for (let i = 0; i < ascii.length; i++) {
    const ch = ascii[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = ascii[i + 1];
    if (next === undefined) throw new PyStrError('SyntaxError', '\\ at end of string');
    i++;
    const simple: Record<string, string> = {
      '\n': '',
      '\\': '\\',
      "'": "'",
      '"': '"',
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\x0b'
    };
    if (next in simple) {
      out += simple[next];
    } else if (next >= '0' && next <= '7') {
      let digits = next;
      while (digits.length < 3 && /[0-7]/.test(ascii[i + 1] ?? '')) digits += ascii[++i];
      out += String.fromCodePoint(parseInt(digits, 8));
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const digits = ascii.slice(i + 1, i + 1 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(digits)) {
        throw new PyStrError('SyntaxError', `truncated \\${next}${'X'.repeat(width)} escape`);
      }
      const cp = parseInt(digits, 16);
      if (cp > 0x10ffff) throw new PyStrError('SyntaxError', 'illegal Unicode character');
      out += String.fromCodePoint(cp);
      i += width;
    } else if (next === 'N') {
      throw new PyStrError('SyntaxError', 'named Unicode escapes (\\N{...}) are not supported');
    } else {
      out += '\\' + next;
    }
  }
  return out;
}

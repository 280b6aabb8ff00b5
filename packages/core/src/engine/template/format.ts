/** Python string formatting: `fmt % args` and `str.format(...)`. */
import { expString, fixedDigits, floatRepr, generalString, groupDigits } from './pynum.js';
import { pyLen, pyStrRepr, codePoints } from './pystr.js';
import { asInt } from './args.js';
import {
  isNumber,
  numeric,
  PyDict,
  PyError,
  PyRange,
  PyTuple,
  repr,
  str,
  typeError,
  typeName,
  Undefined,
  type Value
} from './values.js';

interface NumSpec {
  type: string;
  precision?: number;
  alt: boolean;
  grouping?: string;
}

/** Formats |v| for a numeric presentation type; returns the digits and whether v is negative. */
function formatNumber(v: bigint | number, spec: NumSpec): { body: string; neg: boolean } {
  const { type, alt } = spec;
  if (typeof v === 'bigint' && 'bcdoxXn'.includes(type)) {
    const neg = v < 0n;
    const a = neg ? -v : v;
    const radix = { b: 2, o: 8, x: 16, X: 16 }[type] ?? 10;
    let body = a.toString(radix);
    if (type === 'X') body = body.toUpperCase();
    if (spec.grouping) body = groupDigits(body, spec.grouping, radix === 10 ? 3 : 4);
    if (alt && radix !== 10) body = `0${type === 'X' ? 'X' : type}${body}`;
    if (type === 'c') body = String.fromCodePoint(Number(a));
    return { body, neg };
  }
  const x = typeof v === 'bigint' ? Number(v) : v;
  const neg = x < 0 || Object.is(x, -0);
  const a = type === '%' ? Math.abs(x) * 100 : Math.abs(x);
  const upper = type !== '' && 'EFG'.includes(type);
  if (!Number.isFinite(a)) {
    const word = Number.isNaN(a) ? 'nan' : 'inf';
    const body = (upper ? word.toUpperCase() : word) + (type === '%' ? '%' : '');
    return { body, neg: neg && !Number.isNaN(a) };
  }
  const p = spec.precision;
  let body: string;
  switch (type) {
    case 'f':
    case 'F':
      body = fixedDigits(a, p ?? 6);
      if (alt && !body.includes('.')) body += '.';
      break;
    case 'e':
    case 'E':
      body = expString(a, p ?? 6, upper, alt);
      break;
    case 'g':
    case 'G':
      body = generalString(a, p ?? 6, upper, alt);
      break;
    case '%':
      body = `${fixedDigits(a, p ?? 6)}%`;
      break;
    default: {
      // No presentation type: repr, or 'g'-like with at least one digit after the point.
      if (p === undefined) {
        body = floatRepr(a);
        break;
      }
      const e = a === 0 ? 0 : Number(expString(a, Math.max(p, 1) - 1).split('e')[1]);
      body = generalString(a, p, false, alt);
      if (e >= -4 && e < Math.max(p, 1) - 1) {
        if (!body.includes('.')) body += '.0';
      } else if (!body.includes('e')) {
        body = expString(a, Math.max(p, 1) - 1).replace(/\.?0+e/, 'e');
      }
    }
  }
  if (spec.grouping) {
    const int = /^\d+/.exec(body)![0];
    body = groupDigits(int, spec.grouping) + body.slice(int.length);
  }
  return { body, neg };
}

function pad(s: string, width: number, align: string, fill: string): string {
  const n = width - pyLen(s);
  if (n <= 0) return s;
  if (align === '<') return s + fill.repeat(n);
  if (align === '^') return fill.repeat(Math.floor(n / 2)) + s + fill.repeat(n - Math.floor(n / 2));
  return fill.repeat(n) + s;
}

// --- printf style -------------------------------------------------------------------------

const PERCENT_SPEC = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])?/g;

/** Python's `fmt % values`. */
export function percentFormat(fmt: string, values: Value): string {
  const isTuple = values instanceof PyTuple;
  const args = isTuple ? values.items : [values];
  // CPython skips the "not all arguments converted" check when the right side is a mapping-like.
  const mappingLike =
    !isTuple &&
    (values instanceof PyDict ||
      Array.isArray(values) ||
      values instanceof PyRange ||
      values instanceof Undefined);
  let next = 0;
  const take = (): Value => {
    if (next >= args.length) throw typeError('not enough arguments for format string');
    return args[next++]!;
  };
  const out = fmt.replace(
    PERCENT_SPEC,
    (_whole, key: string | undefined, flags: string, w?: string, prec?: string, type?: string) => {
      if (!type) throw new PyError('ValueError', 'incomplete format');
      if (type === '%') return '%';
      const width = w === '*' ? asInt(take()) : w ? Number(w) : 0;
      const precision = prec === '*' ? asInt(take()) : prec !== undefined ? Number(prec) : undefined;
      let value: Value;
      if (key !== undefined) {
        if (!(values instanceof PyDict)) throw typeError('format requires a mapping');
        const found = values.get(key);
        if (found === undefined) throw new PyError('KeyError', pyStrRepr(key));
        value = found;
      } else {
        value = take();
      }
      const left = flags.includes('-');
      let s: string;
      let sign = '';
      let numeric_ = false;
      if (type === 's' || type === 'r' || type === 'a') {
        s = type === 's' ? str(value) : repr(value);
        if (precision !== undefined) s = codePoints(s).slice(0, precision).join('');
      } else if (type === 'c') {
        if (typeof value === 'string' && pyLen(value) === 1) s = value;
        else if (typeof value === 'bigint') s = String.fromCodePoint(Number(value));
        else throw typeError('%c requires int or char');
      } else {
        if (!isNumber(value)) {
          throw typeError(
            'diouxX'.includes(type)
              ? `%${type} format: ${'diu'.includes(type) ? 'a real number' : 'an integer'} is required, not ${typeName(value)}`
              : `must be real number, not ${typeName(value)}`
          );
        }
        let n = numeric(value);
        if ('diu'.includes(type)) n = typeof n === 'number' ? BigInt(Math.trunc(n)) : n;
        else if ('oxX'.includes(type) && typeof n === 'number') {
          throw typeError(`%${type} format: an integer is required, not float`);
        }
        const t = 'diu'.includes(type) ? 'd' : type;
        const r = formatNumber(n, { type: t, precision, alt: flags.includes('#') });
        s = r.body;
        sign = r.neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
        numeric_ = true;
      }
      if (numeric_ && flags.includes('0') && !left && /^[0-9]/.test(s)) {
        const prefix = /^0[xXo]/.test(s) ? s.slice(0, 2) : '';
        return sign + prefix + s.slice(prefix.length).padStart(width - sign.length - prefix.length, '0');
      }
      return pad(sign + s, width, left ? '<' : '>', ' ');
    }
  );
  if (next < args.length && !mappingLike) {
    throw typeError('not all arguments converted during string formatting');
  }
  return out;
}

// --- str.format ---------------------------------------------------------------------------

const SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

/** Python's `format(value, spec)` for the builtin types. */
export function formatValue(value: Value, spec: string): string {
  if (spec === '') return str(value);
  const m = SPEC.exec(spec);
  if (!m)
    throw new PyError(
      'ValueError',
      `Invalid format specifier '${spec}' for object of type '${typeName(value)}'`
    );
  const [, fillCh, alignCh, signCh, , alt, zero, w, grouping, prec, typeCh] = m;
  const width = w ? Number(w) : 0;
  const precision = prec !== undefined ? Number(prec) : undefined;
  let fill = fillCh ?? ' ';
  let align = alignCh;
  if (typeof value === 'string') {
    if (typeCh && typeCh !== 's')
      throw new PyError('ValueError', `Unknown format code '${typeCh}' for object of type 'str'`);
    if (signCh) throw new PyError('ValueError', 'Sign not allowed in string format specifier');
    const s = precision !== undefined ? codePoints(value).slice(0, precision).join('') : value;
    return pad(s, width, align ?? '<', zero && !fillCh ? '0' : fill);
  }
  if (!isNumber(value)) throw typeError(`unsupported format string passed to ${typeName(value)}.__format__`);
  let n = numeric(value);
  let type = typeCh ?? '';
  if (typeof n === 'bigint') {
    if (precision !== undefined && (type === '' || 'bcdoxXn'.includes(type))) {
      throw new PyError('ValueError', 'Precision not allowed in integer format specifier');
    }
    if (type === '') type = 'd';
    if (!'bcdoxXn'.includes(type)) n = Number(n);
  } else if ('bcdoxX'.includes(type) && type !== '') {
    throw new PyError('ValueError', `Unknown format code '${type}' for object of type 'float'`);
  }
  const { body, neg } = formatNumber(n, {
    type: type === 'n' ? (typeof n === 'bigint' ? 'd' : 'g') : type,
    precision,
    alt: !!alt,
    grouping
  });
  const sign = neg ? '-' : signCh === '+' ? '+' : signCh === ' ' ? ' ' : '';
  if (zero && !alignCh) {
    fill = '0';
    align = '=';
  }
  if ((align ?? '>') === '=') {
    const prefix = /^0[bxXo]/.test(body) ? body.slice(0, 2) : '';
    return sign + prefix + pad(body.slice(prefix.length), width - pyLen(sign) - prefix.length, '>', fill);
  }
  return pad(sign + body, width, align ?? '>', fill);
}

/** Python's `str.format(*args, **kwargs)`. */
/** How `str.format` reads `{0.name}` and `{0[key]}` fields (passed in: it is methods.ts that knows attributes). */
export interface FieldAccess {
  getAttr(obj: Value, name: string): Value;
  getItem(obj: Value, key: Value): Value;
}

export function strFormat(
  fmt: string,
  args: Value[],
  kwargs: Map<string, Value>,
  access: FieldAccess
): string {
  let auto = 0;
  let manual = false;
  const resolve = (field: string): Value => {
    const m = /^([^.[]*)(.*)$/s.exec(field)!;
    const head = m[1]!;
    let value: Value;
    if (head === '') {
      if (manual)
        throw new PyError(
          'ValueError',
          'cannot switch from manual field specification to automatic field numbering'
        );
      if (auto >= args.length)
        throw new PyError('IndexError', `Replacement index ${auto} out of range for positional args tuple`);
      value = args[auto++]!;
    } else if (/^\d+$/.test(head)) {
      manual = true;
      const i = Number(head);
      if (i >= args.length)
        throw new PyError('IndexError', `Replacement index ${i} out of range for positional args tuple`);
      value = args[i]!;
    } else {
      if (!kwargs.has(head)) throw new PyError('KeyError', pyStrRepr(head));
      value = kwargs.get(head)!;
    }
    for (const part of m[2]!.matchAll(/\.([^.[]+)|\[([^\]]*)\]/g)) {
      if (part[1] !== undefined) value = access.getAttr(value, part[1]);
      else value = access.getItem(value, /^\d+$/.test(part[2]!) ? BigInt(part[2]!) : part[2]!);
    }
    return value;
  };
  let out = '';
  let i = 0;
  while (i < fmt.length) {
    const ch = fmt[i]!;
    if (ch === '{' && fmt[i + 1] === '{') {
      out += '{';
      i += 2;
    } else if (ch === '}' && fmt[i + 1] === '}') {
      out += '}';
      i += 2;
    } else if (ch === '}') {
      throw new PyError('ValueError', "Single '}' encountered in format string");
    } else if (ch === '{') {
      let depth = 1;
      let j = i + 1;
      while (j < fmt.length && depth) {
        if (fmt[j] === '{') depth++;
        else if (fmt[j] === '}') depth--;
        j++;
      }
      if (depth) throw new PyError('ValueError', "expected '}' before end of string");
      const inner = fmt.slice(i + 1, j - 1);
      const m = /^([^!:]*)(?:!([rsa]))?(?::(.*))?$/s.exec(inner);
      if (!m) throw new PyError('ValueError', 'invalid format string');
      let value = resolve(m[1]!);
      if (m[2] === 'r' || m[2] === 'a') value = repr(value);
      else if (m[2] === 's') value = str(value);
      const spec = (m[3] ?? '').replace(/\{([^{}]*)\}/g, (_, f: string) => str(resolve(f)));
      out += formatValue(value, spec);
      i = j;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

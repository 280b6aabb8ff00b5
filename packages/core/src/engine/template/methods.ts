/** Methods of Python's builtin types that templates call: `s.strip()`, `d.items()`, `xs.append(x)`. */
import { asInt, asStr, bindArgs } from './args.js';
import { strFormat } from './format.js';
import { adjustSlice, PySlice, rawGetItem } from './items.js';
import {
  codePoints,
  pyCapitalize,
  pyCenter,
  pyIsLower,
  pyIsUpper,
  pyLen,
  pyReplace,
  pyRSplit,
  pySplit,
  pySplitLines,
  pyStrip,
  pySwapcase,
  pyTitle,
  unitToCpIndex
} from './pystr.js';
import {
  iterate,
  PyCallable,
  PyDict,
  PyDictView,
  PyError,
  PyObject,
  PyRange,
  PyTuple,
  pyEquals,
  repr,
  truthy,
  typeError,
  typeName,
  Undefined,
  type Kwargs,
  type Value
} from './values.js';

type Arg = Value | undefined;
interface Method<T> {
  params: string[];
  required: number;
  /** Takes any arguments (they arrive in `rest`). */
  raw?: boolean;
  fn: (self: T, a: Arg[], rest: { args: Value[]; kwargs: Kwargs }) => Value;
}

function m<T>(params: string[], required: number, fn: Method<T>['fn']): Method<T> {
  return { params, required, fn };
}

const optStr = (v: Arg, what: string): string | null =>
  v === undefined || v === null ? null : asStr(v, what);
const optInt = (v: Arg, dflt: number): number => (v === undefined || v === null ? dflt : asInt(v));

/** `s[start:end]` in code points, and the code point offset where it starts. */
function window(s: string, start: Arg, end: Arg): [string, number] {
  if ((start === undefined || start === null) && (end === undefined || end === null)) return [s, 0];
  const cps = codePoints(s);
  const { start: a, stop: b } = adjustSlice(new PySlice(start ?? null, end ?? null, null), cps.length);
  return [cps.slice(a, Math.max(a, b)).join(''), a];
}

function find(s: string, sub: Arg, start: Arg, end: Arg, fromRight: boolean): number {
  const needle = asStr(sub ?? null, 'substring');
  const [w, off] = window(s, start, end);
  const i = fromRight ? w.lastIndexOf(needle) : w.indexOf(needle);
  return i < 0 ? -1 : off + unitToCpIndex(w, i);
}

function affix(
  s: string,
  what: Arg,
  start: Arg,
  end: Arg,
  name: string,
  test: (w: string, p: string) => boolean
): boolean {
  const [w] = window(s, start, end);
  const options = what instanceof PyTuple ? what.items : [what ?? null];
  return options.some((p) => {
    if (typeof p !== 'string') {
      throw typeError(`${name} first arg must be str or a tuple of str, not ${typeName(p)}`);
    }
    return test(w, p);
  });
}

function partition(s: string, sep: Arg, fromRight: boolean): PyTuple {
  const p = asStr(sep ?? null, 'sep');
  if (!p) throw new PyError('ValueError', 'empty separator');
  const i = fromRight ? s.lastIndexOf(p) : s.indexOf(p);
  if (i < 0) return new PyTuple(fromRight ? ['', '', s] : [s, '', '']);
  return new PyTuple([s.slice(0, i), p, s.slice(i + p.length)]);
}

function just(s: string, width: Arg, fill: Arg, side: 'l' | 'r'): string {
  const f = fill === undefined ? ' ' : asStr(fill, 'fillchar');
  if (pyLen(f) !== 1) throw typeError('The fill character must be exactly one character long');
  const n = asInt(width ?? null) - pyLen(s);
  if (n <= 0) return s;
  return side === 'l' ? s + f.repeat(n) : f.repeat(n) + s;
}

const STR: Record<string, Method<string>> = {
  upper: m([], 0, (s) => s.toUpperCase()),
  lower: m([], 0, (s) => s.toLowerCase()),
  title: m([], 0, (s) => pyTitle(s)),
  capitalize: m([], 0, (s) => pyCapitalize(s)),
  swapcase: m([], 0, (s) => pySwapcase(s)),
  strip: m(['chars'], 0, (s, [c]) => pyStrip(s, optStr(c, 'strip arg'))),
  lstrip: m(['chars'], 0, (s, [c]) => pyStrip(s, optStr(c, 'lstrip arg'), true, false)),
  rstrip: m(['chars'], 0, (s, [c]) => pyStrip(s, optStr(c, 'rstrip arg'), false, true)),
  split: m(['sep', 'maxsplit'], 0, (s, [sep, n]) => pySplit(s, optStr(sep, 'sep'), optInt(n, -1))),
  rsplit: m(['sep', 'maxsplit'], 0, (s, [sep, n]) => pyRSplit(s, optStr(sep, 'sep'), optInt(n, -1))),
  splitlines: m(['keepends'], 0, (s, [k]) => pySplitLines(s, k !== undefined && truthy(k))),
  startswith: m(['prefix', 'start', 'end'], 1, (s, [p, a, b]) =>
    affix(s, p, a, b, 'startswith', (w, x) => w.startsWith(x))
  ),
  endswith: m(['suffix', 'start', 'end'], 1, (s, [p, a, b]) =>
    affix(s, p, a, b, 'endswith', (w, x) => w.endsWith(x))
  ),
  replace: m(['old', 'new', 'count'], 2, (s, [o, n, c]) =>
    pyReplace(s, asStr(o!, 'replace() argument 1'), asStr(n!, 'replace() argument 2'), optInt(c, -1))
  ),
  find: m(['sub', 'start', 'end'], 1, (s, [x, a, b]) => BigInt(find(s, x, a, b, false))),
  rfind: m(['sub', 'start', 'end'], 1, (s, [x, a, b]) => BigInt(find(s, x, a, b, true))),
  index: m(['sub', 'start', 'end'], 1, (s, [x, a, b]) => {
    const i = find(s, x, a, b, false);
    if (i < 0) throw new PyError('ValueError', 'substring not found');
    return BigInt(i);
  }),
  rindex: m(['sub', 'start', 'end'], 1, (s, [x, a, b]) => {
    const i = find(s, x, a, b, true);
    if (i < 0) throw new PyError('ValueError', 'substring not found');
    return BigInt(i);
  }),
  count: m(['sub', 'start', 'end'], 1, (s, [x, a, b]) => {
    const [w] = window(s, a, b);
    const needle = asStr(x!, 'substring');
    return BigInt(needle ? w.split(needle).length - 1 : pyLen(w) + 1);
  }),
  join: m(['iterable'], 1, (s, [it]) =>
    Array.from(iterate(it!))
      .map((x, i) => {
        if (typeof x !== 'string')
          throw typeError(`sequence item ${i}: expected str instance, ${typeName(x)} found`);
        return x;
      })
      .join(s)
  ),
  center: m(['width', 'fillchar'], 1, (s, [w, f]) =>
    pyCenter(s, asInt(w!), f === undefined ? ' ' : asStr(f, 'fillchar'))
  ),
  ljust: m(['width', 'fillchar'], 1, (s, [w, f]) => just(s, w, f, 'l')),
  rjust: m(['width', 'fillchar'], 1, (s, [w, f]) => just(s, w, f, 'r')),
  zfill: m(['width'], 1, (s, [w]) => {
    const n = asInt(w!) - pyLen(s);
    if (n <= 0) return s;
    const sign = s[0] === '+' || s[0] === '-' ? s[0] : '';
    return sign + '0'.repeat(n) + s.slice(sign.length);
  }),
  partition: m(['sep'], 1, (s, [p]) => partition(s, p, false)),
  rpartition: m(['sep'], 1, (s, [p]) => partition(s, p, true)),
  removeprefix: m(['prefix'], 1, (s, [p]) =>
    s.startsWith(asStr(p!, 'prefix')) ? s.slice((p as string).length) : s
  ),
  removesuffix: m(['suffix'], 1, (s, [p]) =>
    asStr(p!, 'suffix') && s.endsWith(p as string) ? s.slice(0, s.length - (p as string).length) : s
  ),
  isdigit: m([], 0, (s) => /^\p{Nd}+$/u.test(s)),
  isdecimal: m([], 0, (s) => /^\p{Nd}+$/u.test(s)),
  isnumeric: m([], 0, (s) => /^\p{N}+$/u.test(s)),
  isalpha: m([], 0, (s) => /^\p{L}+$/u.test(s)),
  isalnum: m([], 0, (s) => /^[\p{L}\p{N}]+$/u.test(s)),
  isspace: m([], 0, (s) => s.length > 0 && pyStrip(s, null) === ''),
  isascii: m([], 0, (s) => /^[\x00-\x7f]*$/.test(s)),
  islower: m([], 0, (s) => pyIsLower(s)),
  isupper: m([], 0, (s) => pyIsUpper(s)),
  format: {
    params: [],
    required: 0,
    raw: true,
    fn: (s, _a, rest) => strFormat(s, rest.args, rest.kwargs, { getAttr, getItem })
  }
};

function keyError(key: Value): PyError {
  return new PyError('KeyError', repr(key));
}

const DICT: Record<string, Method<PyDict>> = {
  items: m([], 0, (d) => new PyDictView('items', d)),
  keys: m([], 0, (d) => new PyDictView('keys', d)),
  values: m([], 0, (d) => new PyDictView('values', d)),
  get: m(['key', 'default'], 1, (d, [k, dflt]) => {
    const v = d.get(k!);
    return v === undefined ? (dflt ?? null) : v;
  }),
  copy: m([], 0, (d) => PyDict.from(d.entries())),
  clear: m([], 0, (d) => {
    for (const k of d.keys()) d.delete(k);
    return null;
  }),
  popitem: m([], 0, (d) => {
    const last = d.entries().at(-1);
    if (!last) throw new PyError('KeyError', "'popitem(): dictionary is empty'");
    d.delete(last[0]);
    return new PyTuple(last);
  }),
  pop: m(['key', 'default'], 1, (d, [k, dflt]) => {
    const v = d.get(k!);
    if (v === undefined) {
      if (dflt === undefined) throw keyError(k!);
      return dflt;
    }
    d.delete(k!);
    return v;
  }),
  setdefault: m(['key', 'default'], 1, (d, [k, dflt]) => {
    const v = d.get(k!);
    if (v !== undefined) return v;
    d.set(k!, dflt ?? null);
    return dflt ?? null;
  }),
  update: {
    params: [],
    required: 0,
    raw: true,
    fn: (d, _a, { args, kwargs }) => {
      if (args.length > 1) throw typeError(`update expected at most 1 argument, got ${args.length}`);
      if (args[0] instanceof PyDict) for (const [k, v] of args[0].entries()) d.set(k, v);
      else if (args.length)
        for (const pair of iterate(args[0]!)) {
          const [k, v] = Array.from(iterate(pair));
          d.set(k!, v!);
        }
      for (const [k, v] of kwargs) d.set(k, v);
      return null;
    }
  }
};

function seqIndex(items: Value[], x: Value, what: 'list' | 'range' | 'tuple'): bigint {
  const i = items.findIndex((y) => pyEquals(y, x));
  if (i < 0) {
    const message = {
      list: `${repr(x)} is not in list`,
      range: `${repr(x)} is not in range`,
      tuple: 'tuple.index(x): x not in tuple'
    };
    throw new PyError('ValueError', message[what]);
  }
  return BigInt(i);
}

const LIST: Record<string, Method<Value[]>> = {
  append: m(['object'], 1, (l, [x]) => (l.push(x!), null)),
  extend: m(['iterable'], 1, (l, [x]) => (l.push(...iterate(x!)), null)),
  insert: m(['index', 'object'], 2, (l, [i, x]) => {
    let n = asInt(i!);
    if (n < 0) n = Math.max(0, n + l.length);
    l.splice(Math.min(n, l.length), 0, x!);
    return null;
  }),
  pop: m(['index'], 0, (l, [i]) => {
    if (!l.length) throw new PyError('IndexError', 'pop from empty list');
    let n = optInt(i, -1);
    if (n < 0) n += l.length;
    if (n < 0 || n >= l.length) throw new PyError('IndexError', 'pop index out of range');
    return l.splice(n, 1)[0]!;
  }),
  remove: m(['value'], 1, (l, [x]) => {
    const i = l.findIndex((y) => pyEquals(y, x!));
    if (i < 0) throw new PyError('ValueError', 'list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  }),
  index: m(['value'], 1, (l, [x]) => seqIndex(l, x!, 'list')),
  count: m(['value'], 1, (l, [x]) => BigInt(l.filter((y) => pyEquals(y, x!)).length)),
  copy: m([], 0, (l) => l.slice()),
  clear: m([], 0, (l) => (l.splice(0), null)),
  reverse: m([], 0, (l) => (l.reverse(), null))
};

const TUPLE: Record<string, Method<PyTuple>> = {
  index: m(['value'], 1, (t, [x]) => seqIndex(t.items, x!, 'tuple')),
  count: m(['value'], 1, (t, [x]) => BigInt(t.items.filter((y) => pyEquals(y, x!)).length))
};

/** Methods that exist in Python but are not implemented: attribute lookup must still find them. */
const UNSUPPORTED: Record<string, string[]> = {
  str: [
    'casefold',
    'encode',
    'expandtabs',
    'format_map',
    'isidentifier',
    'isprintable',
    'istitle',
    'maketrans',
    'translate'
  ],
  dict: ['fromkeys'],
  list: ['sort']
};

function unsupported(owner: string, name: string): PyCallable {
  return new PyCallable(name, () => {
    throw new PyError('NotSupportedError', `${owner}.${name}() is not supported by this renderer`);
  });
}

function bind<T>(
  self: T,
  table: Record<string, Method<T>>,
  name: string,
  owner: string
): PyCallable | undefined {
  if (!Object.hasOwn(table, name))
    return UNSUPPORTED[owner]?.includes(name) ? unsupported(owner, name) : undefined;
  const method = table[name]!;
  const qual = `${owner}.${name}`;
  return new PyCallable(
    name,
    (args, kwargs) => {
      if (method.raw) return method.fn(self, [], { args, kwargs });
      return method.fn(self, bindArgs(qual, method.params, method.required, args, kwargs), { args, kwargs });
    },
    `<built-in method ${name} of ${owner} object>`
  );
}

/** Attributes of numbers (`x.real`, `x.imag`, …) and their methods. */
function numberAttr(n: boolean | bigint | number, name: string): Value | undefined {
  if (typeof n === 'number') {
    if (name === 'real') return n;
    if (name === 'imag') return 0;
    if (name === 'is_integer') return new PyCallable(name, () => Number.isInteger(n));
    const unsupportedFloat = ['as_integer_ratio', 'conjugate', 'fromhex', 'hex'];
    return unsupportedFloat.includes(name) ? unsupported('float', name) : undefined;
  }
  const i = typeof n === 'boolean' ? (n ? 1n : 0n) : n;
  if (name === 'real' || name === 'numerator') return i;
  if (name === 'imag') return 0n;
  if (name === 'denominator') return 1n;
  const unsupportedInt = [
    'as_integer_ratio',
    'bit_count',
    'bit_length',
    'conjugate',
    'from_bytes',
    'to_bytes'
  ];
  return unsupportedInt.includes(name) ? unsupported('int', name) : undefined;
}

const RANGE: Record<string, Method<PyRange>> = {
  index: m(['value'], 1, (r, [x]) => seqIndex(Array.from(r.iter()), x!, 'range')),
  count: m(['value'], 1, (r, [x]) => BigInt(Array.from(r.iter()).filter((y) => pyEquals(y, x!)).length))
};

/** The attribute `obj.name` of a builtin type (mostly bound methods), or undefined when there is none. */
export function methodOf(obj: Value, name: string): Value | undefined {
  if (typeof obj === 'boolean' || typeof obj === 'bigint' || typeof obj === 'number')
    return numberAttr(obj, name);
  if (obj instanceof PyRange) {
    if (name === 'start' || name === 'stop' || name === 'step') return obj[name] as bigint;
    return bind(obj, RANGE, name, 'range');
  }
  if (typeof obj === 'string') return bind(obj, STR, name, 'str');
  if (Array.isArray(obj)) return bind(obj, LIST, name, 'list');
  if (obj instanceof PyDict) return bind(obj, DICT, name, 'dict');
  if (obj instanceof PyTuple) return bind(obj, TUPLE, name, 'tuple');
  return undefined;
}

// --- attribute access: methods of builtin types, then attributes and items, as Jinja does --------

/** Python-level attribute lookup: methods of builtin types and attributes of our objects. */
export function pyGetAttr(obj: Value, name: string): Value | undefined {
  if (obj instanceof PyObject) {
    const attr = obj.getAttr(name);
    if (attr !== undefined) return attr;
  }
  return methodOf(obj, name);
}

/** Jinja's `environment.getattr` (`x.name`): attribute first, then item, else Undefined. */
export function getAttr(obj: Value, name: string): Value {
  if (obj instanceof Undefined) obj.fail();
  const attr = pyGetAttr(obj, name);
  if (attr !== undefined) return attr;
  const item = rawGetItem(obj, name);
  return item !== undefined ? item : new Undefined(undefined, obj, name);
}

/** Jinja's `environment.getitem` (`x[key]`): item first, then attribute for string keys. */
export function getItem(obj: Value, key: Value): Value {
  if (obj instanceof Undefined) obj.fail();
  const item = rawGetItem(obj, key);
  if (item !== undefined) return item;
  if (typeof key === 'string') {
    const attr = pyGetAttr(obj, key);
    if (attr !== undefined) return attr;
  }
  return new Undefined(undefined, obj, key);
}

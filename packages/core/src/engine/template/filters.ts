/** Jinja2's builtin filters (jinja2/filters.py), with the same argument names and defaults. */
import { asInt, bindArgs } from './args.js';
import { percentFormat } from './format.js';
import { PySlice, sliceValue } from './items.js';
import { getItem, pyGetAttr } from './methods.js';
import { binaryOp } from './ops.js';
import { parsePyFloat, parsePyInt, roundFloat } from './pynum.js';
import {
  codePoints,
  PY_WS_CLASS,
  pyCapitalize,
  pyCenter,
  pyLen,
  pyReplace,
  pyRSplit,
  pySplitLines,
  pyStrip
} from './pystr.js';
import { toJson } from './json.js';
import type { Environment } from './environment.js';
import {
  hashKey,
  isNumber,
  iterate,
  numeric,
  PyDict,
  PyDictView,
  PyError,
  PyIterator,
  PyRange,
  PyTuple,
  pyCompare,
  pyLength,
  str,
  toList,
  truthy,
  typeError,
  typeName,
  Undefined,
  type Kwargs,
  type Value
} from './values.js';

export type FilterFn = (value: Value, args: Value[], kwargs: Kwargs, env: Environment) => Value;
type Arg = Value | undefined;

function filterError(message: string): PyError {
  return new PyError('FilterArgumentError', message);
}

/** Declares a filter: parameter names after the value, how many are required, the body. */
function def(
  params: string[],
  required: number,
  fn: (value: Value, a: Arg[]) => Value,
  name = 'filter'
): FilterFn {
  return (value, args, kwargs) => fn(value, bindArgs(name, params, required, args, kwargs));
}

const orDefault = <T extends Value>(v: Arg, d: T): Value => (v === undefined ? d : v);
const generator = (items: Value[]): PyIterator => new PyIterator('generator', items);

function ignoreCase(v: Value): Value {
  return typeof v === 'string' ? v.toLowerCase() : v;
}

function attributeParts(attribute: Arg): Value[] {
  if (attribute === undefined || attribute === null) return [];
  if (typeof attribute === 'string')
    return attribute.split('.').map((p) => (/^\d+$/.test(p) ? BigInt(p) : p));
  return [attribute];
}

/** Jinja's `make_attrgetter`: dotted paths, numeric parts as indexes, environment.getitem rules. */
function attrGetter(attribute: Arg, post?: (v: Value) => Value, dflt?: Arg): (item: Value) => Value {
  const parts = attributeParts(attribute);
  return (item) => {
    for (const part of parts) {
      item = getItem(item, part);
      if (dflt !== undefined && dflt !== null && item instanceof Undefined) item = dflt;
    }
    return post ? post(item) : item;
  };
}

function multiAttrGetter(attribute: Arg, post?: (v: Value) => Value): (item: Value) => Value {
  const getters = (typeof attribute === 'string' ? attribute.split(',') : [attribute ?? null]).map((a) =>
    attrGetter(a, post)
  );
  return (item) => getters.map((g) => g(item));
}

function pySorted(items: Value[], key: (v: Value) => Value, reverse: boolean): Value[] {
  const keyed = items.map((v) => ({ v, k: key(v) }));
  keyed.sort((a, b) => {
    if (reverse) return pyCompare(b.k, a.k) < 0 ? -1 : pyCompare(a.k, b.k) < 0 ? 1 : 0;
    return pyCompare(a.k, b.k) < 0 ? -1 : pyCompare(b.k, a.k) < 0 ? 1 : 0;
  });
  return keyed.map((e) => e.v);
}

function minMax(value: Value, a: Arg[], which: 'min' | 'max'): Value {
  const items = toList(value);
  if (!items.length) return new Undefined('No aggregated item, sequence was empty.');
  const key = attrGetter(a[1], truthy(orDefault(a[0], false)) ? undefined : ignoreCase);
  let best: Value = items[0] as Value;
  let bestKey = key(best);
  for (const item of items.slice(1)) {
    const k = key(item);
    if (which === 'min' ? pyCompare(k, bestKey) < 0 : pyCompare(k, bestKey, 'gt') > 0) {
      best = item;
      bestKey = k;
    }
  }
  return best;
}

function escapeHtml(v: Value): string {
  return str(v)
    .replace(/&/g, '&amp;')
    .replace(/>/g, '&gt;')
    .replace(/</g, '&lt;')
    .replace(/'/g, '&#39;')
    .replace(/"/g, '&#34;');
}

function pyInt(value: Value, dflt: Value, base: number): Value {
  if (value instanceof Undefined) value.fail();
  if (typeof value === 'string') {
    const n = parsePyInt(value, base);
    if (n !== undefined) return n;
    const f = parsePyFloat(value);
    return f !== undefined && Number.isFinite(f) ? BigInt(Math.trunc(f)) : dflt;
  }
  if (isNumber(value)) {
    const n = numeric(value);
    if (typeof n === 'bigint') return n;
    if (!Number.isFinite(n)) {
      if (Number.isNaN(n)) throw new PyError('ValueError', 'cannot convert float NaN to integer');
      throw new PyError('OverflowError', 'cannot convert float infinity to integer');
    }
    return BigInt(Math.trunc(n));
  }
  return dflt;
}

function pyFloat(value: Value, dflt: Value): Value {
  if (value instanceof Undefined) value.fail();
  if (typeof value === 'string') return parsePyFloat(value) ?? dflt;
  if (isNumber(value)) {
    const n = numeric(value);
    return typeof n === 'bigint' ? Number(n) : n;
  }
  return dflt;
}

function pyRound(value: Value, precision: number): Value {
  if (typeof value === 'number') return roundFloat(value, precision);
  if (typeof value === 'bigint' || typeof value === 'boolean') {
    const n = numeric(value) as bigint;
    if (precision >= 0) return n;
    const unit = 10n ** BigInt(-precision);
    const q = binaryOp('//', n, unit) as bigint;
    const r = n - q * unit;
    const up = r * 2n > unit || (r * 2n === unit && q % 2n !== 0n);
    return (up ? q + 1n : q) * unit;
  }
  throw typeError(`type ${typeName(value)} doesn't define __round__ method`);
}

function reversedValue(value: Value): Value {
  if (typeof value === 'string') return codePoints(value).reverse().join('');
  const kind = Array.isArray(value)
    ? 'list_reverseiterator'
    : value instanceof PyDict
      ? 'dict_reversekeyiterator'
      : value instanceof PyRange
        ? 'range_iterator'
        : value instanceof PyTuple || value instanceof Undefined
          ? 'reversed'
          : undefined;
  if (kind) return new PyIterator(kind, toList(value).reverse());
  try {
    return toList(value).reverse();
  } catch {
    throw filterError('argument must be iterable');
  }
}

function selectOrReject(
  value: Value,
  args: Value[],
  kwargs: Kwargs,
  env: Environment,
  select: boolean,
  lookupAttr: boolean
): Value {
  if (!truthy(value)) return generator([]);
  let off = 0;
  let transform = (x: Value): Value => x;
  if (lookupAttr) {
    if (!args.length) throw filterError('Missing parameter for attribute name');
    transform = attrGetter(args[0]);
    off = 1;
  }
  let check: (x: Value) => boolean = truthy;
  if (args.length > off) {
    const name = args[off]!;
    const test = env.tests.get(str(name));
    if (!test) throw new PyError('TemplateRuntimeError', `No test named ${JSON.stringify(str(name))}.`);
    const rest = args.slice(off + 1);
    check = (x) => test(x, rest, kwargs, env);
  }
  return generator(toList(value).filter((item) => check(transform(item)) === select));
}

function mapFilter(value: Value, args: Value[], kwargs: Kwargs, env: Environment): Value {
  if (!truthy(value)) return generator([]);
  let fn: (x: Value) => Value;
  if (!args.length && kwargs.has('attribute')) {
    const rest = new Map(kwargs);
    const attribute = rest.get('attribute');
    const dflt = rest.get('default');
    rest.delete('attribute');
    rest.delete('default');
    if (rest.size) throw filterError(`Unexpected keyword argument '${[...rest.keys()][0]}'`);
    fn = attrGetter(attribute, undefined, dflt);
  } else {
    if (!args.length) throw filterError('map requires a filter argument');
    const name = str(args[0]!);
    const filter = env.filters.get(name);
    if (!filter) throw new PyError('TemplateRuntimeError', `No filter named '${name}'.`);
    fn = (x) => filter(x, args.slice(1), kwargs, env);
  }
  return generator(toList(value).map(fn));
}

function indent(s: Value, a: Arg[]): Value {
  const width = orDefault(a[0], 4n);
  const ind = typeof width === 'string' ? width : ' '.repeat(asInt(width));
  const text = binaryOp('+', s, '\n') as string;
  const lines = pySplitLines(text);
  let rv: string;
  if (truthy(orDefault(a[2], false))) {
    rv = lines.join('\n' + ind);
  } else {
    rv = lines.shift() ?? '';
    if (lines.length) rv += '\n' + lines.map((l) => (l ? ind + l : l)).join('\n');
  }
  return truthy(orDefault(a[1], false)) ? ind + rv : rv;
}

function truncate(s: Value, a: Arg[]): Value {
  const length = asInt(orDefault(a[0], 255n));
  const end = str(orDefault(a[2], '...'));
  const leeway = a[3] === undefined || a[3] === null ? 5 : asInt(a[3]);
  if (length < pyLen(end))
    throw new PyError('AssertionError', `expected length >= ${pyLen(end)}, got ${length}`);
  if (leeway < 0) throw new PyError('AssertionError', `expected leeway >= 0, got ${leeway}`);
  if (s instanceof Undefined) return s;
  if (pyLength(s) <= length + leeway) return s;
  const head = sliceValue(s, new PySlice(null, BigInt(length - pyLen(end)), null));
  if (truthy(orDefault(a[1], false))) return binaryOp('+', head, end);
  if (typeof head !== 'string')
    throw new PyError('AttributeError', `'${typeName(head)}' object has no attribute 'rsplit'`);
  return pyRSplit(head, ' ', 1)[0]! + end;
}

const TITLE_SPLIT = new RegExp(`([-${PY_WS_CLASS}({\\[<]+)`);

function title(s: Value): string {
  return str(s)
    .split(TITLE_SPLIT)
    .filter((item) => item)
    .map((item) => {
      const [first, ...rest] = codePoints(item);
      return first!.toUpperCase() + rest.join('').toLowerCase();
    })
    .join('');
}

function groupby(value: Value, a: Arg[]): Value {
  const caseSensitive = truthy(orDefault(a[2], false));
  const key = attrGetter(a[0], caseSensitive ? undefined : ignoreCase, a[1]);
  const out: PyTuple[] = [];
  let lastKey: Value | undefined;
  for (const item of pySorted(toList(value), key, false)) {
    const k = key(item);
    const last = out.at(-1);
    if (last && lastKey !== undefined && pyCompare(k, lastKey) === 0) (last.items[1] as Value[]).push(item);
    else out.push(new GroupTuple([caseSensitive ? k : attrGetter(a[0], undefined, a[1])(item), [item]]));
    lastKey = k;
  }
  return out;
}

class GroupTuple extends PyTuple {
  override getAttr(name: string): Value | undefined {
    return name === 'grouper' ? this.items[0] : name === 'list' ? this.items[1] : undefined;
  }
}

function sum(value: Value, a: Arg[]): Value {
  let items = toList(value);
  if (a[0] !== undefined && a[0] !== null) items = items.map(attrGetter(a[0]));
  const start = orDefault(a[1], 0n);
  if (typeof start === 'string') throw typeError("sum() can't sum strings [use ''.join(seq) instead]");
  return items.reduce<Value>((acc, x) => binaryOp('+', acc, x), start);
}

function pyAbs(value: Value): Value {
  if (!isNumber(value)) throw typeError(`bad operand type for abs(): '${typeName(value)}'`);
  const n = numeric(value);
  return typeof n === 'bigint' ? (n < 0n ? -n : n) : Math.abs(n);
}

function attrFilter(value: Value, [name]: Arg[]): Value {
  const attr = pyGetAttr(value, str(name!));
  return attr !== undefined ? attr : new Undefined(undefined, value, name!);
}

function firstItem(value: Value): Value {
  for (const x of iterate(value)) return x;
  return new Undefined('No first item, sequence was empty.');
}

function formatFilter(value: Value, args: Value[], kwargs: Kwargs): Value {
  if (args.length && kwargs.size)
    throw filterError("can't handle positional and keyword arguments at the same time");
  return percentFormat(str(value), kwargs.size ? PyDict.from(kwargs) : new PyTuple(args));
}

function lastItem(value: Value): Value {
  if (value instanceof PyIterator) throw typeError(`'${value.typeName}' object is not reversible`);
  const items = toList(value);
  return items.length ? items.at(-1)! : new Undefined('No last item, sequence was empty.');
}

function sliceFilter(value: Value, a: Arg[]): Value {
  const seq = toList(value);
  const slices = asInt(a[0]!);
  const fill = a[1];
  const per = Math.floor(seq.length / slices);
  const extra = seq.length % slices;
  const out: Value[] = [];
  let offset = 0;
  for (let n = 0; n < slices; n++) {
    const start = offset + n * per;
    if (n < extra) offset++;
    const tmp = seq.slice(start, offset + (n + 1) * per);
    if (fill !== undefined && fill !== null && n >= extra) tmp.push(fill);
    out.push(tmp);
  }
  return generator(out);
}

function batch(value: Value, a: Arg[]): Value {
  const size = asInt(a[0]!);
  const fill = a[1];
  const out: Value[][] = [];
  let tmp: Value[] = [];
  for (const item of iterate(value)) {
    if (tmp.length === size) {
      out.push(tmp);
      tmp = [];
    }
    tmp.push(item);
  }
  if (tmp.length) {
    if (fill !== undefined && fill !== null) while (tmp.length < size) tmp.push(fill);
    out.push(tmp);
  }
  return generator(out);
}

function unique(value: Value, a: Arg[]): Value {
  const key = attrGetter(a[1], truthy(orDefault(a[0], false)) ? undefined : ignoreCase);
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const item of iterate(value)) {
    const h = hashKey(key(item));
    if (!seen.has(h)) {
      seen.add(h);
      out.push(item);
    }
  }
  return generator(out);
}

function dictsort(value: Value, a: Arg[]): Value {
  const by = orDefault(a[1], 'key');
  if (by !== 'key' && by !== 'value') throw filterError('You can only sort by either "key" or "value"');
  if (!(value instanceof PyDict)) throw typeError(`'${typeName(value)}' object has no attribute 'items'`);
  const pos = by === 'key' ? 0 : 1;
  const caseSensitive = truthy(orDefault(a[0], false));
  const items = value.entries().map((e) => new PyTuple(e));
  return pySorted(
    items,
    (t) => (caseSensitive ? (t as PyTuple).items[pos]! : ignoreCase((t as PyTuple).items[pos]!)),
    truthy(orDefault(a[2], false))
  );
}

function roundFilter(value: Value, a: Arg[]): Value {
  const precision = asInt(orDefault(a[0], 0n));
  const method = orDefault(a[1], 'common');
  if (method !== 'common' && method !== 'ceil' && method !== 'floor')
    throw filterError('method must be common, ceil or floor');
  if (method === 'common') return pyRound(value, precision);
  const scale = binaryOp('**', 10n, BigInt(precision));
  const scaled = binaryOp('*', value, scale);
  const rounded =
    typeof scaled === 'number'
      ? BigInt((method === 'ceil' ? Math.ceil : Math.floor)(scaled))
      : (scaled as bigint);
  return binaryOp('/', rounded, scale);
}

const UNSUPPORTED = [
  'filesizeformat',
  'pprint',
  'random',
  'striptags',
  'urlencode',
  'urlize',
  'wordwrap',
  'xmlattr'
];

export const FILTERS = new Map<string, FilterFn>([
  ['abs', def([], 0, pyAbs)],
  ['attr', def(['name'], 1, attrFilter)],
  ['batch', def(['linecount', 'fill_with'], 1, batch)],
  ['capitalize', def([], 0, (v) => pyCapitalize(str(v)))],
  ['center', def(['width'], 0, (v, [w]) => pyCenter(str(v), asInt(orDefault(w, 80n))))],
  ['count', def([], 0, (v) => BigInt(pyLength(v)))],
  [
    'default',
    def(['default_value', 'boolean'], 0, (v, [d, b]) =>
      v instanceof Undefined || (truthy(orDefault(b, false)) && !truthy(v)) ? orDefault(d, '') : v
    )
  ],
  ['dictsort', def(['case_sensitive', 'by', 'reverse'], 0, dictsort)],
  ['escape', def([], 0, escapeHtml)],
  ['first', def([], 0, firstItem)],
  ['float', def(['default'], 0, (v, [d]) => pyFloat(v, orDefault(d, 0.0)))],
  ['forceescape', def([], 0, escapeHtml)],
  ['format', formatFilter],
  ['groupby', def(['attribute', 'default', 'case_sensitive'], 1, groupby)],
  ['indent', def(['width', 'first', 'blank'], 0, indent)],
  ['int', def(['default', 'base'], 0, (v, [d, b]) => pyInt(v, orDefault(d, 0n), asInt(orDefault(b, 10n))))],
  [
    'items',
    def([], 0, (v) => {
      if (v instanceof Undefined) return generator([]);
      if (!(v instanceof PyDict)) throw typeError('Can only get item pairs from a mapping.');
      return generator(new PyDictView('items', v).iter());
    })
  ],
  [
    'join',
    def(['d', 'attribute'], 0, (v, [d, attr]) => {
      let items = toList(v);
      if (attr !== undefined && attr !== null) items = items.map(attrGetter(attr));
      return items.map(str).join(str(orDefault(d, '')));
    })
  ],
  ['last', def([], 0, lastItem)],
  ['length', def([], 0, (v) => BigInt(pyLength(v)))],
  ['list', def([], 0, (v) => toList(v))],
  ['lower', def([], 0, (v) => str(v).toLowerCase())],
  ['map', mapFilter],
  ['max', def(['case_sensitive', 'attribute'], 0, (v, a) => minMax(v, a, 'max'))],
  ['min', def(['case_sensitive', 'attribute'], 0, (v, a) => minMax(v, a, 'min'))],
  ['reject', (v, args, kw, env) => selectOrReject(v, args, kw, env, false, false)],
  ['rejectattr', (v, args, kw, env) => selectOrReject(v, args, kw, env, false, true)],
  [
    'replace',
    def(['old', 'new', 'count'], 2, (v, [o, n, c]) =>
      pyReplace(str(v), str(o!), str(n!), c === undefined || c === null ? -1 : asInt(c))
    )
  ],
  ['reverse', def([], 0, reversedValue)],
  ['round', def(['precision', 'method'], 0, roundFilter)],
  ['safe', def([], 0, (v) => str(v))],
  ['select', (v, args, kw, env) => selectOrReject(v, args, kw, env, true, false)],
  ['selectattr', (v, args, kw, env) => selectOrReject(v, args, kw, env, true, true)],
  ['slice', def(['slices', 'fill_with'], 1, sliceFilter)],
  [
    'sort',
    def(['reverse', 'case_sensitive', 'attribute'], 0, (v, [r, cs, attr]) =>
      pySorted(
        toList(v),
        multiAttrGetter(attr, truthy(orDefault(cs, false)) ? undefined : ignoreCase),
        truthy(orDefault(r, false))
      )
    )
  ],
  ['string', def([], 0, (v) => str(v))],
  ['sum', def(['attribute', 'start'], 0, sum)],
  ['title', def([], 0, title)],
  ['tojson', def(['indent'], 0, (v, [i]) => toJson(v, i ?? null))],
  ['trim', def(['chars'], 0, (v, [c]) => pyStrip(str(v), c === undefined || c === null ? null : str(c)))],
  ['truncate', def(['length', 'killwords', 'end', 'leeway'], 0, truncate)],
  ['unique', def(['case_sensitive', 'attribute'], 0, unique)],
  ['upper', def([], 0, (v) => str(v).toUpperCase())],
  ['wordcount', def([], 0, (v) => BigInt((str(v).match(/[\p{L}\p{N}_]+/gu) ?? []).length))]
]);
FILTERS.set('d', FILTERS.get('default')!);
FILTERS.set('e', FILTERS.get('escape')!);

/** Real Jinja2 filters this renderer does not implement (a clear error instead of "no filter named"). */
export const UNSUPPORTED_FILTERS = new Set(UNSUPPORTED);

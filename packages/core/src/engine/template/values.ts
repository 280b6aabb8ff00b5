/**
 * The Python value model the renderer works on.
 *
 *   None → null, bool → boolean, int → bigint, float → number, str → string, list → JS array,
 *   tuple → PyTuple, dict → PyDict (insertion ordered, Python key equality), everything else a
 *   PyObject subclass (Undefined, ranges, iterators, dict views, callables, loop, namespace, …).
 */
import { compareStr, pyLen, pyStrRepr, codePoints } from './pystr.js';
import { PyFloat } from '../../util/py-float.js';
import { floatRepr } from './pynum.js';

export type Value = null | boolean | bigint | number | string | Value[] | PyObject;

/** A Python exception raised while rendering; `pyType` is the Python exception class name. */
export class PyError extends Error {
  /** Where in the (normalized) template source it was raised; set by the renderer. */
  templatePos?: number;
  constructor(
    readonly pyType: string,
    message: string
  ) {
    super(message);
  }
}

export function typeError(message: string): PyError {
  return new PyError('TypeError', message);
}

export abstract class PyObject {
  /** Python's `type(x).__name__`. */
  abstract readonly typeName: string;
  repr(): string {
    return `<${this.typeName} object>`;
  }
  str(): string {
    return this.repr();
  }
  truthy(): boolean {
    return true;
  }
  /** An attribute (method or property), or undefined when there is none. */
  getAttr(_name: string): Value | undefined {
    return undefined;
  }
  /** Iteration; undefined when the object is not iterable. */
  iter(): Iterable<Value> | undefined {
    return undefined;
  }
  /** `len()`; undefined when the object has no length. */
  len(): number | undefined {
    return undefined;
  }
  /** Present on callable objects. */
  call?(args: Value[], kwargs: Kwargs): Value;
}

export class PyTuple extends PyObject {
  readonly typeName = 'tuple';
  constructor(readonly items: Value[]) {
    super();
  }
  override repr(): string {
    if (this.items.length === 1) return `(${repr(this.items[0]!)},)`;
    return `(${this.items.map(repr).join(', ')})`;
  }
  override truthy(): boolean {
    return this.items.length > 0;
  }
  override iter(): Iterable<Value> {
    return this.items;
  }
  override len(): number {
    return this.items.length;
  }
}

/** Python's hash equality as a string key: 1 == 1.0 == True share a key. */
export function hashKey(v: Value): string {
  if (v === null) return 'N';
  if (typeof v === 'boolean') return v ? 'n1' : 'n0';
  if (typeof v === 'bigint') return `n${v}`;
  if (typeof v === 'number') return Number.isInteger(v) ? `n${BigInt(v)}` : `f${v}`;
  if (typeof v === 'string') return `s${v}`;
  if (v instanceof PyTuple) return `t(${v.items.map(hashKey).join(',')})`;
  if (v instanceof Undefined) return 'U';
  if (Array.isArray(v) || v instanceof PyDict) throw typeError(`unhashable type: '${typeName(v)}'`);
  return `o${objectId(v)}`;
}

const ids = new WeakMap<object, number>();
let nextId = 1;
function objectId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}

export class PyDict extends PyObject {
  readonly typeName = 'dict';
  private readonly map = new Map<string, [Value, Value]>();
  static from(entries: Iterable<[Value, Value]>): PyDict {
    const d = new PyDict();
    for (const [k, v] of entries) d.set(k, v);
    return d;
  }
  get size(): number {
    return this.map.size;
  }
  get(key: Value): Value | undefined {
    return this.map.get(hashKey(key))?.[1];
  }
  has(key: Value): boolean {
    return this.map.has(hashKey(key));
  }
  set(key: Value, value: Value): void {
    const h = hashKey(key);
    const old = this.map.get(h);
    if (old) old[1] = value;
    else this.map.set(h, [key, value]);
  }
  delete(key: Value): boolean {
    return this.map.delete(hashKey(key));
  }
  keys(): Value[] {
    return [...this.map.values()].map((e) => e[0]);
  }
  values(): Value[] {
    return [...this.map.values()].map((e) => e[1]);
  }
  entries(): [Value, Value][] {
    return [...this.map.values()].map((e) => [e[0], e[1]]);
  }
  override repr(): string {
    return `{${this.entries()
      .map(([k, v]) => `${repr(k)}: ${repr(v)}`)
      .join(', ')}}`;
  }
  override truthy(): boolean {
    return this.map.size > 0;
  }
  override iter(): Iterable<Value> {
    return this.keys();
  }
  override len(): number {
    return this.map.size;
  }
}

const missing = Symbol('missing');

/** Jinja2's default `Undefined`: prints as '', iterates empty, is falsy; anything else raises. */
export class Undefined extends PyObject {
  readonly typeName = 'Undefined';
  constructor(
    readonly hint?: string,
    readonly obj: Value | typeof missing = missing,
    readonly name?: Value
  ) {
    super();
  }
  static named(name: string): Undefined {
    return new Undefined(undefined, missing, name);
  }
  get message(): string {
    if (this.hint) return this.hint;
    if (this.obj === missing) return `${repr(this.name ?? null)} is undefined`;
    if (typeof this.name !== 'string')
      return `${objectTypeRepr(this.obj)} has no element ${repr(this.name ?? null)}`;
    return `${pyStrRepr(objectTypeRepr(this.obj))} has no attribute ${pyStrRepr(this.name)}`;
  }
  fail(): never {
    throw new PyError('UndefinedError', this.message);
  }
  override repr(): string {
    return 'Undefined';
  }
  override str(): string {
    return '';
  }
  override truthy(): boolean {
    return false;
  }
  override iter(): Iterable<Value> {
    return [];
  }
  override len(): number {
    return 0;
  }
}

/** Jinja's `object_type_repr`, used in undefined messages ("dict object", "None"). */
function objectTypeRepr(v: Value): string {
  if (v === null) return 'None';
  return `${typeName(v)} object`;
}

/** A single-use iterator (generator, list_reverseiterator): truthy even when empty. */
export class PyIterator extends PyObject {
  private pos = 0;
  constructor(
    readonly typeName: string,
    private readonly items: Value[]
  ) {
    super();
  }
  override iter(): Iterable<Value> {
    const rest = this.items.slice(this.pos);
    this.pos = this.items.length;
    return rest;
  }
}

export class PyRange extends PyObject {
  readonly typeName = 'range';
  constructor(
    readonly start: bigint,
    readonly stop: bigint,
    readonly step: bigint
  ) {
    super();
  }
  override len(): number {
    const { start, stop, step } = this;
    const n = step > 0n ? (stop - start + step - 1n) / step : (start - stop - step - 1n) / -step;
    return n > 0n ? Number(n) : 0;
  }
  at(i: number): bigint {
    return this.start + BigInt(i) * this.step;
  }
  override iter(): Iterable<Value> {
    const out: Value[] = [];
    for (let i = 0, n = this.len(); i < n; i++) out.push(this.at(i));
    return out;
  }
  override truthy(): boolean {
    return this.len() > 0;
  }
  override repr(): string {
    return this.step === 1n
      ? `range(${this.start}, ${this.stop})`
      : `range(${this.start}, ${this.stop}, ${this.step})`;
  }
}

/** `dict.items()`, `.keys()`, `.values()` views. */
export class PyDictView extends PyObject {
  constructor(
    readonly kind: 'items' | 'keys' | 'values',
    readonly dict: PyDict
  ) {
    super();
  }
  get typeName(): string {
    return `dict_${this.kind}`;
  }
  override iter(): Value[] {
    if (this.kind === 'keys') return this.dict.keys();
    if (this.kind === 'values') return this.dict.values();
    return this.dict.entries().map((e) => new PyTuple(e));
  }
  override len(): number {
    return this.dict.size;
  }
  override truthy(): boolean {
    return this.dict.size > 0;
  }
  override repr(): string {
    return `${this.typeName}([${this.iter().map(repr).join(', ')}])`;
  }
}

export type Kwargs = Map<string, Value>;

/** A callable: builtin function, bound method, macro, loop (recursive), cycler.next, … */
export class PyCallable extends PyObject {
  readonly typeName: string;
  constructor(
    readonly name: string,
    readonly fn: (args: Value[], kwargs: Kwargs) => Value,
    private readonly display?: string,
    typeNameOverride = 'builtin_function_or_method'
  ) {
    super();
    this.typeName = typeNameOverride;
  }
  override call(args: Value[], kwargs: Kwargs): Value {
    return this.fn(args, kwargs);
  }
  override repr(): string {
    return this.display ?? `<built-in function ${this.name}>`;
  }
}

export function isCallable(v: Value): boolean {
  return v instanceof PyObject && typeof v.call === 'function';
}

/** `namespace()` objects: attribute bags that `{% set ns.x = … %}` can assign to. */
export class PyNamespace extends PyObject {
  readonly typeName = 'Namespace';
  readonly attrs = new PyDict();
  override getAttr(name: string): Value | undefined {
    return this.attrs.get(name);
  }
  override repr(): string {
    return `<Namespace ${this.attrs.repr()}>`;
  }
}

// --- generic operations ---------------------------------------------------------------------

export function typeName(v: Value): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  return v.typeName;
}

/** Python's `repr()`. */
export function repr(v: Value): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return floatRepr(v);
  if (typeof v === 'string') return pyStrRepr(v);
  if (Array.isArray(v)) return `[${v.map(repr).join(', ')}]`;
  return v.repr();
}

/** Python's `str()`. */
export function str(v: Value): string {
  if (typeof v === 'string') return v;
  if (v instanceof PyObject) return v.str();
  return repr(v);
}

export function truthy(v: Value): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  return v.truthy();
}

/** Python's `iter()`: strings yield code points, dicts their keys. */
export function iterate(v: Value): Iterable<Value> {
  if (typeof v === 'string') return codePoints(v);
  if (Array.isArray(v)) return v.slice();
  const it = v instanceof PyObject ? v.iter() : undefined;
  if (it === undefined) throw typeError(`'${typeName(v)}' object is not iterable`);
  return it;
}

export function toList(v: Value): Value[] {
  return Array.from(iterate(v));
}

export function pyLength(v: Value): number {
  if (typeof v === 'string') return pyLen(v);
  if (Array.isArray(v)) return v.length;
  const n = v instanceof PyObject ? v.len() : undefined;
  if (n === undefined) throw typeError(`object of type '${typeName(v)}' has no len()`);
  return n;
}

export function isNumber(v: Value): v is boolean | bigint | number {
  return typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'number';
}

/** int/bool as bigint; floats stay numbers. */
export function numeric(v: boolean | bigint | number): bigint | number {
  return typeof v === 'boolean' ? (v ? 1n : 0n) : v;
}

function compareNumbers(a: bigint | number, b: bigint | number): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  // Mixed int/float: compare exactly.
  const [i, f, flip] = typeof a === 'bigint' ? [a, b as number, 1] : [b as bigint, a as number, -1];
  if (Number.isNaN(f)) return NaN;
  if (!Number.isFinite(f)) return f > 0 ? -flip : flip;
  const fl = BigInt(Math.floor(f));
  let c: number;
  if (i < fl) c = -1;
  else if (i > fl) c = 1;
  else c = Number.isInteger(f) ? 0 : -1;
  return c * flip;
}

/** Python's `==`. */
export function pyEquals(a: Value, b: Value): boolean {
  if (isNumber(a) && isNumber(b)) return compareNumbers(numeric(a), numeric(b)) === 0;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a === null || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => pyEquals(x, b[i]!))
    );
  }
  if (a instanceof PyTuple && b instanceof PyTuple) {
    return a.items.length === b.items.length && a.items.every((x, i) => pyEquals(x, b.items[i]!));
  }
  if (a instanceof PyDict && b instanceof PyDict) {
    return a.size === b.size && a.entries().every(([k, v]) => b.has(k) && pyEquals(v, b.get(k)!));
  }
  if (a instanceof Undefined || b instanceof Undefined)
    return a instanceof Undefined && b instanceof Undefined;
  if (a instanceof PyRange && b instanceof PyRange) return pyEquals(toList(a), toList(b));
  return a === b;
}

const OP_SYMBOL: Record<string, string> = { lt: '<', le: '<=', gt: '>', ge: '>=' };

/** Python's ordering: returns <0, 0, >0 (NaN when unordered), or raises TypeError. */
export function pyCompare(a: Value, b: Value, op: 'lt' | 'le' | 'gt' | 'ge' = 'lt'): number {
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
  if (isNumber(a) && isNumber(b)) return compareNumbers(numeric(a), numeric(b));
  if (typeof a === 'string' && typeof b === 'string') return compareStr(a, b);
  const seqs =
    Array.isArray(a) && Array.isArray(b)
      ? [a, b]
      : a instanceof PyTuple && b instanceof PyTuple
        ? [a.items, b.items]
        : undefined;
  if (seqs) {
    const [x, y] = seqs as [Value[], Value[]];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (!pyEquals(x[i]!, y[i]!)) return pyCompare(x[i]!, y[i]!, op);
    }
    return x.length - y.length;
  }
  throw typeError(
    `'${OP_SYMBOL[op]}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`
  );
}

/** JSON-like JS data → Python values, as Python's json module would load the same JSON text. */
export function fromJS(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string' || typeof v === 'bigint') return v;
  // Integral numbers are ints, as JSON text writes them (JSON.stringify uses exponents from 1e21 on).
  // The digits are those JSON text carries (shortest round-trip), not the exact double: 3.7e19 → 37000000000000000000.
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? BigInt(String(v)) : v;
  if (v instanceof PyObject) return v;
  if (v instanceof PyFloat) return v.value; // a python float from a tool: a float here too
  if (Array.isArray(v)) return v.map(fromJS);
  if (v instanceof Map) return PyDict.from([...v.entries()].map(([k, x]) => [fromJS(k), fromJS(x)]));
  if (typeof v === 'object') return PyDict.from(Object.entries(v).map(([k, x]) => [k, fromJS(x)]));
  return String(v);
}

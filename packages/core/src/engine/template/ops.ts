/** Python operators (`+`, `%`, `in`, calls), as Jinja2's default Environment applies them. */
import { floatPow, intTrueDiv } from './pynum.js';
import { percentFormat } from './format.js';
import {
  isNumber,
  iterate,
  numeric,
  PyDict,
  PyDictView,
  PyError,
  PyObject,
  PyTuple,
  pyEquals,
  typeError,
  typeName,
  Undefined,
  type Value
} from './values.js';

export type BinOp = '+' | '-' | '*' | '/' | '//' | '%' | '**';

function failUndefined(...vs: Value[]): void {
  for (const v of vs) if (v instanceof Undefined) v.fail();
}

function unsupported(op: string, a: Value, b: Value): PyError {
  return typeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function overflow(message: string): never {
  throw new PyError('OverflowError', message);
}

function zero(message: string): PyError {
  return new PyError('ZeroDivisionError', message);
}

function toFloat(v: bigint | number): number {
  if (typeof v === 'number') return v;
  const x = Number(v);
  if (!Number.isFinite(x)) throw new PyError('OverflowError', 'int too large to convert to float');
  return x;
}

/** Python float `divmod` as CPython computes it. */
function floatDivMod(vx: number, wx: number): [number, number] {
  let mod = vx % wx;
  let div = (vx - mod) / wx;
  if (mod) {
    if (wx < 0 !== mod < 0) {
      mod += wx;
      div -= 1;
    }
  } else {
    mod = wx < 0 ? -0 : 0;
  }
  let floordiv: number;
  if (div) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else {
    floordiv = vx / wx < 0 || Object.is(vx / wx, -0) ? -0 : 0;
  }
  return [floordiv, mod];
}

function bigFloorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function repeat(seq: Value, n: Value): Value | undefined {
  if (typeof n === 'number') throw typeError(`can't multiply sequence by non-int of type 'float'`);
  if (typeof n !== 'bigint' && typeof n !== 'boolean') return undefined;
  const count = Math.max(0, Number(numeric(n)));
  if (typeof seq === 'string') return seq.repeat(count);
  if (Array.isArray(seq)) return Array.from({ length: count }, () => seq).flat(1);
  if (seq instanceof PyTuple) return new PyTuple(Array.from({ length: count }, () => seq.items).flat(1));
  return undefined;
}

function numericOp(op: BinOp, x: bigint | number, y: bigint | number): Value {
  if (typeof x === 'bigint' && typeof y === 'bigint') {
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        if (y === 0n) throw zero('division by zero');
        return intTrueDiv(x, y) ?? overflow('integer division result too large for a float');
      case '//':
        if (y === 0n) throw zero('integer division or modulo by zero');
        return bigFloorDiv(x, y);
      case '%':
        if (y === 0n) throw zero('integer modulo by zero');
        return x - bigFloorDiv(x, y) * y;
      case '**':
        if (y >= 0n) return x ** y;
        if (x === 0n) throw zero('0.0 cannot be raised to a negative power');
        return floatPow(toFloat(x), toFloat(y));
    }
  }
  const a = toFloat(x);
  const b = toFloat(y);
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw zero('float division by zero');
      return a / b;
    case '//':
      if (b === 0) throw zero('float floor division by zero');
      return floatDivMod(a, b)[0];
    case '%':
      if (b === 0) throw zero('float modulo');
      return floatDivMod(a, b)[1];
    case '**':
      return checkedFloatPow(a, b);
  }
}

function checkedFloatPow(a: number, b: number): number {
  if (a === 0 && b < 0) throw zero('0.0 cannot be raised to a negative power');
  if (a < 0 && !Number.isInteger(b)) throw new PyError('ValueError', 'complex results are not supported');
  const r = floatPow(a, b);
  if (!Number.isFinite(r) && Number.isFinite(a) && Number.isFinite(b)) {
    throw new PyError('OverflowError', "(34, 'Numerical result out of range')");
  }
  return r;
}

export function binaryOp(op: BinOp, a: Value, b: Value): Value {
  // str.__mod__ runs before the right operand gets a say, even when it is Undefined.
  if (op === '%' && typeof a === 'string') return percentFormat(a, b);
  failUndefined(a, b);
  if (isNumber(a) && isNumber(b)) return numericOp(op, numeric(a), numeric(b));
  if (op === '+') {
    if (typeof a === 'string') {
      if (typeof b === 'string') return a + b;
      throw typeError(`can only concatenate str (not "${typeName(b)}") to str`);
    }
    if (Array.isArray(a)) {
      if (Array.isArray(b)) return [...a, ...b];
      throw typeError(`can only concatenate list (not "${typeName(b)}") to list`);
    }
    if (a instanceof PyTuple) {
      if (b instanceof PyTuple) return new PyTuple([...a.items, ...b.items]);
      throw typeError(`can only concatenate tuple (not "${typeName(b)}") to tuple`);
    }
  }
  if (op === '*') {
    const r = repeat(a, b) ?? repeat(b, a);
    if (r !== undefined) return r;
  }
  if (op === '%' && typeof a === 'string') return percentFormat(a, b);
  throw unsupported(op === '**' ? '** or pow()' : op, a, b);
}

export function unaryOp(op: '-' | '+', v: Value): Value {
  failUndefined(v);
  if (!isNumber(v)) throw typeError(`bad operand type for unary ${op}: '${typeName(v)}'`);
  const n = numeric(v);
  if (op === '+') return n;
  return -n;
}

/** Python's `x in seq`. */
export function contains(seq: Value, item: Value): boolean {
  if (typeof seq === 'string') {
    if (typeof item !== 'string')
      throw typeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return seq.includes(item);
  }
  if (seq instanceof PyDict) return seq.has(item);
  if (seq instanceof PyDictView && seq.kind === 'keys') return seq.dict.has(item);
  if (seq === null || typeof seq !== 'object')
    throw typeError(`argument of type '${typeName(seq)}' is not iterable`);
  for (const x of iterate(seq)) if (pyEquals(x, item)) return true;
  return false;
}

export function callValue(fn: Value, args: Value[], kwargs: Map<string, Value>): Value {
  if (fn instanceof Undefined) fn.fail();
  if (fn instanceof PyObject && fn.call) return fn.call(args, kwargs);
  throw typeError(`'${typeName(fn)}' object is not callable`);
}

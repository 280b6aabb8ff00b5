/** Python item access and slicing (`x[i]`, `x[a:b:c]`), shared by operators, methods and filters. */
import { codePoints } from './pystr.js';
import {
  numeric,
  PyDict,
  PyError,
  PyObject,
  PyRange,
  PyTuple,
  typeError,
  typeName,
  Undefined,
  type Value
} from './values.js';

// --- slicing and indexing -------------------------------------------------------------------

export class PySlice extends PyObject {
  readonly typeName = 'slice';
  constructor(
    readonly start: Value,
    readonly stop: Value,
    readonly step: Value
  ) {
    super();
  }
  override repr(): string {
    return `slice(${[this.start, this.stop, this.step].map((v) => (v === null ? 'None' : String(v))).join(', ')})`;
  }
}

function sliceIndex(v: Value): number | null {
  if (v === null) return null;
  if (typeof v === 'bigint' || typeof v === 'boolean') return Number(numeric(v));
  throw typeError('slice indices must be integers or None or have an __index__ method');
}

/** `slice.indices(len)`: start, stop and step adjusted to a sequence of `len` items. */
export function adjustSlice(s: PySlice, len: number): { start: number; stop: number; step: number } {
  const step = sliceIndex(s.step) ?? 1;
  if (step === 0) throw new PyError('ValueError', 'slice step cannot be zero');
  const clamp = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    if (v < 0) v += len;
    if (step > 0) return Math.min(Math.max(v, 0), len);
    return Math.min(Math.max(v, -1), len - 1);
  };
  return {
    start: clamp(sliceIndex(s.start), step > 0 ? 0 : len - 1),
    stop: clamp(sliceIndex(s.stop), step > 0 ? len : -1),
    step
  };
}

/** The positions a Python slice selects from a sequence of `len` items. */
export function sliceIndices(s: PySlice, len: number): number[] {
  const { start, stop, step } = adjustSlice(s, len);
  const out: number[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
  else for (let i = start; i > stop; i += step) out.push(i);
  return out;
}

/** `obj[key]`, or undefined where Python raises LookupError/TypeError (Jinja turns those into Undefined). */
export function rawGetItem(obj: Value, key: Value): Value | undefined {
  const seq =
    typeof obj === 'string'
      ? codePoints(obj)
      : Array.isArray(obj)
        ? obj
        : obj instanceof PyTuple
          ? obj.items
          : undefined;
  if (seq !== undefined || obj instanceof PyRange) {
    const len = seq ? seq.length : (obj as PyRange).len();
    const at = (i: number): Value => (seq ? seq[i]! : (obj as PyRange).at(i));
    if (key instanceof PySlice) {
      const picked = sliceIndices(key, len);
      if (typeof obj === 'string') return picked.map((i) => seq![i]).join('');
      if (obj instanceof PyTuple) return new PyTuple(picked.map(at));
      if (obj instanceof PyRange) {
        const { start, stop, step } = adjustSlice(key, len);
        return new PyRange(obj.at(start), obj.at(stop), obj.step * BigInt(step));
      }
      return picked.map(at);
    }
    if (typeof key !== 'bigint' && typeof key !== 'boolean') return undefined;
    let i = Number(numeric(key));
    if (i < 0) i += len;
    return i >= 0 && i < len ? at(i) : undefined;
  }
  if (obj instanceof PyDict) {
    try {
      return obj.get(key);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** `obj[a:b:c]`: Jinja compiles slices to a plain Python subscript, so failures raise. */
export function sliceValue(obj: Value, s: PySlice): Value {
  if (obj instanceof Undefined) obj.fail();
  const item = rawGetItem(obj, s);
  if (item !== undefined) return item;
  if (obj instanceof PyDict) throw typeError("unhashable type: 'slice'");
  throw typeError(`'${typeName(obj)}' object is not subscriptable`);
}

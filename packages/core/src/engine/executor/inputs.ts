/**
 * Flow inputs of one line: defaults for missing inputs, then conversion to the declared types the
 * way prompt flow's `ValueType.parse` does it.
 */
import { describe } from '../../util/describe.js';
import { PyFloat, pyFloat } from '../../util/py-float.js';
import { floatRepr } from '../template/pynum.js';
import { ExecutionFailure } from './errors.js';

/** A declared input (a DAG `FlowInput` or a flex `FlexPort`, reduced to what coercion needs). */
export interface InputDefinition {
  name: string;
  type: string;
  /** Whether a default is declared (`default: null` counts). */
  hasDefault: boolean;
  default?: unknown;
}

export interface PreparedInputs {
  /** Declared inputs only: given values (converted) and defaults. Unknown extra inputs are dropped. */
  inputs: Record<string, unknown>;
  /** The first problem, as an `InputError`. */
  error?: ExecutionFailure;
}

/**
 * Applies defaults and converts each declared input to its type:
 *
 * - `int`: integers; integral strings ("3", " -3 "); a float is truncated and a bool is 0/1, as
 *   Python's `int()` does;
 * - `double`: numbers; numeric strings ("2.5", "1e3", "inf", "nan"); bools as 0/1;
 * - `bool`: booleans; "true"/"false" in any case; also 1/0 and "1"/"0" (prompt flow accepts only
 *   the first two forms; data files written by spreadsheets often hold the others);
 * - `string`: strings; numbers as Python's `str()` prints them (`3`, `2.5`), bools as `True` /
 *   `False`; lists and objects as JSON text;
 * - `list`: arrays, or a string holding a JSON array;
 * - `object`: a string that is JSON becomes its value; anything else is kept;
 * - other types (`image`, …): kept as is.
 *
 * `null` is kept as `null` for every type (a missing cell, not a wrong value). A declared input
 * with no default and no value is an error.
 */
export function prepareInputs(
  defs: readonly InputDefinition[],
  given: Record<string, unknown>,
  lineNumber?: number
): PreparedInputs {
  const inputs: Record<string, unknown> = {};
  let error: ExecutionFailure | undefined;
  const where = lineNumber === undefined ? '' : ` (line ${lineNumber})`;
  for (const def of defs) {
    let value: unknown;
    if (Object.prototype.hasOwnProperty.call(given, def.name) && given[def.name] !== undefined) {
      value = given[def.name];
    } else if (def.hasDefault) {
      value = def.default;
    } else {
      error ??= new ExecutionFailure(
        'InputError',
        `flow input "${def.name}" is required${where}: no value was given and it has no default`
      );
      continue;
    }
    const converted = convertValue(value, def.type);
    if (converted.ok) inputs[def.name] = converted.value;
    else {
      inputs[def.name] = value;
      error ??= new ExecutionFailure(
        'InputError',
        `flow input "${def.name}"${where} expects type ${def.type}, found ${describeValue(value)}${
          converted.reason ? ` (${converted.reason})` : ''
        }`
      );
    }
  }
  return error ? { inputs, error } : { inputs };
}

type Conversion = { ok: true; value: unknown } | { ok: false; reason?: string };

const INT_TEXT = /^\s*[+-]?\d+(?:_\d+)*\s*$/;
const FLOAT_TEXT = /^\s*[+-]?(?:(?:\d+(?:_\d+)*)?\.?\d+(?:_\d+)*(?:[eE][+-]?\d+)?|\d+(?:_\d+)*\.)\s*$/;
const SPECIAL_FLOAT = /^\s*([+-]?)(inf|infinity|nan)\s*$/i;

/** Converts one value to a flow value type (see `prepareInputs`). */
export function convertValue(value: unknown, type: string): Conversion {
  if (value === null) return { ok: true, value: null };
  if (value instanceof PyFloat) {
    // a python float read back from a run's files: str(1.0) is "1.0"; int() and bool() see the number
    if (type === 'string') return { ok: true, value: value.text };
    if (type === 'int' || type === 'bool' || type === 'list') return convertValue(value.value, type);
    return { ok: true, value };
  }
  switch (type) {
    case 'int': {
      if (typeof value === 'boolean') return { ok: true, value: value ? 1 : 0 };
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) return { ok: false, reason: 'not a finite number' };
        return { ok: true, value: Math.trunc(value) };
      }
      if (typeof value === 'string' && INT_TEXT.test(value)) {
        return { ok: true, value: Number(value.replace(/_/g, '').trim()) };
      }
      return { ok: false };
    }
    case 'double': {
      // float(v): an integral value becomes a python float (2 → 2.0), printed so
      if (typeof value === 'boolean') return { ok: true, value: pyFloat(value ? 1 : 0) };
      if (typeof value === 'number') return { ok: true, value: pyFloat(value) };
      if (typeof value === 'string') {
        if (FLOAT_TEXT.test(value))
          return { ok: true, value: pyFloat(Number(value.replace(/_/g, '').trim())) };
        const special = SPECIAL_FLOAT.exec(value);
        if (special) {
          const v = special[2].toLowerCase() === 'nan' ? NaN : Infinity;
          return { ok: true, value: special[1] === '-' ? -v : v };
        }
      }
      return { ok: false };
    }
    case 'bool': {
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 1 || value === 0) return { ok: true, value: value === 1 };
      if (typeof value === 'string') {
        const t = value.trim().toLowerCase();
        if (t === 'true' || t === '1') return { ok: true, value: true };
        if (t === 'false' || t === '0') return { ok: true, value: false };
      }
      return { ok: false, reason: 'expected true or false' };
    }
    case 'string': {
      if (typeof value === 'string') return { ok: true, value };
      if (typeof value === 'number') return { ok: true, value: pyNumberText(value) };
      if (typeof value === 'boolean') return { ok: true, value: value ? 'True' : 'False' };
      try {
        return { ok: true, value: JSON.stringify(value) ?? String(value) };
      } catch {
        return { ok: true, value: String(value) };
      }
    }
    case 'list': {
      if (Array.isArray(value)) return { ok: true, value };
      if (typeof value === 'string') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(value);
        } catch (e) {
          return { ok: false, reason: `not a JSON array: ${(e as Error).message}` };
        }
        if (Array.isArray(parsed)) return { ok: true, value: parsed };
        return { ok: false, reason: 'the JSON text is not an array' };
      }
      return { ok: false };
    }
    case 'object': {
      if (typeof value === 'string') {
        try {
          return { ok: true, value: JSON.parse(value) };
        } catch {
          return { ok: true, value }; // prompt flow keeps it: it may really be a string
        }
      }
      return { ok: true, value };
    }
    default:
      return { ok: true, value };
  }
}

/** Python's `str()` of a number (ints without a fraction, floats as `repr`). */
export function pyNumberText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? String(n) : floatRepr(n);
}

/** A value for a message: strings quoted, numbers and bools as written, containers by size. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof PyFloat) return value.text;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    return keys.length ? `an object with keys ${keys.slice(0, 8).join(', ')}` : 'an empty object';
  }
  return describe(value);
}

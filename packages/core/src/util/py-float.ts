/**
 * Python floats whose JSON text differs from a JS number's: `1.0` (JS writes `1`), `1e-05`
 * (`0.00001`), `1e+16` (`10000000000000000`). Prompt flow writes flow outputs with Python's
 * json.dump, so a tool that returns `1.0` shows `1.0`. Such a value crosses the executor as a
 * {@link PyFloat}; every other number stays a plain JS number, so nothing pays for this unless a
 * python tool returned such a float.
 */
import { floatRepr } from '../engine/template/pynum.js';

/** A Python float kept with its `repr` text. Arithmetic and comparisons use its number (valueOf). */
export class PyFloat {
  constructor(
    readonly value: number,
    /** Python's `repr(value)`, e.g. `1.0`, `1e-05`. */
    readonly text: string
  ) {}

  valueOf(): number {
    return this.value;
  }

  /** Python's `str(float)`, which is its repr. */
  toString(): string {
    return this.text;
  }

  /**
   * Plain JSON.stringify writes the number (`1`); {@link stringifyPy} writes the Python text. The
   * marker is only handed out inside stringifyPy's synchronous call, so no other JSON text can
   * carry it.
   */
  toJSON(): number | string {
    return marking ? `${MARK}${this.text}` : this.value;
  }
}

const MARK = '\u0000pf-float:';
/** The marker as JSON.stringify writes it inside a string (U+0000 is escaped). */
const MARKED = /"\\u0000pf-float:([^"\\]*)"/g;
let marking = false;

/** The number of a JSON value that may be a {@link PyFloat}. */
export function unwrapFloat(v: unknown): unknown {
  return v instanceof PyFloat ? v.value : v;
}

/**
 * JSON.stringify, except that {@link PyFloat}s are written as Python writes them (`1.0`). Costs one
 * substring search over the text when the value holds none.
 */
export function stringifyPy(
  value: unknown,
  replacer?: (this: unknown, key: string, v: unknown) => unknown,
  indent?: number
): string | undefined {
  let text: string | undefined;
  marking = true;
  try {
    text = JSON.stringify(value, replacer as never, indent);
  } finally {
    marking = false;
  }
  return text !== undefined && text.includes('\\u0000pf-float:') ? text.replace(MARKED, '$1') : text;
}

/** A number token (outside strings) that JSON.parse would turn into a JS number printed differently. */
const ODD_FLOAT_HINT = /\d\.0(?![0-9])|\d[eE][-+]?\d/;
const TOKENS = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g;

/**
 * JSON.parse that keeps the Python floats {@link stringifyPy} wrote (`1.0`, `1e-05`) as
 * {@link PyFloat}s. Text without such a token (the usual case) goes straight to JSON.parse.
 */
export function parsePy(text: string): unknown {
  if (!ODD_FLOAT_HINT.test(text)) return JSON.parse(text);
  let found = false;
  const marked = text.replace(TOKENS, (tok) => {
    if (tok.startsWith('"') || !/[.eE]/.test(tok) || typeof floatFromText(tok) === 'number') return tok;
    found = true;
    return JSON.stringify(MARK + tok);
  });
  if (!found) return JSON.parse(text);
  return JSON.parse(marked, (_key, v: unknown) =>
    typeof v === 'string' && v.startsWith(MARK) ? floatFromText(v.slice(MARK.length)) : v
  );
}

/** Python's float(n): a {@link PyFloat} when its repr differs from the JS number text, else n. */
export function pyFloat(n: number): number | PyFloat {
  if (!Number.isFinite(n)) return n;
  const repr = floatRepr(n);
  return repr === String(n) ? n : new PyFloat(n, repr);
}

/**
 * The value Python's json.loads gives for a number token with a fraction or exponent (a float): a
 * {@link PyFloat} when its repr differs from the JS number text, else the number.
 */
export function floatFromText(text: string): number | PyFloat {
  return pyFloat(Number(text));
}

/**
 * Python number semantics: Python `int` is a JS `bigint`, Python `float` a JS `number`.
 * Decimal conversions are exact (BigInt arithmetic on the binary value), so rounding matches
 * CPython's correctly rounded, round-half-even results.
 */

/** `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16 on. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mant, expText] = Math.abs(x).toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const digits = mant.replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  return `${sign}${intPart}.${digits.slice(exp + 1) || '0'}`;
}

/** The exact value of a finite double as `m * 2**e` (m >= 0). */
function exactParts(x: number): { m: bigint; e: number } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased) m |= 1n << 52n;
  return { m, e: (biased || 1) - 1075 };
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** round_half_even(|x| * 10**p) as an exact integer (p may be negative). */
export function scaledRound(x: number, p: number): bigint {
  const { m, e } = exactParts(x);
  let num = m;
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  if (p >= 0) num *= pow10(p);
  else den *= pow10(-p);
  const q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) return q + 1n;
  return q;
}

/** Floor of log10(|x|) for a finite non-zero x, exactly. */
function decimalExponent(x: number): number {
  const { m, e } = exactParts(x);
  let est = Math.floor(Math.log10(Math.abs(x)));
  // Compare |x| = m*2^e with 10^est exactly and adjust.
  const cmp = (k: number): number => {
    let a = m;
    let b = 1n;
    if (e >= 0) a <<= BigInt(e);
    else b <<= BigInt(-e);
    if (k >= 0) b *= pow10(k);
    else a *= pow10(-k);
    return a < b ? -1 : a === b ? 0 : 1;
  };
  while (cmp(est) < 0) est--;
  while (cmp(est + 1) >= 0) est++;
  return est;
}

/** Python's `'%.{prec}f' % x` without sign handling (x finite). */
export function fixedDigits(x: number, prec: number): string {
  const n = scaledRound(x, prec).toString();
  if (prec === 0) return n;
  const padded = n.padStart(prec + 1, '0');
  return `${padded.slice(0, -prec)}.${padded.slice(-prec)}`;
}

/** Python's `'%.{prec}e' % |x|` digits and exponent (x finite). */
export function expParts(x: number, prec: number): { digits: string; exp: number } {
  if (x === 0) return { digits: '0'.repeat(prec + 1), exp: 0 };
  let exp = decimalExponent(x);
  let n = scaledRound(x, prec - exp);
  if (n >= pow10(prec + 1)) {
    exp++;
    n = scaledRound(x, prec - exp);
  }
  return { digits: n.toString(), exp };
}

export function expString(x: number, prec: number, upper = false, alt = false): string {
  const { digits, exp } = expParts(x, prec);
  const mant = digits.length > 1 || alt ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return `${mant}${upper ? 'E' : 'e'}${e}`;
}

/** Python's `%g` body for |x| (x finite): `alt` keeps trailing zeros. */
export function generalString(x: number, prec: number, upper = false, alt = false): string {
  if (prec === 0) prec = 1;
  const exp = x === 0 ? 0 : expParts(x, prec - 1).exp;
  let s: string;
  if (exp >= -4 && exp < prec) s = fixedDigits(x, prec - 1 - exp);
  else s = expString(x, prec - 1, upper, alt);
  if (!alt) {
    const [mant, tail] = s.split(/(?=[eE])/) as [string, string | undefined];
    const trimmed = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    s = trimmed + (tail ?? '');
  } else if (!s.includes('.')) {
    s = s.replace(/(?=[eE])|$/, '.');
  }
  return s;
}

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

/** The double nearest to num * 2**exp2 (num > 0), ties to even; `sticky` marks a nonzero remainder below num. */
function roundToDouble(num: bigint, exp2: number, sticky = false): number {
  const extra = bitLength(num) - 53;
  let mant = num;
  if (extra > 0) {
    mant = num >> BigInt(extra);
    const rest = num - (mant << BigInt(extra));
    const half = 1n << BigInt(extra - 1);
    if (rest > half || (rest === half && (sticky || (mant & 1n) === 1n))) mant += 1n;
    exp2 += extra;
  }
  // Scale in two steps so that neither factor overflows or underflows on its own.
  const e1 = Math.trunc(exp2 / 2);
  return Number(mant) * 2 ** e1 * 2 ** (exp2 - e1);
}

/** a ** n for a finite float and an integer n, correctly rounded (as C's pow is in practice). */
function intPow(a: number, n: number): number {
  if (a === 0 || !Number.isFinite(a) || Math.abs(n) > 4096) return a ** n;
  const { m, e } = exactParts(a);
  const k = BigInt(Math.abs(n));
  const sign = a < 0 && n % 2 !== 0 ? -1 : 1;
  if (n >= 0) return sign * roundToDouble(m ** k, e * Math.abs(n));
  // 1 / (m**|n| * 2**(e*|n|)): divide with enough quotient bits, keep the remainder as a sticky bit.
  const den = m ** k;
  const shift = bitLength(den) + 60;
  const num = 1n << BigInt(shift);
  const q = num / den;
  return sign * roundToDouble(q, -shift - e * Math.abs(n), num % den !== 0n);
}

/** Python's `int / int`: the exact quotient rounded once (undefined when it overflows a float). */
export function intTrueDiv(a: bigint, b: bigint): number | undefined {
  const limit = 1n << 53n;
  if (a < limit && a > -limit && b < limit && b > -limit) return Number(a) / Number(b);
  const neg = a < 0n !== b < 0n;
  const x = a < 0n ? -a : a;
  const y = b < 0n ? -b : b;
  if (x === 0n) return neg ? -0 : 0;
  const shift = Math.max(0, bitLength(y) - bitLength(x) + 60);
  const num = x << BigInt(shift);
  const q = roundToDouble(num / y, -shift, num % y !== 0n);
  if (!Number.isFinite(q)) return undefined;
  return neg ? -q : q;
}

/** Python's `float ** float` for finite results: integer exponents exact, `** 0.5` as sqrt. */
export function floatPow(a: number, b: number): number {
  if (Number.isInteger(b)) return intPow(a, b);
  if (b === 0.5 && a >= 0 && Number.isFinite(a)) return Math.sqrt(a);
  return a ** b;
}

/** Python's `round(x, ndigits)` for a float. */
export function roundFloat(x: number, ndigits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  if (ndigits > 323) return x;
  if (ndigits < -308) return 0 * Math.sign(x);
  const n = scaledRound(x, ndigits);
  const text = `${n.toString()}e${-ndigits}`;
  const y = Number(text);
  return x < 0 ? -y : y;
}

/** Python's `float(str)`, or undefined when Python would raise ValueError. */
export function parsePyFloat(text: string): number | undefined {
  const t = text.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/g, '').toLowerCase();
  const m = /^([+-]?)(inf|infinity|nan)$/.exec(t);
  if (m) return m[2] === 'nan' ? NaN : m[1] === '-' ? -Infinity : Infinity;
  if (!/^[+-]?((\d(_?\d)*)?\.\d(_?\d)*|\d(_?\d)*\.?)(e[+-]?\d(_?\d)*)?$/.test(t)) return undefined;
  return Number(t.replace(/_/g, ''));
}

/** Python's `int(str, base)`, or undefined when Python would raise ValueError. */
export function parsePyInt(text: string, base = 10): bigint | undefined {
  let t = text.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/g, '').toLowerCase();
  let neg = false;
  if (t[0] === '+' || t[0] === '-') {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  const prefixes: Record<string, number> = { '0x': 16, '0o': 8, '0b': 2 };
  const prefix = prefixes[t.slice(0, 2)];
  if (base === 0) {
    base = prefix ?? 10;
    if (prefix) t = t.slice(2).replace(/^_/, '');
    else if (/^0+[1-9]/.test(t.replace(/_/g, ''))) return undefined;
  } else if (prefix === base) {
    t = t.slice(2).replace(/^_/, '');
  }
  if (!t || t.startsWith('_') || t.endsWith('_') || t.includes('__')) return undefined;
  t = t.replace(/_/g, '');
  let value = 0n;
  for (const ch of t) {
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= base) return undefined;
    value = value * BigInt(base) + BigInt(d);
  }
  return neg ? -value : value;
}

/** Python's `str(int)` with an optional thousands separator. */
export function groupDigits(digits: string, sep: string, every = 3): string {
  let out = '';
  for (let i = digits.length; i > 0; i -= every) {
    const chunk = digits.slice(Math.max(0, i - every), i);
    out = out ? `${chunk}${sep}${out}` : chunk;
  }
  return out;
}

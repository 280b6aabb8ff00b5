/** Python value semantics the executor needs on JSON values. */
import { PyFloat } from '../../util/py-float.js';

/**
 * Python's `==` on JSON values: numbers and bools compare by value (`1 == True`, `1 == 1.0`),
 * strings exactly, lists item by item, dicts by keys and values; null only equals null.
 */
export function pyEquals(a: unknown, b: unknown): boolean {
  const num = (v: unknown): number | undefined =>
    typeof v === 'number'
      ? v
      : typeof v === 'boolean'
        ? v
          ? 1
          : 0
        : v instanceof PyFloat
          ? v.value
          : undefined;
  const na = num(a);
  const nb = num(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && na === nb;
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a === null || a === undefined) && (b === null || b === undefined);
  }
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => pyEquals(x, b[i]))
    );
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    if (ka.length !== kb.length) return false;
    const ob = b as Record<string, unknown>;
    return ka.every(
      (k) => Object.prototype.hasOwnProperty.call(ob, k) && pyEquals((a as Record<string, unknown>)[k], ob[k])
    );
  }
  return a === b;
}

/** Small helpers for checking the shape of YAML values and phrasing what was expected. */
import { describe } from '../util/describe.js';
import { closest } from '../util/did-you-mean.js';
import type { JsonPath } from '../util/json-document.js';
import type { YamlSource } from './yaml-source.js';

export type Raw = Record<string, unknown>;

export function isRecord(value: unknown): value is Raw {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** ` (did you mean "x"?)` when a candidate is close, else ` (expected a, b or c)` / ` (<none>)`. */
export function hint(word: string, candidates: readonly string[], none = 'there are none'): string {
  const c = closest(word, candidates);
  if (c) return ` (did you mean "${c}"?)`;
  return candidates.length ? ` (expected ${orList(candidates)})` : ` (${none})`;
}

/** `a`, `a or b`, `a, b or c`. */
export function orList(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * Checks the keys of `obj` against `allowed`. Prompt flow ignores keys it does not know, so an unknown
 * key is only a warning; one close to a known key is a likely typo and an error ("did you mean").
 * `elsewhere` gives a better message (an error) for known misplaced keys.
 */
export function checkKeys(
  src: YamlSource,
  path: JsonPath,
  obj: Raw,
  allowed: readonly string[],
  elsewhere: Record<string, string> = {}
): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    if (Object.prototype.hasOwnProperty.call(elsewhere, key)) {
      src.error([...path, key], elsewhere[key]);
      continue;
    }
    const typo = closest(key, allowed);
    if (typo) src.error([...path, key], `unknown key (did you mean "${typo}"?)`);
    else
      src.warn([...path, key], `unknown key, ignored as prompt flow ignores it (known: ${orList(allowed)})`);
  }
}

/** A mapping at `path`, or undefined (absent or null); anything else is reported. */
export function optionalRecord(
  src: YamlSource,
  path: JsonPath,
  value: unknown,
  expected: string
): Raw | undefined {
  if (value === undefined || value === null) return undefined;
  if (isRecord(value)) return value;
  src.error(path, `expected ${expected}, found ${describe(value)}`);
  return undefined;
}

/** A string at `path`, or undefined (absent); anything else is reported. */
export function optionalString(
  src: YamlSource,
  path: JsonPath,
  value: unknown,
  expected = 'a string'
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  src.error(path, `expected ${expected}, found ${describe(value)}`);
  return undefined;
}

export function optionalBool(src: YamlSource, path: JsonPath, value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  src.error(path, `expected true or false, found ${describe(value)}`);
  return undefined;
}

/** Common value-type aliases people write from other languages. */
const TYPE_ALIASES: Record<string, string> = {
  str: 'string',
  text: 'string',
  integer: 'int',
  float: 'double',
  number: 'double',
  boolean: 'bool',
  array: 'list',
  dict: 'object',
  map: 'object'
};

/** Message for an unknown type name: alias hint, did-you-mean, or the list. */
export function unknownType(found: unknown, allowed: readonly string[]): string {
  if (typeof found !== 'string') return `expected a type (${orList(allowed)}), found ${describe(found)}`;
  const alias = TYPE_ALIASES[found.toLowerCase()];
  if (alias && allowed.includes(alias)) return `unknown type "${found}" (did you mean "${alias}"?)`;
  return `unknown type "${found}"${hint(found, allowed)}`;
}

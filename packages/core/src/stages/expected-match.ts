/**
 * How the smoke test's `expected` outputs are matched against an answer, so free text can be
 * checked too. Per output:
 * - `{"$contains": "text"}`: a string that contains the text (an array: that has the element);
 * - `{"$regex": "pattern"}` (optionally `"$flags": "i"`): a string the regular expression matches;
 * - an object: a JSON subset: every key it gives matches in the answer (recursively), others are free;
 * - anything else: equal (deep equality for arrays).
 */
import { isDeepStrictEqual } from 'node:util';
import { UserError } from '../errors.js';

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: Json) => JSON.stringify(v)?.slice(0, 200);

/** Throws a UserError for a malformed pattern (before any request is sent). */
export function checkExpected(expected: Record<string, Json>, where = 'expected'): void {
  const walk = (v: Json, at: string) => {
    if (!isObject(v)) return;
    if ('$regex' in v) {
      if (typeof v.$regex !== 'string')
        throw new UserError(`${at}.$regex: expected a string pattern, found ${show(v.$regex)}`);
      try {
        new RegExp(v.$regex, typeof v.$flags === 'string' ? v.$flags : undefined);
      } catch (e) {
        throw new UserError(`${at}.$regex: not a valid regular expression (${(e as Error).message})`);
      }
      return;
    }
    if ('$contains' in v) return;
    for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
  };
  for (const [k, v] of Object.entries(expected)) walk(v, `${where}.${k}`);
}

/** What does not match (empty: it matches). `at` names the output, e.g. `output "answer"`. */
export function matchExpected(got: Json, want: Json, at: string): string[] {
  if (isObject(want) && '$regex' in want) {
    const re = new RegExp(String(want.$regex), typeof want.$flags === 'string' ? want.$flags : undefined);
    return typeof got === 'string' && re.test(got)
      ? []
      : [`${at}: expected text matching /${re.source}/${re.flags}, got ${show(got)}`];
  }
  if (isObject(want) && '$contains' in want) {
    const part = want.$contains;
    const ok =
      typeof got === 'string' && typeof part === 'string'
        ? got.includes(part)
        : Array.isArray(got) && got.some((x) => isDeepStrictEqual(x, part));
    return ok ? [] : [`${at}: expected it to contain ${show(part)}, got ${show(got)}`];
  }
  if (isObject(want)) {
    if (!isObject(got)) return [`${at}: expected an object with ${show(want)}, got ${show(got)}`];
    return Object.entries(want).flatMap(([k, w]) => matchExpected(got[k], w, `${at}.${k}`));
  }
  return isDeepStrictEqual(got, want) ? [] : [`${at}: expected ${show(want)}, got ${show(got)}`];
}

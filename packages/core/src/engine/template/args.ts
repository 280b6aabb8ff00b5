/** Binding Python-style call arguments (positional and keyword) to parameter names. */
import { typeError, typeName, numeric, type Kwargs, type Value } from './values.js';

/**
 * Binds `args`/`kwargs` to `params` (the first `required` ones are mandatory). Returns one slot per
 * parameter, `undefined` where nothing was passed. Raises TypeError the way Python phrases it.
 */
export function bindArgs(
  fname: string,
  params: readonly string[],
  required: number,
  args: readonly Value[],
  kwargs: Kwargs
): (Value | undefined)[] {
  if (args.length > params.length) {
    throw typeError(
      `${fname}() takes at most ${params.length} argument${params.length === 1 ? '' : 's'} (${args.length} given)`
    );
  }
  const out: (Value | undefined)[] = params.map((_, i) => args[i]);
  for (const [k, v] of kwargs) {
    const i = params.indexOf(k);
    if (i < 0) throw typeError(`${fname}() got an unexpected keyword argument '${k}'`);
    if (out[i] !== undefined) throw typeError(`${fname}() got multiple values for argument '${k}'`);
    out[i] = v;
  }
  for (let i = 0; i < required; i++) {
    if (out[i] === undefined) throw typeError(`${fname}() missing required argument '${params[i]}'`);
  }
  return out;
}

export function asStr(v: Value, what: string): string {
  if (typeof v !== 'string') throw typeError(`${what} must be str, not ${typeName(v)}`);
  return v;
}

/** An int (or bool) argument as a JS number. */
export function asInt(v: Value, what = 'argument'): number {
  if (typeof v === 'bigint' || typeof v === 'boolean') return Number(numeric(v));
  throw typeError(
    `'${typeName(v)}' object cannot be interpreted as an integer${what === 'argument' ? '' : ` (${what})`}`
  );
}

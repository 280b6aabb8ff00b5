/**
 * `${...}` references. Inside a flow: `${inputs.x}` (also the legacy `${flow.x}`), `${node.output}`,
 * `${node.output.field.sub}`. In run column mappings: `${data.col}`, `${run.outputs.col}`,
 * `${run.inputs.col}`. As in prompt flow, only a whole value is a reference: `"Hi ${inputs.x}"` is a
 * literal string.
 */
import { UserError } from '../errors.js';
import { PyFloat } from '../util/py-float.js';

export type Reference =
  /** `${inputs.name}` or `${flow.name}`. */
  | { kind: 'flow-input'; text: string; name: string }
  /** `${node.output}` (path []) or `${node.output.a.b}` (path ['a', 'b']). */
  | { kind: 'node-output'; text: string; node: string; path: string[] }
  /** `${data.column}`: a column of the data file (the whole rest is the column name). */
  | { kind: 'data'; text: string; column: string }
  /** `${run.outputs.column}`: an output of the referenced run, joined by line number. */
  | { kind: 'run-output'; text: string; column: string }
  /** `${run.inputs.column}`: an input of the referenced run, joined by line number. */
  | { kind: 'run-input'; text: string; column: string };

export type ReferenceKind = Reference['kind'];

/** A node input or mapping value that is not a reference. */
export interface LiteralValue {
  kind: 'literal';
  value: unknown;
}

/**
 * Where a reference is read: `flow` (inside flow.dag.yaml: inputs and node outputs; `data` and `run`
 * are then node names), `mapping` (run column mappings: data and run only), or `any` (all kinds;
 * `data.` and `run.` prefixes win).
 */
export type ReferenceContext = 'flow' | 'mapping' | 'any';

export type ReferenceParse = { ok: true; reference: Reference } | { ok: false; reason: string };

/** True when `value` is a string that is a whole `${...}` (well formed or not: see `tryParseReference`). */
export function isReference(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 3 && value.startsWith('${') && value.endsWith('}');
}

const MAPPING_FORMS = '${data.<column>}, ${run.outputs.<name>} or ${run.inputs.<name>}';

/** Parses a reference; on failure says why, in words fit for a "…: invalid reference X: <reason>" message. */
export function tryParseReference(text: string, context: ReferenceContext = 'any'): ReferenceParse {
  if (!isReference(text)) return { ok: false, reason: 'expected a whole value of the form ${...}' };
  const body = text.slice(2, -1);
  const fail = (reason: string): ReferenceParse => ({ ok: false, reason });
  if (body.trim() === '') return fail('it is empty');
  if (/[{}$]/.test(body)) return fail('a reference is one ${...} with no nested braces');

  if (context !== 'flow') {
    const column = (prefix: string): string | undefined =>
      body.startsWith(prefix) ? body.slice(prefix.length) : undefined;
    const data = column('data.');
    if (data !== undefined)
      return data ? ok({ kind: 'data', text, column: data }) : fail('expected ${data.<column>}');
    const runOut = column('run.outputs.');
    if (runOut !== undefined)
      return runOut
        ? ok({ kind: 'run-output', text, column: runOut })
        : fail('expected ${run.outputs.<name>}');
    const runIn = column('run.inputs.');
    if (runIn !== undefined)
      return runIn ? ok({ kind: 'run-input', text, column: runIn }) : fail('expected ${run.inputs.<name>}');
    if (body === 'data' || body === 'run' || body.startsWith('run.'))
      return fail(`expected ${MAPPING_FORMS}`);
    if (context === 'mapping') return fail(`expected ${MAPPING_FORMS}`);
  }

  if (/\s/.test(body)) return fail('a reference has no spaces');
  const segments = body.split('.');
  if (segments.some((s) => s === '')) return fail('it has an empty name between dots');
  const [head, ...rest] = segments;
  if (head === 'inputs' || head === 'flow') {
    if (rest.length === 0) return fail(`expected \${${head}.<input name>}`);
    if (rest.length > 1)
      return fail(`a flow input is referenced as a whole (\${${head}.${rest[0]}}), not by field`);
    return ok({ kind: 'flow-input', text, name: rest[0] });
  }
  // `${node}` is prompt flow's shorthand for `${node.output}`.
  if (rest.length === 0) return ok({ kind: 'node-output', text, node: head, path: [] });
  if (rest[0] !== 'output' && (head === 'data' || head === 'run')) {
    return fail(
      "column mappings (${data.…}, ${run.…}) belong in a run's mappings; inside a flow use ${inputs.<name>} or ${<node>.output}"
    );
  }
  if (rest[0] !== 'output') {
    return fail(
      `expected \${${head}.output} or \${${head}.output.<field>}, found "${rest[0]}" after the node name`
    );
  }
  return ok({ kind: 'node-output', text, node: head, path: rest.slice(1) });
}

function ok(reference: Reference): ReferenceParse {
  return { ok: true, reference };
}

/** Parses a reference or throws a UserError saying what is wrong with it. */
export function parseReference(text: string, context: ReferenceContext = 'any'): Reference {
  const r = tryParseReference(text, context);
  if (!r.ok) throw new UserError(`invalid reference ${JSON.stringify(text)}: ${r.reason}`);
  return r.reference;
}

/** A node input / mapping value: a literal, or a parsed reference when the value is a whole `${...}`. */
export function parseValue(value: unknown, context: ReferenceContext = 'any'): LiteralValue | Reference {
  return isReference(value) ? parseReference(value, context) : { kind: 'literal', value };
}

export type FieldLookup =
  | { found: true; value: unknown }
  /** `missing` is the first segment not found; `parent` is the value it was looked up in, at `parentPath`. */
  | { found: false; missing: string; parentPath: string[]; parent: unknown };

/**
 * Follows `path` (e.g. ['answer', 'score'] for `${node.output.answer.score}`) into `value`: object
 * keys (own properties only), and array indexes for numeric segments.
 */
export function resolveFieldPath(value: unknown, path: readonly string[]): FieldLookup {
  let current = value;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    let next: { v: unknown } | undefined;
    if (Array.isArray(current)) {
      if (/^\d+$/.test(key) && Number(key) < current.length) next = { v: current[Number(key)] };
    } else if (
      current !== null &&
      typeof current === 'object' &&
      !(current instanceof PyFloat) && // a number, no fields
      Object.prototype.hasOwnProperty.call(current, key)
    ) {
      next = { v: (current as Record<string, unknown>)[key] };
    }
    if (!next) return { found: false, missing: key, parentPath: path.slice(0, i), parent: current };
    current = next.v;
  }
  return { found: true, value: current };
}

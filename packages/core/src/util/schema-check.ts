import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Problem } from '../errors.js';
import { describe } from './describe.js';
import { didYouMean } from './did-you-mean.js';
import type { JsonDocument, JsonPath } from './json-document.js';

const Ajv = AjvModule.default;

/** Compiles a JSON Schema into a checker that returns our Problems (file, path, line, expected/found). */
export function schemaChecker(schema: object): (doc: JsonDocument) => Problem[] {
  // Compiled on first use: compiling costs tens of ms, and an action's start-up should not pay for
  // schemas it never needs (the legacy ones, in most repositories).
  let compiled: ValidateFunction | undefined;
  return (doc) => {
    const validate = (compiled ??= new Ajv({ allErrors: true, verbose: true, strict: false }).compile(
      schema
    ));
    if (validate(doc.value)) return [];
    const seen = new Set<string>();
    const problems: Problem[] = [];
    for (const err of validate.errors ?? []) {
      const { path, message } = explain(err);
      if (message === undefined) continue;
      const p = doc.problem(path, message);
      const key = `${p.path}|${p.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        problems.push(p);
      }
    }
    return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  };
}

function pointerToPath(pointer: string): JsonPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

function explain(err: ErrorObject): { path: JsonPath; message?: string } {
  const path = pointerToPath(err.instancePath);
  const schema = (err.parentSchema ?? {}) as Record<string, unknown>;
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'type':
      return { path, message: `expected ${article(String(p.type))}, found ${describe(err.data)}` };
    case 'required':
      return { path, message: `missing required key "${p.missingProperty}"` };
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = Object.keys((schema.properties as object) ?? {});
      return { path: [...path, key], message: `unknown key "${key}"${didYouMean(key, known)}` };
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      const hint = typeof err.data === 'string' ? didYouMean(err.data, p.allowedValues as string[]) : '';
      return { path, message: `expected one of ${allowed.join(', ')}, found ${describe(err.data)}${hint}` };
    }
    case 'minimum':
    case 'maximum': {
      const kind = schema.type === 'integer' ? 'an integer' : 'a number';
      const range =
        schema.minimum !== undefined && schema.maximum !== undefined
          ? `from ${schema.minimum} to ${schema.maximum}`
          : schema.minimum !== undefined
            ? `of at least ${schema.minimum}`
            : `of at most ${schema.maximum}`;
      return { path, message: `expected ${kind} ${range}, found ${describe(err.data)}` };
    }
    case 'minLength':
      return { path, message: `expected a non-empty string, found ${describe(err.data)}` };
    case 'minItems':
      return { path, message: `expected at least ${p.limit} item${p.limit === 1 ? '' : 's'}, found none` };
    case 'minProperties':
      return { path, message: `expected at least ${p.limit} entr${p.limit === 1 ? 'y' : 'ies'}, found none` };
    case 'uniqueItems': {
      const later = Math.max(p.i as number, p.j as number);
      return {
        path: [...path, later],
        message: `${describe((err.data as unknown[])[later])} is listed twice`
      };
    }
    default:
      return { path, message: err.message };
  }
}

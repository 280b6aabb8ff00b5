import { readFileSync } from 'node:fs';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { BodyProblem } from './mappers.js';

/**
 * Request-body checks against Azure's published REST specification of Azure ML (the vendored excerpt in
 * `packages/testkit/spec/`, see its README for origin and licence), compiled to JSON Schema for ajv.
 *
 * Swagger 2.0 is not JSON Schema, so definitions are translated:
 * - `discriminator` / `x-ms-discriminator-value` → the base dispatches (`if`/`then`) to the sub-type named by
 *   the discriminator value; sub-types extend the base's own schema (`<Name>__self`), so there is no loop;
 * - `readOnly` properties accept anything (the service ignores what a client sends there) and are never required;
 * - `x-nullable` also accepts null; `format: duration | uuid` become patterns; other formats are informative;
 * - `additionalProperties: false` is not enforced: the service ignores unknown properties (it does not reject them).
 */

const Ajv = AjvModule.default;

type Schema = Record<string, unknown>;

export interface SpecExample {
  operation?: string;
  parameters: Record<string, unknown> & { body?: unknown };
  responses: Record<string, { body?: unknown }>;
}

export interface AzureMlSpec {
  operations: Record<string, { method: string; body: string }>;
  definitions: Record<string, Schema>;
  examples: Record<string, SpecExample>;
}

const SPEC_FILE = new URL('../../spec/machinelearningservices-2022-10-01.json', import.meta.url);

const ISO_DURATION =
  '^P(?!$)(\\d+(\\.\\d+)?Y)?(\\d+(\\.\\d+)?M)?(\\d+(\\.\\d+)?W)?(\\d+(\\.\\d+)?D)?(T(?=\\d)(\\d+(\\.\\d+)?H)?(\\d+(\\.\\d+)?M)?(\\d+(\\.\\d+)?S)?)?$';
const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const KEPT = [
  'type',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'minItems',
  'maxItems'
];

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const refName = (ref: string) => ref.replace(/^#\/definitions\//, '');

/** One property / item / value schema of the spec, as JSON Schema. */
function convertNode(node: Schema): Schema {
  if (node.readOnly) return {};
  let out: Schema = {};
  if (typeof node.$ref === 'string') out = { $ref: node.$ref };
  else {
    for (const k of KEPT) if (node[k] !== undefined) out[k] = node[k];
    if (node.format === 'duration') out.pattern = ISO_DURATION;
    if (node.format === 'uuid') out.pattern = UUID;
    if (isObject(node.items)) out.items = convertNode(node.items);
    if (isObject(node.additionalProperties))
      out.additionalProperties = convertNode(node.additionalProperties);
    if (isObject(node.properties)) Object.assign(out, convertObject(node));
  }
  return node['x-nullable'] ? { anyOf: [{ type: 'null' }, out] } : out;
}

/** `properties` and `required` of an object definition (read-only properties are never required). */
function convertObject(def: Schema): Schema {
  const props = (isObject(def.properties) ? def.properties : {}) as Record<string, Schema>;
  const out: Schema = {
    properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, convertNode(v)]))
  };
  const required = ((def.required as string[] | undefined) ?? []).filter((r) => !props[r]?.readOnly);
  if (required.length) out.required = required;
  return out;
}

/** The spec's definitions as JSON Schema definitions (`<Name>` dispatches on its discriminator, `<Name>__self` does not). */
export function toJsonSchemaDefinitions(definitions: Record<string, Schema>): Record<string, Schema> {
  const children = new Map<string, { name: string; value: string }[]>();
  for (const [name, def] of Object.entries(definitions)) {
    const value = def['x-ms-discriminator-value'];
    if (typeof value !== 'string') continue;
    for (const p of (def.allOf as Schema[] | undefined) ?? []) {
      const parent = refName(String(p.$ref));
      if (definitions[parent]?.discriminator)
        children.set(parent, [...(children.get(parent) ?? []), { name, value }]);
    }
  }
  const out: Record<string, Schema> = {};
  for (const [name, def] of Object.entries(definitions)) {
    const self: Schema = { type: 'object', ...convertObject(def) };
    const parents = ((def.allOf as Schema[] | undefined) ?? []).map((p) => ({
      $ref: `#/definitions/${refName(String(p.$ref))}__self`
    }));
    if (def.enum || def.type === 'string') {
      out[`${name}__self`] = convertNode(def);
      out[name] = { $ref: `#/definitions/${name}__self` };
      continue;
    }
    out[`${name}__self`] = parents.length ? { allOf: [...parents, self] } : self;
    const discriminator = def.discriminator as string | undefined;
    const subs = discriminator ? (children.get(name) ?? []) : [];
    let dispatch: Schema = {};
    for (const c of [...subs].reverse()) {
      dispatch = {
        if: { properties: { [discriminator!]: { const: c.value } }, required: [discriminator!] },
        then: { $ref: `#/definitions/${c.name}__self` },
        ...(Object.keys(dispatch).length ? { else: dispatch } : {})
      };
    }
    out[name] = Object.keys(dispatch).length
      ? { allOf: [{ $ref: `#/definitions/${name}__self` }, dispatch] }
      : { $ref: `#/definitions/${name}__self` };
  }
  return out;
}

let cached:
  { spec: AzureMlSpec; validators: Map<string, ValidateFunction>; ajv: InstanceType<typeof Ajv> } | undefined;

function load() {
  if (cached) return cached;
  const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as AzureMlSpec;
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
  ajv.addSchema({ $id: 'azureml', definitions: toJsonSchemaDefinitions(spec.definitions) });
  cached = { spec, validators: new Map(), ajv };
  return cached;
}

/** The vendored specification (operations, definitions, examples). */
export function azureMlSpec(): AzureMlSpec {
  return load().spec;
}

/** Where an ajv error points, as a dotted wire path (`properties.requestSettings.requestTimeout`). */
function targetOf(e: ErrorObject): string {
  const base = e.instancePath.split('/').filter(Boolean).join('.');
  const missing = e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty : '';
  return [base, missing].filter(Boolean).join('.');
}

function messageOf(e: ErrorObject, target: string): string | undefined {
  const what = target || 'the body';
  switch (e.keyword) {
    case 'required':
      return `${what} is required.`;
    case 'enum':
      return `${what} must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}, got ${JSON.stringify(e.data)}.`;
    case 'type':
      if ((e.params as { type: string }).type === 'null') return undefined; // the other branch of x-nullable says more
      return `${what} must be of type ${(e.params as { type: string }).type}, got ${JSON.stringify(e.data)}.`;
    case 'pattern':
      return `${what} ${JSON.stringify(e.data)} does not match the pattern ${(e.params as { pattern: string }).pattern}.`;
    case 'if':
    case 'anyOf':
    case 'allOf':
      return undefined;
    default:
      return `${what} ${e.message ?? 'is invalid'}.`;
  }
}

/**
 * Checks a request body against the spec definition `definition` (e.g. `OnlineDeploymentTrackedResource`):
 * required properties, types, enums, patterns and sub-types chosen by discriminators. [] when it conforms.
 */
export function specProblems(definition: string, body: unknown): BodyProblem[] {
  const { spec, validators, ajv } = load();
  if (!spec.definitions[definition])
    throw new Error(`testkit: no definition ${definition} in the vendored spec`);
  let validate = validators.get(definition);
  if (!validate) {
    validate = ajv.getSchema(`azureml#/definitions/${definition}`)!;
    validators.set(definition, validate);
  }
  if (validate(body)) return [];
  const seen = new Set<string>();
  const out: BodyProblem[] = [];
  for (const e of validate.errors ?? []) {
    const target = targetOf(e);
    const message = messageOf(e, target);
    if (!message || seen.has(message)) continue;
    seen.add(message);
    out.push({ target, message });
  }
  return out;
}

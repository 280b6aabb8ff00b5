import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createSerializer, type CompositeMapper, type Mapper, type Serializer } from '@azure/core-client';

/**
 * The model mappers of `@azure/arm-machinelearning` — the very metadata its generated client uses to
 * (de)serialize every request and response.
 *
 * The package's CommonJS bundle keeps `Mappers` private, and its `dist-esm/src/models/mappers.js` is an ES
 * module inside a package without `"type": "module"`, which neither Node's loader nor jest can import as is.
 * That file is pure data (no imports; only `export const X = {…}` and a final `export let discriminators`),
 * so we read it and evaluate it as a function body that returns its bindings. Same objects, same version.
 */
export type SdkMappers = Record<string, CompositeMapper> & {
  discriminators: Record<string, CompositeMapper>;
};

let cached: { mappers: SdkMappers; serializer: Serializer } | undefined;

function load(): { mappers: SdkMappers; serializer: Serializer } {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('@azure/arm-machinelearning/package.json'));
  const file = join(root, 'dist-esm', 'src', 'models', 'mappers.js');
  let source = readFileSync(file, 'utf8');
  const names = [...source.matchAll(/^export (?:const|let|var) (\w+)/gm)].map((m) => m[1]);
  if (names.length < 100 || !names.includes('discriminators')) {
    throw new Error(`testkit: unexpected shape of ${file}; cannot load the SDK's model mappers`);
  }
  if (/^\s*(import|export)\b(?! (const|let|var) )/m.test(source)) {
    throw new Error(`testkit: ${file} has imports or other exports; cannot load the SDK's model mappers`);
  }
  source = source.replace(/^export (const|let|var) /gm, '$1 ').replace(/^\/\/# sourceMappingURL=.*$/m, '');
  const mappers = new Function(`${source}\nreturn { ${names.join(', ')} };`)() as SdkMappers;
  cached = { mappers, serializer: createSerializer(mappers, false) };
  return cached;
}

/** The SDK's `Mappers` (keyed by class name, plus `discriminators`). */
export function sdkMappers(): SdkMappers {
  return load().mappers;
}

/** `createSerializer(Mappers)`, exactly as the generated operations build theirs. */
export function sdkSerializer(): Serializer {
  return load().serializer;
}

export interface BodyProblem {
  /** JSON path in wire names, e.g. `properties.authMode`. */
  target: string;
  message: string;
}

const ISO_DURATION =
  /^P(?!$)(\d+(?:\.\d+)?Y)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?W)?(\d+(?:\.\d+)?D)?(T(?=\d)(\d+(?:\.\d+)?H)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?S)?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** core-client's `splitSerializeName`: `a.b` is nested, `a\\.b` is one name with a dot. */
function splitSerializedName(name: string): string[] {
  const out: string[] = [];
  let partial = '';
  for (const item of name.split('.')) {
    if (item.endsWith('\\')) partial += item.slice(0, -1) + '.';
    else {
      out.push(partial + item);
      partial = '';
    }
  }
  return out;
}

function resolveComposite(mappers: SdkMappers, mapper: Mapper): CompositeMapper {
  const composite = mapper as CompositeMapper;
  const className = composite.type.className;
  if (!composite.type.modelProperties && className && mappers[className]) return mappers[className];
  return composite;
}

function discriminatorOf(mappers: SdkMappers, mapper: CompositeMapper) {
  const t = mapper.type;
  return (
    t.polymorphicDiscriminator ??
    (t.uberParent ? mappers[t.uberParent]?.type.polymorphicDiscriminator : undefined) ??
    (t.className ? mappers[t.className]?.type.polymorphicDiscriminator : undefined)
  );
}

/** core-client's `getIndexDiscriminator`, plus the list of concrete values (for messages). */
function polymorphicLookup(
  mappers: SdkMappers,
  typeName: string,
  value: string
): { mapper?: CompositeMapper; choices: string[] } {
  const discriminators = mappers.discriminators;
  const queue = [typeName];
  const choices: string[] = [];
  let found: CompositeMapper | undefined;
  const seen = new Set<string>();
  while (queue.length) {
    const current = queue.shift()!;
    if (seen.has(current)) continue;
    seen.add(current);
    const key = value === current ? value : `${current}.${value}`;
    if (!found && Object.prototype.hasOwnProperty.call(discriminators, key)) found = discriminators[key];
    for (const [name, m] of Object.entries(discriminators)) {
      if (!name.startsWith(current + '.') || m.type.uberParent !== current || !m.type.className) continue;
      const hasChildren = Object.keys(discriminators).some((k) => k.startsWith(m.type.className + '.'));
      if (hasChildren) queue.push(m.type.className);
      else choices.push(name.slice(current.length + 1));
    }
  }
  return { mapper: found, choices };
}

function checkConstraints(mapper: Mapper, value: unknown, target: string, out: BodyProblem[]): void {
  const c = mapper.constraints;
  if (!c) return;
  const bad = (what: string) => out.push({ target, message: `${target} ${what}.` });
  if (typeof value === 'number') {
    if (c.InclusiveMinimum !== undefined && value < c.InclusiveMinimum)
      bad(`must be >= ${c.InclusiveMinimum}`);
    if (c.InclusiveMaximum !== undefined && value > c.InclusiveMaximum)
      bad(`must be <= ${c.InclusiveMaximum}`);
    if (c.ExclusiveMinimum !== undefined && value <= c.ExclusiveMinimum)
      bad(`must be > ${c.ExclusiveMinimum}`);
    if (c.ExclusiveMaximum !== undefined && value >= c.ExclusiveMaximum)
      bad(`must be < ${c.ExclusiveMaximum}`);
    if (c.MultipleOf !== undefined && value % c.MultipleOf !== 0)
      bad(`must be a multiple of ${c.MultipleOf}`);
  }
  if (typeof value === 'string' || Array.isArray(value)) {
    if (c.MinLength !== undefined && value.length < c.MinLength)
      bad(`must have at least ${c.MinLength} characters`);
    if (c.MaxLength !== undefined && value.length > c.MaxLength)
      bad(`must have at most ${c.MaxLength} characters`);
  }
  if (Array.isArray(value)) {
    if (c.MinItems !== undefined && value.length < c.MinItems) bad(`must have at least ${c.MinItems} items`);
    if (c.MaxItems !== undefined && value.length > c.MaxItems) bad(`must have at most ${c.MaxItems} items`);
  }
  if (c.Pattern !== undefined && typeof value === 'string') {
    const re = typeof c.Pattern === 'string' ? new RegExp(c.Pattern) : c.Pattern;
    if (!re.test(value)) bad(`does not match the pattern ${re.source}`);
  }
}

function walk(mappers: SdkMappers, mapper: Mapper, value: unknown, target: string, out: BodyProblem[]): void {
  if (mapper.readOnly || mapper.isConstant) return; // the service ignores read-only properties sent by clients
  if (value === undefined || value === null) {
    if (mapper.required && !(value === null && mapper.nullable)) {
      out.push({ target, message: `${target} is required.` });
    }
    return;
  }
  checkConstraints(mapper, value, target, out);
  const typeName = mapper.type.name;
  const wrongType = (expected: string): void => {
    out.push({ target, message: `${target} must be ${expected}, got ${JSON.stringify(value)}.` });
  };
  switch (typeName) {
    case 'String':
      if (typeof value !== 'string') wrongType('a string');
      return;
    case 'Number':
      if (typeof value !== 'number' || !Number.isFinite(value)) wrongType('a number');
      return;
    case 'Boolean':
      if (typeof value !== 'boolean') wrongType('a boolean');
      return;
    case 'Uuid':
      if (typeof value !== 'string' || !UUID.test(value)) wrongType('a UUID');
      return;
    case 'Enum': {
      const allowed = (mapper.type as { allowedValues?: unknown[] }).allowedValues ?? [];
      const ok = allowed.some((a) =>
        typeof a === 'string' && typeof value === 'string'
          ? a.toLowerCase() === value.toLowerCase()
          : a === value
      );
      if (!ok) wrongType(`one of ${JSON.stringify(allowed)}`);
      return;
    }
    case 'Date':
    case 'DateTime':
    case 'DateTimeRfc1123':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) wrongType('a date-time string');
      return;
    case 'UnixTime':
      if (typeof value !== 'number') wrongType('a number (unix time)');
      return;
    case 'TimeSpan':
      if (typeof value !== 'string' || !ISO_DURATION.test(value))
        wrongType('an ISO 8601 duration (e.g. PT5S)');
      return;
    case 'ByteArray':
    case 'Base64Url':
      if (typeof value !== 'string') wrongType('a base64 string');
      return;
    case 'Sequence': {
      if (!Array.isArray(value)) return wrongType('an array');
      const element = (mapper.type as { element: Mapper }).element;
      value.forEach((item, i) => walk(mappers, element, item, `${target}[${i}]`, out));
      return;
    }
    case 'Dictionary': {
      if (!isPlainObject(value)) return wrongType('an object');
      const valueMapper = (mapper.type as { value: Mapper }).value;
      for (const [k, v] of Object.entries(value)) walk(mappers, valueMapper, v, `${target}.${k}`, out);
      return;
    }
    case 'Composite': {
      if (!isPlainObject(value)) return wrongType('an object');
      let composite = resolveComposite(mappers, mapper);
      const disc = discriminatorOf(mappers, composite);
      if (disc) {
        const discName = disc.serializedName.replace(/\\/g, '');
        const discValue = value[discName];
        const base = composite.type.uberParent ?? composite.type.className;
        if (typeof discValue === 'string' && base) {
          const { mapper: concrete, choices } = polymorphicLookup(mappers, base, discValue);
          if (concrete) composite = concrete;
          else if (choices.length) {
            out.push({
              target: target ? `${target}.${discName}` : discName,
              message: `${target ? target + '.' : ''}${discName} '${discValue}' is not supported; expected one of ${choices.join(', ')}.`
            });
            return;
          }
        }
      }
      const props = composite.type.modelProperties ?? {};
      for (const prop of Object.values(props)) {
        const path = splitSerializedName(prop.serializedName ?? '');
        let v: unknown = value;
        for (const p of path) v = isPlainObject(v) ? v[p] : undefined;
        walk(mappers, prop, v, target ? `${target}.${path.join('.')}` : path.join('.'), out);
      }
      return;
    }
    default:
      return; // Object, any, Stream: anything goes
  }
}

/**
 * Checks a request body (wire JSON) against the SDK mapper `className`: required properties, types, enums,
 * constraints and polymorphic discriminators. Read-only properties are ignored, as the service does.
 */
export function checkBody(className: string, body: unknown): BodyProblem[] {
  const mappers = sdkMappers();
  const mapper = mappers[className];
  if (!mapper) throw new Error(`testkit: no SDK mapper named ${className}`);
  const out: BodyProblem[] = [];
  if (!isPlainObject(body)) {
    out.push({ target: '', message: `The request body must be a JSON object (${className}).` });
    return out;
  }
  walk(mappers, mapper, body, '', out);
  return out;
}

/**
 * Deserializes a wire body into the SDK's model (`serializer.deserialize`) and serializes it back: the
 * canonical wire form, with unknown and read-only properties dropped — what the service would store.
 */
export function canonicalize<T = Record<string, unknown>>(className: string, body: unknown): T {
  const serializer = sdkSerializer();
  const mapper = sdkMappers()[className];
  const model = serializer.deserialize(mapper, body, 'body');
  return serializer.serialize(mapper, model, 'body') as T;
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createSerializer, type CompositeMapper, type Serializer } from '@azure/core-client';

/**
 * The model mappers of `@azure/arm-machinelearning` — the very metadata its generated client uses to
 * (de)serialize every request and response. The emulator uses them only to store the canonical wire form
 * of what it accepted; bodies are checked against Azure's REST specification (`spec-schemas.ts`).
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

/**
 * A flow's own sample values, used by `flow test` when no inputs (or init) are given, as `pf flow
 * test` does: flex `sample: {inputs, init}` (or a JSON file holding that), and a prompty's `sample`
 * (its input values, inline or `${file:sample.json}`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { Flow } from './model.js';
import { isRecord } from './shape.js';

export interface FlowSample {
  inputs?: Record<string, unknown>;
  init?: Record<string, unknown>;
}

export function flowSample(flow: Flow): FlowSample {
  const raw = flow.kind === 'flex' ? flow.sample : flow.prompty?.sample;
  if (raw === undefined) return {};
  const value = typeof raw === 'string' ? readSampleFile(flow.dir, raw, flow.displayFile) : raw;
  if (!isRecord(value)) return {};
  if (flow.kind === 'dag') return { inputs: value };
  return {
    ...(isRecord(value.inputs) ? { inputs: value.inputs } : {}),
    ...(isRecord(value.init) ? { init: value.init } : {})
  };
}

function readSampleFile(dir: string, ref: string, shown: string): unknown {
  const name = /^\$\{file:(.+)\}$/.exec(ref.trim())?.[1] ?? ref;
  const file = path.resolve(dir, name);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError([
      { file: shown, path: 'sample', message: `cannot read sample ${name}: ${(e as Error).message}` }
    ]);
  }
}

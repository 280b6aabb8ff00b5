import { existsSync, readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { UserError, type Reporter } from '@genaiops/core';
import { pyJson } from '@genaiops/core/engine';

/** Commander collector for repeatable / variadic `key=value` options. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `k=v` pairs → object; `parse` turns each value (default: kept as a string). */
export function keyValues(
  pairs: string[] | undefined,
  option: string,
  parse: (v: string) => unknown = (v) => v
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UserError(`${option} ${JSON.stringify(pair)}: expected key=value`);
    out[pair.slice(0, eq)] = parse(pair.slice(eq + 1));
  }
  return out;
}

/** A value given on the command line: JSON when it parses (numbers, lists, objects, true…), else the text. */
export function jsonOrString(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * `--inputs` as pf takes it: `k=v` pairs, or a .json / .jsonl file (its object, or its first line's).
 */
export function flowInputs(args: string[] | undefined, option = '--inputs'): Record<string, unknown> {
  const pairs: string[] = [];
  let fromFile: Record<string, unknown> = {};
  for (const a of args ?? []) {
    if (a.includes('=') || !existsSync(a)) {
      pairs.push(a);
      continue;
    }
    const text = readFileSync(a, 'utf8');
    const first = a.endsWith('.jsonl') ? (text.split('\n').find((l) => l.trim()) ?? '') : text;
    let value: unknown;
    try {
      value = JSON.parse(first);
    } catch (e) {
      throw new UserError(`${option} ${a}: not valid JSON (${(e as Error).message})`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value))
      throw new UserError(`${option} ${a}: expected a JSON object of values`);
    fromFile = { ...fromFile, ...(value as Record<string, unknown>) };
  }
  return { ...fromFile, ...keyValues(pairs, option, jsonOrString) };
}

/** Commander argument parser for a positive whole number. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number.');
  return n;
}

/** Commander argument parser for a positive number of seconds. */
export function positiveSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number of seconds.');
  return n;
}

/**
 * JSON on stdout, masked as the reporter masks its lines (an endpoint's answer may quote a key);
 * NaN and Infinity print as prompt flow prints them (Python's json.dumps), not as null.
 */
export function printJson(value: unknown, reporter?: Pick<Reporter, 'mask'>): void {
  const text = pyJson(value, 4);
  process.stdout.write((reporter?.mask ? reporter.mask(text) : text) + '\n');
}

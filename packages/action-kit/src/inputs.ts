import * as core from '@actions/core';
import { UserError, type Backend, type DeploymentTarget } from '@genaiops/core';

/** Inputs every stage action takes. */
export interface CommonInputs {
  useCase: string;
  env: string;
  backend?: Backend;
  target?: DeploymentTarget;
}

/** One of `allowed`, or `fallback` when the input is empty. */
export function choiceInput<T extends string>(
  name: string,
  allowed: readonly T[],
  fallback?: T
): T | undefined {
  const value = core.getInput(name).trim();
  if (!value) return fallback;
  if (!allowed.includes(value as T))
    throw new UserError(`input "${name}": expected one of ${allowed.join(', ')}, found "${value}"`);
  return value as T;
}

/** A required input: a user's mistake (no stack trace) when the step's `with:` leaves it empty. */
export function requiredInput(name: string): string {
  const value = core.getInput(name).trim();
  if (!value) throw new UserError(`input "${name}" is required: set it in the step's \`with:\``);
  return value;
}

export function readCommonInputs(): CommonInputs {
  return {
    useCase: requiredInput('use-case'),
    env: requiredInput('env'),
    backend: choiceInput('backend', ['local', 'azure'] as const),
    target: choiceInput('target', ['local', 'managed', 'kubernetes'] as const)
  };
}

/** A whole number ≥ 1, or `fallback` when the input is empty. */
export function positiveIntInput(name: string, fallback: number): number {
  const text = core.getInput(name).trim();
  if (!text) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UserError(`input "${name}": expected a positive whole number, found "${text}"`);
  return n;
}

/** A number ≥ 0, or undefined when the input is empty. */
export function optionalNumberInput(name: string): number | undefined {
  const text = core.getInput(name).trim();
  if (!text) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0)
    throw new UserError(`input "${name}": expected a number ≥ 0 (e.g. 0.05), found "${text}"`);
  return n;
}

/** true/false (also yes/no, on/off, 1/0), or `fallback` when the input is empty. */
export function booleanInput(name: string, fallback: boolean): boolean {
  const text = core.getInput(name).trim().toLowerCase();
  if (!text) return fallback;
  if (['true', 'yes', 'on', '1'].includes(text)) return true;
  if (['false', 'no', 'off', '0'].includes(text)) return false;
  throw new UserError(`input "${name}": expected true or false, found "${text}"`);
}

/** true or false, or undefined when the input is empty (another setting decides). */
export function optionalBooleanInput(name: string): boolean | undefined {
  return core.getInput(name).trim() ? booleanInput(name, false) : undefined;
}

/** A JSON object, or undefined when the input is empty. */
export function jsonObjectInput(name: string): Record<string, unknown> | undefined {
  const text = core.getInput(name).trim();
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UserError(`input "${name}": not JSON (${(e as Error).message})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new UserError(`input "${name}": expected a JSON object`);
  return value as Record<string, unknown>;
}

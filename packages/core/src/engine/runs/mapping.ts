/**
 * Column mappings of a bulk run: which value each flow input takes on each line. `${data.col}` reads
 * the data line, `${run.outputs.col}` / `${run.inputs.col}` the same line number of an earlier run,
 * anything else is a literal. A flow input without a mapping takes the data column of the same name
 * when the data has one (prompt flow's default), else its default in the flow.
 */
import { UserError } from '../../errors.js';
import { isReference, tryParseReference } from '../../flow/references.js';
import type { Flow } from '../../flow/model.js';
import { didYouMean } from '../../util/did-you-mean.js';

export type MappingSource =
  | { kind: 'data'; column: string; text: string; implicit?: boolean }
  | { kind: 'run-output'; column: string; text: string }
  | { kind: 'run-input'; column: string; text: string }
  | { kind: 'literal'; value: unknown };

export interface CompiledMapping {
  /** Flow input (or, for a flow whose inputs are not declared, data column) → where its value comes from. */
  inputs: Record<string, MappingSource>;
  /** For flows whose inputs are unknown (a flex flow without `inputs:`): pass every data column on. */
  passAllColumns: boolean;
  /** Mapping keys that are not inputs of the flow (ignored, as prompt flow does). */
  ignored: string[];
  usesRun: boolean;
}

/** Input names of a flow, or undefined when the flow does not declare them (flex flow without `inputs`). */
export function flowInputNames(flow: Flow): string[] | undefined {
  if (flow.kind === 'dag') return Object.keys(flow.inputs);
  return flow.inputs ? Object.keys(flow.inputs) : undefined;
}

/** Formats a mapping entry as the user wrote it, for messages: `prediction=${run.outputs.category}`. */
const entry = (key: string, text: string): string => `column mapping ${key}=${text}`;

/**
 * Parses and checks a column mapping against the flow. Malformed references and `${run.*}` without
 * an earlier run are UserErrors.
 */
export function compileColumnMapping(
  flow: Flow,
  mapping: Record<string, unknown> | undefined,
  opts: { previousRun?: string } = {}
): CompiledMapping {
  const names = flowInputNames(flow);
  const inputs: Record<string, MappingSource> = {};
  const ignored: string[] = [];
  const problems: string[] = [];
  let usesRun = false;
  for (const [key, value] of Object.entries(mapping ?? {})) {
    if (names && !names.includes(key)) {
      ignored.push(key);
      continue;
    }
    if (!isReference(value)) {
      inputs[key] = { kind: 'literal', value };
      continue;
    }
    const parsed = tryParseReference(value, 'mapping');
    if (!parsed.ok) {
      problems.push(`${entry(key, value)}: invalid reference: ${parsed.reason}`);
      continue;
    }
    const ref = parsed.reference;
    if (ref.kind === 'data') inputs[key] = { kind: 'data', column: ref.column, text: value };
    else if (ref.kind === 'run-output' || ref.kind === 'run-input') {
      usesRun = true;
      if (!opts.previousRun)
        problems.push(
          `${entry(key, value)}: ${value} reads an earlier run, but no run was given (--run <name>)`
        );
      inputs[key] = { kind: ref.kind, column: ref.column, text: value };
    } else
      problems.push(
        `${entry(key, value)}: expected \${data.<column>}, \${run.outputs.<name>} or \${run.inputs.<name>}`
      );
  }
  if (problems.length) throw new UserError(problems.join('\n'));
  for (const name of names ?? [])
    if (!(name in inputs))
      inputs[name] = { kind: 'data', column: name, text: `\${data.${name}}`, implicit: true };
  return { inputs, passAllColumns: names === undefined, ignored, usesRun };
}

export interface MappingColumns {
  /** The data file as shown in messages, and the columns its lines have (any line). */
  data?: { display: string; columns: string[] };
  /** The earlier run, its outputs and inputs (columns any line has). */
  run?: { name: string; status?: string; outputs: string[]; inputs: string[] };
}

const list = (cols: string[]): string => (cols.length ? cols.join(', ') : 'none');

/**
 * Checks, before any line runs, that every column the mapping reads exists on some line. An
 * implicit (default) mapping to a column the data lacks is dropped instead: the flow default applies.
 */
export function checkMappingColumns(mapping: CompiledMapping, columns: MappingColumns): CompiledMapping {
  const problems: string[] = [];
  const inputs: Record<string, MappingSource> = {};
  for (const [key, src] of Object.entries(mapping.inputs)) {
    if (src.kind === 'data') {
      const data = columns.data;
      const has = data?.columns.includes(src.column) ?? false;
      if (!has && src.implicit) continue;
      if (!has) {
        const where = data ? data.display : 'the data';
        problems.push(
          `${entry(key, src.text)}: no line of ${where} has a column "${src.column}"${didYouMean(src.column, data?.columns ?? [])}; its columns are: ${list(data?.columns ?? [])}`
        );
      }
    } else if (src.kind === 'run-output' || src.kind === 'run-input') {
      const run = columns.run;
      const cols = src.kind === 'run-output' ? (run?.outputs ?? []) : (run?.inputs ?? []);
      if (run && !cols.includes(src.column)) {
        const what = src.kind === 'run-output' ? 'output' : 'input';
        const state = run.status && run.status !== 'Completed' ? ` (that run is ${run.status})` : '';
        problems.push(
          `${entry(key, src.text)}: no line of run "${run.name}" has an ${what} "${src.column}"${didYouMean(src.column, cols)}${state}; its ${what}s are: ${list(cols)}`
        );
      }
    }
    inputs[key] = src;
  }
  if (problems.length) throw new UserError(problems.join('\n'));
  return { ...mapping, inputs };
}

/** A line's values from the earlier run: undefined when that run has no such line or the line failed there. */
export interface PreviousLine {
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  /** Whether the earlier run has this line at all (in its inputs). */
  present: boolean;
}

/** Thrown by `applyMapping` for one line (the line fails; the run goes on). */
export class LineInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LineInputError';
  }
}

/**
 * The flow inputs of one line. A column that an explicit mapping reads and this line lacks fails
 * the line, as prompt flow's input mapping does ("Couldn't find these mapping relations"); a column
 * only the default mapping reads is left out (the flow's default applies, or the executor reports
 * the missing input).
 */
export function applyMapping(
  mapping: CompiledMapping,
  lineNumber: number,
  data: Record<string, unknown> | undefined,
  previous: { name: string; line?: PreviousLine } | undefined
): Record<string, unknown> {
  const out: Record<string, unknown> = mapping.passAllColumns && data ? { ...data } : {};
  const missing: string[] = [];
  for (const [key, src] of Object.entries(mapping.inputs)) {
    if (src.kind === 'literal') out[key] = src.value;
    else if (src.kind === 'data') {
      if (data && Object.prototype.hasOwnProperty.call(data, src.column)) out[key] = data[src.column];
      else if (!src.implicit) missing.push(`${key}=${src.text}`);
    } else {
      const prev = previous?.line;
      const name = previous?.name ?? '?';
      if (!prev?.present)
        throw new LineInputError(`${entry(key, src.text)}: run "${name}" has no line ${lineNumber}`);
      const values = src.kind === 'run-output' ? prev.outputs : prev.inputs;
      if (!values)
        throw new LineInputError(
          `${entry(key, src.text)}: line ${lineNumber} failed in run "${name}", so it has no outputs to read`
        );
      if (Object.prototype.hasOwnProperty.call(values, src.column)) out[key] = values[src.column];
      else missing.push(`${key}=${src.text}`);
    }
  }
  if (missing.length)
    throw new LineInputError(
      `line ${lineNumber}: couldn't find these mapping relations: ${missing.join(', ')} (the line has no such ${missing.length === 1 ? 'column' : 'columns'})`
    );
  return out;
}

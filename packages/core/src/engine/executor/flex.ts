/** The executor of `flow.flex.yaml` flows: a Python function or class is the whole flow. */
import { readFileSync } from 'node:fs';
import { UserError } from '../../errors.js';
import type { FlexFlow } from '../../flow/model.js';
import { PyFloat } from '../../util/py-float.js';
import { ConnectionStore } from './connections.js';
import { ExecutionFailure, classifyError } from './errors.js';
import { convertValue, describeValue, prepareInputs, type InputDefinition } from './inputs.js';
import type { AggregationResult, ExecutorOptions, FlowExecutor, LineResult, NodeRunRecord } from './types.js';

const MODEL_CONFIGS = new Set(['AzureOpenAIModelConfiguration', 'OpenAIModelConfiguration']);

type InitState =
  { ok: true; init: Record<string, unknown> | undefined } | { ok: false; error: ExecutionFailure };

/**
 * Lines call the entry with the line's inputs (declared inputs only, converted to their types,
 * defaults applied, when the YAML declares `inputs`; every given input otherwise). A class entry
 * is made once per worker with the init arguments (see `ExecutorOptions.init`). What the entry
 * returns becomes the line's outputs: a dict (or dataclass) as it is, anything else as
 * `{ output: value }`, as prompt flow does. The line's single node record is named after the entry.
 *
 * Aggregation calls the class's `__aggregate__` (when it has one) with the list of completed
 * lines' outputs, passed as the value the entry returned (a `{ output: v }` line gives `v`); the
 * numbers in the dict it returns and its `log_metric` calls become metrics.
 */
export class FlexExecutor implements FlowExecutor {
  private readonly inputDefs?: InputDefinition[];
  private readonly connections: ConnectionStore;
  private initState?: InitState;

  constructor(
    private readonly flow: FlexFlow,
    private readonly opts: ExecutorOptions
  ) {
    if (flow.inputs) {
      this.inputDefs = Object.values(flow.inputs).map((p) => ({
        name: p.name,
        type: p.type,
        hasDefault: 'default' in p,
        default: p.default
      }));
    }
    this.connections = new ConnectionStore(opts);
  }

  private get isClass(): boolean {
    const kind = this.flow.entry.kind;
    return (
      kind === 'class' ||
      (kind === 'unknown' && (this.flow.init !== undefined || this.opts.init !== undefined))
    );
  }

  async executeLine(
    given: Record<string, unknown>,
    lineNumber: number,
    opts: { node?: string; signal?: AbortSignal } = {}
  ): Promise<LineResult> {
    if (opts.node !== undefined) {
      throw new UserError(
        `flow ${this.flow.displayFile} is a flex flow: it has no nodes to run one by one (no --node)`
      );
    }
    const began = performance.now();
    const node = this.flow.entry.name;
    let inputs: Record<string, unknown>;
    let inputError: ExecutionFailure | undefined;
    if (this.inputDefs) {
      const prepared = prepareInputs(this.inputDefs, given ?? {}, lineNumber);
      inputs = prepared.inputs;
      inputError = prepared.error;
    } else {
      inputs = Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined));
    }
    const finish = (partial: Omit<LineResult, 'lineNumber' | 'inputs' | 'durationMs'>): LineResult => ({
      lineNumber,
      inputs,
      ...partial,
      durationMs: performance.now() - began
    });
    if (inputError) {
      return finish({
        status: 'Failed',
        outputs: {},
        nodes: [],
        error: classifyError(inputError, undefined).info
      });
    }
    const init = this.init();
    if (!init.ok) {
      const info = classifyError(init.error, undefined, { flex: true }).info;
      return finish({ status: 'Failed', outputs: {}, nodes: [], error: info });
    }
    const callBegan = performance.now();
    try {
      const result = await this.opts.python.callFlex({
        file: this.flow.entry.file,
        entry: this.flow.entry.name,
        ...(this.isClass ? { init: init.init ?? {} } : {}),
        args: inputs,
        signal: opts.signal
      });
      const outputs = toOutputs(result.output);
      const record: NodeRunRecord = {
        node,
        status: 'Completed',
        output: result.output,
        durationMs: performance.now() - callBegan
      };
      if (result.logs) record.logs = result.logs;
      return finish({ status: 'Completed', outputs, nodes: [record] });
    } catch (e) {
      const { info, logs } = classifyError(e, node, { flex: true });
      const record: NodeRunRecord = {
        node,
        status: 'Failed',
        error: info,
        durationMs: performance.now() - callBegan
      };
      if (logs) record.logs = logs;
      return finish({ status: 'Failed', outputs: {}, nodes: [record], error: info });
    }
  }

  async executeAggregation(lines: LineResult[]): Promise<AggregationResult> {
    if (!this.isClass) return { metrics: {}, nodes: [] };
    const param = aggregateParameter(this.flow.entry.file, this.flow.entry.name);
    if (param === null) return { metrics: {}, nodes: [] }; // the class has no __aggregate__
    const init = this.init();
    if (!init.ok)
      return {
        metrics: {},
        nodes: [],
        error: classifyError(init.error, '__aggregate__', { flex: true }).info
      };
    const done = lines.filter((l) => l.status === 'Completed').sort((a, b) => a.lineNumber - b.lineNumber);
    const values = done.map((l) => lineValue(l));
    const began = performance.now();
    try {
      const result = await this.opts.python.callFlex({
        file: this.flow.entry.file,
        entry: this.flow.entry.name,
        init: init.init ?? {},
        args: { [param ?? 'line_results']: values },
        aggregate: true
      });
      const record: NodeRunRecord = {
        node: '__aggregate__',
        status: 'Completed',
        output: result.output,
        durationMs: performance.now() - began
      };
      if (result.logs) record.logs = result.logs;
      return { metrics: result.metrics, nodes: [record] };
    } catch (e) {
      const { info, logs } = classifyError(e, '__aggregate__', { flex: true });
      // an entry of unknown kind turned out to have no __aggregate__: nothing to aggregate
      if (param === undefined && info.type === 'ToolLoadError' && /__aggregate__/.test(info.message)) {
        return { metrics: {}, nodes: [] };
      }
      const record: NodeRunRecord = {
        node: '__aggregate__',
        status: 'Failed',
        error: info,
        durationMs: performance.now() - began
      };
      if (logs) record.logs = logs;
      return { metrics: {}, nodes: [record], error: info };
    }
  }

  /** The init arguments, built once: port defaults, then `opts.init`; connections resolved. */
  private init(): InitState {
    if (this.initState) return this.initState;
    try {
      this.initState = { ok: true, init: this.buildInit() };
    } catch (e) {
      const error =
        e instanceof ExecutionFailure
          ? e
          : new ExecutionFailure('InputError', e instanceof Error ? e.message : String(e));
      this.initState = { ok: false, error };
    }
    return this.initState;
  }

  private buildInit(): Record<string, unknown> | undefined {
    if (!this.isClass) return undefined;
    const given = this.opts.init ?? {};
    const ports = this.flow.init ?? {};
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(given)) if (!(k in ports) && v !== undefined) out[k] = v;
    for (const [name, port] of Object.entries(ports)) {
      const value =
        Object.prototype.hasOwnProperty.call(given, name) && given[name] !== undefined
          ? given[name]
          : port.default;
      if (value === undefined) continue; // python reports a missing __init__ argument
      if (MODEL_CONFIGS.has(port.type)) {
        out[name] = this.connections.modelConfig(
          port.type as 'AzureOpenAIModelConfiguration' | 'OpenAIModelConfiguration',
          value,
          name
        );
      } else if (/Connection$/.test(port.type)) {
        if (typeof value !== 'string' || !value) {
          throw new ExecutionFailure(
            'InputError',
            `init "${name}" (${port.type}) expects a connection name, found ${describeValue(value)}`
          );
        }
        out[name] = this.connections.pythonArg(value, [port.type]);
      } else {
        const c = convertValue(value, port.type);
        if (!c.ok) {
          throw new ExecutionFailure(
            'InputError',
            `init "${name}" expects type ${port.type}, found ${describeValue(value)}`
          );
        }
        out[name] = c.value;
      }
    }
    return out;
  }
}

/** A flex line's outputs: a dict as is, anything else under `output`. */
function toOutputs(value: unknown): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof PyFloat))
    return value as Record<string, unknown>;
  return { output: value ?? null };
}

/** What the entry returned for a completed line (undoing `toOutputs`' wrapping). */
function lineValue(line: LineResult): unknown {
  const record = line.nodes.find((n) => n.status === 'Completed');
  if (record && record.output !== undefined) return record.output;
  const keys = Object.keys(line.outputs);
  return keys.length === 1 && keys[0] === 'output' ? line.outputs.output : line.outputs;
}

/**
 * The name of `__aggregate__`'s parameter in the entry class, from the source: a string when
 * found, null when the class is in the file and has no `__aggregate__`, undefined when unknown.
 */
function aggregateParameter(file: string, className: string): string | null | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8').replace(/\r\n?/g, '\n');
  } catch {
    return undefined;
  }
  const cls = new RegExp(`^class[ \\t]+${className}\\b[^\\n]*$`, 'm').exec(source);
  if (!cls) return undefined;
  const bodyLines: string[] = [];
  for (const line of source.slice(cls.index + cls[0].length + 1).split('\n')) {
    if (line.trim() === '' || /^\s/.test(line)) bodyLines.push(line);
    else if (!line.startsWith('#')) break;
  }
  const body = bodyLines.join('\n');
  const m = /^[ \t]+(?:async[ \t]+)?def[ \t]+__aggregate__[ \t]*\(\s*self\s*,\s*([A-Za-z_]\w*)/m.exec(body);
  if (m) return m[1];
  if (/__aggregate__/.test(body)) return undefined;
  const bases = /\(([^)]*)\)/.exec(cls[0])?.[1].trim();
  return bases && bases !== 'object' ? undefined : null; // it may inherit one
}

/** The executor of `flow.dag.yaml` flows: one line at a time, and the aggregation pass. */
import { resolveNode, topologicalOrder } from '../../flow/graph.js';
import type { DagFlow, FlowReference, ToolNode } from '../../flow/model.js';
import { ConnectionStore } from './connections.js';
import { ExecutionFailure, classifyError } from './errors.js';
import { convertValue, describeValue, prepareInputs, type InputDefinition } from './inputs.js';
import { SignatureCache, checkRunnable, invokeNode, type NodeServices } from './nodes.js';
import { TemplateCache } from './prompts.js';
import { followPath, runNodes, type ScheduleContext } from './schedule.js';
import type {
  AggregationResult,
  ExecutorOptions,
  FlowExecutor,
  LineErrorInfo,
  LineResult,
  NodeRunRecord
} from './types.js';

type NodeRef = Extract<FlowReference, { kind: 'node-output' }>;

export class DagExecutor implements FlowExecutor {
  private readonly lineNodes: ToolNode[];
  private readonly aggregationNodes: ToolNode[];
  private readonly inputDefs: InputDefinition[];
  private readonly services: NodeServices;

  constructor(
    private readonly flow: DagFlow,
    private readonly opts: ExecutorOptions
  ) {
    this.lineNodes = topologicalOrder(flow, opts.variants ?? {}, { only: 'line' }).flat();
    this.aggregationNodes = topologicalOrder(flow, opts.variants ?? {}, { only: 'aggregation' }).flat();
    for (const node of [...this.lineNodes, ...this.aggregationNodes]) checkRunnable(node);
    this.inputDefs = Object.values(flow.inputs).map((i) => ({
      name: i.name,
      type: i.type,
      hasDefault: 'default' in i,
      default: i.default
    }));
    this.services = {
      python: opts.python,
      llm: opts.llm,
      connections: new ConnectionStore(opts),
      templates: new TemplateCache(),
      signatures: new SignatureCache(),
      flowDir: flow.dir
    };
  }

  async executeLine(
    given: Record<string, unknown>,
    lineNumber: number,
    opts: { node?: string; signal?: AbortSignal } = {}
  ): Promise<LineResult> {
    if (opts.node !== undefined) return this.executeSingleNode(given, lineNumber, opts.node);
    const began = performance.now();
    const prepared = prepareInputs(this.inputDefs, given ?? {}, lineNumber);
    const { inputs } = prepared;
    const finish = (partial: Omit<LineResult, 'lineNumber' | 'inputs' | 'durationMs'>): LineResult => ({
      lineNumber,
      inputs,
      ...partial,
      durationMs: performance.now() - began
    });
    if (prepared.error) {
      return finish({
        status: 'Failed',
        outputs: {},
        nodes: [],
        error: classifyError(prepared.error, undefined).info
      });
    }
    try {
      const run = await runNodes(this.lineNodes, {
        flowInput: (name) => this.flowInput(inputs, name),
        invoke: (node, nodeInputs) =>
          invokeNode(node, nodeInputs, this.services, `node "${node.name}", line ${lineNumber}`, opts.signal)
      });
      if (run.error) return finish({ status: 'Failed', outputs: {}, nodes: run.records, error: run.error });
      const outputs: Record<string, unknown> = {};
      for (const out of Object.values(this.flow.outputs)) {
        const ref = out.reference;
        if (ref.kind === 'flow-input') outputs[out.name] = inputs[ref.name] ?? null;
        else if (run.bypassed.has(ref.node) || !run.outputs.has(ref.node)) outputs[out.name] = null;
        else
          outputs[out.name] = followPath(run.outputs.get(ref.node), ref, `flow output "${out.name}"`) ?? null;
      }
      return finish({ status: 'Completed', outputs, nodes: run.records });
    } catch (e) {
      return finish({ status: 'Failed', outputs: {}, nodes: [], error: classifyError(e, undefined).info });
    }
  }

  async executeAggregation(lines: LineResult[]): Promise<AggregationResult> {
    if (this.aggregationNodes.length === 0) return { metrics: {}, nodes: [] };
    const done = lines.filter((l) => l.status === 'Completed').sort((a, b) => a.lineNumber - b.lineNumber);
    const lineNodeNames = new Set(this.lineNodes.map((n) => n.name));
    const ctx: ScheduleContext = {
      flowInput: (name) => {
        this.flowInputDef(name);
        return done.map((l) => l.inputs[name] ?? null);
      },
      external: (ref, where) => {
        if (!lineNodeNames.has(ref.node)) {
          throw new ExecutionFailure(
            'ReferenceError',
            `${where} references ${ref.text}, but the flow has no node "${ref.node}"`
          );
        }
        return done.map((l) => this.lineValue(l, ref, where));
      },
      invoke: (node, nodeInputs) =>
        invokeNode(node, nodeInputs, this.services, `aggregation node "${node.name}"`)
    };
    try {
      const run = await runNodes(this.aggregationNodes, ctx);
      const result: AggregationResult = { metrics: run.metrics, nodes: run.records };
      if (run.error) result.error = run.error;
      return result;
    } catch (e) {
      return { metrics: {}, nodes: [], error: classifyError(e, undefined).info };
    }
  }

  /**
   * `flow test --node N`: runs node N alone. Its inputs come from `given`: an input that references
   * a flow input is looked up as `inputs.<name>`, then by the node input's name, then by the flow
   * input's name, else the flow input's default (converted to the flow input's type); an input that
   * references another node's output as `<node>.output[.<path>]` (the reference without `${}`),
   * then by the input's name, and is used as is; a literal input may be overridden by its name.
   * The activate condition is not evaluated. For an aggregation node, flow-input and line-node
   * values are wrapped in one-item lists. The result's `outputs` is `{ <node>: <output> }`, its
   * `inputs` the node's resolved inputs by input name. Throws a UserError for an unknown node.
   */
  private async executeSingleNode(
    given: Record<string, unknown>,
    lineNumber: number,
    nodeName: string
  ): Promise<LineResult> {
    const node = resolveNode(this.flow, nodeName, this.opts.variants ?? {});
    checkRunnable(node);
    const began = performance.now();
    const has = (k: string): boolean =>
      Object.prototype.hasOwnProperty.call(given, k) && given[k] !== undefined;
    const lineNodes = new Set(this.lineNodes.map((n) => n.name));
    const resolved: Record<string, unknown> = {};
    const nodeInputs = new Map<string, { value: unknown; literal: boolean }>();
    let error: LineErrorInfo | undefined;
    for (const [name, value] of Object.entries(node.inputs)) {
      let v: unknown;
      if (value.kind === 'literal') {
        v = has(name) ? given[name] : value.value;
      } else if (value.kind === 'flow-input') {
        const key = [`inputs.${value.name}`, name, value.name].find(has);
        const def = this.flow.inputs[value.name];
        if (key !== undefined) v = given[key];
        else if (def && 'default' in def) v = def.default;
        else {
          error ??= {
            node: nodeName,
            type: 'InputError',
            message: `node "${nodeName}": input "${name}" (${value.text}) needs a value: give "inputs.${value.name}" or "${name}"`
          };
          continue;
        }
        if (def) {
          const c = convertValue(v, def.type);
          if (!c.ok) {
            error ??= {
              node: nodeName,
              type: 'InputError',
              message: `node "${nodeName}": input "${name}" (${value.text}) expects type ${def.type}, found ${describeValue(v)}`
            };
            continue;
          }
          v = c.value;
        }
      } else {
        const key = [value.text.slice(2, -1), name].find(has);
        if (key === undefined) {
          error ??= {
            node: nodeName,
            type: 'InputError',
            message: `node "${nodeName}": input "${name}" (${value.text}) needs a value: give "${value.text.slice(2, -1)}" or "${name}"`
          };
          continue;
        }
        v = given[key];
      }
      resolved[name] = v;
      const wrap =
        node.aggregation &&
        value.kind !== 'literal' &&
        (value.kind === 'flow-input' || lineNodes.has(value.node));
      nodeInputs.set(name, { value: wrap ? [v] : v, literal: value.kind === 'literal' });
    }
    const finish = (partial: Omit<LineResult, 'lineNumber' | 'inputs' | 'durationMs'>): LineResult => ({
      lineNumber,
      inputs: resolved,
      ...partial,
      durationMs: performance.now() - began
    });
    if (error) return finish({ status: 'Failed', outputs: {}, nodes: [], error });
    try {
      const output = (
        await invokeNode(node, nodeInputs, this.services, `node "${node.name}", line ${lineNumber}`)
      ).output;
      const record: NodeRunRecord = {
        node: nodeName,
        status: 'Completed',
        output,
        durationMs: performance.now() - began
      };
      return finish({ status: 'Completed', outputs: { [nodeName]: output }, nodes: [record] });
    } catch (e) {
      const { info, logs } = classifyError(e, nodeName);
      const record: NodeRunRecord = {
        node: nodeName,
        status: 'Failed',
        error: info,
        durationMs: performance.now() - began
      };
      if (logs) record.logs = logs;
      return finish({ status: 'Failed', outputs: {}, nodes: [record], error: info });
    }
  }

  private flowInputDef(name: string): void {
    if (!this.flow.inputs[name]) {
      throw new ExecutionFailure(
        'ReferenceError',
        `\${inputs.${name}} references an input the flow does not declare`
      );
    }
  }

  private flowInput(inputs: Record<string, unknown>, name: string): unknown {
    this.flowInputDef(name);
    return inputs[name] ?? null;
  }

  /** A line node's value for an aggregation input, from a completed line's node records. */
  private lineValue(line: LineResult, ref: NodeRef, where: string): unknown {
    const record = line.nodes.find((n) => n.node === ref.node);
    if (!record) {
      throw new ExecutionFailure(
        'ReferenceError',
        `${where} references ${ref.text}, but line ${line.lineNumber} has no record of node "${ref.node}" (the line results given to executeAggregation must keep their node records and outputs)`
      );
    }
    if (record.status !== 'Completed') return null;
    return followPath(record.output ?? null, ref, `${where} (line ${line.lineNumber})`) ?? null;
  }
}

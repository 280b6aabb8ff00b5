/**
 * Runs a set of DAG nodes as prompt flow's scheduler does: a node starts as soon as every node it
 * depends on (inputs and activate condition) has completed or been bypassed, so independent nodes
 * run concurrently. After the first failure no new node starts; nodes already running finish.
 *
 * Bypass rules (prompt flow's DAGManager):
 * - a node with `activate` is bypassed when the node its condition references was bypassed, or
 *   when the condition's value is not equal (Python `==`) to `is`; otherwise it runs, even if all
 *   its input nodes were bypassed;
 * - a node without `activate` is bypassed when it has node inputs and all of them were bypassed;
 * - a node that runs gets `BYPASSED` for an input from a bypassed node (the node type decides:
 *   python tools leave the argument out when the parameter has a default, else pass None).
 */
import { resolveFieldPath } from '../../flow/references.js';
import type { FlowReference, NodeInputValue, ToolNode } from '../../flow/model.js';
import { ExecutionFailure, classifyError } from './errors.js';
import { describeValue } from './inputs.js';
import type { LineErrorInfo, LlmCallRecord, NodeRunRecord } from './types.js';
import { pyEquals } from './values.js';

/** The value of an input that references a bypassed node. */
export const BYPASSED: unique symbol = Symbol('bypassed');

export interface ResolvedInput {
  value: unknown;
  /** The YAML gave a literal (not a reference). */
  literal: boolean;
}

export interface NodeOutcome {
  output: unknown;
  logs?: string;
  metrics?: Record<string, number>;
  llm?: LlmCallRecord;
}

export interface ScheduleContext {
  /** A flow input's value (for aggregation: the list across lines). */
  flowInput(name: string): unknown;
  /**
   * The value of a reference to a node outside the scheduled set (aggregation nodes referencing
   * line nodes: the list across lines). Undefined = such references are an error.
   */
  external?: (ref: Extract<FlowReference, { kind: 'node-output' }>, where: string) => unknown;
  invoke(node: ToolNode, inputs: Map<string, ResolvedInput>): Promise<NodeOutcome>;
}

export interface ScheduleResult {
  /** Records in the order of `nodes`, for nodes that ran or were bypassed. */
  records: NodeRunRecord[];
  outputs: Map<string, unknown>;
  bypassed: Set<string>;
  metrics: Record<string, number>;
  error?: LineErrorInfo;
}

export async function runNodes(nodes: readonly ToolNode[], ctx: ScheduleContext): Promise<ScheduleResult> {
  const names = new Set(nodes.map((n) => n.name));
  const outputs = new Map<string, unknown>();
  const bypassed = new Set<string>();
  const records = new Map<string, NodeRunRecord>();
  const metrics: Record<string, number> = {};
  const running = new Map<string, Promise<void>>();
  let pending = [...nodes];
  let error: LineErrorInfo | undefined;

  const settled = (name: string): boolean => outputs.has(name) || bypassed.has(name);
  const refsOf = (node: ToolNode): NodeInputValue[] => [
    ...Object.values(node.inputs),
    ...(node.activate ? [node.activate.when] : [])
  ];
  const ready = (node: ToolNode): boolean =>
    refsOf(node).every((r) => r.kind !== 'node-output' || !names.has(r.node) || settled(r.node));
  const isBypassedRef = (r: NodeInputValue): boolean =>
    r.kind === 'node-output' && names.has(r.node) && bypassed.has(r.node);

  const resolve = (node: ToolNode, ref: FlowReference, where: string): unknown => {
    if (ref.kind === 'flow-input') return ctx.flowInput(ref.name);
    if (!names.has(ref.node)) {
      if (ctx.external) return ctx.external(ref, `node "${node.name}": ${where}`);
      throw new ExecutionFailure(
        'ReferenceError',
        `node "${node.name}": ${where} references ${ref.text}, but there is no node "${ref.node}" to run before it`,
        node.name
      );
    }
    if (bypassed.has(ref.node)) return BYPASSED;
    return followPath(outputs.get(ref.node), ref, `node "${node.name}": ${where}`, node.name);
  };

  const shouldBypass = (node: ToolNode): boolean => {
    if (node.activate) {
      const { when } = node.activate;
      if (isBypassedRef(when)) return true;
      const value = when.kind === 'literal' ? when.value : resolve(node, when, `activate.when`);
      return !pyEquals(value, node.activate.is);
    }
    const deps = Object.values(node.inputs).filter((r) => r.kind === 'node-output' && names.has(r.node));
    return deps.length > 0 && deps.every(isBypassedRef);
  };

  const start = (node: ToolNode): void => {
    const began = performance.now();
    const run = async (): Promise<void> => {
      try {
        const inputs = new Map<string, ResolvedInput>();
        for (const [name, value] of Object.entries(node.inputs)) {
          if (value.kind === 'literal') inputs.set(name, { value: value.value, literal: true });
          else inputs.set(name, { value: resolve(node, value, `input "${name}"`), literal: false });
        }
        const outcome = await ctx.invoke(node, inputs);
        outputs.set(node.name, outcome.output);
        const record: NodeRunRecord = {
          node: node.name,
          status: 'Completed',
          output: outcome.output,
          durationMs: performance.now() - began
        };
        if (outcome.logs) record.logs = outcome.logs;
        if (outcome.llm) record.llm = outcome.llm;
        records.set(node.name, record);
        if (outcome.metrics) Object.assign(metrics, outcome.metrics);
      } catch (e) {
        const { info, logs } = classifyError(e, node.name);
        const record: NodeRunRecord = {
          node: node.name,
          status: 'Failed',
          error: info,
          durationMs: performance.now() - began
        };
        if (logs) record.logs = logs;
        records.set(node.name, record);
        error ??= info;
      }
    };
    // `finally` runs after `set`, even when the node fails before its first await
    running.set(
      node.name,
      run().finally(() => running.delete(node.name))
    );
  };

  for (;;) {
    let progressed = true;
    while (!error && progressed) {
      progressed = false;
      for (const node of pending) {
        if (!ready(node)) continue;
        pending = pending.filter((n) => n !== node);
        progressed = true;
        let bypass: boolean;
        try {
          bypass = shouldBypass(node);
        } catch (e) {
          const { info } = classifyError(e, node.name);
          records.set(node.name, { node: node.name, status: 'Failed', error: info, durationMs: 0 });
          error ??= info;
          break;
        }
        if (bypass) {
          bypassed.add(node.name);
          records.set(node.name, { node: node.name, status: 'Bypassed', durationMs: 0 });
          break; // re-scan: this may settle others
        }
        start(node);
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }

  const result: ScheduleResult = {
    records: nodes.flatMap((n) => (records.has(n.name) ? [records.get(n.name)!] : [])),
    outputs,
    bypassed,
    metrics
  };
  if (error) result.error = error;
  return result;
}

/**
 * Follows a reference's field path into a node's output; a missing field fails with a message
 * naming the reference and what is there instead.
 */
export function followPath(
  output: unknown,
  ref: Extract<FlowReference, { kind: 'node-output' }>,
  where: string,
  node?: string
): unknown {
  if (ref.path.length === 0) return output;
  const found = resolveFieldPath(output, ref.path);
  if (found.found) return found.value;
  const at = ['output', ...found.parentPath].join('.');
  const parent = found.parent;
  let why: string;
  if (Array.isArray(parent)) {
    why = `${ref.node}.${at} is a list of ${parent.length} items, which has no item "${found.missing}"`;
  } else if (parent !== null && typeof parent === 'object') {
    const keys = Object.keys(parent);
    why = `${ref.node}.${at} has no field "${found.missing}" (available keys: ${keys.length ? keys.join(', ') : 'none'})`;
  } else {
    why = `${ref.node}.${at} is ${describeValue(parent)}, not an object, so it has no field "${found.missing}"`;
  }
  return fail(`${where} references ${ref.text}, but ${why}`, node);
}

function fail(message: string, node?: string): never {
  throw new ExecutionFailure('ReferenceError', message, node);
}

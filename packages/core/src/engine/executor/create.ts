/** `createExecutor`: the local flow engine's entry point. */
import { DagExecutor } from './dag.js';
import { FlexExecutor } from './flex.js';
import type { ExecutorOptions, FlowExecutor } from './types.js';

/**
 * An executor for one flow and variant selection. Throws a UserError for what makes every line
 * fail the same way before anything runs: an unknown variant, a node type or package tool the
 * local engine cannot run, an llm node without a connection. Everything else (inputs, python
 * errors, connections, templates, LLM calls) is reported per line in the `LineResult`.
 */
export function createExecutor(opts: ExecutorOptions): FlowExecutor {
  return opts.flow.kind === 'flex' ? new FlexExecutor(opts.flow, opts) : new DagExecutor(opts.flow, opts);
}

/** How failures inside a line become `LineErrorInfo` records. */
import { UserError } from '../../errors.js';
import { LlmRequestError } from '../llm/client.js';
import { PythonWorkerError, ToolError } from '../python/pool.js';
import type { LineErrorInfo } from './types.js';

/**
 * A failure the executor itself detected (bad input, bad reference, template or connection
 * problem), already classified. Never escapes `executeLine` / `executeAggregation`.
 */
export class ExecutionFailure extends Error {
  constructor(
    /** `InputError`, `ReferenceError`, `TemplateError`, `ConnectionError`, … */
    readonly type: string,
    message: string,
    readonly node?: string
  ) {
    super(message);
    this.name = type;
  }
}

export interface ClassifiedError {
  info: LineErrorInfo;
  /** What the user's code printed before it failed. */
  logs?: string;
}

/** Python error types by the phase they happened in; `flex` picks prompt flow's flex names. */
function toolErrorType(e: ToolError, flex: boolean): string {
  if (e.phase === 'load') return 'ToolLoadError';
  if (e.phase === 'init') return 'FlowEntryInitializationError';
  return flex ? 'ScriptExecutionError' : 'ToolExecutionError';
}

/** Turns anything a node (or flex entry) threw into the record kept in the line result. */
export function classifyError(
  e: unknown,
  node: string | undefined,
  opts: { flex?: boolean } = {}
): ClassifiedError {
  const base = (type: string, message: string): LineErrorInfo =>
    node === undefined ? { type, message } : { node, type, message };
  if (e instanceof ExecutionFailure) {
    const info = base(e.type, e.message);
    if (e.node !== undefined) info.node = e.node;
    return { info };
  }
  if (e instanceof ToolError) {
    const info = base(toolErrorType(e, opts.flex === true), e.message);
    if (e.traceback) info.traceback = e.traceback;
    return { info, logs: e.logs || undefined };
  }
  if (e instanceof PythonWorkerError) return { info: base('PythonWorkerError', e.message) };
  if (e instanceof LlmRequestError) return { info: base('LlmError', e.message) };
  if (e instanceof UserError) return { info: base('UserError', e.message) };
  if (e instanceof Error) return { info: base('SystemError', `${e.name}: ${e.message}`) };
  return { info: base('SystemError', String(e)) };
}

/**
 * The local flow engine: runs a prompt flow DAG or flex flow line by line, and its aggregation.
 *
 * What it does, in prompt flow's terms (details at each function):
 * - inputs: defaults for missing inputs, conversion to the declared types (`inputs.ts`); unknown
 *   extra inputs are dropped; a problem fails the line with an `InputError`;
 * - nodes start as soon as their dependencies are settled (independent nodes run concurrently);
 *   the first failure fails the line, running nodes finish, no new node starts (`schedule.ts`);
 * - `activate` and bypassing follow prompt flow's DAGManager; a flow output from a bypassed
 *   node is `null` (`schedule.ts`);
 * - python nodes run in the shared worker pool; a literal input names a connection when the
 *   tool's parameter is annotated with a connection class, or (unannotated parameter) when an
 *   environment variable / .env entry of that name holds connection JSON (`nodes.ts`);
 * - llm and prompt nodes render their Jinja2 template (compiled once per file), chat prompts
 *   with prompt flow's role escaping; connections are read once per executor and their secrets
 *   reported through `onSecret` at once (`prompts.ts`, `connections.ts`);
 * - aggregation nodes take lists over the completed lines, read from the lines' node records
 *   (`dag.ts`); flex classes aggregate through `__aggregate__` (`flex.ts`);
 * - `executeLine(inputs, n, { node })` runs one DAG node alone (`flow test --node`; see
 *   `DagExecutor.executeSingleNode`).
 *
 * Error types in `LineErrorInfo.type`: InputError, ReferenceError, ConnectionError,
 * TemplateError, LlmError, ToolExecutionError / ToolLoadError (python tools),
 * ScriptExecutionError / FlowEntryInitializationError (flex), PythonWorkerError, UserError,
 * SystemError.
 */
export { createExecutor } from './create.js';
export type * from './types.js';

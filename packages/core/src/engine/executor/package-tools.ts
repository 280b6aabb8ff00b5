/**
 * Package tools: nodes with `source.type: package` (a tool function or `Class.method` of an
 * installed pip package) or `package_with_prompt` (`custom_llm` nodes, whose prompt template the
 * tool renders). They run in the python worker, from the real package when the worker's python can
 * import it, else from the shim's built-in `promptflow.tools` (embedding, llm, aoai, openai,
 * aoai_gpt4v, openai_gpt4v, llm_vision, serpapi, open_model_llm). A tool neither provides fails with the pip
 * package to install.
 */
import { readFileSync } from 'node:fs';
import type { PackageSource, ToolNode } from '../../flow/model.js';
import type { PythonWorkerPool } from '../python/pool.js';
import type { ConnectionStore } from './connections.js';
import { ExecutionFailure } from './errors.js';
import { BYPASSED, type NodeOutcome, type ResolvedInput } from './schedule.js';

/** What running a package tool needs of the executor's services. */
export interface PackageToolServices {
  python: PythonWorkerPool;
  connections: ConnectionStore;
}

/** The connection class a tool's `connection` input takes, where it is not an LLM connection. */
const CONNECTION_CLASS: [prefix: string, cls: string][] = [
  ['promptflow.tools.serpapi.', 'SerpConnection'],
  ['promptflow.tools.azure_content_safety.', 'AzureContentSafetyConnection']
];

/** The pip package that provides a package tool, as far as its module name tells. */
export function pipPackageOf(tool: string): string {
  if (tool.startsWith('promptflow.tools.')) return 'promptflow-tools';
  const root = tool.split('.')[0];
  // prompt flow's own tool packages are published with dashes (promptflow_vectordb → promptflow-vectordb)
  return root.replace(/_/g, '-');
}

/** The prompt template of a `package_with_prompt` node, passed as the tool's `prompt`. */
function promptOf(node: ToolNode, source: PackageSource): string | undefined {
  if (source.type !== 'package_with_prompt' || !source.file) return undefined;
  try {
    return readFileSync(source.file, 'utf8');
  } catch (e) {
    throw new ExecutionFailure(
      'TemplateError',
      `node "${node.name}": cannot read the prompt template ${source.path}: ${(e as Error).message}`,
      node.name
    );
  }
}

/**
 * Arguments as prompt flow passes them: an input from a bypassed node is None; the `connection`
 * input (or the node's `connection:`) names a connection and is passed as one (LLM connections as
 * AzureOpenAIConnection / OpenAIConnection); another literal that names a configured connection is
 * passed as that connection.
 */
function packageArgs(
  node: ToolNode,
  source: PackageSource,
  inputs: Map<string, ResolvedInput>,
  services: PackageToolServices
): Record<string, unknown> {
  const cls = CONNECTION_CLASS.find(([prefix]) => source.tool.startsWith(prefix))?.[1];
  const connection = (name: string) =>
    cls
      ? services.connections.pythonArg(name, [cls], node.name)
      : (services.connections.guessPythonArg(name) ?? services.connections.pythonArg(name, [], node.name));
  const args: Record<string, unknown> = {};
  for (const [name, { value, literal }] of inputs) {
    if (value === BYPASSED) args[name] = null;
    else if (name === 'connection' && typeof value === 'string' && value) args[name] = connection(value);
    else if (literal && typeof value === 'string' && value)
      args[name] = services.connections.guessPythonArg(value) ?? value;
    else args[name] = value;
  }
  if (node.connection && !inputs.has('connection')) args.connection = connection(node.connection);
  const prompt = promptOf(node, source);
  if (prompt !== undefined && !inputs.has('prompt')) args.prompt = prompt;
  return args;
}

export async function invokePackageTool(
  node: ToolNode,
  source: PackageSource,
  inputs: Map<string, ResolvedInput>,
  services: PackageToolServices,
  signal?: AbortSignal
): Promise<NodeOutcome> {
  const result = await services.python.callPackage({
    tool: source.tool,
    pip: pipPackageOf(source.tool),
    args: packageArgs(node, source, inputs, services),
    ...(signal ? { signal } : {})
  });
  const outcome: NodeOutcome = { output: result.output, metrics: result.metrics };
  if (result.logs) outcome.logs = result.logs;
  return outcome;
}

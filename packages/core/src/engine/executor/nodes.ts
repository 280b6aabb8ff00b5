/** Running one DAG node of each type: python tool, llm, prompt. */
import { readFileSync } from 'node:fs';
import type { CodeSource, ToolNode } from '../../flow/model.js';
import { UserError } from '../../errors.js';
import type { LlmClient, LlmRequest, LlmResult } from '../llm/client.js';
import { promptyExtraParameters, splitLlmNodeInputs, type LlmParameters } from '../llm/parameters.js';
import { reservedTemplateNames } from '../template/reserved.js';
import type { PythonWorkerPool } from '../python/pool.js';
import { assistantArg, isAssistantAnnotation } from './assistant.js';
import type { ConnectionStore } from './connections.js';
import { ExecutionFailure } from './errors.js';
import { invokePackageTool } from './package-tools.js';
import type { TemplateCache } from './prompts.js';
import { connectionClasses, scanToolSignature, type PythonSignature } from './python-signature.js';
import { BYPASSED, type NodeOutcome, type ResolvedInput } from './schedule.js';

export interface NodeServices {
  python: PythonWorkerPool;
  llm: LlmClient;
  connections: ConnectionStore;
  templates: TemplateCache;
  signatures: SignatureCache;
  /** The flow folder: literal file inputs (assistant definitions) are relative to it. */
  flowDir: string;
}

/** Python tool signatures, scanned once per file. */
export class SignatureCache {
  private readonly cache = new Map<string, PythonSignature | undefined>();
  get(file: string): PythonSignature | undefined {
    if (!this.cache.has(file)) {
      let sig: PythonSignature | undefined;
      try {
        sig = scanToolSignature(readFileSync(file, 'utf8'));
      } catch {
        sig = undefined; // unreadable: the worker reports it when it loads the file
      }
      this.cache.set(file, sig);
    }
    return this.cache.get(file);
  }
}

export function codeSource(node: ToolNode): CodeSource {
  if (node.source.type !== 'code') {
    throw new UserError(`node "${node.name}": package tools are not supported by the local engine`);
  }
  return node.source;
}

/** Throws a UserError for a node the local engine cannot run (checked when the executor is made). */
export function checkRunnable(node: ToolNode): void {
  if (node.source.type !== 'code') return; // package tools: the worker finds them when called
  if (node.type === 'llm' && !node.connection && !node.prompty?.configuration) {
    throw new UserError(`llm node "${node.name}" has no connection`);
  }
}

/** As prompt flow: a template variable named like one of the tool's parameters is refused. */
function checkReservedNames(node: ToolNode, services: NodeServices): void {
  if ((node.type !== 'llm' && node.type !== 'prompt') || node.prompty) return;
  const src = codeSource(node);
  const clash = services.templates.reservedUsed(
    src.file,
    src.path,
    node.name,
    reservedTemplateNames(node.type, node.api, node.provider)
  );
  if (!clash.length) return;
  const owner =
    node.type === 'prompt'
      ? 'the reserved parameters of prompt tool'
      : `the parameters of ${node.provider ?? 'AzureOpenAI'}.${node.api ?? 'chat'}`;
  throw new ExecutionFailure(
    'InputError',
    `Invalid inputs {${clash.map((n) => `'${n}'`).join(', ')}} in prompt template of node ${node.name}. These inputs are duplicated with ${owner}.`,
    node.name
  );
}

export async function invokeNode(
  node: ToolNode,
  inputs: Map<string, ResolvedInput>,
  services: NodeServices,
  context: string,
  signal?: AbortSignal
): Promise<NodeOutcome> {
  signal?.throwIfAborted();
  if (node.source.type !== 'code') return invokePackageTool(node, node.source, inputs, services, signal);
  switch (node.type) {
    case 'python':
      return invokePython(node, inputs, services, signal);
    case 'llm':
      checkReservedNames(node, services);
      return invokeLlm(node, inputs, services, context, signal);
    case 'prompt': {
      checkReservedNames(node, services);
      const src = codeSource(node);
      return { output: services.templates.render(src.file, src.path, node.name, plainValues(inputs)) };
    }
    default:
      throw new ExecutionFailure(
        'UnsupportedNode',
        `node "${node.name}": type ${node.type} is not supported`,
        node.name
      );
  }
}

/** Input values for templates: an input from a bypassed node is None. */
function plainValues(inputs: Map<string, ResolvedInput>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, { value }] of inputs) out[k] = value === BYPASSED ? null : value;
  return out;
}

/**
 * Python node arguments. Connections: a literal input whose parameter is annotated with a
 * connection class (`AzureOpenAIConnection`, `CustomConnection`, …) names a connection and is
 * passed as that connection; a literal input to a parameter without annotation (or when the
 * signature cannot be read) is passed as a connection when it names a configured connection (an
 * environment variable / .env entry holding connection JSON). A python node's own `connection:`
 * goes to its `connection` parameter, when the tool has one. An input from a bypassed node is left
 * out when the parameter has a default, else passed as None.
 */
async function invokePython(
  node: ToolNode,
  inputs: Map<string, ResolvedInput>,
  services: NodeServices,
  signal?: AbortSignal
): Promise<NodeOutcome> {
  const src = codeSource(node);
  const sig = services.signatures.get(src.file);
  const param = (name: string) => sig?.params.find((p) => p.name === name);
  const args: Record<string, unknown> = {};
  for (const [name, { value, literal }] of inputs) {
    const p = param(name);
    if (value === BYPASSED) {
      if (!p?.hasDefault) args[name] = null;
      continue;
    }
    if (literal && typeof value === 'string' && value && isAssistantAnnotation(p?.annotation)) {
      args[name] = assistantArg(value, {
        flowDir: services.flowDir,
        node: node.name,
        input: name,
        connections: services.connections,
        signatureOf: (file) => services.signatures.get(file)
      });
      continue;
    }
    if (literal && typeof value === 'string' && value) {
      const classes = connectionClasses(p?.annotation);
      if (classes.length) {
        args[name] = services.connections.pythonArg(value, classes, node.name);
        continue;
      }
      if (!p?.annotation) {
        const guessed = services.connections.guessPythonArg(value);
        if (guessed) {
          args[name] = guessed;
          continue;
        }
      }
    }
    args[name] = value;
  }
  if (node.connection && !inputs.has('connection')) {
    const p = param('connection');
    if (p)
      args.connection = services.connections.pythonArg(
        node.connection,
        connectionClasses(p.annotation),
        node.name
      );
  }
  const result = await services.python.call({ file: src.file, args, signal });
  const outcome: NodeOutcome = { output: result.output, metrics: result.metrics };
  if (result.logs) outcome.logs = result.logs;
  return outcome;
}

async function invokeLlm(
  node: ToolNode,
  inputs: Map<string, ResolvedInput>,
  services: NodeServices,
  context: string,
  signal?: AbortSignal
): Promise<NodeOutcome> {
  const src = codeSource(node);
  const connection = node.connection
    ? services.connections.llm(node.connection, node.name)
    : node.prompty?.configuration
      ? services.connections.fromConfiguration(node.prompty.configuration, node.name)
      : undefined;
  if (!connection)
    throw new ExecutionFailure('ConnectionError', `llm node "${node.name}" has no connection`, node.name);
  const api = node.api ?? 'chat';
  let split;
  try {
    split = splitLlmNodeInputs(plainValues(inputs), api, `node "${node.name}"`);
    if (node.prompty) {
      // the prompty's model.parameters are its literal inputs; the rest pass to the API as written
      const literal = [...inputs].filter(([k]) => node.inputs[k]?.kind === 'literal');
      const extra = promptyExtraParameters(
        Object.fromEntries(literal.map(([k, r]) => [k, r.value])),
        api,
        `node "${node.name}"`
      );
      if (extra) split.parameters.extra = extra;
    }
  } catch (e) {
    throw new ExecutionFailure('InputError', (e as Error).message, node.name);
  }
  const base = {
    connection,
    parameters: split.parameters,
    context,
    ...(node.enableCache ? { enableCache: true } : {}),
    ...(signal ? { signal } : {}),
    ...(split.deploymentName !== undefined ? { deploymentName: split.deploymentName } : {}),
    ...(split.model !== undefined ? { model: split.model } : {})
  };
  const request: LlmRequest =
    api === 'chat'
      ? {
          ...base,
          api: 'chat',
          messages: services.templates.chatMessages(src.file, src.path, node.name, split.templateInputs)
        }
      : {
          ...base,
          api: 'completion',
          prompt: services.templates.render(src.file, src.path, node.name, split.templateInputs)
        };
  try {
    const r = await services.llm.call(request);
    const { promptTokens, completionTokens } = r.usage;
    return {
      output: node.prompty ? promptyOutput(node, r, split.parameters) : r.text,
      llm: {
        model: r.model,
        promptTokens,
        completionTokens,
        latencyMs: r.latencyMs,
        ...(r.cached ? { cached: true } : {})
      }
    };
  } catch (e) {
    if (e instanceof UserError) throw new ExecutionFailure('LlmError', e.message, node.name);
    throw e;
  }
}

/**
 * A prompty's answer as prompt flow's Prompty returns it: the whole response with `response: all`;
 * else the first choice's content, parsed when the prompt asks for JSON (`response_format:
 * json_object`), and cut down to the declared `outputs` keys.
 */
function promptyOutput(node: ToolNode, result: LlmResult, parameters: LlmParameters): unknown {
  const settings = node.prompty!;
  if (settings.response === 'all') return result.response;
  // a tool call answers with a message, not content: prompt flow returns that message
  if (result.finishReason === 'tool_calls' || result.finishReason === 'function_calls') {
    const choices = (result.response as { choices?: { message?: unknown }[] } | undefined)?.choices;
    if (choices?.[0]?.message) return choices[0].message;
  }
  if (parameters.response_format?.type !== 'json_object') return result.text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.text);
  } catch {
    throw new ExecutionFailure(
      'LlmError',
      `the model's answer is not JSON, though response_format asks for json_object: ${result.text.slice(0, 200)}`,
      node.name
    );
  }
  if (!settings.outputs) return parsed;
  const obj = (parsed ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of settings.outputs) {
    if (!(key in obj))
      throw new ExecutionFailure(
        'LlmError',
        `cannot find ${key} in response ${JSON.stringify(Object.keys(obj))}`,
        node.name
      );
    out[key] = obj[key];
  }
  return out;
}

/**
 * Assistant definitions: a python tool parameter annotated `AssistantDefinition` takes the path of
 * a YAML file (model, instructions, tools), as in prompt flow. We read the file and resolve what
 * only we know (file paths, connections); the worker builds the AssistantDefinition with its tool
 * invoker (the function tools loaded, their OpenAI definitions from signature and docstring).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ConnectionStore } from './connections.js';
import { ExecutionFailure } from './errors.js';
import { connectionClasses, type PythonSignature } from './python-signature.js';

/** The annotation names that mark an assistant definition parameter. */
export function isAssistantAnnotation(annotation: string | undefined): boolean {
  return !!annotation && /(^|\.)AssistantDefinition$/.test(annotation.trim());
}

/** One function tool for the worker: its file and the predefined inputs (connections as markers). */
export interface AssistantFunctionSpec {
  file: string;
  predefined: Record<string, unknown>;
}

/** The `__pf_assistant__` argument marker the worker turns into an AssistantDefinition. */
export interface AssistantMarker {
  __pf_assistant__: { definition: Record<string, unknown>; functions: (AssistantFunctionSpec | null)[] };
}

export interface AssistantContext {
  flowDir: string;
  node: string;
  input: string;
  connections: ConnectionStore;
  signatureOf: (file: string) => PythonSignature | undefined;
}

const TYPES = ['code_interpreter', 'function', 'retrieval'];

/** Reads `relPath` (relative to the flow folder) and resolves its tools, as prompt flow's tool resolver does. */
export function assistantArg(relPath: string, ctx: AssistantContext): AssistantMarker {
  const file = path.resolve(ctx.flowDir, relPath);
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    // not found: said below
  }
  if (!isFile)
    throw new ExecutionFailure(
      'InvalidSource',
      `Input '${ctx.input}' for node '${ctx.node}' of value '${relPath}' is not a valid path.`,
      ctx.node
    );
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ExecutionFailure(
      'InvalidSource',
      `${relPath}: invalid YAML: ${(e as Error).message}`,
      ctx.node
    );
  }
  const definition = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const tools = Array.isArray(definition.tools) ? (definition.tools as unknown[]) : [];
  const functions = tools.map((t, i) => functionSpec(t, i, ctx));
  return { __pf_assistant__: { definition, functions } };
}

function functionSpec(tool: unknown, index: number, ctx: AssistantContext): AssistantFunctionSpec | null {
  const t = (tool && typeof tool === 'object' ? tool : {}) as Record<string, unknown>;
  const bad = (why: string) =>
    new ExecutionFailure(
      'InvalidAssistantTool',
      `assistant tool ${index + 1} in node '${ctx.node}': ${why}. Please make sure the assistant definition is correct.`,
      ctx.node
    );
  if (!TYPES.includes(t.type as string))
    throw bad(`unsupported type ${JSON.stringify(t.type)} (expected one of ${TYPES.join(', ')})`);
  if (t.type !== 'function') return null;
  if (t.tool_type !== 'python')
    throw bad(`tool_type ${JSON.stringify(t.tool_type)} is not supported (expected python)`);
  const source = (t.source && typeof t.source === 'object' ? t.source : undefined) as
    Record<string, unknown> | undefined;
  if (!source) throw bad("the 'source' property is missing");
  if (source.type !== 'code' || typeof source.path !== 'string' || !source.path)
    throw bad("only a 'source' of type code with a 'path' is supported by the local engine");
  const file = path.resolve(ctx.flowDir, source.path);
  const sig = ctx.signatureOf(file);
  const predefined: Record<string, unknown> = {};
  const given = (t.predefined_inputs ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(given)) {
    const annotation = sig?.params.find((p) => p.name === name)?.annotation;
    const classes = connectionClasses(annotation);
    if (typeof value === 'string' && value && classes.length) {
      predefined[name] = ctx.connections.pythonArg(value, classes, ctx.node);
    } else if (typeof value === 'string' && value && !annotation) {
      predefined[name] = ctx.connections.guessPythonArg(value) ?? value;
    } else {
      predefined[name] = value;
    }
  }
  return { file, predefined };
}

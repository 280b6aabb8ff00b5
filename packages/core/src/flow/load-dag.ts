/** Reading `flow.dag.yaml` into the DAG model. Problems are collected in the YamlSource. */
import { describe } from '../util/describe.js';
import type { JsonPath } from '../util/json-document.js';
import type {
  ActivateCondition,
  DagFlow,
  DagNode,
  DagOutput,
  FlowInput,
  FlowReference,
  FlowValueType,
  LlmApi,
  NodeBody,
  NodeInputValue,
  NodeSource,
  NodeType,
  NodeVariants
} from './model.js';
import { isReference, tryParseReference } from './references.js';
import {
  checkKeys,
  hint,
  isRecord,
  optionalBool,
  optionalRecord,
  optionalString,
  unknownType,
  type Raw
} from './shape.js';
import { resolveFlowFile } from './source-files.js';
import type { YamlSource } from './yaml-source.js';

export const COMMON_TOP_KEYS = [
  '$schema',
  'inputs',
  'outputs',
  'environment',
  'environment_variables',
  'additional_includes',
  'description',
  'display_name',
  'tags',
  'language',
  'type',
  // Read by prompt flow's Flow contract (id/name fall back to defaults there); kept as metadata.
  'id',
  'name',
  'version',
  'message_format'
] as const;
export const DAG_TOP_KEYS = [...COMMON_TOP_KEYS, 'nodes', 'node_variants'] as const;

export const INPUT_TYPES: readonly FlowValueType[] = [
  'string',
  'int',
  'double',
  'bool',
  'list',
  'object',
  'image'
];
const INPUT_KEYS = ['type', 'default', 'description', 'enum', 'is_chat_input', 'is_chat_history'];
const OUTPUT_KEYS = ['type', 'reference', 'description', 'is_chat_output', 'evaluation_only'];
const NODE_KEYS = [
  'name',
  'type',
  'source',
  'inputs',
  'connection',
  'api',
  'provider',
  'module',
  'activate',
  'aggregation',
  'reduce',
  'enable_cache',
  'use_variants',
  'comment',
  // Older flows' conditional skip; today's prompt flow ignores it (see checkSkip).
  'skip'
];
const SUPPORTED_NODE_TYPES = ['python', 'llm', 'prompt', 'custom_llm'];
/** Node types prompt flow has that the local engine does not run. */
const OTHER_NODE_TYPES = ['csharp', '_action'];
const LLM_APIS: readonly LlmApi[] = ['chat', 'completion'];
const FLOW_TYPES = ['standard', 'evaluation', 'chat'];
/** prompt flow's MessageFormatType. */
const MESSAGE_FORMATS = ['basic', 'openai-vision'];

/**
 * What the graph checks (validate-dag.ts) need of each node or variant body, kept even when the
 * body has other problems so that all reference problems are reported at once.
 */
export interface BodySite {
  node: string;
  variantId?: string;
  path: JsonPath;
  inputs: Record<string, NodeInputValue>;
  activate?: ActivateCondition;
  aggregation: boolean;
}

export interface DagRead {
  flow: DagFlow;
  sites: BodySite[];
  /** Node name → index in `nodes`, for the first node of that name. */
  nodeIndex: Map<string, number>;
}

export function readDag(
  src: YamlSource,
  raw: Raw,
  common: Omit<DagFlow, 'kind' | 'inputs' | 'outputs' | 'nodes' | 'nodeVariants'>
): DagRead {
  checkKeys(src, [], raw, DAG_TOP_KEYS, {
    entry: 'unknown key ("entry" belongs in flow.flex.yaml; a DAG flow lists nodes instead)',
    init: 'unknown key ("init" belongs in flow.flex.yaml)',
    sample: 'unknown key ("sample" belongs in flow.flex.yaml)'
  });
  checkCommon(src, raw);
  const ctx: BodyContext = { src, dir: common.dir, includes: common.additionalIncludes, sites: [] };

  const inputs = readInputs(src, raw.inputs);
  const { nodes, nodeIndex } = readNodes(ctx, raw.nodes);
  const nodeVariants = readNodeVariants(ctx, raw.node_variants, nodes, nodeIndex);
  const outputs = readOutputs(src, raw.outputs);
  return {
    flow: { kind: 'dag', ...common, inputs, outputs, nodes, nodeVariants },
    sites: ctx.sites,
    nodeIndex
  };
}

/** Checks shared by DAG and flex files: language, type, tags… (the values are kept raw). */
export function checkCommon(src: YamlSource, raw: Raw): void {
  const language = optionalString(src, ['language'], raw.language);
  if (language !== undefined && language !== 'python' && language !== 'csharp') {
    src.error(
      ['language'],
      `unknown language "${language}" (expected python, or csharp with --backend azure)`
    );
  }
  const format = optionalString(src, ['message_format'], raw.message_format);
  if (format !== undefined && !MESSAGE_FORMATS.includes(format))
    src.error(['message_format'], `unknown message_format "${format}"${hint(format, MESSAGE_FORMATS)}`);
  const type = optionalString(src, ['type'], raw.type);
  if (type !== undefined && !FLOW_TYPES.includes(type))
    src.error(['type'], `unknown flow type "${type}"${hint(type, FLOW_TYPES)}`);
  optionalRecord(src, ['environment'], raw.environment, 'a mapping (python_requirements_txt, image)');
  optionalRecord(
    src,
    ['environment_variables'],
    raw.environment_variables,
    'a mapping of variable names to values'
  );
  optionalRecord(src, ['tags'], raw.tags, 'a mapping of tag names to values');
  optionalString(src, ['description'], raw.description);
  optionalString(src, ['display_name'], raw.display_name);
}

function readInputs(src: YamlSource, value: unknown): Record<string, FlowInput> {
  const out: Record<string, FlowInput> = {};
  const inputs = optionalRecord(src, ['inputs'], value, 'a mapping of input names to definitions');
  for (const [name, def] of Object.entries(inputs ?? {})) {
    const path = ['inputs', name];
    if (!isRecord(def)) {
      src.error(path, `expected an input definition with a type (e.g. type: string), found ${describe(def)}`);
      continue;
    }
    checkKeys(src, path, def, INPUT_KEYS);
    if (def.type === undefined) {
      src.error(path, `missing type (expected ${INPUT_TYPES.join(', ')})`);
      continue;
    }
    if (typeof def.type !== 'string' || !(INPUT_TYPES as readonly string[]).includes(def.type)) {
      src.error([...path, 'type'], unknownType(def.type, INPUT_TYPES));
      continue;
    }
    const input: FlowInput = {
      name,
      type: def.type as FlowValueType,
      isChatInput: optionalBool(src, [...path, 'is_chat_input'], def.is_chat_input) ?? false,
      isChatHistory: optionalBool(src, [...path, 'is_chat_history'], def.is_chat_history) ?? false,
      at: src.at(path)
    };
    if ('default' in def) input.default = def.default;
    const description = optionalString(src, [...path, 'description'], def.description);
    if (description !== undefined) input.description = description;
    if (def.enum !== undefined && def.enum !== null) {
      if (Array.isArray(def.enum)) input.enum = def.enum;
      else src.error([...path, 'enum'], `expected a list of allowed values, found ${describe(def.enum)}`);
    }
    out[name] = input;
  }
  return out;
}

function readOutputs(src: YamlSource, value: unknown): Record<string, DagOutput> {
  const out: Record<string, DagOutput> = {};
  const outputs = optionalRecord(src, ['outputs'], value, 'a mapping of output names to definitions');
  for (const [name, def] of Object.entries(outputs ?? {})) {
    const path = ['outputs', name];
    if (!isRecord(def)) {
      src.error(
        path,
        `expected an output definition with a reference (e.g. reference: \${node.output}), found ${describe(def)}`
      );
      continue;
    }
    checkKeys(src, path, def, OUTPUT_KEYS);
    if (def.reference === undefined || def.reference === null || def.reference === '') {
      src.error(path, 'missing reference (expected e.g. reference: ${node.output})');
      continue;
    }
    const reference = readFlowReference(src, [...path, 'reference'], def.reference);
    if (!reference) continue;
    const output: DagOutput = {
      name,
      reference,
      isChatOutput: optionalBool(src, [...path, 'is_chat_output'], def.is_chat_output) ?? false,
      at: src.at(path)
    };
    const type = optionalString(src, [...path, 'type'], def.type);
    if (type !== undefined) output.type = type;
    const description = optionalString(src, [...path, 'description'], def.description);
    if (description !== undefined) output.description = description;
    out[name] = output;
  }
  return out;
}

/** A value that must be a `${inputs.x}` / `${node.output…}` reference. */
function readFlowReference(src: YamlSource, path: JsonPath, value: unknown): FlowReference | undefined {
  if (!isReference(value)) {
    src.error(
      path,
      `expected a reference such as \${node.output} or \${inputs.name}, found ${describe(value)}`
    );
    return undefined;
  }
  const r = tryParseReference(value, 'flow');
  if (!r.ok) {
    src.error(path, `invalid reference ${value}: ${r.reason}`);
    return undefined;
  }
  return r.reference as FlowReference;
}

interface BodyContext {
  src: YamlSource;
  dir: string;
  includes: readonly string[];
  sites: BodySite[];
}

function readNodes(ctx: BodyContext, value: unknown): { nodes: DagNode[]; nodeIndex: Map<string, number> } {
  const { src } = ctx;
  const nodes: DagNode[] = [];
  const nodeIndex = new Map<string, number>();
  if (value === undefined || value === null) return { nodes, nodeIndex };
  if (!Array.isArray(value)) {
    src.error(['nodes'], `expected a list of nodes, found ${describe(value)}`);
    return { nodes, nodeIndex };
  }
  value.forEach((raw: unknown, i) => {
    const path = ['nodes', i];
    if (!isRecord(raw)) {
      src.error(
        path,
        `expected a node (a mapping with name, type, source and inputs), found ${describe(raw)}`
      );
      return;
    }
    checkKeys(src, path, raw, NODE_KEYS);
    const name = readNodeName(src, path, raw.name);
    if (name === undefined) return;
    const first = nodeIndex.get(name);
    if (first !== undefined) {
      const firstAt = src.at(['nodes', first]);
      src.error([...path, 'name'], `duplicate node name "${name}" (first defined at line ${firstAt.line})`);
      return;
    }
    nodeIndex.set(name, nodes.length);
    const useVariants = optionalBool(src, [...path, 'use_variants'], raw.use_variants) ?? false;
    if (useVariants) {
      nodes.push({ name, useVariants: true, at: src.at(path) });
      return;
    }
    const body = readBody(ctx, path, raw, name);
    if (body) nodes.push({ name, useVariants: false, ...body });
  });
  return { nodes, nodeIndex };
}

const RESERVED_NODE_NAMES = ['inputs', 'flow'];

function readNodeName(src: YamlSource, path: JsonPath, value: unknown): string | undefined {
  if (value === undefined) {
    src.error(path, 'missing name');
    return undefined;
  }
  if (typeof value !== 'string' || value === '') {
    src.error([...path, 'name'], `expected a node name, found ${describe(value)}`);
    return undefined;
  }
  if (/[\s.${}]/.test(value)) {
    src.error(
      [...path, 'name'],
      `a node name cannot contain spaces, ".", "$", "{" or "}" (references split on "."), found "${value}"`
    );
    return undefined;
  }
  if (RESERVED_NODE_NAMES.includes(value)) {
    src.error([...path, 'name'], `"${value}" is reserved: \${${value}.x} refers to a flow input`);
    return undefined;
  }
  return value;
}

/** The definition of a node or of a variant (`node_variants.n.variants.v.node`). */
function readBody(
  ctx: BodyContext,
  path: JsonPath,
  raw: Raw,
  node: string,
  variantId?: string
): NodeBody | undefined {
  const { src } = ctx;
  let valid = true;
  const bad = (p: JsonPath, message: string): void => {
    src.error(p, message);
    valid = false;
  };

  let type: NodeType | undefined;
  if (raw.type === undefined) bad(path, `missing type (expected ${SUPPORTED_NODE_TYPES.join(', ')})`);
  else if (typeof raw.type === 'string' && SUPPORTED_NODE_TYPES.includes(raw.type))
    type = raw.type as NodeType;
  else if (typeof raw.type === 'string' && OTHER_NODE_TYPES.includes(raw.type)) {
    bad(
      [...path, 'type'],
      `node type "${raw.type}" is not supported (supported: ${SUPPORTED_NODE_TYPES.join(', ')})`
    );
  } else if (typeof raw.type === 'string') {
    bad([...path, 'type'], `unknown node type "${raw.type}"${hint(raw.type, SUPPORTED_NODE_TYPES)}`);
  } else
    bad(
      [...path, 'type'],
      `expected a node type (${SUPPORTED_NODE_TYPES.join(', ')}), found ${describe(raw.type)}`
    );

  const source = readSource(ctx, path, raw.source, type, () => (valid = false));

  const inputs: Record<string, NodeInputValue> = {};
  const rawInputs = optionalRecord(
    src,
    [...path, 'inputs'],
    raw.inputs,
    'a mapping of input names to values or references'
  );
  if (raw.inputs !== undefined && raw.inputs !== null && !rawInputs) valid = false;
  for (const [key, value] of Object.entries(rawInputs ?? {})) {
    if (!isReference(value)) {
      inputs[key] = { kind: 'literal', value };
      continue;
    }
    const r = tryParseReference(value, 'flow');
    if (r.ok) inputs[key] = r.reference as FlowReference;
    else bad([...path, 'inputs', key], `invalid reference ${value}: ${r.reason}`);
  }

  const connection = optionalString(src, [...path, 'connection'], raw.connection, 'a connection name');
  let api: LlmApi | undefined;
  if (type === 'llm') {
    if (connection === undefined && raw.connection === undefined)
      bad(path, 'an llm node needs a connection (the name of the connection to the model)');
    if (raw.api === undefined) bad(path, `an llm node needs an api (expected ${LLM_APIS.join(' or ')})`);
    else if (typeof raw.api === 'string' && (LLM_APIS as readonly string[]).includes(raw.api))
      api = raw.api as LlmApi;
    else if (typeof raw.api === 'string')
      bad([...path, 'api'], `unknown api "${raw.api}"${hint(raw.api, LLM_APIS)}`);
    else bad([...path, 'api'], `expected chat or completion, found ${describe(raw.api)}`);
  } else if (typeof raw.api === 'string')
    api = (LLM_APIS as readonly string[]).includes(raw.api) ? (raw.api as LlmApi) : undefined;

  let activate: ActivateCondition | undefined;
  const rawActivate = optionalRecord(
    src,
    [...path, 'activate'],
    raw.activate,
    'a mapping with "when" and "is"'
  );
  if (raw.activate !== undefined && raw.activate !== null && !rawActivate) valid = false;
  if (rawActivate) {
    checkKeys(src, [...path, 'activate'], rawActivate, ['when', 'is']);
    const hasWhen = 'when' in rawActivate;
    const hasIs = 'is' in rawActivate;
    if (!hasWhen || !hasIs) {
      const found = hasWhen ? 'only "when"' : hasIs ? 'only "is"' : 'neither';
      bad(
        [...path, 'activate'],
        `expected both "when" (a reference) and "is" (the value that activates the node), found ${found}`
      );
    } else {
      const when = isReference(rawActivate.when)
        ? readFlowReference(src, [...path, 'activate', 'when'], rawActivate.when)
        : { kind: 'literal' as const, value: rawActivate.when };
      if (when) activate = { when, is: rawActivate.is };
      else valid = false;
    }
  }

  const aggregation =
    (optionalBool(src, [...path, 'aggregation'], raw.aggregation) ?? false) ||
    (optionalBool(src, [...path, 'reduce'], raw.reduce) ?? false);
  const enableCache = optionalBool(src, [...path, 'enable_cache'], raw.enable_cache) ?? false;
  const provider = optionalString(src, [...path, 'provider'], raw.provider);
  const module = optionalString(src, [...path, 'module'], raw.module);
  optionalString(src, [...path, 'comment'], raw.comment);
  if (raw.skip !== undefined)
    src.warn(
      [...path, 'skip'],
      'skip is ignored (prompt flow no longer reads it); use activate: {when, is} to bypass a node'
    );

  ctx.sites.push({
    node,
    ...(variantId !== undefined ? { variantId } : {}),
    path,
    inputs,
    aggregation,
    ...(activate ? { activate } : {})
  });
  if (!valid || !type || !source) return undefined;
  const body: NodeBody = { type, source, inputs, aggregation, enableCache, at: src.at(path) };
  if (connection !== undefined) body.connection = connection;
  if (api !== undefined) body.api = api;
  if (provider !== undefined) body.provider = provider;
  if (module !== undefined) body.module = module;
  if (activate) body.activate = activate;
  return body;
}

function readSource(
  ctx: BodyContext,
  nodePath: JsonPath,
  value: unknown,
  type: NodeType | undefined,
  invalid: () => void
): NodeSource | undefined {
  const { src } = ctx;
  const path = [...nodePath, 'source'];
  const bad = (p: JsonPath, message: string): undefined => {
    src.error(p, message);
    invalid();
    return undefined;
  };
  const what = type === 'python' ? 'the .py file of the tool' : 'the .jinja2 prompt template';
  if (value === undefined)
    return bad(nodePath, `missing source (expected source: {type: code, path: <${what}>})`);
  if (!isRecord(value)) return bad(path, `expected a mapping with type and path, found ${describe(value)}`);
  checkKeys(src, path, value, ['type', 'path', 'tool']);
  const sourceType = value.type ?? 'code';
  if (sourceType === 'package' || sourceType === 'package_with_prompt') {
    // Run by the python worker: the real package when installed, else the shim's built-in tools;
    // a tool neither provides fails when the flow runs, naming the pip package to install.
    const tool = typeof value.tool === 'string' ? value.tool : undefined;
    if (!tool) return bad(path, `a ${sourceType} source needs a tool (the tool's full name), found none`);
    const pkg: NodeSource = { type: sourceType, tool };
    if (typeof value.path === 'string') {
      pkg.path = value.path;
      const found = resolveFlowFile(ctx.dir, value.path, ctx.includes);
      if ('file' in found) pkg.file = found.file;
      else return bad([...path, 'path'], found.problem);
    }
    return pkg;
  }
  if (sourceType !== 'code')
    return bad(
      [...path, 'type'],
      `unknown source type ${describe(sourceType)} (expected code, package or package_with_prompt)`
    );
  if (type === 'custom_llm')
    return bad(
      [...path, 'type'],
      'a custom_llm node runs a package tool: expected source.type package_with_prompt (with tool and path), found code'
    );
  if (value.path === undefined) return bad(path, `missing path (expected ${what})`);
  if (typeof value.path !== 'string' || value.path === '')
    return bad([...path, 'path'], `expected ${what}, found ${describe(value.path)}`);
  const rel = value.path;
  if (type === 'python' && !rel.endsWith('.py'))
    return bad([...path, 'path'], `a python node runs a .py file, found "${rel}"`);
  if ((type === 'llm' || type === 'prompt') && rel.endsWith('.py')) {
    return bad([...path, 'path'], `an ${type} node renders a prompt template (.jinja2), found "${rel}"`);
  }
  const found = resolveFlowFile(ctx.dir, rel, ctx.includes);
  if ('problem' in found) return bad([...path, 'path'], found.problem);
  return { type: 'code', path: rel, file: found.file };
}

function readNodeVariants(
  ctx: BodyContext,
  value: unknown,
  nodes: DagNode[],
  nodeIndex: Map<string, number>
): Record<string, NodeVariants> {
  const { src } = ctx;
  const out: Record<string, NodeVariants> = {};
  const all = optionalRecord(src, ['node_variants'], value, 'a mapping of node names to their variants');
  const variantNodes = nodes.filter((n) => n.useVariants).map((n) => n.name);
  for (const node of src.keys(['node_variants'])) {
    const def = all?.[node];
    const path = ['node_variants', node];
    const index = nodeIndex.get(node);
    if (index === undefined) {
      src.error(path, `no node "${node}" in nodes${hint(node, variantNodes, 'no node uses variants')}`);
      continue;
    }
    if (!nodes[index]?.useVariants) {
      src.warn(path, `node "${node}" does not set use_variants: true, so these variants are ignored`);
      continue;
    }
    if (!isRecord(def)) {
      src.error(path, `expected default_variant_id and variants, found ${describe(def)}`);
      continue;
    }
    checkKeys(src, path, def, ['default_variant_id', 'variants']);
    const variants: Record<string, NodeBody> = {};
    const variantIds: string[] = [];
    let complete = true;
    const rawVariants = def.variants;
    if (rawVariants === undefined || rawVariants === null) {
      src.error(path, 'missing variants (expected variants: {<id>: {node: ...}})');
      continue;
    }
    if (!isRecord(rawVariants)) {
      src.error(
        [...path, 'variants'],
        `expected a mapping of variant ids to {node: ...}, found ${describe(rawVariants)}`
      );
      continue;
    }
    for (const id of src.keys([...path, 'variants'])) {
      const vPath = [...path, 'variants', id];
      const v = rawVariants[id];
      variantIds.push(id);
      if (!isRecord(v) || !isRecord(v.node)) {
        src.error(
          vPath,
          `expected {node: <node definition>}, found ${isRecord(v) ? `no node` : describe(v)}`
        );
        complete = false;
        continue;
      }
      checkKeys(src, vPath, v, ['node', 'description']);
      const bodyPath = [...vPath, 'node'];
      checkKeys(
        src,
        bodyPath,
        v.node,
        NODE_KEYS.filter((k) => k !== 'use_variants')
      );
      const body = readBody(ctx, bodyPath, v.node, node, id);
      if (!body) {
        complete = false;
        continue;
      }
      variants[id] = body;
    }
    if (variantIds.length === 0) {
      src.error([...path, 'variants'], 'expected at least one variant, found none');
      continue;
    }
    const defaultId = def.default_variant_id;
    if (defaultId === undefined) {
      src.error(path, `missing default_variant_id (expected one of ${variantIds.join(', ')})`);
      continue;
    }
    if (typeof defaultId !== 'string' || !variantIds.includes(defaultId)) {
      const found = typeof defaultId === 'string' ? `"${defaultId}"` : describe(defaultId);
      src.error(
        [...path, 'default_variant_id'],
        `${found} is not one of the variants${hint(String(defaultId), variantIds)}`
      );
      continue;
    }
    if (complete) out[node] = { node, defaultVariantId: defaultId, variantIds, variants, at: src.at(path) };
  }
  for (const n of nodes) {
    if (n.useVariants && !(n.name in out) && !src.keys(['node_variants']).includes(n.name)) {
      const path = ['nodes', nodeIndex.get(n.name) ?? 0, 'use_variants'];
      src.error(
        path,
        `node "${n.name}" uses variants, but node_variants has no "${n.name}" entry${variantEntryHint(src, n.name)}`
      );
    }
  }
  return out;
}

function variantEntryHint(src: YamlSource, name: string): string {
  const keys = src.keys(['node_variants']);
  const h = hint(name, keys);
  return h.startsWith(' (did you mean') ? h : '';
}

/**
 * The in-memory model of a prompt flow flow (`flow.dag.yaml` or `flow.flex.yaml`), as the executor
 * needs it. Everything here is plain data (JSON-serialisable): positions in the YAML file are kept as
 * `at` locations so that runtime errors can point at the node that failed.
 */
import type { Problem, SourceLocation } from '../errors.js';
import type { LiteralValue, Reference } from './references.js';

/** Flow input/output value types prompt flow knows (`ValueType`), as far as a flow's inputs use them. */
export type FlowValueType = 'string' | 'int' | 'double' | 'bool' | 'list' | 'object' | 'image';

/** Node types the local engine runs (`custom_llm`: a package tool with a prompt template). */
export type NodeType = 'python' | 'llm' | 'prompt' | 'custom_llm';

export type LlmApi = 'chat' | 'completion';

export interface FlowInput {
  name: string;
  type: FlowValueType;
  /** Present when the YAML sets `default` (its value may be null). Check with `'default' in input`. */
  default?: unknown;
  description?: string;
  isChatInput: boolean;
  isChatHistory: boolean;
  /** Allowed values, when the YAML lists an `enum`. */
  enum?: unknown[];
  at: SourceLocation;
}

export interface DagOutput {
  name: string;
  type?: string;
  /** `${inputs.x}` or `${node.output...}`. */
  reference: FlowReference;
  description?: string;
  isChatOutput: boolean;
  at: SourceLocation;
}

/** A reference that may appear inside a flow file. */
export type FlowReference = Extract<Reference, { kind: 'flow-input' | 'node-output' }>;

/** A node input: a literal value, or a whole-value `${...}` reference. */
export type NodeInputValue = LiteralValue | FlowReference;

/** `source.type: code`: a file in the flow folder (or brought in by `additional_includes`). */
export interface CodeSource {
  type: 'code';
  /** As written in the YAML (relative, forward slashes). */
  path: string;
  /** Absolute path of the file on disk. */
  file: string;
}

/** `source.type: package` / `package_with_prompt`: a tool of an installed package (or of the shim's built-in `promptflow.tools`). */
export interface PackageSource {
  type: 'package' | 'package_with_prompt';
  tool: string;
  path?: string;
  file?: string;
}

export type NodeSource = CodeSource | PackageSource;

export interface ActivateCondition {
  /** A reference, or a literal (prompt flow accepts one: the condition is then fixed). */
  when: NodeInputValue;
  is: unknown;
}

/** What a node does: the body shared by plain nodes and by each variant (`node_variants.x.variants.v.node`). */
export interface NodeBody {
  type: NodeType;
  source: NodeSource;
  inputs: Record<string, NodeInputValue>;
  connection?: string;
  /** Set (and required) for llm nodes. */
  api?: LlmApi;
  provider?: string;
  module?: string;
  activate?: ActivateCondition;
  aggregation: boolean;
  enableCache: boolean;
  /** Set on the one llm node a `.prompty` file becomes. */
  prompty?: PromptySettings;
  /** Where this body is in the YAML (the node, or the variant's `node:`). */
  at: SourceLocation;
}

/** What a `.prompty` front matter says beyond the template and its inputs. */
export interface PromptySettings {
  /** `model.configuration` as written (`${env:X}` resolved at run time); undefined with a connection. */
  configuration?: Record<string, unknown>;
  /** `model.response`: the first choice's content, or the whole response. */
  response: 'first' | 'all';
  /** `outputs` names: with JSON output, only these keys of the answer are returned. */
  outputs?: string[];
}

/** A node with its own definition, or the effective definition of a variant node (see `resolveNode`). */
export interface ToolNode extends NodeBody {
  name: string;
  useVariants: false;
  /** The variant this definition came from, for nodes that use variants. */
  variantId?: string;
}

/** A `use_variants: true` node: its definition lives in `node_variants`. */
export interface VariantNode {
  name: string;
  useVariants: true;
  at: SourceLocation;
}

export type DagNode = ToolNode | VariantNode;

export interface NodeVariants {
  node: string;
  defaultVariantId: string;
  /** Variant ids in file order (object key order is not reliable for ids such as "0"). */
  variantIds: string[];
  variants: Record<string, NodeBody>;
  at: SourceLocation;
}

interface FlowCommon {
  /** Absolute path of the flow folder. */
  dir: string;
  /** Absolute path of the YAML file. */
  file: string;
  /** The YAML file as shown in messages (relative to the display root). */
  displayFile: string;
  description?: string;
  displayName?: string;
  tags?: Record<string, unknown>;
  /** `environment` as written (python_requirements_txt, image …). */
  environment?: Record<string, unknown>;
  /** `environment_variables` as written. */
  environmentVariables?: Record<string, unknown>;
  /** `additional_includes` as written (relative to the flow folder). */
  additionalIncludes: string[];
  /** Things that are allowed but probably not what the author meant (e.g. an output of an aggregation node). */
  warnings: Problem[];
  /** The whole YAML document as plain data. */
  raw: Record<string, unknown>;
}

export interface DagFlow extends FlowCommon {
  kind: 'dag';
  /** A `.prompty` file read as a one-node flow; `sample` is its sample inputs (inline or `${file:…}`). */
  prompty?: { sample?: unknown };
  inputs: Record<string, FlowInput>;
  /**
   * Flow outputs, in file order. Outputs that reference an aggregation node are left out (prompt
   * flow ignores them too) and reported in `warnings`.
   */
  outputs: Record<string, DagOutput>;
  /** In file order (not execution order: see `topologicalOrder`). */
  nodes: DagNode[];
  /** Keyed by node name; only entries of nodes that use variants. */
  nodeVariants: Record<string, NodeVariants>;
}

export interface FlexPort {
  name: string;
  /** For init: also connection classes (`AzureOpenAIConnection` …) and model configurations. */
  type: string;
  default?: unknown;
  description?: string;
  at: SourceLocation;
}

export interface FlexEntry {
  /** As written, `module:name`. */
  text: string;
  /** Dotted Python module, e.g. `pkg.flow_entry`. */
  module: string;
  /** Function or class name. */
  name: string;
  /** Absolute path of the module file (`pkg/flow_entry.py` or `pkg/flow_entry/__init__.py`). */
  file: string;
  /** What a scan of the module found at top level; `unknown` when it is imported or assigned. */
  kind: 'function' | 'class' | 'unknown';
}

export interface FlexFlow extends FlowCommon {
  kind: 'flex';
  entry: FlexEntry;
  inputs?: Record<string, FlexPort>;
  outputs?: Record<string, FlexPort>;
  /** Constructor parameters of a class entry. */
  init?: Record<string, FlexPort>;
  /** `sample` as written: a file name, or inline `{ inputs, init }`. */
  sample?: unknown;
}

export type Flow = DagFlow | FlexFlow;

/** Node name → chosen variant id. Nodes with variants that are not listed use their default. */
export type VariantSelection = Record<string, string>;

/**
 * Reading a `.prompty` file (prompt flow's single-file prompt: YAML front matter between `---` lines,
 * then a Jinja2 template) as a flow of one llm node, so the DAG executor runs it, records it and
 * serves it like any flow. Front matter keys follow prompt flow's Prompty: `model.api`,
 * `model.configuration` (azure_openai / openai, `${env:VAR}`, or a `connection`),
 * `model.parameters`, `model.response`, `inputs`, `outputs`, `sample`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe } from '../util/describe.js';
import { INPUT_TYPES } from './load-dag.js';
import type {
  DagFlow,
  FlowInput,
  FlowValueType,
  NodeInputValue,
  PromptySettings,
  ToolNode
} from './model.js';
import { checkKeys, hint, isRecord, optionalRecord, optionalString, unknownType, type Raw } from './shape.js';
import { resolveFlowFile } from './source-files.js';
import { YamlSource } from './yaml-source.js';

const TOP_KEYS = [
  '$schema',
  'name',
  'description',
  'version',
  'authors',
  'tags',
  'model',
  'inputs',
  'outputs',
  'sample',
  'template'
];
const MODEL_KEYS = ['api', 'configuration', 'parameters', 'response'];
const CONFIG_TYPES = ['azure_openai', 'openai'];
/** The node a prompty becomes; its name shows in run records. */
export const PROMPTY_NODE = 'prompty';

export interface PromptyParts {
  /** The YAML between the `---` lines, with the first line left empty so lines match the file. */
  frontMatter: string;
  body: string;
}

/** Splits a prompty file; undefined when it does not start with a `---` front matter block. */
export function splitPrompty(text: string): PromptyParts | undefined {
  // Blank lines may come first (prompt flow's own examples have one).
  const m = /^\uFEFF?((?:[ \t]*\r?\n)*)---[ \t]*\r?\n([\s\S]*?)^---[ \t]*(?:\r?\n|$)/m.exec(text);
  if (!m || m.index !== 0) return undefined;
  const before = m[1].split('\n').length; // the blank lines and the opening `---`
  return { frontMatter: '\n'.repeat(before) + m[2], body: text.slice(m[0].length) };
}

type Common = Omit<DagFlow, 'kind' | 'inputs' | 'outputs' | 'nodes' | 'nodeVariants' | 'raw' | 'warnings'>;

/** Reads the prompty at `file`; problems (with lines in the file) are collected in the returned source. */
export function readPrompty(
  displayFile: string,
  text: string,
  common: Omit<Common, 'displayFile'>
): { src: YamlSource; flow?: DagFlow } {
  const parts = splitPrompty(text);
  if (!parts) {
    const src = YamlSource.parse(displayFile, '{}');
    src.problems.push({
      file: displayFile,
      line: 1,
      column: 1,
      message:
        'expected a prompty: front matter between two "---" lines (name, model, inputs …), then the prompt template'
    });
    return { src };
  }
  const src = YamlSource.parse(displayFile, parts.frontMatter);
  if (src.problems.length) return { src };
  const raw: Raw = isRecord(src.value) ? src.value : {};
  if (!isRecord(src.value) && src.value !== null && src.value !== undefined)
    src.error(
      [],
      `expected the front matter to be a mapping (name, model, inputs …), found ${describe(src.value)}`
    );
  checkKeys(src, [], raw, TOP_KEYS);

  const { api, response, configuration, type, connection, parameters } = readModel(src, raw);

  const inputs = readInputs(src, raw.inputs);
  const outputsRaw = optionalRecord(
    src,
    ['outputs'],
    raw.outputs,
    'a mapping of output names to definitions'
  );
  checkSample(src, raw.sample, common);
  if (src.problems.length) return { src };

  const settings: PromptySettings = { response: response as 'first' | 'all' };
  if (connection === undefined) settings.configuration = configuration;
  if (outputsRaw) settings.outputs = Object.keys(outputsRaw);
  const node = promptyNode(src, common, {
    api,
    type,
    connection,
    parameters,
    configuration,
    inputs,
    settings
  });
  if (!node) return { src };
  const outputs = promptyOutputs(src, settings);
  const flow: DagFlow = {
    kind: 'dag',
    ...common,
    displayFile,
    raw,
    warnings: src.warnings,
    inputs,
    outputs,
    nodes: [node],
    nodeVariants: {},
    prompty: raw.sample !== undefined && raw.sample !== null ? { sample: raw.sample } : {},
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    ...(typeof raw.name === 'string' ? { displayName: raw.name } : {})
  };
  return { src, flow };
}

/** The prompty's `model` section: api, response, configuration (type, connection) and parameters, checked. */
function readModel(src: YamlSource, raw: Raw) {
  const model =
    optionalRecord(src, ['model'], raw.model, 'a mapping (api, configuration, parameters, response)') ?? {};
  checkKeys(src, ['model'], model, MODEL_KEYS);
  const api = model.api ?? 'chat';
  if (api !== 'chat' && api !== 'completion')
    src.error(
      ['model', 'api'],
      `unknown api ${describe(api)}${typeof api === 'string' ? hint(api, ['chat', 'completion']) : ''}`
    );
  const response = model.response ?? 'first';
  if (response !== 'first' && response !== 'all')
    src.error(['model', 'response'], `expected first or all, found ${describe(response)}`);
  const configuration =
    optionalRecord(
      src,
      ['model', 'configuration'],
      model.configuration,
      'a mapping (type, azure_deployment …)'
    ) ?? {};
  const type = optionalString(src, ['model', 'configuration', 'type'], configuration.type);
  if (type !== undefined && !CONFIG_TYPES.includes(type))
    src.error(
      ['model', 'configuration', 'type'],
      `unknown configuration type "${type}"${hint(type, CONFIG_TYPES)}`
    );
  const connection = optionalString(
    src,
    ['model', 'configuration', 'connection'],
    configuration.connection,
    'a connection name'
  );
  const parameters =
    optionalRecord(src, ['model', 'parameters'], model.parameters, 'a mapping of model parameters') ?? {};
  return { api, response, configuration, type, connection, parameters };
}

/** `sample` is a mapping of input values, or `${file:<name>.json}` naming a file of the flow. */
function checkSample(src: YamlSource, sample: unknown, common: Omit<Common, 'displayFile'>): void {
  if (sample !== undefined && sample !== null && !isRecord(sample)) {
    const ref = typeof sample === 'string' ? /^\$\{file:(.+)\}$/.exec(sample.trim()) : null;
    if (!ref)
      src.error(
        ['sample'],
        `expected a mapping of input values or \${file:<name>.json}, found ${describe(sample)}`
      );
    else {
      const found = resolveFlowFile(common.dir, ref[1], common.additionalIncludes);
      if ('problem' in found) src.error(['sample'], found.problem);
    }
  }
}

/** The one llm node a prompty is: its inputs from the flow's inputs, the parameters and the deployment. */
function promptyNode(
  src: YamlSource,
  common: Omit<Common, 'displayFile'>,
  m: Omit<ReturnType<typeof readModel>, 'response'> & {
    inputs: Record<string, FlowInput>;
    settings: PromptySettings;
  }
): ToolNode | undefined {
  const { api, type, connection, parameters, configuration, inputs, settings } = m;
  const deployment = configuration.azure_deployment ?? configuration.model;
  const nodeInputs: Record<string, NodeInputValue> = {};
  for (const name of Object.keys(inputs))
    nodeInputs[name] = { kind: 'flow-input', name, text: `\${inputs.${name}}` };
  for (const [k, v] of Object.entries(parameters)) {
    // `tools: ${file:tools.json}`: the file's content, as prompt flow reads it (JSON parsed)
    const ref = typeof v === 'string' ? /^\$\{file:(.+)\}$/.exec(v.trim()) : null;
    let value = v;
    if (ref) {
      const found = resolveFlowFile(common.dir, ref[1].trim(), common.additionalIncludes);
      if ('problem' in found) src.error(['model', 'parameters', k], found.problem);
      else {
        const text = readFileSync(found.file, 'utf8');
        try {
          value = found.file.endsWith('.json') ? JSON.parse(text) : text;
        } catch (e) {
          src.error(['model', 'parameters', k], `${ref[1]} is not valid JSON: ${(e as Error).message}`);
        }
      }
    }
    nodeInputs[k] = { kind: 'literal', value };
  }
  if (src.problems.length) return undefined; // the parameters' file references are wrong
  if (typeof deployment === 'string')
    nodeInputs[(type ?? 'azure_openai') === 'openai' ? 'model' : 'deployment_name'] = {
      kind: 'literal',
      value: deployment
    };
  const at = src.at([]);
  return {
    name: PROMPTY_NODE,
    useVariants: false,
    type: 'llm',
    api: api as 'chat' | 'completion',
    source: { type: 'code', path: path.basename(common.file), file: common.file },
    inputs: nodeInputs,
    aggregation: false,
    enableCache: false,
    prompty: settings,
    at,
    ...(connection !== undefined ? { connection } : {})
  };
}

/** The flow's outputs: the node's output, or one per declared output name. */
function promptyOutputs(src: YamlSource, settings: PromptySettings): DagFlow['outputs'] {
  const outputNames = settings.outputs ?? ['output'];
  const outputs: DagFlow['outputs'] = {};
  for (const name of outputNames) {
    const text = settings.outputs ? `\${${PROMPTY_NODE}.output.${name}}` : `\${${PROMPTY_NODE}.output}`;
    outputs[name] = {
      name,
      reference: { kind: 'node-output', node: PROMPTY_NODE, path: settings.outputs ? [name] : [], text },
      isChatOutput: false,
      at: src.at(['outputs', name])
    };
  }
  return outputs;
}

function readInputs(src: YamlSource, value: unknown): Record<string, FlowInput> {
  const out: Record<string, FlowInput> = {};
  const inputs = optionalRecord(src, ['inputs'], value, 'a mapping of input names to definitions') ?? {};
  for (const [name, def] of Object.entries(inputs)) {
    const p = ['inputs', name];
    // prompt flow also takes `name: <default value>` for an input.
    const d: Raw =
      isRecord(def) && ('type' in def || 'default' in def || 'description' in def) ? def : { default: def };
    if (isRecord(def))
      checkKeys(src, p, def, ['type', 'default', 'description', 'is_chat_input', 'is_chat_history']);
    const type = d.type ?? inferType(d.default);
    if (typeof type !== 'string' || !(INPUT_TYPES as readonly string[]).includes(normalType(type))) {
      src.error([...p, 'type'], unknownType(type, INPUT_TYPES));
      continue;
    }
    const input: FlowInput = {
      name,
      type: normalType(type) as FlowValueType,
      isChatInput: d.is_chat_input === true,
      isChatHistory: d.is_chat_history === true || (name === 'chat_history' && normalType(type) === 'list'),
      at: src.at(p)
    };
    if ('default' in d && d.default !== undefined) input.default = d.default;
    if (typeof d.description === 'string') input.description = d.description;
    out[name] = input;
  }
  return out;
}

/** Prompty also writes `number`/`float` for a float and `str` for a string. */
function normalType(t: string): string {
  return (
    (
      {
        number: 'double',
        float: 'double',
        str: 'string',
        integer: 'int',
        boolean: 'bool',
        array: 'list',
        dict: 'object'
      } as Record<string, string>
    )[t] ?? t
  );
}

function inferType(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'list';
  if (isRecord(v)) return 'object';
  return 'string';
}

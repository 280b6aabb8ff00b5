/** Reading `flow.flex.yaml` (a Python function or class as the flow) into the model. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe } from '../util/describe.js';
import { closest } from '../util/did-you-mean.js';
import type { JsonPath } from '../util/json-document.js';
import { checkCommon, COMMON_TOP_KEYS } from './load-dag.js';
import type { FlexEntry, FlexFlow, FlexPort } from './model.js';
import { checkKeys, isRecord, optionalRecord, optionalString, unknownType, type Raw } from './shape.js';
import { resolveFlowFile } from './source-files.js';
import type { YamlSource } from './yaml-source.js';

export const FLEX_TOP_KEYS = [...COMMON_TOP_KEYS, 'entry', 'init', 'sample'] as const;

/** Types prompt flow allows for flex inputs and outputs. */
export const FLEX_VALUE_TYPES = ['string', 'int', 'double', 'bool', 'list', 'object'];
const PORT_KEYS = [
  'type',
  'default',
  'description',
  'enum',
  'is_chat_input',
  'is_chat_history',
  'is_chat_output',
  'reference'
];

export function readFlex(
  src: YamlSource,
  raw: Raw,
  common: Omit<FlexFlow, 'kind' | 'entry' | 'inputs' | 'outputs' | 'init' | 'sample'>
): FlexFlow | undefined {
  checkKeys(src, [], raw, FLEX_TOP_KEYS, {
    nodes: 'unknown key ("nodes" belongs in flow.dag.yaml; a flex flow has an entry instead)',
    node_variants: 'unknown key ("node_variants" belongs in flow.dag.yaml; a flex flow has no variants)'
  });
  checkCommon(src, raw);
  const entry = readEntry(src, common.dir, common.additionalIncludes, raw.entry);
  const inputs = readPorts(src, ['inputs'], raw.inputs, 'input');
  const outputs = readPorts(src, ['outputs'], raw.outputs, 'output');
  const init = readPorts(src, ['init'], raw.init, 'init');
  if (init && entry?.kind === 'function') {
    src.error(
      ['init'],
      `entry "${entry.name}" is a function; init parameters are for a class entry (its __init__)`
    );
  }
  let sample: unknown;
  if (raw.sample !== undefined && raw.sample !== null) {
    if (typeof raw.sample === 'string') {
      const found = resolveFlowFile(common.dir, raw.sample, common.additionalIncludes);
      if ('problem' in found) src.error(['sample'], found.problem);
    } else if (!isRecord(raw.sample)) {
      src.error(
        ['sample'],
        `expected a sample file name or a mapping (inputs, init), found ${describe(raw.sample)}`
      );
    }
    sample = raw.sample;
  }
  if (!entry) return undefined;
  const flow: FlexFlow = { kind: 'flex', ...common, entry };
  if (inputs) flow.inputs = inputs;
  if (outputs) flow.outputs = outputs;
  if (init) flow.init = init;
  if (sample !== undefined) flow.sample = sample;
  return flow;
}

const ENTRY_FORM = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*):([A-Za-z_]\w*)$/;

function readEntry(
  src: YamlSource,
  dir: string,
  includes: readonly string[],
  value: unknown
): FlexEntry | undefined {
  if (value === undefined) {
    src.error([], 'missing entry (expected entry: <module>:<function or class>, e.g. flow_entry:my_flow)');
    return undefined;
  }
  const m = typeof value === 'string' ? ENTRY_FORM.exec(value.trim()) : null;
  if (!m) {
    src.error(
      ['entry'],
      `expected <module>:<function or class> (e.g. flow_entry:my_flow), found ${describe(value)}`
    );
    return undefined;
  }
  const [text, module, name] = m;
  const modulePath = module.split('.').join('/');
  let file: string | undefined;
  for (const candidate of [`${modulePath}.py`, `${modulePath}/__init__.py`]) {
    const found = resolveFlowFile(dir, candidate, includes);
    if ('file' in found) {
      file = found.file;
      break;
    }
  }
  if (!file) {
    src.error(
      ['entry'],
      `module "${module}" not found: expected ${modulePath}.py (or ${modulePath}/__init__.py) in the flow folder`
    );
    return undefined;
  }
  const kind = findDefinition(readFileSync(file, 'utf8'), name);
  if (typeof kind !== 'string') {
    const shown = path.relative(dir, file).split(path.sep).join('/');
    const c = closest(name, kind.candidates);
    src.error(['entry'], `"${name}" is not defined in ${shown}${c ? ` (did you mean "${c}"?)` : ''}`);
    return undefined;
  }
  return { text, module, name, file, kind };
}

/**
 * What `name` is at the top level of a Python module, from a plain text scan: a `def` or `class`,
 * or `unknown` when it is imported or assigned. Otherwise the top-level names, for a did-you-mean.
 */
export function findDefinition(code: string, name: string): FlexEntry['kind'] | { candidates: string[] } {
  const candidates: string[] = [];
  for (const m of code.matchAll(/^(?:async\s+def|def|class)\s+([A-Za-z_]\w*)/gm)) {
    if (m[1] === name) return m[0].startsWith('class') ? 'class' : 'function';
    candidates.push(m[1]);
  }
  const word = name.replace(/[^\w]/g, '');
  const imported = new RegExp(`^(?:from\\s+\\S+\\s+)?import\\b[^\\n]*\\b${word}\\b`, 'm');
  const assigned = new RegExp(`^${word}\\s*(?::[^=\\n]*)?=(?!=)`, 'm');
  if (imported.test(code) || assigned.test(code)) return 'unknown';
  return { candidates };
}

function readPorts(
  src: YamlSource,
  path: JsonPath,
  value: unknown,
  what: 'input' | 'output' | 'init'
): Record<string, FlexPort> | undefined {
  const ports = optionalRecord(src, path, value, `a mapping of ${what} names to definitions`);
  if (!ports) return undefined;
  const out: Record<string, FlexPort> = {};
  for (const [name, def] of Object.entries(ports)) {
    const p = [...path, name];
    if (!isRecord(def)) {
      src.error(p, `expected a definition with a type (e.g. type: string), found ${describe(def)}`);
      continue;
    }
    checkKeys(src, p, def, PORT_KEYS);
    if (def.type === undefined) {
      src.error(
        p,
        `missing type (expected ${FLEX_VALUE_TYPES.join(', ')}${what === 'init' ? ', or a connection or model configuration class' : ''})`
      );
      continue;
    }
    const type = def.type;
    const ok =
      typeof type === 'string' &&
      (FLEX_VALUE_TYPES.includes(type) ||
        (what === 'init' && /^[A-Z]\w*(Connection|ModelConfiguration)$/.test(type)));
    if (!ok) {
      src.error([...p, 'type'], unknownType(type, FLEX_VALUE_TYPES));
      continue;
    }
    const port: FlexPort = { name, type: type as string, at: src.at(p) };
    if ('default' in def) port.default = def.default;
    const description = optionalString(src, [...p, 'description'], def.description);
    if (description !== undefined) port.description = description;
    out[name] = port;
  }
  return out;
}

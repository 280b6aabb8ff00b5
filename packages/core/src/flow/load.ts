import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { throwIfProblems, UserError } from '../errors.js';
import { describe } from '../util/describe.js';
import { toPosixRelative } from '../util/paths.js';
import { readDag } from './load-dag.js';
import { readFlex } from './load-flex.js';
import { readPrompty } from './load-prompty.js';
import type { Flow } from './model.js';
import { isRecord } from './shape.js';
import { isDirectory } from './source-files.js';
import { checkDagGraph } from './validate-dag.js';
import { YamlSource } from './yaml-source.js';

export const DAG_FILES = ['flow.dag.yaml', 'flow.dag.yml'];
export const FLEX_FILES = ['flow.flex.yaml', 'flow.flex.yml'];

export interface LoadFlowOptions {
  /** File names in messages are relative to this folder (default: the current directory). */
  displayRoot?: string;
}

/**
 * Reads and validates the flow in `dirOrFile` (a flow folder holding flow.dag.yaml / flow.dag.yml /
 * flow.flex.yaml, or the YAML file itself). Every problem found is reported in one UserError.
 */
export function loadFlow(dirOrFile: string, opts: LoadFlowOptions = {}): Flow {
  const root = path.resolve(opts.displayRoot ?? process.cwd());
  const display = (p: string): string => toPosixRelative(root, p);
  const target = path.resolve(dirOrFile);
  const entry = entryFlow(dirOrFile, target);
  const { dir, file } = entry ?? findFlowFile(target, display);

  let text: string;
  try {
    text = entry ? entry.text : readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError([
      { file: display(file), message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? e})` }
    ]);
  }
  if (file.endsWith('.prompty')) return loadPrompty(file, text, dir, display);
  const src = YamlSource.parse(display(file), text);
  throwIfProblems(src.problems);
  const raw = src.value;
  if (!isRecord(raw)) {
    const found = raw === null || raw === undefined ? 'an empty file' : describe(raw);
    throw new UserError([
      {
        file: display(file),
        line: 1,
        column: 1,
        message: `expected a mapping of flow keys (inputs, outputs, nodes …), found ${found}`
      }
    ]);
  }

  if (raw.language === 'csharp') {
    // Checked first: the rest of a csharp flow (its node types) means nothing to the local engine.
    src.error(['language'], 'a csharp flow is not supported by the local backend; use --backend azure');
    throwIfProblems(src.problems);
  }
  const additionalIncludes: string[] = [];
  if (raw.additional_includes !== undefined && raw.additional_includes !== null) {
    if (!Array.isArray(raw.additional_includes)) {
      src.error(
        ['additional_includes'],
        `expected a list of paths, found ${describe(raw.additional_includes)}`
      );
    } else {
      raw.additional_includes.forEach((inc: unknown, i) => {
        if (typeof inc !== 'string' || inc === '')
          src.error(['additional_includes', i], `expected a path, found ${describe(inc)}`);
        else if (!exists(path.resolve(dir, inc)))
          src.error(['additional_includes', i], `"${inc}" not found (paths are relative to the flow folder)`);
        else additionalIncludes.push(inc);
      });
    }
  }
  const common = {
    dir,
    file,
    displayFile: display(file),
    additionalIncludes,
    warnings: src.warnings,
    raw,
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    ...(typeof raw.display_name === 'string' ? { displayName: raw.display_name } : {}),
    ...(isRecord(raw.tags) ? { tags: raw.tags } : {}),
    ...(isRecord(raw.environment) ? { environment: raw.environment } : {}),
    ...(isRecord(raw.environment_variables) ? { environmentVariables: raw.environment_variables } : {})
  };

  const isFlex =
    FLEX_FILES.includes(path.basename(file)) ||
    (!DAG_FILES.includes(path.basename(file)) && 'entry' in raw && !('nodes' in raw));
  if (isFlex) {
    const flow = readFlex(src, raw, common);
    throwIfProblems(sortProblems(src.problems));
    return flow!;
  }
  const read = readDag(src, raw, common);
  checkDagGraph(src, read);
  throwIfProblems(sortProblems(src.problems));
  return read.flow;
}

/**
 * `[folder/]module:function` where no such file exists: a flex flow with that entry and nothing
 * else, as `pf flow test --flow flow:chat` runs one (the module is a .py file in the folder).
 */
function entryFlow(arg: string, target: string): { dir: string; file: string; text: string } | undefined {
  const m = /^(.*?)([A-Za-z_][\w.]*):([A-Za-z_]\w*)$/.exec(arg);
  if (!m || exists(target)) return undefined;
  const dir = path.resolve(m[1] || '.');
  const module = m[2];
  if (!exists(path.join(dir, ...module.split('.')) + '.py')) return undefined;
  return { dir, file: path.join(dir, FLEX_FILES[0]), text: `entry: ${module}:${m[3]}\n` };
}

function loadPrompty(file: string, text: string, dir: string, display: (p: string) => string): Flow {
  const { src, flow } = readPrompty(display(file), text, { dir, file, additionalIncludes: [] });
  throwIfProblems(sortProblems(src.problems));
  return flow!;
}

/** Problems in file order (line, then column), which is how a reader fixes them. */
function sortProblems<T extends { line?: number; column?: number }>(problems: T[]): T[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

function findFlowFile(target: string, display: (p: string) => string): { dir: string; file: string } {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    throw new UserError([{ file: display(target), message: 'flow folder not found' }]);
  }
  if (stat.isFile()) return { dir: path.dirname(target), file: target };
  if (!isDirectory(target))
    throw new UserError([{ file: display(target), message: 'expected a flow folder' }]);
  const present = [...DAG_FILES, ...FLEX_FILES].filter((f) => exists(path.join(target, f)));
  if (present.length === 0) {
    // A folder whose flow is its one .prompty file (how a registered or deployed prompty is kept).
    const prompty = readdirSync(target).filter((f) => f.endsWith('.prompty'));
    if (prompty.length === 1) return { dir: target, file: path.join(target, prompty[0]) };
    throw new UserError([
      {
        file: display(target),
        message:
          prompty.length > 1
            ? `no flow here: expected ${DAG_FILES[0]} or ${FLEX_FILES[0]}, or one .prompty file (found ${prompty.length}: name the one to run)`
            : `no flow here: expected ${DAG_FILES[0]} or ${FLEX_FILES[0]} in this folder`
      }
    ]);
  }
  if (present.length > 1) {
    throw new UserError([
      { file: display(target), message: `more than one flow file here (${present.join(', ')}): keep one` }
    ]);
  }
  return { dir: target, file: path.join(target, present[0]) };
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError, type Problem } from '../errors.js';
import { describe } from '../util/describe.js';
import { didYouMean } from '../util/did-you-mean.js';
import { JsonDocument, type JsonPath } from '../util/json-document.js';
import { resolveInside } from '../util/paths.js';
import type { DeploymentConfig, EnvironmentConfig, UseCaseConfig } from './model.js';
import { checkMonitor } from './monitor-checks.js';

/** Maps a path in the model to where it was written (file, path, line) for messages. */
export type Locate = (modelPath: JsonPath) => Omit<Problem, 'message'>;
/** Checks a path of the config names a file or flow folder inside the use-case; its absolute path when it does. */
export type CheckPath = (at: JsonPath, rel: string, kind: 'file' | 'folder' | 'flow') => string | undefined;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;
// Azure ML online endpoint and deployment names: 3–32 characters, a letter first, letters, digits and '-'.
const ENDPOINT_NAME = /^[A-Za-z][A-Za-z0-9-]{1,30}[A-Za-z0-9]$/;
const DATA_MAPPING = /^\$\{data\.[^}]+\}$/;
const EVAL_MAPPING = /^\$\{(data|run\.outputs|run\.inputs)\.[^}]+\}$/;

/** What every section's checks share: the config, where its values were written, and the problems found. */
interface CheckContext {
  config: UseCaseConfig;
  locate: Locate;
  problems: Problem[];
  datasetNames: string[];
  add: (at: JsonPath, message: string) => void;
  checkPath: CheckPath;
  checkMappings: (at: JsonPath, mappings: Record<string, string>, allowed: RegExp, expected: string) => void;
}

/**
 * Checks what a JSON Schema cannot: names, references between sections, paths that must stay
 * inside the use-case folder and exist, and rules that depend on the backend or target.
 */
export function checkUseCase(config: UseCaseConfig, dir: string, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  const add = (at: JsonPath, message: string) => problems.push({ ...locate(at), message });
  const checkPath: CheckPath = (at, rel, kind) => {
    const abs = resolveInside(dir, rel);
    if (!abs) {
      add(at, `expected a path inside the use-case folder, found ${describe(rel)}`);
      return undefined;
    }
    const isDir = existsSync(abs) && statSync(abs).isDirectory();
    // a flow is a folder, or a single .prompty file (prompt flow's one-file flow)
    const prompty = kind === 'flow' && rel.endsWith('.prompty');
    if (prompty) {
      if (!existsSync(abs) || isDir) {
        add(at, `file "${rel}" not found in the use-case folder`);
        return undefined;
      }
      return abs;
    }
    if (!existsSync(abs) || (kind === 'file' && isDir) || (kind !== 'file' && !isDir)) {
      add(at, `${kind === 'file' ? 'file' : 'folder'} "${rel}" not found in the use-case folder`);
      return undefined;
    }
    if (
      kind === 'flow' &&
      !['flow.dag.yaml', 'flow.dag.yml', 'flow.flex.yaml'].some((f) => existsSync(path.join(abs, f)))
    )
      add(at, `expected a flow folder (with flow.dag.yaml or flow.flex.yaml), found none in "${rel}"`);
    return abs;
  };
  const checkMappings = (
    at: JsonPath,
    mappings: Record<string, string>,
    allowed: RegExp,
    expected: string
  ) => {
    for (const [input, value] of Object.entries(mappings))
      if (value.includes('${') && !allowed.test(value))
        add([...at, input], `expected ${expected}, found ${describe(value)}`);
  };
  const c: CheckContext = {
    config,
    locate,
    problems,
    datasetNames: Object.keys(config.datasets),
    add,
    checkPath,
    checkMappings
  };

  if (!NAME.test(config.name))
    add(['name'], `expected letters, digits, '-', '_' or '.', found ${describe(config.name)}`);
  checkPath(['flow'], config.flow, 'flow');
  checkDatasets(c);
  checkEvaluators(c);
  for (const [envName, env] of Object.entries(config.environments)) checkEnvironment(c, envName, env);
  return problems;
}

function checkDatasets(c: CheckContext): void {
  const { config, add, checkPath, checkMappings, datasetNames } = c;
  for (const [name, d] of Object.entries(config.datasets)) {
    if (!NAME.test(name))
      add(
        ['datasets', name],
        `expected a dataset name of letters, digits, '-', '_' or '.', found ${describe(name)}`
      );
    checkPath(['datasets', name, 'source'], d.source, 'file');
    checkMappings(['datasets', name, 'mappings'], d.mappings, DATA_MAPPING, '${data.<column>}');
    if (d.reference === undefined) continue;
    const target = config.datasets[d.reference];
    if (!target)
      add(
        ['datasets', name, 'reference'],
        `unknown dataset "${d.reference}"${didYouMean(d.reference, datasetNames)}`
      );
    else if (d.reference === name) add(['datasets', name, 'reference'], 'a dataset cannot reference itself');
    else if (target.reference !== undefined)
      add(
        ['datasets', name, 'reference'],
        `expected an experiment dataset, found evaluation dataset "${d.reference}"`
      );
  }
}

function checkEvaluators(c: CheckContext): void {
  const { config, add, checkPath, checkMappings, datasetNames } = c;
  const evaluatorNames = new Set<string>();
  config.evaluators.forEach((e, i) => {
    if (evaluatorNames.has(e.name)) add(['evaluators', i, 'name'], `evaluator "${e.name}" is defined twice`);
    evaluatorNames.add(e.name);
    checkPath(['evaluators', i, 'flow'], e.flow, 'flow');
    checkMappings(
      ['evaluators', i, 'mappings'],
      e.mappings,
      EVAL_MAPPING,
      '${data.<column>}, ${run.outputs.<output>} or ${run.inputs.<input>}'
    );
    e.datasets?.forEach((name, j) => {
      const d = config.datasets[name];
      if (!d)
        add(['evaluators', i, 'datasets', j], `unknown dataset "${name}"${didYouMean(name, datasetNames)}`);
      else if (d.reference === undefined)
        add(
          ['evaluators', i, 'datasets', j],
          `expected an evaluation dataset (one with "reference"), found experiment dataset "${name}"`
        );
    });
    for (const [metric, gate] of Object.entries(e.gates))
      if (gate.min !== undefined && gate.max !== undefined && gate.min > gate.max)
        add(
          ['evaluators', i, 'gates', metric],
          `expected min ≤ max, found min ${gate.min} > max ${gate.max}`
        );
  });
}

function checkEnvironment(c: CheckContext, envName: string, env: EnvironmentConfig): void {
  const { config, add, checkPath, datasetNames, locate, problems } = c;
  const at: JsonPath = ['environments', envName];
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(envName))
    add(at, `expected an environment name of letters, digits, '-' or '_', found ${describe(envName)}`);
  env.datasets.forEach((name, j) => {
    const d = config.datasets[name];
    if (!d) return add([...at, 'datasets', j], `unknown dataset "${name}"${didYouMean(name, datasetNames)}`);
    if (d.reference !== undefined && config.datasets[d.reference] && !env.datasets.includes(d.reference))
      add(
        [...at, 'datasets', j],
        `evaluation dataset "${name}" references "${d.reference}", which this environment does not list`
      );
  });
  if (env.datasets.every((name) => config.datasets[name]?.reference !== undefined))
    add(
      [...at, 'datasets'],
      'expected at least one experiment dataset (one without "reference"), found none'
    );
  if (env.backend === 'azure' && !env.azure)
    add([...at, 'backend'], 'backend "azure" needs an "azure" section with resourceGroup and workspace');
  if (env.flow !== undefined) checkPath([...at, 'flow'], env.flow, 'flow');
  const evaluatorList = config.evaluators.map((e) => e.name);
  env.evaluators?.forEach((name, j) => {
    if (!evaluatorList.includes(name))
      add([...at, 'evaluators', j], `unknown evaluator "${name}"${didYouMean(name, evaluatorList)}`);
  });
  if (env.monitor) problems.push(...checkMonitor(config, envName, locate, checkPath));
  env.integrationTest?.datasets?.forEach((name, j) => {
    if (config.datasets[name]?.reference === undefined || !env.datasets.includes(name))
      add(
        [...at, 'integrationTest', 'datasets', j],
        `expected an evaluation dataset of this environment (${env.datasets.filter((d) => config.datasets[d]?.reference !== undefined).join(', ') || 'none'}), found "${name}"`
      );
  });

  const deployments = [env.deployment, ...(env.alternateDeployments ?? [])];
  deployments.forEach((dep, k) => {
    if (!dep) return;
    const dat: JsonPath = k === 0 ? [...at, 'deployment'] : [...at, 'alternateDeployments', k - 1];
    if (deployments.slice(0, k).some((other) => other?.target === dep.target))
      add(
        [...dat, 'target'],
        `expected one deployment per target, found a second "${dep.target}" deployment`
      );
    checkDeployment(c, dep, dat, env);
  });
}

function checkDeployment(
  c: CheckContext,
  dep: DeploymentConfig,
  dat: JsonPath,
  env: EnvironmentConfig
): void {
  const { add, checkPath } = c;
  // A blank endpoint name is a block not filled in yet: the deploy stage refuses it, validate warns.
  if (dep.endpoint !== '' && !ENDPOINT_NAME.test(dep.endpoint))
    add(
      [...dat, 'endpoint'],
      `expected 3–32 letters, digits or '-', starting with a letter, found ${describe(dep.endpoint)}`
    );
  for (const key of ['deployment', 'previous'] as const) {
    const value = dep[key];
    if (value !== undefined && value !== '' && !ENDPOINT_NAME.test(value))
      add(
        [...dat, key],
        `expected 3–32 letters, digits or '-', starting with a letter, found ${describe(value)}`
      );
  }
  if (dep.previous === dep.deployment)
    add([...dat, 'previous'], `expected a deployment other than "${dep.deployment}", found the same name`);
  if (dep.previous === undefined && dep.traffic !== 100)
    add(
      [...dat, 'traffic'],
      `traffic ${dep.traffic} leaves ${100 - dep.traffic}% to no deployment: set "previous" or make it 100`
    );
  if (dep.target === 'managed' && !dep.instanceType && dep.endpoint !== '')
    add(dat, 'a managed deployment needs "instanceType" (e.g. "Standard_DS3_v2")');
  if (dep.target === 'kubernetes' && !dep.compute && dep.endpoint !== '')
    add(dat, 'a kubernetes deployment needs "compute" (the attached Kubernetes compute name)');
  if (dep.target !== 'local' && !env.azure && env.backend !== 'azure')
    add(
      [...dat, 'target'],
      `target "${dep.target}" deploys to Azure ML and needs an "azure" section in this environment`
    );
  const sample = checkPath([...dat, 'sampleRequest'], dep.sampleRequest, 'file');
  if (sample) {
    try {
      const body = JsonDocument.parse(dep.sampleRequest, readFileSync(sample, 'utf8')).value;
      if (!body || typeof body !== 'object' || Array.isArray(body))
        add(
          [...dat, 'sampleRequest'],
          `expected a JSON object in "${dep.sampleRequest}", found ${describe(body)}`
        );
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      const { line, column, message } = e.problems[0];
      add(
        [...dat, 'sampleRequest'],
        `expected a JSON object in "${dep.sampleRequest}", found ${message} at ${line}:${column}`
      );
    }
  }
}

/**
 * One definition of "valid" for a use-case environment: every check that needs no model call.
 * `genaiops validate` runs it for every environment, and each stage runs it for its own before
 * anything is submitted, so a use-case that validates does not fail later for these reasons.
 *
 * - every dataset file has lines, and no more malformed lines than its `maxBadLines` (default 0);
 * - every `${data.col}` mapping names a column some line of its dataset has;
 * - every required flow input (no default) is provided: mapped, or a same-named data column;
 * - every evaluator has something to evaluate in the environment;
 * - every gate names a metric its evaluation flow logs (when the flow's code says so statically);
 * - the deployment's sample request gives the flow's required inputs and nothing else.
 * Each finding names the file and the place in it (file:line:col) and the fix.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadUseCase } from '../config/load.js';
import type { Backend, DeploymentTarget, UseCase } from '../config/model.js';
import { formatProblem, throwIfProblems, UserError, type Problem } from '../errors.js';
import { readJsonlRows } from '../engine/runs/jsonl.js';
import { loadFlow } from '../flow/load.js';
import type { Flow } from '../flow/model.js';
import { planEnvironment, type EnvironmentPlan } from '../plan/plan.js';
import { didYouMean } from '../util/did-you-mean.js';
import { JsonDocument } from '../util/json-document.js';
import { toPosixRelative } from '../util/paths.js';
import { effectiveGates, gateMetricProblems, type GateTable } from './gates.js';

export interface PreflightInput {
  useCase: UseCase;
  plan: EnvironmentPlan;
  /** The standard flow, loaded. */
  flow: Flow;
  /** Base of the paths in messages. */
  cwd: string;
}

export interface PreflightOptions {
  /** Check the evaluators (mappings, datasets, gates) too. */
  evaluators: boolean;
  /** The gates in force (default: the config's). */
  gates?: GateTable;
  /** Check the deployment's sample request. */
  deployment?: boolean;
}

interface DatasetScan {
  lines: number;
  columns: Set<string>;
  bad: { line: number; column?: number; message: string }[];
}

/** All problems of the environment, in one list (empty: valid). */
export async function preflight(input: PreflightInput, opts: PreflightOptions): Promise<Problem[]> {
  const { useCase, plan, flow, cwd } = input;
  const { config } = useCase;
  const envConfig = config.environments[plan.env];
  const rel = (p: string) => toPosixRelative(cwd, p);
  const problems: Problem[] = [];
  const scans = new Map<string, DatasetScan>();

  for (const name of envConfig.datasets) {
    const d = config.datasets[name];
    const file = path.join(useCase.dir, d.source);
    const display = rel(file);
    const at = useCase.locate(['datasets', name, 'source']);
    let scan: DatasetScan;
    try {
      scan = await scanDataset(file, display);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      problems.push({ ...at, message: `dataset "${name}": ${e.message}` });
      continue;
    }
    if (scan.lines === 0) {
      problems.push({
        ...at,
        message: `dataset "${name}": ${display} is empty (expected JSON Lines, one object per line)`
      });
      continue;
    }
    const allowed = d.maxBadLines ?? 0;
    if (scan.bad.length > allowed)
      for (const b of scan.bad.slice(0, 10))
        problems.push({
          file: display,
          line: b.line,
          column: b.column,
          message: `dataset "${name}": ${b.message}; fix or remove the line${allowed ? '' : `, or allow it with "maxBadLines": ${scan.bad.length} on dataset "${name}" (it then counts as a failed line)`} (${scan.bad.length} malformed, ${allowed} allowed)`
        });
    scans.set(name, scan);
  }

  const checkMappings = (
    dataset: string,
    target: Flow,
    mappings: Record<string, string>,
    at: (string | number)[],
    who: string
  ) => {
    const scan = scans.get(dataset);
    if (!scan) return;
    const display = rel(path.join(useCase.dir, config.datasets[dataset].source));
    const columns = [...scan.columns];
    for (const [input, value] of Object.entries(mappings)) {
      const column = /^\$\{data\.([^}]+)\}$/.exec(value)?.[1];
      if (column === undefined || scan.columns.has(column)) continue;
      problems.push({
        ...useCase.locate([...at, input]),
        message: `${who}maps "${input}" to column "${column}", but no line of ${display} (dataset "${dataset}") has it${didYouMean(column, columns)}; its columns: ${columns.join(', ') || 'none'}`
      });
    }
    for (const input of requiredInputs(target)) {
      if (input in mappings || scan.columns.has(input)) continue;
      problems.push({
        ...useCase.locate(Object.keys(mappings).length ? at : at.slice(0, -1)),
        message: `${who}provides nothing for input "${input}" of ${target.displayFile} (it has no default): no mapping for it, and ${display} (dataset "${dataset}") has no column "${input}"; add "${input}": "\${data.<column>}" to the mappings`
      });
    }
  };
  for (const name of new Set(plan.experiments.map((e) => e.dataset)))
    checkMappings(name, flow, config.datasets[name].mappings, ['datasets', name, 'mappings'], '');

  if (opts.evaluators) {
    const experimentDatasets = envConfig.datasets.filter((d) => config.datasets[d].reference === undefined);
    config.evaluators.forEach((evaluator, i) => {
      const evaluations = plan.evaluations.filter((e) => e.evaluator === evaluator.name);
      const evalFlow = loadFlow(path.join(useCase.dir, evaluator.flow), { displayRoot: cwd });
      for (const dataset of new Set(evaluations.map((e) => e.dataset)))
        checkMappings(
          dataset,
          evalFlow,
          evaluator.mappings,
          ['evaluators', i, 'mappings'],
          `evaluator "${evaluator.name}" `
        );
      if (evaluations.length) return;
      const own = (evaluator.datasets ?? Object.keys(config.datasets)).filter(
        (d) => config.datasets[d]?.reference !== undefined
      );
      const refs = own.map((d) => `${d} → ${config.datasets[d].reference}`);
      problems.push({
        ...useCase.locate(['evaluators', i]),
        message: `evaluator "${evaluator.name}" has nothing to evaluate in environment "${plan.env}": none of its evaluation datasets (${refs.join(', ') || 'none'}) references an experiment dataset of the environment (${experimentDatasets.join(', ')}); add one to the environment's "datasets"`
      });
    });
    const inUse = [...new Set(plan.evaluations.map((e) => e.evaluator))];
    problems.push(...gateMetricProblems(useCase, opts.gates ?? effectiveGates(useCase), inUse, cwd));
  }

  if (opts.deployment && plan.deployment) problems.push(...sampleRequestProblems(useCase, plan, flow, rel));
  return problems;
}

/** Inputs a flow cannot run without: declared, no default. */
export function requiredInputs(flow: Flow): string[] {
  const inputs = flow.kind === 'dag' ? flow.inputs : (flow.inputs ?? {});
  return Object.values(inputs)
    .filter((i) => !('default' in i))
    .map((i) => i.name);
}

/** The sample request: a JSON object whose keys are the flow's inputs, with every required one. */
function sampleRequestProblems(
  useCase: UseCase,
  plan: EnvironmentPlan,
  flow: Flow,
  rel: (p: string) => string
): Problem[] {
  const file = path.join(useCase.dir, plan.deployment!.sampleRequest);
  let doc: JsonDocument;
  try {
    doc = JsonDocument.parse(rel(file), readFileSync(file, 'utf8'));
  } catch {
    return []; // checkUseCase reports a missing or broken file
  }
  const body = doc.value;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  const names = flow.kind === 'dag' ? Object.keys(flow.inputs) : flow.inputs && Object.keys(flow.inputs);
  if (!names) return [];
  const problems: Problem[] = [];
  for (const key of Object.keys(body))
    if (!names.includes(key))
      problems.push(
        doc.problem(
          [key],
          `"${key}" is not an input of ${flow.displayFile}${didYouMean(key, names)}; the endpoint takes: ${names.join(', ') || 'nothing'} (remove it or rename it)`
        )
      );
  const missing = requiredInputs(flow).filter((n) => !(n in body));
  if (missing.length)
    problems.push({
      ...useCase.locate(['environments', plan.env, 'deployment', 'sampleRequest']),
      message: `the sample request ${rel(file)} lacks input${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} of ${flow.displayFile} (no default): add ${missing.map((m) => `"${m}": …`).join(', ')} to it`
    });
  return problems;
}

/** One pass over a dataset: lines, the columns of any line, the malformed lines with their place. */
async function scanDataset(file: string, display: string): Promise<DatasetScan> {
  const scan: DatasetScan = { lines: 0, columns: new Set(), bad: [] };
  for await (const row of readJsonlRows(file, display)) {
    scan.lines++;
    if (row.value) for (const k of Object.keys(row.value)) scan.columns.add(k);
    else if (row.error) {
      const position = /at position (\d+)/.exec(row.error)?.[1];
      scan.bad.push({
        line: row.fileLine,
        column: position !== undefined ? Number(position) + 1 : 1,
        message: row.error.replace(/^.*?:\d+: /, 'line ')
      });
    }
  }
  return scan;
}

export interface ValidateOptions {
  /** Only this environment (default: every one). */
  env?: string;
  backend?: Backend;
  target?: DeploymentTarget;
  /** `${NAME}` values (default process.env). */
  environ?: NodeJS.ProcessEnv;
  /** Base of the paths in messages (default process.cwd()). */
  cwd?: string;
}

/**
 * `genaiops validate`: plans every environment (or one) and runs every check of `preflight` on
 * each; throws one UserError with every problem found (each once), else returns the plans.
 */
export async function validateUseCase(dir: string, opts: ValidateOptions = {}): Promise<EnvironmentPlan[]> {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const environ = opts.environ ?? process.env;
  const first = loadUseCase(dir, { env: opts.env, environ, displayRoot: cwd });
  const envs = opts.env ? [opts.env] : Object.keys(first.config.environments);
  const plans: EnvironmentPlan[] = [];
  const problems = new Map<string, Problem>();
  for (const env of envs) {
    const useCase = loadUseCase(dir, { env, environ, displayRoot: cwd });
    const plan = planEnvironment(useCase, env, {
      backend: opts.backend,
      target: opts.target,
      displayRoot: cwd
    });
    const flow = loadFlow(path.join(useCase.dir, useCase.config.flow), { displayRoot: cwd });
    for (const p of await preflight({ useCase, plan, flow, cwd }, { evaluators: true, deployment: true }))
      problems.set(formatProblem(p), p);
    plans.push(plan);
  }
  throwIfProblems([...problems.values()]);
  return plans;
}

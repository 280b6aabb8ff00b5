import path from 'node:path';
import { throwIfProblems, UserError, type Problem } from '../errors.js';
import type { Backend, DeploymentConfig, DeploymentTarget, UseCase } from '../config/model.js';
import { loadFlow } from '../flow/load.js';
import type { Flow, VariantSelection } from '../flow/model.js';
import { parseReference } from '../flow/references.js';
import { variantCombinations, variantLabel } from '../flow/variants.js';
import { didYouMean } from '../util/did-you-mean.js';

export interface ExperimentRunPlan {
  /** Deterministic run name: `<use-case>_<env>_<dataset>_<variant label>`, slugged. */
  name: string;
  dataset: string;
  variants: VariantSelection;
  /** `defaults`, or the non-default choices such as `classify.variant_1`. */
  label: string;
  /** Flow input → `${data.col}`. */
  mappings: Record<string, string>;
}

export interface EvaluationRunPlan {
  name: string;
  evaluator: string;
  /** The evaluation dataset (joined line by line with the experiment run). */
  dataset: string;
  experimentRun: string;
  mappings: Record<string, string>;
}

export interface EnvironmentPlan {
  useCase: string;
  env: string;
  backend: Backend;
  flow: string;
  experiments: ExperimentRunPlan[];
  evaluations: EvaluationRunPlan[];
  /** The deployment with `target` overridden when asked. */
  deployment?: DeploymentConfig;
  warnings: string[];
}

export interface PlanOptions {
  backend?: Backend;
  target?: DeploymentTarget;
  displayRoot?: string;
}

/** Run names: Azure ML accepts letters, digits, '_' and '-'. */
export const slug = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '_');

/**
 * Every run an environment makes: one experiment run per (variant selection × experiment dataset),
 * and one evaluation run per (evaluator × evaluation dataset × experiment run on the dataset it
 * references). Also checks the mappings against the flows' inputs and outputs.
 */
export function planEnvironment(useCase: UseCase, env: string, opts: PlanOptions = {}): EnvironmentPlan {
  const { config } = useCase;
  const envConfig = config.environments[env];
  if (!envConfig)
    throw new UserError(
      `${useCase.configFile}: unknown environment "${env}"${didYouMean(env, Object.keys(config.environments))}`
    );
  const backend = opts.backend ?? envConfig.backend;
  const flowOpts = { displayRoot: opts.displayRoot };
  const flow = loadFlow(path.join(useCase.dir, config.flow), flowOpts);
  const problems: Problem[] = [];
  const warnings: string[] = [];

  const experimentDatasets = envConfig.datasets.filter((d) => config.datasets[d].reference === undefined);
  const selections = variantCombinations(flow, config.variants);
  const experiments: ExperimentRunPlan[] = [];
  for (const dataset of experimentDatasets) {
    const mappings = config.datasets[dataset].mappings;
    checkInputs(flow, mappings, ['datasets', dataset, 'mappings'], useCase, problems);
    for (const variants of selections) {
      const label = variantLabel(variants, flow);
      experiments.push({
        name: slug(`${config.name}_${env}_${dataset}_${label}`),
        dataset,
        variants,
        label,
        mappings
      });
    }
  }

  const evaluations: EvaluationRunPlan[] = [];
  const evalDatasets = envConfig.datasets.filter((d) => config.datasets[d].reference !== undefined);
  config.evaluators.forEach((evaluator, i) => {
    const evalFlow = loadFlow(path.join(useCase.dir, evaluator.flow), flowOpts);
    checkInputs(evalFlow, evaluator.mappings, ['evaluators', i, 'mappings'], useCase, problems);
    checkRunColumns(flow, evaluator.mappings, ['evaluators', i, 'mappings'], useCase, problems);
    const datasets = evalDatasets.filter((d) => !evaluator.datasets || evaluator.datasets.includes(d));
    if (!datasets.length)
      warnings.push(
        `evaluator "${evaluator.name}" has no evaluation dataset in environment "${env}"; it will not run there`
      );
    for (const dataset of datasets)
      for (const run of experiments.filter((r) => r.dataset === config.datasets[dataset].reference))
        evaluations.push({
          name: slug(`${config.name}_${env}_${evaluator.name}_${dataset}_${run.label}`),
          evaluator: evaluator.name,
          dataset,
          experimentRun: run.name,
          mappings: evaluator.mappings
        });
  });
  throwIfProblems(problems);

  // `--target` picks the environment's deployment for that target when it has one (the template's
  // managed and Kubernetes blocks of one env), else retargets its deployment.
  const chosen =
    [envConfig.deployment, ...(envConfig.alternateDeployments ?? [])].find(
      (d) => d && opts.target && d.target === opts.target
    ) ?? envConfig.deployment;
  const deployment = chosen && { ...chosen, target: opts.target ?? chosen.target };
  if (deployment && (deployment.endpoint === '' || deployment.deployment === ''))
    warnings.push(
      `the ${deployment.target} deployment's endpoint or deployment name is blank: fill it in before deploying`
    );
  const azure = envConfig.azure;
  if (backend === 'azure' && azure && (!azure.resourceGroup || !azure.workspace))
    warnings.push('the Azure resource group or workspace name is blank: fill it in before running on Azure');
  if (backend === 'azure' && !envConfig.azure)
    throw new UserError([
      {
        ...useCase.locate(['environments', env]),
        message: `backend "azure" needs an "azure" section in environment "${env}"`
      }
    ]);
  return {
    useCase: config.name,
    env,
    backend,
    flow: config.flow,
    experiments,
    evaluations,
    deployment,
    warnings
  };
}

/** Mapping keys must be inputs of the flow they feed. */
function checkInputs(
  flow: Flow,
  mappings: Record<string, string>,
  at: (string | number)[],
  uc: UseCase,
  problems: Problem[]
) {
  const inputs = flowInputs(flow);
  if (!inputs) return;
  for (const key of Object.keys(mappings))
    if (!inputs.includes(key))
      problems.push({
        ...uc.locate([...at, key]),
        message: `"${key}" is not an input of ${flow.displayFile}${didYouMean(key, inputs)}; its inputs: ${inputs.join(', ') || 'none'}`
      });
}

/** `${run.outputs.x}` / `${run.inputs.x}` must name an output / input of the standard flow. */
function checkRunColumns(
  flow: Flow,
  mappings: Record<string, string>,
  at: (string | number)[],
  uc: UseCase,
  problems: Problem[]
) {
  for (const [key, value] of Object.entries(mappings)) {
    if (!value.startsWith('${run.')) continue;
    const ref = parseReference(value, 'mapping');
    const [names, what] =
      ref.kind === 'run-output'
        ? [flowOutputs(flow), 'output']
        : ref.kind === 'run-input'
          ? [flowInputs(flow), 'input']
          : [undefined, ''];
    if (!names || (ref.kind !== 'run-output' && ref.kind !== 'run-input')) continue;
    if (!names.includes(ref.column))
      problems.push({
        ...uc.locate([...at, key]),
        message: `"${ref.column}" is not an ${what} of the standard flow ${flow.displayFile}${didYouMean(ref.column, names)}; its ${what}s: ${names.join(', ')}`
      });
  }
}

const flowInputs = (flow: Flow) =>
  flow.kind === 'dag' ? Object.keys(flow.inputs) : flow.inputs && Object.keys(flow.inputs);
const flowOutputs = (flow: Flow) =>
  flow.kind === 'dag' ? Object.keys(flow.outputs) : flow.outputs && Object.keys(flow.outputs);

import { existsSync } from 'node:fs';
import path from 'node:path';
import { throwIfProblems, type Problem } from '../errors.js';
import { describe } from '../util/describe.js';
import { formatPath, JsonDocument, type JsonPath } from '../util/json-document.js';
import { schemaChecker } from '../util/schema-check.js';
import type { Locate } from './checks.js';
import {
  legacyConfigSchema,
  legacyDataSchema,
  legacyDeploymentSchema,
  legacyMappingSchema
} from './legacy-schema.js';
import type {
  DatasetConfig,
  DeploymentConfig,
  EnvironmentConfig,
  EvaluatorConfig,
  UseCaseConfig
} from './model.js';

/* The Python GenAIOps template's layout: llmops_config.json with an `envs` array, plus configs/*.json. */

interface LegacyEnv {
  ENV_NAME: string;
  RESOURCE_GROUP_NAME?: string;
  WORKSPACE_NAME?: string;
  RUNTIME_NAME?: string;
  KEYVAULT_NAME?: string;
  STANDARD_FLOW_PATH: string;
  EVALUATION_FLOW_PATH?: string;
}
interface LegacyDataset {
  ENV_NAME: string;
  DATA_PURPOSE: 'pr_data' | 'pr' | 'training_data' | 'test_data' | 'post_production_eval_data';
  DATA_PATH: string;
  DATASET_NAME: string;
  RELATED_EXP_DATASET?: string;
  DATASET_DESC?: string;
}
type LegacyEndpoint = Record<string, string | number | boolean | Record<string, string> | undefined>;
type LegacyWebApp = Record<string, string | string[]>;

const evaluationFlowPaths = (e: LegacyEnv) =>
  (e.EVALUATION_FLOW_PATH ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function isLegacyConfig(value: unknown): boolean {
  return !!value && typeof value === 'object' && 'envs' in value && !('environments' in value);
}

const checkers = {
  config: schemaChecker(legacyConfigSchema),
  data: schemaChecker(legacyDataSchema),
  mapping: schemaChecker(legacyMappingSchema),
  deployment: schemaChecker(legacyDeploymentSchema)
};

/** The template's file a legacy config file is, by its name. */
export const LEGACY_FILES = {
  'llmops_config.json': 'config',
  'data_config.json': 'data',
  'mapping_config.json': 'mapping',
  'deployment_config.json': 'deployment'
} as const;

/** Checks one file of the legacy layout against the keys and types the template's files have. */
export function checkLegacyFile(doc: JsonDocument, kind: keyof typeof checkers): Problem[] {
  return checkers[kind](doc);
}

/** Reads the legacy layout into the raw current-form shape, remembering where each value came from. */
export function readLegacyUseCase(
  root: string,
  configDoc: JsonDocument,
  display: (p: string) => string
): { raw: Partial<UseCaseConfig>; locate: Locate } {
  return new LegacyReader(root, configDoc, display).read();
}

/** The experiment and evaluation mappings of mapping_config.json. */
interface LegacyMapping {
  experiment?: Record<string, string>;
  evaluation?: Record<string, Record<string, string>>;
}

/** The datasets of data_config.json, and which environment uses which. */
interface LegacyDatasets {
  datasets: Record<string, DatasetConfig>;
  envDatasets: Map<string, string[]>;
  envProductionLogs: Map<string, string[]>;
}

/**
 * One read of a legacy use-case, in steps (evaluators, datasets, environments, endpoints); it keeps
 * the files, where each model value came from, and the problems found on the way.
 */
class LegacyReader {
  private readonly origins = new Map<string, { doc: JsonDocument; at: JsonPath }>();
  private readonly problems: Problem[] = [];
  private dataDoc?: JsonDocument;
  private mappingDoc?: JsonDocument;
  private deploymentDoc?: JsonDocument;
  private mapping: LegacyMapping = {};

  constructor(
    private readonly root: string,
    private readonly configDoc: JsonDocument,
    private readonly display: (p: string) => string
  ) {}

  private from(model: JsonPath, doc: JsonDocument, at: JsonPath): void {
    this.origins.set(formatPath(model) ?? '', { doc, at });
  }

  private readonly locate: Locate = (model) => {
    for (let n = model.length; n >= 0; n--) {
      const o = this.origins.get(formatPath(model.slice(0, n)) ?? '');
      if (o) return { file: o.doc.file, path: formatPath(o.at), ...o.doc.locate(o.at) };
    }
    return { file: this.configDoc.file };
  };

  private optionalDoc(name: string, check: (d: JsonDocument) => Problem[]): JsonDocument | undefined {
    const file = path.join(this.root, 'configs', name);
    if (!existsSync(file)) return undefined;
    const doc = JsonDocument.read(file, this.display(file));
    throwIfProblems(check(doc));
    return doc;
  }

  read(): { raw: Partial<UseCaseConfig>; locate: Locate } {
    const { configDoc } = this;
    throwIfProblems(checkers.config(configDoc));
    this.dataDoc = this.optionalDoc('data_config.json', checkers.data);
    this.mappingDoc = this.optionalDoc('mapping_config.json', checkers.mapping);
    this.deploymentDoc = this.optionalDoc('deployment_config.json', checkers.deployment);

    const envs = (configDoc.value as { envs: LegacyEnv[] }).envs;
    // The use-case's flow is the first env's; an env with another STANDARD_FLOW_PATH (the template's
    // postprodeval env runs its post-production evaluation flow) keeps its own.
    const flow = envs[0].STANDARD_FLOW_PATH;
    this.from(['flow'], configDoc, ['envs', 0, 'STANDARD_FLOW_PATH']);
    this.mapping = (this.mappingDoc?.value ?? {}) as LegacyMapping;

    const evaluators = this.readEvaluators(envs);
    const data = this.readDatasets();
    const environments: Record<string, EnvironmentConfig> = {};
    envs.forEach((e, i) => {
      environments[e.ENV_NAME] = this.readEnvironment(e, i, flow, evaluators, data);
    });
    throwIfProblems(this.problems);

    const raw: Partial<UseCaseConfig> = {
      name: path.basename(this.root),
      flow,
      variants: 'one-at-a-time',
      datasets: data.datasets,
      evaluators,
      environments
    };
    return { raw, locate: this.locate };
  }

  /** One evaluator per distinct EVALUATION_FLOW_PATH entry, named after its folder. */
  private readEvaluators(envs: LegacyEnv[]): EvaluatorConfig[] {
    const { configDoc, mapping } = this;
    const evaluators: EvaluatorConfig[] = [];
    envs.forEach((e, i) =>
      evaluationFlowPaths(e).forEach((flowPath) => {
        if (evaluators.some((x) => x.flow === flowPath)) return;
        const name = path.posix.basename(flowPath);
        const idx = evaluators.length;
        this.from(['evaluators', idx], configDoc, ['envs', i, 'EVALUATION_FLOW_PATH']);
        if (mapping.evaluation?.[name])
          this.from(['evaluators', idx, 'mappings'], this.mappingDoc!, ['evaluation', name]);
        evaluators.push({ name, flow: flowPath, mappings: mapping.evaluation?.[name] ?? {}, gates: {} });
      })
    );
    return evaluators;
  }

  private readDatasets(): LegacyDatasets {
    const { dataDoc, mapping } = this;
    const datasets: Record<string, DatasetConfig> = {};
    const envDatasets = new Map<string, string[]>();
    const envProductionLogs = new Map<string, string[]>();
    ((dataDoc?.value as { datasets: LegacyDataset[] } | undefined)?.datasets ?? []).forEach((d, i) => {
      const name = d.DATASET_NAME;
      const reference =
        d.DATA_PURPOSE === 'test_data' && d.RELATED_EXP_DATASET ? d.RELATED_EXP_DATASET : undefined;
      const dataset: DatasetConfig = {
        source: d.DATA_PATH,
        description: d.DATASET_DESC || undefined,
        mappings: reference === undefined ? (mapping.experiment ?? {}) : {},
        reference
      };
      const seen = datasets[name];
      if (seen && (seen.source !== dataset.source || seen.reference !== dataset.reference))
        this.problems.push(
          dataDoc!.problem(
            ['datasets', i, 'DATASET_NAME'],
            `dataset "${name}" is defined twice with different paths or references`
          )
        );
      if (!seen) {
        datasets[name] = dataset;
        this.from(['datasets', name], dataDoc!, ['datasets', i]);
        this.from(['datasets', name, 'source'], dataDoc!, ['datasets', i, 'DATA_PATH']);
        this.from(['datasets', name, 'reference'], dataDoc!, ['datasets', i, 'RELATED_EXP_DATASET']);
        if (reference === undefined && mapping.experiment)
          this.from(['datasets', name, 'mappings'], this.mappingDoc!, ['experiment']);
      }
      const list = envDatasets.get(d.ENV_NAME) ?? [];
      if (!list.includes(name)) list.push(name);
      envDatasets.set(d.ENV_NAME, list);
      if (d.DATA_PURPOSE === 'post_production_eval_data') {
        const logs = envProductionLogs.get(d.ENV_NAME) ?? [];
        if (!logs.includes(name)) logs.push(name);
        envProductionLogs.set(d.ENV_NAME, logs);
      }
      this.from(['environments', d.ENV_NAME, 'datasets', list.indexOf(name)], dataDoc!, ['datasets', i]);
    });
    return { datasets, envDatasets, envProductionLogs };
  }

  private readEnvironment(
    e: LegacyEnv,
    i: number,
    flow: string,
    evaluators: EvaluatorConfig[],
    data: LegacyDatasets
  ): EnvironmentConfig {
    const { configDoc, dataDoc, mapping } = this;
    const { envDatasets, envProductionLogs } = data;
    const at: JsonPath = ['envs', i];
    const envAt = ['environments', e.ENV_NAME];
    this.from(envAt, configDoc, at);
    this.from([...envAt, 'azure'], configDoc, at);
    this.from([...envAt, 'azure', 'resourceGroup'], configDoc, [...at, 'RESOURCE_GROUP_NAME']);
    this.from([...envAt, 'azure', 'workspace'], configDoc, [...at, 'WORKSPACE_NAME']);
    // Blank names are the template's "fill in" fields: kept blank, they validate (with a warning)
    // and fail only where Azure needs them.
    const env: EnvironmentConfig = {
      backend: 'azure',
      datasets: envDatasets.get(e.ENV_NAME) ?? [],
      azure: {
        resourceGroup: e.RESOURCE_GROUP_NAME ?? '',
        workspace: e.WORKSPACE_NAME ?? '',
        runtime: e.RUNTIME_NAME || undefined,
        keyVault: e.KEYVAULT_NAME || undefined
      },
      environmentVariables: {}
    };
    if (e.STANDARD_FLOW_PATH !== flow) {
      env.flow = e.STANDARD_FLOW_PATH;
      this.from([...envAt, 'flow'], configDoc, [...at, 'STANDARD_FLOW_PATH']);
    }
    const own = evaluationFlowPaths(e);
    if (own.length !== evaluators.length) {
      env.evaluators = evaluators.filter((x) => own.includes(x.flow)).map((x) => x.name);
      this.from([...envAt, 'evaluators'], configDoc, [...at, 'EVALUATION_FLOW_PATH']);
    }
    const logs = envProductionLogs.get(e.ENV_NAME);
    if (logs) {
      // The template's post-production evaluation: the env's flow over its post_production_eval_data,
      // with the experiment mapping (llmops/common/prompt_pipeline.py with --data_purpose).
      const flowPath = env.flow ?? flow;
      env.monitor = {
        datasets: logs,
        evaluators: [
          {
            name: path.posix.basename(flowPath),
            flow: flowPath,
            mappings: mapping.experiment ?? {},
            gates: {}
          }
        ]
      };
      this.from([...envAt, 'monitor'], configDoc, [...at, 'STANDARD_FLOW_PATH']);
      if (mapping.experiment)
        this.from([...envAt, 'monitor', 'evaluators', 0, 'mappings'], this.mappingDoc!, ['experiment']);
    }
    if (!envDatasets.has(e.ENV_NAME))
      this.from([...envAt, 'datasets'], dataDoc ?? configDoc, dataDoc ? ['datasets'] : at);
    this.readDeployments(e, env, envAt);
    return env;
  }

  /** The env's managed / Kubernetes endpoints (the first is its deployment) and its web app. */
  private readDeployments(e: LegacyEnv, env: EnvironmentConfig, envAt: JsonPath): void {
    const { deploymentDoc } = this;
    const endpoints = (deploymentDoc?.value ?? {}) as Record<string, LegacyEndpoint[] | undefined>;
    const webApps = (deploymentDoc?.value as { webapp_endpoint?: LegacyWebApp[] } | undefined)
      ?.webapp_endpoint;
    const blocks: DeploymentConfig[] = [];
    for (const [list, target] of [
      ['azure_managed_endpoint', 'managed'],
      ['kubernetes_endpoint', 'kubernetes']
    ] as const) {
      const j = (endpoints[list] ?? []).findIndex((x) => x.ENV_NAME === e.ENV_NAME);
      if (j < 0) continue;
      const dep: JsonPath = blocks.length
        ? [...envAt, 'alternateDeployments', blocks.length - 1]
        : [...envAt, 'deployment'];
      blocks.push(this.readEndpoint(endpoints[list]![j], target, [list, j], dep));
    }
    if (blocks.length) env.deployment = blocks[0];
    if (blocks.length > 1) env.alternateDeployments = blocks.slice(1);
    const w = (webApps ?? []).findIndex((x) => x.ENV_NAME === e.ENV_NAME);
    if (w >= 0) {
      const { ENV_NAME: _env, ...webApp } = webApps![w];
      env.webApp = webApp;
      this.from([...envAt, 'webApp'], deploymentDoc!, ['webapp_endpoint', w]);
    }
  }

  private readEndpoint(
    ep: LegacyEndpoint,
    target: 'managed' | 'kubernetes',
    epAt: JsonPath,
    dep: JsonPath
  ): DeploymentConfig {
    const deploymentDoc = this.deploymentDoc!;
    const { problems } = this;
    this.from(dep, deploymentDoc, epAt);
    for (const [field, key] of [
      ['traffic', 'CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION'],
      ['instanceCount', 'DEPLOYMENT_INSTANCE_COUNT'],
      ['sampleRequest', 'TEST_FILE_PATH'],
      ['endpoint', 'ENDPOINT_NAME'],
      ['deployment', 'CURRENT_DEPLOYMENT_NAME'],
      ['previous', 'PRIOR_DEPLOYMENT_NAME'],
      ['compute', 'COMPUTE_NAME'],
      ['instanceType', 'DEPLOYMENT_VM_SIZE']
    ])
      this.from([...dep, field], deploymentDoc, [...epAt, key]);
    const num = (key: string, fallback: number): number => {
      const v = ep[key];
      if (v === undefined || v === '') return fallback;
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isInteger(n)) {
        problems.push(
          deploymentDoc.problem(
            [...epAt, key],
            `expected a whole number (or a numeric string), found ${describe(v)}`
          )
        );
        return fallback;
      }
      return n;
    };
    const text = (key: string) =>
      typeof ep[key] === 'string' && ep[key] !== '' ? (ep[key] as string) : undefined;
    const deployment: DeploymentConfig = {
      target,
      endpoint: text('ENDPOINT_NAME') ?? '',
      endpointDescription: text('ENDPOINT_DESC'),
      deployment: text('CURRENT_DEPLOYMENT_NAME') ?? '',
      description: text('DEPLOYMENT_DESC'),
      previous: text('PRIOR_DEPLOYMENT_NAME'),
      traffic: num('CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION', 100),
      keepPrevious: true, // the template has no such setting: keep, as it does
      // no setting either: the template's deployments always log requests to Application Insights
      // (app_insights_enabled=True in llmops/common/deployment/provision_deployment.py and
      // kubernetes_deployment.py, microsoft/llmops-promptflow-template@cb7cdf6)
      appInsights: true,
      instanceType: text('DEPLOYMENT_VM_SIZE'),
      instanceCount: num('DEPLOYMENT_INSTANCE_COUNT', 1),
      compute: text('COMPUTE_NAME'),
      cpu: text('CPU_ALLOCATION'),
      memory: text('MEMORY_ALLOCATION'),
      environmentVariables: (ep.ENVIRONMENT_VARIABLES as Record<string, string>) ?? {},
      sampleRequest: text('TEST_FILE_PATH') ?? 'sample-request.json'
    };
    if (deployment.traffic < 0 || deployment.traffic > 100)
      problems.push(
        deploymentDoc.problem(
          [...epAt, 'CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION'],
          `expected a whole number from 0 to 100, found ${describe(ep.CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION)}`
        )
      );
    const prior = ep.PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION;
    if (
      deployment.previous &&
      prior !== undefined &&
      prior !== '' &&
      Number(prior) !== 100 - deployment.traffic
    )
      problems.push(
        deploymentDoc.problem(
          [...epAt, 'PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION'],
          `expected ${100 - deployment.traffic} (100 − CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION), found ${describe(prior)}`
        )
      );
    return deployment;
  }
}

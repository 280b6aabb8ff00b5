import type {
  DatasetConfig,
  DeploymentConfig,
  EnvironmentConfig,
  EvaluatorConfig,
  MonitorConfig,
  UseCaseConfig
} from './model.js';

/* Raw shapes as they are after schema validation: optional keys may be missing. */
type Raw<T> = { [K in keyof T]?: T[K] };

const stripUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;

/** Applies defaults so every consumer sees one shape, whichever layout the file had. */
export function normalizeConfig(raw: Raw<UseCaseConfig>): UseCaseConfig {
  const datasets: Record<string, DatasetConfig> = {};
  for (const [name, d] of Object.entries(raw.datasets ?? {}) as [string, Raw<DatasetConfig>][])
    datasets[name] = stripUndefined({
      source: d.source!,
      description: d.description,
      mappings: d.mappings ?? {},
      reference: d.reference,
      maxBadLines: d.maxBadLines
    });
  const environments: Record<string, EnvironmentConfig> = {};
  for (const [name, e] of Object.entries(raw.environments ?? {}) as [string, Raw<EnvironmentConfig>][])
    environments[name] = stripUndefined({
      backend: e.backend!,
      flow: e.flow,
      datasets: e.datasets ?? [],
      evaluators: e.evaluators,
      // a blank resource group or workspace stays blank (not filled in yet) rather than absent
      azure: e.azure && {
        ...stripUndefined({ ...e.azure }),
        resourceGroup: e.azure.resourceGroup ?? '',
        workspace: e.azure.workspace ?? ''
      },
      environmentVariables: e.environmentVariables ?? {},
      llmCache: e.llmCache,
      connections: e.connections,
      deployment: e.deployment && normalizeDeployment(e.deployment),
      alternateDeployments: e.alternateDeployments?.map(normalizeDeployment),
      monitor: e.monitor && normalizeMonitor(e.monitor),
      integrationTest: e.integrationTest && stripUndefined({ ...e.integrationTest }),
      webApp: e.webApp
    });
  return stripUndefined({
    name: raw.name!,
    description: raw.description,
    flow: raw.flow!,
    variants: raw.variants ?? 'one-at-a-time',
    allowSymlinks: raw.allowSymlinks,
    requestTimeout: raw.requestTimeout,
    datasets,
    evaluators: (raw.evaluators ?? []).map(normalizeEvaluator),
    environments,
    pricing: raw.pricing && { currency: raw.pricing.currency ?? 'USD', models: raw.pricing.models ?? {} }
  });
}

function normalizeEvaluator(e: Raw<EvaluatorConfig>): EvaluatorConfig {
  return stripUndefined({
    name: e.name!,
    flow: e.flow!,
    datasets: e.datasets,
    mappings: e.mappings ?? {},
    gates: e.gates ?? {},
    higherIsBetter: e.higherIsBetter
  });
}

function normalizeMonitor(m: Raw<MonitorConfig>): MonitorConfig {
  return stripUndefined({
    datasets: m.datasets,
    requestLog: m.requestLog,
    windowHours: m.windowHours,
    evaluators: (m.evaluators ?? []).map(normalizeEvaluator),
    schedule: m.schedule
  });
}

function normalizeDeployment(d: Raw<DeploymentConfig>): DeploymentConfig {
  const out = stripUndefined({
    target: d.target!,
    endpoint: d.endpoint!,
    endpointDescription: d.endpointDescription,
    deployment: d.deployment!,
    description: d.description,
    previous: d.previous,
    traffic: d.traffic ?? 100,
    keepPrevious: d.keepPrevious ?? true,
    instanceType: d.instanceType,
    instanceCount: d.instanceCount ?? 1,
    compute: d.compute,
    cpu: d.cpu,
    memory: d.memory,
    environmentVariables: d.environmentVariables ?? {},
    sampleRequest: d.sampleRequest!,
    image: d.image,
    appInsights: d.appInsights,
    requestLog: d.requestLog && {
      enabled: d.requestLog.enabled ?? true,
      sampleRate: d.requestLog.sampleRate ?? 1
    }
  });
  // blank names are "not filled in yet" (the template ships them blank): kept, not dropped
  return { ...out, endpoint: d.endpoint ?? '', deployment: d.deployment ?? '' };
}

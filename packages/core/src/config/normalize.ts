import type {
  DatasetConfig,
  DeploymentConfig,
  EnvironmentConfig,
  EvaluatorConfig,
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
      reference: d.reference
    });
  const environments: Record<string, EnvironmentConfig> = {};
  for (const [name, e] of Object.entries(raw.environments ?? {}) as [string, Raw<EnvironmentConfig>][])
    environments[name] = stripUndefined({
      backend: e.backend!,
      datasets: e.datasets ?? [],
      azure: e.azure && stripUndefined({ ...e.azure }),
      environmentVariables: e.environmentVariables ?? {},
      deployment: e.deployment && normalizeDeployment(e.deployment)
    });
  return stripUndefined({
    name: raw.name!,
    description: raw.description,
    flow: raw.flow!,
    variants: raw.variants ?? 'one-at-a-time',
    datasets,
    evaluators: (raw.evaluators ?? []).map((e: Raw<EvaluatorConfig>): EvaluatorConfig =>
      stripUndefined({
        name: e.name!,
        flow: e.flow!,
        datasets: e.datasets,
        mappings: e.mappings ?? {},
        gates: e.gates ?? {}
      })
    ),
    environments,
    pricing: raw.pricing && { currency: raw.pricing.currency ?? 'USD', models: raw.pricing.models ?? {} }
  });
}

function normalizeDeployment(d: Raw<DeploymentConfig>): DeploymentConfig {
  return stripUndefined({
    target: d.target!,
    endpoint: d.endpoint!,
    endpointDescription: d.endpointDescription,
    deployment: d.deployment!,
    description: d.description,
    previous: d.previous,
    traffic: d.traffic ?? 100,
    instanceType: d.instanceType,
    instanceCount: d.instanceCount ?? 1,
    compute: d.compute,
    cpu: d.cpu,
    memory: d.memory,
    environmentVariables: d.environmentVariables ?? {},
    sampleRequest: d.sampleRequest!
  });
}

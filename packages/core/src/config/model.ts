/**
 * The use-case model: what llmops_config.json (either layout) loads into. Paths are relative to
 * the use-case folder, with forward slashes, so two layouts of one use-case load to equal models.
 */
export type Backend = 'local' | 'azure';
export type DeploymentTarget = 'local' | 'managed' | 'kubernetes';
export type VariantStrategy = 'one-at-a-time' | 'all-combinations';

export interface DatasetConfig {
  source: string;
  description?: string;
  /** Flow input → `${data.col}` for experiment datasets. */
  mappings: Record<string, string>;
  /** Set on evaluation datasets: the experiment dataset whose runs they are joined with. */
  reference?: string;
}

export interface Gate {
  min?: number;
  max?: number;
}

export interface EvaluatorConfig {
  name: string;
  flow: string;
  /** Evaluation datasets it runs on; undefined means every evaluation dataset of the environment. */
  datasets?: string[];
  mappings: Record<string, string>;
  gates: Record<string, Gate>;
}

export interface AzureConfig {
  subscriptionId?: string;
  resourceGroup: string;
  workspace: string;
  runtime?: string;
  keyVault?: string;
}

export interface DeploymentConfig {
  target: DeploymentTarget;
  endpoint: string;
  endpointDescription?: string;
  deployment: string;
  description?: string;
  previous?: string;
  traffic: number;
  instanceType?: string;
  instanceCount: number;
  compute?: string;
  cpu?: string;
  memory?: string;
  environmentVariables: Record<string, string>;
  sampleRequest: string;
}

export interface EnvironmentConfig {
  backend: Backend;
  datasets: string[];
  azure?: AzureConfig;
  environmentVariables: Record<string, string>;
  deployment?: DeploymentConfig;
}

/** Prices per 1M tokens, by model name (see the schema's `pricing`). */
export interface PricingConfig {
  currency: string;
  models: Record<string, { input: number; output: number }>;
}

export interface UseCaseConfig {
  name: string;
  description?: string;
  flow: string;
  variants: VariantStrategy;
  datasets: Record<string, DatasetConfig>;
  evaluators: EvaluatorConfig[];
  environments: Record<string, EnvironmentConfig>;
  pricing?: PricingConfig;
}

/** A loaded use-case: the model plus where it came from. */
export interface UseCase {
  /** Absolute path of the use-case folder. */
  dir: string;
  /** Absolute path of llmops_config.json. */
  configFile: string;
  layout: 'current' | 'legacy';
  config: UseCaseConfig;
  /** Where a path of `config` was written, for messages about it. */
  locate: (modelPath: (string | number)[]) => { file: string; path?: string; line?: number; column?: number };
}

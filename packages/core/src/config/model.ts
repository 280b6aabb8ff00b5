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
  /** Malformed lines allowed before a stage fails (default 0). */
  maxBadLines?: number;
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
  /** Metric → whether higher is better (else the gate's direction, else a guess from the name). */
  higherIsBetter?: Record<string, boolean>;
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
  /** After `promote`: keep the other slot at 0 % (true, quick rollback) or delete it. */
  keepPrevious: boolean;
  instanceType?: string;
  instanceCount: number;
  compute?: string;
  cpu?: string;
  memory?: string;
  environmentVariables: Record<string, string>;
  sampleRequest: string;
  /** Azure: serving image to use as it is (default: prompt flow's runtime image + the flow's requirements). */
  image?: string;
  /** Azure: Application Insights request logging of the deployment. */
  appInsights?: boolean;
  /** What the endpoint records of the requests it scores (for `monitor`). */
  requestLog?: RequestLogConfig;
}

export interface RequestLogConfig {
  /** Default true: the local endpoint logs scored requests; Azure deployments turn on data collection. */
  enabled: boolean;
  /** Share of requests recorded, 0–1 (default 1). */
  sampleRate: number;
}

/** Post-production evaluation of an environment: evaluation flows over what production answered. */
export interface MonitorConfig {
  /** Datasets of the config holding production inputs and outputs (JSONL or registered assets). */
  datasets?: string[];
  /** Read the environment's deployment request log (local endpoint log, or Azure data collection). */
  requestLog?: boolean;
  /** How far back the request log is read, in hours (default 24). */
  windowHours?: number;
  /** Evaluation flows run over the production lines; mappings read `${data.<column>}`. */
  evaluators: EvaluatorConfig[];
  /** A cron hint for the scheduled workflow (informational). */
  schedule?: string;
}

/** The template's `webapp_endpoint` block, carried over as written (genaiops does not deploy web apps). */
export type WebAppConfig = Record<string, string | string[]>;

export interface EnvironmentConfig {
  backend: Backend;
  /** This environment's standard flow, when it is not the use-case's. */
  flow?: string;
  datasets: string[];
  /** Names of the evaluators this environment runs; undefined means every evaluator. */
  evaluators?: string[];
  azure?: AzureConfig;
  environmentVariables: Record<string, string>;
  /** Local runs: the LLM cache (true: every call; false: none; unset: `enable_cache` nodes only). */
  llmCache?: boolean;
  /** Connection → settings; `provider: 'mock'` runs it on the mock provider. */
  connections?: Record<string, { provider: 'mock' }>;
  deployment?: DeploymentConfig;
  /** Deployments to other targets, chosen with `--target` (the template's second endpoint block). */
  alternateDeployments?: DeploymentConfig[];
  monitor?: MonitorConfig;
  /** After the deploy's smoke test: the evaluation datasets through the new deployment, evaluated and gated. */
  integrationTest?: IntegrationTestConfig;
  webApp?: WebAppConfig;
}

export interface IntegrationTestConfig {
  /** Evaluation datasets sent (default: every evaluation dataset of the environment). */
  datasets?: string[];
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Attempts of a request answered 429 or 5xx (default 4). */
  attempts?: number;
  /** Lines that may still fail after the retries (default 0). */
  maxFailedLines?: number;
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
  /** Follow symbolic links that stay inside the use-case folder (default false). */
  allowSymlinks?: boolean;
  /** Seconds one model call attempt may take in local runs (default 120). */
  requestTimeout?: number;
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

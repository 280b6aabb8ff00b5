/**
 * `@genaiops/core`: what the CLI, the action kit and the actions call. The stages with their
 * options and results, loading a use-case and its plan, the reporter contract and errors, and the
 * local endpoint server's process entry. The engine, the Azure target and test helpers have
 * subpaths of their own (`@genaiops/core/engine`, `/azure`, `/testing`); see docs/architecture.md.
 */
export { UserError, isUserError, type SourceLocation } from './errors.js';
export type { Reporter } from './reporter.js';
export {
  spans,
  summaryMarkdown,
  type Block,
  type Inline,
  type Summary,
  type SummaryTable,
  type Tone
} from './summary.js';
export { WarnOnceReporter } from './reporter-once.js';
export { SecretMasker } from './util/secret-masker.js';

// config and plan
export type { Backend, DeploymentTarget, UseCase } from './config/model.js';
export { CONFIG_FILE, loadUseCase, type LoadOptions } from './config/load.js';
export { migrateUseCase, type MigrateOptions, type MigrateResult } from './config/migrate.js';
export type { EnvironmentPlan } from './plan/plan.js';
export { validateUseCase, type ValidateOptions } from './stages/preflight.js';
export {
  initUseCase,
  EVALUATOR_KINDS,
  FLOW_KINDS,
  type FlowKind,
  type InitOptions,
  type InitResult
} from './init/init.js';
export type { EvaluatorKind } from './init/templates.js';
export { changedUseCases, useCaseDirsOf } from './workflows/changed-use-cases.js';
export { changedInGit, eventBase, type ChangedInGitOptions } from './workflows/changed-in-git.js';
export { llmCacheFromEnvironment } from './engine/llm/cache.js';

// the stages
export { defaultBuildId } from './stages/build-id.js';
export { mockWarning, type StageOptions } from './stages/context.js';
export type { TargetOptions } from './stages/target-contract.js';
export { outputLayout, type ManifestRun } from './stages/manifest.js';
export {
  experiment,
  RunsFailedError,
  type ExperimentOptions,
  type ExperimentResult
} from './stages/experiment.js';
export { evaluate, evaluationFailure, type EvaluateOptions, type EvaluateResult } from './stages/evaluate.js';
export { register, type RegisterOptions, type RegisterResult, type RegisterWhat } from './stages/register.js';
export { deploy, type DeployOptions, type DeployResult } from './stages/deploy.js';
export { promote, rollback, type SwitchOptions } from './stages/promote-rollback.js';
export {
  smokeTest,
  readSampleRequest,
  type SmokeTestOptions,
  type SmokeTestResult
} from './stages/smoke-test.js';
export { integrationTestHook } from './stages/integration-test-hook.js';
export { monitor, monitorFailure, type MonitorOptions, type MonitorResult } from './stages/monitor.js';

// reports the actions post
export { commentMarker } from './report/model.js';
export { renderCommentMarkdown } from './report/markdown.js';

// the local target's endpoints (the CLI manages them; the actions start the server process)
export {
  LocalEndpoints,
  listLocalEndpoints,
  stopLocalEndpoint,
  setEndpointServerEntry
} from './local/endpoints.js';
export { maybeRunEndpointServer, runEndpointServerProcess } from './local/server-process.js';
export { endpointDir, readEndpointFile } from './local/endpoint-state.js';

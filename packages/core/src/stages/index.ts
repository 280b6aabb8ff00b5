export {
  experiment,
  experimentSummary,
  RunsFailedError,
  type ExperimentOptions,
  type ExperimentResult
} from './experiment.js';
export {
  evaluate,
  evaluationFailure,
  type EvaluateOptions,
  type EvaluateResult,
  type LocatedGateResult
} from './evaluate.js';
export {
  DEFAULT_RUN_MANIFEST,
  DEFAULT_EVALUATION_MANIFEST,
  MANIFEST_VERSION,
  outputLayout,
  readRunManifest,
  type EvaluationManifest,
  type LineCounts,
  type ManifestRun,
  type ManifestRunStatus,
  type RunManifest
} from './manifest.js';
export {
  parseGatesInput,
  effectiveGates,
  evaluateGates,
  staticLoggedMetrics,
  checkGateMetrics,
  type GateBounds,
  type GateSpec,
  type GateTable,
  type GatesInput
} from './gates.js';
export { readBaseline, type Baseline } from './baseline.js';
export { mapConcurrent, pollUntil, type PollOptions } from './concurrency.js';
export {
  DEFAULT_CONCURRENCY,
  defaultBuildId,
  mockWarning,
  runName,
  type AzureStageOptions,
  type StageOptions
} from './context.js';
export {
  LocalRunBackend,
  AzureRunBackend,
  DEFAULT_DOWNLOADS_DIR,
  type RunBackend,
  type StageRunOutcome,
  type StageRunSpec
} from './backends.js';
// register / deploy / smoke-test, the deployment target interface and the local target
export * from './targets.js';
export * from './flow-hash.js';
export * from './register.js';
export * from './deploy.js';
export * from './promote-rollback.js';
export * from './release-plan.js';
export * from './release-report.js';
export * from './smoke-test.js';
export * from '../local/index.js';
export * from './monitor.js';
export * from './integration-test.js';
export { preflight, requiredInputs, validateUseCase, type ValidateOptions } from './preflight.js';

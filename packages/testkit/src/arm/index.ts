export { startArmEmulator, ARM_API_VERSION, DEFAULT_WORKSPACE } from './emulator.js';
export {
  armClientOptions,
  armRequest,
  staticTokenCredential,
  FAST_RETRY_OPTIONS,
  type ArmRawResponse
} from './client.js';
export { canonicalize, sdkMappers, sdkSerializer, type BodyProblem } from './mappers.js';
export { createLoopbackTls, type LoopbackTls } from './tls.js';
export type * from './types.js';
export {
  engineScorer,
  type EngineScorer,
  type EngineScorerOptions,
  type ServedDeployment
} from './engine-scorer.js';
export { specProblems, azureMlSpec, type AzureMlSpec, type SpecExample } from './spec-schemas.js';
export { BUILT_IN_ROLES, actionOf } from './rbac.js';
export { MAX_REQUEST_TIMEOUT_MS, MAX_MIRROR_PERCENT, VM_CORES, quotaNeed } from './deployment-rules.js';

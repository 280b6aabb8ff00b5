export {
  initUseCase,
  EVALUATOR_KINDS,
  FLOW_KINDS,
  type FlowKind,
  type InitOptions,
  type InitResult
} from './init.js';
export type { EvaluatorKind } from './templates.js';

export {
  PythonWorkerPool,
  PythonWorkerError,
  ToolError,
  connectionArg,
  modelConfigArg,
  type PythonCallRequest,
  type PythonCallResult,
  type PythonFlexRequest,
  type PythonWorkerPoolOptions,
  type ToolErrorPhase
} from './pool.js';

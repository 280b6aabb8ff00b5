/**
 * `@genaiops/core/engine`: the local flow engine for the CLI's run commands and for tools built
 * on it (the testkit's stand-in `pfazure`, the benches): load a flow, run it over data or once,
 * read the run store, and run without a model (mock connections).
 */
export type * from '../flow/model.js';
export { loadFlow, type LoadFlowOptions } from '../flow/load.js';
export { createExecutor } from './executor/create.js';
export type { FlowExecutor, LineResult } from './executor/types.js';
export { runBulk, describeLineError, type BulkRunOptions, type BulkRunResult } from './runs/bulk.js';
export { testFlow, type FlowTestOptions } from './runs/flow-test.js';
export type { RunStatus } from './runs/store.js';
export { listRuns, showRun, showMetrics, showDetails, detailsTable } from './runs/show.js';
export { LlmClient } from './llm/client.js';
export { LLM_CACHE_VARIABLE } from './llm/cache.js';
export { readDotenv } from './llm/dotenv.js';
export { withMockConnections, flowConnectionNames } from './llm/mock.js';
export { PythonWorkerPool } from './python/pool.js';
export { pyJson } from '../util/py-json.js';

export {
  runBulk,
  generateRunName,
  describeLineError,
  DEFAULT_LINE_CONCURRENCY,
  DEFAULT_LINE_TIMEOUT_MS,
  type BulkRunOptions,
  type BulkRunResult,
  type ExecutorFactory
} from './bulk.js';
export { testFlow, type FlowTestOptions } from './flow-test.js';
export {
  showRun,
  showDetails,
  showMetrics,
  listRuns,
  detailsTable,
  type LineDetail,
  type ListRunsOptions,
  type RunStoreOptions,
  type ShowDetailsOptions
} from './show.js';
export {
  DEFAULT_RUNS_DIR,
  RUN_FILES,
  runsRoot,
  runDir,
  readRunRecord,
  runExists,
  type RunRecord,
  type RunStatus,
  type RunError
} from './store.js';
export { readJsonlRows, scanJsonl, LineNumberCursor, type JsonlRow, type JsonlScan } from './jsonl.js';
export {
  compileColumnMapping,
  checkMappingColumns,
  applyMapping,
  flowInputNames,
  LineInputError,
  type CompiledMapping,
  type MappingSource,
  type MappingColumns
} from './mapping.js';
export { UsageTally, type LlmUsageSummary, type ModelUsage, type Percentiles } from './usage.js';

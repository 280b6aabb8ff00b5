export * from './errors.js';
export * from './reporter.js';
export * from './config/index.js';
export * from './flow/index.js';
export * from './plan/index.js';
export * from './engine/llm/index.js';
export * from './engine/runs/index.js';
export * from './engine/executor/index.js';
export * from './engine/python/index.js';
export * from './engine/template/index.js';
export { pyJson } from './util/py-json.js';
export * from './workflows/index.js';
export * from './stages/index.js';
export * from './azure/pf/index.js';
export * from './report/index.js';
// Types only: the Azure SDKs load when an Azure target is used, not at every start-up.
export type { AzureTarget, AzureTargetOverrides, AzureSettings, WorkspaceRef } from './azure/index.js';

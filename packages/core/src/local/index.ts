export { LocalRegistry, REGISTRY_DIR, type VersionMeta } from './registry.js';
export {
  LocalEndpoints,
  listLocalEndpoints,
  stopLocalEndpoint,
  setEndpointServerEntry,
  type LocalEndpointSummary,
  type LocalEndpointsOptions
} from './endpoints.js';
export {
  startEndpointServer,
  WeightedPicker,
  type EndpointServerOptions,
  type RunningEndpointServer
} from './server.js';
export { ENDPOINT_SERVER_FLAG, maybeRunEndpointServer, runEndpointServerProcess } from './server-process.js';
export { createLocalTarget } from './target.js';
export * from './endpoint-state.js';
export * from './request-log.js';
export * from './endpoint-secrets.js';

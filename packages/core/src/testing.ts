/**
 * `@genaiops/core/testing`: what tests, benches and the demo read to check the library from the
 * outside: a reporter that records, and the local endpoint state files. Not for the actions.
 */
export { MemoryReporter } from './reporter.js';
export { endpointSecretsFile, readEndpointSecrets } from './local/endpoint-secrets.js';
export { isAlive } from './local/endpoint-state.js';

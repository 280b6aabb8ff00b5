export * from './connection.js';
export * from './dotenv.js';
export * from './parameters.js';
export { DEFAULT_LLM_RETRY, type LlmRetryOptions } from './retry.js';
export * from './semaphore.js';
export * from './client.js';
export * from './mock.js';
export * from './cache.js';

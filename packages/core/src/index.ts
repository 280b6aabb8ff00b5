export * from './errors.js';
export * from './reporter.js';
export * from './config/index.js';
export * from './flow/index.js';
export * from './plan/index.js';
export * from './engine/llm/index.js';

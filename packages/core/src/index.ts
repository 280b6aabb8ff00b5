export * from './errors.js';
export * from './reporter.js';
export * from './config/index.js';

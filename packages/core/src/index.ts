export * from './errors.js';
export * from './config/model.js';
export { llmopsConfigSchema } from './config/schema.js';

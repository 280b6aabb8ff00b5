export * from './stub-llm.js';
export { demoRules } from './demo-model.js';
export * from './arm/index.js';
export * from './azurite.js';
export * from './pfazure/index.js';

export * from './stub-llm.js';
export { demoRules } from './demo-model.js';

export * from './stub-llm.js';

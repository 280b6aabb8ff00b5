export * from './changed-use-cases.js';

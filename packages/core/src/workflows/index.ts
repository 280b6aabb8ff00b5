export * from './changed-use-cases.js';
export * from './changed-in-git.js';

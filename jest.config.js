// ESM + ts-jest, as in actions/typescript-action. Type checking is `npm run typecheck`'s job;
// tests only transpile, which keeps the suite fast.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/packages', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts'],
  moduleNameMapper: {
    '^@genaiops/core$': '<rootDir>/packages/core/src/index.ts',
    '^@genaiops/core/engine$': '<rootDir>/packages/core/src/engine/index.ts',
    '^@genaiops/core/azure$': '<rootDir>/packages/core/src/azure/index.ts',
    '^@genaiops/core/testing$': '<rootDir>/packages/core/src/testing.ts',
    '^@genaiops/testkit$': '<rootDir>/packages/testkit/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1'
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }]
  },
  testTimeout: 60000,
  // most suites wait on child processes and sockets: two workers overlap them on a 2-core runner
  maxWorkers: 2,
  modulePathIgnorePatterns: [
    '<rootDir>/dist/',
    '<rootDir>/packages/.*/dist/',
    '<rootDir>/action-.*/(dist|lib)/'
  ]
};

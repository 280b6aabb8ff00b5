import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      'dist/**',
      '**/lib/**',
      'node_modules/**',
      'use-cases/**',
      '.genaiops/**',
      '.tmp/**',
      'coverage/**'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Python string escaping and JSON-ish parsing need control characters in patterns.
      'no-control-regex': 'off'
    }
  },
  // Shipped code: no import cycles, and every package it imports is declared by its own package.json
  // (the bundle would hide an undeclared one until a version moved under it).
  {
    files: ['packages/*/src/**/*.ts', 'action-*/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      // sources import './x.js' for './x.ts' (NodeNext)
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })]
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-extraneous-dependencies': [
        'error',
        { devDependencies: false, optionalDependencies: false, peerDependencies: false }
      ]
    }
  },
  { files: ['**/test/**', 'test/**', 'bench/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } }
);

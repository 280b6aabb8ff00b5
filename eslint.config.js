import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/lib/**', 'node_modules/**', 'use-cases/**', '.genaiops/**', 'coverage/**'] },
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
  { files: ['**/test/**', 'test/**', 'bench/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } }
);

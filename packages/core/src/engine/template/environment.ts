/**
 * The registries a template sees, passed to the filters and tests that look others up by name
 * (`map`, `select`, `reject`, the `filter` and `test` tests), as Jinja passes its Environment. This
 * keeps filters.ts and tests.ts free of each other.
 */
import { FILTERS, type FilterFn } from './filters.js';
import { TESTS, type TestFn } from './tests.js';

export interface Environment {
  filters: ReadonlyMap<string, FilterFn>;
  tests: ReadonlyMap<string, TestFn>;
}

/** Jinja2's built-in filters and tests (what prompt flow renders with). */
export const DEFAULT_ENVIRONMENT: Environment = { filters: FILTERS, tests: TESTS };

/**
 * The deploy stage's hook for the endpoint integration test. Kept apart from the test itself, which
 * imports the flow engine (evaluators run as flows) only when the hook runs: a deploy without an
 * integration test, and every deploy's start, do without it.
 */
import path from 'node:path';
import { loadUseCase } from '../config/load.js';
import type { Reporter } from '../reporter.js';
import type { DeployOptions } from './deploy.js';
import type { IntegrationTestOptions } from './integration-test.js';

/**
 * The deploy stage's `afterSmokeTest` for an environment with an `integrationTest` section (or
 * explicit settings); undefined when there is nothing to run.
 */
export function integrationTestHook(
  opts: Omit<IntegrationTestOptions, 'endpoints' | 'endpoint' | 'deployment'>,
  reporter: Reporter
): DeployOptions['afterSmokeTest'] {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const uc = loadUseCase(path.resolve(cwd, opts.useCase), {
    env: opts.env,
    environ: opts.environ,
    displayRoot: cwd
  });
  if (!uc.config.environments[opts.env].integrationTest && !opts.settings) return undefined;
  return (call) =>
    reporter.group(`integration test of "${call.deployment}" alone`, () =>
      import('./integration-test.js').then(({ integrationTest }) =>
        integrationTest({ ...opts, ...call }, reporter)
      )
    );
}

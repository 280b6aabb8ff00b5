import * as core from '@actions/core';
import {
  loadUseCase,
  planEnvironment,
  UserError,
  type Backend,
  type DeploymentTarget,
  type EnvironmentPlan
} from '@genaiops/core';

/** Inputs every stage action takes. */
export interface CommonInputs {
  useCase: string;
  env: string;
  backend?: Backend;
  target?: DeploymentTarget;
}

function choice<T extends string>(name: string, allowed: readonly T[]): T | undefined {
  const value = core.getInput(name);
  if (!value) return undefined;
  if (!allowed.includes(value as T))
    throw new UserError(`input "${name}": expected one of ${allowed.join(', ')}, found "${value}"`);
  return value as T;
}

export function readCommonInputs(): CommonInputs {
  return {
    useCase: core.getInput('use-case', { required: true }),
    env: core.getInput('env', { required: true }),
    backend: choice('backend', ['local', 'azure'] as const),
    target: choice('target', ['local', 'managed', 'kubernetes'] as const)
  };
}

/** Loads the use-case for the inputs' environment and plans it (every stage starts here). */
export function planFromInputs(inputs: CommonInputs): EnvironmentPlan {
  const useCase = loadUseCase(inputs.useCase, { env: inputs.env });
  return planEnvironment(useCase, inputs.env, { backend: inputs.backend, target: inputs.target });
}

/**
 * Opening a deployment target for a stage: which target (decided once, from the options and the
 * plan), its implementation, and the stage's context. The contract every target implements is in
 * `target-contract.ts`.
 */
import path from 'node:path';
import { loadUseCase } from '../config/load.js';
import type { Backend, DeploymentTarget, UseCase } from '../config/model.js';
import { planEnvironment, type EnvironmentPlan } from '../plan/plan.js';
import type { Reporter } from '../reporter.js';

export * from './target-contract.js';
import type { Target, TargetOptions } from './target-contract.js';

/**
 * `local` → the local registry and endpoint server; `managed` / `kubernetes` → Azure ML. The
 * implementation is imported when asked for (the Azure SDKs load only when used).
 */
export async function createTarget(kind: DeploymentTarget, opts: TargetOptions): Promise<Target> {
  if (kind === 'local') {
    const { createLocalTarget } = await import('../local/target.js');
    return createLocalTarget(opts);
  }
  const { createAzureTarget } = await import('../azure/target.js');
  return createAzureTarget({ ...opts, kind });
}

/**
 * Which target a stage uses: an explicit `target` override wins; a `backend: local` override
 * (rehearsing an Azure environment locally) means `local`; else the deployment's target; an
 * environment without a deployment registers where its backend is (`local` or Azure).
 */
export function resolveTargetKind(o: {
  target?: DeploymentTarget;
  backendOverride?: 'local' | 'azure';
  configTarget?: DeploymentTarget;
  backend: 'local' | 'azure';
}): DeploymentTarget {
  if (o.target) return o.target;
  if (o.backendOverride === 'local') return 'local';
  if (o.configTarget) return o.configTarget;
  return o.backend === 'local' ? 'local' : 'managed';
}

// ---------------------------------------------------------------------------------------------
// What every one of the three stages starts with
// ---------------------------------------------------------------------------------------------

/** Options the register, deploy and smoke-test stages share. */
export interface TargetStageOptions {
  /** Use-case folder (holds llmops_config.json). */
  useCase: string;
  env: string;
  /** Override the environment's backend. */
  backend?: Backend;
  /** Override the deployment target. */
  target?: DeploymentTarget;
  /** The workspace: base of relative paths; `.genaiops/` (registry, endpoints) lives here. Default: process.cwd(). */
  cwd?: string;
  /** `${NAME}` values, connections, AZURE_* (default process.env). */
  environ?: NodeJS.ProcessEnv;
  credentials?: TargetOptions['credentials'];
  /** Use this target instead of creating one (tests; a caller running several stages). */
  targetImpl?: Target;
}

export interface TargetStageContext {
  useCase: UseCase;
  plan: EnvironmentPlan;
  kind: DeploymentTarget;
  target: Target;
  root: string;
  environ: NodeJS.ProcessEnv;
  /** Disposes the target when the stage created it. */
  close(): Promise<void>;
}

/** Loads the use-case for the environment, plans it (validating config and flows) and opens the target. */
export async function openStage(opts: TargetStageOptions, reporter: Reporter): Promise<TargetStageContext> {
  const environ = opts.environ ?? process.env;
  const root = path.resolve(opts.cwd ?? process.cwd());
  const useCase = loadUseCase(path.resolve(root, opts.useCase), {
    env: opts.env,
    environ,
    displayRoot: root
  });
  const plan = planEnvironment(useCase, opts.env, {
    backend: opts.backend,
    target: opts.target,
    displayRoot: root
  });
  for (const w of plan.warnings) reporter.warn(w);
  const envConfig = useCase.config.environments[opts.env];
  const kind = resolveTargetKind({
    target: opts.target,
    backendOverride: opts.backend,
    configTarget: envConfig.deployment?.target,
    backend: plan.backend
  });
  if (plan.deployment) plan.deployment = { ...plan.deployment, target: kind };
  const target =
    opts.targetImpl ??
    (await createTarget(kind, {
      useCase,
      env: opts.env,
      root,
      azure: envConfig.azure,
      credentials: opts.credentials,
      environ,
      reporter
    }));
  return {
    useCase,
    plan,
    kind,
    target,
    root,
    environ,
    close: async () => {
      if (!opts.targetImpl) await target.dispose?.();
    }
  };
}

/** The model name a use-case's flow is registered under in an environment (as the Python template names it). */
export function flowModelName(useCase: string, env: string): string {
  return `${useCase}_${env}`;
}

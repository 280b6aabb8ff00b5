import { validateUseCase, type Backend, type DeploymentTarget, type EnvironmentPlan } from '@genaiops/core';

export interface ValidateOptions {
  env?: string;
  backend?: Backend;
  target?: DeploymentTarget;
  json?: boolean;
}

/**
 * Loads a use-case, plans every environment (or one) and runs every check the stages make before
 * a run (data, mappings, required inputs, gates, sample request): one error lists every problem.
 */
export function validate(dir: string, opts: ValidateOptions): Promise<EnvironmentPlan[]> {
  return validateUseCase(dir, { env: opts.env, backend: opts.backend, target: opts.target });
}

export function formatPlan(plan: EnvironmentPlan): string {
  const lines = [`${plan.useCase} · env ${plan.env} · backend ${plan.backend} · flow ${plan.flow}`];
  lines.push(`  experiment runs (${plan.experiments.length}):`);
  for (const r of plan.experiments) lines.push(`    ${r.name}  [dataset ${r.dataset}, variants ${r.label}]`);
  lines.push(`  evaluation runs (${plan.evaluations.length}):`);
  for (const r of plan.evaluations)
    lines.push(`    ${r.name}  [evaluator ${r.evaluator}, dataset ${r.dataset} ⋈ ${r.experimentRun}]`);
  const d = plan.deployment;
  if (d) {
    const split = d.previous
      ? `slots ${d.deployment} / ${d.previous}: a release takes ${d.traffic}%, the live one keeps ${100 - d.traffic}%`
      : `one slot ${d.deployment}, updated in place`;
    lines.push(`  deployment: ${d.target} endpoint ${d.endpoint}, ${split}`);
  } else lines.push('  deployment: none');
  for (const w of plan.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n');
}

import * as core from '@actions/core';
import { ActionsReporter, planFromInputs, readCommonInputs, runAction } from '@genaiops/action-kit';

// For now the stage validates the config and flows and publishes the plan.
await runAction(async () => {
  const plan = planFromInputs(readCommonInputs());
  const reporter = new ActionsReporter();
  for (const w of plan.warnings) reporter.warn(w);
  reporter.info(`${plan.useCase} · ${plan.env}: ${plan.experiments.length} experiment run(s), ${plan.evaluations.length} evaluation run(s)`);
  core.setOutput('plan', JSON.stringify(plan));
});

import * as core from '@actions/core';
import { ActionsReporter, readCommonInputs, runAction } from '@genaiops/action-kit';
import { experiment, RunsFailedError, UserError, type ExperimentResult } from '@genaiops/core';

function positiveInt(name: string, fallback: number): number {
  const text = core.getInput(name).trim();
  if (!text) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UserError(`input "${name}": expected a positive whole number, found "${text}"`);
  return n;
}

function flag(name: string, fallback: boolean): boolean {
  const text = core.getInput(name).trim().toLowerCase();
  if (!text) return fallback;
  if (['true', 'yes', 'on', '1'].includes(text)) return true;
  if (['false', 'no', 'off', '0'].includes(text)) return false;
  throw new UserError(`input "${name}": expected true or false, found "${text}"`);
}

function setOutputs(r: ExperimentResult): void {
  core.setOutput('run-manifest', r.manifestFile);
  core.setOutput('run-ids', JSON.stringify(r.runs.map((run) => run.id)));
  core.setOutput('succeeded', String(r.succeeded));
  core.setOutput('failed', String(r.failed));
  core.setOutput('plan', JSON.stringify(r.plan));
}

// inputs → the experiment stage → outputs; the stage writes the job summary through the reporter.
await runAction(async () => {
  const inputs = readCommonInputs();
  const reporter = new ActionsReporter();
  try {
    const result = await experiment(
      {
        useCase: inputs.useCase,
        env: inputs.env,
        backend: inputs.backend,
        target: inputs.target,
        buildId: core.getInput('build-id').trim() || undefined,
        concurrency: positiveInt('concurrency', 8),
        allowFailedRuns: flag('allow-failed-runs', false)
      },
      reporter
    );
    setOutputs(result);
  } catch (e) {
    // failed runs: the manifest is written and the outputs say what happened, then the step fails
    if (e instanceof RunsFailedError) setOutputs(e.result as ExperimentResult);
    throw e;
  }
});

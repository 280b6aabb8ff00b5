import * as core from '@actions/core';
import {
  ActionsReporter,
  booleanInput,
  optionalBooleanInput,
  positiveIntInput,
  readCommonInputs,
  runAction
} from '@genaiops/action-kit';
import { experiment, RunsFailedError, validateUseCase, type ExperimentResult } from '@genaiops/core';

function setOutputs(r: ExperimentResult): void {
  core.setOutput('run-manifest', r.manifestFile);
  core.setOutput('run-ids', JSON.stringify(r.runs.map((run) => run.id)));
  core.setOutput('succeeded', String(r.succeeded));
  core.setOutput('failed', String(r.failed));
  core.setOutput('plan', JSON.stringify(r.plan));
}

// inputs → the experiment stage → outputs; the stage writes the job summary through the reporter.
// The shared bundle (dist/index.js) calls this when node starts dist/experiment.js.
export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = readCommonInputs();
    const reporter = new ActionsReporter();
    if (booleanInput('validate-only', false)) {
      // What a pull request without secrets gets (fork, Dependabot): nothing runs, no model is called.
      const [plan] = await validateUseCase(inputs.useCase, {
        env: inputs.env,
        backend: inputs.backend,
        target: inputs.target
      });
      core.setOutput('plan', JSON.stringify(plan));
      reporter.summary({
        blocks: [
          {
            kind: 'heading',
            text: `${inputs.useCase} · ${inputs.env}: the config and every flow are valid (no run)`,
            tone: 'pass'
          }
        ]
      });
      return;
    }
    try {
      const result = await experiment(
        {
          ...inputs,
          buildId: core.getInput('build-id').trim() || undefined,
          concurrency: positiveIntInput('concurrency', 8),
          allowFailedRuns: booleanInput('allow-failed-runs', false),
          mock: booleanInput('mock', false),
          llmCache: optionalBooleanInput('llm-cache')
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
}

import * as core from '@actions/core';
import {
  ActionsReporter,
  choiceInput,
  readAzureCredentials,
  readCommonInputs,
  runAction
} from '@genaiops/action-kit';
import { register, type RegisterWhat } from '@genaiops/core';

// The shared bundle (dist/index.js) calls this when node starts dist/register.js.
export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = readCommonInputs();
    const what = choiceInput<RegisterWhat>('what', ['data', 'flow', 'all'], 'all');
    const reporter = new ActionsReporter();
    const r = await register(
      {
        ...inputs,
        what,
        credentials: readAzureCredentials()
      },
      reporter
    );
    core.setOutput(
      'datasets',
      JSON.stringify(r.datasets.map(({ name, version, created }) => ({ name, version, created })))
    );
    if (r.model) {
      core.setOutput('model-name', r.model.name);
      core.setOutput('model-version', r.model.version);
      core.setOutput('model-created', String(r.model.created));
    }
    core.setOutput('plan', JSON.stringify(r.plan));
  });
}

import * as core from '@actions/core';
import {
  ActionsReporter,
  booleanInput,
  readAzureCredentials,
  readCommonInputs,
  runAction
} from '@genaiops/action-kit';
import {
  defaultBuildId,
  deploy,
  integrationTestHook,
  maybeRunEndpointServer,
  setEndpointServerEntry
} from '@genaiops/core';

// The local target starts its endpoint server as a detached copy of this very file.
if (!(await maybeRunEndpointServer())) {
  setEndpointServerEntry([process.argv[1]]);
  await runAction(async () => {
    const inputs = readCommonInputs();
    const reporter = new ActionsReporter();
    const r = await deploy(
      {
        ...inputs,
        modelVersion: core.getInput('model-version') || undefined,
        credentials: readAzureCredentials(),
        afterSmokeTest: booleanInput('integration-test', true)
          ? integrationTestHook({ ...inputs, buildId: defaultBuildId(process.env) }, reporter)
          : undefined
      },
      reporter
    );
    core.setOutput('endpoint', r.endpoint);
    core.setOutput('deployment', r.deployment);
    core.setOutput('scoring-uri', r.scoringUri);
    core.setOutput('traffic', JSON.stringify(r.traffic));
    core.setOutput('plan', JSON.stringify(r.plan));
  });
}

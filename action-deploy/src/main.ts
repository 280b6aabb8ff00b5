import * as core from '@actions/core';
import {
  ActionsReporter,
  booleanInput,
  choiceInput,
  readAzureCredentials,
  readCommonInputs,
  runAction
} from '@genaiops/action-kit';
import {
  defaultBuildId,
  deploy,
  integrationTestHook,
  maybeRunEndpointServer,
  promote,
  rollback,
  setEndpointServerEntry
} from '@genaiops/core';

// The local target starts its endpoint server as a detached copy of this very file.
// The shared bundle (dist/index.js) calls this when node starts dist/deploy.js.
export async function run(): Promise<void> {
  if (!(await maybeRunEndpointServer())) {
    setEndpointServerEntry([process.argv[1]]);
    await runAction(async () => {
      const inputs = readCommonInputs();
      const reporter = new ActionsReporter();
      const operation = choiceInput('operation', ['release', 'promote', 'rollback'] as const, 'release');
      const credentials = readAzureCredentials();
      const r =
        operation === 'release'
          ? await deploy(
              {
                ...inputs,
                modelVersion: core.getInput('model-version') || undefined,
                force: booleanInput('force', false),
                credentials,
                afterSmokeTest: booleanInput('integration-test', true)
                  ? integrationTestHook({ ...inputs, buildId: defaultBuildId(process.env) }, reporter)
                  : undefined
              },
              reporter
            )
          : await (operation === 'promote' ? promote : rollback)(
              {
                ...inputs,
                credentials,
                overrides: {
                  keepPrevious: core.getInput('keep-previous')
                    ? booleanInput('keep-previous', true)
                    : undefined
                }
              },
              reporter
            );
      core.setOutput('operation', r.operation);
      core.setOutput('changed', String(r.changed));
      core.setOutput('endpoint', r.endpoint);
      core.setOutput('deployment', r.deployment);
      core.setOutput('scoring-uri', r.scoringUri);
      core.setOutput('traffic', JSON.stringify(r.traffic));
      core.setOutput('deployments', JSON.stringify(r.deploymentsAfter));
      core.setOutput('plan', JSON.stringify(r.plan));
    });
  }
}

import * as core from '@actions/core';
import { ActionsReporter, readCommonInputs, runAction } from '@genaiops/action-kit';
import { register, UserError, type RegisterWhat } from '@genaiops/core';

await runAction(async () => {
  const inputs = readCommonInputs();
  const what = (core.getInput('what') || 'all') as RegisterWhat;
  if (!['data', 'flow', 'all'].includes(what))
    throw new UserError(`input "what": expected one of data, flow, all, found "${what}"`);
  const reporter = new ActionsReporter();
  const r = await register(
    {
      ...inputs,
      what,
      credentials: {
        clientId: core.getInput('client-id') || undefined,
        tenantId: core.getInput('tenant-id') || undefined,
        subscriptionId: core.getInput('subscription-id') || undefined,
        // OIDC without azure/login: the job's ID token (needs `permissions: id-token: write`)
        getAssertion: () => core.getIDToken('api://AzureADTokenExchange')
      }
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

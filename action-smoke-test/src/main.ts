import * as core from '@actions/core';
import { ActionsReporter, readCommonInputs, runAction } from '@genaiops/action-kit';
import { maybeRunEndpointServer, setEndpointServerEntry, smokeTest, UserError } from '@genaiops/core';

function expectedInput(): Record<string, unknown> | undefined {
  const text = core.getInput('expected');
  if (!text) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new UserError(`input "expected": not JSON (${(e as Error).message})`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new UserError('input "expected": expected a JSON object of output values');
  return v as Record<string, unknown>;
}

// The local target may (re)start its endpoint server as a detached copy of this very file.
if (!(await maybeRunEndpointServer())) {
  setEndpointServerEntry([process.argv[1]]);
  await runAction(async () => {
    const inputs = readCommonInputs();
    const requestsText = core.getInput('requests') || '1';
    const requests = Number(requestsText);
    if (!/^\d+$/.test(requestsText.trim()) || requests < 1)
      throw new UserError(`input "requests": expected a whole number ≥ 1, found "${requestsText}"`);
    const reporter = new ActionsReporter();
    const r = await smokeTest(
      {
        ...inputs,
        deployment: core.getInput('deployment') || undefined,
        requests,
        concurrency: Math.min(requests, 8),
        expected: expectedInput(),
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
    core.setOutput('status', r.status);
    if (r.p50Ms !== undefined) core.setOutput('p50-ms', String(r.p50Ms));
    if (r.p95Ms !== undefined) core.setOutput('p95-ms', String(r.p95Ms));
    core.setOutput('plan', JSON.stringify(r.plan));
    if (r.status !== 'passed')
      throw new UserError(
        `smoke test of ${r.deployment ? `${r.endpoint}/${r.deployment}` : r.endpoint} failed: ${r.failures.slice(0, 3).join('; ')}`
      );
  });
}

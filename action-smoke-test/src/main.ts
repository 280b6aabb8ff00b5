import * as core from '@actions/core';
import {
  ActionsReporter,
  jsonObjectInput,
  positiveIntInput,
  readAzureCredentials,
  readCommonInputs,
  runAction
} from '@genaiops/action-kit';
import { maybeRunEndpointServer, setEndpointServerEntry, smokeTest, UserError } from '@genaiops/core';

// The local target may (re)start its endpoint server as a detached copy of this very file.
// The shared bundle (dist/index.js) calls this when node starts dist/smoke-test.js.
export async function run(): Promise<void> {
  if (!(await maybeRunEndpointServer())) {
    setEndpointServerEntry([process.argv[1]]);
    await runAction(async () => {
      const inputs = readCommonInputs();
      const requests = positiveIntInput('requests', 1);
      const reporter = new ActionsReporter();
      const r = await smokeTest(
        {
          ...inputs,
          deployment: core.getInput('deployment') || undefined,
          requests,
          concurrency: Math.min(requests, 8),
          expected: jsonObjectInput('expected'),
          credentials: readAzureCredentials()
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
}

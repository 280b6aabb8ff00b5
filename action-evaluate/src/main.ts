import * as core from '@actions/core';
import {
  ActionsReporter,
  booleanInput,
  commentOnPullRequest,
  optionalNumberInput,
  positiveIntInput,
  readCommonInputs,
  runAction,
  workflowRunLinks
} from '@genaiops/action-kit';
import { commentMarker, evaluate, renderCommentMarkdown } from '@genaiops/core';

// inputs → the evaluate stage → outputs (+ the PR comment); a missed gate fails the step, after the
// stage has annotated it (metric, value, threshold, run) at the gate in llmops_config.json.
await runAction(async () => {
  const inputs = readCommonInputs();
  const reporter = new ActionsReporter();
  const result = await evaluate(
    {
      ...inputs,
      manifest: core.getInput('run-manifest').trim() || undefined,
      gates: core.getInput('gates').trim() || undefined,
      baseline: core.getInput('baseline').trim() || undefined,
      maxRegression: optionalNumberInput('max-regression'),
      reportsDir: core.getInput('reports-dir').trim() || undefined,
      concurrency: positiveIntInput('concurrency', 8),
      links: workflowRunLinks()
    },
    reporter
  );
  core.setOutput('metrics', JSON.stringify(result.rows));
  core.setOutput('gates-passed', String(result.gatesPassed));
  core.setOutput('report', result.reports.html);
  core.setOutput('evaluation-manifest', result.manifestFile);
  core.setOutput('plan', JSON.stringify(result.plan));
  if (booleanInput('comment', true))
    await commentOnPullRequest({
      marker: commentMarker(result.plan.useCase),
      body: (marker) => renderCommentMarkdown(result.reportInput, { marker }),
      reporter
    });
  if (!result.passed) {
    const failedGates = result.gates.filter((g) => !g.passed).length;
    const parts = [
      failedGates ? `${failedGates} of ${result.gates.length} metric gate(s) failed` : '',
      result.failedRuns.length ? `${result.failedRuns.length} evaluation run(s) did not complete` : ''
    ].filter(Boolean);
    core.setFailed(`${parts.join('; ')} (see the annotations and the job summary)`);
  }
});

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import {
  ActionsReporter,
  booleanInput,
  optionalBooleanInput,
  commentOnPullRequest,
  optionalNumberInput,
  positiveIntInput,
  readCommonInputs,
  runAction,
  workflowRunLinks
} from '@genaiops/action-kit';
import {
  commentMarker,
  evaluate,
  monitor,
  monitorFailure,
  renderCommentMarkdown,
  UserError
} from '@genaiops/core';

// inputs → the evaluate stage → outputs (+ the PR comment); a missed gate fails the step, after the
// stage has annotated it (metric, value, threshold, run) at the gate in llmops_config.json.
// The shared bundle (dist/index.js) calls this when node starts dist/evaluate.js.
export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = readCommonInputs();
    const reporter = new ActionsReporter();
    const mode = core.getInput('mode').trim() || 'evaluate';
    if (mode !== 'evaluate' && mode !== 'monitor')
      throw new UserError(`input mode: expected evaluate or monitor, found "${mode}"`);
    if (mode === 'monitor') {
      const m = await monitor(
        {
          ...inputs,
          windowHours: optionalNumberInput('window'),
          reportsDir: core.getInput('reports-dir').trim() || undefined,
          concurrency: positiveIntInput('concurrency', 8)
        },
        reporter
      );
      core.setOutput('metrics', JSON.stringify(m.rows));
      core.setOutput('gates-passed', String(m.gates.every((g) => g.passed)));
      core.setOutput('report', m.reports.html);
      core.setOutput('evaluation-manifest', m.manifestFile);
      if (!m.passed) core.setFailed(monitorFailure(m));
      return;
    }
    const result = await evaluate(
      {
        ...inputs,
        manifest: core.getInput('run-manifest').trim() || undefined,
        gates: core.getInput('gates').trim() || undefined,
        baseline: core.getInput('baseline').trim() || undefined,
        maxRegression: optionalNumberInput('max-regression'),
        reportsDir: core.getInput('reports-dir').trim() || undefined,
        concurrency: positiveIntInput('concurrency', 8),
        mock: booleanInput('mock', false),
        llmCache: optionalBooleanInput('llm-cache'),
        links: workflowRunLinks()
      },
      reporter
    );
    core.setOutput('metrics', JSON.stringify(result.rows));
    core.setOutput('gates-passed', String(result.gatesPassed));
    core.setOutput('report', result.reports.html);
    core.setOutput('evaluation-manifest', result.manifestFile);
    core.setOutput('plan', JSON.stringify(result.plan));
    // The body is also written to a file, for a workflow that posts it from a job that runs no
    // use-case code (genaiops-pr.yml): the job that runs the flows then needs no write token.
    const marker = commentMarker(result.plan.useCase);
    const commentBody = renderCommentMarkdown(result.reportInput, { marker });
    const commentFile = path.join(path.dirname(result.reports.html), 'pr-comment.md');
    writeFileSync(commentFile, commentBody, 'utf8');
    core.setOutput('comment-file', commentFile);
    if (booleanInput('comment', true))
      await commentOnPullRequest({ marker, body: () => commentBody, reporter });
    if (!result.passed) {
      const failedGates = result.gates.filter((g) => !g.passed).length;
      const parts = [
        failedGates ? `${failedGates} of ${result.gates.length} metric gate(s) failed` : '',
        result.failedRuns.length ? `${result.failedRuns.length} evaluation run(s) did not complete` : ''
      ].filter(Boolean);
      core.setFailed(`${parts.join('; ')} (see the annotations and the job summary)`);
    }
  });
}

import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { ActionsReporter, readCommonInputs, runAction, upsertPullRequestComment } from '@genaiops/action-kit';
import {
  commentMarker,
  evaluate,
  renderCommentMarkdown,
  UserError,
  type EvaluateResult,
  type Reporter
} from '@genaiops/core';

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

function optionalNumber(name: string): number | undefined {
  const text = core.getInput(name).trim();
  if (!text) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0)
    throw new UserError(`input "${name}": expected a number ≥ 0 (e.g. 0.05), found "${text}"`);
  return n;
}

/** On pull_request(_target) events: one metrics comment per use-case, updated in place. */
async function comment(result: EvaluateResult, reporter: Reporter): Promise<void> {
  const event = process.env.GITHUB_EVENT_NAME;
  if (event !== 'pull_request' && event !== 'pull_request_target') return;
  if (!flag('comment', true)) return;
  const token = core.getInput('github-token');
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
  let number: number | undefined;
  try {
    const payload = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH ?? '', 'utf8')) as {
      pull_request?: { number?: number };
      number?: number;
    };
    number = payload.pull_request?.number ?? payload.number;
  } catch {
    number = undefined;
  }
  if (!token || !owner || !repo || !number) {
    reporter.warn('PR comment skipped: no github-token, repository or pull request number in this event');
    return;
  }
  const marker = commentMarker(result.plan.useCase);
  await upsertPullRequestComment({
    token,
    owner,
    repo,
    issueNumber: number,
    marker,
    body: renderCommentMarkdown(result.reportInput, { marker }),
    reporter
  });
}

// inputs → the evaluate stage → outputs (+ the PR comment); a missed gate fails the step, after the
// stage has annotated it (metric, value, threshold, run) at the gate in llmops_config.json.
await runAction(async () => {
  const inputs = readCommonInputs();
  const reporter = new ActionsReporter();
  const result = await evaluate(
    {
      useCase: inputs.useCase,
      env: inputs.env,
      backend: inputs.backend,
      target: inputs.target,
      manifest: core.getInput('run-manifest').trim() || undefined,
      gates: core.getInput('gates').trim() || undefined,
      baseline: core.getInput('baseline').trim() || undefined,
      maxRegression: optionalNumber('max-regression'),
      reportsDir: core.getInput('reports-dir').trim() || undefined,
      concurrency: positiveInt('concurrency', 8)
    },
    reporter
  );
  core.setOutput('metrics', JSON.stringify(result.rows));
  core.setOutput('gates-passed', String(result.gatesPassed));
  core.setOutput('report', result.reports.html);
  core.setOutput('evaluation-manifest', result.manifestFile);
  core.setOutput('plan', JSON.stringify(result.plan));
  await comment(result, reporter);
  if (!result.passed) {
    const failedGates = result.gates.filter((g) => !g.passed).length;
    const parts = [
      failedGates ? `${failedGates} of ${result.gates.length} metric gate(s) failed` : '',
      result.failedRuns.length ? `${result.failedRuns.length} evaluation run(s) did not complete` : ''
    ].filter(Boolean);
    core.setFailed(`${parts.join('; ')} (see the annotations and the job summary)`);
  }
});

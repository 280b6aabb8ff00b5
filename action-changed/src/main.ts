import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { ActionsReporter, booleanInput, runAction } from '@genaiops/action-kit';
import { changedInGit, eventBase, UserError } from '@genaiops/core';

/** The event's payload, as the runner writes it (GITHUB_EVENT_PATH); {} when there is none. */
function eventPayload(): unknown {
  const file = process.env.GITHUB_EVENT_PATH;
  if (!file) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`cannot read the event payload ${file}: ${(e as Error).message}`);
  }
}

// Internal action of genaiops-changed.yml: inputs → the use-cases changed in the workspace's git
// repository → the `use-cases` output (a JSON array) and the job summary. No build, no npm ci:
// the shared bundle (dist/index.js) calls this when node starts dist/changed.js.
export async function run(): Promise<void> {
  await runAction(async () => {
    const reporter = new ActionsReporter();
    const all = booleanInput('all', false);
    const base =
      core.getInput('base').trim() ||
      (all ? undefined : eventBase(process.env.GITHUB_EVENT_NAME ?? '', eventPayload()));
    const useCases = changedInGit(
      {
        base,
        head: core.getInput('head').trim() || 'HEAD',
        root: core.getMultilineInput('root'),
        shared: core.getMultilineInput('shared'),
        all
      },
      reporter
    );
    const json = JSON.stringify(useCases);
    core.setOutput('use-cases', json);
    core.info(`use-cases: ${json}`);
    reporter.summary({
      blocks: [
        { kind: 'heading', text: 'Use-cases to run' },
        { kind: 'text', text: { text: json, code: true } }
      ]
    });
  });
}

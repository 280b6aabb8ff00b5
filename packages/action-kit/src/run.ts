import path from 'node:path';
import * as core from '@actions/core';
import { isUserError } from '@genaiops/core';

/**
 * Runs an action's body. A user's mistake fails the step with its message only (no stack trace);
 * anything else is our bug and keeps its stack. The job summary is written either way.
 */
export async function runAction(body: () => Promise<void>): Promise<void> {
  try {
    announce();
    await body();
  } catch (e) {
    if (isUserError(e)) core.setFailed(e.message);
    else core.setFailed(`internal error (please report it): ${(e as Error)?.stack ?? e}`);
  } finally {
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.write().catch(() => undefined);
  }
}

/**
 * The step's first line, before any check or plan: which action runs on which use-case and
 * environment (the checks that follow can take a while on a large use-case).
 */
function announce(): void {
  // the shared bundle is started as dist/<action>.js
  const entry = path.basename(process.argv[1] ?? '', '.js');
  const action = /^[a-z-]+$/.test(entry) && entry !== 'index' ? ` ${entry}` : '';
  const useCase = core.getInput('use-case').trim();
  const env = core.getInput('env').trim();
  core.info(`genaiops${action}: ${[useCase, env].filter(Boolean).join(' · ') || 'starting'}`);
}

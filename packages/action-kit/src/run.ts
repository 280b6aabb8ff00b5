import * as core from '@actions/core';
import { isUserError } from '@genaiops/core';

/**
 * Runs an action's body. A user's mistake fails the step with its message only (no stack trace);
 * anything else is our bug and keeps its stack. The job summary is written either way.
 */
export async function runAction(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (isUserError(e)) core.setFailed(e.message);
    else core.setFailed(`internal error (please report it): ${(e as Error)?.stack ?? e}`);
  } finally {
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.write().catch(() => undefined);
  }
}

/**
 * Build ids: they name the runs of one workflow run. Apart from the stage context so that an action
 * that only passes one on (deploy, to its integration test) does not load the context's backends.
 */
import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';

/**
 * A build id when none is given: the workflow run id, else the time and a random part (a new id each
 * invocation: two experiments started in the same second in one folder must not share run names).
 */
export function defaultBuildId(environ: NodeJS.ProcessEnv): string {
  // a re-run of a workflow keeps its run id, so it reuses what the first attempt completed
  if (environ.GITHUB_RUN_ID) return environ.GITHUB_RUN_ID;
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  const time = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  return `${time}-${randomBytes(3).toString('hex')}`;
}

export function checkBuildId(buildId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(buildId))
    throw new UserError(`build id "${buildId}": expected 1–64 letters, digits, '-' or '_'`);
  return buildId;
}

// Release guard, run by action.yml next to it in the jobs of genaiops-dev.yml / genaiops-prod.yml
// that run in a GitHub Environment. Plain Node (no dependencies, no build): it runs before anything
// of the caller's repository, with the job's own token.
//
// 1. With GUARD_REQUIRE_REVIEWERS=true (prod), refuse (exit 1) unless, read through the REST API:
//    the Environment exists with a required-reviewers rule naming someone; its deployment branch
//    policy admits this ref (protected branches, or a custom branch/tag pattern); and the event is
//    one of GUARD_EVENTS. A misspelled Environment is created on the fly with no rules: this catches it.
// 2. With GUARD_CHECK_HEAD=true (CD), write current=false (and a notice) when this commit is no
//    longer the head of its branch, so an older push never deploys after a newer one.
// Env: GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_REF, GITHUB_SHA, GITHUB_EVENT_NAME, GITHUB_OUTPUT,
// GUARD_TOKEN (needs actions: read for the Environment, contents: read for the branch).
import { appendFileSync } from 'node:fs';

const env = process.env;
const api = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, '');
const repo = env.GITHUB_REPOSITORY ?? '';
const ref = env.GITHUB_REF ?? '';
const environment = env.GUARD_ENVIRONMENT ?? '';

class Refusal extends Error {}

async function get(path, { allow404 = false } = {}) {
  const res = await fetch(`${api}/repos/${repo}/${path}`, {
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${env.GUARD_TOKEN ?? ''}`,
      'x-github-api-version': '2022-11-28'
    }
  });
  if (allow404 && res.status === 404) return undefined;
  if (!res.ok)
    throw new Refusal(
      `GET /repos/${repo}/${path} answered ${res.status}` +
        (res.status === 403 || res.status === 404 ? ' (does the job grant actions: read?)' : '')
    );
  return res.json();
}

/** A deployment branch policy pattern (File.fnmatch with FNM_PATHNAME: `*` stays within one name). */
function patternMatches(pattern, name) {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(name);
}

async function checkEnvironment() {
  const events = (env.GUARD_EVENTS || 'push workflow_dispatch').split(/[\s,]+/).filter(Boolean);
  if (!events.includes(env.GITHUB_EVENT_NAME ?? ''))
    throw new Refusal(
      `event "${env.GITHUB_EVENT_NAME}" may not deploy to "${environment}" (allowed: ${events.join(', ')})`
    );
  const m = /^refs\/(heads|tags)\/(.+)$/.exec(ref);
  if (!m)
    throw new Refusal(`ref "${ref}" is neither a branch nor a tag: it may not deploy to "${environment}"`);
  const [kind, name] = [m[1] === 'heads' ? 'branch' : 'tag', m[2]];

  const e = await get(`environments/${encodeURIComponent(environment)}`, { allow404: true });
  if (!e) throw new Refusal(`the GitHub Environment "${environment}" does not exist`);
  const problems = [];
  const reviewers = (e.protection_rules ?? []).find((r) => r.type === 'required_reviewers');
  if (!reviewers || !(reviewers.reviewers ?? []).length)
    problems.push('it has no required reviewers (Settings → Environments → Required reviewers)');
  const policy = e.deployment_branch_policy;
  if (!policy) problems.push('every branch may deploy to it (set its deployment branches and tags)');
  else if (policy.protected_branches) {
    const b =
      kind === 'branch' ? await get(`branches/${encodeURIComponent(name)}`, { allow404: true }) : undefined;
    if (!b?.protected) problems.push(`${kind} "${name}" is not a protected branch, the only kind it admits`);
  } else if (policy.custom_branch_policies) {
    const list = await get(
      `environments/${encodeURIComponent(environment)}/deployment-branch-policies?per_page=100`
    );
    const admitted = (list.branch_policies ?? []).some(
      (p) => (p.type ?? 'branch') === kind && patternMatches(p.name, name)
    );
    if (!admitted) problems.push(`its deployment branch and tag rules do not admit ${kind} "${name}"`);
  }
  if (problems.length)
    throw new Refusal(`refusing to run in the GitHub Environment "${environment}": ${problems.join('; ')}`);
  if (e.can_admins_bypass) console.log(`::warning::Administrators can bypass the rules of "${environment}".`);
  console.log(`GitHub Environment "${environment}": required reviewers, and ${kind} "${name}" admitted.`);
}

async function isHead() {
  const m = /^refs\/heads\/(.+)$/.exec(ref);
  if (!m) return true; // a tag or a manual ref: nothing newer to yield to
  const head = await get(`git/ref/heads/${m[1].split('/').map(encodeURIComponent).join('/')}`, {
    allow404: true
  });
  if (head?.object?.sha === env.GITHUB_SHA) return true;
  console.log(
    `::notice::Skipping the deployment: ${env.GITHUB_SHA} is no longer the head of ${m[1]}` +
      (head ? ` (now ${head.object.sha}); the run of the newer commit deploys.` : ' (the branch is gone).')
  );
  return false;
}

try {
  if (env.GUARD_REQUIRE_REVIEWERS === 'true') await checkEnvironment();
  const current = env.GUARD_CHECK_HEAD === 'true' ? await isHead() : true;
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `current=${current}\n`);
} catch (e) {
  if (!(e instanceof Refusal)) throw e;
  console.log(`::error::${e.message}`);
  process.exitCode = 1;
}

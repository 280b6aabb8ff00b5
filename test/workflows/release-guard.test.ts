// The release guard (.github/actions/release-guard/release-guard.mjs) against a loopback GitHub API:
// it refuses an Environment without required reviewers or whose branch rules do not admit the ref,
// and tells a deploy job whether its commit is still the head of its branch.
import path from 'node:path';
import { repoRoot } from './helpers.js';
import { runScript, startFakeGitHub, type FakeGitHub, type Route } from './github-api.js';

const script = path.join(repoRoot, '.github/actions/release-guard/release-guard.mjs');
const SHA = 'a'.repeat(40);
const NEWER = 'b'.repeat(40);

/** GET /repos/{owner}/{repo}/environments/{name}, as GitHub answers it. */
const environment = (over: Record<string, unknown> = {}) => ({
  id: 161088068,
  name: 'prod',
  can_admins_bypass: false,
  protection_rules: [
    {
      id: 3736,
      type: 'required_reviewers',
      prevent_self_review: true,
      reviewers: [{ type: 'Team', reviewer: { id: 1, slug: 'release' } }]
    },
    { id: 3755, type: 'branch_policy' }
  ],
  deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
  ...over
});
const policies = (...list: Array<[string, 'branch' | 'tag']>) => ({
  total_count: list.length,
  branch_policies: list.map(([name, type], i) => ({ id: i + 1, node_id: `N${i}`, name, type }))
});

interface World {
  env?: unknown;
  policies?: unknown;
  branches?: Record<string, { protected: boolean }>;
  heads?: Record<string, string>;
}
const routes =
  (world: World): Route =>
  ({ url }) => {
    const u = new URL(url, 'http://x');
    let m = /^\/repos\/octo\/app\/environments\/([^/]+)$/.exec(u.pathname);
    if (m) return world.env && decodeURIComponent(m[1]) === 'prod' ? { body: world.env } : undefined;
    if (/^\/repos\/octo\/app\/environments\/prod\/deployment-branch-policies$/.test(u.pathname))
      return { body: world.policies ?? policies() };
    m = /^\/repos\/octo\/app\/branches\/(.+)$/.exec(u.pathname);
    if (m) {
      const b = world.branches?.[decodeURIComponent(m[1])];
      return b ? { body: { name: m[1], protected: b.protected } } : undefined;
    }
    m = /^\/repos\/octo\/app\/git\/ref\/heads\/(.+)$/.exec(u.pathname);
    if (m) {
      const sha = world.heads?.[decodeURIComponent(m[1])];
      return sha ? { body: { ref: `refs/heads/${m[1]}`, object: { type: 'commit', sha } } } : undefined;
    }
    return undefined;
  };

let gh: FakeGitHub | undefined;
afterEach(async () => gh?.close());

async function guard(world: World, env: Record<string, string>) {
  gh = await startFakeGitHub(routes(world));
  return runScript(script, {
    GITHUB_API_URL: gh.url,
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_REF: 'refs/heads/release/2026.1',
    GITHUB_SHA: SHA,
    GITHUB_EVENT_NAME: 'push',
    GUARD_TOKEN: 'ghs_job_token',
    GUARD_ENVIRONMENT: 'prod',
    GUARD_REQUIRE_REVIEWERS: 'true',
    ...env
  });
}

test('admits a run when the Environment requires reviewers and its rules admit the branch', async () => {
  const r = await guard(
    { env: environment(), policies: policies(['release/*', 'branch'], ['v*', 'tag']) },
    {}
  );
  expect(r.stdout).not.toContain('::error');
  expect(r.code).toBe(0);
  expect(r.outputs.current).toBe('true');
  expect(gh!.calls.map((c) => c.url)).toEqual([
    '/repos/octo/app/environments/prod',
    '/repos/octo/app/environments/prod/deployment-branch-policies?per_page=100'
  ]);
  expect(gh!.calls.every((c) => c.authorization === 'Bearer ghs_job_token')).toBe(true);
});

test.each<[string, World, Record<string, string>, RegExp]>([
  ['no Environment', {}, {}, /"prod" does not exist/],
  [
    'an Environment created on the fly (no rules)',
    { env: environment({ protection_rules: [], deployment_branch_policy: null }) },
    {},
    /no required reviewers.*every branch may deploy/
  ],
  [
    'a reviewers rule naming nobody',
    {
      env: environment({ protection_rules: [{ id: 1, type: 'required_reviewers', reviewers: [] }] }),
      policies: policies(['release/*', 'branch'])
    },
    {},
    /no required reviewers/
  ],
  [
    'a branch its rules do not admit',
    { env: environment(), policies: policies(['main', 'branch']) },
    {},
    /do not admit branch "release\/2026\.1"/
  ],
  [
    '`*` stays within one name',
    { env: environment(), policies: policies(['release/*', 'branch']) },
    { GITHUB_REF: 'refs/heads/release/a/b' },
    /do not admit branch "release\/a\/b"/
  ],
  [
    'a tag rule does not admit a branch',
    { env: environment(), policies: policies(['release/*', 'tag']) },
    {},
    /do not admit branch/
  ],
  [
    'protected branches only, and this one is not',
    {
      env: environment({
        deployment_branch_policy: { protected_branches: true, custom_branch_policies: false }
      }),
      branches: { 'release/2026.1': { protected: false } }
    },
    {},
    /not a protected branch/
  ],
  [
    'a pull_request event',
    { env: environment() },
    { GITHUB_EVENT_NAME: 'pull_request' },
    /event "pull_request" may not deploy/
  ],
  ['a merge ref', { env: environment() }, { GITHUB_REF: 'refs/pull/7/merge' }, /neither a branch nor a tag/]
])('refuses %s', async (_name, world, env, message) => {
  const r = await guard(world, env);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/::error::refusing to run in the GitHub Environment "prod"|::error::/);
  expect(r.stdout).toMatch(message);
  expect(r.outputs.current).toBeUndefined();
});

test('admits a protected branch, and a tag its rules name; warns when admins can bypass', async () => {
  const protectedOnly = environment({
    deployment_branch_policy: { protected_branches: true, custom_branch_policies: false }
  });
  let r = await guard({ env: protectedOnly, branches: { 'release/2026.1': { protected: true } } }, {});
  expect([r.code, r.outputs.current]).toEqual([0, 'true']);
  await gh!.close();
  r = await guard(
    { env: environment({ can_admins_bypass: true }), policies: policies(['v*.*.*', 'tag']) },
    { GITHUB_REF: 'refs/tags/v1.2.3' }
  );
  expect([r.code, r.outputs.current]).toEqual([0, 'true']);
  expect(r.stdout).toContain('::warning::Administrators can bypass the rules of "prod".');
});

test('without require-reviewers (dev) it reads nothing of the Environment', async () => {
  const r = await guard({}, { GUARD_REQUIRE_REVIEWERS: 'false' });
  expect([r.code, r.outputs.current, gh!.calls]).toEqual([0, 'true', []]);
});

test.each<[string, Record<string, string>, string | undefined, string, RegExp | null]>([
  ['still the head', {}, SHA, 'true', null],
  [
    'a newer commit is the head',
    {},
    NEWER,
    'false',
    new RegExp(`::notice::Skipping the deployment: ${SHA} is no longer the head of main \\(now ${NEWER}\\)`)
  ],
  ['the branch is gone', {}, undefined, 'false', /the branch is gone/],
  ['a tag (nothing newer to yield to)', { GITHUB_REF: 'refs/tags/v1' }, NEWER, 'true', null]
])('head check: %s', async (_name, env, head, current, notice) => {
  const r = await guard(
    { heads: head ? { main: head } : {} },
    { GUARD_REQUIRE_REVIEWERS: 'false', GUARD_CHECK_HEAD: 'true', GITHUB_REF: 'refs/heads/main', ...env }
  );
  expect(r.code).toBe(0);
  expect(r.outputs.current).toBe(current);
  if (notice) expect(r.stdout).toMatch(notice);
  else expect(r.stdout).not.toContain('::notice');
});

// The comment job's script (.github/actions/post-comment/post-comment.mjs) against a loopback GitHub
// API: it posts the file once, then updates that comment in place, for the pull request of its own
// event, and refuses a file that is not a GenAIOps comment.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commentMarker } from '../../packages/core/src/report/model.js';
import { repoRoot } from './helpers.js';
import { runScript, startFakeGitHub, type ApiCall, type FakeGitHub } from './github-api.js';

const script = path.join(repoRoot, '.github/actions/post-comment/post-comment.mjs');
const MARKER = '<!-- genaiops:use-cases/ner -->';

interface Comment {
  id: number;
  body: string;
  user: { login: string; type: string };
  html_url: string;
}
let gh: FakeGitHub;
let comments: Comment[];
beforeEach(async () => {
  // Someone else's comment with our marker, and 120 others: the script must page, and skip non-bots.
  comments = [
    {
      id: 1,
      body: `${MARKER}\nquoted by a person`,
      user: { login: 'octocat', type: 'User' },
      html_url: 'u1'
    },
    ...Array.from({ length: 120 }, (_, i) => ({
      id: 10 + i,
      body: `chatter ${i}`,
      user: { login: 'octocat', type: 'User' },
      html_url: `u${10 + i}`
    }))
  ];
  gh = await startFakeGitHub(({ method, url, body }: ApiCall) => {
    const u = new URL(url, 'http://x');
    if (method === 'GET' && u.pathname === '/repos/octo/app/issues/7/comments') {
      const [page, per] = [
        Number(u.searchParams.get('page') ?? 1),
        Number(u.searchParams.get('per_page') ?? 30)
      ];
      return { body: comments.slice((page - 1) * per, page * per) };
    }
    if (method === 'POST' && u.pathname === '/repos/octo/app/issues/7/comments') {
      const c = {
        id: 500,
        body: (body as { body: string }).body,
        user: { login: 'github-actions[bot]', type: 'Bot' },
        html_url: 'https://github.test/octo/app/pull/7#issuecomment-500'
      };
      comments.push(c);
      return { status: 201, body: c };
    }
    const m = /^\/repos\/octo\/app\/issues\/comments\/(\d+)$/.exec(u.pathname);
    if (method === 'PATCH' && m) {
      const c = comments.find((x) => x.id === Number(m[1]))!;
      c.body = (body as { body: string }).body;
      return { body: c };
    }
    return undefined;
  });
});
afterEach(() => gh.close());

function post(text: string, event: unknown = { pull_request: { number: 7 } }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'comment-'));
  const file = path.join(dir, 'pr-comment.md');
  writeFileSync(file, text);
  return runScript(
    script,
    {
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: 'octo/app',
      COMMENT_FILE: file,
      GITHUB_TOKEN_FOR_COMMENT: 'ghs_pr'
    },
    event
  );
}

test('posts once, then updates its own comment in place', async () => {
  const first = await post(`${MARKER}\n| metric | value |\n|---|---|\n| f1 | 0.8 |\n`);
  expect(first.stdout).not.toContain('::error');
  expect(first.code).toBe(0);
  expect(first.stdout).toContain(
    'Posted the metrics comment: https://github.test/octo/app/pull/7#issuecomment-500'
  );
  const second = await post(`${MARKER}\n| f1 | 0.9 |\n`);
  expect(second.code).toBe(0);
  expect(second.stdout).toContain('Updated the metrics comment');
  expect(comments.filter((c) => c.body.startsWith(MARKER)).map((c) => [c.id, c.body])).toEqual([
    [1, `${MARKER}\nquoted by a person`],
    [500, `${MARKER}\n| f1 | 0.9 |\n`]
  ]);
  expect(gh.calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.url}`)).toEqual([
    'POST /repos/octo/app/issues/7/comments',
    'PATCH /repos/octo/app/issues/comments/500'
  ]);
  expect(gh.calls.every((c) => c.authorization === 'Bearer ghs_pr')).toBe(true);
});

test('a body over GitHub’s limit is cut, not refused', async () => {
  const r = await post(`${MARKER}\n${'x'.repeat(70_000)}\n`);
  expect(r.code).toBe(0);
  const posted = (gh.calls.find((c) => c.method === 'POST')!.body as { body: string }).body;
  expect(posted.length).toBeLessThanOrEqual(65_536);
  expect(posted).toMatch(/^<!-- genaiops:use-cases\/ner -->\n/);
  expect(posted).toContain('(cut: see the reports artifact)');
});

test.each<[string, string, unknown, RegExp]>([
  ['a file without our marker', 'hello\n', undefined, /the first line is not a GenAIOps comment marker/],
  [
    'a marker that closes early',
    '<!-- genaiops:x --> @everyone -->\n',
    undefined,
    /not a GenAIOps comment marker/
  ],
  ['an event without a pull request', `${MARKER}\n`, { push: {} }, /no pull request in this event/]
])('refuses %s, calling nothing', async (_n, text, event, message) => {
  const r = await post(text, event);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(message);
  expect(gh.calls).toEqual([]);
});

test.each(['use-cases/ner', 'use-cases/weird name--x', 'uc/<script>'])(
  'accepts the marker the evaluate action writes for %j',
  async (useCase) => {
    const r = await post(`${commentMarker(useCase)}\nbody\n`);
    expect(r.stdout).not.toContain('::error');
    expect(r.code).toBe(0);
  }
);

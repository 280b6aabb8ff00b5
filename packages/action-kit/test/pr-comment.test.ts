import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryReporter } from '../../core/src/reporter.js';
import { upsertPullRequestComment } from '../src/pr-comment.js';

interface Recorded {
  method: string;
  path: string;
  auth?: string;
  body?: any;
}

/** A loopback stand-in for the GitHub REST API's issue-comment endpoints. */
async function fakeGitHub(opts: { perPage?: number; deny?: 'all' | 'write'; status?: number } = {}) {
  const comments: { id: number; body: string; html_url: string; user: { login: string } }[] = [];
  const requests: Recorded[] = [];
  let nextId = 1000;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://localhost');
      const rec: Recorded = {
        method: req.method!,
        path: url.pathname + url.search,
        auth: req.headers.authorization
      };
      if (raw) rec.body = JSON.parse(raw);
      requests.push(rec);
      const send = (code: number, value: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(code, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(value));
      };
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const write = req.method !== 'GET';
      if (opts.status) return send(opts.status, { message: 'Server Error' });
      if (opts.deny === 'all' || (opts.deny === 'write' && write))
        return send(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
          status: '403'
        });
      let m = url.pathname.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/);
      if (m && req.method === 'GET') {
        const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), opts.perPage ?? 100);
        const page = Number(url.searchParams.get('page') ?? 1);
        const last = Math.max(1, Math.ceil(comments.length / perPage));
        const links: string[] = [];
        const link = (p: number, rel: string) =>
          `<${base}${url.pathname}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
        if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
        if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
        return send(
          200,
          comments.slice((page - 1) * perPage, page * perPage),
          links.length ? { link: links.join(', ') } : {}
        );
      }
      if (m && req.method === 'POST') {
        const c = {
          id: nextId++,
          body: rec.body.body,
          html_url: `https://github.com/${m[1]}/${m[2]}/pull/${m[3]}#issuecomment-${nextId - 1}`,
          user: { login: 'github-actions[bot]' }
        };
        comments.push(c);
        return send(201, c);
      }
      m = url.pathname.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/);
      if (m && req.method === 'PATCH') {
        const c = comments.find((x) => x.id === Number(m![3]));
        if (!c) return send(404, { message: 'Not Found' });
        c.body = rec.body.body;
        return send(200, c);
      }
      send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl,
    comments,
    requests,
    addComment: (body: string) =>
      comments.push({
        id: nextId++,
        body,
        html_url: `https://github.com/o/r/pull/7#issuecomment-${nextId - 1}`,
        user: { login: 'someone' }
      }),
    close: () => new Promise<void>((r) => server.close(() => r()))
  };
}

const marker = '<!-- genaiops:ner -->';
const base = (apiUrl: string, reporter = new MemoryReporter()) => ({
  token: 'ghs_test',
  owner: 'o',
  repo: 'r',
  issueNumber: 7,
  marker,
  apiUrl,
  reporter
});

describe('upsertPullRequestComment', () => {
  test('first call creates, second updates the same comment in place', async () => {
    const gh = await fakeGitHub();
    try {
      gh.addComment('LGTM');
      const first = await upsertPullRequestComment({ ...base(gh.apiUrl), body: `${marker}\nrun 1` });
      expect(first).toMatchObject({ action: 'created', id: 1001 });
      const second = await upsertPullRequestComment({ ...base(gh.apiUrl), body: `${marker}\nrun 2` });
      expect(second).toMatchObject({ action: 'updated', id: 1001 });
      expect(gh.comments.map((c) => c.body)).toEqual(['LGTM', `${marker}\nrun 2`]);
      expect(gh.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /repos/o/r/issues/7/comments?per_page=100',
        'POST /repos/o/r/issues/7/comments',
        'GET /repos/o/r/issues/7/comments?per_page=100',
        'PATCH /repos/o/r/issues/comments/1001'
      ]);
      expect(gh.requests[0].auth).toBe('token ghs_test');
      // same body again: nothing written
      const third = await upsertPullRequestComment({ ...base(gh.apiUrl), body: `${marker}\nrun 2` });
      expect(third).toMatchObject({ action: 'unchanged', id: 1001 });
      expect(gh.requests).toHaveLength(5);
    } finally {
      await gh.close();
    }
  });

  test('the marker is added when the body lacks it', async () => {
    const gh = await fakeGitHub();
    try {
      await upsertPullRequestComment({ ...base(gh.apiUrl), body: 'hello' });
      expect(gh.comments[0].body).toBe(`${marker}\nhello`);
    } finally {
      await gh.close();
    }
  });

  test('follows Link pagination to find the comment on page 2', async () => {
    const gh = await fakeGitHub({ perPage: 2 });
    try {
      gh.addComment('one');
      gh.addComment('two mentions <!-- genaiops:other -->');
      gh.addComment(`${marker}\nold`);
      gh.addComment('four');
      const res = await upsertPullRequestComment({ ...base(gh.apiUrl), body: `${marker}\nnew` });
      expect(res).toMatchObject({ action: 'updated', id: 1002 });
      expect(gh.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /repos/o/r/issues/7/comments?per_page=100',
        'GET /repos/o/r/issues/7/comments?per_page=2&page=2',
        'PATCH /repos/o/r/issues/comments/1002'
      ]);
      expect(gh.comments.map((c) => c.body)).toEqual([
        'one',
        'two mentions <!-- genaiops:other -->',
        `${marker}\nnew`,
        'four'
      ]);
    } finally {
      await gh.close();
    }
  });

  test('403 (read-only token of a fork PR) → skipped with a notice, no throw', async () => {
    const gh = await fakeGitHub({ deny: 'write' });
    try {
      const reporter = new MemoryReporter();
      const res = await upsertPullRequestComment({ ...base(gh.apiUrl, reporter), body: 'x' });
      expect(res.action).toBe('skipped');
      expect(res.reason).toContain('HTTP 403: Resource not accessible by integration');
      expect(reporter.lines.join('\n')).toMatch(
        /Notice: PR comment skipped: the token may not comment on o\/r#7/
      );
      expect(reporter.warnings).toEqual([]);
      expect(gh.comments).toEqual([]);
    } finally {
      await gh.close();
    }
  });

  test('403 on listing → skipped too; 500 → a warning, no throw', async () => {
    let gh = await fakeGitHub({ deny: 'all' });
    try {
      expect((await upsertPullRequestComment({ ...base(gh.apiUrl), body: 'x' })).action).toBe('skipped');
    } finally {
      await gh.close();
    }
    gh = await fakeGitHub({ status: 500 });
    try {
      const reporter = new MemoryReporter();
      const res = await upsertPullRequestComment({ ...base(gh.apiUrl, reporter), body: 'x' });
      expect(res.action).toBe('failed');
      expect(reporter.warnings[0]).toMatch(
        /PR comment not written: could not list the comments of o\/r#7: HTTP 500/
      );
    } finally {
      await gh.close();
    }
  });
});

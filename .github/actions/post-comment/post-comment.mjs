// Posts (or updates in place) the metrics comment that the evaluate job of genaiops-pr.yml wrote
// to a file. It runs in a job of its own, the only one holding pull-requests: write, which runs
// none of the pull request's code: the file is data to it, checked before it is posted.
// Env: COMMENT_FILE, GITHUB_TOKEN_FOR_COMMENT, GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_EVENT_PATH.
import { readFileSync } from 'node:fs';

const env = process.env;
const api = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, '');
const repo = env.GITHUB_REPOSITORY ?? '';
const MARKER = /^<!-- genaiops:[A-Za-z0-9_.:/-]+ -->$/;
const LIMIT = 65536; // GitHub's limit on a comment body, in characters

async function call(method, path, body) {
  const res = await fetch(`${api}/repos/${repo}/${path}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${env.GITHUB_TOKEN_FOR_COMMENT ?? ''}`,
      'content-type': 'application/json',
      'x-github-api-version': '2022-11-28'
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  if (!res.ok) throw new Error(`${method} /repos/${repo}/${path} answered ${res.status}`);
  return res.json();
}

function fail(message) {
  console.log(`::error::${message}`);
  process.exit(1);
}

// The pull request comes from this job's own event, never from the file.
const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH ?? '', 'utf8'));
const number = event.pull_request?.number;
if (!Number.isInteger(number)) fail('no pull request in this event: nothing to comment on');

let body = readFileSync(env.COMMENT_FILE ?? '', 'utf8');
const marker = body.split('\n', 1)[0].trim();
if (!MARKER.test(marker)) fail(`${env.COMMENT_FILE}: the first line is not a GenAIOps comment marker`);
if (body.length > LIMIT) body = `${body.slice(0, LIMIT - 200)}\n\n… (cut: see the reports artifact)\n`;

let existing;
for (let page = 1; !existing; page++) {
  const list = await call('GET', `issues/${number}/comments?per_page=100&page=${page}`);
  existing = list.find((c) => c.user?.type === 'Bot' && c.body?.split('\n', 1)[0].trim() === marker);
  if (list.length < 100) break;
}
const posted = existing
  ? await call('PATCH', `issues/comments/${existing.id}`, { body })
  : await call('POST', `issues/${number}/comments`, { body });
console.log(`${existing ? 'Updated' : 'Posted'} the metrics comment: ${posted.html_url}`);

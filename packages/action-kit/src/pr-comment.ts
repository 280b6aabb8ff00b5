import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import type { Reporter } from '@genaiops/core';

export interface UpsertCommentOptions {
  /** GITHUB_TOKEN or a PAT; needs `pull-requests: write` (or `issues: write`). */
  token: string;
  owner: string;
  repo: string;
  /** The pull request's number (PR comments are issue comments). */
  issueNumber: number;
  /** Invisible text that identifies our comment, e.g. `<!-- genaiops:<use-case> -->`. */
  marker: string;
  /** The comment body; the marker is put in front when the body does not contain it. */
  body: string;
  /** REST API root; default `GITHUB_API_URL` or https://api.github.com. */
  apiUrl?: string;
  reporter: Reporter;
}

export interface UpsertCommentResult {
  /**
   * `created`/`updated`: done; `unchanged`: the comment already had this body; `skipped`: the
   * token may not comment (fork PRs); `failed`: another error (reported as a warning).
   */
  action: 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed';
  id?: number;
  url?: string;
  /** Why it was skipped or failed. */
  reason?: string;
}

interface Comment {
  id: number;
  body?: string | null;
  html_url: string;
}

const status = (e: unknown): number | undefined =>
  typeof (e as { status?: unknown })?.status === 'number' ? (e as { status: number }).status : undefined;

/**
 * Creates or updates the pull request's comment that carries `marker`, so each use-case has one
 * comment that every push rewrites in place. Looks through all the PR's comments (paginated) for
 * one whose body starts with the marker (else one that contains it), PATCHes it, or POSTs a new one.
 *
 * Never fails the step: without permission (403, or 404 as a fork PR's read-only token gets) it
 * reports a notice and returns `skipped`; any other error is a warning and returns `failed`.
 */
export async function upsertPullRequestComment(opts: UpsertCommentOptions): Promise<UpsertCommentResult> {
  const { owner, repo, issueNumber: issue_number, marker, reporter } = opts;
  const body = opts.body.includes(marker) ? opts.body : `${marker}\n${opts.body}`;
  const baseUrl = (opts.apiUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  // Imported here, not at the top: every action bundles action-kit, only the PR path comments, and
  // evaluating @actions/github (Octokit and its REST endpoint table) costs every action's start-up
  // ~50 ms of CPU (bench/b6-action-start.mjs). ncc puts it in a chunk of its own.
  const { getOctokit } = await import('@actions/github');
  const octokit = getOctokit(opts.token, { baseUrl });
  const where = `${owner}/${repo}#${issue_number}`;
  let step = 'list the comments of';
  try {
    let found: Comment | undefined;
    let contains: Comment | undefined;
    const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number,
      per_page: 100
    });
    outer: for await (const page of pages) {
      for (const c of page.data as Comment[]) {
        const text = c.body ?? '';
        if (text.trimStart().startsWith(marker)) {
          found = c;
          break outer;
        }
        if (!contains && text.includes(marker)) contains = c;
      }
    }
    found ??= contains;
    if (found) {
      if (found.body === body) {
        reporter.info(`PR comment ${found.html_url} is up to date`);
        return { action: 'unchanged', id: found.id, url: found.html_url };
      }
      step = 'update the comment on';
      const res = await octokit.rest.issues.updateComment({ owner, repo, comment_id: found.id, body });
      reporter.info(`updated PR comment ${res.data.html_url}`);
      return { action: 'updated', id: res.data.id, url: res.data.html_url };
    }
    step = 'comment on';
    const res = await octokit.rest.issues.createComment({ owner, repo, issue_number, body });
    reporter.info(`created PR comment ${res.data.html_url}`);
    return { action: 'created', id: res.data.id, url: res.data.html_url };
  } catch (e) {
    const code = status(e);
    const message = (e as Error)?.message ?? String(e);
    if (code === 403 || code === 404) {
      const reason = `the token may not ${step} ${where} (HTTP ${code}: ${message})`;
      reporter.info(
        `Notice: PR comment skipped: ${reason}. Pull requests from forks get a read-only token; ` +
          'otherwise give the job `permissions: pull-requests: write`. The job summary has the same report.'
      );
      return { action: 'skipped', reason };
    }
    const reason = `could not ${step} ${where}: ${code ? `HTTP ${code}: ` : ''}${message}`;
    reporter.warn(`PR comment not written: ${reason}`);
    return { action: 'failed', reason };
  }
}

/**
 * On pull_request(_target) events, posts or updates the use-case's comment (`body` gets the marker
 * to carry); on any other event does nothing. Reads the token from the `github-token` input.
 */
export async function commentOnPullRequest(opts: {
  marker: string;
  body: (marker: string) => string;
  reporter: Reporter;
}): Promise<UpsertCommentResult | undefined> {
  const event = process.env.GITHUB_EVENT_NAME;
  if (event !== 'pull_request' && event !== 'pull_request_target') return undefined;
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
    opts.reporter.warn(
      'PR comment skipped: no github-token, repository or pull request number in this event'
    );
    return undefined;
  }
  return upsertPullRequestComment({
    token,
    owner,
    repo,
    issueNumber: number,
    marker: opts.marker,
    body: opts.body(opts.marker),
    reporter: opts.reporter
  });
}

/**
 * Links to this workflow run and to its artifacts (the reports are uploaded after the evaluate step,
 * so the artifact's own id is not known yet: the run page's artifacts list it).
 */
export function workflowRunLinks(env: NodeJS.ProcessEnv = process.env): { run?: string; artifact?: string } {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env;
  if (!server || !repo || !id) return {};
  const run = `${server.replace(/\/+$/, '')}/${repo}/actions/runs/${id}`;
  return { run, artifact: `${run}#artifacts` };
}

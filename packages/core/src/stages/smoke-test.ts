/**
 * The smoke-test stage: the use-case's sample request to the deployed endpoint (or one of its
 * deployments), checked: status 200, a JSON object, every declared flow output present, optional
 * expected values; optionally N requests with p50/p95 latency. Deploy runs the same check against
 * the new deployment alone before it gets traffic.
 */
import { percentile } from '../util/percentile.js';
import { retry, sleep } from '../util/retry.js';
import { checkExpected, matchExpected } from './expected-match.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { UseCase } from '../config/model.js';
import { UserError } from '../errors.js';
import { loadFlow } from '../flow/load.js';
import type { EnvironmentPlan } from '../plan/plan.js';
import type { Block, Summary } from '../summary.js';
import type { Reporter } from '../reporter.js';
import { openStage, type EndpointTarget, type ScoringResponse, type TargetStageOptions } from './targets.js';

export interface SmokeRetry {
  /** Attempts of the first request while the endpoint is not ready (default 8). */
  attempts: number;
  /** First wait (default 500 ms), doubled each time up to `maxDelayMs` (default 8000 ms). */
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_SMOKE_RETRY: SmokeRetry = { attempts: 8, initialDelayMs: 500, maxDelayMs: 8000 };

export interface SmokeCheckOptions {
  /** One deployment only (deployment header); default: the endpoint's traffic split. */
  deployment?: string;
  /** The request body (flow inputs). */
  body: unknown;
  /** Flow outputs every answer must have. */
  outputs: string[];
  /** Output values the answer must have (see expected-match.ts: equal, $contains, $regex, JSON subset). */
  expected?: Record<string, unknown>;
  /** Requests to send (default 1); latency percentiles when more than one. */
  requests?: number;
  /** Requests in flight at once after the first (default 1). */
  concurrency?: number;
  retry?: Partial<SmokeRetry>;
  timeoutMs?: number;
  /** For tests: the wait between retries. */
  sleep?: (ms: number) => Promise<void>;
}

export interface SmokeCheckResult {
  passed: boolean;
  /** What went wrong, one line each (empty when passed). */
  failures: string[];
  /** Requests asked for. */
  requests: number;
  /** Requests sent: fewer than asked when the first one failed (the rest are not sent). */
  sent: number;
  succeeded: number;
  p50Ms?: number;
  p95Ms?: number;
  /** The first answer's body. */
  response?: unknown;
  /** Deployments that answered, with counts. */
  answeredBy: Record<string, number>;
}

/** Statuses that mean "not ready yet" (retried on the first request), besides network errors. */
const NOT_READY = new Set([404, 408, 429, 502, 503, 504]);

/** Sends the request(s) and checks the answers. Never throws for a failed check. */
export async function checkScoring(
  endpoints: EndpointTarget,
  endpoint: string,
  opts: SmokeCheckOptions,
  reporter: Reporter
): Promise<SmokeCheckResult> {
  const policy = { ...DEFAULT_SMOKE_RETRY, ...opts.retry };
  const wait = opts.sleep ?? ((ms: number) => sleep(ms));
  const total = Math.max(1, opts.requests ?? 1);
  const failures: string[] = [];
  const latencies: number[] = [];
  const answeredBy: Record<string, number> = {};
  const target = opts.deployment ? `deployment ${endpoint}/${opts.deployment}` : `endpoint ${endpoint}`;
  let succeeded = 0;
  let sent = 0;
  let firstBody: unknown;

  const send = () =>
    endpoints.scoringRequest(endpoint, {
      deployment: opts.deployment,
      body: opts.body,
      timeoutMs: opts.timeoutMs
    });
  const record = (i: number, res: ScoringResponse) => {
    sent++;
    if (i === 0) firstBody = res.body;
    if (res.deployment) answeredBy[res.deployment] = (answeredBy[res.deployment] ?? 0) + 1;
    const problems = checkResponse(res, opts.outputs, opts.expected);
    if (problems.length) failures.push(`request ${i + 1}: ${problems.join('; ')}`);
    else {
      succeeded++;
      latencies.push(res.latencyMs);
    }
  };

  // the first request: retried (bounded, with backoff) while the endpoint is not ready
  let why = '';
  let attempts = 0;
  let first: ScoringResponse | undefined;
  try {
    first = await retry(
      async (attempt) => {
        attempts = attempt;
        let r: ScoringResponse;
        try {
          r = await send();
        } catch (e) {
          why = describeNetworkError(e);
          throw e;
        }
        why = `HTTP ${r.status}${errorText(r)}`;
        if (NOT_READY.has(r.status)) throw new Error(why);
        return r;
      },
      {
        maxAttempts: policy.attempts,
        backoff: { initialMs: policy.initialDelayMs, maxMs: policy.maxDelayMs },
        sleep: wait,
        onRetry: ({ attempt, delayMs }) =>
          reporter.info(
            `${target} not ready (${why}); retrying in ${Math.round(delayMs)} ms (attempt ${attempt}/${policy.attempts})`
          )
      }
    );
  } catch {
    sent++;
    failures.push(`request 1: ${target} not ready after ${attempts} attempt(s): ${why}`);
  }
  if (first) record(0, first);

  if (total > 1 && failures.length === 0) {
    let next = 1;
    const worker = async () => {
      while (next < total) {
        const i = next++;
        try {
          record(i, await send());
        } catch (e) {
          sent++;
          failures.push(`request ${i + 1}: ${describeNetworkError(e)}`);
        }
        reporter.progress(`smoke test ${target}`, i + 1, total);
      }
    };
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 1, total - 1)) }, worker)
    );
  }

  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    passed: failures.length === 0,
    failures,
    requests: total,
    sent,
    succeeded,
    p50Ms: sorted.length ? round(percentile(sorted, 50)) : undefined,
    p95Ms: sorted.length ? round(percentile(sorted, 95)) : undefined,
    response: firstBody,
    answeredBy
  };
}

/** What is wrong with one answer (empty when nothing). */
export function checkResponse(
  res: ScoringResponse,
  outputs: string[],
  expected?: Record<string, unknown>
): string[] {
  if (res.status !== 200) return [`expected status 200, got ${res.status}${errorText(res)}`];
  if (!res.json) return [`expected a JSON body, got ${JSON.stringify(String(res.body).slice(0, 200))}`];
  const body = res.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return [`expected a JSON object, got ${JSON.stringify(body)?.slice(0, 200)}`];
  const out = body as Record<string, unknown>;
  const problems: string[] = [];
  const missing = outputs.filter((o) => !(o in out));
  if (missing.length)
    problems.push(
      `missing flow output(s) ${missing.map((m) => `"${m}"`).join(', ')} (answer has ${
        Object.keys(out)
          .map((k) => `"${k}"`)
          .join(', ') || 'no keys'
      })`
    );
  for (const [key, want] of Object.entries(expected ?? {}))
    problems.push(...matchExpected(out[key], want, `output "${key}"`));
  return problems;
}

function errorText(res: ScoringResponse): string {
  if (res.status === 200) return '';
  const b = res.body as { error?: { code?: string; message?: string } } | string | undefined;
  if (b && typeof b === 'object' && b.error)
    return ` ${b.error.code ?? ''}: ${b.error.message ?? ''}`.replace(/\s+:/, ':');
  return typeof b === 'string' && b ? ` ${b.slice(0, 200)}` : '';
}

function describeNetworkError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return 'timed out';
  return err?.cause?.code
    ? `connection error (${err.cause.code})`
    : `connection error (${err?.message ?? e})`;
}

export { percentile };

const round = (n: number) => Math.round(n * 10) / 10;

/** The sample request of a deployment config (a JSON object), or a UserError naming the file. */
export function readSampleRequest(useCase: UseCase, file: string): Record<string, unknown> {
  const abs = path.resolve(useCase.dir, file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    throw new UserError(`sample request ${file}: file not found in ${useCase.dir}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new UserError(`sample request ${file}: not JSON (${(e as Error).message})`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new UserError(`sample request ${file}: expected a JSON object of flow inputs`);
  return body as Record<string, unknown>;
}

/** Names of the flow outputs an answer must carry (declared outputs of the use-case's flow). */
export function declaredOutputs(useCase: UseCase, displayRoot?: string): string[] {
  const flow = loadFlow(path.join(useCase.dir, useCase.config.flow), { displayRoot });
  return Object.keys((flow.kind === 'dag' ? flow.outputs : flow.outputs) ?? {});
}

/** `20`, or `1 of 20 (the first failed: the rest were not sent)`. */
export const sentText = (r: Pick<SmokeCheckResult, 'sent' | 'requests'>): string =>
  r.sent === r.requests
    ? `${r.sent}`
    : `${r.sent} of ${r.requests} (the first failed: the rest were not sent)`;

/** The summary of a smoke check: one row, then the first failures. */
export function smokeSummary(title: string, r: SmokeCheckResult): Summary {
  const fmt = (n?: number) => (n === undefined ? '–' : `${n}`);
  const blocks: Block[] = [
    { kind: 'heading', text: title },
    {
      kind: 'table',
      headers: ['status', 'sent', 'succeeded', 'p50 ms', 'p95 ms'],
      rows: [
        [
          { text: r.passed ? 'passed' : 'failed', tone: r.passed ? 'pass' : 'fail' },
          sentText(r),
          `${r.succeeded}`,
          fmt(r.p50Ms),
          fmt(r.p95Ms)
        ]
      ]
    }
  ];
  if (r.failures.length) blocks.push({ kind: 'list', items: r.failures.slice(0, 10) });
  return { blocks };
}

// ---- the stage -------------------------------------------------------------------------------

export interface SmokeTestOptions extends TargetStageOptions {
  /** Send to this deployment only; default: the endpoint with its traffic split. */
  deployment?: string;
  /** Number of requests (default 1). */
  requests?: number;
  concurrency?: number;
  /** Output values the answer must contain. */
  expected?: Record<string, unknown>;
  /** Override the environment's endpoint name / sample request file. */
  endpoint?: string;
  sampleRequest?: string;
  retry?: Partial<SmokeRetry>;
}

export interface SmokeTestResult extends SmokeCheckResult {
  status: 'passed' | 'failed';
  plan: EnvironmentPlan;
  endpoint: string;
  deployment?: string;
}

/**
 * Calls the environment's endpoint with its sample request. Returns `status: 'failed'` with the
 * reasons rather than throwing when a check fails; throws a UserError for bad input.
 */
export async function smokeTest(opts: SmokeTestOptions, reporter: Reporter): Promise<SmokeTestResult> {
  const requests = opts.requests ?? 1;
  if (!Number.isInteger(requests) || requests < 1 || requests > 100_000)
    throw new UserError(`requests: expected a whole number from 1 to 100000, found ${requests}`);
  if (
    opts.expected !== undefined &&
    (typeof opts.expected !== 'object' || opts.expected === null || Array.isArray(opts.expected))
  )
    throw new UserError('expected: expected a JSON object of output values');
  if (opts.expected) checkExpected(opts.expected);
  const ctx = await openStage(opts, reporter);
  try {
    const d = ctx.plan.deployment;
    const endpoint = opts.endpoint ?? d?.endpoint;
    const sample = opts.sampleRequest ?? d?.sampleRequest;
    if (!endpoint || !sample)
      throw new UserError(
        `environment "${opts.env}" of ${ctx.useCase.config.name} has no deployment section (endpoint and sampleRequest)`
      );
    const body = readSampleRequest(ctx.useCase, sample);
    const outputs = declaredOutputs(ctx.useCase, ctx.root);
    const state = await ctx.target.endpoints.getEndpoint(endpoint);
    if (!state)
      throw new UserError(`endpoint "${endpoint}" does not exist (${ctx.kind} target); deploy first`);
    if (opts.deployment && !state.deployments.some((x) => x.name === opts.deployment))
      throw new UserError(
        `deployment "${opts.deployment}" does not exist on endpoint "${endpoint}"; deployments: ${state.deployments.map((x) => x.name).join(', ') || 'none'}`
      );
    const label = opts.deployment ? `${endpoint}/${opts.deployment}` : endpoint;
    const r = await reporter.group(`smoke test ${label} (${requests} request(s))`, () =>
      checkScoring(
        ctx.target.endpoints,
        endpoint,
        {
          deployment: opts.deployment,
          body,
          outputs,
          expected: opts.expected,
          requests,
          concurrency: opts.concurrency,
          retry: opts.retry
        },
        reporter
      )
    );
    if (r.passed)
      reporter.info(
        `smoke test ${label}: passed (${r.succeeded}/${r.sent} sent${r.p95Ms !== undefined ? `, p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms` : ''})`,
        'pass'
      );
    else {
      for (const f of r.failures.slice(0, 20)) reporter.error(`smoke test ${label}: ${f}`);
      reporter.error(`smoke test ${label}: failed; requests sent: ${sentText(r)}, succeeded: ${r.succeeded}`);
    }
    reporter.summary(smokeSummary(`Smoke test · ${label} (${ctx.kind})`, r));
    return {
      ...r,
      status: r.passed ? 'passed' : 'failed',
      plan: ctx.plan,
      endpoint,
      deployment: opts.deployment
    };
  } finally {
    await ctx.close();
  }
}

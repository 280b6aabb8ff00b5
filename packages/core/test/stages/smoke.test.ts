import { MemoryReporter } from '../../src/reporter.js';
import { summaryMarkdown } from '../../src/summary.js';
import {
  checkResponse,
  checkScoring,
  percentile,
  smokeSummary,
  smokeTest
} from '../../src/stages/smoke-test.js';
import type { EndpointTarget, ScoringResponse, Target } from '../../src/stages/targets.js';
import { cleanWorkspace, workspace } from './helpers-targets.js';

const ok = (body: unknown, latencyMs = 10): ScoringResponse => ({
  status: 200,
  body,
  json: true,
  latencyMs,
  deployment: 'blue'
});

/** An endpoint target that answers from a script of responses (or errors). */
function scripted(answers: (ScoringResponse | Error)[]): EndpointTarget & { sent: number } {
  const t = {
    sent: 0,
    getEndpoint: async (name: string) => ({
      name,
      scoringUri: 'http://x/score',
      traffic: { blue: 100 },
      deployments: [{ name: 'blue', provisioningState: 'Succeeded' }],
      authMode: 'key' as const
    }),
    ensureEndpoint: async () => {
      throw new Error('unused');
    },
    createOrUpdateDeployment: async () => undefined,
    setTraffic: async () => undefined,
    deleteDeployment: async () => undefined,
    scoringRequest: async () => {
      const a = answers[Math.min(t.sent++, answers.length - 1)];
      if (a instanceof Error) throw a;
      return a;
    }
  };
  return t;
}

const noWait = { sleep: async () => undefined };

describe('smoke checks', () => {
  test('checkResponse: status, JSON object, declared outputs, expected values', () => {
    expect(
      checkResponse(ok({ category: 'billing', matched: true }), ['category', 'matched'], {
        category: 'billing'
      })
    ).toEqual([]);
    expect(
      checkResponse(
        {
          status: 500,
          body: { error: { code: 'ToolExecutionError', message: 'boom' } },
          json: true,
          latencyMs: 1
        },
        []
      )
    ).toEqual(['expected status 200, got 500 ToolExecutionError: boom']);
    expect(checkResponse({ status: 200, body: '<html>', json: false, latencyMs: 1 }, [])).toEqual([
      'expected a JSON body, got "<html>"'
    ]);
    expect(checkResponse(ok({ category: 'x' }), ['category', 'matched'], { category: 'billing' })).toEqual([
      'missing flow output(s) "matched" (answer has "category")',
      'output "category": expected "billing", got "x"'
    ]);
  });

  test('retries while the endpoint is not ready (network errors, 503), bounded', async () => {
    const err = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const t = scripted([
      err,
      { status: 503, body: { error: { code: 'NotReady', message: 'warming up' } }, json: true, latencyMs: 1 },
      ok({ a: 1 })
    ]);
    const rep = new MemoryReporter();
    const r = await checkScoring(t, 'ep', { body: {}, outputs: ['a'], ...noWait }, rep);
    expect(r).toMatchObject({ passed: true, succeeded: 1 });
    expect(t.sent).toBe(3);
    expect(rep.lines[0]).toBe(
      'endpoint ep not ready (connection error (ECONNREFUSED)); retrying in 500 ms (attempt 1/8)'
    );

    const never = scripted([err]);
    const r2 = await checkScoring(
      never,
      'ep',
      { body: {}, outputs: [], deployment: 'blue', retry: { attempts: 3 }, ...noWait },
      new MemoryReporter()
    );
    expect(r2.failures).toEqual([
      'request 1: deployment ep/blue not ready after 3 attempt(s): connection error (ECONNREFUSED)'
    ]);
    expect(never.sent).toBe(3);

    // a flow error (500) is an answer, not "not ready": no retry
    const broken = scripted([
      { status: 500, body: { error: { code: 'SystemError', message: 'x' } }, json: true, latencyMs: 1 }
    ]);
    expect(
      (await checkScoring(broken, 'ep', { body: {}, outputs: [], ...noWait }, new MemoryReporter())).passed
    ).toBe(false);
    expect(broken.sent).toBe(1);
  });

  test('N requests give p50 / p95', async () => {
    const answers = Array.from({ length: 20 }, (_, i) => ok({ a: 1 }, i + 1));
    const r = await checkScoring(
      scripted(answers),
      'ep',
      { body: {}, outputs: ['a'], requests: 20, concurrency: 4, ...noWait },
      new MemoryReporter()
    );
    expect(r).toMatchObject({ passed: true, requests: 20, succeeded: 20, p50Ms: 10, p95Ms: 19 });
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  test('counts say what was sent: a failed first request stops the rest', async () => {
    const broken = scripted([
      { status: 500, body: { error: { code: 'SystemError', message: 'x' } }, json: true, latencyMs: 1 }
    ]);
    const r = await checkScoring(
      broken,
      'ep',
      { body: {}, outputs: [], requests: 20, ...noWait },
      new MemoryReporter()
    );
    expect(r).toMatchObject({ passed: false, requests: 20, sent: 1, succeeded: 0 });
    expect(broken.sent).toBe(1);
    expect(summaryMarkdown(smokeSummary('t', r))).toContain(
      '| failed | 1 of 20 (the first failed: the rest were not sent) | 0 |'
    );
  });

  test('the stage: sample request of the environment, outputs of the flow, summary table; bad input refused', async () => {
    const ws = workspace();
    try {
      const t = scripted([ok({ category: 'shipping', matched: true }, 12)]);
      const target: Target = { kind: 'local', registry: {} as Target['registry'], endpoints: t };
      const rep = new MemoryReporter();
      const r = await smokeTest(
        {
          useCase: ws.useCase,
          env: 'dev',
          cwd: ws.cwd,
          environ: {},
          targetImpl: target,
          requests: 3,
          expected: { category: 'shipping' }
        },
        rep
      );
      expect(r).toMatchObject({
        status: 'passed',
        endpoint: 'tickets-dev',
        requests: 3,
        succeeded: 3,
        p50Ms: 12,
        p95Ms: 12
      });
      expect(rep.summaries[0]).toContain('| passed | 3 | 3 | 12 | 12 |');

      const bad = scripted([ok({ category: 'billing' })]);
      const f = await smokeTest(
        {
          useCase: ws.useCase,
          env: 'dev',
          cwd: ws.cwd,
          environ: {},
          targetImpl: { ...target, endpoints: bad }
        },
        new MemoryReporter()
      );
      expect(f.status).toBe('failed');
      expect(f.failures).toEqual(['request 1: missing flow output(s) "matched" (answer has "category")']);

      await expect(
        smokeTest(
          {
            useCase: ws.useCase,
            env: 'dev',
            cwd: ws.cwd,
            environ: {},
            targetImpl: target,
            deployment: 'purple'
          },
          new MemoryReporter()
        )
      ).rejects.toThrow('deployment "purple" does not exist on endpoint "tickets-dev"; deployments: blue');
      await expect(
        smokeTest(
          { useCase: ws.useCase, env: 'pr', cwd: ws.cwd, environ: {}, targetImpl: target },
          new MemoryReporter()
        )
      ).rejects.toThrow(
        'environment "pr" of ticket_classification has no deployment section (endpoint and sampleRequest)'
      );
    } finally {
      await cleanWorkspace(ws.cwd);
    }
  });
});

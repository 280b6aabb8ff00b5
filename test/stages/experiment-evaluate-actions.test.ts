/**
 * The experiment and evaluate actions end to end: their bundled dist/ run as the runner runs them
 * (INPUT_* variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files), on the local backend against the
 * stub model. Re-bundle (`npm run -s bundle`) after changing the sources.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadUseCase } from '@genaiops/core';
import { demoRules, startStubLlm, type StubLlm } from '@genaiops/testkit';
import { repoRoot, runAction } from '../helpers/run-action.js';

const UC = 'use-cases/ticket_classification';
const LONG = 120_000;
let stub: StubLlm;
let ws: string;
let env: Record<string, string>;

beforeAll(async () => {
  stub = await startStubLlm({ rules: demoRules(loadUseCase(path.join(repoRoot, UC))) });
  ws = mkdtempSync(path.join(os.tmpdir(), 'genaiops-actions-'));
  mkdirSync(path.join(ws, 'use-cases'));
  cpSync(path.join(repoRoot, UC), path.join(ws, UC), { recursive: true });
  env = { aoai: stub.connectionJson('azure'), GITHUB_EVENT_NAME: 'push' };
});
afterAll(() => stub.stop());

const EVAL = {
  defaults: 'ticket_classification_pr_accuracy_tickets_pr_eval_defaults_e2e',
  v1: 'ticket_classification_pr_accuracy_tickets_pr_eval_classify_variant_1_e2e'
};

describe('in order: experiment, then evaluate', () => {
  test(
    'experiment: runs both variants, sets the outputs, writes the manifest and the job summary',
    async () => {
      const r = await runAction(
        'action-experiment',
        { 'use-case': UC, env: 'pr', 'build-id': 'e2e', concurrency: '2' },
        { cwd: ws, env }
      );
      expect(r.stdout).not.toContain('::error');
      expect(r.code).toBe(0);
      expect(r.outputs['run-manifest']).toBe('.genaiops/run-manifest.json');
      expect(JSON.parse(r.outputs['run-ids'])).toEqual([
        'ticket_classification_pr_tickets_pr_defaults_e2e',
        'ticket_classification_pr_tickets_pr_classify_variant_1_e2e'
      ]);
      expect([r.outputs.succeeded, r.outputs.failed]).toEqual(['2', '0']);
      expect(JSON.parse(r.outputs.plan).experiments).toHaveLength(2);
      const manifest = JSON.parse(readFileSync(path.join(ws, '.genaiops/run-manifest.json'), 'utf8'));
      expect(manifest.runs.map((x: { status: string }) => x.status)).toEqual(['Completed', 'Completed']);
      expect(r.summary).toContain('### Experiment runs: ticket_classification · pr');
      expect(r.summary).toContain(
        '| `ticket_classification_pr_tickets_pr_classify_variant_1_e2e` | tickets_pr | classify.variant_1 | Completed | 25/25 |'
      );
      // the connection key is masked
      expect(r.stdout).toContain(`::add-mask::${stub.apiKey}`);
    },
    LONG
  );

  test(
    'evaluate: metrics, gates-passed, report, manifest outputs and the job summary',
    async () => {
      const r = await runAction(
        'action-evaluate',
        {
          'use-case': UC,
          env: 'pr',
          'run-manifest': '.genaiops/run-manifest.json',
          'reports-dir': 'reports',
          comment: 'true'
        },
        { cwd: ws, env }
      );
      expect(r.stdout).not.toContain('::error');
      expect(r.code).toBe(0);
      const rows = JSON.parse(r.outputs.metrics);
      expect(
        rows.map((x: { label: string; variants: object; metrics: object }) => [
          x.label,
          x.variants,
          x.metrics
        ])
      ).toEqual([
        ['defaults', { classify: 'variant_0' }, { accuracy: 0.68 }],
        ['classify.variant_1', { classify: 'variant_1' }, { accuracy: 0.84 }]
      ]);
      expect(r.outputs['gates-passed']).toBe('true');
      expect(r.outputs.report).toBe('reports/report.html');
      expect(r.outputs['evaluation-manifest']).toBe('.genaiops/evaluation-manifest.json');
      expect(existsSync(path.join(ws, 'reports/report.html'))).toBe(true);
      expect(JSON.parse(r.outputs.plan).evaluations).toHaveLength(2);
      expect(r.summary).toContain('GenAIOps · ticket\\_classification · pr');
      expect(r.summary).toContain('0.84');
    },
    LONG
  );

  test(
    'a gate missed on purpose fails the step with an error annotation naming metric, value, threshold and run',
    async () => {
      const r = await runAction(
        'action-evaluate',
        { 'use-case': UC, env: 'pr', gates: '{"accuracy":{"min":1.01}}' },
        { cwd: ws, env }
      );
      expect(r.code).toBe(1);
      const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
      expect(annotations).toEqual([
        expect.stringMatching(
          new RegExp(
            `^::error file=use-cases/ticket_classification/llmops_config\\.json,line=\\d+,col=\\d+::gate failed: accuracy = 0\\.68 is below the gate min 1\\.01 \\(evaluator accuracy, run ${EVAL.defaults}: defaults on tickets_pr\\)$`
          )
        ),
        expect.stringMatching(
          new RegExp(
            `^::error file=.*::gate failed: accuracy = 0\\.84 is below the gate min 1\\.01 \\(evaluator accuracy, run ${EVAL.v1}: classify\\.variant_1 on tickets_pr\\)$`
          )
        ),
        '::error::2 of 2 metric gate(s) failed (see the annotations and the job summary)'
      ]);
      // the outputs and the summary are there all the same
      expect(r.outputs['gates-passed']).toBe('false');
      expect(r.summary).toContain('2 of 2 gate(s) failed');
    },
    LONG
  );

  test(
    'on a pull request: one metrics comment, created then updated in place',
    async () => {
      const calls: { method: string; url: string; body: string }[] = [];
      const comments: { id: number; body: string; html_url: string }[] = [];
      const server: Server = createServer((req, res) => {
        let body = '';
        req.on('data', (d) => (body += d));
        req.on('end', () => {
          calls.push({ method: req.method!, url: req.url!, body });
          res.setHeader('content-type', 'application/json');
          if (req.method === 'GET' && /^\/repos\/octo\/app\/issues\/7\/comments/.test(req.url!))
            return res.end(JSON.stringify(comments));
          if (req.method === 'POST' && req.url === '/repos/octo/app/issues/7/comments') {
            const c = {
              id: 1,
              body: JSON.parse(body).body,
              html_url: 'https://github.test/octo/app/pull/7#issuecomment-1'
            };
            comments.push(c);
            res.statusCode = 201;
            return res.end(JSON.stringify(c));
          }
          if (req.method === 'PATCH' && req.url === '/repos/octo/app/issues/comments/1') {
            comments[0].body = JSON.parse(body).body + ' ';
            return res.end(JSON.stringify(comments[0]));
          }
          res.statusCode = 404;
          res.end('{"message":"Not Found"}');
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const prEnv = {
          ...env,
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_REPOSITORY: 'octo/app',
          GITHUB_API_URL: api
        };
        const inputs = { 'use-case': UC, env: 'pr', 'github-token': 'ghs_test', comment: 'true' };
        const first = await runAction('action-evaluate', inputs, {
          cwd: ws,
          env: prEnv,
          event: { pull_request: { number: 7 } }
        });
        expect(first.code).toBe(0);
        expect(calls.map((c) => c.method)).toEqual(['GET', 'POST']);
        const body = JSON.parse(calls[1].body).body as string;
        expect(body.startsWith('<!-- genaiops:ticket_classification -->\n')).toBe(true);
        expect(body).toContain('0.84');
        const second = await runAction('action-evaluate', inputs, {
          cwd: ws,
          env: prEnv,
          event: { pull_request: { number: 7 } }
        });
        expect(second.code).toBe(0);
        expect(calls.map((c) => c.method)).toEqual(['GET', 'POST', 'GET', 'PATCH']);
        // comment: false → no call, but the same body in a file, for a job that posts it (genaiops-pr.yml)
        const silent = await runAction(
          'action-evaluate',
          { ...inputs, comment: 'false' },
          { cwd: ws, env: prEnv, event: { pull_request: { number: 7 } } }
        );
        expect(calls).toHaveLength(4);
        expect(silent.outputs['comment-file']).toBe('reports/pr-comment.md');
        const stamp = (t: string) => t.replace(/generated \S+/, 'generated …'); // each run's own time
        expect(stamp(readFileSync(path.join(ws, silent.outputs['comment-file']), 'utf8') + ' ')).toBe(
          stamp(comments[0].body)
        );
      } finally {
        await new Promise((r) => server.close(r));
      }
    },
    LONG
  );
});

test(
  'experiment: a bad concurrency input is refused with what was expected',
  async () => {
    const r = await runAction(
      'action-experiment',
      { 'use-case': UC, env: 'pr', concurrency: 'lots' },
      { cwd: ws, env }
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '::error::input "concurrency": expected a positive whole number, found "lots"'
    );
  },
  LONG
);

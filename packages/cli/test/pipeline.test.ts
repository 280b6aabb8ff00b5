import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listLocalEndpoints } from '@genaiops/core';
import { MemoryReporter } from '@genaiops/core/testing';
import { pipeline } from '../src/commands/pipeline.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const environ = { PATH: process.env.PATH, HOME: process.env.HOME };
let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'pipeline-'));
  cpSync(
    path.join(repo, 'use-cases/ticket_classification'),
    path.join(cwd, 'use-cases/ticket_classification'),
    { recursive: true }
  );
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

test('without a connection the flows run on the mock provider, a red gate stops the pipeline before register, and every output says mock', async () => {
  const reporter = new MemoryReporter();
  const { passed } = await pipeline({ useCases: [], env: 'pr', deployEnv: 'dev', cwd, environ }, reporter);
  expect(passed).toBe(false);
  expect(reporter.warnings.join('\n')).toMatch(
    /No LLM connection "aoai" is configured, so the flows run on the MOCK provider/
  );
  // the mock echoes the ticket, so accuracy is 0 and the 0.6 gate is red: nothing after it runs
  expect(reporter.errors.join('\n')).toMatch(/nothing is registered or deployed/);
  expect(existsSync(path.join(cwd, '.genaiops/registry'))).toBe(false);
  expect(listLocalEndpoints(cwd)).toEqual([]);
  const reports = path.join(cwd, 'reports/ticket_classification/pr');
  expect(readFileSync(path.join(reports, 'report.html'), 'utf8')).toMatch(/MOCK PROVIDER: connection aoai/);
  const md = readFileSync(path.join(reports, 'summary.md'), 'utf8');
  expect(md).toMatch(/MOCK PROVIDER/);
  expect(md).not.toMatch(/★ \|/);
  const manifest = JSON.parse(
    readFileSync(path.join(cwd, '.genaiops/ticket_classification/run-manifest.json'), 'utf8')
  );
  expect(manifest.mock).toEqual(['aoai']);
  expect(manifest.runs.map((r: { label: string }) => r.label).sort()).toEqual([
    'classify.variant_1',
    'defaults'
  ]);
});

test('--force deploys past the red gate, loudly, and the deployment keeps no URL of a stopped model', async () => {
  const reporter = new MemoryReporter();
  const { passed } = await pipeline(
    { useCases: [], env: 'pr', deployEnv: 'dev', cwd, environ, force: true },
    reporter
  );
  expect(passed).toBe(false);
  expect(reporter.warnings.join('\n')).toMatch(/--force: REGISTERING AND DEPLOYING PAST A FAILED GATE/);
  const lines = reporter.lines.join('\n');
  // the A/B split of the dev config: blue 20 %, green (previous) 80 %
  expect(lines).toMatch(/traffic \{"green":80,"blue":20\}/);
  expect(lines).toMatch(/smoke test passed/);
  expect(listLocalEndpoints(cwd)).toEqual([expect.objectContaining({ name: 'tickets-dev', running: false })]);
  const state = readFileSync(path.join(cwd, '.genaiops/endpoints/tickets-dev/endpoint.json'), 'utf8');
  expect(state).not.toMatch(/https?:\/\/(127\.0\.0\.1|localhost)/);
});

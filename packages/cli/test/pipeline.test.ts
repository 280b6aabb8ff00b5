import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listLocalEndpoints, MemoryReporter } from '@genaiops/core';
import { pipeline } from '../src/commands/pipeline.js';

const repo = path.resolve(import.meta.dirname, '../../..');
let cwd: string;
beforeAll(() => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'pipeline-'));
  cpSync(
    path.join(repo, 'use-cases/ticket_classification'),
    path.join(cwd, 'use-cases/ticket_classification'),
    { recursive: true }
  );
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

test('the main job runs experiment, evaluate, register, an A/B deploy and a smoke test locally, on the stub LLM when no connection is set', async () => {
  const reporter = new MemoryReporter();
  const environ = { PATH: process.env.PATH, HOME: process.env.HOME };
  const { passed } = await pipeline({ useCases: [], env: 'pr', deployEnv: 'dev', cwd, environ }, reporter);
  expect(passed).toBe(true);
  expect(reporter.warnings.join('\n')).toMatch(
    /No LLM connection "aoai" is configured, so the flows run against the STUB LLM/
  );
  expect(existsSync(path.join(cwd, 'reports/ticket_classification/report.html'))).toBe(true);
  const manifest = JSON.parse(
    readFileSync(path.join(cwd, '.genaiops/ticket_classification/run-manifest.json'), 'utf8')
  );
  expect(manifest.runs.map((r: { label: string }) => r.label).sort()).toEqual([
    'classify.variant_1',
    'defaults'
  ]);
  const lines = reporter.lines.join('\n');
  // The A/B split of the dev config: blue 20 %, green (previous) 80 %.
  expect(lines).toMatch(/traffic \{"green":80,"blue":20\}/);
  expect(lines).toMatch(/smoke test passed/);
  // Nothing is left running.
  expect(listLocalEndpoints(cwd)).toEqual([expect.objectContaining({ name: 'tickets-dev', running: false })]);
});

/**
 * Parallel commands in one folder: two experiment stages started together (no build id given, as
 * two local jobs would) get distinct build ids and run names, and both complete with whole records.
 */
import path from 'node:path';
import { demoRules, startStubLlm, type StubLlm } from '@genaiops/testkit';
import { loadUseCase } from '../../src/config/load.js';
import { readRunRecord } from '../../src/engine/runs/store.js';
import { experiment } from '../../src/stages/experiment.js';
import { RecordingReporter, repoRoot, TICKETS, workspace } from '../stages/helpers.js';

let stub: StubLlm;
beforeAll(async () => {
  stub = await startStubLlm({ rules: demoRules(loadUseCase(path.join(repoRoot, TICKETS))) });
});
afterAll(() => stub.stop());

test('two experiments at once in one folder do not collide', async () => {
  const ws = workspace();
  const environ: NodeJS.ProcessEnv = { ...process.env, aoai: stub.connectionJson('azure') };
  delete environ.GITHUB_RUN_ID;
  const start = () =>
    experiment(
      { useCase: TICKETS, env: 'pr', cwd: ws, environ, local: { pythonWorkers: 1 } },
      new RecordingReporter()
    );
  const [a, b] = await Promise.all([start(), start()]);
  expect(a.buildId).not.toBe(b.buildId);
  const names = [...a.runs, ...b.runs].map((r) => r.name);
  expect(new Set(names).size).toBe(names.length);
  for (const r of [...a.runs, ...b.runs]) {
    expect(r.status).toBe('Completed');
    const record = readRunRecord(path.join(ws, '.genaiops/runs'), r.name);
    expect(record.line_count.failed).toBe(0);
    expect(record.line_count.completed).toBe(record.line_count.total);
  }
}, 120_000);

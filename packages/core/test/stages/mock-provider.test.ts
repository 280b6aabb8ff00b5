import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MemoryReporter } from '../../src/reporter.js';
import { experiment } from '../../src/stages/experiment.js';
import { cleanWorkspace, workspace } from './helpers-targets.js';

let ws: ReturnType<typeof workspace>;
beforeEach(() => {
  ws = workspace();
  const file = path.join(ws.dir, 'llmops_config.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  config.environments.pr.connections = { aoai: { provider: 'mock' } };
  config.environments.dev.connections = { aoai: { provider: 'mock' } };
  writeFileSync(file, JSON.stringify(config, null, 2));
});
afterEach(() => cleanWorkspace(ws.cwd));

const environ = { PATH: process.env.PATH, HOME: process.env.HOME };

test('provider "mock" on a connection of an environment: used, said on the stage and recorded in the manifest', async () => {
  const reporter = new MemoryReporter();
  const r = await experiment(
    { useCase: ws.useCase, env: 'pr', cwd: ws.cwd, environ, allowFailedRuns: true },
    reporter
  );
  expect(reporter.warnings.join('\n')).toMatch(
    /MOCK PROVIDER: connection "aoai" is set to the mock provider/
  );
  expect(r.manifest.mock).toEqual(['aoai']);
  expect(r.runs.every((x) => x.status === 'Completed')).toBe(true);
});

test('the mock is refused on an Azure backend: it is never used there, silently or not', async () => {
  await expect(
    experiment({ useCase: ws.useCase, env: 'dev', cwd: ws.cwd, environ }, new MemoryReporter())
  ).rejects.toThrow(
    /the mock provider \(connection aoai\) runs on the local backend only; environment "dev" uses the azure backend/
  );
});

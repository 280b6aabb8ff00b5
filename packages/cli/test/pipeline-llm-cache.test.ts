import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadUseCase } from '@genaiops/core';
import { MemoryReporter } from '@genaiops/core/testing';
import { demoRules, startStubLlm, type StubLlm } from '@genaiops/testkit';
import { pipeline } from '../src/commands/pipeline.js';

// The "done when": a second pipeline with the LLM cache on makes no model call, runs,
// evaluation, release and smoke tests included.
const repo = path.resolve(import.meta.dirname, '../../..');
const API_KEY = 'sk-pipeline-cache-test-9f8e7d6c';
let cwd: string;
let stub: StubLlm;
beforeAll(async () => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'pipeline-cache-'));
  const dir = path.join(cwd, 'use-cases/ticket_classification');
  cpSync(path.join(repo, 'use-cases/ticket_classification'), dir, { recursive: true });
  stub = await startStubLlm({
    apiKey: API_KEY,
    rules: demoRules(loadUseCase(dir, { env: 'pr' })),
    defaultReply: 'unknown'
  });
});
afterAll(async () => {
  await stub?.stop();
  rmSync(cwd, { recursive: true, force: true });
});

const run = () =>
  pipeline(
    {
      useCases: [],
      env: 'pr',
      deployEnv: 'dev',
      cwd,
      environ: { PATH: process.env.PATH, HOME: process.env.HOME, aoai: stub.connectionJson('azure') },
      llmCache: true
    },
    new MemoryReporter()
  );

test('with --llm-cache, the second pipeline makes 0 model calls and its report says every line came from the cache', async () => {
  expect((await run()).passed).toBe(true);
  const first = stub.stats().requests;
  expect(first).toBeGreaterThan(0);
  stub.reset();

  expect((await run()).passed).toBe(true);
  expect(stub.stats().requests).toBe(0);

  const md = readFileSync(path.join(cwd, 'reports/ticket_classification/pr/summary.md'), 'utf8');
  const m = /LLM cache: (\d+) of (\d+) lines from cache/.exec(md);
  expect(m).not.toBeNull();
  expect(Number(m![1])).toBeGreaterThan(0);
  expect(m![1]).toBe(m![2]);

  // the entries are there, and none holds the key
  const root = path.join(cwd, '.genaiops/llm-cache');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(root, f))
    .filter((f) => statSync(f).isFile());
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) expect(readFileSync(f, 'utf8')).not.toContain(API_KEY);
}, 180_000);

/**
 * `genaiops flow test` and `genaiops run …` in-process (through `run(argv, reporter)`), on the real
 * engine against the stub model; and the real bin, spawned, for exit codes.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryReporter } from '@genaiops/core/testing';
import { startStubLlm, type StubLlm } from '@genaiops/testkit';
import { run } from '../src/main.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const useCase = path.join(repo, 'use-cases/ticket_classification');
const standard = path.join(useCase, 'flows/standard');
const evaluation = path.join(useCase, 'flows/evaluation');
const data = path.join(useCase, 'data/pr.jsonl');

let stub: StubLlm;
let work: string;
let envFile: string;
let store: string;

beforeAll(async () => {
  stub = await startStubLlm({
    rules: [
      { match: /charg|refund|invoice|bill|payment|subscription|price/i, reply: 'billing' },
      { match: /crash|error|bug|app|install|connect/i, reply: 'technical' },
      { match: /password|sign|account|2fa|login|two-factor|profile/i, reply: 'account' }
    ],
    defaultReply: 'other'
  });
  work = mkdtempSync(path.join(os.tmpdir(), 'genaiops-cli-'));
  envFile = path.join(work, 'stub.env');
  writeFileSync(envFile, `aoai=${stub.connectionJson('azure')}\n`);
  store = path.join(work, 'runs');
});
afterAll(() => stub.stop());

async function cli(args: string[]) {
  const reporter = new MemoryReporter();
  let stdout = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  try {
    const code = await run(args, reporter);
    return { code, stdout, reporter };
  } finally {
    process.stdout.write = write;
  }
}

test('flow test prints the outputs as JSON; --inputs values are JSON when they parse', async () => {
  const r = await cli([
    'flow',
    'test',
    '--flow',
    standard,
    '--inputs',
    'ticket=my app crashes on start',
    '--env-file',
    envFile
  ]);
  expect(r.reporter.errors).toEqual([]);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({ category: 'technical', matched: true });

  const node = await cli([
    'flow',
    'test',
    '--flow',
    standard,
    '--node',
    'postprocess',
    '--inputs',
    'llm_output="Label: tracking"'
  ]);
  expect(node.code).toBe(0);
  expect(JSON.parse(node.stdout)).toEqual({
    postprocess: { category: 'shipping', matched: true, raw: 'Label: tracking' }
  });

  // a JSON value is passed as JSON: a list reaches the python tool as a list, and it fails there
  const list = await cli([
    'flow',
    'test',
    '--flow',
    standard,
    '--node',
    'postprocess',
    '--inputs',
    'llm_output=["refund"]'
  ]);
  expect(list.code).toBe(1);
  expect(list.reporter.errors[0]).toMatch(
    /^flow test failed: node postprocess: ToolExecutionError: python tool postprocess\.py raised AttributeError: 'list' object has no attribute 'strip'\nTraceback/
  );

  const variant = await cli([
    'flow',
    'test',
    '--flow',
    standard,
    '--variant',
    '${classify.variant_1}',
    '--env-file',
    envFile
  ]);
  expect(JSON.parse(variant.stdout)).toEqual({ category: 'billing', matched: true });
});

test('flow test: a failing line exits 1 with the error; a bad variant too', async () => {
  const noConn = await cli(['flow', 'test', '--flow', standard, '--env-file', path.join(work, 'none.env')]);
  expect(noConn.code).toBe(1);
  expect(noConn.stdout).toBe('');
  expect(noConn.reporter.errors[0]).toMatch(
    /^flow test failed: node classify: .*connection "aoai" is not configured/
  );

  const bad = await cli(['flow', 'test', '--flow', standard, '--variant', '${classify.variant_7}']);
  expect(bad.code).toBe(1);
  expect(bad.reporter.errors[0]).toMatch(/node "classify" has no variant "variant_7"/);
});

test('run create, evaluation against it, show, show-details, show-metrics, list', async () => {
  const std = await cli([
    'run',
    'create',
    '--flow',
    standard,
    '--data',
    data,
    '--column-mapping',
    'ticket=${data.ticket}',
    '--name',
    'std',
    '--env-file',
    envFile,
    '--store',
    store,
    '--concurrency',
    '8',
    '--stream'
  ]);
  expect(std.reporter.errors).toEqual([]);
  expect(std.code).toBe(0);
  const record = JSON.parse(std.stdout);
  expect(record).toMatchObject({
    name: 'std',
    status: 'Completed',
    display_name: 'std',
    flow_name: 'standard',
    data: data.split(path.sep).join('/'),
    line_count: { total: 25, completed: 25, failed: 0 },
    concurrency: 8
  });
  expect(record.properties).toMatchObject({ flow_path: standard.split(path.sep).join('/') });
  expect(std.reporter.lines.filter((l) => /^\[\d+\/25\] line \d+ Completed/.test(l))).toHaveLength(25);

  const ev = await cli([
    'run',
    'create',
    '--flow',
    evaluation,
    '--data',
    data,
    '--run',
    'std',
    '--column-mapping',
    'groundtruth=${data.category}',
    'prediction=${run.outputs.category}',
    '--name',
    'eval',
    '--store',
    store,
    '--tags',
    'kind=eval'
  ]);
  expect(ev.code).toBe(0);
  expect(JSON.parse(ev.stdout)).toMatchObject({
    name: 'eval',
    run: 'std',
    tags: { kind: 'eval' },
    status: 'Completed'
  });

  const metrics = await cli(['run', 'show-metrics', '--name', 'eval', '--store', store]);
  expect(metrics.code).toBe(0);
  expect(JSON.parse(metrics.stdout)).toEqual({ accuracy: 0.68 });

  const show = await cli(['run', 'show', '--name', 'std', '--store', store]);
  expect(JSON.parse(show.stdout)).toEqual(record);

  const details = await cli([
    'run',
    'show-details',
    '--name',
    'eval',
    '--store',
    store,
    '--max-results',
    '2'
  ]);
  expect(JSON.parse(details.stdout)).toEqual([
    {
      'inputs.groundtruth': 'billing',
      'inputs.prediction': 'billing',
      'inputs.line_number': 0,
      'outputs.correct': true
    },
    {
      'inputs.groundtruth': 'technical',
      'inputs.prediction': 'technical',
      'inputs.line_number': 1,
      'outputs.correct': true
    }
  ]);

  const list = await cli(['run', 'list', '--store', store]);
  expect(JSON.parse(list.stdout).map((r: { name: string }) => r.name)).toEqual(['eval', 'std']);

  const missing = await cli(['run', 'show', '--name', 'evl', '--store', store]);
  expect(missing.code).toBe(1);
  expect(missing.reporter.errors).toEqual([`run "evl" not found in ${store} (did you mean "eval"?)`]);
});

test('run create: a mapping error exits 1 before any line runs; usage errors exit 1', async () => {
  const r = await cli([
    'run',
    'create',
    '--flow',
    standard,
    '--data',
    data,
    '--column-mapping',
    'ticket=${data.text}',
    '--store',
    store
  ]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.reporter.errors[0]).toMatch(
    /^column mapping ticket=\$\{data\.text\}: no line of .*pr\.jsonl has a column "text"; its columns are: ticket, category$/
  );
  expect((await cli(['run', 'create', '--flow', standard, '--data', data, '--concurrency', '0'])).code).toBe(
    1
  );
  expect((await cli(['run', 'create', '--data', data])).code).toBe(1);
});

describe('the real bin', () => {
  // The bin runs the compiled dist/: build first (once more after a pause, in case another build
  // was writing the same outputs), and show tsc's output when it fails.
  beforeAll(async () => {
    const build = () =>
      execFileSync(
        process.execPath,
        [path.join(repo, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'],
        {
          cwd: repo,
          encoding: 'utf8',
          stdio: 'pipe'
        }
      );
    try {
      build();
    } catch {
      await new Promise((r) => setTimeout(r, 2000));
      try {
        build();
      } catch (e) {
        const out = e as { stdout?: string; stderr?: string };
        throw new Error(`tsc -b tsconfig.build.json failed:\n${out.stdout ?? ''}${out.stderr ?? ''}`);
      }
    }
  }, 120_000);

  function bin(args: string[], env: NodeJS.ProcessEnv = {}) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(repo, 'packages/cli/bin/genaiops.js'), ...args], {
        cwd: work,
        env: { ...process.env, aoai: '', ...env }
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  test('exit 0 with the run as JSON; the default store is .genaiops/runs under the current folder', async () => {
    const r = await bin(['run', 'create', '--flow', standard, '--data', data, '--dotenv', envFile]);
    expect(r.stderr).toMatch(/run standard_default_\d{8}_\d{6}_\d+ Completed: 25\/25 lines completed/);
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record.name).toMatch(/^standard_default_/);
    expect(record.output).toBe(path.join(work, '.genaiops/runs', record.name).split(path.sep).join('/'));
    const list = await bin(['run', 'list']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((x: { name: string }) => x.name)).toContain(record.name);
  });

  test('exit 1 when every line fails (no connection), with the run still printed', async () => {
    const r = await bin(['run', 'create', '--flow', standard, '--data', data, '--name', 'noconn']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      name: 'noconn',
      status: 'Failed',
      line_count: { completed: 0, failed: 25 }
    });
    expect(r.stderr).toMatch(
      /error: run noconn failed: all 25 lines failed; line 0: node classify: .*connection "aoai" is not configured/
    );
  });

  test('exit 1 for bad data', async () => {
    const empty = path.join(work, 'empty.jsonl');
    writeFileSync(empty, '');
    const r = await bin(['run', 'create', '--flow', standard, '--data', empty]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'error: empty.jsonl: the data file is empty (expected one JSON object per line)'
    );
  });
});

// What a person reads from the genaiops CLI (built bin): plain aligned text, each gate once, bounded
// progress in a log, colour only when asked for.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startStubLlm, demoRules, type StubLlm } from '@genaiops/testkit';
import { loadUseCase } from '@genaiops/core';
import type { EvaluationManifest } from '../../packages/core/src/stages/manifest.js';
import { repoRoot } from '../helpers/run-action.js';
import { cleanWorkspace, workspace } from '../../packages/core/test/stages/helpers-targets.js';

const exec = promisify(execFile);
let stub: StubLlm;
let ws: ReturnType<typeof workspace>;

/** The bin as a user runs it, its output piped (not a TTY); `environ` adds to a clean environment. */
async function cli(args: string[], environ: Record<string, string> = {}) {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    aoai: stub.connectionJson('azure'),
    ...environ
  };
  try {
    const r = await exec(process.execPath, [path.join(repoRoot, 'packages/cli/bin/genaiops.js'), ...args], {
      cwd: ws.cwd,
      env
    });
    return { code: 0, out: r.stdout + r.stderr, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr, stdout: err.stdout, stderr: err.stderr };
  }
}

const count = (text: string, part: string) => text.split(part).length - 1;

/** Markdown a terminal should never show: table rows and rules, bold, headings, escaped underscores. */
function expectNoMarkdown(text: string) {
  expect(text).not.toMatch(/^\s*\|.*\|\s*$/m);
  expect(text).not.toMatch(/\|\s*-{3,}/);
  expect(text).not.toContain('**');
  expect(text).not.toMatch(/^#{1,6} /m);
  expect(text).not.toContain('\\_');
  expect(text).not.toContain('<sub>');
}

const gates = () =>
  (
    JSON.parse(
      readFileSync(path.join(ws.cwd, '.genaiops/ticket_classification/evaluation-manifest.json'), 'utf8')
    ) as EvaluationManifest
  ).gates;

beforeAll(async () => {
  ws = workspace();
  stub = await startStubLlm({ rules: demoRules(loadUseCase(ws.dir)), latencyMs: 2 });
});
afterAll(async () => {
  await cleanWorkspace(ws.cwd);
  await stub.stop();
});

test('experiment and evaluate print aligned plain text, each gate once, and a few progress lines per run', async () => {
  const exp = await cli(['experiment', ws.useCase, '--env', 'pr', '--build-id', 'b1']);
  expect(exp.code).toBe(0);
  const ev = await cli(['evaluate', ws.useCase, '--env', 'pr', '--build-id', 'b1']);
  expect(ev.code).toBe(0);
  for (const r of [exp, ev]) {
    expectNoMarkdown(r.out);
    // not a TTY and no FORCE_COLOR: no colour, no redraw
    expect(r.out).not.toMatch(/[\x1b\r]/);
  }
  // the experiment runs as an aligned table: a rule under the headers, the columns padded
  expect(exp.stderr).toMatch(/^ {2}run +dataset +variant +status +lines$/m);
  expect(exp.stderr).toMatch(/^ {2}─+ {2}─+ {2}─+/m);

  const all = exp.out + ev.out;
  const checked = gates();
  expect(checked).toHaveLength(2);
  for (const g of checked) expect(count(all, g.message)).toBe(1);
  expect(ev.stderr).toContain('✓ GenAIOps · ticket_classification · pr: all 2 gate(s) passed');
  expect(ev.stderr).toMatch(/^ {2}variant +accuracy ↑/m);

  // progress in a log: no more than 3 lines per run (25/50/75 %), each run named
  const progress = all.split('\n').filter((l) => /^run \S+: \d+\/\d+ \(\d+%\)$/.test(l));
  const perRun = new Map<string, number>();
  for (const l of progress) perRun.set(l.split(':')[0], (perRun.get(l.split(':')[0]) ?? 0) + 1);
  for (const n of perRun.values()) expect(n).toBeLessThanOrEqual(3);
  // and the final line of each run: its status
  expect(count(all, 'Completed: 25/25 lines completed')).toBe(4);
}, 120_000);

test('a failed gate is printed once, and the job fails saying how many', async () => {
  const ev = await cli([
    'evaluate',
    ws.useCase,
    '--env',
    'pr',
    '--build-id',
    'b1',
    '--gates',
    '{"accuracy": {"min": 1.01}}'
  ]);
  expect(ev.code).toBe(1);
  expectNoMarkdown(ev.out);
  const failed = gates().filter((g) => !g.passed);
  expect(failed).toHaveLength(2);
  for (const g of failed) expect(count(ev.out, g.message)).toBe(1);
  expect(ev.stderr).toContain('✗ GenAIOps · ticket_classification · pr: 2 of 2 gate(s) failed');
  expect(ev.stderr).toMatch(/error: 2 of 2 gate\(s\) failed\n/);
}, 120_000);

test('colour only with FORCE_COLOR (which wins over NO_COLOR, as in Node); never with NO_COLOR alone', async () => {
  const args = ['evaluate', ws.useCase, '--env', 'pr', '--build-id', 'b1'];
  const forced = await cli(args, { FORCE_COLOR: '1' });
  expect(forced.code).toBe(0);
  expect(forced.stderr).toContain('\x1b[32m'); // green: the gates passed
  expectNoMarkdown(forced.out.replace(/\x1b\[\d+m/g, ''));
  const both = await cli(args, { FORCE_COLOR: '1', NO_COLOR: '1' });
  expect(both.stderr).toContain('\x1b[');
  const none = await cli(args, { NO_COLOR: '1' });
  expect(none.out).not.toContain('\x1b[');
}, 120_000);

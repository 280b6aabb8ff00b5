import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses the GITHUB_OUTPUT file format (`name<<delimiter` heredocs, as @actions/core writes). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    out[m[1]] = value.join('\n');
  }
  return out;
}

/** The file the runner starts for an action: `runs.main` of its action.yml, relative to the action's folder. */
export function actionEntry(action: string): string {
  const manifest = parse(readFileSync(path.join(repoRoot, action, 'action.yml'), 'utf8')) as {
    runs: { using: string; main: string };
  };
  return path.join(repoRoot, action, manifest.runs.main);
}

/** Runs an action's bundled entry as the runner does: INPUT_* variables and the runner's files. */
export function runAction(
  action: string,
  inputs: Record<string, string>,
  opts: { cwd?: string; env?: Record<string, string>; event?: object } = {}
): Promise<ActionRun> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'action-'));
  const files = {
    GITHUB_OUTPUT: path.join(tmp, 'output'),
    GITHUB_STEP_SUMMARY: path.join(tmp, 'summary'),
    GITHUB_EVENT_PATH: path.join(tmp, 'event.json')
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify(opts.event ?? {}));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    ...files,
    GITHUB_WORKSPACE: opts.cwd ?? repoRoot,
    ...opts.env
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [actionEntry(action)], {
      cwd: opts.cwd ?? repoRoot,
      env
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        outputs: parseOutputFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
        summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')
      })
    );
  });
}

// A loopback stand-in for the few GitHub REST endpoints the workflow scripts call, answering with
// the shapes of GitHub's published description (api.github.com, version 2022-11-28), and running
// those scripts as the runner does: node, environment variables, a GITHUB_OUTPUT file.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface ApiCall {
  method: string;
  url: string;
  authorization?: string;
  body?: unknown;
}
/** Answers a request: a status and a JSON body, or undefined for 404. */
export type Route = (call: ApiCall) => { status?: number; body: unknown } | undefined;

export interface FakeGitHub {
  url: string;
  calls: ApiCall[];
  close(): Promise<void>;
}

export async function startFakeGitHub(route: Route): Promise<FakeGitHub> {
  const calls: ApiCall[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      const call: ApiCall = {
        method: req.method ?? 'GET',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body: text ? JSON.parse(text) : undefined
      };
      calls.push(call);
      const answer = route(call);
      res.writeHead(answer ? (answer.status ?? 200) : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer ? answer.body : { message: 'Not Found' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise((r) => server.close(() => r()))
  };
}

export interface ScriptRun {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
}

/** Runs a workflow script with node, as its composite action does. */
export function runScript(script: string, env: Record<string, string>, event?: unknown): Promise<ScriptRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gh-script-'));
  const output = path.join(dir, 'output');
  writeFileSync(output, '');
  const eventPath = path.join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event ?? {}));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script],
      { env: { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: output, GITHUB_EVENT_PATH: eventPath, ...env } },
      (err, stdout, stderr) => {
        const outputs: Record<string, string> = {};
        for (const line of readFileSync(output, 'utf8').split('\n')) {
          const i = line.indexOf('=');
          if (i > 0) outputs[line.slice(0, i)] = line.slice(i + 1);
        }
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout: stdout + stderr, outputs });
      }
    );
  });
}

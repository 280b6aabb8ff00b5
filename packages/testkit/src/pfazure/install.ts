/**
 * Puts the stand-in `pfazure` on a PATH: writes an executable `pfazure` shim into a fresh bin folder
 * (put it first on the PATH of the process under test). The shim runs the compiled stand-in
 * (`packages/testkit/dist/pfazure/cli.js`; `npx tsc -b tsconfig.build.json` builds it).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONFIG_ENV, type FakePfazureConfig } from './config.js';

export interface FakePfazureOptions {
  /** Folder for the bin dir, state and log (default: a new temp folder). */
  dir?: string;
  /** Every run takes at least this long from submission to its end (default 0). */
  delayMs?: number;
  /** Runs whose name equals a string or matches a RegExp end Failed. */
  failRuns?: (string | RegExp)[];
  /** The workspace's connections and variables for runs (e.g. `{ aoai: stub.connectionJson('azure') }`). */
  environ?: Record<string, string>;
  /** Registered data assets: `azureml:<name>:<version>` (or `<name>:<version>`) → JSONL file. */
  registeredData?: Record<string, string>;
}

export interface FakePfazure {
  /** Put this first on PATH. */
  binDir: string;
  /** The shim itself. */
  command: string;
  /** JSONL: one `{"argv": [...], "cwd": "...", "at": <ms since epoch>}` per invocation. */
  argsLog: string;
  stateDir: string;
  /** Every recorded argument list, in order. */
  calls(): string[][];
  /** `env` with binDir first on its PATH. */
  env(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
}

function cliPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const pkg = path.resolve(here, '../..');
  const cli = path.join(pkg, 'dist', 'pfazure', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (npx tsc -b tsconfig.build.json)`);
  return cli;
}

export function installFakePfazure(opts: FakePfazureOptions = {}): FakePfazure {
  const dir = opts.dir ?? mkdtempSync(path.join(os.tmpdir(), 'fake-pfazure-'));
  const binDir = path.join(dir, 'bin');
  const stateDir = path.join(dir, 'state');
  const argsLog = path.join(dir, 'pfazure-args.jsonl');
  mkdirSync(binDir, { recursive: true });
  mkdirSync(stateDir, { recursive: true });
  const config: FakePfazureConfig = {
    stateDir,
    argsLog,
    delayMs: opts.delayMs ?? 0,
    failRuns: (opts.failRuns ?? []).map((f) =>
      typeof f === 'string' ? f : { source: f.source, flags: f.flags }
    ),
    environ: opts.environ ?? {},
    registeredData: opts.registeredData ?? {}
  };
  const configFile = path.join(dir, 'pfazure-config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const command = path.join(binDir, 'pfazure');
  // CommonJS (no package.json around it): a dynamic import of the ESM stand-in
  writeFileSync(
    command,
    [
      '#!/usr/bin/env node',
      `process.env[${JSON.stringify(CONFIG_ENV)}] = ${JSON.stringify(configFile)};`,
      `import(${JSON.stringify(pathToFileURL(cliPath()).href)}).catch((e) => { console.error(e); process.exit(1); });`,
      ''
    ].join('\n')
  );
  chmodSync(command, 0o755);
  return {
    binDir,
    command,
    argsLog,
    stateDir,
    calls: () =>
      existsSync(argsLog)
        ? readFileSync(argsLog, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => (JSON.parse(l) as { argv: string[] }).argv)
        : [],
    env: (base = process.env) => ({ ...base, PATH: `${binDir}${path.delimiter}${base.PATH ?? ''}` })
  };
}

/**
 * What a local endpoint needs but must never keep in its state folder (which workflows upload with
 * `.genaiops/`): its keys and the JSON of the connections its deployments name. They live in one
 * file per endpoint outside the project, readable only by the user (0600 in a 0700 folder):
 * `$GENAIOPS_SECRETS_DIR` (default `~/.genaiops/secrets`)`/<hash of the project folder>/<endpoint>.json`.
 * The process that deploys writes it from its environment or `.env`; the server reads it (its own
 * environment wins).
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readJson, writeJsonAtomic } from './fs-util.js';

export interface EndpointSecrets {
  keys?: { primary: string; secondary: string };
  /** Connection name → its JSON (as the environment variable named after it holds it). */
  connections: Record<string, string>;
}

/** The secrets file of endpoint `name` of the project at `root`. */
export function endpointSecretsFile(root: string, name: string, environ: NodeJS.ProcessEnv): string {
  const base =
    environ.GENAIOPS_SECRETS_DIR?.trim() || path.join(environ.HOME || os.homedir(), '.genaiops', 'secrets');
  const project = createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 16);
  return path.join(base, project, `${name}.json`);
}

export function readEndpointSecrets(file: string): EndpointSecrets {
  const found = readJson<Partial<EndpointSecrets>>(file);
  return { keys: found?.keys, connections: found?.connections ?? {} };
}

/** Merges `update` into the file (owner-only). */
export function updateEndpointSecrets(file: string, update: Partial<EndpointSecrets>): EndpointSecrets {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const current = readEndpointSecrets(file);
  const next: EndpointSecrets = {
    keys: update.keys ?? current.keys,
    connections: { ...current.connections, ...update.connections }
  };
  writeJsonAtomic(file, next, 0o600);
  return next;
}

export function removeEndpointSecrets(file: string): void {
  rmSync(file, { force: true });
}

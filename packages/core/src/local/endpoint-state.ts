/**
 * Local endpoints on disk, under `<root>/.genaiops/endpoints/<name>/`:
 *
 *   endpoint.json  what the endpoint serves: traffic, deployments (with the environment each
 *                  deployment runs with, and the names of the connections it needs). No secret:
 *                  keys and connection values are in the endpoint's secrets file, outside the
 *                  project (see endpoint-secrets.ts). Written by the local target (atomically,
 *                  under `.lock`), read by the server on every change.
 *   server.json    written by the server once it listens: pid, port, url.
 *   server.log     the server's stdout/stderr.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readJson, writeJsonAtomic } from './fs-util.js';

export const ENDPOINTS_DIR = path.join('.genaiops', 'endpoints');
export const ENDPOINT_FILE = 'endpoint.json';
export const SERVER_FILE = 'server.json';
export const SERVER_LOG = 'server.log';
export const LOCK_DIR = '.lock';
/** The header that sends a request to one deployment (as Azure ML online endpoints). */
export const DEPLOYMENT_HEADER = 'azureml-model-deployment';

export interface LocalDeploymentRecord {
  name: string;
  description?: string;
  model: { name: string; version: string };
  /** Absolute path of the registered flow version's folder. */
  flowDir: string;
  /** Environment of this deployment's flow on top of the server's (config variables, no secret). */
  environmentVariables: Record<string, string>;
  /** Connections the flow names: their JSON is in the secrets file (or the server's environment). */
  connections?: string[];
  instanceCount: number;
  requestTimeoutMs: number;
  /** The request log (default on, every request): see request-log.ts. */
  requestLog?: { enabled: boolean; sampleRate: number };
  tags: Record<string, string>;
  updatedAt: string;
}

export interface LocalEndpointFile {
  name: string;
  description?: string;
  authMode: 'key';
  /** Only in files written before keys moved to the secrets file; moved there on the next write. */
  keys?: { primary: string; secondary: string };
  tags: Record<string, string>;
  createdAt: string;
  /** Bumped on every write; the server reports the revision it has loaded on /health. */
  revision: number;
  traffic: Record<string, number>;
  deployments: Record<string, LocalDeploymentRecord>;
}

export interface ServerInfo {
  pid: number;
  host: string;
  port: number;
  url: string;
  startedAt: string;
}

/** `GET /health`: liveness for anyone; the endpoint, traffic and deployments only for a caller with a key. */
export interface HealthBody {
  status: 'Healthy';
  pid: number;
  revision: number;
  endpoint?: string;
  traffic?: Record<string, number>;
  deployments?: Record<string, { state: 'Succeeded' | 'Failed'; model: string; error?: string }>;
}

export const endpointsRoot = (root: string) => path.join(path.resolve(root), ENDPOINTS_DIR);
export const endpointDir = (root: string, name: string) => path.join(endpointsRoot(root), name);

export function newKey(): string {
  return randomBytes(32).toString('base64url');
}

export function readEndpointFile(dir: string): LocalEndpointFile | undefined {
  return readJson<LocalEndpointFile>(path.join(dir, ENDPOINT_FILE));
}

/** Owner-only, though it holds no secret: it says which connections a deployment uses. */
export function writeEndpointFile(dir: string, state: LocalEndpointFile): void {
  writeJsonAtomic(path.join(dir, ENDPOINT_FILE), state, 0o600);
}

export function readServerInfo(dir: string): ServerInfo | undefined {
  try {
    return readJson<ServerInfo>(path.join(dir, SERVER_FILE));
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid exists (signal 0 checks without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Names of the endpoints under `root`. */
export function listEndpointNames(root: string): string[] {
  try {
    return readdirSync(endpointsRoot(root), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

/** Endpoint names: as Azure ML allows (letters, digits, '-'; 3–32; start with a letter). */
export function isValidEndpointName(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9-]{1,31}$/.test(name) && !name.endsWith('-');
}

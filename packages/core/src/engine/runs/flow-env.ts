/**
 * A flow's `environment_variables`, as prompt flow applies them to `flow test` and bulk runs: a
 * string is taken as written, `${env:X}` reads the environment, `${conn.key}` reads a field of the
 * connection `conn` (a missing connection or key is an error), and any other value is written as JSON.
 */
import { UserError } from '../../errors.js';
import type { Flow } from '../../flow/model.js';
import { ConnectionStore, MIN_SECRET_LENGTH } from '../executor/connections.js';

export interface FlowEnvironmentOptions {
  environ: NodeJS.ProcessEnv;
  dotenvFile?: string;
  onSecret?: (value: string) => void;
}

export function flowEnvironment(flow: Flow, opts: FlowEnvironmentOptions): Record<string, string> {
  const out: Record<string, string> = {};
  const vars = flow.environmentVariables ?? {};
  if (!Object.keys(vars).length) return out;
  const connections = new ConnectionStore(opts);
  for (const [name, value] of Object.entries(vars)) {
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string') {
      out[name] = JSON.stringify(value);
      continue;
    }
    const env = /^\$\{env:(.+)\}$/.exec(value);
    const conn = /^\$\{([^.{}]+)\.([^.{}]+)\}$/.exec(value);
    if (env) out[name] = opts.environ[env[1]] ?? '';
    else if (conn) out[name] = connectionField(connections, flow, name, conn[1], conn[2], opts);
    else out[name] = value;
  }
  return out;
}

function connectionField(
  connections: ConnectionStore,
  flow: Flow,
  variable: string,
  conn: string,
  key: string,
  opts: FlowEnvironmentOptions
): string {
  const where = `${flow.displayFile}: environment_variables.${variable}`;
  const text = connections.text(conn);
  if (text === undefined)
    throw new UserError(
      `${where}: connection "${conn}" is not configured: set the environment variable "${conn}" to the connection as JSON`
    );
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new UserError(`${where}: the environment variable "${conn}" must hold the connection as JSON`);
  }
  const nested = (k: 'secrets' | 'configs') => (obj[k] ?? {}) as Record<string, unknown>;
  const found = obj[key] ?? nested('secrets')[key] ?? nested('configs')[key];
  if (found === undefined || found === null)
    throw new UserError(`${where}: connection "${conn}" has no "${key}"`);
  const s = typeof found === 'string' ? found : JSON.stringify(found);
  if ((/key|secret|token|password/i.test(key) || key in nested('secrets')) && s.length >= MIN_SECRET_LENGTH)
    opts.onSecret?.(s);
  return s;
}

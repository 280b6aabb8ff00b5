import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Azurite's well-known development account and key (public; the same in every Azurite). */
export const DEVSTORE_ACCOUNT = 'devstoreaccount1';
export const DEVSTORE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port, read back from Azurite's start-up line. */
  port?: number;
  /** Keep blobs in memory (default true); false persists under a temporary `--location`, removed at stop. */
  inMemory?: boolean;
  /** Print Azurite's access log (default false: `--silent`). */
  verbose?: boolean;
  /** How long to wait for Azurite to listen (default 30 s). */
  startTimeoutMs?: number;
}

export interface Azurite {
  /** `http://127.0.0.1:<port>/devstoreaccount1` (path-style, no trailing slash). */
  readonly blobEndpoint: string;
  readonly accountName: string;
  readonly accountKey: string;
  /** For `BlobServiceClient.fromConnectionString`. */
  readonly connectionString: string;
  readonly port: number;
  /** Kills the Azurite process (SIGTERM, then SIGKILL) and removes its temporary directory. */
  stop(): Promise<void>;
}

/** `node_modules/azurite/dist/src/blob/main.js`, the `azurite-blob` binary, found through module resolution. */
export function azuriteBlobEntry(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
}

/**
 * Starts Azurite's blob service on loopback, in a child process of this one:
 * `--inMemoryPersistence --skipApiVersionCheck --loose --disableTelemetry --disableProductStyleUrl --silent`.
 * (Telemetry is off: no test may reach the internet.)
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const host = options.host ?? '127.0.0.1';
  const dir = await mkdtemp(join(tmpdir(), 'genaiops-azurite-'));
  const args = [
    azuriteBlobEntry(),
    '--blobHost',
    host,
    '--blobPort',
    String(options.port ?? 0),
    '--skipApiVersionCheck',
    '--loose',
    '--disableTelemetry',
    '--disableProductStyleUrl',
    // --location and --inMemoryPersistence exclude each other; the temporary directory is also the cwd.
    ...(options.inMemory === false
      ? ['--location', dir]
      : ['--inMemoryPersistence', '--extentMemoryLimit', '512']),
    ...(options.verbose ? [] : ['--silent'])
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: withoutCustomAccounts(process.env)
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`Azurite did not start within ${options.startTimeoutMs ?? 30000} ms:\n${output}`)),
      options.startTimeoutMs ?? 30000
    );
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listens on https?:\/\/[^\s:]+:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
      if (options.verbose) process.stderr.write(chunk);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', fail);
    child.once('exit', (code, signal) =>
      fail(new Error(`Azurite exited (${code ?? signal}) before listening:\n${output}`))
    );
  });
  // Keep draining its output so the pipe never fills; don't keep the event loop alive for it.
  child.stdout!.removeAllListeners('data');
  child.stderr!.removeAllListeners('data');
  child.removeAllListeners('exit');
  child.stdout!.on('data', (c: Buffer) => options.verbose && process.stderr.write(c));
  child.stderr!.on('data', (c: Buffer) => options.verbose && process.stderr.write(c));

  const blobEndpoint = `http://${host}:${port}/${DEVSTORE_ACCOUNT}`;
  await waitUntilAnswering(blobEndpoint);

  let stopped: Promise<void> | undefined;
  return {
    blobEndpoint,
    accountName: DEVSTORE_ACCOUNT,
    accountKey: DEVSTORE_KEY,
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${DEVSTORE_ACCOUNT};AccountKey=${DEVSTORE_KEY};` +
      `BlobEndpoint=${blobEndpoint};`,
    port,
    stop() {
      stopped ??= (async () => {
        process.removeListener('exit', killOnExit);
        if (child.exitCode === null && child.signalCode === null) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          });
        }
        await rm(dir, { recursive: true, force: true });
      })();
      return stopped;
    }
  };
}

/** Azurite reads extra accounts from AZURITE_ACCOUNTS; our callers rely on the default account only. */
function withoutCustomAccounts(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.AZURITE_ACCOUNTS;
  return copy;
}

/** Polls until Azurite answers any HTTP response on the account URL. */
async function waitUntilAnswering(url: string, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}?comp=list`);
      await res.arrayBuffer();
      return;
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`Azurite at ${url} does not answer: ${String(last)}`);
}

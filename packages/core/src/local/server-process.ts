/**
 * Running an endpoint server as its own (detached) process. The server (and the flow engine under it)
 * is imported only when this process is the server: the actions that can start one (deploy,
 * smoke-test) check for the flag first thing, and their own start should not pay for the engine.
 */

/** argv flag that turns an action's (or any entry's) process into an endpoint server: `<entry> --genaiops-endpoint-server <dir>`. */
export const ENDPOINT_SERVER_FLAG = '--genaiops-endpoint-server';

/** Serves the endpoint in `dir` until SIGTERM / SIGINT or until its endpoint.json is removed. */
export async function runEndpointServerProcess(dir: string, port?: number): Promise<void> {
  const { startEndpointServer } = await import('./server.js');
  const server = await startEndpointServer({ dir, port, onRemoved: () => process.exit(0) });
  const stop = (signal: string) => {
    process.stdout.write(`${new Date().toISOString()} ${signal}: stopping\n`);
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** If argv asks for it (`… --genaiops-endpoint-server <dir>`), serves and returns true. */
export async function maybeRunEndpointServer(argv: string[] = process.argv): Promise<boolean> {
  const i = argv.indexOf(ENDPOINT_SERVER_FLAG);
  if (i < 0) return false;
  const dir = argv[i + 1];
  if (!dir) throw new Error(`${ENDPOINT_SERVER_FLAG} needs the endpoint folder`);
  try {
    await runEndpointServerProcess(dir);
  } catch (e) {
    process.stderr.write(`endpoint server failed to start: ${(e as Error)?.stack ?? e}\n`);
    process.exit(1);
  }
  return true;
}

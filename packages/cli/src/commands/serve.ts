import type { Command } from 'commander';
import {
  LocalEndpoints,
  runEndpointServerProcess,
  endpointDir,
  readEndpointFile,
  UserError,
  type Reporter
} from '@genaiops/core';
import { positiveInt, printJson } from './kv.js';

/** `genaiops serve <endpoint>`: (re)starts a local endpoint's detached server; `--foreground` serves in this process. */
export function registerServeCommand(program: Command, reporter: Reporter): void {
  program
    .command('serve')
    .description(
      'start the detached server of a local endpoint (created by deploy --target local) unless it runs; prints its URL as JSON'
    )
    .argument('<endpoint>', 'local endpoint name (see genaiops endpoint list)')
    .option('--foreground', 'serve in this process until Ctrl-C instead of starting a detached one')
    .option(
      '--port <port>',
      'port (--foreground only; default: the last one, else any free port)',
      positiveInt
    )
    .action(async (name: string, o: { foreground?: boolean; port?: number }) => {
      const root = process.cwd();
      const dir = endpointDir(root, name);
      if (!readEndpointFile(dir))
        throw new UserError(
          `local endpoint "${name}" not found under .genaiops/endpoints (deploy with --target local first)`
        );
      if (o.foreground) {
        await runEndpointServerProcess(dir, o.port);
        await new Promise<never>(() => undefined);
      }
      const endpoints = new LocalEndpoints(root, { environ: process.env, reporter });
      const info = await endpoints.ensureServer(name);
      printJson({
        endpoint: name,
        pid: info.pid,
        url: info.url,
        scoringUri: `${info.url}/score`,
        log: `${dir}/server.log`
      });
    });
}

import type { Command } from 'commander';
import { listLocalEndpoints, stopLocalEndpoint, type Reporter } from '@genaiops/core';
import { printJson } from './kv.js';

/** `genaiops endpoint list|stop`: the local endpoints under .genaiops/endpoints. */
export function registerEndpointCommands(program: Command, reporter: Reporter): void {
  const endpoint = program
    .command('endpoint')
    .description('local endpoints (state under .genaiops/endpoints)');
  endpoint
    .command('list')
    .description('every local endpoint: running or not, URL, traffic, deployments (JSON)')
    .action(() => printJson(listLocalEndpoints(process.cwd())));
  endpoint
    .command('stop')
    .description("stop a local endpoint's server (keeps its state; genaiops serve starts it again)")
    .argument('<name>', 'endpoint name')
    .option('--delete', 'also delete the endpoint (keys, deployments)')
    .action(async (name: string, o: { delete?: boolean }) => {
      const was = await stopLocalEndpoint(process.cwd(), name, { remove: o.delete });
      reporter.info(`endpoint ${name}: ${was ? 'stopped' : 'was not running'}${o.delete ? '; deleted' : ''}`);
    });
}

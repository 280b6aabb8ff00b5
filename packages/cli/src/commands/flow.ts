import type { Command } from 'commander';
import { mockWarning, UserError, type Reporter } from '@genaiops/core';
import {
  describeLineError,
  flowConnectionNames,
  loadFlow,
  testFlow,
  withMockConnections
} from '@genaiops/core/engine';
import { mockOption } from '../options.js';
import { collect, flowInputs, printJson } from './kv.js';

export interface FlowTestCliOptions {
  flow: string;
  inputs?: string[];
  node?: string;
  variant?: string;
  envFile?: string;
  dotenv?: string;
  mock?: boolean;
  init?: string[];
}

/** `genaiops flow test`: one line (or one node); prints the outputs as JSON on stdout. */
export async function flowTest(opts: FlowTestCliOptions, reporter: Reporter): Promise<void> {
  let environ = process.env;
  if (opts.mock) {
    const names = flowConnectionNames(loadFlow(opts.flow, { displayRoot: process.cwd() }));
    environ = withMockConnections(environ, names);
    reporter.warn(mockWarning(names, true));
  }
  const result = await testFlow({
    flow: opts.flow,
    environ,
    inputs: flowInputs(opts.inputs),
    ...(opts.init ? { init: flowInputs(opts.init, '--init') } : {}),
    node: opts.node,
    variant: opts.variant,
    dotenvFile: opts.dotenv ?? opts.envFile,
    reporter
  });
  for (const n of result.nodes) if (n.logs) reporter.info(`[${n.node}] ${n.logs.replace(/\s+$/, '')}`);
  if (result.status !== 'Completed') {
    const e = result.error;
    throw new UserError(
      `flow test failed: ${describeLineError(e)}${e?.traceback ? '\n' + e.traceback.replace(/\s+$/, '') : ''}`
    );
  }
  printJson(result.outputs, reporter);
}

export function registerFlowCommands(program: Command, reporter: Reporter): void {
  const flow = program.command('flow').description('flows on the local engine (as `pf flow`)');
  flow
    .command('test')
    .description('run one line of a flow (or one node) and print its outputs as JSON')
    .requiredOption('--flow <dir>', 'flow folder (holds flow.dag.yaml or flow.flex.yaml), or a .prompty file')
    .option(
      '--inputs <key=value...>',
      'input values (JSON when they parse, else text), or a .json/.jsonl file',
      collect
    )
    .option(
      '--init <key=value...>',
      "flex class entry: __init__ arguments (JSON values), or a .json file (default: the flow's sample.init)",
      collect
    )
    .option('--node <name>', 'run only this node (its inputs by name in --inputs)')
    .option('--variant <variant>', 'the variant to use, e.g. ${classify.variant_1}')
    .option('--dotenv <file>', 'a .env file holding connections (default .env in the current folder)')
    .addOption(mockOption())
    .option(
      '--env-file <file>',
      "same as --dotenv; prefer --dotenv when running the genaiops bin: node itself acts on a script's --env-file (nodejs/node#54232)"
    )
    .action((opts: FlowTestCliOptions) => flowTest(opts, reporter));
}

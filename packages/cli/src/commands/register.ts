import { Option, type Command } from 'commander';
import { register, type RegisterWhat, type Reporter } from '@genaiops/core';
import { printJson } from './kv.js';
import { backendOption, targetOption } from '../options.js';

/** `genaiops register <use-case> --env E`: data and flow versions, only when their content changed. */
export function registerRegisterCommand(program: Command, reporter: Reporter): void {
  program
    .command('register')
    .description(
      "register the environment's datasets and the flow as new versions, only when their content changed; prints JSON"
    )
    .argument('<use-case>', 'use-case folder (holds llmops_config.json)')
    .requiredOption('--env <env>', 'environment of llmops_config.json')
    .addOption(backendOption())
    .addOption(targetOption())
    .addOption(
      new Option('--what <what>', 'what to register').choices(['data', 'flow', 'all']).default('all')
    )
    .option('--model-name <name>', 'model name of the flow (default <use-case>_<env>)')
    .action(
      async (
        useCase: string,
        o: {
          env: string;
          backend?: 'local' | 'azure';
          target?: 'local' | 'managed' | 'kubernetes';
          what: RegisterWhat;
          modelName?: string;
        }
      ) => {
        const r = await register(
          { useCase, env: o.env, backend: o.backend, target: o.target, what: o.what, modelName: o.modelName },
          reporter
        );
        printJson({ target: r.target, datasets: r.datasets, model: r.model });
      }
    );
}

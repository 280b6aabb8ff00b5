import { InvalidArgumentError, type Command } from 'commander';
import {
  defaultBuildId,
  deploy,
  integrationTestHook,
  promote,
  rollback,
  UserError,
  type DeployResult,
  type Reporter
} from '@genaiops/core';
import { printJson } from './kv.js';
import { backendOption, targetOption } from '../options.js';

const percent = (v: string) => {
  if (!/^-?\d+$/.test(v.trim())) throw new InvalidArgumentError('expected a whole percent');
  return Number(v);
};
const count = (v: string) => {
  if (!/^\d+$/.test(v.trim())) throw new InvalidArgumentError('expected a whole number');
  return Number(v);
};

/** A JSON object given on the command line (`--expected`). */
export function jsonObject(text: string | undefined, option: string): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${option}: not JSON (${(e as Error).message})`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new UserError(`${option}: expected a JSON object`);
  return v as Record<string, unknown>;
}

/** What the three release commands print. */
function printRelease(r: DeployResult, reporter: Pick<Reporter, 'mask'>): void {
  printJson(
    {
      operation: r.operation,
      changed: r.changed,
      message: r.message,
      target: r.target,
      endpoint: r.endpoint,
      deployment: r.deployment,
      model: r.model,
      scoringUri: r.scoringUri,
      trafficBefore: r.trafficBefore,
      traffic: r.traffic,
      deploymentsBefore: r.deploymentsBefore,
      deploymentsAfter: r.deploymentsAfter
    },
    reporter
  );
}

/**
 * `genaiops deploy <use-case> --env E`: a release into the slot that is not live (smoke-tested
 * alone, then its share); `promote` and `rollback` finish it.
 */
export function registerDeployCommand(program: Command, reporter: Reporter): void {
  program
    .command('deploy')
    .description(
      'release the registered flow: into the deployment slot that is not live, at 0 %, smoke-tested alone, then its configured share beside the live one (traffic put back on failure); prints JSON'
    )
    .argument('<use-case>', 'use-case folder (holds llmops_config.json)')
    .requiredOption('--env <env>', 'environment of llmops_config.json')
    .addOption(backendOption())
    .addOption(targetOption())
    .option('--model-version <version>', 'flow version to deploy (default: the latest registered)')
    .option('--model-name <name>', 'model name of the flow (default <use-case>_<env>)')
    .option('--endpoint <name>', "override the environment's endpoint name")
    .option('--deployment <name>', 'override the first deployment slot')
    .option('--previous <name>', 'override the other deployment slot ("" for none: update in place)')
    .option('--traffic <percent>', 'percent of traffic for the new release', percent)
    .option('--instance-type <type>', 'override the instance type')
    .option('--instance-count <n>', 'override the instance count', count)
    .option('--sample-request <file>', 'override the sample request file (relative to the use-case)')
    .option('--expected <json>', 'JSON object of output values the smoke test of the new deployment must see')
    .option('--force', 'release even when the same version and settings are already out')
    .option(
      '--no-integration-test',
      "skip the environment's integrationTest (its evaluation datasets through the new deployment, evaluated and gated)"
    )
    .option(
      '--build-id <id>',
      'names the integration-test runs (default: the workflow run id, else the time)'
    )
    .action(async (useCase: string, o) => {
      const afterSmokeTest =
        o.integrationTest === false
          ? undefined
          : integrationTestHook(
              {
                useCase,
                env: o.env,
                backend: o.backend,
                target: o.target,
                buildId: o.buildId ?? defaultBuildId(process.env)
              },
              reporter
            );
      printRelease(
        await deploy(
          {
            useCase,
            env: o.env,
            backend: o.backend,
            target: o.target,
            afterSmokeTest,
            modelVersion: o.modelVersion,
            modelName: o.modelName,
            expected: jsonObject(o.expected, '--expected'),
            force: o.force,
            overrides: {
              endpoint: o.endpoint,
              deployment: o.deployment,
              previous: o.previous,
              traffic: o.traffic,
              instanceType: o.instanceType,
              instanceCount: o.instanceCount,
              sampleRequest: o.sampleRequest
            }
          },
          reporter
        ),
        reporter
      );
    });

  const finish = (name: 'promote' | 'rollback', description: string) => {
    const cmd = program
      .command(name)
      .description(description)
      .argument('<use-case>', 'use-case folder (holds llmops_config.json)')
      .requiredOption('--env <env>', 'environment of llmops_config.json')
      .addOption(backendOption())
      .addOption(targetOption())
      .option('--endpoint <name>', "override the environment's endpoint name")
      .option('--deployment <name>', 'override the first deployment slot')
      .option('--previous <name>', 'override the other deployment slot');
    if (name === 'promote')
      cmd
        .option(
          '--keep-previous',
          'keep the older deployment at 0 % (the default unless the config says otherwise)'
        )
        .option('--no-keep-previous', 'delete the older deployment')
        .option(
          '--expected <json>',
          'JSON object of output values the smoke test before the promote must see'
        );
    cmd.action(async (useCase: string, o) => {
      const run = name === 'promote' ? promote : rollback;
      printRelease(
        await run(
          {
            useCase,
            env: o.env,
            backend: o.backend,
            target: o.target,
            expected: jsonObject(o.expected, '--expected'),
            overrides: {
              endpoint: o.endpoint,
              deployment: o.deployment,
              previous: o.previous,
              keepPrevious: o.keepPrevious
            }
          },
          reporter
        ),
        reporter
      );
    });
  };
  finish(
    'promote',
    'finish a release: the newest release (smoke-tested alone first) takes 100 % of the traffic; the older deployment is kept at 0 % or deleted (keepPrevious); prints JSON'
  );
  finish(
    'rollback',
    'undo a release: the deployment the newest release displaced takes 100 % again; the newest stays at 0 %; prints JSON'
  );
}

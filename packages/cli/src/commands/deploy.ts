import { InvalidArgumentError, type Command } from 'commander';
import { defaultBuildId, deploy, integrationTestHook, UserError, type Reporter } from '@genaiops/core';
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

/** `genaiops deploy <use-case> --env E`: the safe A/B rollout of the registered flow. */
export function registerDeployCommand(program: Command, reporter: Reporter): void {
  program
    .command('deploy')
    .description(
      'deploy the registered flow to the online endpoint: new deployment at 0 %, smoke test, then the A/B split (rolled back on failure); prints JSON'
    )
    .argument('<use-case>', 'use-case folder (holds llmops_config.json)')
    .requiredOption('--env <env>', 'environment of llmops_config.json')
    .addOption(backendOption())
    .addOption(targetOption())
    .option('--model-version <version>', 'flow version to deploy (default: the latest registered)')
    .option('--model-name <name>', 'model name of the flow (default <use-case>_<env>)')
    .option('--endpoint <name>', "override the environment's endpoint name")
    .option('--deployment <name>', "override the new deployment's name")
    .option('--previous <name>', 'override the previous deployment ("" for none)')
    .option('--traffic <percent>', 'percent of traffic for the new deployment', percent)
    .option('--instance-type <type>', 'override the instance type')
    .option('--instance-count <n>', 'override the instance count', count)
    .option('--sample-request <file>', 'override the sample request file (relative to the use-case)')
    .option('--expected <json>', 'JSON object of output values the smoke test of the new deployment must see')
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
      const r = await deploy(
        {
          useCase,
          env: o.env,
          backend: o.backend,
          target: o.target,
          afterSmokeTest,
          modelVersion: o.modelVersion,
          modelName: o.modelName,
          expected: jsonObject(o.expected, '--expected'),
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
      );
      printJson({
        target: r.target,
        endpoint: r.endpoint,
        deployment: r.deployment,
        model: r.model,
        scoringUri: r.scoringUri,
        trafficBefore: r.trafficBefore,
        traffic: r.traffic
      });
    });
}

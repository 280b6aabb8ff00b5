import type { Command } from 'commander';
import { smokeTest, UserError, type Reporter } from '@genaiops/core';
import { jsonObject } from './deploy.js';
import { positiveInt, printJson } from './kv.js';
import { backendOption, targetOption } from '../options.js';

/** `genaiops smoke-test <use-case> --env E`: the sample request against the endpoint; exit 1 when a check fails. */
export function registerSmokeTestCommand(program: Command, reporter: Reporter): void {
  program
    .command('smoke-test')
    .description(
      "call the deployed endpoint with the use-case's sample request and check the answer; prints JSON, exits 1 when it fails"
    )
    .argument('<use-case>', 'use-case folder (holds llmops_config.json)')
    .requiredOption('--env <env>', 'environment of llmops_config.json')
    .addOption(backendOption())
    .addOption(targetOption())
    .option('--deployment <name>', 'send to this deployment only (deployment header)')
    .option('--requests <n>', 'number of requests (p50/p95 latency when more than one)', positiveInt, 1)
    .option('--concurrency <n>', 'requests in flight at once', positiveInt, 1)
    .option(
      '--expected <json>',
      'JSON object of output values the answer must have: a value (equal), {"$contains": "text"}, {"$regex": "pattern"}, or an object (JSON subset)'
    )
    .option('--endpoint <name>', "override the environment's endpoint name")
    .action(async (useCase: string, o) => {
      const r = await smokeTest(
        {
          useCase,
          env: o.env,
          backend: o.backend,
          target: o.target,
          deployment: o.deployment,
          requests: o.requests,
          concurrency: o.concurrency,
          expected: jsonObject(o.expected, '--expected'),
          endpoint: o.endpoint
        },
        reporter
      );
      printJson(
        {
          status: r.status,
          endpoint: r.endpoint,
          deployment: r.deployment,
          requests: r.requests,
          sent: r.sent,
          succeeded: r.succeeded,
          p50Ms: r.p50Ms,
          p95Ms: r.p95Ms,
          answeredBy: r.answeredBy,
          failures: r.failures,
          response: r.response
        },
        reporter
      );
      if (r.status !== 'passed')
        throw new UserError(
          `smoke test of ${r.deployment ? `${r.endpoint}/${r.deployment}` : r.endpoint} failed`
        );
    });
}

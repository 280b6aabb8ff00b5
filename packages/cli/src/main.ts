import { Command, CommanderError } from 'commander';
import { changedInGit, isUserError, UserError, WarnOnceReporter, type Reporter } from '@genaiops/core';
import { registerFlowCommands } from './commands/flow.js';
import { migrate } from './commands/migrate.js';
import { pipeline } from './commands/pipeline.js';
import { registerRunCommands } from './commands/run.js';
import { registerExperimentCommand } from './commands/experiment.js';
import { registerEvaluateCommand } from './commands/evaluate.js';
import { registerMonitorCommand } from './commands/monitor.js';
import { registerRegisterCommand } from './commands/register.js';
import { registerDeployCommand } from './commands/deploy.js';
import { registerSmokeTestCommand } from './commands/smoke-test.js';
import { registerServeCommand } from './commands/serve.js';
import { registerEndpointCommands } from './commands/endpoint.js';
import { registerInitCommand } from './commands/init.js';
import { formatPlan, validate } from './commands/validate.js';
import { TerminalReporter } from './terminal-reporter.js';
import {
  backendOption,
  llmCacheOption,
  llmCacheSetting,
  mockOption,
  noLlmCacheOption,
  targetOption
} from './options.js';

/** Exit codes: 0 ok, 1 the user's mistake (bad input, failed gate), 2 our bug. */
export const EXIT = { ok: 0, user: 1, internal: 2 } as const;

export function buildProgram(reporter: Reporter = new TerminalReporter()): Command {
  const program = new Command('genaiops')
    .description(
      'GenAIOps with prompt flow: experiment, evaluate, register, deploy and smoke-test LLM flows.'
    )
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();

  program
    .command('validate')
    .description('check a use-case config and its flows, and print the plan of every environment')
    .argument('<use-case>', 'use-case folder (holds llmops_config.json)')
    .option('--env <env>', 'only this environment')
    .addOption(backendOption())
    .addOption(targetOption())
    .option('--json', 'print the plan as JSON on stdout')
    .action(async (dir: string, opts) => {
      const plans = await validate(dir, opts);
      if (opts.json) process.stdout.write(JSON.stringify(plans, null, 2) + '\n');
      else process.stdout.write(plans.map(formatPlan).join('\n\n') + '\n');
    });

  program
    .command('migrate')
    .description(
      'rewrite a legacy (Python template) use-case as the current llmops_config.json; the old file is kept'
    )
    .argument('<use-case>', 'use-case folder in the legacy layout')
    .option('--dry-run', 'print the new llmops_config.json instead of writing it')
    .action((dir: string, opts) => {
      process.stdout.write(migrate(dir, opts) + '\n');
    });

  program
    .command('pipeline')
    .description(
      'run the main job on the embedded default (local backend) for the given use-cases, or all under use-cases/'
    )
    .argument('[use-cases...]', 'use-case folders')
    .option('--env <env>', 'environment whose data is experimented on and evaluated', 'pr')
    .option('--deploy-env <env>', 'environment whose deployment is rehearsed on the local target', 'dev')
    .option(
      '--deploy-use-case <name>',
      'the use-case to register, deploy and smoke-test (default: the first with a deployment)'
    )
    .option('--force', 'register and deploy even when a gate failed (loud; never the default)')
    .addOption(mockOption())
    .addOption(llmCacheOption())
    .addOption(noLlmCacheOption())
    .action(async (dirs: string[], o) => {
      const { passed } = await pipeline(
        {
          useCases: dirs,
          env: o.env,
          deployEnv: o.deployEnv,
          deployUseCase: o.deployUseCase,
          force: o.force === true,
          mock: o.mock === true,
          llmCache: llmCacheSetting(o.llmCache as boolean | undefined, process.env),
          cwd: process.cwd(),
          environ: process.env
        },
        reporter
      );
      if (!passed)
        throw new UserError('the pipeline finished, but a gate or an evaluation run failed (see above)');
    });

  program
    .command('changed')
    .description(
      'print, as a JSON array, the use-case folders changed between two commits (every one when shared code changed)'
    )
    .option('--base <rev>', 'older commit (none or all zeros: every use-case)')
    .option('--head <rev>', 'newer commit', 'HEAD')
    .option('--root <dir...>', 'only use-cases under these folders (default: the whole repository)')
    .option(
      '--shared <glob...>',
      'shared code (default: everything outside use-cases but docs/**/*.md; !glob excludes)'
    )
    .option('--all', 'every use-case, whatever changed')
    .action(async (opts) => {
      process.stdout.write(JSON.stringify(changedInGit(opts, reporter)) + '\n');
    });

  registerInitCommand(program, reporter);
  registerFlowCommands(program, reporter);
  registerRunCommands(program, reporter);
  registerExperimentCommand(program, reporter);
  registerEvaluateCommand(program, reporter);
  registerMonitorCommand(program, reporter);
  registerRegisterCommand(program, reporter);
  registerDeployCommand(program, reporter);
  registerSmokeTestCommand(program, reporter);
  registerServeCommand(program, reporter);
  registerEndpointCommands(program, reporter);

  return program;
}

/** Runs the CLI and returns the exit code; errors never escape as stack traces for the user's mistakes. */
export async function run(argv: string[], outer: Reporter = new TerminalReporter()): Promise<number> {
  // a warning repeated (per run, per line) is printed once, with its count at the end
  const reporter = new WarnOnceReporter(outer);
  // the live progress lines end before the last words (an error, the warnings' counts)
  const endProgress = () => {
    if (outer instanceof TerminalReporter) outer.close();
  };
  try {
    await buildProgram(reporter).parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    endProgress();
    if (e instanceof CommanderError)
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version'
        ? EXIT.ok
        : EXIT.user;
    if (isUserError(e)) {
      reporter.error(e.message);
      return EXIT.user;
    }
    reporter.error(`internal error (please report it): ${(e as Error)?.stack ?? e}`);
    return EXIT.internal;
  } finally {
    endProgress();
    reporter.flush();
  }
}

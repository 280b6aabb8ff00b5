import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import {
  EVALUATOR_KINDS,
  FLOW_KINDS,
  initUseCase,
  UserError,
  type EvaluatorKind,
  type FlowKind,
  type Reporter
} from '@genaiops/core';

interface InitCliOptions {
  flow?: FlowKind;
  evaluator?: EvaluatorKind;
  envs?: string;
  from?: string;
}

/** On a terminal, asks for what the flags did not give; elsewhere the defaults apply. */
async function ask(o: InitCliOptions): Promise<InitCliOptions> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return o;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const choose = async <T extends string>(question: string, choices: T[], fallback: T): Promise<T> => {
    for (;;) {
      const a = (await rl.question(`${question} (${choices.join('/')}) [${fallback}]: `)).trim();
      if (!a) return fallback;
      if ((choices as string[]).includes(a)) return a as T;
      process.stdout.write(`expected one of ${choices.join(', ')}\n`);
    }
  };
  try {
    const flow = o.from ? o.flow : (o.flow ?? (await choose('flow kind', ['dag'] as FlowKind[], 'dag')));
    const evaluator = o.evaluator ?? (await choose('evaluator', EVALUATOR_KINDS, 'f1'));
    const envs = o.envs ?? ((await rl.question('environments [pr,dev]: ')).trim() || 'pr,dev');
    return { ...o, flow, evaluator, envs };
  } finally {
    rl.close();
  }
}

export function registerInitCommand(program: Command, reporter: Reporter): void {
  program
    .command('init')
    .description(
      'write a new use-case (flow with two variants, dataset, evaluation flow, gate, pr/dev envs with a local deployment) that validates and runs on the mock provider at once'
    )
    .argument('<folder>', 'the use-case folder to create')
    .option('--flow <kind>', `flow kind: ${FLOW_KINDS.join('|')} (default dag)`)
    .option('--evaluator <kind>', `evaluation: ${EVALUATOR_KINDS.join('|')} (default f1)`)
    .option('--envs <list>', 'environments, comma-separated (default pr,dev)')
    .option('--from <flow-folder>', 'wrap an existing prompt flow folder (copied to flows/standard)')
    .action(async (folder: string, given: InitCliOptions) => {
      const o = await ask(given);
      const envs = o.envs
        ?.split(',')
        .map((e) => e.trim())
        .filter(Boolean);
      if (o.envs !== undefined && !envs?.length) throw new UserError('--envs: expected e.g. pr,dev');
      const result = initUseCase({ folder, flow: o.flow, evaluator: o.evaluator, envs, from: o.from });
      for (const f of result.files) reporter.info(`  ${f}`);
      for (const n of result.notes) reporter.warn(n);
      process.stdout.write(
        `created use-case "${result.name}" in ${folder}\nnext: npx genaiops validate ${folder} && npx genaiops pipeline ${folder} --mock\n`
      );
    });
}

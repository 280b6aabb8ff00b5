import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  CONFIG_FILE,
  deploy,
  evaluate,
  experiment,
  loadUseCase,
  outputLayout,
  register,
  smokeTest,
  stopLocalEndpoint,
  UserError,
  type Reporter,
  type UseCase
} from '@genaiops/core';
import {
  flowConnectionNames,
  LLM_CACHE_VARIABLE,
  loadFlow,
  readDotenv,
  withMockConnections
} from '@genaiops/core/engine';

/** Every folder under `root` that holds an llmops_config.json, sorted. */
export function findUseCases(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(root, d.name, CONFIG_FILE)))
    .map((d) => path.join(root, d.name))
    .sort();
}

export interface PipelineOptions {
  /** Use-case folders; default every folder under use-cases/. */
  useCases: string[];
  /** Environment whose data the experiment and evaluation use (default pr). */
  env: string;
  /** Environment deployed locally (default dev); its deployment is rehearsed with target local. */
  deployEnv: string;
  /** The use-case that is registered, deployed and smoke-tested (default the first). */
  deployUseCase?: string;
  /** Every LLM connection on the mock provider (else only those that are not configured). */
  mock?: boolean;
  /** Register and deploy even when a gate or an evaluation run failed (loud; default false). */
  force?: boolean;
  /**
   * The LLM cache (`--llm-cache`): for the experiment and evaluation runs, and for the endpoint
   * server of the rehearsed release (its smoke tests then answer from the cache too).
   */
  llmCache?: boolean;
  cwd: string;
  environ: NodeJS.ProcessEnv;
}

/**
 * The main job on the embedded default, all on this machine: for every use-case, experiment and
 * evaluate on the local backend; then register, deploy with an A/B split and smoke-test one
 * use-case on the local target. When a flow's LLM connection is not configured, the flows run on
 * the mock provider (in this process: a deployment keeps no URL of a process that stops with the
 * pipeline), and every output says so.
 */
export async function pipeline(opts: PipelineOptions, reporter: Reporter): Promise<{ passed: boolean }> {
  const dirs = opts.useCases.length ? opts.useCases : findUseCases(path.join(opts.cwd, 'use-cases'));
  if (!dirs.length)
    throw new UserError('no use-case found: pass use-case folders, or run from a folder with use-cases/');
  const useCases = dirs.map((d) => loadUseCase(d, { env: opts.env, environ: opts.environ }));
  const dotenv = existsSync(path.join(opts.cwd, '.env')) ? readDotenv(path.join(opts.cwd, '.env')) : {};
  const connections = [
    ...new Set(
      useCases.flatMap((uc) =>
        [uc.config.flow, ...uc.config.evaluators.map((e) => e.flow)].flatMap((f) =>
          flowConnectionNames(loadFlow(path.join(uc.dir, f), { displayRoot: opts.cwd }))
        )
      )
    )
  ];
  // --mock: every connection; else only those not configured (said loudly by every stage)
  const mocked = opts.mock ? connections : connections.filter((name) => !opts.environ[name] && !dotenv[name]);
  if (mocked.length && !opts.mock)
    reporter.warn(
      `No LLM connection ${mocked.map((n) => `"${n}"`).join(', ')} is configured, so the flows run on the MOCK provider. ` +
        `Set ${mocked[0]}='{"api_type":"azure","api_base":"…","api_key":"…","api_version":"…"}' (environment or .env) to use a real model.`
    );
  const environ = withMockConnections(opts.environ, mocked);
  const common = { cwd: opts.cwd, environ, backend: 'local' as const };
  const runs = { ...common, llmCache: opts.llmCache };
  let passed = true;
  for (const uc of useCases) {
    const useCase = path.relative(opts.cwd, uc.dir);
    await reporter.group(
      `${uc.config.name}: experiment and evaluate (env ${opts.env}, local backend)`,
      async () => {
        const layout = outputLayout(uc.config.name, opts.env);
        const exp = await experiment(
          { ...runs, useCase, env: opts.env, manifest: layout.manifest },
          reporter
        );
        reporter.info(`${exp.succeeded} experiment run(s) completed, ${exp.failed} failed`);
        const ev = await evaluate(
          {
            ...runs,
            useCase,
            env: opts.env,
            ...layout,
            buildId: exp.buildId
          },
          reporter
        );
        reporter.info(`reports: ${ev.reports.html}`);
        if (!ev.passed) passed = false;
      }
    );
  }
  const target = pickDeployUseCase(useCases, opts);
  // the endpoint server reads the LLM cache setting from the environment it is started with
  const served =
    opts.llmCache === undefined ? environ : { ...environ, [LLM_CACHE_VARIABLE]: opts.llmCache ? '1' : '0' };
  if (target && guarded(passed, opts.force, reporter))
    await deployLocally(target, opts, { ...common, environ: served, target: 'local' as const }, reporter);
  return { passed };
}

/**
 * Gates guard everything after them: a red gate (or a failed evaluation run) stops the pipeline
 * before register; `--force` goes on, and says so as loudly as it can.
 */
function guarded(passed: boolean, force: boolean | undefined, reporter: Reporter): boolean {
  if (passed) return true;
  if (!force) {
    reporter.error(
      'a gate or an evaluation run failed: nothing is registered or deployed (fix the flow or the gate; --force deploys anyway)'
    );
    return false;
  }
  reporter.warn(
    '--force: REGISTERING AND DEPLOYING PAST A FAILED GATE OR EVALUATION RUN. The deployed flow did not pass its evaluation.'
  );
  return true;
}

function pickDeployUseCase(useCases: UseCase[], opts: PipelineOptions): UseCase | undefined {
  const wanted = opts.deployUseCase;
  const withDeployment = (uc: UseCase) =>
    loadUseCase(uc.dir, { env: opts.deployEnv, environ: opts.environ }).config.environments[opts.deployEnv]
      ?.deployment;
  const found = wanted
    ? useCases.find((uc) => uc.config.name === wanted || path.resolve(uc.dir) === path.resolve(wanted))
    : useCases.find((uc) => uc.config.environments !== undefined && safe(() => withDeployment(uc)));
  if (wanted && !found)
    throw new UserError(`--deploy-use-case ${wanted}: not among the use-cases of this run`);
  return found;
}

const safe = <T>(fn: () => T): T | undefined => {
  try {
    return fn();
  } catch {
    return undefined;
  }
};

/**
 * Register, then an A/B rollout on the local target: the previous deployment first (if the
 * endpoint has none yet) so that the configured split has two sides, then the new deployment at
 * 0 %, smoke-tested alone, then the split.
 */
async function deployLocally(
  uc: UseCase,
  opts: PipelineOptions,
  common: { cwd: string; environ: NodeJS.ProcessEnv; backend: 'local'; target: 'local' },
  reporter: Reporter
) {
  const useCase = path.relative(opts.cwd, uc.dir);
  const env = opts.deployEnv;
  const dep = loadUseCase(uc.dir, { env, environ: opts.environ }).config.environments[env]?.deployment;
  if (!dep) return;
  await reporter.group(
    `${uc.config.name}: register, deploy (A/B) and smoke-test (env ${env}, local target)`,
    async () => {
      const reg = await register({ ...common, useCase, env }, reporter);
      reporter.info(
        `flow ${reg.model?.name}:${reg.model?.version} (${reg.model?.created ? 'new version' : 'unchanged, reused'})`
      );
      if (dep.previous) {
        const first = await deploy(
          { ...common, useCase, env, overrides: { deployment: dep.previous, previous: '', traffic: 100 } },
          reporter
        );
        reporter.info(`previous deployment ${first.deployment} serves ${JSON.stringify(first.traffic)}`);
      }
      // the same version beside itself (a rehearsal of the split): only when forced
      const result = await deploy({ ...common, useCase, env, force: true }, reporter);
      reporter.info(
        `endpoint ${result.endpoint} at ${result.scoringUri}: traffic ${JSON.stringify(result.traffic)}`
      );
      const smoke = await smokeTest({ ...common, useCase, env, requests: 20 }, reporter);
      reporter.info(`smoke test ${smoke.status}`, smoke.status === 'passed' ? 'pass' : 'fail');
      if (smoke.status !== 'passed') throw new UserError(`smoke test of ${result.endpoint} failed`);
      // A main job leaves nothing running behind it (and a stand-in model stops with it).
      await stopLocalEndpoint(opts.cwd, result.endpoint);
      reporter.info(
        `stopped the local endpoint ${result.endpoint} (restart it with: npx genaiops serve ${result.endpoint})`
      );
    }
  );
}

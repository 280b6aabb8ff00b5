import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  CONFIG_FILE,
  deploy,
  evaluate,
  experiment,
  loadFlow,
  loadUseCase,
  readDotenv,
  register,
  smokeTest,
  stopLocalEndpoint,
  UserError,
  type Flow,
  type Reporter,
  type UseCase
} from '@genaiops/core';

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
  cwd: string;
  environ: NodeJS.ProcessEnv;
}

/** LLM connection names the flows of a use-case use (llm nodes and their variants). */
function connectionNames(flow: Flow): string[] {
  if (flow.kind !== 'dag') return [];
  const bodies = [
    ...flow.nodes.filter((n) => !n.useVariants),
    ...Object.values(flow.nodeVariants).flatMap((v) => Object.values(v.variants))
  ] as { type: string; connection?: string }[];
  return bodies.filter((b) => b.type === 'llm' && b.connection).map((b) => b.connection!);
}

/**
 * The main job on the embedded default, all on this machine: for every use-case, experiment and
 * evaluate on the local backend; then register, deploy with an A/B split and smoke-test one
 * use-case on the local target. When a flow's LLM connection is not configured, the flows run
 * against the stub LLM (a stand-in model from the testkit), and the output says so.
 */
export async function pipeline(opts: PipelineOptions, reporter: Reporter): Promise<{ passed: boolean }> {
  const dirs = opts.useCases.length ? opts.useCases : findUseCases(path.join(opts.cwd, 'use-cases'));
  if (!dirs.length)
    throw new UserError('no use-case found: pass use-case folders, or run from a folder with use-cases/');
  const useCases = dirs.map((d) => loadUseCase(d, { env: opts.env, environ: opts.environ }));
  const dotenv = existsSync(path.join(opts.cwd, '.env')) ? readDotenv(path.join(opts.cwd, '.env')) : {};
  const environ = { ...opts.environ };
  const missing = [
    ...new Set(
      useCases.flatMap((uc) =>
        [uc.config.flow, ...uc.config.evaluators.map((e) => e.flow)].flatMap((f) =>
          connectionNames(loadFlow(path.join(uc.dir, f), { displayRoot: opts.cwd }))
        )
      )
    )
  ].filter((name) => !environ[name] && !dotenv[name]);

  const stubs: { stop(): Promise<void> }[] = [];
  if (missing.length) {
    // Dev-only package: loaded only when a stand-in model is needed.
    const { startStubLlm, demoRules } = await import('@genaiops/testkit');
    const stub = await startStubLlm({
      rules: useCases.flatMap((uc) => demoRules(uc)),
      latencyMs: 20,
      defaultReply: 'unknown'
    });
    stubs.push(stub);
    for (const name of missing) environ[name] = stub.connectionJson('azure');
    reporter.warn(
      `No LLM connection ${missing.map((n) => `"${n}"`).join(', ')} is configured, so the flows run against the STUB LLM ` +
        `(a stand-in model on ${stub.url} that answers the sample datasets from their ground truth, with a set error rate). ` +
        `Set ${missing[0]}='{"api_type":"azure","api_base":"…","api_key":"…","api_version":"…"}' (environment or .env) to use a real model.`
    );
  }
  const common = { cwd: opts.cwd, environ, backend: 'local' as const };
  let passed = true;
  try {
    for (const uc of useCases) {
      const useCase = path.relative(opts.cwd, uc.dir);
      await reporter.group(
        `${uc.config.name}: experiment and evaluate (env ${opts.env}, local backend)`,
        async () => {
          const manifest = path.join('.genaiops', uc.config.name, 'run-manifest.json');
          const exp = await experiment({ ...common, useCase, env: opts.env, manifest }, reporter);
          reporter.info(`${exp.succeeded} experiment run(s) completed, ${exp.failed} failed`);
          const ev = await evaluate(
            {
              ...common,
              useCase,
              env: opts.env,
              manifest,
              buildId: exp.buildId,
              reportsDir: path.join('reports', uc.config.name),
              evaluationManifest: path.join('.genaiops', uc.config.name, 'evaluation-manifest.json')
            },
            reporter
          );
          reporter.info(`reports: ${ev.reports.html}`);
          if (!ev.passed) passed = false;
        }
      );
    }
    const target = pickDeployUseCase(useCases, opts);
    if (target) await deployLocally(target, opts, { ...common, target: 'local' as const }, reporter);
  } finally {
    for (const s of stubs) await s.stop();
  }
  return { passed };
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
      reporter.info(`smoke test ${smoke.status}`);
      if (smoke.status !== 'passed') throw new UserError(`smoke test of ${result.endpoint} failed`);
      // A main job leaves nothing running behind it (and a stand-in model stops with it).
      await stopLocalEndpoint(opts.cwd, result.endpoint);
      reporter.info(
        `stopped the local endpoint ${result.endpoint} (restart it with: npx genaiops serve ${result.endpoint})`
      );
    }
  );
}

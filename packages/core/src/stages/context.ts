/**
 * What every run stage does first: load the use-case for the environment, plan it, check the
 * inputs that would only fail later (empty data, unmapped columns, evaluators with nothing to
 * evaluate), and set up the backend.
 */
import path from 'node:path';
import { resolvePfazure } from '../azure/pf/pfazure.js';
import { loadUseCase } from '../config/load.js';
import type { Backend, DeploymentTarget, EnvironmentConfig, UseCase } from '../config/model.js';
import { throwIfProblems, UserError } from '../errors.js';
import { loadFlow } from '../flow/load.js';
import type { Flow } from '../flow/model.js';
import { variantNodes } from '../flow/variants.js';
import { flowConnectionNames, mockConnectionNames, withMockConnections } from '../engine/llm/mock.js';
import { planEnvironment, slug, type EnvironmentPlan } from '../plan/plan.js';
import type { Reporter } from '../reporter.js';
import { toPosixRelative } from '../util/paths.js';
import { AzureRunBackend, LocalRunBackend, type RunBackend } from './backends.js';
import type { PollOptions } from './concurrency.js';
import { preflight, type PreflightOptions } from './preflight.js';

/** Options every run stage takes. */
export interface StageOptions {
  /** The use-case folder (holds llmops_config.json). */
  useCase: string;
  env: string;
  /** Override the environment's backend. */
  backend?: Backend;
  /** Override the deployment target. */
  target?: DeploymentTarget;
  /** Identifies the build in run names and tags: a rerun with the same id reuses completed runs. */
  buildId?: string;
  /** The workspace: base of relative paths and of the paths in manifests (default process.cwd()). */
  cwd?: string;
  /** Where connections, `${NAME}` values and PATH come from (default process.env). */
  environ?: NodeJS.ProcessEnv;
  /** Runs in flight at once (default 8). */
  concurrency?: number;
  /**
   * Run every LLM connection of the use-case's flows on the mock provider (deterministic, no
   * model; reports say its metrics are not meaningful). Local backend only.
   */
  mock?: boolean;
  /** Local backend: the run store (default `.genaiops/runs`). */
  storeRoot?: string;
  /**
   * Local backend: the LLM cache (`.genaiops/llm-cache`), over the environment's `llmCache`: true =
   * every model call of llm nodes, false = none, unset = the environment's setting (default: only
   * nodes with `enable_cache: true`).
   */
  llmCache?: boolean;
  /** Local backend tuning (defaults share one machine's CPUs and a 32-call LLM limit between the runs). */
  local?: {
    pythonWorkers?: number;
    llmConcurrency?: number;
    lineConcurrency?: number;
    /** One model call attempt gives up after this long (default 120 000 ms). */
    requestTimeoutMs?: number;
  };
  /** Cancels the stage: local runs stop feeding lines, finish those in flight and end Canceled. */
  signal?: AbortSignal;
  azure?: AzureStageOptions;
}

export interface AzureStageOptions {
  /** The pfazure executable (default: on PATH; installed with pip when missing). */
  pfazure?: string;
  /** Install promptflow[azure] when pfazure is missing (default true). */
  install?: boolean;
  /** Backoff of `pfazure run show` polling. */
  poll?: PollOptions;
  /** Where run results are downloaded (default `.genaiops/azure-runs`). */
  downloadsDir?: string;
  /** `--connections` overrides, `node.connection` → name. */
  connections?: Record<string, string>;
  /** Datasets registered as data assets: dataset → version, `name:version` or `azureml:name:version`. */
  registeredData?: Record<string, string>;
}

export const DEFAULT_CONCURRENCY = 8;

export interface RunStageContext {
  cwd: string;
  environ: NodeJS.ProcessEnv;
  useCase: UseCase;
  envConfig: EnvironmentConfig;
  plan: EnvironmentPlan;
  flow: Flow;
  concurrency: number;
  /** Connections this stage runs on the mock provider (by `mock`, or set so in the environment). */
  mock: string[];
  /** A path relative to the workspace, forward slashes. */
  rel: (p: string) => string;
}

export function prepareStage(opts: StageOptions, reporter?: Reporter): RunStageContext {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  let environ = opts.environ ?? process.env;
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UserError(`concurrency must be a positive whole number, got ${concurrency}`);
  const useCase = loadUseCase(path.resolve(cwd, opts.useCase), { env: opts.env, environ, displayRoot: cwd });
  const plan = planEnvironment(useCase, opts.env, {
    backend: opts.backend,
    target: opts.target,
    displayRoot: cwd
  });
  const flow = loadFlow(path.join(useCase.dir, useCase.config.flow), { displayRoot: cwd });
  const names = useCaseConnectionNames(useCase, flow, { displayRoot: cwd });
  const configured = Object.entries(useCase.config.environments[opts.env].connections ?? {})
    .filter(([, c]) => c.provider === 'mock')
    .map(([n]) => n);
  environ = withMockConnections(environ, opts.mock ? names : configured);
  const mock = mockConnectionNames(environ, names);
  if (mock.length) {
    if (plan.backend !== 'local')
      throw new UserError(
        `the mock provider (connection ${mock.join(', ')}) runs on the local backend only; environment "${opts.env}" uses the ${plan.backend} backend (add --backend local to rehearse it)`
      );
    reporter?.warn(mockWarning(mock, opts.mock === true));
  }
  return {
    cwd,
    environ,
    useCase,
    envConfig: useCase.config.environments[opts.env],
    plan,
    flow,
    concurrency,
    mock,
    rel: (p) => toPosixRelative(cwd, p)
  };
}

/** LLM connections of the standard flow and every evaluation flow of a use-case. */
export function useCaseConnectionNames(
  useCase: UseCase,
  flow: Flow,
  flowOptions: Parameters<typeof loadFlow>[1]
): string[] {
  const evaluators = useCase.config.evaluators.map((e) =>
    loadFlow(path.join(useCase.dir, e.flow), flowOptions)
  );
  return [...new Set([flow, ...evaluators].flatMap(flowConnectionNames))];
}

/** Said every time the mock is used: never silently. */
export function mockWarning(names: string[], flag: boolean): string {
  return (
    `MOCK PROVIDER: connection ${names.map((n) => `"${n}"`).join(', ')} ${flag ? 'runs on the mock provider (--mock)' : 'is set to the mock provider (provider "mock" in the config, or {"api_type":"mock"})'}: ` +
    'no model is called, answers echo the prompt, and the metrics are NOT MEANINGFUL'
  );
}

/** `<planned name>_<build id>`. */
export const runName = (planned: string, buildId: string) => slug(`${planned}_${buildId}`);

/** pf's `--variant` text for a selection: the one non-default node, or none. */
export function variantOption(flow: Flow, selection: Record<string, string>): string | undefined {
  const changed = variantNodes(flow).filter(
    (n) => selection[n.node] !== undefined && selection[n.node] !== n.defaultVariantId
  );
  if (changed.length > 1)
    throw new UserError(
      `${flow.displayFile}: pfazure runs one node's variant at a time (--variant \${node.variant}); the selection ${changed.map((n) => `${n.node}.${selection[n.node]}`).join('+')} changes ${changed.length} nodes — use "variants": "one-at-a-time" or the local backend`
    );
  return changed.length ? `\${${changed[0].node}.${selection[changed[0].node]}}` : undefined;
}

/**
 * The checks of `validate` for this stage's environment (see preflight.ts), before any run is
 * submitted: all problems in one UserError.
 */
export async function checkStageInputs(ctx: RunStageContext, opts: PreflightOptions): Promise<void> {
  const { useCase, plan, flow, cwd } = ctx;
  throwIfProblems(await preflight({ useCase, plan, flow, cwd }, opts));
}

/** The backend of the plan, ready to run. */
export async function createBackend(
  ctx: RunStageContext,
  opts: StageOptions,
  reporter: Reporter,
  parallelRuns: number
): Promise<RunBackend> {
  if (ctx.plan.backend === 'local')
    return new LocalRunBackend({
      cwd: ctx.cwd,
      storeRoot: opts.storeRoot,
      environ: ctx.environ,
      reporter,
      parallelRuns,
      signal: opts.signal,
      requestTimeoutMs:
        ctx.useCase.config.requestTimeout !== undefined
          ? Math.round(ctx.useCase.config.requestTimeout * 1000)
          : undefined,
      llmCache: opts.llmCache ?? ctx.envConfig.llmCache,
      ...opts.local
    });
  if (opts.llmCache ?? ctx.envConfig.llmCache)
    reporter.warn(
      `the LLM cache is for local runs: environment "${ctx.plan.env}" runs on the azure backend, where every model call is made`
    );
  const azure = ctx.envConfig.azure;
  if (!azure)
    throw new UserError(`environment "${ctx.plan.env}" has no "azure" section: the azure backend needs one`);
  for (const key of ['resourceGroup', 'workspace'] as const)
    if (!azure[key])
      throw new UserError([
        {
          ...ctx.useCase.locate(['environments', ctx.plan.env, 'azure', key]),
          message: `the azure backend needs the ${key === 'workspace' ? 'workspace' : 'resource group'} name of environment "${ctx.plan.env}", found it blank`
        }
      ]);
  const pfazure = await resolvePfazure({
    env: ctx.environ,
    reporter,
    command: opts.azure?.pfazure,
    install: opts.azure?.install
  });
  return new AzureRunBackend({
    cwd: ctx.cwd,
    pfazure,
    workspace: {
      subscriptionId: azure.subscriptionId,
      resourceGroup: azure.resourceGroup,
      workspace: azure.workspace
    },
    env: ctx.environ,
    reporter,
    runtime: azure.runtime,
    connections: opts.azure?.connections,
    poll: opts.azure?.poll,
    downloadsDir: opts.azure?.downloadsDir
  });
}

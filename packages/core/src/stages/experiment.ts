/**
 * The experiment stage: every experiment run of the environment's plan (variant selection ×
 * experiment dataset), submitted concurrently to the backend, written to `run-manifest.json`.
 */
import path from 'node:path';
import { UserError } from '../errors.js';
import type { EnvironmentPlan } from '../plan/plan.js';
import type { Reporter } from '../reporter.js';
import type { Summary } from '../summary.js';
import { mapConcurrent } from './concurrency.js';
import { checkBuildId, defaultBuildId } from './build-id.js';
import {
  checkStageInputs,
  createBackend,
  prepareStage,
  runName,
  variantOption,
  type RunStageContext,
  type StageOptions
} from './context.js';
import type { StageRunSpec } from './backends.js';
import { registeredDataResolver } from './registered-data.js';
import {
  manifestRun,
  DEFAULT_RUN_MANIFEST,
  MANIFEST_VERSION,
  writeJson,
  type ManifestRun,
  type RunManifest
} from './manifest.js';

export interface ExperimentOptions extends StageOptions {
  /** Do not fail the stage when runs fail (they are in the manifest either way). */
  allowFailedRuns?: boolean;
  /** Where to write the run manifest (default `.genaiops/run-manifest.json`). */
  manifest?: string;
}

export interface ExperimentResult {
  plan: EnvironmentPlan;
  buildId: string;
  manifest: RunManifest;
  /** The manifest's path as given (relative to the workspace by default). */
  manifestFile: string;
  runs: ManifestRun[];
  succeeded: number;
  failed: number;
}

/** Runs failed: the stage's result is attached (the manifest is written before this is thrown). */
export class RunsFailedError<T = unknown> extends UserError {
  constructor(
    message: string,
    readonly result: T
  ) {
    super(message);
    this.name = 'RunsFailedError';
  }
}

export function runTags(
  ctx: RunStageContext,
  buildId: string,
  extra: Record<string, string>
): Record<string, string> {
  return { use_case: ctx.plan.useCase, env: ctx.plan.env, build_id: buildId, ...extra };
}

export function describeRun(r: Pick<ManifestRun, 'name' | 'label' | 'dataset'>): string {
  return `${r.name} (${r.label} on ${r.dataset})`;
}

export async function experiment(opts: ExperimentOptions, reporter: Reporter): Promise<ExperimentResult> {
  const ctx = prepareStage(opts, reporter);
  const { plan, useCase, cwd } = ctx;
  for (const w of plan.warnings) reporter.warn(w);
  const buildId = checkBuildId(opts.buildId ?? defaultBuildId(ctx.environ));
  await checkStageInputs(ctx, { evaluators: true });

  const dataOf = registeredDataResolver(ctx, opts.azure?.registeredData, reporter);
  const registered = await Promise.all(plan.experiments.map((exp) => dataOf(exp.dataset)));
  const specs: StageRunSpec[] = plan.experiments.map((exp, i) => ({
    kind: 'experiment',
    name: runName(exp.name, buildId),
    displayName: `${plan.useCase} ${plan.env} ${exp.dataset} ${exp.label} (build ${buildId})`,
    flowDir: path.join(useCase.dir, useCase.config.flow),
    dataFile: path.join(useCase.dir, useCase.config.datasets[exp.dataset].source),
    registeredData: registered[i],
    columnMapping: exp.mappings,
    variants: exp.variants,
    variantOption: plan.backend === 'azure' ? variantOption(ctx.flow, exp.variants) : undefined,
    tags: runTags(ctx, buildId, { stage: 'experiment', dataset: exp.dataset, variant: exp.label }),
    environmentVariables: ctx.envConfig.environmentVariables ?? {}
  }));

  const parallel = Math.min(ctx.concurrency, Math.max(1, specs.length));
  const backend = await createBackend(ctx, opts, reporter, parallel);
  reporter.info(
    `${plan.useCase} · ${plan.env}: ${specs.length} experiment run(s) on the ${backend.kind} backend, ${parallel} at a time, build ${buildId}`
  );
  const started = Date.now();
  const runs = await mapConcurrent(
    plan.experiments,
    ctx.concurrency,
    async (exp, i): Promise<ManifestRun> => {
      const o = await backend.run(specs[i]);
      return manifestRun(
        {
          planned: exp.name,
          kind: 'experiment',
          dataset: exp.dataset,
          variants: exp.variants,
          label: exp.label,
          backend: backend.kind,
          buildId
        },
        { ...o, metrics: undefined }
      );
    }
  );

  const azure = ctx.envConfig.azure;
  const manifest: RunManifest = {
    version: MANIFEST_VERSION,
    kind: 'experiment',
    useCase: plan.useCase,
    useCaseDir: ctx.rel(useCase.dir),
    env: plan.env,
    backend: plan.backend,
    buildId,
    createdAt: new Date().toISOString(),
    ...(plan.backend === 'local' && 'store' in backend
      ? { runStore: (backend as { store: string }).store }
      : {}),
    ...(plan.backend === 'azure' && azure
      ? {
          azure: {
            subscriptionId: azure.subscriptionId,
            resourceGroup: azure.resourceGroup,
            workspace: azure.workspace
          }
        }
      : {}),
    ...(ctx.mock.length ? { mock: ctx.mock } : {}),
    runs
  };
  const manifestFile = opts.manifest ?? DEFAULT_RUN_MANIFEST;
  writeJson(path.resolve(cwd, manifestFile), manifest);

  const failed = runs.filter((r) => r.status !== 'Completed');
  const succeeded = runs.length - failed.length;
  const reused = runs.filter((r) => r.reused).length;
  reporter.info(
    `${succeeded} of ${runs.length} experiment run(s) completed${reused ? ` (${reused} reused)` : ''} in ${Math.round((Date.now() - started) / 100) / 10} s; manifest ${manifestFile}`
  );
  reporter.summary(experimentSummary(manifest));
  const result: ExperimentResult = {
    plan,
    buildId,
    manifest,
    manifestFile,
    runs,
    succeeded,
    failed: failed.length
  };
  if (failed.length) {
    const list = failed
      .map((r) => `- ${describeRun(r)}: ${r.status}${r.error ? `: ${r.error}` : ''}`)
      .join('\n');
    if (!opts.allowFailedRuns)
      throw new RunsFailedError(
        `${failed.length} of ${runs.length} experiment run(s) failed (manifest ${manifestFile}):\n${list}`,
        result
      );
    for (const r of failed)
      reporter.warn(`experiment run ${describeRun(r)} ${r.status}${r.error ? `: ${r.error}` : ''} (allowed)`);
  }
  return result;
}

/** The summary of the experiment stage: one row per run. */
export function experimentSummary(m: RunManifest): Summary {
  const completed = m.runs.filter((r) => r.status === 'Completed').length;
  return {
    blocks: [
      { kind: 'heading', text: `Experiment runs: ${m.useCase} · ${m.env}` },
      {
        kind: 'text',
        text: [
          'Backend ',
          { text: m.backend, code: true },
          ', build ',
          { text: m.buildId ?? '-', code: true },
          `: ${completed} of ${m.runs.length} run(s) completed.`
        ]
      },
      {
        kind: 'table',
        headers: ['run', 'dataset', 'variant', 'status', 'lines', ''],
        rows: m.runs.map((r) => [
          { text: r.name, code: !r.portalUrl, href: r.portalUrl },
          r.dataset,
          r.label,
          {
            text: `${r.status}${r.error ? `: ${r.error.slice(0, 200)}` : ''}`,
            tone: r.status === 'Completed' ? undefined : 'fail'
          },
          r.lines
            ? `${r.lines.completed}/${r.lines.total}${r.lines.failed ? ` (${r.lines.failed} failed)` : ''}`
            : '—',
          r.reused ? 'reused' : ''
        ])
      }
    ]
  };
}

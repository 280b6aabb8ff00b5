/**
 * The register stage: the environment's datasets and the standard flow as new versions, each only
 * when its content hash differs from the latest version's (or there is none).
 */
import path from 'node:path';
import type { UseCase } from '../config/model.js';
import { UserError } from '../errors.js';
import { loadFlow } from '../flow/load.js';
import type { Flow } from '../flow/model.js';
import type { EnvironmentPlan } from '../plan/plan.js';
import type { Summary } from '../summary.js';
import type { Reporter } from '../reporter.js';
import { toPosixRelative } from '../util/paths.js';
import { flowSnapshot, hashFile } from './flow-hash.js';
import { recordRegisteredData } from './registered-data.js';
import { flowModelName, openStage, type RegistryTarget, type TargetStageOptions } from './targets.js';

export type RegisterWhat = 'data' | 'flow' | 'all';

export interface RegisterOptions extends TargetStageOptions {
  /** What to register (default `all`). */
  what?: RegisterWhat;
  /** Model name of the flow (default `<use-case>_<env>`). */
  modelName?: string;
  /** Recorded as the `build_id` tag (default GITHUB_RUN_ID when set). */
  buildId?: string;
}

export interface RegisteredItem {
  name: string;
  version: string;
  /** true when this call registered a new version; false when the latest one was reused. */
  created: boolean;
  hash: string;
}

export interface RegisterResult {
  plan: EnvironmentPlan;
  target: string;
  /** One per dataset of the environment (empty when `what` is `flow`). */
  datasets: RegisteredItem[];
  /** The flow (undefined when `what` is `data`). */
  model?: RegisteredItem;
}

/**
 * The properties and tags prompt flow deployments (and the Azure ML studio's flow gallery) expect
 * on a model holding a flow folder, plus where it came from.
 */
export function promptflowModelMetadata(
  useCase: UseCase,
  env: string,
  flow: Flow,
  extra: { buildId?: string; commit?: string } = {}
): { properties: Record<string, string>; tags: Record<string, string> } {
  const description = useCase.config.description ?? flow.description ?? `${useCase.config.name} flow`;
  const properties: Record<string, string> = {
    'is-promptflow': 'true',
    'azureml.promptflow.section': 'gallery',
    'azureml.promptflow.type': flowType(flow),
    'azureml.promptflow.name': useCase.config.name,
    'azureml.promptflow.description': description,
    'azureml.promptflow.source_flow_id': useCase.config.name
  };
  const tags: Record<string, string> = {
    usecase: useCase.config.name,
    env,
    flow: useCase.config.flow,
    kind: flow.kind
  };
  if (extra.buildId) tags.build_id = extra.buildId;
  if (extra.commit) tags.commit = extra.commit;
  return { properties, tags };
}

/** `chat` when an input is the chat input, `evaluate` for flows that aggregate metrics only, else `standard`. */
function flowType(flow: Flow): string {
  const inputs = (flow.raw.inputs ?? {}) as Record<string, unknown>;
  if (
    Object.values(inputs).some(
      (i) => typeof i === 'object' && i !== null && (i as Record<string, unknown>).is_chat_input === true
    )
  )
    return 'chat';
  return 'standard';
}

export async function register(opts: RegisterOptions, reporter: Reporter): Promise<RegisterResult> {
  const what = opts.what ?? 'all';
  if (!['data', 'flow', 'all'].includes(what))
    throw new UserError(`what: expected data, flow or all, found "${what}"`);
  const ctx = await openStage(opts, reporter);
  try {
    const { useCase, plan, target, root } = ctx;
    const registry = target.registry;
    const result: RegisterResult = { plan, target: ctx.kind, datasets: [] };
    const buildId = opts.buildId ?? ctx.environ.GITHUB_RUN_ID;

    if (what !== 'flow') {
      const names = useCase.config.environments[opts.env].datasets;
      await reporter.group(`register data (${names.length} dataset(s), ${ctx.kind} target)`, async () => {
        for (const name of names) {
          const ds = useCase.config.datasets[name];
          const file = path.join(useCase.dir, ds.source);
          const item = await registerOne(registry, 'data', name, await hashFile(file), reporter, (hash) =>
            registry.createDataVersion({
              name,
              file,
              description: ds.description,
              hash,
              tags: {
                usecase: useCase.config.name,
                env: opts.env,
                source: toPosixRelative(useCase.dir, file)
              }
            })
          );
          result.datasets.push(item);
        }
      });
      // the azure backend's runs read these assets instead of uploading the files again
      const azure = useCase.config.environments[opts.env].azure;
      if (target.kind === 'azure' && azure && result.datasets.length)
        recordRegisteredData(root, azure, result.datasets);
    }

    if (what !== 'data') {
      const flow = loadFlow(path.join(useCase.dir, useCase.config.flow), { displayRoot: root });
      const snapshot = flowSnapshot(flow.dir, flow.additionalIncludes, {
        useCaseDir: useCase.dir,
        repoRoot: root,
        allowSymlinks: useCase.config.allowSymlinks
      });
      const name = opts.modelName ?? flowModelName(useCase.config.name, opts.env);
      const meta = promptflowModelMetadata(useCase, opts.env, flow, {
        buildId,
        commit: ctx.environ.GITHUB_SHA
      });
      result.model = await reporter.group(`register flow ${name} (${snapshot.files.length} file(s))`, () =>
        registerOne(registry, 'flow', name, snapshot.hash, reporter, (hash) =>
          registry.createFlowVersion({
            name,
            dir: flow.dir,
            files: snapshot.files,
            hash,
            description: meta.properties['azureml.promptflow.description'],
            tags: meta.tags,
            properties: meta.properties
          })
        )
      );
    }

    reporter.summary(registerSummary(result));
    return result;
  } finally {
    await ctx.close();
  }
}

async function registerOne(
  registry: RegistryTarget,
  kind: 'data' | 'flow',
  name: string,
  hash: string,
  reporter: Reporter,
  create: (hash: string) => Promise<{ version: string; created: boolean }>
): Promise<RegisteredItem> {
  const latest =
    kind === 'data' ? await registry.latestDataVersion(name) : await registry.latestFlowVersion(name);
  if (latest && latest.hash === hash) {
    reporter.info(
      `${kind} ${name}: unchanged (hash ${hash.slice(0, 12)}), reusing version ${latest.version}`
    );
    return { name, version: latest.version, created: false, hash };
  }
  const why = !latest
    ? 'first version'
    : latest.hash
      ? `hash changed from ${latest.hash.slice(0, 12)}`
      : `version ${latest.version} has no hash tag`;
  const made = await create(hash);
  reporter.info(
    made.created
      ? `${kind} ${name}: registered version ${made.version} (${why}; hash ${hash.slice(0, 12)})`
      : `${kind} ${name}: registered meanwhile by another job as version ${made.version}; reusing it`
  );
  return { name, version: made.version, created: made.created, hash };
}

function registerSummary(r: RegisterResult): Summary {
  const rows = [
    ...r.datasets.map((d) => ({ kind: 'data', ...d })),
    ...(r.model ? [{ kind: 'flow', ...r.model }] : [])
  ];
  return {
    blocks: [
      { kind: 'heading', text: `Register · ${r.plan.useCase} · ${r.plan.env} (${r.target})` },
      {
        kind: 'table',
        headers: ['kind', 'name', 'version', ''],
        rows: rows.map((x) => [x.kind, x.name, x.version, x.created ? 'new' : 'unchanged'])
      }
    ]
  };
}

/**
 * A scorer for the ARM emulator that serves deployments with OUR flow engine, the way prompt flow's
 * serving image serves a registered flow folder: it downloads the model version's files from the
 * blob store (proving the upload), loads the flow and answers each scoring request with
 * `createExecutor(…).executeLine(body)`'s outputs. LLM calls go wherever the flow's connections
 * point (tests: the stub LLM, through `environ`).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import {
  createExecutor,
  LlmClient,
  loadFlow,
  PythonWorkerPool,
  type FlowExecutor
} from '@genaiops/core/engine';
import type { Scorer, ScorerDeployment } from './types.js';

export interface EngineScorerOptions {
  /** The blob account and the default datastore's container (the emulator's `blob.container`). */
  blob: { blobEndpoint: string; accountName: string; accountKey: string; container: string };
  /** Environment of the flows (e.g. `aoai` connection JSON of the stub LLM); the deployment's variables go on top. */
  environ?: NodeJS.ProcessEnv;
  /** Python workers per deployment (default 2). */
  pythonWorkers?: number;
  /**
   * Decides per deployment whether it starts (throw → provisioning fails) and may wrap its answers:
   * return a status to answer every request with that status instead of running the flow.
   */
  inspect?: (d: ScorerDeployment, files: string[]) => void | { failWith?: number };
}

export interface ServedDeployment {
  endpoint: string;
  deployment: string;
  model: string;
  /** Folder the model's files were downloaded to. */
  dir: string;
  /** Relative paths downloaded. */
  files: string[];
  requests: number;
}

export interface EngineScorer {
  scorer: Scorer;
  /** Every deployment served, in start order (a deployment updated again appears again). */
  served: ServedDeployment[];
  /** Stops the python workers and removes the downloads. */
  close(): Promise<void>;
}

/** `…/datastores/<name>/paths/<path>` → `<path>`. */
function datastorePath(uri: string): string | undefined {
  return /\/datastores\/[^/]+\/paths\/(.*)$/i.exec(uri)?.[1];
}

export function engineScorer(opts: EngineScorerOptions): EngineScorer {
  const service = new BlobServiceClient(
    opts.blob.blobEndpoint,
    new StorageSharedKeyCredential(opts.blob.accountName, opts.blob.accountKey)
  );
  const container = service.getContainerClient(opts.blob.container);
  const served: ServedDeployment[] = [];
  const pools: PythonWorkerPool[] = [];
  const llm = new LlmClient({ concurrency: 64 });
  let root: string | undefined;

  const download = async (d: ScorerDeployment): Promise<{ dir: string; files: string[] }> => {
    if (!d.model?.uri)
      throw new Error(
        `deployment ${d.deployment}: no registered model version (properties.model ${d.modelId ?? 'missing'})`
      );
    const prefix = datastorePath(d.model.uri);
    if (!prefix)
      throw new Error(
        `model ${d.model.name}:${d.model.version}: modelUri ${d.model.uri} is not a datastore path`
      );
    root ??= await mkdtemp(join(tmpdir(), 'genaiops-engine-scorer-'));
    const dir = await mkdtemp(join(root, `${d.model.name}-${d.model.version}-`));
    const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
    const files: string[] = [];
    for await (const b of container.listBlobsFlat({ prefix: base })) {
      const rel = b.name.slice(base.length);
      if (!rel) continue;
      const target = join(dir, ...rel.split('/'));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, await container.getBlobClient(b.name).downloadToBuffer());
      files.push(rel);
    }
    if (!files.length)
      throw new Error(
        `model ${d.model.name}:${d.model.version}: no files under ${base} in container ${opts.blob.container}`
      );
    return { dir, files: files.sort() };
  };

  const scorer: Scorer = async (d) => {
    const { dir, files } = await download(d);
    const verdict = opts.inspect?.(d, files) ?? undefined;
    const flow = loadFlow(dir, { displayRoot: dir });
    const python = new PythonWorkerPool({ size: opts.pythonWorkers ?? 2, cwd: flow.dir });
    pools.push(python);
    const executor: FlowExecutor = createExecutor({
      flow,
      llm,
      python,
      environ: { ...process.env, ...opts.environ, ...d.environmentVariables }
    });
    const record: ServedDeployment = {
      endpoint: d.endpoint,
      deployment: d.deployment,
      model: `${d.model!.name}:${d.model!.version}`,
      dir,
      files,
      requests: 0
    };
    served.push(record);
    let line = 0;
    return async (body) => {
      record.requests++;
      if (verdict && verdict.failWith)
        throw Object.assign(new Error(`scorer told to fail deployment ${d.deployment}`), {
          status: verdict.failWith
        });
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw Object.assign(new Error('the request body must be a JSON object of flow inputs'), {
          status: 400
        });
      const r = await executor.executeLine(body as Record<string, unknown>, line++);
      if (r.status !== 'Completed')
        throw Object.assign(
          new Error(
            `${r.error?.node ? `node "${r.error.node}": ` : ''}${r.error?.message ?? 'the flow failed'}`
          ),
          {
            status: r.error?.type === 'InputError' ? 400 : 500
          }
        );
      return r.outputs;
    };
  };

  return {
    scorer,
    served,
    async close() {
      await Promise.all(pools.map((p) => p.close().catch(() => undefined)));
      if (root) await rm(root, { recursive: true, force: true });
    }
  };
}

/**
 * The Azure ML environment a flow is served with: prompt flow's runtime image, plus the flow's Python
 * requirements when it has any (`environment.python_requirements_txt` of flow.dag.yaml, else a
 * `requirements.txt` beside it), built from a Docker build context on the default datastore, as prompt
 * flow's deployment guide builds one. Versions are content hashes, so the same image and requirements
 * reuse the environment (and its built image); an image given in the config is used as it is.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { parse as parseYaml } from 'yaml';
import type { Reporter } from '../reporter.js';
import { arm, isNotFound, workspaceArmId, type WorkspaceRef } from './arm-client.js';
import { parseDatastoreUri, type DatastoreUploader } from './blob-upload.js';
import { UPLOAD_ROOT } from './registry.js';

/** Name of the environment asset holding the serving image (one version per image + requirements + routes). */
export const SERVING_ENVIRONMENT = 'genaiops-promptflow-serving';
/** Routes of prompt flow's serving container. */
export const SERVING_ROUTES = {
  livenessRoute: { path: '/health', port: 8080 },
  readinessRoute: { path: '/health', port: 8080 },
  scoringRoute: { path: '/score', port: 8080 }
};

export interface ServingEnvironmentSpec {
  image: string;
  /** Content of the flow's requirements file (none: the image as it is). */
  requirements?: string;
}

/** The Dockerfile of an image with a flow's requirements installed. */
export function dockerfile(image: string): string {
  return `FROM ${image}\nCOPY ./requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n`;
}

/** Content-hash version of an environment spec. */
export function environmentVersion(spec: ServingEnvironmentSpec): string {
  return createHash('sha256')
    .update(
      JSON.stringify({ image: spec.image, requirements: spec.requirements ?? null, routes: SERVING_ROUTES })
    )
    .digest('hex')
    .slice(0, 16);
}

export class ServingEnvironments {
  private readonly ids = new Map<string, Promise<string>>();

  constructor(
    private readonly client: AzureMachineLearningWorkspaces,
    private readonly ws: WorkspaceRef,
    private readonly uploader: DatastoreUploader,
    private readonly reporter: Reporter
  ) {}

  /**
   * The requirements a registered flow (model version) declares, read from its files on the datastore
   * (what was registered is what serves); undefined when it has none.
   */
  async requirementsOf(model: { name: string; version: string }): Promise<string | undefined> {
    const mv = await arm(`reading model ${model.name}:${model.version}`, () =>
      this.client.modelVersions.get(this.ws.resourceGroup, this.ws.workspace, model.name, model.version)
    );
    const where = parseDatastoreUri(String(mv.properties.modelUri ?? ''));
    if (!where) return undefined;
    const { container } = await this.uploader.datastore();
    const read = async (rel: string): Promise<string | undefined> => {
      const blob = container.getBlockBlobClient(`${where.path.replace(/\/+$/, '')}/${rel}`);
      try {
        return (await blob.downloadToBuffer()).toString('utf8');
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode === 404) return undefined;
        throw e;
      }
    };
    const flow = (await read('flow.dag.yaml')) ?? (await read('flow.dag.yml'));
    const declared = flow
      ? (parseYaml(flow) as { environment?: { python_requirements_txt?: string } } | null)?.environment
          ?.python_requirements_txt
      : undefined;
    const content = await read(declared ?? 'requirements.txt');
    return content?.trim() ? content : undefined;
  }

  /** The ARM id of the environment version for `spec`, registered once per content. */
  environmentId(spec: ServingEnvironmentSpec): Promise<string> {
    const version = environmentVersion(spec);
    let id = this.ids.get(version);
    if (!id) {
      id = this.ensure(spec, version);
      id.catch(() => this.ids.delete(version));
      this.ids.set(version, id);
    }
    return id;
  }

  private async ensure(spec: ServingEnvironmentSpec, version: string): Promise<string> {
    const { resourceGroup: rg, workspace: w } = this.ws;
    const fallbackId = `${workspaceArmId(this.ws)}/environments/${SERVING_ENVIRONMENT}/versions/${version}`;
    const found = await arm(`reading environment ${SERVING_ENVIRONMENT}:${version}`, async () => {
      try {
        return await this.client.environmentVersions.get(rg, w, SERVING_ENVIRONMENT, version);
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    });
    if (found) {
      this.reporter.info(`environment ${SERVING_ENVIRONMENT}:${version} already registered: reused`);
      return found.id ?? fallbackId;
    }
    const build = spec.requirements !== undefined ? await this.uploadBuildContext(spec, version) : undefined;
    const made = await arm(`registering environment ${SERVING_ENVIRONMENT}:${version}`, () =>
      this.client.environmentVersions.createOrUpdate(rg, w, SERVING_ENVIRONMENT, version, {
        properties: {
          ...(build ? { build } : { image: spec.image }),
          inferenceConfig: SERVING_ROUTES,
          osType: 'Linux',
          description: build
            ? `prompt flow serving image ${spec.image} with the flow's requirements (registered by genaiops deploy)`
            : `prompt flow serving image (registered by genaiops deploy)`,
          tags: { image: spec.image, requirements: build ? 'yes' : 'no' }
        }
      })
    );
    this.reporter.info(
      `environment ${SERVING_ENVIRONMENT}:${version} registered (${build ? `${spec.image} + the flow's requirements, built by Azure ML` : spec.image})`
    );
    return made.id ?? fallbackId;
  }

  /** Uploads Dockerfile + requirements.txt to a content-addressed folder; returns the build context. */
  private async uploadBuildContext(
    spec: ServingEnvironmentSpec,
    version: string
  ): Promise<{ contextUri: string; dockerfilePath: string }> {
    const { ds } = await this.uploader.datastore();
    const prefix = `${UPLOAD_ROOT}/${version}/environment`;
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'genaiops-env-'));
    try {
      await writeFile(path.join(tmp, 'Dockerfile'), dockerfile(spec.image));
      await writeFile(path.join(tmp, 'requirements.txt'), spec.requirements!);
      await this.uploader.upload(
        ['Dockerfile', 'requirements.txt'].map((f) => ({
          abs: path.join(tmp, f),
          blobPath: `${prefix}/${f}`
        })),
        { skipExisting: true }
      );
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
    return {
      contextUri: `${ds.blobEndpoint.replace(/\/+$/, '')}/${ds.container}/${prefix}/`,
      dockerfilePath: 'Dockerfile'
    };
  }
}

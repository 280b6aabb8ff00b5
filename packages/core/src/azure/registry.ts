/**
 * The Azure ML registry: datasets as `uri_file` data assets, flows as `custom_model` models (the
 * flow folder, as prompt flow deploys it), both on the workspace's default datastore at
 * content-addressed paths, versions numbered 1, 2, 3, … with the content hash as a tag.
 *
 * Concurrency (see `RegistryTarget`): the next number is latest + 1; a PUT that lost the race
 * (409, or 400 "already exists") re-reads and tries the next number, bounded, with random
 * back-off; when the latest version meanwhile holds the same hash it is returned (`created: false`).
 */
import path from 'node:path';
import type {
  AzureMachineLearningWorkspaces,
  DataVersionBase,
  ModelVersion
} from '@azure/arm-machinelearning';
import { UserError } from '../errors.js';
import type { Reporter } from '../reporter.js';
import {
  HASH_TAG,
  type CreateDataVersion,
  type CreatedVersion,
  type CreateFlowVersion,
  type RegistryTarget,
  type VersionInfo
} from '../stages/target-contract.js';
import { arm, isNotFound, isVersionConflict, toTargetError, type WorkspaceRef } from './arm-client.js';
import type { DatastoreUploader } from './blob-upload.js';
import { uploadSnapshot } from './upload-snapshot.js';
import type { AzureSettings } from './settings.js';
import { retry } from '../util/retry.js';

/** The folder content-addressed uploads go under (as the Azure ML SDK and CLI name it). */
export const UPLOAD_ROOT = 'LocalUpload';
/** Model type of a registered flow folder. */
export const FLOW_MODEL_TYPE = 'custom_model';

type AssetKind = 'data' | 'model';

interface Listed {
  version: string;
  num?: number;
  archived: boolean;
  tags: Record<string, string>;
  uri?: string;
  createdAt?: Date;
  lastModifiedAt?: Date;
}

const strings = (o: Record<string, string | null> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(o ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));

const numeric = (v: string): number | undefined => (/^\d+$/.test(v) ? Number(v) : undefined);

export class AzureRegistry implements RegistryTarget {
  constructor(
    private readonly client: AzureMachineLearningWorkspaces,
    private readonly ws: WorkspaceRef,
    private readonly uploader: DatastoreUploader,
    private readonly settings: AzureSettings,
    private readonly reporter: Reporter,
    /** Checks the workspace once, up front: a 404 below it then means "absent". */
    private readonly workspace: () => Promise<unknown>,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))
  ) {}

  // ---- reads ---------------------------------------------------------------------------------------

  /** Every version of an asset (archived too: their numbers are taken); [] when the asset does not exist. */
  private async list(kind: AssetKind, name: string): Promise<Listed[]> {
    await this.workspace();
    const { resourceGroup: rg, workspace: w } = this.ws;
    return arm(`listing versions of ${kind === 'data' ? 'data asset' : 'model'} ${name}`, async () => {
      const out: Listed[] = [];
      try {
        const it =
          kind === 'data'
            ? this.client.dataVersions.list(rg, w, name, { orderBy: 'createdtime desc', listViewType: 'All' })
            : this.client.modelVersions.list(rg, w, name, {
                orderBy: 'createdtime desc',
                listViewType: 'All'
              });
        for await (const v of it as AsyncIterable<DataVersionBase | ModelVersion>) out.push(listed(v));
      } catch (e) {
        if (isNotFound(e)) return [];
        throw e;
      }
      return out;
    });
  }

  /** The highest-numbered active version (else the newest one), as VersionInfo. */
  private latestOf(list: Listed[]): VersionInfo | undefined {
    const active = list.filter((v) => !v.archived);
    const pool = active.length ? active : list;
    if (!pool.length) return undefined;
    const withNum = pool.filter((v) => v.num !== undefined);
    const best = withNum.length ? withNum.reduce((a, b) => (b.num! > a.num! ? b : a)) : pool[0];
    return info(best);
  }

  async latestDataVersion(name: string): Promise<VersionInfo | undefined> {
    return this.latestOf(await this.list('data', name));
  }

  async latestFlowVersion(name: string): Promise<VersionInfo | undefined> {
    return this.latestOf(await this.list('model', name));
  }

  async getFlowVersion(name: string, version: string): Promise<VersionInfo | undefined> {
    await this.workspace();
    const { resourceGroup: rg, workspace: w } = this.ws;
    return arm(`reading model ${name}:${version}`, async () => {
      try {
        return info(listed(await this.client.modelVersions.get(rg, w, name, version)));
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    });
  }

  // ---- writes --------------------------------------------------------------------------------------

  async createDataVersion(d: CreateDataVersion): Promise<CreatedVersion> {
    const file = path.basename(d.file);
    const blobPath = `${UPLOAD_ROOT}/${d.hash}/${file}`;
    const { ds } = await this.uploader.datastore();
    const up = await this.uploader.upload([{ abs: d.file, blobPath }], { skipExisting: true });
    this.reporter.info(
      up.uploaded
        ? `data ${d.name}: uploaded ${file} (${up.bytes} bytes) to datastore ${ds.name}`
        : `data ${d.name}: ${file} already on datastore ${ds.name}`
    );
    const dataUri = this.uploader.uri(ds, blobPath);
    const tags = { ...d.tags, [HASH_TAG]: d.hash };
    return this.createVersion('data', d.name, d.hash, (version) =>
      this.client.dataVersions.createOrUpdate(this.ws.resourceGroup, this.ws.workspace, d.name, version, {
        properties: {
          dataType: 'uri_file',
          dataUri,
          description: d.description,
          tags,
          isAnonymous: false,
          isArchived: false
        }
      })
    );
  }

  async createFlowVersion(f: CreateFlowVersion): Promise<CreatedVersion> {
    if (!f.files.length) throw new UserError(`flow ${f.name}: no files to register in ${f.dir}`);
    const folder = path.basename(f.dir);
    const prefix = `${UPLOAD_ROOT}/${f.hash}/${folder}`;
    const { ds } = await this.uploader.datastore();
    const snapshot = await uploadSnapshot(f.dir, f.files);
    let up: { uploaded: number; bytes: number };
    try {
      up = await this.uploader.upload(
        snapshot.files.map((x) => ({ abs: x.abs, blobPath: `${prefix}/${x.rel}` })),
        { skipExisting: true }
      );
    } finally {
      await snapshot.dispose();
    }
    this.reporter.info(
      `flow ${f.name}: ${up.uploaded} of ${snapshot.files.length} file(s) uploaded (${up.bytes} bytes) to datastore ${ds.name}`
    );
    // the folder itself, as the Azure ML SDK writes a model's path (no trailing slash)
    const modelUri = this.uploader.uri(ds, prefix);
    const tags = { ...f.tags, [HASH_TAG]: f.hash };
    return this.createVersion('model', f.name, f.hash, (version) =>
      this.client.modelVersions.createOrUpdate(this.ws.resourceGroup, this.ws.workspace, f.name, version, {
        properties: {
          modelType: FLOW_MODEL_TYPE,
          modelUri,
          description: f.description,
          tags,
          properties: f.properties,
          isAnonymous: false,
          isArchived: false
        }
      })
    );
  }

  /** latest + 1, retried on conflicts; the latest when it meanwhile holds the same hash. */
  private async createVersion(
    kind: AssetKind,
    name: string,
    hash: string,
    put: (version: string) => Promise<DataVersionBase | ModelVersion>
  ): Promise<CreatedVersion> {
    const what = kind === 'data' ? 'data asset' : 'model';
    const { attempts, minDelayMs, maxDelayMs } = this.settings.conflict;
    let version = '';
    const attempt = async (): Promise<CreatedVersion> => {
      const list = await this.list(kind, name);
      const latest = this.latestOf(list);
      if (latest?.hash === hash) return { version: latest.version, created: false };
      const taken = list.map((v) => v.num ?? 0);
      version = String((taken.length ? Math.max(...taken) : 0) + 1);
      let made: DataVersionBase | ModelVersion;
      try {
        made = await put(version);
      } catch (e) {
        if (!isVersionConflict(e)) throw toTargetError(e, `registering ${what} ${name} version ${version}`);
        throw new VersionTaken();
      }
      // A PUT of the same content onto a version another job created a moment ago is an update:
      // that version holds our content, but it is not ours.
      const l = listed(made);
      const preexisting =
        l.createdAt && l.lastModifiedAt && l.lastModifiedAt.getTime() - l.createdAt.getTime() > 0;
      return { version, created: !preexisting };
    };
    try {
      return await retry(attempt, {
        maxAttempts: attempts,
        // a random wait that widens with the conflicts, so racing jobs draw different numbers
        backoff: {
          initialMs: maxDelayMs,
          growth: 'linear',
          maxMs: 4 * maxDelayMs,
          minMs: minDelayMs,
          jitter: 'full'
        },
        retryable: (e) => e instanceof VersionTaken,
        sleep: (ms) => this.sleep(ms),
        onRetry: ({ attempt: n }) =>
          this.reporter.info(
            `${what} ${name}: version ${version} was taken meanwhile; retrying (attempt ${n}/${attempts})`
          )
      });
    } catch (e) {
      if (!(e instanceof VersionTaken)) throw e;
      throw new Error(
        `registering ${what} ${name}: gave up after ${attempts} version conflicts (other jobs keep registering it); run the job again`
      );
    }
  }
}

/** Another job took the version number we tried (retried with the next one). */
class VersionTaken extends Error {}

function listed(v: DataVersionBase | ModelVersion): Listed {
  const p = v.properties as {
    tags?: Record<string, string | null>;
    isArchived?: boolean;
    dataUri?: string;
    modelUri?: string;
  };
  const version = v.name ?? '';
  return {
    version,
    num: numeric(version),
    archived: Boolean(p.isArchived),
    tags: strings(p.tags),
    uri: p.dataUri ?? p.modelUri,
    createdAt: v.systemData?.createdAt,
    lastModifiedAt: v.systemData?.lastModifiedAt
  };
}

function info(l: Listed): VersionInfo {
  return { version: l.version, hash: l.tags[HASH_TAG], tags: l.tags, location: l.uri };
}

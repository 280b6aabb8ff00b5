/**
 * Uploads to the workspace's default datastore (an Azure Blob container), at content-addressed
 * paths (`LocalUpload/<hash>/…`, as the Azure ML SDK and CLI do), so the same content is uploaded
 * once and a registered version's files never change under it.
 */
import { statSync } from 'node:fs';
import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { TokenCredential } from '@azure/identity';
import {
  AnonymousCredential,
  BlobServiceClient,
  StorageSharedKeyCredential,
  type ContainerClient
} from '@azure/storage-blob';
import { UserError } from '../errors.js';
import type { Reporter } from '../reporter.js';
import { arm, statusOf, type WorkspaceRef } from './arm-client.js';
import type { AzureSettings } from './settings.js';

export interface DefaultDatastore {
  name: string;
  accountName: string;
  container: string;
  /** Blob service URL of the account. */
  blobEndpoint: string;
}

export interface UploadItem {
  /** File to read. */
  abs: string;
  /** Blob path inside the container. */
  blobPath: string;
}

/** `azureml://…/datastores/<name>/paths/<path>`: how data and model versions point at datastore files. */
export function datastoreUri(ws: WorkspaceRef, datastore: string, path: string): string {
  return `azureml://subscriptions/${ws.subscriptionId}/resourcegroups/${ws.resourceGroup}/workspaces/${ws.workspace}/datastores/${datastore}/paths/${path}`;
}

/** Splits a datastore URI back into datastore and path (undefined when it is not one). */
export function parseDatastoreUri(uri: string): { datastore: string; path: string } | undefined {
  const m =
    /^azureml:\/\/(?:subscriptions\/[^/]+\/resourcegroups\/[^/]+\/workspaces\/[^/]+\/)?datastores\/([^/]+)\/paths\/(.*)$/i.exec(
      uri
    );
  return m ? { datastore: m[1], path: m[2] } : undefined;
}

export class DatastoreUploader {
  private opened?: Promise<{ ds: DefaultDatastore; container: ContainerClient }>;

  constructor(
    private readonly client: AzureMachineLearningWorkspaces,
    private readonly ws: WorkspaceRef,
    private readonly settings: AzureSettings,
    private readonly credential: TokenCredential,
    private readonly reporter: Reporter
  ) {}

  /** The default datastore and a client of its container (read once). */
  datastore(): Promise<{ ds: DefaultDatastore; container: ContainerClient }> {
    this.opened ??= this.open();
    this.opened.catch(() => (this.opened = undefined));
    return this.opened;
  }

  uri(ds: DefaultDatastore, path: string): string {
    return datastoreUri(this.ws, ds.name, path);
  }

  private async open(): Promise<{ ds: DefaultDatastore; container: ContainerClient }> {
    const { resourceGroup: rg, workspace } = this.ws;
    const found = await arm(`workspace ${workspace}: reading the default datastore`, async () => {
      for await (const d of this.client.datastores.list(rg, workspace, { isDefault: true }))
        if (d.properties.isDefault) return d;
      try {
        return await this.client.datastores.get(rg, workspace, 'workspaceblobstore');
      } catch (e) {
        if (statusOf(e) === 404) return undefined;
        throw e;
      }
    });
    if (!found?.name) throw new UserError(`workspace ${workspace} has no default datastore`);
    const p = found.properties as {
      datastoreType?: string;
      accountName?: string;
      containerName?: string;
      endpoint?: string;
      protocol?: string;
    };
    if (p.datastoreType !== 'AzureBlob' || !p.accountName || !p.containerName)
      throw new UserError(
        `the default datastore "${found.name}" of workspace ${workspace} is ${p.datastoreType ?? 'of an unknown type'}; registration needs an Azure Blob datastore`
      );
    const blobEndpoint =
      this.settings.blobEndpoint ??
      `${p.protocol ?? 'https'}://${p.accountName}.blob.${p.endpoint ?? 'core.windows.net'}`;
    const ds: DefaultDatastore = {
      name: found.name,
      accountName: p.accountName,
      container: p.containerName,
      blobEndpoint
    };

    // credentials: the datastore's account key or SAS when it has one, else our own identity
    const secrets = await this.client.datastores
      .listSecrets(rg, workspace, found.name)
      .catch((e: unknown) => {
        const s = statusOf(e);
        if (s === 400 || s === 403 || s === 404) return undefined; // identity-based datastore / no listSecrets permission
        throw e;
      });
    const retryOptions = {
      maxTries: 6,
      retryDelayInMs: Math.max(10, Math.min(this.settings.retry.retryDelayInMs, 4000))
    };
    let service: BlobServiceClient;
    const s = secrets as { secretsType?: string; key?: string; sasToken?: string } | undefined;
    if (s?.secretsType === 'AccountKey' && s.key) {
      this.reporter.secret(s.key);
      service = new BlobServiceClient(blobEndpoint, new StorageSharedKeyCredential(ds.accountName, s.key), {
        retryOptions
      });
    } else if (s?.secretsType === 'Sas' && s.sasToken) {
      this.reporter.secret(s.sasToken);
      const sas = s.sasToken.startsWith('?') ? s.sasToken : `?${s.sasToken}`;
      service = new BlobServiceClient(`${blobEndpoint}${sas}`, new AnonymousCredential(), { retryOptions });
    } else service = new BlobServiceClient(blobEndpoint, this.credential, { retryOptions });
    return { ds, container: service.getContainerClient(ds.container) };
  }

  /**
   * Uploads files (a few at a time). `skipExisting`: a blob already at its (content-addressed)
   * path is left as it is.
   */
  async upload(
    items: UploadItem[],
    opts: { skipExisting?: boolean; concurrency?: number } = {}
  ): Promise<{ uploaded: number; bytes: number }> {
    const { ds, container } = await this.datastore();
    let next = 0;
    let uploaded = 0;
    let bytes = 0;
    const worker = async () => {
      while (next < items.length) {
        const item = items[next++];
        const blob = container.getBlockBlobClient(item.blobPath);
        try {
          if (opts.skipExisting && (await blob.exists())) continue;
          const size = statSync(item.abs).size;
          // one Put Blob up to 256 MiB: atomic, so jobs uploading the same (content-addressed) blob at once don't mix blocks
          await blob.uploadFile(item.abs, {
            maxSingleShotSize: 256 * 1024 * 1024,
            blockSize: 8 * 1024 * 1024,
            concurrency: 4
          });
          uploaded++;
          bytes += size;
        } catch (e) {
          const status = (e as { statusCode?: number }).statusCode;
          const what = `uploading ${item.abs} to datastore ${ds.name} (${ds.accountName}/${ds.container}/${item.blobPath})`;
          if (status === 403 || status === 401)
            throw new UserError(
              `${what}: not authorized (HTTP ${status}); the identity needs Storage Blob Data Contributor on the account, or the datastore an account key`
            );
          if (status === 404) throw new UserError(`${what}: container not found (HTTP 404)`);
          throw new Error(`${what}: ${(e as Error).message}`);
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 8, items.length)) }, worker)
    );
    return { uploaded, bytes };
  }
}

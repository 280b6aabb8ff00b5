/**
 * Datasets registered as Azure ML data assets, handed from the register stage to the runs on the
 * azure backend: register records each asset's version and content hash in
 * `.genaiops/registered-data.json`; experiment, evaluate and monitor then pass the run
 * `azureml:<name>:<version>` instead of the local file (which pfazure would upload again), as long as
 * the local file still has the registered content. A changed file is run as it is, and says so.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { AzureConfig } from '../config/model.js';
import type { Reporter } from '../reporter.js';
import type { RunStageContext } from './context.js';
import { hashFile } from './flow-hash.js';

export const REGISTERED_DATA_FILE = path.join('.genaiops', 'registered-data.json');

interface RecordEntry {
  /** `azureml:<name>:<version>`. */
  ref: string;
  /** SHA-256 hex of the registered file. */
  hash: string;
  registeredAt: string;
}

type RecordFile = Record<string, RecordEntry>;

/** A data asset is known by its workspace and name (several environments may share a workspace). */
const keyOf = (azure: Pick<AzureConfig, 'subscriptionId' | 'resourceGroup' | 'workspace'>, name: string) =>
  `${azure.subscriptionId ?? ''}/${azure.resourceGroup}/${azure.workspace}/${name}`.toLowerCase();

function readRecord(root: string): RecordFile {
  try {
    return JSON.parse(readFileSync(path.join(root, REGISTERED_DATA_FILE), 'utf8')) as RecordFile;
  } catch {
    return {}; // none yet (or unreadable: the runs then upload their files, as without a record)
  }
}

/** Records the data versions a register stage holds on Azure (merged; written aside, then renamed). */
export function recordRegisteredData(
  root: string,
  azure: Pick<AzureConfig, 'subscriptionId' | 'resourceGroup' | 'workspace'>,
  items: { name: string; version: string; hash: string }[]
): void {
  const file = path.join(root, REGISTERED_DATA_FILE);
  const record = readRecord(root);
  const at = new Date().toISOString();
  for (const i of items)
    record[keyOf(azure, i.name)] = { ref: `azureml:${i.name}:${i.version}`, hash: i.hash, registeredAt: at };
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify(record, null, 2) + '\n');
  renameSync(tmp, file);
}

/**
 * The data a run of `dataset` reads on the azure backend: the caller's `registeredData` when it names
 * the dataset, else the registered asset when the local file is what was registered; undefined: the
 * local file (uploaded by pfazure). Memoised per dataset; says once what it chose.
 */
export function registeredDataResolver(
  ctx: Pick<RunStageContext, 'plan' | 'envConfig' | 'useCase' | 'cwd'>,
  given: Record<string, string> | undefined,
  reporter: Reporter
): (dataset: string) => Promise<string | undefined> {
  const cache = new Map<string, Promise<string | undefined>>();
  const resolve = async (dataset: string): Promise<string | undefined> => {
    if (ctx.plan.backend !== 'azure') return undefined;
    const explicit = registeredDataRef(dataset, given);
    if (explicit) return explicit;
    const azure = ctx.envConfig.azure;
    const entry = azure && readRecord(ctx.cwd)[keyOf(azure, dataset)];
    if (!entry) return undefined;
    const source = ctx.useCase.config.datasets[dataset]?.source;
    if (!source) return undefined;
    const hash = await hashFile(path.join(ctx.useCase.dir, source)).catch(() => undefined);
    if (hash !== entry.hash) {
      reporter.info(
        `dataset ${dataset}: ${source} changed since it was registered as ${entry.ref}; the runs read the local file`
      );
      return undefined;
    }
    reporter.info(
      `dataset ${dataset}: the runs read the registered data asset ${entry.ref} (same content as ${source})`
    );
    return entry.ref;
  };
  return (dataset) => {
    let p = cache.get(dataset);
    if (!p) cache.set(dataset, (p = resolve(dataset)));
    return p;
  };
}

/** `azureml:<name>:<version>` of a registered dataset, when the options name one. */
export function registeredDataRef(
  dataset: string,
  registered: Record<string, string> | undefined
): string | undefined {
  const v = registered?.[dataset];
  if (!v) return undefined;
  if (v.startsWith('azureml:')) return v;
  return v.includes(':') ? `azureml:${v}` : `azureml:${dataset}:${v}`;
}

// The Azure target's test world: the ARM emulator (loopback HTTPS), Azurite (the default datastore's
// account), the stub LLM, and a scorer that serves deployments with our engine from the blob store.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import {
  demoRules,
  startArmEmulator,
  startAzurite,
  startStubLlm,
  type ArmEmulator,
  type ArmEmulatorOptions,
  type Azurite,
  type StubLlm
} from '@genaiops/testkit';
import {
  engineScorer,
  type EngineScorer,
  type EngineScorerOptions
} from '../../../testkit/src/arm/engine-scorer.js';
import { loadUseCase } from '../../src/config/load.js';

export const repoRoot = path.resolve(import.meta.dirname, '../../../..');
export const SUB = '00000000-0000-0000-0000-000000000000';
export const DEV = { subscriptionId: SUB, resourceGroup: 'rg-genaiops-dev', name: 'mlw-genaiops-dev' };
export const PROD = {
  subscriptionId: SUB,
  resourceGroup: 'rg-genaiops-prod',
  name: 'mlw-genaiops-prod',
  computes: ['k8s-compute']
};
export const CONTAINER = 'azureml-blobstore-test';

export interface AzureWorld {
  emu: ArmEmulator;
  azurite: Azurite;
  stub: StubLlm;
  engine: EngineScorer;
  /** Temp workspace with copies of the use-cases. */
  cwd: string;
  /** The stage environment: test seams + the stub LLM's connection. */
  environ: NodeJS.ProcessEnv;
  /** The same seams for a child process (NODE_EXTRA_CA_CERTS instead of the CA file). */
  childEnv: Record<string, string>;
  stop(): Promise<void>;
}

export interface WorldOptions {
  useCases?: string[];
  emulator?: Partial<ArmEmulatorOptions>;
  inspect?: EngineScorerOptions['inspect'];
}

/** Copies `use-cases/<name>` into a fresh temp folder. */
export function copyUseCases(names: string[]): string {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'genaiops-azure-'));
  for (const n of names)
    cpSync(path.join(repoRoot, 'use-cases', n), path.join(cwd, 'use-cases', n), { recursive: true });
  return cwd;
}

export async function startAzureWorld(o: WorldOptions = {}): Promise<AzureWorld> {
  const useCases = o.useCases ?? ['ticket_classification', 'math_coding'];
  const cwd = copyUseCases(useCases);
  const azurite = await startAzurite();
  await BlobServiceClient.fromConnectionString(azurite.connectionString)
    .getContainerClient(CONTAINER)
    .createIfNotExists();
  const rules = useCases.flatMap((u) => demoRules(loadUseCase(path.join(cwd, 'use-cases', u)), 1));
  const stub = await startStubLlm({ rules, latencyMs: 1 });
  const connection = { aoai: stub.connectionJson('azure') };
  const engine = engineScorer({
    blob: {
      blobEndpoint: azurite.blobEndpoint,
      accountName: azurite.accountName,
      accountKey: azurite.accountKey,
      container: CONTAINER
    },
    environ: connection,
    inspect: o.inspect
  });
  const emu = await startArmEmulator({
    workspaces: [DEV, PROD],
    blob: {
      accountName: azurite.accountName,
      accountKey: azurite.accountKey,
      container: CONTAINER,
      blobEndpoint: azurite.blobEndpoint
    },
    lro: { polls: 0 },
    scorer: engine.scorer,
    keyVaults: [{ name: 'kv-genaiops-dev', resourceGroup: DEV.resourceGroup, rbac: true }],
    ...o.emulator
  });
  const seams = {
    GENAIOPS_ARM_ENDPOINT: emu.url,
    GENAIOPS_ARM_TOKEN: 'emulator-token',
    GENAIOPS_BLOB_ENDPOINT: azurite.blobEndpoint,
    GENAIOPS_LRO_INTERVAL_MS: '5',
    GENAIOPS_ARM_RETRY_DELAY_MS: '5',
    GENAIOPS_ARM_MAX_RETRY_DELAY_MS: '50'
  };
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  return {
    emu,
    azurite,
    stub,
    engine,
    cwd,
    environ: { ...base, ...seams, GENAIOPS_ARM_CA_FILE: emu.caFile, ...connection },
    childEnv: { ...seams, NODE_EXTRA_CA_CERTS: emu.caFile, ...connection },
    async stop() {
      await emu.stop().catch(() => undefined);
      await engine.close();
      await stub.stop().catch(() => undefined);
      await azurite.stop().catch(() => undefined);
      rmSync(cwd, { recursive: true, force: true });
    }
  };
}

/** Mutating ARM requests (PUT / POST / PATCH / DELETE other than read-only POSTs such as listKeys). */
export function mutations(emu: ArmEmulator, since = 0): string[] {
  return emu.requests
    .slice(since)
    .filter(
      (r) =>
        r.kind === 'arm' &&
        (r.method === 'PUT' ||
          r.method === 'PATCH' ||
          r.method === 'DELETE' ||
          (r.method === 'POST' && !/\/(listKeys|listSecrets|getLogs)$/i.test(r.path)))
    )
    .map((r) => `${r.method} ${r.path}`);
}

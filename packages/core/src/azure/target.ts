/**
 * The Azure ML target (`managed` and `kubernetes`): registry and online endpoints of the
 * environment's workspace. Registers itself as the `azure` target factory when loaded
 * (`createTarget` imports this module lazily, so the Azure SDKs load only when used).
 */
import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { TokenCredential } from '@azure/identity';
import { UserError } from '../errors.js';
import type { Target, TargetOptions } from '../stages/target-contract.js';
import { createArmClient, workspaceGate, type WorkspaceRef } from './arm-client.js';
import { DatastoreUploader } from './blob-upload.js';
import { createAzureCredential } from './credential.js';
import { AzureEndpoints } from './endpoints.js';
import { AzureRegistry } from './registry.js';
import { azureSettings, type AzureSettings } from './settings.js';

/** In-process overrides (tests, callers that hold a credential); the environment seams still apply. */
export interface AzureTargetOverrides {
  credential?: TokenCredential;
  settings?: Partial<AzureSettings>;
}

export interface AzureTarget extends Target {
  kind: 'azure';
  registry: AzureRegistry;
  endpoints: AzureEndpoints;
  workspace: WorkspaceRef;
  client: AzureMachineLearningWorkspaces;
  settings: AzureSettings;
  /** The workspace's default blob datastore (monitor reads data collection from it). */
  datastore: DatastoreUploader['datastore'];
}

/** The workspace of a target's options: the environment's `azure` section, the subscription from it, the credentials or AZURE_SUBSCRIPTION_ID. */
export function resolveWorkspace(
  opts: Pick<TargetOptions, 'azure' | 'credentials' | 'environ' | 'env' | 'useCase'>
): WorkspaceRef {
  const where = `environment "${opts.env}" of ${opts.useCase.config.name}`;
  if (!opts.azure)
    throw new UserError(
      `${where} has no "azure" section (subscriptionId, resourceGroup, workspace): the Azure target needs it`
    );
  const subscriptionId =
    opts.azure.subscriptionId || opts.credentials?.subscriptionId || opts.environ.AZURE_SUBSCRIPTION_ID;
  if (!subscriptionId)
    throw new UserError(
      `${where}: no Azure subscription id (set azure.subscriptionId, the subscription-id input or AZURE_SUBSCRIPTION_ID)`
    );
  if (!opts.azure.resourceGroup || !opts.azure.workspace)
    throw new UserError(`${where}: azure.resourceGroup and azure.workspace are required`);
  return { subscriptionId, resourceGroup: opts.azure.resourceGroup, workspace: opts.azure.workspace };
}

export function createAzureTarget(opts: TargetOptions, overrides: AzureTargetOverrides = {}): AzureTarget {
  const workspace = resolveWorkspace(opts);
  const settings = azureSettings(opts.environ, overrides.settings);
  const credential =
    overrides.credential ??
    createAzureCredential({
      clientId: opts.credentials?.clientId,
      tenantId: opts.credentials?.tenantId,
      getAssertion: opts.credentials?.getAssertion,
      staticToken: settings.staticToken,
      authorityHost: opts.environ.AZURE_AUTHORITY_HOST || undefined,
      testAuthority: settings.authorityHost ? { host: settings.authorityHost, ca: settings.ca } : undefined,
      reporter: opts.reporter
    });
  const client = createArmClient(credential, workspace.subscriptionId, settings);
  const uploader = new DatastoreUploader(client, workspace, settings, credential, opts.reporter);
  const checkWorkspace = workspaceGate(client, workspace);
  const envConfig = opts.useCase.config.environments[opts.env];
  const first = envConfig?.deployment;
  const kind =
    opts.kind === 'kubernetes' || (opts.kind === undefined && first?.target === 'kubernetes')
      ? 'kubernetes'
      : 'managed';
  // the block for this target when the environment has one per target (the template's managed and
  // Kubernetes blocks), as the plan picks it
  const deployment =
    [first, ...(envConfig?.alternateDeployments ?? [])].find((d) => d?.target === kind) ?? first;
  const endpoints = new AzureEndpoints(client, workspace, settings, opts.reporter, {
    kind,
    compute: deployment?.compute,
    keyVault: opts.azure?.keyVault,
    image: deployment?.image,
    appInsights: deployment?.appInsights,
    uploader,
    workspace: checkWorkspace
  });
  return {
    kind: 'azure',
    registry: new AzureRegistry(client, workspace, uploader, settings, opts.reporter, checkWorkspace),
    endpoints,
    workspace,
    client,
    settings,
    datastore: () => uploader.datastore(),
    async dispose() {
      endpoints.dispose();
    }
  };
}

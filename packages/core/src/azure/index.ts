export {
  createAzureTarget,
  resolveWorkspace,
  type AzureTarget,
  type AzureTargetOverrides
} from './target.js';
export {
  createAzureCredential,
  credentialKind,
  type AzureCredentialOptions,
  type CredentialKind
} from './credential.js';
export {
  azureSettings,
  DEFAULT_PROMPTFLOW_IMAGE,
  DEFAULT_RETRY,
  type AzureRetrySettings,
  type AzureSettings
} from './settings.js';
export {
  createArmClient,
  workspaceArmId,
  toTargetError,
  isVersionConflict,
  type WorkspaceRef
} from './arm-client.js';
export {
  DatastoreUploader,
  datastoreUri,
  parseDatastoreUri,
  type DefaultDatastore,
  type UploadItem
} from './blob-upload.js';
export { AzureRegistry, UPLOAD_ROOT, FLOW_MODEL_TYPE } from './registry.js';
export {
  AzureEndpoints,
  SERVING_ENVIRONMENT,
  SERVING_ROUTES,
  type AzureEndpointsOptions
} from './endpoints.js';
export {
  grantRole,
  roleAssignmentName,
  uuidV5,
  ROLES,
  ROLE_ASSIGNMENTS_API_VERSION,
  type GrantOutcome,
  type RoleGrant
} from './role-assignments.js';
export { EndpointAccess, KEY_VAULT_API_VERSION } from './endpoint-access.js';
export {
  ServingEnvironments,
  dockerfile,
  environmentVersion,
  type ServingEnvironmentSpec
} from './serving-environment.js';
export { uploadSnapshot, type UploadSnapshot, type SnapshotFile } from './upload-snapshot.js';
export * from './pf/index.js';

import type { ArmWorkspaceSpec } from './types.js';

/** The api-version the emulator speaks, the default workspace, and the name and ARM-id patterns it checks. */

export const ARM_API_VERSION = '2022-10-01';
export const DEFAULT_WORKSPACE: Required<Omit<ArmWorkspaceSpec, 'computes'>> = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'rg-genaiops',
  name: 'mlw-genaiops',
  location: 'eastus'
};

export const ML = 'Microsoft.MachineLearningServices';
export const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;
export const ENDPOINT_NAME_RE = /^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$/;
/** Why a name fails `ENDPOINT_NAME_RE` (endpoints and deployments). */
export const ENDPOINT_NAME_RULE =
  "it must be 3 to 32 characters long, start with a letter, end with a letter or digit, and contain only letters, digits and '-'";
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MODEL_ID_RE =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/i;
export const ENV_ID_RE =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/environments\/([^/]+)\/versions\/([^/]+)$/i;
export const COMPUTE_ID_RE =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/computes\/([^/]+)$/i;

// JSON Schemas of the Python GenAIOps template's config files, so that the legacy layout gets the
// same precise messages (unknown key with a suggestion, wrong type) as the current one. The keys are
// every key the template's published use-case folders carried on its main branch, in every version
// (microsoft/llmops-promptflow-template); keys it never had stay errors.
const numberLike = { type: ['number', 'string'] } as const;
const str = { type: 'string' } as const;
const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

export const legacyConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['envs'],
  properties: {
    $schema: str,
    envs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['ENV_NAME', 'STANDARD_FLOW_PATH'],
        properties: {
          ENV_NAME: { type: 'string', minLength: 1 },
          RESOURCE_GROUP_NAME: str,
          WORKSPACE_NAME: str,
          RUNTIME_NAME: str,
          KEYVAULT_NAME: str,
          STANDARD_FLOW_PATH: { type: 'string', minLength: 1 },
          EVALUATION_FLOW_PATH: str
        }
      }
    }
  }
} as const;

export const legacyDataSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['datasets'],
  properties: {
    datasets: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['ENV_NAME', 'DATA_PURPOSE', 'DATA_PATH', 'DATASET_NAME'],
        properties: {
          // read by neither the template nor genaiops: the use-case (folder) name, the pipeline's service connection
          PROMPT_FLOW_CONFIG_NAME: str,
          AZURE_RM_SVC_CONNECTION: str,
          ENV_NAME: str,
          // "pr": an early spelling of pr_data in the template's history
          DATA_PURPOSE: {
            enum: ['pr_data', 'pr', 'training_data', 'test_data', 'post_production_eval_data']
          },
          DATA_PATH: { type: 'string', minLength: 1 },
          DATASET_NAME: { type: 'string', minLength: 1 },
          RELATED_EXP_DATASET: str,
          DATASET_DESC: str
        }
      }
    }
  }
} as const;

export const legacyMappingSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    experiment: stringMap,
    evaluation: { type: 'object', additionalProperties: stringMap }
  }
} as const;

const endpointProperties = {
  PROMPT_FLOW_CONFIG_NAME: str,
  AZURE_RM_SVC_CONNECTION: str,
  ENV_NAME: str,
  TEST_FILE_PATH: str,
  ENDPOINT_NAME: str,
  ENDPOINT_DESC: str,
  DEPLOYMENT_DESC: str,
  PRIOR_DEPLOYMENT_NAME: str,
  PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION: numberLike,
  CURRENT_DEPLOYMENT_NAME: str,
  CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION: numberLike,
  DEPLOYMENT_VM_SIZE: str,
  DEPLOYMENT_INSTANCE_COUNT: numberLike,
  ENVIRONMENT_VARIABLES: stringMap,
  PUBLIC_ACCESS: { type: ['boolean', 'string'] },
  DEPLOYMENT_CONDA_PATH: str,
  DEPLOYMENT_BASE_IMAGE_NAME: str
} as const;
const endpointList = (extra: object) => ({
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['ENV_NAME', 'ENDPOINT_NAME', 'CURRENT_DEPLOYMENT_NAME'],
    properties: { ...endpointProperties, ...extra }
  }
});

export const legacyDeploymentSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    azure_managed_endpoint: endpointList({}),
    kubernetes_endpoint: endpointList({ COMPUTE_NAME: str, CPU_ALLOCATION: str, MEMORY_ALLOCATION: str }),
    webapp_endpoint: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['ENV_NAME'],
        properties: {
          ENV_NAME: str,
          TEST_FILE_PATH: str,
          CONNECTION_NAMES: { type: 'array', items: str },
          REGISTRY_NAME: str,
          REGISTRY_RG_NAME: str,
          APP_PLAN_NAME: str,
          WEB_APP_NAME: str,
          WEB_APP_RG_NAME: str,
          WEB_APP_SKU: str,
          USER_MANAGED_ID: str
        }
      }
    }
  }
} as const;

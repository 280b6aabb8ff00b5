// The JSON Schema of llmops_config.json. schemas/llmops_config.schema.json is written from this
// object by `npm run build` (scripts/write-schema.mjs); a test fails when the two drift.
export const llmopsConfigSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/genaiops/genaiops-actions/schemas/llmops_config.schema.json',
  title: 'GenAIOps use-case configuration (llmops_config.json)',
  description:
    'One file per use-case. Paths are relative to the use-case folder and may not leave it. ${NAME} and ${NAME:-default} in strings are filled from the environment.',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'flow', 'datasets', 'environments'],
  properties: {
    $schema: { type: 'string', description: 'Path or URL of this schema, for editor autocomplete.' },
    name: {
      type: 'string',
      minLength: 1,
      description: "Use-case name; prefix of run names and the registered flow's model name."
    },
    description: { type: 'string', description: 'Free text shown in reports.' },
    flow: {
      type: 'string',
      minLength: 1,
      description: 'Folder of the standard flow (holds flow.dag.yaml or flow.flex.yaml).'
    },
    variants: {
      enum: ['one-at-a-time', 'all-combinations'],
      default: 'one-at-a-time',
      description:
        'one-at-a-time: one run per variant of each node, other nodes on their default (the all-defaults run once). all-combinations: the cartesian product.'
    },
    datasets: {
      type: 'object',
      minProperties: 1,
      description:
        'Datasets by name. Without `reference` a dataset feeds experiment runs; with `reference` it is an evaluation dataset joined line by line with the runs on the referenced dataset.',
      additionalProperties: { $ref: '#/definitions/dataset' }
    },
    evaluators: {
      type: 'array',
      description:
        'Evaluation flows run against every experiment run whose dataset an evaluation dataset of the environment references.',
      items: { $ref: '#/definitions/evaluator' }
    },
    pricing: {
      type: 'object',
      additionalProperties: false,
      required: ['models'],
      description:
        'Model prices for the reports\' estimated cost per variant, per 1M tokens. A call\'s model (as the service names it) takes the price of the same key, else of the longest key it starts with, else of "*".',
      properties: {
        currency: { type: 'string', minLength: 1, default: 'USD', description: 'Shown after every cost.' },
        models: {
          type: 'object',
          minProperties: 1,
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            required: ['input', 'output'],
            properties: {
              input: { type: 'number', minimum: 0, description: 'Price of 1M prompt tokens.' },
              output: { type: 'number', minimum: 0, description: 'Price of 1M completion tokens.' }
            }
          }
        }
      }
    },
    environments: {
      type: 'object',
      minProperties: 1,
      description: 'Environments by name (pr, dev, prod…): which backend, which datasets, where to deploy.',
      additionalProperties: { $ref: '#/definitions/environment' }
    }
  },
  definitions: {
    stringMap: { type: 'object', additionalProperties: { type: 'string' } },
    dataset: {
      type: 'object',
      additionalProperties: false,
      required: ['source'],
      properties: {
        source: { type: 'string', minLength: 1, description: 'JSONL file, relative to the use-case folder.' },
        description: { type: 'string', description: 'Stored on the registered data asset.' },
        mappings: {
          $ref: '#/definitions/stringMap',
          description: 'Flow input → ${data.column} (experiment datasets).'
        },
        reference: {
          type: 'string',
          minLength: 1,
          description: 'Makes this an evaluation dataset for runs on the named experiment dataset.'
        }
      }
    },
    gate: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        min: { type: 'number', description: 'The metric must be at least this.' },
        max: { type: 'number', description: 'The metric must be at most this.' }
      }
    },
    evaluator: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'flow'],
      properties: {
        name: { type: 'string', minLength: 1, description: 'Unique evaluator name.' },
        flow: { type: 'string', minLength: 1, description: 'Folder of the evaluation flow.' },
        datasets: {
          type: 'array',
          items: { type: 'string' },
          uniqueItems: true,
          description:
            'Evaluation datasets this evaluator runs on (default: every evaluation dataset of the environment).'
        },
        mappings: {
          $ref: '#/definitions/stringMap',
          description: 'Evaluation-flow input → ${data.column}, ${run.outputs.x} or ${run.inputs.x}.'
        },
        gates: {
          type: 'object',
          additionalProperties: { $ref: '#/definitions/gate' },
          description: 'Metric name → { min, max }. A missed gate fails the evaluate step.'
        }
      }
    },
    azure: {
      type: 'object',
      additionalProperties: false,
      required: ['resourceGroup', 'workspace'],
      properties: {
        subscriptionId: {
          type: 'string',
          description: 'Default: the AZURE_SUBSCRIPTION_ID environment variable.'
        },
        resourceGroup: {
          type: 'string',
          minLength: 1,
          description: 'Resource group of the Azure ML workspace.'
        },
        workspace: { type: 'string', minLength: 1, description: 'Azure ML workspace name.' },
        runtime: { type: 'string', description: 'Prompt flow runtime name, or `automatic` for serverless.' },
        keyVault: { type: 'string', description: 'Key vault the endpoint identity may read.' }
      }
    },
    deployment: {
      type: 'object',
      additionalProperties: false,
      required: ['target', 'endpoint', 'deployment', 'sampleRequest'],
      properties: {
        target: {
          enum: ['local', 'managed', 'kubernetes'],
          description:
            'local endpoint server, Azure ML managed online endpoint, or Kubernetes online endpoint.'
        },
        endpoint: {
          type: 'string',
          minLength: 1,
          description: "Online endpoint name (3–32 characters: letters, digits, '-')."
        },
        endpointDescription: { type: 'string', description: 'Stored on the endpoint when it is created.' },
        deployment: {
          type: 'string',
          minLength: 1,
          description: 'Name of the deployment this run creates or updates.'
        },
        description: { type: 'string', description: 'Stored on the deployment.' },
        previous: {
          type: 'string',
          description:
            'Deployment that keeps the rest of the traffic (A/B). Empty or absent: the new deployment takes all traffic.'
        },
        traffic: {
          type: 'integer',
          minimum: 0,
          maximum: 100,
          default: 100,
          description: 'Percent of traffic for the new deployment; the previous one gets 100 − traffic.'
        },
        instanceType: {
          type: 'string',
          minLength: 1,
          description:
            'VM size of a managed deployment (e.g. Standard_DS3_v2), or the Kubernetes instance type.'
        },
        instanceCount: { type: 'integer', minimum: 1, default: 1, description: 'Number of instances.' },
        compute: {
          type: 'string',
          minLength: 1,
          description: 'Attached Kubernetes compute name (kubernetes target).'
        },
        cpu: {
          type: 'string',
          minLength: 1,
          description: 'CPU request of a Kubernetes deployment, e.g. 500m.'
        },
        memory: {
          type: 'string',
          minLength: 1,
          description: 'Memory request of a Kubernetes deployment, e.g. 1Gi.'
        },
        environmentVariables: {
          $ref: '#/definitions/stringMap',
          description: 'Environment variables of the deployment.'
        },
        sampleRequest: { type: 'string', minLength: 1, description: 'JSON file sent by the smoke test.' }
      }
    },
    environment: {
      type: 'object',
      additionalProperties: false,
      required: ['backend', 'datasets'],
      properties: {
        backend: {
          enum: ['local', 'azure'],
          description: 'Where flows run: the embedded engine, or Azure ML prompt flow.'
        },
        datasets: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { type: 'string' },
          description:
            'Every dataset this environment uses: experiment datasets and the evaluation datasets that reference them.'
        },
        azure: { $ref: '#/definitions/azure' },
        environmentVariables: { $ref: '#/definitions/stringMap', description: 'Passed to flow runs.' },
        deployment: { $ref: '#/definitions/deployment' }
      }
    }
  }
} as const;

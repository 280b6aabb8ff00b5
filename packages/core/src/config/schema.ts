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
    allowSymlinks: {
      type: 'boolean',
      default: false,
      description:
        'Follow symbolic links in the flow folder when hashing, registering and deploying it, as long as they stay inside the use-case folder (by default any link is refused).'
    },
    requestTimeout: {
      type: 'number',
      exclusiveMinimum: 0,
      default: 120,
      description:
        'Local runs: seconds one model call attempt may take before it is abandoned and retried (the --request-timeout flag wins).'
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
        },
        maxBadLines: {
          type: 'integer',
          minimum: 0,
          description:
            'Malformed lines (not a JSON object) this dataset may have; more fail validate and every stage that reads it. Each one is a failed line of its runs. Default 0.'
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
        },
        higherIsBetter: {
          type: 'object',
          additionalProperties: { type: 'boolean' },
          description:
            'Metric name → whether a higher value is better (which variant the reports star). Without it: a gate with only min (higher) or only max (lower), else a guess from the name, which the report states.'
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
          description:
            'Resource group of the Azure ML workspace (blank: not filled in yet; Azure stages refuse it).'
        },
        workspace: {
          type: 'string',
          description: 'Azure ML workspace name (blank: not filled in yet; Azure stages refuse it).'
        },
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
          description:
            "Online endpoint name (3–32 characters: letters, digits, '-'). Blank: not filled in yet (validate warns, deploy refuses)."
        },
        endpointDescription: { type: 'string', description: 'Stored on the endpoint when it is created.' },
        deployment: {
          type: 'string',
          description:
            'One of the two deployment slots: the first release goes here; later releases alternate with `previous`, always into the slot that is not live (blank: not filled in yet).'
        },
        description: { type: 'string', description: 'Stored on the deployment.' },
        previous: {
          type: 'string',
          description:
            'The other deployment slot (A/B): a release goes to whichever of `deployment` / `previous` is not live, and the live one keeps the rest of the traffic. Empty or absent: one slot, updated in place (not safe).'
        },
        traffic: {
          type: 'integer',
          minimum: 0,
          maximum: 100,
          default: 100,
          description:
            'Percent of traffic for the new release once its smoke test passed; the live deployment keeps 100 − traffic until `promote` or `rollback`.'
        },
        keepPrevious: {
          type: 'boolean',
          default: true,
          description:
            'After `promote`: keep the older deployment at 0 % (a rollback stays one command away; it still costs its instances on Azure) or delete it (false).'
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
        sampleRequest: { type: 'string', minLength: 1, description: 'JSON file sent by the smoke test.' },
        image: {
          type: 'string',
          minLength: 1,
          description:
            "Azure: serving image, used as it is. Default: prompt flow's runtime image, with the flow's requirements.txt (or environment.python_requirements_txt) built into an Azure ML environment."
        },
        appInsights: {
          type: 'boolean',
          description: "Azure: log the deployment's requests to the workspace's Application Insights."
        },
        requestLog: {
          type: 'object',
          additionalProperties: false,
          description:
            'What the endpoint records for `monitor`: the local endpoint appends scored requests to a JSONL log; Azure deployments turn on model data collection.',
          properties: {
            enabled: { type: 'boolean', default: true, description: 'false: record nothing (opt-out).' },
            sampleRate: {
              type: 'number',
              minimum: 0,
              maximum: 1,
              default: 1,
              description: 'Share of scored requests recorded.'
            }
          }
        }
      }
    },
    monitor: {
      type: 'object',
      additionalProperties: false,
      required: ['evaluators'],
      description:
        'Post-production evaluation (`genaiops monitor`): evaluation flows over production inputs and answers, with gates.',
      properties: {
        datasets: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { type: 'string' },
          description: 'Datasets holding production lines (inputs and outputs), e.g. an exported log.'
        },
        requestLog: {
          type: 'boolean',
          description:
            "Read the environment deployment's request log (local endpoint log, or Azure data collection)."
        },
        windowHours: {
          type: 'number',
          exclusiveMinimum: 0,
          default: 24,
          description: 'How far back the request log is read.'
        },
        evaluators: {
          type: 'array',
          minItems: 1,
          items: { $ref: '#/definitions/evaluator' },
          description: 'Evaluation flows over the production lines; mappings read ${data.<column>}.'
        },
        schedule: { type: 'string', description: 'Cron hint for the scheduled monitor workflow.' }
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
        flow: {
          type: 'string',
          minLength: 1,
          description: "This environment's standard flow, when it is not the use-case's."
        },
        evaluators: {
          type: 'array',
          uniqueItems: true,
          items: { type: 'string' },
          description: 'Names of the evaluators this environment runs (default: every evaluator).'
        },
        azure: { $ref: '#/definitions/azure' },
        environmentVariables: { $ref: '#/definitions/stringMap', description: 'Passed to flow runs.' },
        llmCache: {
          type: 'boolean',
          description:
            'Local backend: answer model calls from the LLM cache in .genaiops/llm-cache/ when the same call (endpoint, deployment, parameters, messages) was answered before; new answers are stored. true: every llm node; false: none, not even enable_cache nodes; unset: only nodes with enable_cache: true. The --llm-cache / --no-llm-cache flag and the llm-cache input win.'
        },
        connections: {
          type: 'object',
          description:
            'Connection name → settings for this environment. {"provider": "mock"}: the connection runs on the mock provider (local backend only; every output says so).',
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            required: ['provider'],
            properties: {
              provider: { enum: ['mock'], description: 'mock: no model; answers echo the prompt.' }
            }
          }
        },
        deployment: { $ref: '#/definitions/deployment' },
        alternateDeployments: {
          type: 'array',
          items: { $ref: '#/definitions/deployment' },
          description: 'Deployments to other targets, chosen with --target (one per target).'
        },
        monitor: { $ref: '#/definitions/monitor' },
        integrationTest: {
          type: 'object',
          additionalProperties: false,
          description:
            "Endpoint integration tests: after the deploy's smoke test, the evaluation datasets go through the new deployment alone and are evaluated with the evaluators and gates; a failure rolls the release back.",
          properties: {
            datasets: {
              type: 'array',
              minItems: 1,
              uniqueItems: true,
              items: { type: 'string' },
              description:
                'Evaluation datasets to send (default: every evaluation dataset of the environment).'
            },
            concurrency: {
              type: 'integer',
              minimum: 1,
              default: 4,
              description: 'Requests in flight at once.'
            },
            attempts: {
              type: 'integer',
              minimum: 1,
              default: 4,
              description: 'Attempts of a request answered 429 or 5xx (with backoff).'
            },
            maxFailedLines: {
              type: 'integer',
              minimum: 0,
              default: 0,
              description: 'Lines that may still fail after the retries.'
            }
          }
        },
        webApp: {
          type: 'object',
          additionalProperties: { type: ['string', 'array'], items: { type: 'string' } },
          description: "The template's webapp_endpoint block, carried over (not deployed by genaiops)."
        }
      }
    }
  }
} as const;

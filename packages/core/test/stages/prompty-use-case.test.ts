/**
 * A `.prompty` file as a use-case's flow and as an evaluator in llmops_config.json: the experiment
 * and evaluate stages run them on the local backend, and the deploy stage serves the prompty on a
 * local endpoint that answers a scoring request. The model is the stub LLM; the rest is real.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStubLlm, type StubLlm } from '@genaiops/testkit';
import { showRun } from '../../src/engine/runs/show.js';
import { MemoryReporter } from '../../src/reporter.js';
import { deploy } from '../../src/stages/deploy.js';
import { evaluate } from '../../src/stages/evaluate.js';
import { experiment } from '../../src/stages/experiment.js';
import { register } from '../../src/stages/register.js';
import { cleanWorkspace } from './helpers-targets.js';

const USE_CASE = 'use-cases/prompty_qa';
const ANSWER = `---
name: Answer
model:
  api: chat
  configuration:
    type: azure_openai
    connection: aoai
    azure_deployment: gpt-4o
  parameters:
    max_tokens: 64
inputs:
  question:
    type: string
sample:
  question: What is the capital of France?
---
system:
Answer in one word.

user:
{{question}}
`;
const JUDGE = `---
name: Judge
model:
  api: chat
  configuration:
    type: azure_openai
    connection: aoai
    azure_deployment: gpt-4o
  parameters:
    response_format:
      type: json_object
inputs:
  answer:
    type: string
  ground_truth:
    type: string
outputs:
  score:
    type: int
---
system:
Grade the answer against the ground truth. Reply in JSON: {"score": 1 to 5}.

user:
answer: {{answer}}
ground truth: {{ground_truth}}
`;
const CONFIG = {
  name: 'prompty_qa',
  flow: 'flows/answer/answer.prompty',
  datasets: {
    qa: { source: 'data/qa.jsonl', mappings: { question: '${data.question}' } },
    qa_eval: { source: 'data/qa.jsonl', reference: 'qa' }
  },
  evaluators: [
    {
      name: 'judge',
      flow: 'flows/judge/judge.prompty',
      mappings: { answer: '${run.outputs.output}', ground_truth: '${data.answer}' }
    }
  ],
  environments: {
    pr: { backend: 'local', datasets: ['qa', 'qa_eval'] },
    dev: {
      backend: 'local',
      datasets: ['qa', 'qa_eval'],
      deployment: {
        target: 'local',
        endpoint: 'qa-dev',
        deployment: 'blue',
        sampleRequest: 'sample-request.json'
      }
    }
  }
};

let stub: StubLlm;
let cwd: string;
let environ: NodeJS.ProcessEnv;
beforeAll(async () => {
  stub = await startStubLlm({
    rules: [
      { match: 'ground truth:', reply: '{"score": 4, "why": "close"}' },
      { match: 'capital of France', reply: 'Paris' },
      { match: 'capital of Japan', reply: 'Tokyo' }
    ]
  });
  cwd = mkdtempSync(path.join(os.tmpdir(), 'genaiops-prompty-'));
  const dir = path.join(cwd, USE_CASE);
  for (const sub of ['flows/answer', 'flows/judge', 'data'])
    mkdirSync(path.join(dir, sub), { recursive: true });
  writeFileSync(path.join(dir, 'flows/answer/answer.prompty'), ANSWER);
  writeFileSync(path.join(dir, 'flows/judge/judge.prompty'), JUDGE);
  writeFileSync(
    path.join(dir, 'data/qa.jsonl'),
    '{"question": "What is the capital of France?", "answer": "Paris"}\n' +
      '{"question": "What is the capital of Japan?", "answer": "Tokyo"}\n'
  );
  writeFileSync(path.join(dir, 'sample-request.json'), '{"question": "What is the capital of France?"}\n');
  writeFileSync(path.join(dir, 'llmops_config.json'), JSON.stringify(CONFIG, null, 2));
  environ = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GENAIOPS_SECRETS_DIR: path.join(cwd, 'secrets'),
    aoai: stub.connectionJson('azure')
  };
}, 30_000);
afterAll(async () => {
  await cleanWorkspace(cwd);
  await stub.stop();
});

test('a .prompty flow runs in the experiment, and a .prompty evaluator scores each of its lines', async () => {
  const exp = await experiment(
    { useCase: USE_CASE, env: 'pr', cwd, environ, buildId: 'b1' },
    new MemoryReporter()
  );
  expect(exp.runs.map((r) => r.status)).toEqual(['Completed']);
  const evaluated = await evaluate({ useCase: USE_CASE, env: 'pr', cwd, environ }, new MemoryReporter());
  expect(evaluated.rows).toHaveLength(1);
  expect(evaluated.rows[0]).toMatchObject({ evaluator: 'judge', dataset: 'qa' });
  const run = showRun(evaluated.rows[0].evaluationRun, { cwd });
  expect(run.status).toBe('Completed');
  // the judge saw each line's answer from the experiment run, joined by line number
  const judged = stub
    .stats()
    .recorded.filter((r) => JSON.stringify(r.body).includes('ground truth:'))
    .map((r) => (r.body as { messages: { content: string }[] }).messages.at(-1)!.content);
  expect(judged.sort()).toEqual(['answer: Paris\nground truth: Paris', 'answer: Tokyo\nground truth: Tokyo']);
}, 120_000);

test('a .prompty flow deploys to the local target and its endpoint answers', async () => {
  await register({ useCase: USE_CASE, env: 'dev', target: 'local', cwd, environ }, new MemoryReporter());
  const r = await deploy(
    {
      useCase: USE_CASE,
      env: 'dev',
      target: 'local',
      cwd,
      environ,
      smokeRetry: { attempts: 2, initialDelayMs: 50 }
    },
    new MemoryReporter()
  );
  expect(r).toMatchObject({ endpoint: 'qa-dev', deployment: 'blue', changed: true, traffic: { blue: 100 } });
  const { readEndpointSecrets, endpointSecretsFile } = await import('../../src/local/endpoint-secrets.js');
  const key = readEndpointSecrets(endpointSecretsFile(cwd, 'qa-dev', environ)).keys!.primary;
  const res = await fetch(r.scoringUri!, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ question: 'What is the capital of Japan?' })
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ output: 'Tokyo' });
}, 120_000);

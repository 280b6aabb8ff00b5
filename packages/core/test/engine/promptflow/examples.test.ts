/**
 * prompt flow's own example flows (vendored from microsoft/promptflow, MIT: fixtures/promptflow/README.md)
 * that use package tools or a flex entry given on the command line, run through `flow test` as
 * `pf flow test` runs them. The model is the stub LLM; the rest is real.
 */
import path from 'node:path';
import { startStubLlm, type StubLlm } from '@genaiops/testkit';
import { testFlow } from '../../../src/engine/runs/flow-test.js';
import { pyJson } from '../../../src/util/py-json.js';

const examples = path.resolve(import.meta.dirname, '../../fixtures/promptflow/examples');

let stub: StubLlm;
let environ: NodeJS.ProcessEnv;
beforeAll(async () => {
  stub = await startStubLlm({
    rules: [
      { match: 'How many colors', reply: 'Four.' },
      { match: /weather/i, reply: 'Sunny, 21 degrees.' }
    ],
    defaultReply: '4'
  });
  environ = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PYENV_ROOT: process.env.PYENV_ROOT,
    GENAIOPS_PROMPTFLOW_SHIM: '1',
    aoai_gpt4v_connection: stub.connectionJson('azure'),
    open_ai_connection: stub.connectionJson('azure'),
    AZURE_OPENAI_ENDPOINT: stub.url,
    AZURE_OPENAI_API_KEY: stub.apiKey
  };
});
afterAll(() => stub.stop());
beforeEach(() => stub.reset());

test('chat/chat-with-image: the image of the default question goes to the model by URL, as prompt flow sends it', async () => {
  const dir = path.join(examples, 'flows/chat/chat-with-image');
  const r = await testFlow({ flow: dir, inputs: { chat_history: [] }, environ, cwd: dir });
  expect(r.error).toBeUndefined();
  expect(r.outputs).toEqual({ answer: 'Four.' });
  const [call] = stub.stats().recorded;
  expect(call.path).toBe('/openai/deployments/gpt-4v/chat/completions');
  const user = (call.body as { messages: { role: string; content: unknown }[] }).messages.at(-1)!;
  expect(user).toEqual({
    role: 'user',
    content: [
      {
        type: 'image_url',
        image_url: {
          url: 'https://images.idgesg.net/images/article/2019/11/edge-browser-logo_microsoft-100816808-large.jpg',
          detail: 'auto'
        }
      },
      { type: 'text', text: 'How many colors can you see?' }
    ]
  });
});

test('evaluation/eval-qna-non-rag: the embedding package tool feeds ada similarity', async () => {
  const dir = path.join(examples, 'flows/evaluation/eval-qna-non-rag');
  const r = await testFlow({
    flow: dir,
    inputs: {
      question: 'Which tent is the most waterproof?',
      answer: 'The Alpine Explorer Tent is the most waterproof.',
      context: 'From the our product list, the alpine explorer tent is the most waterproof.',
      ground_truth: 'The Alpine Explorer Tent has the highest rainfly waterproof rating at 3000m',
      metrics: 'gpt_groundedness,f1_score,ada_similarity'
    },
    environ,
    cwd: dir
  });
  expect(r.error).toBeUndefined();
  expect(r.status).toBe('Completed');
  // concat_scores returns float(4): prompt flow prints 4.0
  expect(pyJson(r.outputs.gpt_groundedness)).toBe('4.0');
  expect(r.outputs).toMatchObject({ f1_score: expect.any(Number) });
  expect(typeof r.outputs.ada_similarity).toBe('number');
  const embeddings = stub.stats().recorded.filter((c) => c.path.endsWith('/embeddings'));
  expect(embeddings).toHaveLength(2);
});

test('flex-flows/chat-with-functions: `flow:chat` (no flow file) runs the entry, which calls a prompty with tools', async () => {
  const dir = path.join(examples, 'flex-flows/chat-with-functions');
  const r = await testFlow({
    flow: path.join(dir, 'flow:chat'),
    inputs: { question: 'What is the weather like in Boston?', chat_history: [] },
    environ,
    cwd: dir
  });
  expect(r.error).toBeUndefined();
  expect(r.outputs).toEqual({ output: 'Sunny, 21 degrees.' });
  const [call] = stub.stats().recorded;
  expect(
    (call.body as { tools: { function: { name: string } }[] }).tools.map((t) => t.function.name)
  ).toEqual(['get_current_weather', 'get_n_day_weather_forecast']);
});

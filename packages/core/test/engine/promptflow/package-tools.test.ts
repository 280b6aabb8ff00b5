/**
 * prompt flow's package tools (promptflow-tools) in the local engine: nodes with `source.type:
 * package` / `package_with_prompt` run in the python worker, from the shim's built-in
 * `promptflow.tools` here (the real package is not installed). The model is the stub LLM; the
 * engine, worker and shim are real.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { hashEmbedding, startStubLlm, type StubLlm } from '@genaiops/testkit';
import { testFlow } from '../../../src/engine/runs/flow-test.js';

let stub: StubLlm;
let environ: NodeJS.ProcessEnv;
beforeAll(async () => {
  stub = await startStubLlm({ rules: [{ match: 'How many colors', reply: 'three' }] });
  environ = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PYENV_ROOT: process.env.PYENV_ROOT,
    GENAIOPS_PROMPTFLOW_SHIM: '1',
    aoai: stub.connectionJson('azure'),
    oai: stub.connectionJson('openai')
  };
});
afterAll(() => stub.stop());
beforeEach(() => stub.reset());

function flowDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'genaiops-pkg-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const run = (dir: string, inputs: Record<string, unknown> = {}) =>
  testFlow({ flow: dir, inputs, environ, cwd: dir });

test('promptflow.tools.embedding.embedding: Azure and OpenAI connections, the vector the service returns', async () => {
  const dir = flowDir({
    'flow.dag.yaml': [
      'inputs:',
      '  text: {type: string}',
      'outputs:',
      '  azure: {type: list, reference: "${azure.output}"}',
      '  openai: {type: list, reference: "${openai.output}"}',
      'nodes:',
      '- name: azure',
      '  type: python',
      '  source: {type: package, tool: promptflow.tools.embedding.embedding}',
      '  inputs: {connection: aoai, deployment_name: ada-002, input: "${inputs.text}"}',
      '- name: openai',
      '  type: python',
      '  source: {type: package, tool: promptflow.tools.embedding.embedding}',
      '  inputs: {connection: oai, model: text-embedding-3-small, input: "${inputs.text}"}'
    ].join('\n')
  });
  const r = await run(dir, { text: 'hello world' });
  expect(r.error).toBeUndefined();
  expect(r.status).toBe('Completed');
  const expected = hashEmbedding('hello world', 1536);
  for (const v of [r.outputs.azure, r.outputs.openai] as number[][]) {
    expect(v).toHaveLength(1536);
    v.forEach((x, i) => expect(Number(x)).toBeCloseTo(expected[i], 12)); // small floats come back as PyFloat (1e-05)
  }
  const paths = stub.stats().recorded.map((c) => `${c.method} ${c.path} ${JSON.stringify(c.body)}`);
  expect(paths.sort()).toEqual([
    'POST /openai/deployments/ada-002/embeddings {"input":"hello world","model":"ada-002"}',
    'POST /v1/embeddings {"input":"hello world","model":"text-embedding-3-small"}'
  ]);
});

test('custom_llm aoai_gpt4v: images in the chat prompt are sent as image_url parts (by URL, or inline base64)', async () => {
  const dir = flowDir({
    'flow.dag.yaml': [
      'inputs:',
      '  question: {type: list}',
      '  picture: {type: image}',
      'outputs:',
      '  answer: {type: string, reference: "${chat.output}"}',
      'nodes:',
      '- name: chat',
      '  type: custom_llm',
      '  source: {type: package_with_prompt, tool: promptflow.tools.aoai_gpt4v.AzureOpenAI.chat, path: chat.jinja2}',
      '  inputs: {connection: aoai, deployment_name: gpt-4v, max_tokens: 64, question: "${inputs.question}", picture: "${inputs.picture}"}'
    ].join('\n'),
    'chat.jinja2': '# system:\nYou describe images.\n\n# user:\n{{question}}\n![image]({{picture}})\n'
  });
  const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
  const r = await run(dir, {
    question: [{ 'data:image/png;url': 'https://example.test/logo.png' }, 'How many colors can you see?'],
    picture: { 'data:image/png;base64': png }
  });
  expect(r.error).toBeUndefined();
  expect(r.outputs).toEqual({ answer: 'three' });
  const [call] = stub.stats().recorded;
  expect(call.path).toBe('/openai/deployments/gpt-4v/chat/completions');
  expect((call.body as { messages: unknown }).messages).toEqual([
    { role: 'system', content: 'You describe images.' },
    {
      role: 'user',
      content: [
        { type: 'image_url', image_url: { url: 'https://example.test/logo.png', detail: 'auto' } },
        { type: 'text', text: 'How many colors can you see?' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${png}`, detail: 'auto' } }
      ]
    }
  ]);
  expect(call.body).toMatchObject({ max_tokens: 64, n: 1, temperature: 1, top_p: 1 });
});

test('python code that imports promptflow.tools (aoai.chat) gets the built-in tool', async () => {
  const dir = flowDir({
    'flow.dag.yaml': [
      'inputs: {}',
      'outputs:',
      '  score: {type: int, reference: "${grade.output}"}',
      'nodes:',
      '- name: grade',
      '  type: python',
      '  source: {type: code, path: grade.py}',
      '  inputs: {connection: aoai}'
    ].join('\n'),
    'grade.py': [
      'from promptflow.core import tool',
      'from promptflow.connections import AzureOpenAIConnection',
      'from promptflow.tools.aoai import chat',
      '',
      '@tool',
      'def grade(connection: AzureOpenAIConnection) -> int:',
      '    return int(chat(connection=connection, prompt="user:\\nRate {{x}}", deployment_name="gpt-4", x="it"))'
    ].join('\n')
  });
  stub.update({ rules: [{ match: 'Rate it', reply: '5' }] });
  const r = await run(dir);
  expect(r.error).toBeUndefined();
  expect(r.outputs).toEqual({ score: 5 });
});

test('a package tool whose package is not installed fails naming the pip package to install', async () => {
  const dir = flowDir({
    'flow.dag.yaml': [
      'inputs: {}',
      'outputs:',
      '  out: {type: string, reference: "${search.output}"}',
      'nodes:',
      '- name: search',
      '  type: python',
      '  source: {type: package, tool: promptflow_vectordb.tool.common_index_lookup.search}',
      '  inputs: {queries: hello}'
    ].join('\n')
  });
  const r = await run(dir);
  expect(r.status).toBe('Failed');
  expect(r.error?.message).toContain(
    "package tool 'promptflow_vectordb.tool.common_index_lookup.search' needs the python module 'promptflow_vectordb'"
  );
  expect(r.error?.message).toContain(
    'install the pip package promptflow-vectordb there (pip install promptflow-vectordb)'
  );
});

test('a promptflow.tools tool the shim does not carry names the real packages', async () => {
  const dir = flowDir({
    'flow.dag.yaml': [
      'inputs: {}',
      'outputs:',
      '  out: {type: string, reference: "${t.output}"}',
      'nodes:',
      '- name: t',
      '  type: python',
      '  source: {type: package, tool: promptflow.tools.azure_translator.get_translation}',
      '  inputs: {text: hello}'
    ].join('\n')
  });
  const r = await run(dir);
  expect(r.status).toBe('Failed');
  expect(r.error?.message).toContain(
    "package tool 'promptflow.tools.azure_translator.get_translation' is not among the built-in tools of the GenAIOps local engine"
  );
  expect(r.error?.message).toContain('install the pip packages promptflow and promptflow-tools');
});

test("promptflow.tools.serpapi: the search API called with the connection's key; its errors as the service words them", async () => {
  // SerpAPI's REST API (GET /search?q=…&engine=…&api_key=…&output=json) on loopback
  const seen: URLSearchParams[] = [];
  const serp = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://serp');
    seen.push(url.searchParams);
    const ok = url.pathname === '/search' && url.searchParams.get('api_key') === 'serp-key-123456';
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        ok
          ? {
              search_metadata: { status: 'Success' },
              organic_results: [{ title: url.searchParams.get('q') }]
            }
          : { error: 'Invalid API key. Your API key should be here: https://serpapi.com/manage-api-key' }
      )
    );
  });
  await new Promise<void>((r) => serp.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(serp.address() as AddressInfo).port}`;
  try {
    const dir = flowDir({
      'flow.dag.yaml': [
        'inputs:',
        '  text: {type: string}',
        'outputs:',
        '  output: {type: string, reference: "${search_by_text.output.search_metadata}"}',
        'nodes:',
        '- name: search_by_text',
        '  type: python',
        '  source: {type: package, tool: promptflow.tools.serpapi.SerpAPI.search}',
        '  inputs: {connection: serp, query: "${inputs.text}", num: 1}'
      ].join('\n')
    });
    const withKey = (key: string) =>
      testFlow({
        flow: dir,
        inputs: { text: 'weather' },
        environ: { ...environ, serp: JSON.stringify({ api_key: key, api_base: base }) },
        cwd: dir
      });
    const r = await withKey('serp-key-123456');
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ output: { status: 'Success' } });
    expect(Object.fromEntries(seen[0])).toEqual({
      q: 'weather',
      engine: 'google',
      api_key: 'serp-key-123456',
      output: 'json',
      num: '1'
    });
    const bad = await withKey('wrong-key-000000');
    expect(bad.status).toBe('Failed');
    expect(bad.error?.message).toContain('Invalid API key. Your API key should be here');
    expect(bad.error?.message).not.toContain('wrong-key-000000');
  } finally {
    serp.close();
  }
});

test('promptflow.tools.open_model_llm: a LLaMa chat on an Azure ML online endpoint named by a custom connection', async () => {
  // the scoring API of an Azure ML online endpoint serving a LLaMa chat model, on loopback
  const bodies: unknown[] = [];
  const headers: Record<string, unknown>[] = [];
  const endpoint = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(raw));
      headers.push(req.headers);
      const ok = req.headers.authorization === 'Bearer endpoint-key-123456';
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { output: 'Bonjour' } : { message: 'unauthorized' }));
    });
  });
  await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/score`;
  try {
    const dir = flowDir({
      'flow.dag.yaml': [
        'inputs:',
        '  text: {type: string}',
        'outputs:',
        '  answer: {type: string, reference: "${llama.output}"}',
        'nodes:',
        '- name: llama',
        '  type: custom_llm',
        '  source: {type: package_with_prompt, tool: promptflow.tools.open_model_llm.OpenModelLLM.call, path: chat.jinja2}',
        '  inputs: {endpoint_name: localConnection/llama, api: chat, deployment_name: blue, max_new_tokens: 20, text: "${inputs.text}"}'
      ].join('\n'),
      'chat.jinja2': 'system:\nTranslate to French.\n\nuser:\n{{text}}\n'
    });
    const llama = JSON.stringify({
      configs: { endpoint_url: url, model_family: 'LLaMa' },
      secrets: { endpoint_api_key: 'endpoint-key-123456' }
    });
    const r = await testFlow({
      flow: dir,
      inputs: { text: 'Hello' },
      environ: { ...environ, llama },
      cwd: dir
    });
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ answer: 'Bonjour' });
    expect(bodies[0]).toEqual({
      input_data: {
        input_string: [
          { role: 'system', content: 'Translate to French.' },
          { role: 'user', content: 'Hello' }
        ],
        parameters: { top_p: 1, temperature: 1, max_new_tokens: 20, do_sample: true }
      }
    });
    expect(headers[0]).toMatchObject({
      'azureml-model-deployment': 'blue',
      'x-ms-user-agent': 'PromptFlow/OpenModelLLM/LLaMa'
    });
  } finally {
    endpoint.close();
  }
});

test('code that imports a pip package this python lacks fails saying what to install', async () => {
  const dir = flowDir({
    'flow.dag.yaml': [
      'inputs: {}',
      'outputs:',
      '  out: {type: string, reference: "${fetch.output}"}',
      'nodes:',
      '- name: fetch',
      '  type: python',
      '  source: {type: code, path: fetch.py}',
      '  inputs: {}'
    ].join('\n'),
    'fetch.py':
      'import genaiops_absent_pkg.sub\nfrom promptflow.core import tool\n\n@tool\ndef fetch() -> str:\n    return "x"\n',
    'requirements.txt': 'genaiops-absent-pkg\n'
  });
  const r = await run(dir);
  expect(r.status).toBe('Failed');
  expect(r.error?.message).toMatch(
    /No module named 'genaiops_absent_pkg' \(the flow needs the pip package "genaiops_absent_pkg": install it in the python that runs the tools, GENAIOPS_PYTHON \(.+\), e\.g\. pip install -r requirements\.txt, or run the flow with --backend azure\)/
  );
});

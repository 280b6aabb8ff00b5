/**
 * prompt flow's own flows (vendored from microsoft/promptflow, MIT: fixtures/promptflow/README.md)
 * run through `flow test` as `pf flow test` runs them. The model is the stub LLM; everything else
 * (loader, executor, python worker and shim) is real.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStubLlm, type StubLlm } from '@genaiops/testkit';
import { testFlow } from '../../../src/engine/runs/flow-test.js';
import { loadFlow } from '../../../src/flow/index.js';
import { pyJson } from '../../../src/util/py-json.js';

const corpus = path.resolve(import.meta.dirname, '../../fixtures/promptflow');
const testConfig = (name: string) => path.join(corpus, 'src/promptflow/tests/test_configs/flows', name);
const example = (p: string) => path.join(corpus, 'examples', p);

let stub: StubLlm;
let environ: NodeJS.ProcessEnv;
beforeAll(async () => {
  stub = await startStubLlm({
    defaultReply: (call) =>
      (call.body.response_format as { type?: string } | undefined)?.type === 'json_object'
        ? '{"name": "John", "answer": "42", "age": 30}'
        : `echo: ${call.text}`
  });
  environ = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PYENV_ROOT: process.env.PYENV_ROOT,
    AZURE_OPENAI_ENDPOINT: stub.url,
    AZURE_OPENAI_API_KEY: stub.apiKey,
    open_ai_connection: stub.connectionJson('azure'),
    azure_open_ai_connection: stub.connectionJson('azure'),
    custom_connection_2: JSON.stringify({ secrets: { api_key: 'sk-custom-123' }, configs: {} })
  };
});
afterAll(() => stub.stop());
beforeEach(() => stub.reset());

const run = (flow: string, inputs: Record<string, unknown> = {}, extra = {}) =>
  testFlow({ flow, inputs, environ, cwd: path.dirname(flow), ...extra });

describe('the five test flows that ship expected_result.json', () => {
  const names = [
    'activate_condition_always_met',
    'activate_with_no_inputs',
    'all_depedencies_bypassed_with_activate_met',
    'conditional_flow_with_activate',
    'conditional_flow_with_aggregate_bypassed'
  ];
  test.each(names)('%s gives exactly the expected outputs and bypassed nodes', async (name) => {
    const dir = testConfig(name);
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected_result.json'), 'utf8')) as {
      expected_outputs: Record<string, unknown>;
      expected_bypassed_nodes: string[];
    }[];
    const given = JSON.parse(readFileSync(path.join(dir, 'inputs.json'), 'utf8')) as unknown;
    const lines = (Array.isArray(given) ? given : [given]) as Record<string, unknown>[];
    for (let i = 0; i < expected.length; i++) {
      const r = await run(dir, lines[i]);
      expect(r.error).toBeUndefined();
      expect(r.outputs).toEqual(expected[i].expected_outputs);
      const bypassed = r.nodes.filter((n) => n.status === 'Bypassed').map((n) => n.node);
      expect(bypassed.sort()).toEqual([...expected[i].expected_bypassed_nodes].sort());
    }
  });
});

describe('prompty files are flows', () => {
  test('basic.prompty: the sample inputs, the model parameters and the env configuration reach the model', async () => {
    const r = await run(example('prompty/basic/basic.prompty'));
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ output: 'echo: Who is the most famous person in the world?' });
    const [call] = stub.stats().recorded.filter((c) => c.api === 'chat');
    expect(call.deployment).toBe('gpt-4o');
    expect(call.body).toMatchObject({
      max_tokens: 128,
      temperature: 0.2,
      messages: [
        { role: 'system', content: expect.stringMatching(/^You are an AI assistant who helps people/) },
        { role: 'user', content: 'Who is the most famous person in the world?' }
      ]
    });
  });

  test('given inputs win over the sample; a connection named in the configuration is used', async () => {
    const r = await run(example('prompty/chat-basic/chat.prompty'), {
      question: 'What is 2+2?',
      chat_history: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' }
      ]
    });
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ output: 'echo: What is 2+2?' });
    const roles = (stub.stats().recorded[0].body as { messages: { role: string }[] }).messages.map(
      (m) => m.role
    );
    expect(roles).toEqual(['system', 'user', 'assistant', 'user']);
  });

  test('JSON output is parsed and cut to the declared outputs', async () => {
    const r = await run(example('prompty/format-output/json_format.prompty'));
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ name: 'John', answer: '42' });
  });

  test('response: all returns the whole response', async () => {
    const r = await run(example('prompty/format-output/all_response.prompty'));
    expect(r.error).toBeUndefined();
    const out = r.outputs.output as { choices: { message: { content: string } }[]; object: string };
    expect(out.object).toBe('chat.completion');
    expect(out.choices[0].message.content).toMatch(/^echo: /);
  });

  test('tools, tool_choice and other model.parameters reach the API; a tool call returns its message', async () => {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
        }
      }
    ];
    const prompty = (params: string) =>
      writeTemp(
        'tools.prompty',
        '---\nmodel:\n  api: chat\n  configuration:\n    type: azure_openai\n    azure_deployment: gpt-4o\n' +
          `    connection: open_ai_connection\n  parameters:\n${params}` +
          'inputs:\n  question: {type: string, default: weather in Oslo?}\n---\nuser:\n{{question}}\n'
      );
    stub.update({
      rules: [
        {
          match: (c) => Array.isArray(c.body.tools),
          reply: { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Oslo"}' }] }
        }
      ]
    });
    const file = prompty(
      `    max_tokens: 64\n    tools: ${JSON.stringify(tools)}\n    parallel_tool_calls: false\n`
    );
    const r = await run(file);
    expect(r.error).toBeUndefined();
    const [call] = stub.stats().recorded.filter((c) => c.api === 'chat');
    expect(call.body).toMatchObject({
      max_tokens: 64,
      tools,
      tool_choice: 'auto',
      parallel_tool_calls: false
    });
    expect(r.outputs.output).toEqual({
      role: 'assistant',
      content: null,
      refusal: null,
      tool_calls: [
        {
          id: expect.stringMatching(/^call_/),
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Oslo"}' }
        }
      ]
    });

    stub.reset();
    const chosen = { type: 'function', function: { name: 'get_weather' } };
    const again = await run(
      prompty(`    tools: ${JSON.stringify(tools)}\n    tool_choice: ${JSON.stringify(chosen)}\n`)
    );
    expect(again.error).toBeUndefined();
    expect(stub.stats().recorded[0].body).toMatchObject({ tool_choice: chosen });

    const empty = await run(prompty('    tools: []\n'));
    expect(empty.error?.message).toMatch(/"tools" must be a non-empty list/);
    stub.update({ rules: [] });
  });

  test('Prompty.load(...)(...) in python sends tools with tool_choice "auto" and returns the tool call message', async () => {
    const file = writeTemp(
      'tools.prompty',
      '---\nmodel:\n  api: chat\n  configuration:\n    type: azure_openai\n    azure_deployment: gpt-4o\n' +
        '    connection: open_ai_connection\n  parameters:\n' +
        '    tools: [{type: function, function: {name: f, parameters: {type: object, properties: {}}}}]\n' +
        '---\nuser:\n{{question}}\n'
    );
    const dir = path.dirname(file);
    writeFileSync(path.join(dir, 'flow.flex.yaml'), 'entry: entry:run\n');
    writeFileSync(
      path.join(dir, 'entry.py'),
      'from promptflow.core import Prompty\ndef run(question: str):\n' +
        '    return Prompty.load("tools.prompty")(question=question)\n'
    );
    stub.update({ rules: [{ match: () => true, reply: { toolCalls: [{ name: 'f', arguments: '{}' }] } }] });
    try {
      const r = await run(path.join(dir, 'flow.flex.yaml'), { question: 'q' });
      expect(r.error).toBeUndefined();
      expect(stub.stats().recorded[0].body).toMatchObject({
        tool_choice: 'auto',
        tools: [{ type: 'function' }]
      });
      // a flex entry's dict is its outputs
      expect(r.outputs).toMatchObject({
        content: null,
        tool_calls: [{ type: 'function', function: { name: 'f', arguments: '{}' } }]
      });
    } finally {
      stub.update({ rules: [] });
    }
  });

  test('a broken front matter names the line and what was expected', () => {
    const dir = path.join(corpus, 'examples/prompty/basic');
    const text = readFileSync(path.join(dir, 'basic.prompty'), 'utf8').replace('api: chat', 'api: chatt');
    const tmp = writeTemp('bad.prompty', text);
    expect(() => loadFlow(tmp, { displayRoot: path.dirname(tmp) })).toThrow(
      'bad.prompty:5:5: model.api: unknown api "chatt" (did you mean "chat"?)'
    );
    const late = writeTemp('late.prompty', '\n\n---\nmodel:\n  api: chatt\n---\nuser:\nhi\n');
    expect(() => loadFlow(late, { displayRoot: path.dirname(late) })).toThrow(
      'late.prompty:5:3: model.api: unknown api "chatt" (did you mean "chat"?)'
    );
    const broken = writeTemp(
      'broken.prompty',
      text.replace('  question:\n    type: string', '  question:\n  type: [string')
    );
    expect(() => loadFlow(broken, { displayRoot: path.dirname(broken) })).toThrow(
      /^broken\.prompty:1[0-9]:\d+: invalid YAML/
    );
  });
});

describe('python contract', () => {
  test('a tool module runs as __pf_main__ and sees its own __file__', async () => {
    const r = await run(testConfig('script_with___file__'), { text: 'hi' });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('Completed');
  });

  test('a CustomStrongTypeConnection subclass is made from the custom connection', async () => {
    const r = await run(testConfig('flow_with_script_tool_with_custom_strong_type_connection'));
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ out: 'connection_value is MyCustomConnection: True' });
  });

  test('a missing module names the pip package to install, or says the shim lacks it', async () => {
    const tool = (imports: string) =>
      oneToolFlow('', `${imports}\nfrom promptflow import tool\n@tool\ndef t():\n    return 1\n`);
    const absent = await run(tool('import genaiops_absent_pkg.sub'));
    expect(absent.error?.message).toMatch(
      /^python tool t\.py could not be loaded: ModuleNotFoundError: No module named 'genaiops_absent_pkg' \(the flow needs the pip package "genaiops_absent_pkg": install it in the python that runs the tools, GENAIOPS_PYTHON \(\S*python\S*\), e\.g\. pip install genaiops_absent_pkg, or run the flow with --backend azure\)$/
    );
    const internal = await run(tool('from promptflow.azure import PFClient'));
    expect(internal.error?.message).toMatch(
      /No module named 'promptflow\.azure' \(promptflow\.azure is not part of the local engine's promptflow shim: install promptflow/
    );
  });

  test('additional_includes are in the working folder at run time: a tool imports and opens them by their base name', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'pf-inc-'));
    const flowDir = path.join(root, 'flow');
    mkdirSync(path.join(root, 'shared', 'data'), { recursive: true });
    mkdirSync(flowDir);
    writeFileSync(path.join(root, 'shared', 'helper.py'), 'def shout(x):\n    return x.upper()\n');
    writeFileSync(path.join(root, 'shared', 'data', 'greeting.txt'), 'hello');
    writeFileSync(
      path.join(flowDir, 'flow.dag.yaml'),
      'additional_includes: [../shared/helper.py, ../shared/data]\noutputs:\n  o: {reference: "${t.output}"}\n' +
        'nodes:\n- {name: t, type: python, source: {type: code, path: t.py}, inputs: {}}\n'
    );
    writeFileSync(
      path.join(flowDir, 't.py'),
      'from helper import shout\nfrom promptflow import tool\n@tool\ndef t():\n' +
        '    with open("data/greeting.txt") as f:\n        return shout(f.read())\n'
    );
    const r = await run(path.join(flowDir, 'flow.dag.yaml'));
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ o: 'HELLO' });
  });

  test('a keyless (meid_token) connection reaches a python tool with its auth_mode and no key', async () => {
    const file = oneToolFlow(
      'conn: aad',
      'from promptflow import tool\nfrom promptflow.connections import AzureOpenAIConnection\n@tool\n' +
        'def t(conn: AzureOpenAIConnection):\n    return [conn.auth_mode, conn.api_key, conn.api_base]\n'
    );
    const aad = JSON.stringify({ api_base: stub.url, api_type: 'azure', auth_mode: 'meid_token' });
    const r = await run(file, {}, { environ: { ...environ, aad } });
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ o: ['meid_token', null, stub.url] });
  });

  test('a strongly typed connection written with secrets/configs dicts fills its fields from them', async () => {
    const file = oneToolFlow(
      'conn: serp',
      'from promptflow import tool\nfrom promptflow.connections import SerpConnection\n@tool\n' +
        'def t(conn: SerpConnection):\n    return [type(conn).__name__, conn.api_key, conn["engine"]]\n'
    );
    const serp = JSON.stringify({
      type: 'serp',
      secrets: { api_key: 'serp-123456' },
      configs: { engine: 'bing' }
    });
    const r = await run(file, {}, { environ: { ...environ, serp } });
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ o: ['SerpConnection', 'serp-123456', 'bing'] });
  });

  test('a ToolProvider class tool: __init__ takes the inputs it names, the @tool method the rest', async () => {
    const r = await run(testConfig('script_tool_with_init'));
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ output: 'Hello World' });
  });

  test('tool_with_assistant_definition: the AssistantDefinition input carries its resolved tools', async () => {
    // the tool itself asserts the OpenAI definition from echo.py's docstring and calls it through the invoker
    const r = await run(testConfig('tool_with_assistant_definition'));
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({
      output: {
        model: 'mock_model',
        instructions: 'mock_instructions',
        tools: [
          {
            type: 'function',
            tool_type: 'python',
            source: { type: 'code', path: 'echo.py' },
            predefined_inputs: { connection: 'azure_open_ai_connection' }
          }
        ]
      }
    });
  });

  test('an assistant definition: parameter types, defaults, built-in tools, connections bound', async () => {
    const file = writeTemp(
      'flow.dag.yaml',
      'outputs:\n  o: {reference: "${t.output}"}\n' +
        'nodes:\n- {name: t, type: python, source: {type: code, path: t.py}, inputs: {a: def.yaml}}\n'
    );
    const dir = path.dirname(file);
    writeFileSync(
      path.join(dir, 'def.yaml'),
      'model: m\ntools:\n- {type: code_interpreter}\n' +
        '- {type: function, tool_type: python, source: {type: code, path: f.py}, predefined_inputs: {conn: open_ai_connection}}\n'
    );
    writeFileSync(
      path.join(dir, 'f.py'),
      'from enum import Enum\nfrom promptflow.core import tool\nfrom promptflow.connections import AzureOpenAIConnection\n' +
        'class Unit(Enum):\n    C = "c"\n    F = "f"\n' +
        '@tool\ndef weather(conn: AzureOpenAIConnection, city: str, days: int = 3, unit: Unit = Unit.C, tags: list = None):\n' +
        '    """Weather for a city.\n\n    Longer text.\n\n    :param city: The city,\n        with its country.\n    :type city: str\n    """\n' +
        '    return [conn.api_base, city, days]\n'
    );
    writeFileSync(
      path.join(dir, 't.py'),
      'from promptflow import tool\nfrom promptflow.contracts.types import AssistantDefinition\n' +
        '@tool\ndef t(a: AssistantDefinition):\n' +
        '    inv = a._tool_invoker\n    return [a.model, a.instructions, inv.to_openai_tools(), inv.invoke_tool("weather", {"city": "Oslo"})]\n'
    );
    const r = await run(file);
    expect(r.error).toBeUndefined();
    const [model, instructions, tools, called] = r.outputs.o as unknown[];
    expect([model, instructions]).toEqual(['m', '']);
    expect(tools).toEqual([
      { type: 'code_interpreter' },
      {
        type: 'function',
        function: {
          name: 'weather',
          description: 'Weather for a city.\n\nLonger text.',
          parameters: {
            type: 'object',
            properties: {
              city: { type: 'string', description: 'The city,\nwith its country.' },
              days: { type: 'number', description: '' },
              unit: { type: 'string', description: '', enum: ['c', 'f'] },
              tags: { type: 'array', description: '' }
            },
            required: ['city', 'tags']
          }
        }
      }
    ]);
    expect(called).toEqual([expect.stringContaining(stub.url), 'Oslo', 3]); // the predefined connection is bound
  });

  test('an assistant definition path that is not a file fails the node as prompt flow words it', async () => {
    const file = writeTemp(
      'flow.dag.yaml',
      'outputs:\n  o: {reference: "${t.output}"}\n' +
        'nodes:\n- {name: t, type: python, source: {type: code, path: t.py}, inputs: {a: missing.yaml}}\n'
    );
    writeFileSync(
      path.join(path.dirname(file), 't.py'),
      'from promptflow import tool\nfrom promptflow.contracts.types import AssistantDefinition\n' +
        '@tool\ndef t(a: AssistantDefinition):\n    return a.model\n'
    );
    const r = await run(file);
    expect(r.error).toMatchObject({
      node: 't',
      type: 'InvalidSource',
      message: "Input 'a' for node 't' of value 'missing.yaml' is not a valid path."
    });
  });

  test('@tool(input_settings=...) with promptflow._core.tool.InputSetting loads and runs', async () => {
    const r = await run(testConfig('python_tool_deployment_name'), { key: 'k' });
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ output: { deployment_name: '', model: '' } });
  });

  test('a flex class entry calls Prompty.load(...)(...) through the shim, init from the sample', async () => {
    const r = await run(example('flex-flows/chat-basic'));
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ output: "echo: What's Azure Machine Learning?" });
  });
});

describe('values as prompt flow prints them', () => {
  test('NaN and Infinity come back from python and print as json.dumps writes them', async () => {
    const r = await run(testConfig('flow-with-nan-inf'), { number: 1 });
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ output: { nan: NaN, inf: Infinity } });
    expect(pyJson(r.outputs)).toBe('{"output":{"nan":NaN,"inf":Infinity}}');
    expect(pyJson({ a: -Infinity, b: 'NaN', c: [1.5] }, 2)).toBe(
      '{\n  "a": -Infinity,\n  "b": "NaN",\n  "c": [\n    1.5\n  ]\n}'
    );
  });

  test('an iterator output is joined with str(), also inside a returned dict', async () => {
    const file = writeTemp(
      'flow.dag.yaml',
      'outputs:\n  o: {reference: "${g.output}"}\n  d: {reference: "${h.output.chunks}"}\nnodes:\n' +
        '- {name: g, type: python, source: {type: code, path: g.py}, inputs: {}}\n' +
        '- {name: h, type: python, source: {type: code, path: h.py}, inputs: {}}\n'
    );
    const dir = path.dirname(file);
    writeFileSync(
      path.join(dir, 'g.py'),
      'from promptflow import tool\n@tool\ndef g():\n    yield 1\n    yield "a"\n    yield None\n'
    );
    writeFileSync(
      path.join(dir, 'h.py'),
      'from promptflow import tool\n@tool\ndef h():\n    return {"chunks": iter([1.0, [2]])}\n'
    );
    const r = await run(file);
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ o: '1aNone', d: '1.0[2]' });
  });
});

describe('images in list and object inputs, as prompt flow loads them', () => {
  // a 1x1 PNG
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64'
  );
  const imageFlow = (format: string, image: string) => {
    const file = writeTemp(
      'flow.dag.yaml',
      `${format}inputs:\n  q: {type: list, default: [text, ${image}]}\n  d: {type: object, default: {a: {b: ${image}}}}\n` +
        'outputs:\n  images: {reference: "${pick.output}"}\n  again: {reference: "${check.output}"}\nnodes:\n' +
        '- {name: pick, type: python, source: {type: code, path: pick.py}, inputs: {q: "${inputs.q}", d: "${inputs.d}"}}\n' +
        '- {name: check, type: python, source: {type: code, path: check.py}, inputs: {images: "${pick.output}"}}\n'
    );
    const dir = path.dirname(file);
    writeFileSync(path.join(dir, 'logo.png'), png);
    writeFileSync(
      path.join(dir, 'pick.py'),
      'from promptflow import tool\nfrom promptflow.contracts.multimedia import Image\n@tool\ndef pick(q: list, d: dict):\n' +
        '    assert q[0] == "text" and isinstance(q[1], Image) and isinstance(d["a"]["b"], Image)\n' +
        '    assert bytes(q[1])[:4] == b"\\x89PNG"\n    return [q[1], d["a"]["b"]]\n'
    );
    writeFileSync(
      path.join(dir, 'check.py'),
      'from promptflow import tool\nfrom promptflow.contracts.multimedia import Image\n@tool\ndef check(images: list):\n' +
        '    return all(isinstance(i, Image) for i in images)\n'
    );
    return file;
  };
  const b64 = png.toString('base64');

  test('basic format: {"data:image/png;path": ...} becomes an Image; an Image output goes back as a base64 dict', async () => {
    const r = await run(imageFlow('', '{"data:image/png;path": logo.png}'));
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({
      images: [{ 'data:image/png;base64': b64 }, { 'data:image/png;base64': b64 }],
      again: true
    });
  });

  test('openai-vision format: {type: image_file, image_file: {path}} becomes an Image, and goes back as an image_url', async () => {
    const r = await run(
      imageFlow('message_format: openai-vision\n', '{type: image_file, image_file: {path: logo.png}}')
    );
    expect(r.error).toBeUndefined();
    const url = { type: 'image_url', image_url: { url: `data:image/*;base64,${b64}` } };
    expect(r.outputs).toEqual({ images: [url, url], again: true });
  });
});

describe('environment_variables', () => {
  const flowWithEnv = (vars: string) => {
    const file = writeTemp(
      'flow.dag.yaml',
      `environment_variables:\n${vars}outputs:\n  o: {reference: "\${e.output}"}\nnodes:\n- {name: e, type: python, source: {type: code, path: e.py}, inputs: {}}\n`
    );
    writeFileSync(
      path.join(path.dirname(file), 'e.py'),
      'import os\nfrom promptflow import tool\n@tool\ndef e():\n    return {k: os.environ.get(k) for k in ["A", "B", "C", "D", "E", "F"]}\n'
    );
    return file;
  };

  test('are set for the python tools: strings as written, others as JSON, ${env:X} and ${conn.key} resolved', async () => {
    environ.SOURCE_X = 'from-env';
    const r = await testFlow({
      flow: flowWithEnv(
        '  A: plain\n  B: 3\n  C: {x: [1, true]}\n  D: ${env:SOURCE_X}\n  E: ${custom_connection_2.api_key}\n  F: false\n'
      ),
      environ
    });
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({
      o: { A: 'plain', B: '3', C: '{"x":[1,true]}', D: 'from-env', E: 'sk-custom-123', F: 'false' }
    });
  });

  test('a connection that is not configured is an error naming the variable', async () => {
    await expect(testFlow({ flow: flowWithEnv('  A: ${nowhere.api_key}\n'), environ })).rejects.toThrow(
      'environment_variables.A: connection "nowhere" is not configured'
    );
  });
});

describe('reserved template names', () => {
  test('a prompt template reading "template", or an llm template reading a model parameter, is refused as prompt flow refuses it', async () => {
    const file = writeTemp(
      'flow.dag.yaml',
      'outputs:\n  o: {reference: "${p.output}"}\nnodes:\n- {name: p, type: prompt, source: {type: code, path: p.jinja2}, inputs: {text: hi}}\n'
    );
    writeFileSync(
      path.join(path.dirname(file), 'p.jinja2'),
      '{{template}} {{ text | upper }} {{ x.max_tokens }}'
    );
    const r = await run(file);
    expect(r.error?.message).toBe(
      "Invalid inputs {'template'} in prompt template of node p. These inputs are duplicated with the reserved parameters of prompt tool."
    );
    const llm = writeTemp(
      'flow.dag.yaml',
      'outputs:\n  o: {reference: "${l.output}"}\nnodes:\n- {name: l, type: llm, api: completion, connection: open_ai_connection, source: {type: code, path: l.jinja2}, inputs: {deployment_name: d}}\n'
    );
    writeFileSync(
      path.join(path.dirname(llm), 'l.jinja2'),
      '{% if max_tokens %}{{ prompt }}{{ stop }}{% endif %}'
    );
    const r2 = await run(llm);
    expect(r2.error?.message).toBe(
      "Invalid inputs {'max_tokens', 'stop'} in prompt template of node l. These inputs are duplicated with the parameters of AzureOpenAI.completion."
    );
    expect(stub.stats().requests).toBe(0);
  });
});

describe('flow schema as loose as prompt flow', () => {
  const dag = (...lines: string[]) => {
    const file = writeTemp('flow.dag.yaml', lines.join('\n') + '\n');
    writeFileSync(
      path.join(path.dirname(file), 'a.py'),
      'from promptflow import tool\n@tool\ndef a(x):\n    return x\n'
    );
    return file;
  };
  const node = [
    'nodes:',
    '- name: a',
    '  type: python',
    '  source: {type: code, path: a.py}',
    '  inputs: {x: 1}'
  ];

  test("prompt flow's top-level keys and the old skip key are accepted; an unknown key is a warning", () => {
    const file = dag(
      'id: f1',
      'name: my flow',
      'version: 2',
      'message_format: openai-vision',
      'extra_thing: 1',
      ...node,
      '  skip: {when: 1, is: 1, return: 2}'
    );
    const flow = loadFlow(file, { displayRoot: path.dirname(file) });
    expect(flow.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([
      '5: unknown key, ignored as prompt flow ignores it (known: $schema, inputs, outputs, environment, environment_variables, additional_includes, description, display_name, tags, language, type, id, name, version, message_format, nodes or node_variants)',
      '11: skip is ignored (prompt flow no longer reads it); use activate: {when, is} to bypass a node'
    ]);
  });

  test('a typo near a known key is still an error with a suggestion; csharp points to the azure backend', () => {
    const typo = dag('ouputs: {}', ...node);
    expect(() => loadFlow(typo, { displayRoot: path.dirname(typo) })).toThrow(
      'flow.dag.yaml:1:1: ouputs: unknown key (did you mean "outputs"?)'
    );
    const cs = dag('language: csharp', ...node);
    expect(() => loadFlow(cs, { displayRoot: path.dirname(cs) })).toThrow(
      'flow.dag.yaml:1:1: language: a csharp flow is not supported by the local backend; use --backend azure'
    );
  });

  test('a literal activate.when is compared with is, as prompt flow does', async () => {
    const file = dag(
      'outputs: {o: {reference: "${b.output}"}}',
      ...node,
      '- name: b',
      '  type: python',
      '  source: {type: code, path: a.py}',
      '  inputs: {x: 2}',
      '  activate: {when: dummy, is: dummy}'
    );
    const r = await run(file);
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ o: 2 });
  });
});

/** A flow of one python node `t` (inputs written as YAML flow-map entries) whose `t.py` is `source`. */
function oneToolFlow(inputs: string, source: string): string {
  const file = writeTemp(
    'flow.dag.yaml',
    `outputs:\n  o: {reference: "\${t.output}"}\nnodes:\n- {name: t, type: python, source: {type: code, path: t.py}, inputs: {${inputs}}}\n`
  );
  writeFileSync(path.join(path.dirname(file), 't.py'), source);
  return file;
}

function writeTemp(name: string, text: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pf-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

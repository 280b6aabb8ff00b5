import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  connectionArg,
  modelConfigArg,
  PythonWorkerPool,
  ToolError,
  type PythonCallResult
} from '../../../src/engine/python/index.js';
import { UserError } from '../../../src/errors.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/python');
const tools = path.join(fixtures, 'tools');

let pool: PythonWorkerPool;
beforeAll(() => {
  pool = new PythonWorkerPool({ size: 2, cwd: tools, callTimeoutMs: 30_000 });
});
afterAll(() => pool.close());

async function failure(p: Promise<unknown>): Promise<ToolError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err
  );
  expect(e).toBeInstanceOf(ToolError);
  return e as ToolError;
}

test('calls a tool with keyword arguments and returns its dict', async () => {
  const r = await pool.call({ file: 'hello.py', func: 'hello', args: { name: 'Ada', times: 2 } });
  expect(r.output).toEqual({ greeting: 'Hello, Ada! Hello, Ada! ', times: 2, tuple: [1, 2] });
  expect(r.logs).toBe('');
  expect(r.metrics).toEqual({});
  expect(r.durationMs).toBeGreaterThanOrEqual(0);
  // without func: the module's one @tool function; any function can be named
  expect((await pool.call({ file: 'hello.py', args: { name: 'Bo' } })).output).toMatchObject({
    greeting: 'Hello, Bo! '
  });
  expect(
    (await pool.call({ file: path.join(tools, 'hello.py'), func: 'not_a_tool', args: { x: 4 } })).output
  ).toBe(8);
});

test('imports a module once per worker', async () => {
  const results = await Promise.all(
    Array.from({ length: 12 }, () => pool.call({ file: 'counter.py', args: {} }))
  );
  const byPid = new Map<number, number[]>();
  for (const r of results) {
    const out = r.output as { imports: number; calls: number; pid: number };
    expect(out.imports).toBe(1);
    byPid.set(out.pid, [...(byPid.get(out.pid) ?? []), out.calls]);
  }
  expect(byPid.size).toBeLessThanOrEqual(2);
  for (const calls of byPid.values())
    expect([...calls].sort((a, b) => a - b)).toEqual(calls.map((_, i) => i + 1));
});

test('sibling modules of the tool file import', async () => {
  expect((await pool.call({ file: 'sibling.py', args: { text: 'hi' } })).output).toBe('HI!');
});

test('same-named sibling modules of two flow folders do not mix', async () => {
  const solo = new PythonWorkerPool({ size: 1, cwd: fixtures });
  try {
    expect((await solo.call({ file: 'other/where.py', args: {} })).output).toBe('other');
    expect((await solo.call({ file: 'tools/where.py', args: {} })).output).toBe('tools');
    expect((await solo.call({ file: 'other/where.py', args: {} })).output).toBe('other');
  } finally {
    await solo.close();
  }
});

test('captures what each call prints, apart from the protocol', async () => {
  const results = await Promise.all([1, 2, 3, 4].map((n) => pool.call({ file: 'printer.py', args: { n } })));
  results.forEach((r, i) => {
    const n = i + 1;
    expect(r.output).toEqual({ n });
    expect(r.logs).toBe(
      `{"id": 1, "ok": true, "output": "not me"}\nline ${n}\nto stderr ${n}\nbytes\nlogged ${n}\n`
    );
  });
});

test('collects log_metric calls', async () => {
  const r = await pool.call({ file: 'aggregate.py', args: { scores: [1, 0, 0.5, 0.5] } });
  expect(r.output).toEqual({ mean: 0.5 });
  expect(r.metrics).toEqual({ mean: 0.5, count: 4, accuracy: 0.5 });
  const again = await pool.call({ file: 'hello.py', args: { name: 'x' } });
  expect(again.metrics).toEqual({});
});

test('a tool exception rejects with type, message, user traceback and what was printed', async () => {
  const e = await failure(pool.call({ file: 'fail.py', func: 'classify', args: { text: '' } }));
  expect(e).toBeInstanceOf(UserError);
  expect(e.message).toBe('python tool fail.py:classify raised ValueError: empty ticket');
  expect(e.tool).toBe('fail.py:classify');
  expect(e.pythonType).toBe('ValueError');
  expect(e.pythonMessage).toBe('empty ticket');
  expect(e.phase).toBe('call');
  expect(e.logs).toBe('about to parse\n');
  expect(e.file).toBe(path.join(tools, 'fail.py'));
  expect(e.line).toBe(6);
  expect(e.traceback).toMatch(/^Traceback \(most recent call last\):\n/);
  expect(e.traceback).toContain('line 13, in classify');
  expect(e.traceback).toContain('line 6, in parse');
  expect(e.traceback).toMatch(/ValueError: empty ticket\n$/);
  expect(e.traceback).not.toContain('worker.py');
  // the worker lives on
  expect((await pool.call({ file: 'fail.py', args: { text: 'ok' } })).output).toBe('ok');
});

test('a syntax error names the file and line', async () => {
  const e = await failure(pool.call({ file: 'broken.py', func: 'broken', args: { x: 1 } }));
  const file = path.join(tools, 'broken.py');
  expect(e.phase).toBe('load');
  expect(e.pythonType).toBe('SyntaxError');
  expect(e.file).toBe(file);
  expect(e.line).toBe(5);
  expect(e.problems).toEqual([
    expect.objectContaining({
      file,
      line: 5,
      message: expect.stringContaining('broken.py:broken could not be loaded')
    })
  ]);
  expect(e.message).toMatch(
    /broken\.py:5:\d+: python tool broken\.py:broken could not be loaded: SyntaxError: /
  );
  expect(e.traceback).toContain('def broken(x)');
});

test('a missing function, file or ambiguous @tool is a load error', async () => {
  expect((await failure(pool.call({ file: 'hello.py', func: 'nope', args: {} }))).message).toBe(
    "python tool hello.py:nope could not be loaded: AttributeError: hello.py has no function 'nope'"
  );
  const missing = await failure(pool.call({ file: 'absent.py', args: {} }));
  expect(missing.pythonType).toBe('FileNotFoundError');
  expect(missing.phase).toBe('load');
  expect((await failure(pool.call({ file: 'two.py', args: {} }))).message).toContain(
    'several @tool functions (one, two)'
  );
  const wrongArgs = await failure(pool.call({ file: 'hello.py', args: { nom: 'x' } }));
  expect(wrongArgs.pythonType).toBe('TypeError');
  expect(wrongArgs.message).toContain("unexpected keyword argument 'nom'");
});

test('converts results that JSON cannot hold', async () => {
  const plain = await pool.call({ file: 'convert.py', func: 'convert', args: { kind: 'plain' } });
  expect(plain.output).toEqual({
    tuple: [1, 'a'],
    set: [1, 2, 3],
    point: { x: 1, y: 2 },
    thing: { label: 'thing' },
    color: 'red',
    date: '2024-01-02',
    bytes: 'hi',
    opaque: '<opaque>',
    nested: [{ x: 3, y: 4 }],
    unicode: 'h\u00e9llo \u2603'
  });
  const special = (await pool.call({
    file: 'convert.py',
    func: 'convert',
    args: { kind: 'special' }
  })) as PythonCallResult;
  expect(special.output).toEqual({
    nan: NaN,
    inf: Infinity,
    '(1, 2)': 'tuple key',
    '3': 'int key',
    cycle: ['<circular reference>']
  });
  expect(special.metrics.bad).toBeNaN();
  expect((await pool.call({ file: 'convert.py', func: 'convert', args: { kind: 'generator' } })).output).toBe(
    'abc'
  );
  expect(
    (await pool.call({ file: 'convert.py', func: 'convert', args: { kind: 'none' } })).output
  ).toBeNull();
  expect((await pool.call({ file: 'convert.py', func: 'later', args: { x: 41 } })).output).toBe(42);
  // arguments arrive as JSON: unicode, nesting, big payloads
  const big = Array.from({ length: 5000 }, (_, i) => ({ i, text: `línea ${i} \u{1F600}` }));
  expect((await pool.call({ file: 'trivial.py', args: { x: big } })).output).toEqual(big);
});

test('flex function entry, and class entry with init made once and reused', async () => {
  const solo = new PythonWorkerPool({ size: 1, cwd: path.join(fixtures, 'flex') });
  try {
    const fn = await solo.callFlex({ file: 'entry.py', entry: 'echo', args: { question: 'why?' } });
    expect(fn.output).toEqual({ answer: 'Q: why?' });

    const init = { model: 'gpt', temperature: 0.2 };
    const first = await solo.callFlex({ file: 'entry.py', entry: 'Chat', init, args: { question: 'a' } });
    expect(first.output).toEqual({ answer: 'gpt says a', calls: 1, instances: 1, key: null });
    expect(first.logs).toBe('init gpt\n');
    const second = await solo.callFlex({ file: 'entry.py', entry: 'Chat', init, args: { question: 'b' } });
    expect(second.output).toMatchObject({ calls: 2, instances: 1 });
    expect(second.logs).toBe('');
    // other init arguments: another instance
    const other = await solo.callFlex({
      file: 'entry.py',
      entry: 'Chat',
      init: { model: 'other', connection: connectionArg('OpenAIConnection', 'oai', { api_key: 'k1' }) },
      args: { question: 'c' }
    });
    expect(other.output).toEqual({ answer: 'other says c', calls: 1, instances: 2, key: 'k1' });

    const agg = await solo.callFlex({
      file: 'entry.py',
      entry: 'Chat',
      init,
      aggregate: true,
      args: { line_results: [first.output, second.output] }
    });
    expect(agg.output).toEqual({ total_calls: 3, lines: 2, note: 'x' });
    expect(agg.metrics).toEqual({ total_calls: 3, lines: 2 });

    const bad = await failure(solo.callFlex({ file: 'entry.py', entry: 'Bad', args: {} }));
    expect(bad.phase).toBe('init');
    expect(bad.message).toBe('python flex entry entry.py:Bad failed in __init__: RuntimeError: cannot init');
    const noAgg = await failure(
      solo.callFlex({ file: 'entry.py', entry: 'echo', aggregate: true, args: {} })
    );
    expect(noAgg.phase).toBe('load');
  } finally {
    await solo.close();
  }
});

test('a connection argument becomes a connection object', async () => {
  const r = await pool.call({
    file: 'conn.py',
    args: {
      question: 'q',
      connection: connectionArg('AzureOpenAIConnection', 'aoai', {
        api_key: 'sekret',
        api_base: 'https://aoai.example',
        api_type: 'azure',
        api_version: '2024-02-01'
      }),
      custom: connectionArg('CustomConnection', 'mine', { endpoint: 'https://e.example', key: 'k' }),
      oai: connectionArg('open_ai', 'oai', { api_key: 'ok', organization: 'org' })
    }
  });
  expect(r.output).toEqual({
    is_aoai: true,
    class: 'promptflow.connections.AzureOpenAIConnection',
    name: 'aoai',
    api_key: 'sekret',
    api_base: 'https://aoai.example',
    api_version: '2024-02-01',
    custom_endpoint: 'https://e.example',
    custom_key: 'k',
    custom_is_custom: true,
    oai_key: 'ok',
    oai_org: 'org',
    repr_hides_key: true,
    question: 'q'
  });
  const unknown = await failure(
    pool.call({ file: 'trivial.py', args: { x: connectionArg('Nonsense', 'n', {}) } })
  );
  expect(unknown.message).toContain("connection 'n' has an unknown type 'Nonsense'");
  const model = await pool.call({
    file: 'trivial.py',
    args: { x: modelConfigArg('AzureOpenAIModelConfiguration', { azure_deployment: 'gpt-4o', api_key: 'x' }) }
  });
  expect(model.output).toMatchObject({ azure_deployment: 'gpt-4o', api_key: 'x', azure_endpoint: null });
});

test('the promptflow shim stands in when promptflow is not installed', async () => {
  let installed = true;
  try {
    execFileSync('python3', ['-c', 'import promptflow'], { stdio: 'ignore' });
  } catch {
    installed = false;
  }
  const r = await pool.call({ file: 'shimcheck.py', args: {} });
  const out = r.output as Record<string, unknown>;
  if (!installed) {
    expect(out.version).toBe('0.0.0+genaiops.shim');
    expect(out).toMatchObject({ same_tool: true, same_metric: true, same_trace: true, helper: 1 });
  }
  expect(out.path0).toBe(tools);
});

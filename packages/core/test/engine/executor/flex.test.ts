import { UserError } from '../../../src/errors.js';
import { Harness } from './harness.js';

const h = new Harness();
beforeAll(() => h.start());
afterAll(() => h.close());

const init = () => ({
  model_config: { connection: 'aoai', azure_deployment: 'gpt-4o' },
  conn: 'aoai',
  scale: '3'
});

describe('function entry', () => {
  test('calls the function with the converted inputs; a non-dict result is { output }', async () => {
    const r = await h.executor('flex-fn').executeLine({ text: 'hey', times: '2', unknown: 1 }, 7);
    expect(r.error).toBeUndefined();
    expect(r).toMatchObject({ lineNumber: 7, status: 'Completed', inputs: { text: 'hey', times: 2 } });
    expect(r.outputs).toEqual({ output: 'HEY HEY ' });
    expect(r.nodes).toHaveLength(1);
    expect(r.nodes[0]).toMatchObject({
      node: 'shout',
      status: 'Completed',
      output: 'HEY HEY ',
      logs: 'shouting\n'
    });
  });

  test('a missing input is an InputError; a function has nothing to aggregate', async () => {
    const ex = h.executor('flex-fn');
    const r = await ex.executeLine({}, 0);
    expect(r.error).toMatchObject({ type: 'InputError' });
    expect(r.error!.message).toMatch(/"text" is required/);
    expect(await ex.executeAggregation([r])).toEqual({ metrics: {}, nodes: [] });
  });

  test('a flex flow has no nodes to run alone', async () => {
    await expect(h.executor('flex-fn').executeLine({ text: 'a' }, 0, { node: 'shout' })).rejects.toThrow(
      UserError
    );
  });
});

describe('class entry', () => {
  test('makes the instance with init (connections and model configuration resolved) and calls it', async () => {
    const ex = h.executor('flex-class', { init: init() });
    const r = await ex.executeLine({ text: 'abc' }, 0);
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({
      label: '#abc',
      length: 9,
      endpoint: `${h.stub.url}/`,
      deployment: 'gpt-4o',
      conn_type: 'AzureOpenAIConnection',
      conn_base: `${h.stub.url}/`
    });
    expect(r.nodes[0].node).toBe('Counter');
    expect(h.secrets).toContain(h.stub.apiKey);
  });

  test('__aggregate__ gets the completed lines’ outputs; its numbers become metrics', async () => {
    const ex = h.executor('flex-class', { init: init() });
    const lines = await Promise.all(['a', 'fail', 'abcd'].map((text, i) => ex.executeLine({ text }, i)));
    expect(lines.map((l) => l.status)).toEqual(['Completed', 'Failed', 'Completed']);
    expect(lines[1].error).toMatchObject({ node: 'Counter', type: 'ScriptExecutionError' });
    expect(lines[1].error!.message).toMatch(/RuntimeError: cannot count 'fail'/);
    expect(lines[1].error!.traceback).toMatch(/__call__/);
    const agg = await ex.executeAggregation(lines);
    expect(agg.error).toBeUndefined();
    expect(agg.metrics).toEqual({ lines: 2, total_length: 15 });
    expect(agg.nodes[0]).toMatchObject({ node: '__aggregate__', status: 'Completed' });
  });

  test('a missing connection in init fails every line with a ConnectionError', async () => {
    const ex = h.executor('flex-class', { init: init(), environ: {} });
    const r = await ex.executeLine({ text: 'abc' }, 0);
    expect(r.status).toBe('Failed');
    expect(r.error).toMatchObject({ type: 'ConnectionError' });
    expect(r.error!.message).toMatch(/connection "aoai" is not configured/);
  });

  test('a missing init argument fails in __init__', async () => {
    const ex = h.executor('flex-class', { init: { conn: 'aoai' } });
    const r = await ex.executeLine({ text: 'abc' }, 0);
    expect(r.status).toBe('Failed');
    expect(r.error).toMatchObject({ type: 'FlowEntryInitializationError' });
    expect(r.error!.message).toMatch(/model_config/);
  });
});

/**
 * A python float stays a float end to end, as prompt flow (json.dump) writes it: `1.0`, not `1`.
 * Real python worker, executor, template renderer and run store.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runBulk } from '../../../src/engine/runs/bulk.js';
import { testFlow } from '../../../src/engine/runs/flow-test.js';
import { showDetails } from '../../../src/engine/runs/show.js';
import { MemoryReporter } from '../../../src/reporter.js';
import { pyJson } from '../../../src/util/py-json.js';
import { tempDir, writeJsonl } from './helpers.js';

function writeFlow(dir: string): string {
  const flow = path.join(dir, 'flow');
  mkdirSync(flow);
  writeFileSync(
    path.join(flow, 'flow.dag.yaml'),
    `inputs:
  x: {type: double, default: 2}
outputs:
  all: {type: object, reference: "\${t.output}"}
  one: {type: object, reference: "\${t.output.one}"}
  seen: {type: object, reference: "\${u.output}"}
  text: {type: string, reference: "\${p.output}"}
nodes:
- {name: t, type: python, source: {type: code, path: t.py}, inputs: {x: "\${inputs.x}"}}
- {name: u, type: python, source: {type: code, path: u.py}, inputs: {v: "\${t.output.one}"}}
- {name: p, type: prompt, source: {type: code, path: p.jinja2}, inputs: {v: "\${t.output.one}", w: "\${t.output.tiny}"}}
`
  );
  writeFileSync(
    path.join(flow, 't.py'),
    'from promptflow import tool\n@tool\ndef t(x: float):\n' +
      '    return {"one": 1.0, "half": 0.5, "n": 3, "tiny": 1e-05, "big": 1e16, "x": x, "s": "v1.0"}\n'
  );
  writeFileSync(
    path.join(flow, 'u.py'),
    'from promptflow import tool\n@tool\ndef u(v):\n    return [type(v).__name__, v * 3]\n'
  );
  writeFileSync(path.join(flow, 'p.jinja2'), '{{v}} {{w}} {{ v + 1 }}');
  return flow;
}

const ALL = '{"one":1.0,"half":0.5,"n":3,"tiny":1e-05,"big":1e+16,"x":2.0,"s":"v1.0"}';

test('flow test: floats from a tool and a double input print as python prints them', async () => {
  const flow = writeFlow(tempDir());
  const r = await testFlow({ flow, inputs: {}, environ: { PATH: process.env.PATH } });
  expect(r.error).toBeUndefined();
  // the next tool gets a float, a template renders str(float); plain JSON keeps the numbers
  expect(pyJson(r.outputs)).toBe(`{"all":${ALL},"one":1.0,"seen":["float",3.0],"text":"1.0 1e-05 2.0"}`);
  expect(JSON.parse(JSON.stringify(r.outputs))).toMatchObject({ one: 1, seen: ['float', 3] });
});

test('bulk run: outputs.jsonl, details and a run reading the first run write the floats as 1.0', async () => {
  const dir = tempDir();
  const flow = writeFlow(dir);
  const data = writeJsonl(dir, 'data.jsonl', ['{"x": 2}']);
  const reporter = new MemoryReporter();
  const environ = { PATH: process.env.PATH };
  const first = await runBulk({ flow, data, name: 'floats', storeRoot: dir, environ, reporter });
  expect(first.record.status).toBe('Completed');
  const runDir = path.join(dir, 'floats');
  const outputs = readFileSync(path.join(runDir, 'outputs.jsonl'), 'utf8');
  expect(outputs).toBe(
    `{"line_number":0,"all":${ALL},"one":1.0,"seen":["float",3.0],"text":"1.0 1e-05 2.0"}\n`
  );
  expect(readFileSync(path.join(runDir, 'inputs.jsonl'), 'utf8')).toBe('{"line_number":0,"x":2.0}\n');
  const details = await showDetails('floats', { storeRoot: dir });
  expect(pyJson(details[0].outputs.one)).toBe('1.0');

  // an evaluation-style run: ${run.outputs.one} into a string input is str(1.0)
  const evalDir = path.join(dir, 'eval');
  mkdirSync(evalDir);
  writeFileSync(
    path.join(evalDir, 'flow.dag.yaml'),
    'inputs:\n  s: {type: string}\noutputs:\n  s: {type: string, reference: "${inputs.s}"}\nnodes: []\n'
  );
  const second = await runBulk({
    flow: evalDir,
    run: 'floats',
    columnMapping: { s: '${run.outputs.one}' },
    name: 'floats_eval',
    storeRoot: dir,
    environ,
    reporter
  });
  expect(second.record.status).toBe('Completed');
  expect(readFileSync(path.join(dir, 'floats_eval', 'outputs.jsonl'), 'utf8')).toBe(
    '{"line_number":0,"s":"1.0"}\n'
  );
});

test('flex flow: an entry that returns 1.0 has the output 1.0 (a number, not a dict)', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'flow.flex.yaml'), 'entry: entry:f\n');
  writeFileSync(path.join(dir, 'entry.py'), 'def f(n: int):\n    return n / 2\n');
  const r = await testFlow({ flow: dir, inputs: { n: 2 }, environ: { PATH: process.env.PATH } });
  expect(r.error).toBeUndefined();
  expect(pyJson(r.outputs)).toBe('{"output":1.0}');
});

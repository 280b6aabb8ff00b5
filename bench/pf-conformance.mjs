// Prompt flow conformance: runs prompt flow's own flows through our `flow test` (core.testFlow) with
// model calls answered by the stub LLM (bench/conformance/case.mjs, one process per case), and
// prints how many pass. Not a test: it reads a corpus on
// disk and fetches nothing.
//
//   node bench/pf-conformance.mjs [corpus] [--only substring] [--verbose]
//
// corpus: a checkout of github.com/microsoft/promptflow (MIT licence), or a folder with the same
// layout (src/promptflow/tests/test_configs/flows, examples/...). Default: $PROMPTFLOW_REPO, else
// the vendored subset in packages/core/test/fixtures/promptflow (see its README for origin and licence).
//
// Counts printed:
//   test_configs/flows  folders whose flow runs to Completed (out of all folders there), then the
//                       allowance by reason (MEANT_TO_FAIL, no flow, pip package or package tool not
//                       on this machine: each only when the failing error shows it) and the count
//                       without it;
//   expected_result     the folders shipping expected_result.json whose every line gives exactly
//                       the expected outputs and bypassed nodes;
//   examples            DAG + flex example flows (examples/flows/{standard,chat,evaluation}, examples/flex-flows);
//   prompty             every .prompty under examples/prompty.
// A case passes when the line completes; failures are listed with their first error line.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { root } from './common.mjs';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args.splice(i, 2)[1];
};
const only = flag('--only');
const verbose = args.includes('--verbose');
const corpus = path.resolve(
  args.find((a) => !a.startsWith('--')) ??
    process.env.PROMPTFLOW_REPO ??
    path.join(root, 'packages/core/test/fixtures/promptflow')
);
// long_run sleeps 61 s in a tool (prompt flow's test expects it to complete)
const TIMEOUT_MS = Number(process.env.CASE_TIMEOUT_MS ?? 90000);
const PARALLEL = Number(process.env.PARALLEL ?? 2);

const subdirs = (dir) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((d) => statSync(path.join(dir, d)).isDirectory())
        .sort()
        .map((d) => path.join(dir, d))
    : [];
const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};
const firstJsonl = (file) => {
  try {
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .find((l) => l.trim());
    return line ? JSON.parse(line) : undefined;
  } catch {
    return undefined;
  }
};

/** Sample inputs shipped next to a flow, as prompt flow's own tests feed them. */
function sampleInputs(dir) {
  for (const f of ['inputs.json', 'samples.json', 'sample.json']) {
    const v = readJson(path.join(dir, f));
    const first = Array.isArray(v) ? v[0] : (v?.inputs ?? v);
    if (first && typeof first === 'object' && Object.keys(first).length) return first;
  }
  for (const f of ['inputs.jsonl', 'data.jsonl', 'samples.jsonl']) {
    const v = firstJsonl(path.join(dir, f));
    if (v) return v;
  }
  return {};
}

/**
 * What the model answers, for the examples that parse its answer (a score, JSON with given keys):
 * bench/conformance/replies.json, by case name. Every other case gets the stub's default answer.
 */
const REPLIES = readJson(path.join(root, 'bench/conformance/replies.json')) ?? {};

function runCase(target, inputs, init) {
  const dir = statSync(target, { throwIfNoEntry: false })?.isDirectory() ? target : path.dirname(target);
  const replies = REPLIES[path.relative(corpus, target).split(path.sep).join('/')];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        path.join(root, 'bench/conformance/case.mjs'),
        target,
        JSON.stringify(inputs),
        init ? JSON.stringify(init) : '',
        replies ? JSON.stringify(replies) : ''
      ],
      { cwd: dir, timeout: TIMEOUT_MS, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        const last = stdout.trim().split('\n').pop();
        try {
          resolve(JSON.parse(last));
        } catch {
          resolve({
            status: err?.killed ? 'Timeout' : 'Crashed',
            error: (stderr || String(err)).slice(0, 300)
          });
        }
      }
    );
  });
}

/** Loader fixtures whose tool files prompt flow's repository does not hold either. */
const ABSENT_TOOL_FILES = [
  /not found in the flow folder/,
  "its tool files are absent in prompt flow's repository too (loader fixture)"
];

/**
 * The allowance of test_configs/flows: folders that cannot pass `flow test` on this machine, by
 * reason. A folder counts as allowance only when its case fails with the error that shows the
 * reason (a pass is a pass; any other error is a plain failure). Meant to fail: what prompt flow's
 * own tests use them for (src/promptflow/tests, src/promptflow-devkit/tests), and the error they fail with here.
 */
const MEANT_TO_FAIL = {
  async_tools_failures: [/In tool raise_an_exception_async/, 'a tool that raises (error-handling test)'],
  sync_tools_failures: [/In tool raise_an_exception/, 'a tool that raises (error-handling test)'],
  chat_flow_with_exception: [/mock exception/, 'a tool that raises (error-handling test)'],
  connection_not_provided: [
    /missing 1 required positional argument: 'connection'/,
    'no connection given to a tool that needs one'
  ],
  list_connection_not_provided: [
    /missing 1 required positional argument: 'connection'/,
    'no connection given to a tool that needs one'
  ],
  evc_connection_not_exist: [
    /connection "not_exist" is not configured/,
    'environment_variables name a connection that does not exist'
  ],
  llm_tool_non_existing_connection: [
    /azure_open_ai_missing_connection/,
    'an llm node names a connection that does not exist'
  ],
  flow_with_invalid_import: [
    /No module named 'package_not_exist'/,
    'a tool imports a package that does not exist'
  ],
  prompt_tool_with_duplicated_inputs: [
    /duplicated with the reserved parameters/,
    'a template input named like a reserved parameter'
  ],
  web_classification_invalid: [/missing type/, 'an invalid flow (validation test)'],
  web_classification_with_invalid_additional_include: [/not found/, 'additional_includes that do not exist'],
  'flow-with_tool_settings': [
    /unknown node "hello_world"/,
    'outputs reference a node that does not exist (tool-meta fixture)'
  ],
  flow_with_user_output: [
    /has no field "value"/,
    'the tool returns None and the output reads .value (prompt flow: InvalidReferenceProperty)'
  ],
  simple_flow_with_python_tool: [
    /expects type int, found "hello"/,
    'its inputs.jsonl is the invalid-input case ({"num": "hello"})'
  ],
  meta_files: ABSENT_TOOL_FILES,
  unordered_nodes: ABSENT_TOOL_FILES,
  unordered_nodes_with_activate: ABSENT_TOOL_FILES,
  unordered_nodes_with_skip: ABSENT_TOOL_FILES,
  simple_hello_world_random_fail: [/Random failure/, 'fails at random half the time (resume tests)'],
  web_classification_random_fail: [
    /Random failure|No module named 'bs4'/,
    'fails at random half the time (resume tests), else needs bs4 and the internet'
  ],
  csharp_flow: [
    /csharp flow is not supported by the local backend/,
    "a C# flow (prompt flow's C# executor: --backend azure)"
  ]
};

/**
 * Folders whose tool calls a web service on the internet: the bench fetches nothing, so its stub
 * stands in and the call fails with the stub's answer.
 */
const NEEDS_INTERNET = {
  package_tools: [
    /SerpAPI\.search raised ToolError: .*Invalid URL \(GET \/search\)/,
    'the serpapi package tool searches serpapi.com (its REST call is tested on loopback in package-tools.test.ts)'
  ]
};

/** Why a failed test_configs case is allowance, or undefined when it is a plain failure. */
function allowance(name, error = '') {
  const meant = MEANT_TO_FAIL[path.basename(name)];
  if (meant) return meant[0].test(error) ? `meant to fail: ${meant[1]}` : undefined;
  if (/no flow here: expected flow\.dag\.yaml/.test(error))
    return 'no flow at the top of the folder (material for other tests)';
  const missing = /No module named '([\w.]+)'/.exec(error)?.[1];
  if (missing && !missing.startsWith('promptflow'))
    return `pip package not on this machine: ${missing.split('.')[0]}`;
  if (
    /package tool "[^"]+" is not run by the local engine/.test(error) ||
    /package tool '[^']+' needs the python module '[^']+', which this python \(.*\) cannot import/.test(error)
  )
    return 'package tool from a pip package not on this machine';
  const online = NEEDS_INTERNET[path.basename(name)];
  if (online && online[0].test(error)) return `needs the internet: ${online[1]}`;
  return undefined;
}

const same = (a, b) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys(v[k])])
    );
  return v;
}

async function pool(items, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
        // Printed as each case ends, so that a long run shows its progress.
        if (verbose || !results[i].pass) console.error(line(results[i]));
      }
    })
  );
  return results;
}

const rel = (p) => path.relative(corpus, p);
const selected = (p) => !only || rel(p).includes(only);

/**
 * A folder with no flow file runs as its README says (`pf flow test --flow flow:chat`: a flex flow
 * whose entry is given on the command line); else the folder itself.
 */
function flowTarget(dir) {
  if (['flow.dag.yaml', 'flow.flex.yaml'].some((f) => existsSync(path.join(dir, f)))) return dir;
  let readme = '';
  try {
    readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
  } catch {
    return dir;
  }
  const entry = /pf flow test --flow ([A-Za-z_][\w.]*:[A-Za-z_]\w*)/.exec(readme)?.[1];
  return entry ? path.join(dir, entry) : dir;
}

/** A flow folder's case; pass = the line completes. */
async function folderCase(dir) {
  const init = readJson(path.join(dir, 'init.json'));
  const r = await runCase(flowTarget(dir), sampleInputs(dir), init);
  return { name: rel(dir), pass: r.status === 'Completed', r };
}

async function testConfigCase(dir) {
  const c = await folderCase(dir);
  return c.pass ? c : { ...c, allowance: allowance(c.name, c.r.error) };
}

/** expected_result.json: each entry is a line of inputs.json; outputs and bypassed nodes must match. */
async function expectedCase(dir) {
  const expected = readJson(path.join(dir, 'expected_result.json'));
  const lines = readJson(path.join(dir, 'inputs.json'));
  const inputs = Array.isArray(lines) ? lines : [lines ?? {}];
  const misses = [];
  for (let i = 0; i < expected.length; i++) {
    const r = await runCase(dir, inputs[i] ?? {});
    const e = expected[i];
    if (r.status !== 'Completed') misses.push(`line ${i}: ${r.status} ${r.error ?? ''}`);
    else if (!same(r.outputs, e.expected_outputs))
      misses.push(`line ${i}: outputs ${JSON.stringify(r.outputs)} ≠ ${JSON.stringify(e.expected_outputs)}`);
    else if (!same([...r.bypassed].sort(), [...e.expected_bypassed_nodes].sort()))
      misses.push(`line ${i}: bypassed ${r.bypassed} ≠ ${e.expected_bypassed_nodes}`);
  }
  return { name: rel(dir), pass: misses.length === 0, r: { error: misses.join('; ') } };
}

const line = (r) =>
  `  ${r.pass ? 'ok  ' : r.allowance ? 'allow' : 'FAIL'} ${r.name}${r.pass ? '' : `: ${r.r.status ?? ''} ${(r.r.error ?? '').replace(/\s+/g, ' ').slice(0, 220)}`}`;

function report(title, results) {
  const passed = results.filter((r) => r.pass).length;
  console.log(`${title}: ${passed} / ${results.length} pass`);
  for (const r of results) if (!r.pass || verbose) console.log(line(r));
  return passed;
}

/** test_configs: the count, then the allowance by reason and the count without it. */
function reportTestConfigs(results) {
  const passed = report('test_configs/flows', results);
  const allowed = results.filter((r) => !r.pass && r.allowance);
  const byReason = new Map();
  for (const r of allowed)
    byReason.set(r.allowance, [...(byReason.get(r.allowance) ?? []), path.basename(r.name)]);
  console.log(`  allowance: ${allowed.length} (each justified by its failing error)`);
  for (const [reason, names] of [...byReason].sort((a, b) => b[1].length - a[1].length))
    console.log(`    ${names.length} ${reason}: ${names.join(', ')}`);
  const runnable = results.length - allowed.length;
  console.log(`test_configs/flows without the allowance: ${passed} / ${runnable} pass`);
  return { passed, runnable };
}

const started = performance.now();
const testConfigs = path.join(corpus, 'src/promptflow/tests/test_configs/flows');
const tcDirs = subdirs(testConfigs).filter(selected);
const expectedDirs = tcDirs.filter((d) => existsSync(path.join(d, 'expected_result.json')));
const exampleDirs = [
  ...['standard', 'chat', 'evaluation'].flatMap((k) => subdirs(path.join(corpus, 'examples/flows', k))),
  ...subdirs(path.join(corpus, 'examples/flex-flows'))
]
  // `-maf` folders are the Microsoft Agent Framework ports of the same examples, not prompt flow flows.
  .filter((d) => !d.endsWith('-maf'))
  .filter(selected);
const promptyFiles = subdirs(path.join(corpus, 'examples/prompty'))
  .flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.prompty'))
      .map((f) => path.join(d, f))
  )
  .filter(selected);

console.log(`corpus: ${corpus}`);
const counts = {
  test_configs: reportTestConfigs(await pool(tcDirs, testConfigCase)),
  expected_result: report(`expected_result.json flows`, await pool(expectedDirs, expectedCase)),
  examples: report(`DAG + flex examples`, await pool(exampleDirs, folderCase)),
  prompty: report(
    `prompty examples`,
    await pool(promptyFiles, async (f) => {
      const r = await runCase(f, {});
      return { name: rel(f), pass: r.status === 'Completed', r };
    })
  )
};
console.log(
  `summary: test_configs ${counts.test_configs.passed}/${tcDirs.length} ` +
    `(${counts.test_configs.passed}/${counts.test_configs.runnable} without the allowance), expected_result ${counts.expected_result}/${expectedDirs.length}, ` +
    `examples ${counts.examples}/${exampleDirs.length}, prompty ${counts.prompty}/${promptyFiles.length} ` +
    `(${((performance.now() - started) / 1000).toFixed(0)} s)`
);

// One conformance case in its own process (a flow that hangs or exits cannot take the run down):
// argv = flow path, inputs JSON, init JSON or "". Model calls go to a stub LLM started here; every
// connection the flow names points at it. Prints one JSON line: status, outputs, error, bypassed nodes.
// argv[5], when given, is what the model answers in this case (replies.json: `defaultReply`, and
// `rules` of {match: regex source, reply}), for flows that parse the model's answer.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const core = {
  ...(await import(path.join(root, 'packages/core/dist/engine/index.js'))),
  ...(await import(path.join(root, 'packages/core/dist/testing.js')))
};
const testkit = await import(path.join(root, 'packages/testkit/dist/index.js'));
const [flowPath, inputs, init, repliesJson] = process.argv.slice(2);
const replies = repliesJson ? JSON.parse(repliesJson) : {};
const dir = statSync(flowPath, { throwIfNoEntry: false })?.isDirectory() ? flowPath : path.dirname(flowPath);

let flow;
try {
  flow = core.loadFlow(flowPath, { displayRoot: dir });
} catch {
  flow = undefined; // testFlow reports it
}
// A prompty that asks for JSON gets an object with the keys it declares.
const jsonKeys = flow?.nodes?.[0]?.prompty?.outputs ?? ['answer', 'score'];
const stub = await testkit.startStubLlm({
  // a rule's regex is tested on the whole prompt (every message), not only the last user message
  rules: (replies.rules ?? []).map((r) => ({
    match: (call) => new RegExp(r.match).test(call.prompt ?? JSON.stringify(call.messages)),
    reply: r.reply
  })),
  defaultReply: (call) =>
    replies.defaultReply ??
    (call.body.response_format?.type === 'json_object'
      ? JSON.stringify(Object.fromEntries(jsonKeys.map((k) => [k, k === 'score' ? 4 : 'stub'])))
      : '{"answer": "stub", "score": 4}')
});
const reporter = new core.MemoryReporter();
let out;
try {
  const r = await core.testFlow({
    flow: flowPath,
    inputs: fillInputs(JSON.parse(inputs)),
    ...(init ? { init: JSON.parse(init) } : {}),
    cwd: dir,
    environ: { ...process.env, ...connectionEnv() },
    reporter
  });
  out = {
    status: r.status,
    outputs: r.outputs,
    error: r.error ? core.describeLineError(r.error) : undefined,
    bypassed: r.nodes.filter((n) => n.status === 'Bypassed').map((n) => n.node)
  };
} catch (e) {
  out = {
    status: 'LoadFailed',
    error: String(e?.message ?? e)
      .split('\n')
      .slice(0, 4)
      .join(' | ')
  };
}
// A large answer (images as base64) must be written whole before the process exits.
await new Promise((done) => process.stdout.write(JSON.stringify(out) + '\n', done));
await stub.stop();
process.exit(0);

/**
 * prompt flow's tests feed inputs from their test code; a flow that ships none gets, for each input
 * without a value or default, a plain value of its type (chat history: an empty list).
 */
function fillInputs(given) {
  const declared = flow?.inputs;
  if (!declared || typeof declared !== 'object') return given;
  const byType = { string: 'hello', int: 1, double: 1.5, bool: true, list: [], object: {} };
  const out = {};
  for (const input of Object.values(declared)) {
    if (input.name in given) out[input.name] = given[input.name];
    else if (!('default' in input))
      out[input.name] = input.isChatHistory ? [] : (byType[input.type] ?? 'hello');
  }
  return out;
}

/** Every connection a flow's files name (`connection: x`) points at the stub, as do the usual variables. */
function connectionEnv() {
  const azure = stub.connectionJson('azure');
  const openai = stub.connectionJson('openai');
  const env = {
    AZURE_OPENAI_ENDPOINT: stub.url,
    AZURE_OPENAI_API_KEY: stub.apiKey,
    OPENAI_API_KEY: stub.apiKey,
    OPENAI_BASE_URL: `${stub.url}/v1`
  };
  const walk = (d, depth) => {
    for (const f of readdirSync(d)) {
      const p = path.join(d, f);
      const s = statSync(p, { throwIfNoEntry: false });
      if (s?.isDirectory() && depth < 2) walk(p, depth + 1);
      else if (s?.isFile() && /\.(ya?ml|prompty|json)$/.test(f)) {
        const text = readFileSync(p, 'utf8');
        const names = [
          // `connection: x`, and tool inputs such as `conn: x` / `my_connection: x`
          ...[...text.matchAll(/\b\w*conn\w*["']?:\s*["']?([A-Za-z_][\w -]*\w)/g)].map((m) => m[1]),
          // environment_variables: `${x.api_key}`
          ...[
            ...text.matchAll(/\$\{(\w+)\.(?:api_key|api_base|api_type|api_version|secrets|configs)\b/g)
          ].map((m) => m[1])
        ];
        // Names that say the connection does not exist are left out: those flows test the
        // missing-connection error (llm_tool_non_existing_connection, evc_connection_not_exist).
        for (const name of names.filter((n) => !/missing|not_exist|non_exist/i.test(n)))
          env[name] = /aad/i.test(name)
            ? aad() // prompt flow's tests name their Entra (keyless) connection `azure_open_ai_aad`
            : withCustomFields(/open_?ai/i.test(name) && !/azure|aoai/i.test(name) ? openai : azure);
      }
    }
  };
  walk(dir, 0);
  return env;
}

/** A keyless Azure OpenAI connection (auth_mode meid_token): no api_key. */
function aad() {
  const { api_key: _key, ...rest } = JSON.parse(stub.connectionJson('azure'));
  return JSON.stringify({ ...rest, auth_mode: 'meid_token' });
}

/** An LLM connection that also works as a custom one (the keys prompt flow's test tools read). */
function withCustomFields(json) {
  return JSON.stringify({
    ...JSON.parse(json),
    secrets: { key1: 'value1', key2: 'value2' },
    configs: { key1: 'value1' }
  });
}

// One conformance case in its own process (a flow that hangs or exits cannot take the run down):
// argv = flow path, inputs JSON, init JSON or "". Prints one JSON line: status, outputs, error, bypassed nodes.
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const core = await import(path.join(root, 'packages/core/dist/index.js'));
const [flow, inputs, init] = process.argv.slice(2);
const reporter = new core.MemoryReporter();
let out;
try {
  const r = await core.testFlow({
    flow,
    inputs: fillInputs(flow, JSON.parse(inputs)),
    ...(init ? { init: JSON.parse(init) } : {}),
    cwd: path.dirname(flow),
    reporter
  });
  out = {
    status: r.status,
    outputs: r.outputs,
    error: r.error ? core.describeLineError(r.error) : undefined,
    bypassed: r.nodes.filter((n) => n.status === 'Bypassed').map((n) => n.node)
  };
} catch (e) {
  out = { status: 'LoadFailed', error: String(e?.message ?? e).split('\n').slice(0, 4).join(' | ') };
}
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);

/**
 * prompt flow's tests feed inputs from their test code; a flow that ships none gets, for each input
 * without a value or default, a plain value of its type (chat history: an empty list).
 */
function fillInputs(flowPath, given) {
  let declared;
  try {
    declared = core.loadFlow(flowPath, { displayRoot: path.dirname(flowPath) }).inputs;
  } catch {
    return given;
  }
  if (!declared || typeof declared !== "object") return given;
  const byType = { string: 'hello', int: 1, double: 1.5, bool: true, list: [], object: {} };
  const out = {};
  for (const input of Object.values(declared)) {
    if (input.name in given) out[input.name] = given[input.name];
    else if (!('default' in input)) out[input.name] = input.isChatHistory ? [] : byType[input.type] ?? 'hello';
  }
  return out;
}

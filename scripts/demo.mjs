// `npm start`: the whole local pipeline (`genaiops pipeline`) on the sample use-cases.
//
// With a model connection configured (`aoai` in the environment or .env), that is all it does. With
// none, the product's own answer is the mock provider, whose echoed answers fail the samples' gates
// by design (and a red gate stops the pipeline before register). So that the README's first command
// shows the whole pipeline, this repository script alone stands up the testkit's DEMO MODEL: a
// loopback stand-in that answers the samples from their ground truth with a set error rate. It says
// so, and the endpoint it deployed is stopped when the demo model stops, so no deployment is left
// pointing at a process that is gone.
//
// With the LLM cache on (`npm start -- --llm-cache`, or GENAIOPS_LLM_CACHE=1), the demo model listens
// on the port it had last time (kept in .genaiops/demo-model.json): the cache is keyed by the
// endpoint's URL, so a second `npm start` then answers every model call from the cache.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const core = await import('@genaiops/core');
const { readDotenv } = await import('@genaiops/core/engine');
const { endpointSecretsFile, readEndpointSecrets } = await import('@genaiops/core/testing');
const cli = path.resolve('packages/cli/bin/genaiops.js');
const args = ['pipeline', ...process.argv.slice(2)];
// asynchronous: the demo model answers from this process while the pipeline runs
const run = (environ) =>
  new Promise((resolve) =>
    spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env: environ }).on('close', (code) =>
      resolve(code ?? 1)
    )
  );

const dotenv = existsSync('.env') ? readDotenv('.env') : {};
if (process.env.aoai || dotenv.aoai || args.includes('--mock')) process.exit(await run(process.env));

const { startStubLlm, demoRules } = await import('@genaiops/testkit');
const useCases = readdirSync('use-cases', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join('use-cases', d.name, core.CONFIG_FILE)))
  .map((d) => core.loadUseCase(path.join('use-cases', d.name), { env: 'pr' }));
const cacheFlag = args.includes('--no-llm-cache') ? false : args.includes('--llm-cache') ? true : undefined;
const cacheOn = (cacheFlag ?? core.llmCacheFromEnvironment(process.env)) === true;
const portFile = path.join('.genaiops', 'demo-model.json');
const lastPort = () => {
  try {
    return JSON.parse(readFileSync(portFile, 'utf8')).port;
  } catch {
    return undefined;
  }
};
const demoModel = (port) =>
  startStubLlm({
    rules: useCases.flatMap((uc) => demoRules(uc)),
    latencyMs: 20,
    defaultReply: 'unknown',
    port
  });
let stub;
const port = cacheOn ? lastPort() : undefined;
if (Number.isInteger(port))
  stub = await demoModel(port).catch((e) => {
    console.log(
      `npm start: port ${port} of the last demo model is taken (${e.code ?? e.message}): the LLM cache will miss this time`
    );
  });
stub ??= await demoModel(0);
if (cacheOn) {
  mkdirSync(path.dirname(portFile), { recursive: true });
  writeFileSync(portFile, JSON.stringify({ port: stub.port }) + '\n');
}
console.log(
  `npm start: no "aoai" connection is configured, so the flows call the DEMO MODEL on ${stub.url} ` +
    '(a stand-in from packages/testkit that answers the sample datasets from their ground truth, 80 % right). ' +
    'Its metrics only show the pipeline working. Set aoai=\'{"api_type":"azure","api_base":"…","api_key":"…","api_version":"…"}\' ' +
    '(environment or .env) to use a real model; `genaiops pipeline --mock` runs on the mock provider instead.\n'
);
let status = 1;
try {
  status = await run({ ...process.env, aoai: stub.connectionJson('azure') });
} finally {
  // the endpoints whose connections point at the demo model
  const root = process.cwd();
  const onDemo = (name) =>
    Object.values(readEndpointSecrets(endpointSecretsFile(root, name, process.env)).connections).some((c) =>
      c.includes(stub.url)
    );
  for (const e of core.listLocalEndpoints(root))
    if (e.running && onDemo(e.name)) {
      await core.stopLocalEndpoint(root, e.name);
      console.log(
        `npm start: stopped local endpoint ${e.name}: its model was the demo model, which stops now`
      );
    }
  // the figure the LLM cache is judged by: a second run with --llm-cache makes none
  console.log(`npm start: the demo model answered ${stub.stats().requests} model call(s)`);
  await stub.stop();
}
process.exit(status);

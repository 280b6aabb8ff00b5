/**
 * Production logs to monitor, locally: deploy to the local endpoint, score 50 requests, and
 * `monitor` reads the endpoint's request log (secrets never in it) for its window and evaluates it.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoRules, startStubLlm, type StubLlm } from '@genaiops/testkit';
import { loadUseCase } from '../../src/config/load.js';
import { endpointSecretsFile, readEndpointSecrets } from '../../src/local/endpoint-secrets.js';
import { endpointDir } from '../../src/local/endpoint-state.js';
import { createLocalTarget } from '../../src/local/target.js';
import { MemoryReporter } from '../../src/reporter.js';
import { deploy } from '../../src/stages/deploy.js';
import { monitor } from '../../src/stages/monitor.js';
import { register } from '../../src/stages/register.js';
import { readJson, RecordingReporter } from './helpers.js';
import { cleanWorkspace, workspace } from './helpers-targets.js';

let stub: StubLlm;
let ws: ReturnType<typeof workspace>;
let environ: NodeJS.ProcessEnv;

beforeAll(async () => {
  ws = workspace();
  const file = path.join(ws.dir, 'llmops_config.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  // production requests carry the agent's label (category) beside the ticket: the monitor scores the answers against it
  // the sample's prod monitor (label-free signals), plus an agreement check on the same log
  config.environments.dev.monitor = {
    ...config.environments.prod.monitor,
    windowHours: 1,
    evaluators: [
      ...config.environments.prod.monitor.evaluators,
      {
        name: 'agreement',
        flow: 'flows/evaluation',
        mappings: { groundtruth: '${data.category}', prediction: '${data.output_category}' },
        gates: { accuracy: { min: 0.5 } }
      }
    ]
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  stub = await startStubLlm({ rules: demoRules(loadUseCase(ws.dir), 0.8), latencyMs: 2 });
  environ = { PATH: process.env.PATH, HOME: process.env.HOME, aoai: stub.connectionJson('azure') };
  await register(
    { useCase: ws.useCase, env: 'dev', target: 'local', cwd: ws.cwd, environ },
    new MemoryReporter()
  );
}, 60_000);
afterAll(async () => {
  await cleanWorkspace(ws.cwd);
  await stub.stop();
});

test('deploy, score 50 requests, monitor over the endpoint log: a report and a point for the trend', async () => {
  await deploy(
    {
      useCase: ws.useCase,
      env: 'dev',
      target: 'local',
      cwd: ws.cwd,
      environ,
      smokeRetry: { attempts: 2, initialDelayMs: 50 }
    },
    new MemoryReporter()
  );
  const dir = endpointDir(ws.cwd, 'tickets-dev');
  const before = readdirSync(dir).includes('requests.jsonl')
    ? readFileSync(path.join(dir, 'requests.jsonl'), 'utf8').split('\n').filter(Boolean).length
    : 0;
  const tickets = readFileSync(path.join(ws.dir, 'data/train.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { ticket: string; category: string });
  const target = createLocalTarget({ root: ws.cwd, environ, reporter: new MemoryReporter() });
  const answers: string[] = [];
  for (let i = 0; i < 50; i++) {
    const t = tickets[i % tickets.length];
    const r = await target.endpoints.scoringRequest('tickets-dev', { body: t });
    expect(r.status).toBe(200);
    answers.push((r.body as { category: string }).category);
  }

  const log = readFileSync(path.join(dir, 'requests.jsonl'), 'utf8');
  const entries = log
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  expect(entries).toHaveLength(before + 50);
  expect(entries.at(-1)).toMatchObject({ endpoint: 'tickets-dev', inputs: tickets[49 % tickets.length] });
  // neither the endpoint keys nor the model key reach the log
  const keys = readEndpointSecrets(endpointSecretsFile(ws.cwd, 'tickets-dev', environ)).keys!;
  for (const secret of [keys.primary, keys.secondary, JSON.parse(stub.connectionJson('azure')).api_key])
    expect(log).not.toContain(secret);

  const reporter = new RecordingReporter();
  const result = await monitor(
    {
      useCase: ws.useCase,
      env: 'dev',
      backend: 'local',
      target: 'local',
      cwd: ws.cwd,
      environ,
      buildId: 'p1'
    },
    reporter
  );
  expect(result.sources).toEqual([
    { name: 'request-log', file: '.genaiops/monitor/ticket_classification/dev/p1.jsonl', lines: before + 50 }
  ]);
  // the smoke test's request has no "category": the mapping cannot be met, so that line fails and
  // the metric covers the 50 scored tickets
  const labelled = entries.filter((e) => 'category' in e.inputs);
  expect(labelled).toHaveLength(50);
  const scored = labelled.map((e) => (e.outputs.category === e.inputs.category ? 1 : 0) as number);
  const expected = scored.reduce((s, x) => s + x, 0) / scored.length;
  const rows = Object.fromEntries(result.rows.map((r) => [r.evaluator, r.metrics]));
  expect(rows.agreement.accuracy).toBeCloseTo(expected, 3); // the flow rounds to 4 digits
  // these requests carry a "category" input, so `${data.category}` is that label and the answer is
  // `output_category` (an output named like an input is renamed)
  const share = (
    f: (e: { inputs: { category: string }; outputs: { matched: boolean; category: string } }) => boolean
  ) => entries.filter(f).length / entries.length;
  expect(rows.production_signals.recognised_rate).toBeCloseTo(
    share((e) => e.outputs.matched === true),
    3
  );
  expect(rows.production_signals.other_rate).toBeCloseTo(
    share((e) => e.inputs.category === 'other'),
    3
  );
  expect(answers.filter((a, i) => a === tickets[i % tickets.length].category).length).toBeGreaterThan(0);
  expect(result.gates.map((g) => g.metric).sort()).toEqual(['accuracy', 'other_rate', 'recognised_rate']);
  expect(result.passed).toBe(result.gates.every((g) => g.passed));
  const manifest = readJson(path.join(ws.cwd, result.manifestFile));
  expect(manifest).toMatchObject({
    kind: 'monitor',
    buildId: 'p1',
    rows: [{ dataset: 'request-log' }, { dataset: 'request-log' }]
  });
  expect(readFileSync(path.join(ws.cwd, result.reports.html), 'utf8')).toContain('agreement');

  // a window that ends before the requests: nothing to evaluate, said plainly
  await expect(
    monitor(
      {
        useCase: ws.useCase,
        env: 'dev',
        backend: 'local',
        target: 'local',
        cwd: ws.cwd,
        environ,
        buildId: 'p2',
        now: new Date(Date.parse(entries[0].time) - 3600_001)
      },
      new MemoryReporter()
    )
  ).rejects.toThrow(/no production lines: endpoint "tickets-dev" \(local\) logged no request between/);
});

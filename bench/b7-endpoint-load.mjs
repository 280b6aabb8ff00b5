// B7: the local endpoint under load. 50 concurrent clients for 30 s against a local endpoint split
// 20/80 between two deployments of the ticket_classification flow (python → llm → python), the
// model being the stub LLM with a small latency; everything on loopback.
// Target: zero errors, observed split within ±3 points of the weights. Prints requests/s and p95.
// DURATION (s, default 30), CLIENTS (default 50), LATENCY_MS (stub, default 10), TRAFFIC (new deployment %, default 20).
import { cpSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { core, fmt, quiet, root, testkit, tmp } from './common.mjs';

const duration = Number(process.env.DURATION ?? 30);
const clients = Number(process.env.CLIENTS ?? 50);
const latencyMs = Number(process.env.LATENCY_MS ?? 10);
const weight = Number(process.env.TRAFFIC ?? 20);

const cwd = tmp();
const useCase = 'use-cases/ticket_classification';
cpSync(path.join(root, useCase), path.join(cwd, useCase), { recursive: true });
const stub = await testkit.startStubLlm({
  rules: testkit.demoRules(core.loadUseCase(path.join(cwd, useCase))),
  latencyMs
});
const environ = { PATH: process.env.PATH, HOME: process.env.HOME, aoai: stub.connectionJson('azure') };
const stage = { useCase, env: 'dev', target: 'local', cwd, environ };

let exitCode = 1;
try {
  await core.register(stage, quiet);
  await core.deploy({ ...stage, overrides: { deployment: 'green', previous: '', traffic: 100 } }, quiet);
  const d = await core.deploy(
    { ...stage, overrides: { deployment: 'blue', previous: 'green', traffic: weight } },
    quiet
  );
  const endpoints = new core.LocalEndpoints(cwd, { environ });
  const key = endpoints.keys('tickets-dev').primary;
  const body = JSON.stringify(
    core.readSampleRequest(core.loadUseCase(path.join(cwd, useCase)), 'sample-request.json')
  );
  console.log(
    `B7 local endpoint load: ${clients} clients for ${duration} s, traffic ${JSON.stringify(d.traffic)}, stub latency ${latencyMs} ms, ${d.scoringUri}`
  );

  const latencies = [];
  const seen = {};
  const errors = {};
  const deadline = performance.now() + duration * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const res = await fetch(d.scoringUri, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body
        });
        const text = await res.text();
        if (res.status !== 200) {
          errors[`HTTP ${res.status} ${text.slice(0, 120)}`] =
            (errors[`HTTP ${res.status} ${text.slice(0, 120)}`] ?? 0) + 1;
          continue;
        }
        const answer = JSON.parse(text);
        if (!('category' in answer)) {
          errors['missing output'] = (errors['missing output'] ?? 0) + 1;
          continue;
        }
        latencies.push(performance.now() - t0);
        const dep = res.headers.get('azureml-model-deployment');
        seen[dep] = (seen[dep] ?? 0) + 1;
      } catch (e) {
        const k = `${e.cause?.code ?? e.message}`;
        errors[k] = (errors[k] ?? 0) + 1;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  const wall = (performance.now() - started) / 1000;

  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
  const ok = latencies.length;
  const failed = Object.values(errors).reduce((a, b) => a + b, 0);
  const split = Object.fromEntries(
    Object.entries(d.traffic).map(([n, w]) => [n, { configured: w, observed: ((seen[n] ?? 0) / ok) * 100 }])
  );
  const worst = Math.max(...Object.values(split).map((s) => Math.abs(s.observed - s.configured)));
  console.log(
    `  ${ok} answers in ${fmt(wall, 1)} s: ${fmt(ok / wall, 0)} requests/s; latency p50 ${fmt(pct(50), 1)} ms, p95 ${fmt(pct(95), 1)} ms, p99 ${fmt(pct(99), 1)} ms`
  );
  console.log(`  errors: ${failed}${failed ? ' ' + JSON.stringify(errors) : ''}`);
  console.log(
    `  split: ${Object.entries(split)
      .map(([n, s]) => `${n} ${fmt(s.observed, 2)}% (configured ${s.configured}%)`)
      .join(', ')}; worst deviation ${fmt(worst, 2)} points (target ≤ 3)`
  );
  const pass = failed === 0 && worst <= 3 && ok > 0;
  console.log(`  ${pass ? 'PASS' : 'FAIL'}`);
  exitCode = pass ? 0 : 1;
} finally {
  for (const e of core.listLocalEndpoints(cwd)) await core.stopLocalEndpoint(cwd, e.name);
  await stub.stop();
  rmSync(cwd, { recursive: true, force: true });
}
process.exitCode = exitCode;

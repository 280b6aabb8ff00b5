// B8: faults. Each trial runs the real `genaiops run create` bin over B8_LINES lines (default 40)
// against the stub model with injected faults (a hung call, 500s, a malformed answer, a 401 that
// echoes the key), kills it at a random point (SIGKILL or SIGTERM), then finishes it with --resume.
// Prints, per trial: lines lost, finished lines run again after the kill, key leaks (in every file of the
// workspace and the CLI's output), python processes left running, and how long the CLI took to
// exit after its run was final.
//   node bench/b8-faults.mjs            (B8_TRIALS=3, B8_LINES=40)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fmt, root, testkit, tmp, writeJsonl } from './common.mjs';

const trials = Number(process.env.B8_TRIALS ?? 3);
const lines = Number(process.env.B8_LINES ?? 40);
const bin = path.join(root, 'packages/cli/bin/genaiops.js');
const flow = path.join(root, 'use-cases/ticket_classification/flows/standard');
const modelKey = `sk-${randomBytes(24).toString('hex')}`;
const stub = await testkit.startStubLlm({ apiKey: modelKey, defaultReply: 'billing', latencyMs: 60 });

const ppidOf = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return { ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]), stat };
  } catch {
    return undefined;
  }
};
const pythonChildren = (pid) =>
  readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number)
    .filter((p) => {
      const s = ppidOf(p);
      return s && s.ppid === pid && /python/.test(s.stat);
    });
const running = (pid) => {
  const s = ppidOf(pid);
  return s !== undefined && !/\) Z /.test(s.stat);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// every file the runs wrote (not the .env that holds the connection)
const allText = (dir) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f !== '.env')
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');

function cli(ws, args) {
  const child = spawn(process.execPath, [bin, ...args], { cwd: ws, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const exited = new Promise((r) => child.on('exit', () => r(Date.now())));
  return { child, exited, output: () => out };
}

const rows = [];
for (let t = 1; t <= trials; t++) {
  const ws = tmp();
  writeFileSync(path.join(ws, '.env'), `aoai=${stub.connectionJson('azure')}\n`);
  writeJsonl(path.join(ws, 'data.jsonl'), lines, (i) => ({ ticket: `bench ticket ${i}` }));
  stub.reset();
  stub.failNext(1, 'hang');
  stub.failNext(2, 500);
  stub.failNext(1, 'malformed');
  stub.failNext(1, 'echo-key');
  const args = [
    ...['run', 'create', '--flow', flow, '--data', 'data.jsonl', '--column-mapping', 'ticket=${data.ticket}'],
    ...['--name', 'b8', '--concurrency', '4', '--python-workers', '2', '--request-timeout', '1']
  ];
  const first = cli(ws, args);
  const partial = path.join(ws, '.genaiops/runs/b8/details.partial.jsonl');
  const killAt = 2 + Math.floor(Math.random() * (lines / 2));
  let workers = [];
  for (;;) {
    let n = 0;
    try {
      n = readFileSync(partial, 'utf8')
        .split('\n')
        .filter((l) => l.endsWith('}')).length;
    } catch {
      /* not yet */
    }
    workers = [...new Set([...workers, ...pythonChildren(first.child.pid)])];
    if (n >= killAt) break;
    await sleep(20);
  }
  const signal = Math.random() < 0.5 ? 'SIGKILL' : 'SIGTERM';
  first.child.kill(signal);
  await first.exited;
  // the lines recorded as finished when the CLI died: none of them may be run again
  const finished = new Set();
  const details = existsSync(partial) ? partial : path.join(ws, '.genaiops/runs/b8/details.jsonl'); // SIGTERM: written out
  for (const l of readFileSync(details, 'utf8').split('\n'))
    try {
      const r = JSON.parse(l);
      if (r.status === 'Completed') finished.add(`bench ticket ${r.lineNumber}`);
    } catch {
      /* cut short by the kill */
    }
  const shown = JSON.parse(readFileSync(path.join(ws, '.genaiops/runs/b8/run.json'), 'utf8'));
  await sleep(2000);
  const stuckAfterKill = workers.filter(running).length;

  stub.reset();
  const resume = cli(ws, ['run', 'create', '--resume', '--name', 'b8', '--request-timeout', '1']);
  let resumeWorkers = [];
  while (running(resume.child.pid)) {
    resumeWorkers = [...new Set([...resumeWorkers, ...pythonChildren(resume.child.pid)])];
    await sleep(20);
  }
  const exitedAt = await resume.exited;
  const record = JSON.parse(readFileSync(path.join(ws, '.genaiops/runs/b8/run.json'), 'utf8'));
  await sleep(500);
  const redone = stub
    .stats()
    .recorded.filter((r) => r.status === 200)
    .map((r) => JSON.stringify(r.body).match(/bench ticket \d+/)?.[0])
    .filter((x) => finished.has(x)).length;
  const text = allText(ws) + first.output() + resume.output();
  rows.push({
    trial: t,
    signal,
    killedAfter: killAt,
    statusAfterKill: shown.status,
    lost: lines - record.line_count.completed - record.line_count.failed,
    failed: record.line_count.failed,
    redone,
    leaks: text.split(modelKey).length - 1,
    stuck: stuckAfterKill + resumeWorkers.filter(running).length,
    exitAfterFinalMs: exitedAt - Date.parse(record.end_time)
  });
}
await stub.stop();

console.table(rows);
const range = (k) => `${Math.min(...rows.map((r) => r[k]))}–${Math.max(...rows.map((r) => r[k]))}`;
console.log(
  `B8 over ${trials} trial(s) of ${lines} lines: lines lost ${range('lost')}, key leaks ${range('leaks')}, ` +
    `stuck processes ${range('stuck')}, finished lines redone after the kill ${range('redone')}, ` +
    `exit after the run is final ${range('exitAfterFinalMs')} ms (mean ${fmt(rows.reduce((a, r) => a + r.exitAfterFinalMs, 0) / rows.length, 0)} ms)`
);

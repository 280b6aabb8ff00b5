import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PythonWorkerError, PythonWorkerPool, ToolError } from '../../../src/engine/python/index.js';
import { UserError } from '../../../src/errors.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/python');
const tools = path.join(fixtures, 'tools');
const shimSource = path.resolve(import.meta.dirname, '../../../src/engine/python/shim');

const pools: PythonWorkerPool[] = [];
function newPool(options: Partial<ConstructorParameters<typeof PythonWorkerPool>[0]> = {}): PythonWorkerPool {
  const pool = new PythonWorkerPool({ size: 1, cwd: tools, ...options });
  pools.push(pool);
  return pool;
}
afterAll(() => Promise.all(pools.map((p) => p.close())));

/** The interpreter itself (`python3` may be a pyenv shim, whose pools start one worker first). */
const interpreter = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
  encoding: 'utf8'
}).trim();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  return !alive(pid);
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: Error) => e
  );
}

test('a crashed worker fails only its call and is replaced', async () => {
  const pool = newPool();
  const before = (await pool.call({ file: 'crash.py', args: { how: 'no' } })).output as string;
  const crash = pool.call({ file: 'crash.py', func: 'crash', args: { how: 'exit' } });
  const queued = [1, 2, 3].map((x) => pool.call({ file: 'trivial.py', args: { x } }));
  const e = await rejection(crash);
  expect(e).toBeInstanceOf(PythonWorkerError);
  expect(e).toBeInstanceOf(UserError);
  expect(e.message).toBe('python worker exited with code 1 while running crash.py:crash');
  expect((e as PythonWorkerError).kind).toBe('exit');
  expect((e as PythonWorkerError).exitCode).toBe(1);
  expect((await Promise.all(queued)).map((r) => r.output)).toEqual([1, 2, 3]);
  const after = (await pool.call({ file: 'crash.py', args: { how: 'no' } })).output as string;
  expect(after).not.toBe(before);
  expect(pool.workerCount).toBe(1);
});

test('a segfault is reported with the fault handler dump', async () => {
  const pool = newPool();
  const e = (await rejection(
    pool.call({ file: 'crash.py', args: { how: 'segfault' } })
  )) as PythonWorkerError;
  expect(e.kind).toBe('exit');
  expect(e.message).toMatch(
    /^python worker (was killed by SIGSEGV|exited with code \S+) while running crash\.py/
  );
  expect(e.stderr).toContain('crash.py');
  expect((await pool.call({ file: 'trivial.py', args: { x: 'ok' } })).output).toBe('ok');
});

test('a call over the timeout is killed, the worker replaced, queued calls proceed', async () => {
  const pool = newPool({ callTimeoutMs: 700 });
  const first = (await pool.call({ file: 'slow.py', args: { seconds: 0 } })).output as number;
  const started = Date.now();
  const stuck = pool.call({ file: 'slow.py', func: 'slow', args: { seconds: 30 } });
  const next = pool.call({ file: 'slow.py', args: { seconds: 0 } });
  const e = (await rejection(stuck)) as PythonWorkerError;
  expect(e).toBeInstanceOf(PythonWorkerError);
  expect(e.kind).toBe('timeout');
  expect(e.message).toBe('python tool slow.py:slow did not finish within 0.7 s (its worker was stopped)');
  expect(Date.now() - started).toBeLessThan(5000);
  const second = (await next).output as number;
  expect(second).not.toBe(first);
  expect(await gone(first)).toBe(true);
});

test('requests pipelined to a worker that dies are run again elsewhere', async () => {
  const pool = newPool({ size: 1, pipeline: 4 });
  const calls = [
    pool.call({ file: 'trivial.py', args: { x: 0 } }),
    pool.call({ file: 'crash.py', args: { how: 'exit' } }),
    pool.call({ file: 'trivial.py', args: { x: 2 } }),
    pool.call({ file: 'trivial.py', args: { x: 3 } })
  ];
  const settled = await Promise.allSettled(calls);
  expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  expect(settled.map((s) => (s.status === 'fulfilled' ? s.value.output : null))).toEqual([0, null, 2, 3]);
});

test('a missing interpreter is a clear UserError for every waiting call', async () => {
  const pool = newPool({ python: path.join(tmpdir(), 'no-such-python3'), size: 2 });
  const all = await Promise.all(
    [1, 2, 3].map((x) => rejection(pool.call({ file: 'trivial.py', args: { x } })))
  );
  for (const e of all) {
    expect(e).toBeInstanceOf(PythonWorkerError);
    expect((e as PythonWorkerError).kind).toBe('start');
    expect(e.message).toMatch(
      /^python interpreter ".*no-such-python3" was not found: install Python 3\.9\+ or set GENAIOPS_PYTHON/
    );
  }
});

test('an interpreter that dies at start reports it', async () => {
  const pool = newPool({ python: 'false' });
  const e = (await rejection(pool.call({ file: 'trivial.py', args: { x: 1 } }))) as PythonWorkerError;
  expect(e.kind).toBe('start');
  expect(e.message).toBe('python worker (false) exited with code 1 while starting');
});

test('GENAIOPS_PYTHON chooses the default interpreter; a missing folder is a UserError', () => {
  const saved = process.env.GENAIOPS_PYTHON;
  process.env.GENAIOPS_PYTHON = '/opt/python/bin/python3.12';
  try {
    expect(new PythonWorkerPool({ size: 1, cwd: tools }).python).toBe('/opt/python/bin/python3.12');
    expect(new PythonWorkerPool({ size: 1, cwd: tools, python: 'py' }).python).toBe('py');
  } finally {
    if (saved === undefined) delete process.env.GENAIOPS_PYTHON;
    else process.env.GENAIOPS_PYTHON = saved;
  }
  expect(() => new PythonWorkerPool({ size: 1, cwd: path.join(tools, 'nope') })).toThrow(UserError);
  expect(() => new PythonWorkerPool({ size: 0, cwd: tools })).toThrow(TypeError);
});

test('close ends every worker and rejects what is still queued', async () => {
  const pool = new PythonWorkerPool({ size: 2, cwd: tools });
  const pids = await Promise.all(
    [0.2, 0.2].map((seconds) => pool.call({ file: 'slow.py', args: { seconds } }))
  );
  expect(new Set(pids.map((r) => r.output)).size).toBe(2);
  const running = [1, 2].map(() => pool.call({ file: 'slow.py', args: { seconds: 0.3 } }));
  const queued = rejection(pool.call({ file: 'trivial.py', args: { x: 1 } }));
  await new Promise((r) => setTimeout(r, 50));
  await pool.close();
  // running calls finish within the grace period; queued ones are rejected
  expect((await Promise.all(running)).map((r) => typeof r.output)).toEqual(['number', 'number']);
  const e = (await queued) as PythonWorkerError;
  expect(e.kind).toBe('closed');
  for (const r of pids) expect(alive(r.output as number)).toBe(false);
  expect(pool.workerCount).toBe(0);
  expect(
    ((await rejection(pool.call({ file: 'trivial.py', args: { x: 1 } }))) as PythonWorkerError).kind
  ).toBe('closed');
});

test('an installed promptflow is used instead of the shim, and its log_metric is collected', async () => {
  const site = mkdtempSync(path.join(tmpdir(), 'fake-promptflow-'));
  try {
    cpSync(shimSource, site, { recursive: true });
    const init = path.join(site, 'promptflow', '__init__.py');
    writeFileSync(init, readFileSync(init, 'utf8').replace('0.0.0+genaiops.shim', 'installed-1.0'));
    const pool = newPool({ env: { PYTHONPATH: site } });
    const r = await pool.call({ file: 'shimcheck.py', args: {} });
    expect(r.output).toMatchObject({ version: 'installed-1.0', file: init });
    const agg = await pool.call({ file: 'aggregate.py', args: { scores: [1] } });
    expect(agg.metrics).toEqual({ mean: 1, count: 1, accuracy: 0.5 });
    const e = await rejection(pool.call({ file: 'fail.py', args: { text: '' } }));
    expect(e).toBeInstanceOf(ToolError);
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});

test('warmUp starts every worker before the first call, and the calls then use them', async () => {
  const pool = newPool({ size: 2, python: interpreter });
  expect(pool.workerCount).toBe(0);
  pool.warmUp();
  expect(pool.workerCount).toBe(2);
  const pids = await Promise.all(
    [1, 2, 3, 4].map(() => pool.call({ file: 'slow.py', args: { seconds: 0.01 } }))
  );
  expect(new Set(pids.map((r) => r.output)).size).toBeLessThanOrEqual(2);
  expect(pool.workerCount).toBe(2);
});

test('short calls wait in a free worker, never behind a slow call', async () => {
  const pool = newPool({ size: 2 });
  const alivePid = async () => (await pool.call({ file: 'crash.py', args: { how: 'no' } })).output as string;
  // measured short once answered (the first call of a tool includes its import)
  for (let i = 0; i < 4; i++) await alivePid();
  const slow = pool.call({ file: 'slow.py', args: { seconds: 1 } });
  const shortPids = await Promise.all([1, 2, 3, 4, 5, 6].map(() => alivePid()));
  const slowPid = (await slow).output as number;
  expect(shortPids.filter((p) => p === `alive ${slowPid}`)).toEqual([]);
});

test('a call cancelled while sent ahead to a worker is rejected; the worker goes on', async () => {
  const pool = newPool({ size: 1, pipeline: 4 });
  const alivePid = (signal?: AbortSignal) =>
    pool.call({ file: 'crash.py', args: { how: 'no' }, signal }).then((r) => r.output as string);
  for (let i = 0; i < 4; i++) await alivePid();
  const before = await alivePid();
  const abort = new AbortController();
  const calls = [alivePid(), alivePid(abort.signal), alivePid()];
  // after the pool has written the three requests, before the worker can answer the first
  await new Promise<void>((resolve) => process.nextTick(resolve));
  abort.abort();
  const settled = await Promise.allSettled(calls);
  expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(PythonWorkerError);
  expect(((settled[1] as PromiseRejectedResult).reason as PythonWorkerError).kind).toBe('canceled');
  expect(settled.filter((s) => s.status === 'fulfilled').map((s) => s.value)).toEqual([before, before]);
  expect(await alivePid()).toBe(before);
});

test('a launcher script (a pyenv shim) starts one worker; the others, and later pools, start the interpreter it reports', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'genaiops-launcher-'));
  const launches = path.join(dir, 'launches.txt');
  const launcher = path.join(dir, 'python-shim');
  writeFileSync(launcher, `#!/bin/sh\necho x >> '${launches}'\nexec '${interpreter}' "$@"\n`, {
    mode: 0o755
  });
  const count = () => (existsSync(launches) ? readFileSync(launches, 'utf8').split('\n').length - 1 : 0);
  try {
    const first = newPool({ size: 3, python: launcher });
    first.warmUp();
    expect(first.workerCount).toBe(1); // the others wait for the interpreter's path
    const pids = await Promise.all(
      Array.from({ length: 12 }, () => first.call({ file: 'slow.py', args: { seconds: 0.15 } }))
    );
    expect(new Set(pids.map((r) => r.output)).size).toBe(3);
    expect(count()).toBe(1);
    const second = newPool({ size: 2, python: launcher });
    second.warmUp();
    expect(second.workerCount).toBe(2); // resolved in this process: no waiting
    expect((await second.call({ file: 'trivial.py', args: { x: 7 } })).output).toBe(7);
    expect(count()).toBe(1);
    // the user's command, not the resolved path, is what messages name
    expect(second.python).toBe(launcher);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * The building blocks of the fault rules: the secret masker, the endpoint's admission gate, the
 * deploy lease and the compare-and-set rollback, UTF-8 checking, unique build ids.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isUserError } from '../../src/errors.js';
import { checkUtf8File } from '../../src/engine/runs/utf8.js';
import { RequestGate } from '../../src/local/request-gate.js';
import { defaultBuildId } from '../../src/stages/build-id.js';
import { DeployLease, planRollback, type LeaseRecord } from '../../src/stages/deploy-guard.js';
import { SecretMasker } from '../../src/util/secret-masker.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'genaiops-guards-'));

describe('SecretMasker', () => {
  const key = 'a1B2c3D4e5F6g7H8i9J0/+=k';

  test('masks a registered secret, and its JSON-escaped and URL-encoded forms', () => {
    const m = new SecretMasker().add(key);
    const text = `raw ${key} json ${JSON.stringify({ k: key })} url ?key=${encodeURIComponent(key)}`;
    const out = m.mask(text);
    expect(out).not.toContain(key);
    expect(out).not.toContain(encodeURIComponent(key));
    expect(out.match(/\*\*\*/g)).toHaveLength(3);
  });

  test('masks the longer of two overlapping secrets whole', () => {
    const m = new SecretMasker().add('secret-abc').add('secret-abcdef');
    expect(m.mask('x secret-abcdef y')).toBe('x *** y');
  });

  test('learns connection keys and secret-named variables from an environment, not names like KEYVAULT_NAME', () => {
    const m = SecretMasker.fromEnvironment({
      aoai: JSON.stringify({ api_key: 'conn-key-123456', api_base: 'https://x.openai.azure.com/' }),
      custom: JSON.stringify({ secrets: { token: 'custom-secret-9' }, configs: { region: 'westeurope' } }),
      GITHUB_TOKEN: 'ghs_abcdef123456',
      AZURE_CLIENT_SECRET: 'client-secret-1',
      KEYVAULT_NAME: 'kv-llmops-dev',
      PATH: '/usr/bin:/bin'
    });
    const out = m.mask(
      'conn-key-123456 custom-secret-9 ghs_abcdef123456 client-secret-1 kv-llmops-dev westeurope https://x.openai.azure.com/'
    );
    expect(out).toBe('*** *** *** *** kv-llmops-dev westeurope https://x.openai.azure.com/');
  });

  test('a secret is masked from 6 characters on, as prompt flow masks them', () => {
    const m = new SecretMasker().add('12345').add('abcdef');
    expect(m.mask('12345 abcdef')).toBe('12345 ***');
  });

  test('masks credentials that announce themselves, and ignores values too short to be secrets', () => {
    const m = new SecretMasker().add('abc');
    expect(m.mask('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x.y and sk-proj1234567890abcdefXYZ abc')).toBe(
      'Authorization: Bearer *** and sk-*** abc'
    );
  });
});

describe('RequestGate', () => {
  test('runs up to `concurrency`, queues up to `queue`, refuses beyond; a freed slot goes to the first waiter', async () => {
    const gate = new RequestGate({ concurrency: 2, queue: 1 });
    const a = await gate.enter();
    const b = await gate.enter();
    let cEntered = false;
    const c = gate.enter().then((r) => ((cEntered = true), r));
    expect(await gate.enter()).toBeUndefined(); // 2 running, 1 waiting: full
    expect(gate.inFlight).toBe(2);
    expect(gate.queued).toBe(1);
    a!();
    a!(); // a second release is a no-op
    const release = await c;
    expect(cEntered).toBe(true);
    expect(gate.inFlight).toBe(2);
    // the slot was handed over: a newcomer does not squeeze in
    expect(gate.queued).toBe(0);
    b!();
    release!();
    expect(gate.inFlight).toBe(0);
  });

  test('a waiting request that is abandoned leaves the queue', async () => {
    const gate = new RequestGate({ concurrency: 1, queue: 1 });
    const a = await gate.enter();
    const ac = new AbortController();
    const waiting = gate.enter(ac.signal);
    ac.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    expect(gate.queued).toBe(0);
    a!();
    expect(gate.inFlight).toBe(0);
  });
});

describe('deploy lease', () => {
  test('a second deploy waits for the first, or fails at once naming the holder', async () => {
    const dir = tmp();
    const first = await DeployLease.acquire({ dir, endpoint: 'ep', owner: 'deploy A' });
    const err = await DeployLease.acquire({ dir, endpoint: 'ep', owner: 'deploy B', waitMs: 0 }).catch(
      (e) => e
    );
    expect(isUserError(err)).toBe(true);
    expect(err.message).toMatch(/endpoint "ep" is being deployed by deploy A/);
    let waited = false;
    const second = DeployLease.acquire({
      dir,
      endpoint: 'ep',
      owner: 'deploy B',
      waitMs: 5000,
      onWait: () => (waited = true)
    });
    await new Promise((r) => setTimeout(r, 100));
    await first.release();
    const lease = await second;
    expect(waited).toBe(true);
    expect(lease.holder.owner).toBe('deploy B');
    // another endpoint is independent
    const other = await DeployLease.acquire({ dir, endpoint: 'ep2', owner: 'C', waitMs: 0 });
    await Promise.all([lease.release(), other.release()]);
  });

  test('a lease left by a dead process, or expired, is taken over; the old holder learns it lost it', async () => {
    const dir = tmp();
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    const left: LeaseRecord = {
      owner: 'a killed deploy',
      token: 'old',
      pid: dead.pid!,
      host: os.hostname(),
      acquiredAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 3600_000).toISOString()
    };
    writeFileSync(path.join(dir, 'ep.json'), JSON.stringify(left));
    const taken = await DeployLease.acquire({ dir, endpoint: 'ep', owner: 'next', waitMs: 0 });
    expect(JSON.parse(readFileSync(path.join(dir, 'ep.json'), 'utf8')).owner).toBe('next');

    // an expired lease (a holder that stopped renewing) is taken over, and the holder's check() throws
    const short = await DeployLease.acquire({ dir, endpoint: 'ep3', owner: 'slow', ttlMs: 50_000 });
    const record = JSON.parse(readFileSync(path.join(dir, 'ep3.json'), 'utf8'));
    writeFileSync(
      path.join(dir, 'ep3.json'),
      JSON.stringify({ ...record, expiresAt: new Date(0).toISOString() })
    );
    const thief = await DeployLease.acquire({ dir, endpoint: 'ep3', owner: 'thief', waitMs: 0 });
    expect(() => short.check()).toThrow(/lost to thief/);
    await Promise.all([taken.release(), short.release(), thief.release()]);
    // the loser's release did not remove the thief's lease... which thief released itself
    expect(() => readFileSync(path.join(dir, 'ep3.json'))).toThrow();
  });
});

describe('compare-and-set rollback', () => {
  test('restores only the entries this deploy changed, when no one changed the traffic since', () => {
    const before = { blue: 100, green: 0 };
    const ours = { blue: 80, green: 20 };
    expect(planRollback(before, ours, { blue: 80, green: 20, red: 0 })).toEqual({
      action: 'restore',
      traffic: { blue: 100, green: 0, red: 0 }
    });
  });

  test('leaves the traffic alone when someone else changed it since', () => {
    expect(planRollback({ blue: 100 }, { blue: 80, green: 20 }, { blue: 50, green: 50 })).toEqual({
      action: 'conflict',
      now: { blue: 50, green: 50 }
    });
  });

  test('does nothing when the traffic is what it was (a missing entry counts as 0 %)', () => {
    expect(planRollback({ blue: 100 }, { blue: 100, green: 0 }, { blue: 100, green: 0 })).toEqual({
      action: 'none'
    });
  });
});

test('non-UTF-8 data is an error naming the file, line and column', async () => {
  const dir = tmp();
  const file = path.join(dir, 'data.jsonl');
  writeFileSync(
    file,
    Buffer.concat([Buffer.from('{"text": "ok é"}\n{"text": "caf'), Buffer.from([0xe9]), Buffer.from('"}\n')])
  );
  const err = await checkUtf8File(file, 'data.jsonl').catch((e) => e);
  expect(isUserError(err)).toBe(true);
  expect(err.message).toBe('data.jsonl:2:14: not UTF-8 text (byte 0xe9); save the file as UTF-8');
  writeFileSync(file, '{"text": "café ✓"}\n');
  await expect(checkUtf8File(file)).resolves.toBeUndefined();
});

test('build ids made in the same second differ', () => {
  const ids = new Set(Array.from({ length: 50 }, () => defaultBuildId({})));
  expect(ids.size).toBe(50);
  for (const id of ids) expect(id).toMatch(/^\d{14}-[0-9a-f]{6}$/);
  expect(defaultBuildId({ GITHUB_RUN_ID: '42' })).toBe('42');
});

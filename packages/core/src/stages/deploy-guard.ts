/**
 * What keeps two deploys of one endpoint from undoing each other:
 *
 * - a deploy lease per endpoint (`DeployLease`): a lock file with its owner and an expiry, renewed
 *   while the deploy runs; a second deploy waits for it (bounded) or fails saying who holds it. A
 *   lease whose holder died (expired, or its pid gone on this host) is taken over;
 * - a compare-and-set rollback (`rollbackTraffic`): a failed deploy puts back only the traffic
 *   entries it changed, and only when the traffic is still what it set; if anyone changed it since,
 *   the rollback leaves it alone and says so.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';
import { isAlive } from '../local/endpoint-state.js';
import type { Reporter } from '../reporter.js';
import {
  sameTraffic,
  TrafficConflict,
  type EndpointTarget,
  type EnsureEndpoint,
  type HeldLease
} from './target-contract.js';
import type { TargetStageContext } from './targets.js';
import { retry } from '../util/retry.js';

export const DEPLOY_LOCKS_DIR = path.join('.genaiops', 'deploy-locks');

export interface LeaseRecord {
  /** Who deploys: e.g. `genaiops deploy (pid 123 on host)` or the workflow run. */
  owner: string;
  token: string;
  pid: number;
  host: string;
  acquiredAt: string;
  expiresAt: string;
}

export interface DeployLeaseOptions {
  /** The folder of lock files (default `<root>/.genaiops/deploy-locks`). */
  dir: string;
  endpoint: string;
  owner: string;
  /** How long a lease lasts without renewal (default 120 s); it is renewed every third of that. */
  ttlMs?: number;
  /** How long to wait for a lease held by another deploy (default 600 s; 0 = fail at once). */
  waitMs?: number;
  /** Told once when the deploy starts waiting. */
  onWait?: (holder: LeaseRecord) => void;
}

const DEFAULT_TTL_MS = 120_000;
const DEFAULT_WAIT_MS = 600_000;

/** Another deploy holds the lease (retried until the wait runs out). */
class LeaseHeld extends Error {
  constructor(readonly holder: LeaseRecord) {
    super(`lease held by ${holder.owner}`);
  }
}

/** A held lease: renew it while working, release it when done. */
export class DeployLease implements HeldLease {
  readonly created = false;

  private timer?: NodeJS.Timeout;
  private lost = false;

  private constructor(
    readonly file: string,
    private record: LeaseRecord,
    private readonly ttlMs: number
  ) {}

  /** Takes the endpoint's lease, waiting (bounded) while another deploy holds it. */
  static async acquire(o: DeployLeaseOptions): Promise<DeployLease> {
    const ttlMs = o.ttlMs ?? DEFAULT_TTL_MS;
    const waitMs = o.waitMs ?? DEFAULT_WAIT_MS;
    mkdirSync(o.dir, { recursive: true });
    const file = path.join(o.dir, `${o.endpoint}.json`);
    const take = async (): Promise<DeployLease> => {
      for (;;) {
        const now = Date.now();
        const record: LeaseRecord = {
          owner: o.owner,
          token: randomBytes(8).toString('hex'),
          pid: process.pid,
          host: os.hostname(),
          acquiredAt: new Date(now).toISOString(),
          expiresAt: new Date(now + ttlMs).toISOString()
        };
        if (create(file, record)) {
          const lease = new DeployLease(file, record, ttlMs);
          lease.keepAlive();
          return lease;
        }
        const holder = readLease(file);
        if (!holder) continue; // released between our attempt and the read
        if (isStale(holder)) {
          breakStale(file, holder);
          continue;
        }
        throw new LeaseHeld(holder);
      }
    };
    try {
      return await retry(take, {
        budgetMs: waitMs,
        backoff: { initialMs: 50, maxMs: 1000, jitter: 0.5 },
        retryable: (e) => e instanceof LeaseHeld,
        onRetry: ({ attempt, error }) => {
          if (attempt === 1) o.onWait?.((error as LeaseHeld).holder);
        }
      });
    } catch (e) {
      if (!(e instanceof LeaseHeld)) throw e;
      const { holder } = e;
      throw new UserError(
        `endpoint "${o.endpoint}" is being deployed by ${holder.owner} (since ${holder.acquiredAt}, lease until ${holder.expiresAt})` +
          `${waitMs ? `; waited ${Math.round(waitMs / 1000)} s` : ''}: one deploy per endpoint at a time; retry when it is done`
      );
    }
  }

  get holder(): LeaseRecord {
    return this.record;
  }

  get token(): string {
    return this.record.token;
  }

  /** Throws when the lease was lost (it expired and another deploy took it): stop changing things. */
  check(): void {
    const now = readLease(this.file);
    if (this.lost || now?.token !== this.record.token)
      throw new UserError(
        `the deploy lease of ${path.basename(this.file, '.json')} was lost${now ? ` to ${now.owner}` : ''}: stopped before changing anything more`
      );
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    if (readLease(this.file)?.token === this.record.token) rmSync(this.file, { force: true });
  }

  private keepAlive(): void {
    this.timer = setInterval(
      () => {
        if (readLease(this.file)?.token !== this.record.token) {
          this.lost = true;
          return clearInterval(this.timer);
        }
        this.record = { ...this.record, expiresAt: new Date(Date.now() + this.ttlMs).toISOString() };
        writeAtomic(this.file, this.record);
      },
      Math.max(10, Math.floor(this.ttlMs / 3))
    );
    this.timer.unref();
  }
}

/** A lease file for this deploy: owner and pid say who holds it in the message of whoever waits. */
export function defaultOwner(environ: NodeJS.ProcessEnv): string {
  const run = environ.GITHUB_RUN_ID
    ? ` in workflow run ${environ.GITHUB_RUN_ID}${environ.GITHUB_JOB ? ` job ${environ.GITHUB_JOB}` : ''}`
    : '';
  return `genaiops deploy (pid ${process.pid} on ${os.hostname()}${run})`;
}

/** Creates the lease file whole or not at all: written aside, then hard-linked (fails if it exists). */
function create(file: string, record: LeaseRecord): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify(record, null, 2) + '\n');
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

function readLease(file: string): LeaseRecord | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LeaseRecord;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // unreadable (not ours to judge): treated as expired
    return { owner: 'an unknown deploy', token: '', pid: 0, host: '', acquiredAt: '?', expiresAt: '' };
  }
}

function isStale(l: LeaseRecord): boolean {
  const expires = Date.parse(l.expiresAt);
  if (!Number.isFinite(expires) || expires < Date.now()) return true;
  return l.host === os.hostname() && l.pid > 0 && l.pid !== process.pid && !isAlive(l.pid);
}

/** Removes a stale lease only if it is still the one we judged stale (another waiter may have taken it). */
function breakStale(file: string, seen: LeaseRecord): void {
  const aside = `${file}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(file, aside);
  } catch {
    return; // gone already
  }
  const moved = readLease(aside);
  // we moved a fresh lease taken meanwhile: put it back (unless yet another one is there)
  if (moved && moved.token !== seen.token) create(file, moved);
  rmSync(aside, { force: true });
}

function writeAtomic(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, file);
}

/**
 * The deploy lease of an endpoint on the stage's target: a lock file on the local target, a lease
 * tag on the Azure endpoint (azure/endpoint-lease.ts; `create` makes a missing endpoint with it).
 */
export async function acquireDeployLease(
  ctx: Pick<TargetStageContext, 'kind' | 'root' | 'environ' | 'target'>,
  o: { endpoint: string; waitMs?: number; reporter: Reporter; create?: EnsureEndpoint }
): Promise<HeldLease> {
  const owner = defaultOwner(ctx.environ);
  const onWait = (h: { owner: string; expiresAt: string }) =>
    o.reporter.info(
      `endpoint ${o.endpoint} is being deployed by ${h.owner} (lease until ${h.expiresAt}): waiting`
    );
  if (ctx.kind === 'local')
    return DeployLease.acquire({
      dir: path.join(ctx.root, DEPLOY_LOCKS_DIR),
      endpoint: o.endpoint,
      owner,
      waitMs: o.waitMs,
      onWait
    });
  const endpoints = ctx.target.endpoints;
  if (!endpoints.acquireLease) return NO_LEASE; // a target without leases (test doubles)
  return endpoints.acquireLease({ endpoint: o.endpoint, owner, waitMs: o.waitMs, onWait, create: o.create });
}

const NO_LEASE: HeldLease = { token: '', created: false, check: () => undefined, release: async () => {} };

// ---- compare-and-set rollback ---------------------------------------------------------------------

export type Traffic = Record<string, number>;

const share = (t: Traffic, k: string) => t[k] ?? 0;

export { sameTraffic };

export type RollbackPlan =
  { action: 'none' } | { action: 'restore'; traffic: Traffic } | { action: 'conflict'; now: Traffic };

/**
 * What a failed deploy's rollback may do. `before`: the traffic when it started; `ours`: the
 * traffic it last set (or found after its own change); `now`: the traffic read just before the
 * rollback. Restores only the entries this deploy changed, and only when `now` is still `ours`.
 */
export function planRollback(before: Traffic, ours: Traffic, now: Traffic): RollbackPlan {
  if (sameTraffic(before, now)) return { action: 'none' };
  if (!sameTraffic(ours, now)) return { action: 'conflict', now };
  const traffic: Traffic = { ...now };
  for (const k of new Set([...Object.keys(before), ...Object.keys(ours)]))
    if (share(before, k) !== share(ours, k)) traffic[k] = share(before, k);
  return { action: 'restore', traffic };
}

export type RollbackOutcome =
  { action: 'none' | 'restored'; now: Traffic } | { action: 'conflict'; now: Traffic };

/**
 * A failed deploy's rollback, as a compare-and-set: reads the traffic, plans with `planRollback`
 * and writes only while the traffic is still what it read (`TrafficGuard.expect`); when someone
 * changes it in between, reads and plans again (which then finds the conflict).
 * `attempted`: a change that failed and may have applied (counted as ours when it is what is found).
 */
export async function rollbackTraffic(o: {
  endpoints: EndpointTarget;
  endpoint: string;
  before: Traffic;
  ours: Traffic;
  attempted?: Traffic;
}): Promise<RollbackOutcome> {
  for (let attempt = 1; ; attempt++) {
    const found = (await o.endpoints.getEndpoint(o.endpoint))?.traffic ?? {};
    const mine = o.attempted && sameTraffic(o.attempted, found) ? o.attempted : o.ours;
    const undo = planRollback(o.before, mine, found);
    if (undo.action === 'none') return { action: 'none', now: found };
    if (undo.action === 'conflict') return { action: 'conflict', now: found };
    try {
      await o.endpoints.setTraffic(o.endpoint, undo.traffic, { expect: found });
      return { action: 'restored', now: undo.traffic };
    } catch (e) {
      if (!(e instanceof TrafficConflict)) throw e;
      if (attempt >= 3) return { action: 'conflict', now: e.now };
    }
  }
}

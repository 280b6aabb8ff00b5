/**
 * The deploy lease of an Azure ML online endpoint: one deploy (release, promote, rollback) per
 * endpoint at a time, across jobs and machines. The lease is a tag on the endpoint (token and expiry,
 * and the holder's name in a second tag), written with ETag-conditional updates: a PATCH with
 * `If-Match` is applied only when the endpoint is as it was read, else ARM answers 412 and the lease
 * is read again (ARM's optimistic concurrency, Azure/azure-resource-manager-rpc v1.0/Addendum.md,
 * "ETags for Resources"). A missing endpoint is created with the lease on it (`If-None-Match: *`).
 *
 * A second deploy waits (bounded) while the lease is held and not expired, then fails naming the
 * holder and the expiry. An expired lease (its holder died or hung) is taken over. The holder renews
 * it every third of its lifetime; every traffic change is made under it (`TrafficGuard.leaseToken`),
 * so a deploy whose lease was taken over changes nothing more.
 */
import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';
import type { Reporter } from '../reporter.js';
import { backoffDelay, sleep } from '../util/retry.js';
import type {
  EndpointLeaseRequest,
  EnsureEndpoint,
  HeldLease,
  LeaseHolder
} from '../stages/target-contract.js';

/** `<token> <expiry ISO>` of the deploy holding the endpoint. */
export const LEASE_TAG = 'genaiops-deploy-lease';
/** Who holds it (cut to ARM's 256 characters of a tag value). */
export const LEASE_OWNER_TAG = 'genaiops-deploy-lease-owner';

/** An Azure deploy takes minutes (a deployment alone 5–15): a lease outlives a failed renewal or two. */
export const DEFAULT_AZURE_LEASE_TTL_MS = 30 * 60_000;
const DEFAULT_WAIT_MS = 600_000;

/** What the lease needs from the endpoint (implemented by `AzureEndpoints`). */
export interface LeaseStore {
  /** The endpoint's tags and entity tag, or undefined when it does not exist. */
  read(endpoint: string): Promise<{ tags: Record<string, string>; etag?: string } | undefined>;
  /**
   * Replaces the endpoint's tags when its entity tag is still `etag` (unconditional without one).
   * `changed`: 412, it changed since it was read; `busy`: 409, another operation is running on it;
   * `gone`: it no longer exists.
   */
  writeTags(
    endpoint: string,
    tags: Record<string, string>,
    etag: string | undefined
  ): Promise<'ok' | 'changed' | 'busy' | 'gone'>;
  /** Creates the endpoint with these extra tags unless it exists (`exists`: it does, or is being created). */
  create(e: EnsureEndpoint, tags: Record<string, string>): Promise<'created' | 'exists'>;
}

interface Lease extends LeaseHolder {
  token: string;
}

/** The lease a tag set holds (undefined: none, or unreadable, which counts as expired). */
export function leaseOf(tags: Record<string, string> | undefined): Lease | undefined {
  const m = /^([0-9a-f]+) (\S+)$/.exec(tags?.[LEASE_TAG] ?? '');
  if (!m || !Number.isFinite(Date.parse(m[2]))) return undefined;
  return { token: m[1], expiresAt: m[2], owner: tags?.[LEASE_OWNER_TAG] || 'an unnamed deploy' };
}

const expired = (l: Lease) => Date.parse(l.expiresAt) <= Date.now();

const withLease = (tags: Record<string, string>, l: Lease): Record<string, string> => ({
  ...withoutLease(tags),
  [LEASE_TAG]: `${l.token} ${l.expiresAt}`,
  [LEASE_OWNER_TAG]: l.owner.slice(0, 256)
});

function withoutLease(tags: Record<string, string>): Record<string, string> {
  const { [LEASE_TAG]: _t, [LEASE_OWNER_TAG]: _o, ...rest } = tags;
  return rest;
}

/** Between reads of a busy or held lease: 50 ms doubling to 2 s, ±50 % so waiting deploys spread out. */
const pause = (attempt: number) =>
  sleep(backoffDelay(attempt + 1, { initialMs: 50, maxMs: 2000, jitter: 0.5 }));

export class AzureEndpointLease implements HeldLease {
  private timer?: NodeJS.Timeout;
  private lost = false;
  private renewing = false;

  private constructor(
    private readonly store: LeaseStore,
    private readonly endpoint: string,
    private lease: Lease,
    private readonly ttlMs: number,
    readonly created: boolean,
    private readonly reporter: Reporter
  ) {}

  get token(): string {
    return this.lease.token;
  }

  static async acquire(
    store: LeaseStore,
    r: EndpointLeaseRequest,
    reporter: Reporter
  ): Promise<AzureEndpointLease> {
    const ttlMs = r.ttlMs ?? DEFAULT_AZURE_LEASE_TTL_MS;
    const waitMs = r.waitMs ?? DEFAULT_WAIT_MS;
    const deadline = Date.now() + waitMs;
    let told = false;
    for (let attempt = 0; ; attempt++) {
      const mine: Lease = {
        token: randomBytes(8).toString('hex'),
        owner: r.owner,
        expiresAt: new Date(Date.now() + ttlMs).toISOString()
      };
      const held = (created: boolean) => {
        const l = new AzureEndpointLease(store, r.endpoint, mine, ttlMs, created, reporter);
        l.keepAlive();
        return l;
      };
      const found = await store.read(r.endpoint);
      if (!found) {
        if (!r.create) throw new UserError(`endpoint "${r.endpoint}" does not exist`);
        if ((await store.create(r.create, withLease({}, mine))) === 'created') return held(true);
        continue; // another deploy created it meanwhile: its lease is on it now
      }
      const holder = leaseOf(found.tags);
      if (!holder || expired(holder)) {
        if (holder)
          reporter.warn(
            `endpoint ${r.endpoint}: the deploy lease of ${holder.owner} expired at ${holder.expiresAt}; taking it over`
          );
        const wrote = await store.writeTags(r.endpoint, withLease(found.tags, mine), found.etag);
        if (wrote === 'gone') continue;
        if (wrote === 'ok') {
          // read back: an endpoint that does not honour If-Match would let two writers both succeed
          if (leaseOf((await store.read(r.endpoint))?.tags)?.token === mine.token) return held(false);
          continue;
        }
        if (wrote === 'busy' && Date.now() >= deadline)
          throw new UserError(
            `endpoint "${r.endpoint}" stayed busy with another operation for ${Math.round(waitMs / 1000)} s: its deploy lease could not be taken; retry later`
          );
        if (wrote === 'busy') await pause(attempt);
        continue; // 412: changed since read (another deploy took it first): read again
      }
      if (Date.now() >= deadline)
        throw new UserError(
          `endpoint "${r.endpoint}" is being deployed by ${holder.owner} (deploy lease until ${holder.expiresAt})` +
            `${waitMs ? `; waited ${Math.round(waitMs / 1000)} s` : ''}: one deploy per endpoint at a time; retry when it is done` +
            ` (a lease whose holder died is taken over once it expires)`
        );
      if (!told) r.onWait?.({ owner: holder.owner, expiresAt: holder.expiresAt });
      told = true;
      await pause(attempt);
    }
  }

  check(): void {
    if (this.lost)
      throw new UserError(
        `the deploy lease of endpoint ${this.endpoint} was lost (it expired and another deploy took it): stopped before changing anything more`
      );
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    try {
      for (let attempt = 0; attempt < 8; attempt++) {
        const found = await this.store.read(this.endpoint);
        if (!found || leaseOf(found.tags)?.token !== this.lease.token) return;
        const wrote = await this.store.writeTags(this.endpoint, withoutLease(found.tags), found.etag);
        if (wrote === 'ok' || wrote === 'gone') return;
        await pause(attempt);
      }
      throw new Error('the endpoint kept changing');
    } catch (e) {
      this.reporter.warn(
        `endpoint ${this.endpoint}: the deploy lease could not be released (${(e as Error).message}); it expires at ${this.lease.expiresAt}`
      );
    }
  }

  private keepAlive(): void {
    this.timer = setInterval(
      () => {
        if (this.renewing || this.lost) return;
        this.renewing = true;
        this.renew()
          .catch(() => undefined) // a failed renewal is tried again at the next tick
          .finally(() => (this.renewing = false));
      },
      Math.max(10, Math.floor(this.ttlMs / 3))
    );
    this.timer.unref();
  }

  private async renew(): Promise<void> {
    const found = await this.store.read(this.endpoint);
    if (!found || leaseOf(found.tags)?.token !== this.lease.token) {
      this.lost = true;
      clearInterval(this.timer);
      return;
    }
    const next = { ...this.lease, expiresAt: new Date(Date.now() + this.ttlMs).toISOString() };
    if ((await this.store.writeTags(this.endpoint, withLease(found.tags, next), found.etag)) === 'ok')
      this.lease = next;
  }
}

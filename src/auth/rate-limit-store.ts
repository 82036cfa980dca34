// A store for @fastify/rate-limit that counts in Redis but asks it less often: an instance takes a
// lease of several consecutive counts at once (one INCRBY) and hands them out to its requests from
// memory. The budget stays exact:
// - every count up to the limit is admitted at most once across all instances (each lease is a
//   distinct range of the one counter in Redis), so no window ever admits more than `max`;
// - a lease is at most a sixteenth of what was left of the budget, and one request's worth while a
//   key is quiet: a key sending one request at a time gets one count per request, as before;
// - a lease ends with the window: its end is reckoned from when the lease was asked for, so an
//   instance never spends a count after Redis has started the next window;
// - once a lease reaches past the limit, requests until the window ends are refused from memory
//   (the counter only grows within a window, so nothing could be admitted meanwhile).
// What it gives up: counts leased but not spent when the window ends are lost (at most one lease per
// instance and key), and with several instances `RateLimit-Remaining` can read higher than what the
// other instances' unspent leases leave. The counter keys are @fastify/rate-limit's own, so
// instances of an earlier release (INCR by one) and this one share the budget during an upgrade.
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { RedisClient } from '../redis.js';

/** How much traffic a lease is sized to cover: a hot key asks Redis about once per this many ms. */
const LEASE_SPAN_MS = 20;
/** A lease never grows past this many counts, however hot the key. */
const MAX_LEASE = 1_024;
/** A lease takes at most this share of what is left of the budget. */
const SHARE_OF_REMAINING = 16;
/** Past this many keys remembered, those whose window has ended are dropped. */
const PRUNE_ABOVE = 10_000;

// KEYS[1] the counter. ARGV[1] the window (ms), ARGV[2] the lease size. Returns the counter after
// the lease and the window's time left (ms). A counter without an expiry (left by hand) gets one.
const LEASE = `
local current = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if current == tonumber(ARGV[2]) or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}`;

interface Lease {
  /** The next count to hand out, and the last one leased. */
  next: number;
  last: number;
  /** When the window ends (ms, Date.now()), reckoned from when the lease was asked for. */
  endsAt: number;
  /** The last lease's size and when it was asked for: they size the next one. */
  size: number;
  leasedAt: number;
  /** A lease on its way: requests that find the counts spent wait for it. */
  pending: Promise<void> | null;
  /** Requests waiting for it: the next lease covers them all, as far as the share allows. */
  waiting: number;
}

type Callback = Parameters<FastifyRateLimitStore['incr']>[1];

/** The script as a command of the client: EVALSHA, the script's text only when Redis lacks it. */
const LEASE_COMMAND = 'hgwRateLimitLease';
type LeaseCommand = Record<typeof LEASE_COMMAND, (key: string, windowMs: string, size: string) => Promise<unknown>>;

export function leasedRateLimitStore(redis: RedisClient, namespace: string): FastifyRateLimitStore {
  const leases = new Map<string, Lease>();
  if (!(LEASE_COMMAND in redis)) redis.defineCommand(LEASE_COMMAND, { numberOfKeys: 1, lua: LEASE });

  function nextSize(lease: Lease, max: number, now: number): number {
    const left = Math.max(0, max - Math.max(0, lease.last));
    const cap = Math.max(1, Math.floor(left / SHARE_OF_REMAINING));
    const elapsed = now - lease.leasedAt;
    // Enough counts for LEASE_SPAN_MS at the rate the last lease was spent, at most twice as many.
    const byRate = lease.leasedAt === 0 ? 1 : elapsed <= 0 ? lease.size * 2 : Math.ceil((lease.size * LEASE_SPAN_MS) / elapsed);
    const wanted = Math.max(Math.min(byRate, lease.size * 2), lease.waiting);
    return Math.max(1, Math.min(wanted, MAX_LEASE, cap));
  }

  async function renew(key: string, lease: Lease, timeWindow: number, max: number): Promise<void> {
    const askedAt = Date.now();
    if (askedAt >= lease.endsAt) lease.last = 0; // a new window: the whole budget is left
    const size = nextSize(lease, max, askedAt);
    const [current, ttl] = (await (redis as unknown as LeaseCommand)[LEASE_COMMAND](key, String(timeWindow), String(size))) as [number, number];
    lease.next = current - size + 1;
    lease.last = current;
    lease.endsAt = askedAt + ttl;
    lease.size = size;
    lease.leasedAt = askedAt;
  }

  function prune(now: number) {
    if (leases.size <= PRUNE_ABOVE) return;
    for (const [key, lease] of leases) if (lease.endsAt <= now && lease.pending === null) leases.delete(key);
  }

  // Requests that find the counts spent wait for the next lease, and take from it in turn; those it
  // does not cover ask for another. Every admitted request spends a count of its own.
  function take(key: string, lease: Lease, callback: Callback, timeWindow: number, max: number): void {
    const now = Date.now();
    if (now < lease.endsAt) {
      if (lease.next <= lease.last) {
        callback(null, { current: lease.next++, ttl: lease.endsAt - now });
        return;
      }
      if (lease.last >= max) {
        callback(null, { current: lease.last + 1, ttl: lease.endsAt - now });
        return;
      }
    }
    lease.waiting += 1;
    lease.pending ??= renew(key, lease, timeWindow, max).finally(() => {
      lease.pending = null;
    });
    lease.pending.then(
      () => {
        lease.waiting -= 1;
        take(key, lease, callback, timeWindow, max);
      },
      (error: Error) => {
        lease.waiting -= 1;
        callback(error);
      },
    );
  }

  function store(prefix: string): FastifyRateLimitStore {
    return {
      incr(id, callback, timeWindow, max) {
        const key = prefix + id;
        let lease = leases.get(key);
        if (lease === undefined) {
          prune(Date.now());
          lease = { next: 1, last: 0, endsAt: 0, size: 1, leasedAt: 0, pending: null, waiting: 0 };
          leases.set(key, lease);
        }
        take(key, lease, callback, timeWindow, max);
      },
      // As @fastify/rate-limit's own Redis store names a route's counters.
      child: (routeOptions) => {
        // Typed as route options; what the plugin passes is its merged settings, with the route in routeInfo.
        const route = (routeOptions as unknown as { routeInfo?: { method?: string; url?: string } }).routeInfo;
        return store(`${prefix}${route?.method ?? ''}${route?.url ?? ''}-`);
      },
    };
  }

  return store(namespace);
}

/** @fastify/rate-limit makes its store with `new`: a constructor that hands over this one. */
export function asStoreConstructor(instance: FastifyRateLimitStore): FastifyRateLimitStoreCtor {
  return function LeasedRateLimitStore() {
    return instance;
  } as unknown as FastifyRateLimitStoreCtor;
}

// One behavioural contract for the idempotency stores, run over both: process memory and a real
// Redis. Claims are atomic and expire; a claim changes only under its own token; a completed
// record replaces the claim and lives for its TTL.
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createMemoryIdempotencyStore } from '../../../src/idempotency/memory-store.js';
import { createRedisIdempotencyStore } from '../../../src/idempotency/redis-store.js';
import type { CompletedRecord, IdempotencyRecord, IdempotencyStore, RunningRecord } from '../../../src/idempotency/store.js';

/** One storage place for idempotency records, empty when made. */
interface StoreHarness {
  /**
   * A store object over this storage. Each call opens another object over the same records
   * (another Redis connection under the same prefix), as a second gateway instance would; memory
   * has one object only, so it returns that one again.
   */
  open(): IdempotencyStore;
  dispose(): Promise<void>;
}

const memoryHarness = (): StoreHarness => {
  const store = createMemoryIdempotencyStore();
  return { open: () => store, dispose: async () => {} };
};

const redisHarness = (): StoreHarness => {
  const prefix = `hgw-test-idem-${randomBytes(6).toString('hex')}:`;
  const connections: Redis[] = [];
  return {
    open() {
      const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
      connections.push(redis);
      return createRedisIdempotencyStore(redis, prefix);
    },
    async dispose() {
      const [first] = connections;
      if (first) {
        const names = await first.keys(`${prefix}*`);
        if (names.length > 0) await first.del(...names);
      }
      connections.forEach((redis) => redis.disconnect());
    },
  };
};

const running = (fingerprint = 'fp-1', token = randomUUID()): RunningRecord => ({ state: 'running', fingerprint, token, startedAt: Date.now() });
const completed = (fingerprint = 'fp-1', response = 'sealed-response'): CompletedRecord => ({
  state: 'completed',
  fingerprint,
  response,
  storedAt: Date.now(),
});
const address = () => randomBytes(32).toString('hex');
/** How long attempt markers are kept in these tests. */
const MARKER_TTL_SECONDS = 60;
/** What a claim that took an address with no earlier unfinished attempt answers. */
const CLAIMED = { claimed: true, earlierAttemptAt: null };
const heldAs = (record: IdempotencyRecord) => ({ claimed: false, held: record });

describe.each([
  ['memory', memoryHarness],
  ['redis', redisHarness],
] as const)('the %s idempotency store', (kind, makeHarness) => {
  let harness: StoreHarness;
  let store: IdempotencyStore;

  beforeEach(() => {
    harness = makeHarness();
    store = harness.open();
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it(`says what it is (${kind}) and answers a ping`, async () => {
    expect(store.kind).toBe(kind);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('claims an empty address and holds the running record there', async () => {
    const at = address();
    const claim = running();
    expect(await store.get(at)).toBeNull();
    expect(await store.claim(at, claim, 5_000, MARKER_TTL_SECONDS)).toEqual(CLAIMED);
    expect(await store.get(at)).toEqual(claim);
  });

  it('refuses a second claim, answering the record held and keeping it', async () => {
    const at = address();
    const first = running('fp-1');
    await store.claim(at, first, 5_000, MARKER_TTL_SECONDS);
    expect(await store.claim(at, running('fp-2'), 5_000, MARKER_TTL_SECONDS)).toEqual(heldAs(first));
    expect(await store.get(at)).toEqual(first);
  });

  it('gives exactly one of many concurrent claims, across store objects', async () => {
    const at = address();
    const other = harness.open();
    const claims = Array.from({ length: 20 }, (_, index) => running(`fp-${index}`));
    const results = await Promise.all(claims.map((claim, index) => (index % 2 === 0 ? store : other).claim(at, claim, 5_000, MARKER_TTL_SECONDS)));
    const winners = results.map((result, index) => (result.claimed ? index : -1)).filter((index) => index >= 0);
    expect(winners).toHaveLength(1);
    const winner = claims[winners[0]!]!;
    expect(results.filter((result) => !result.claimed)).toEqual(Array.from({ length: 19 }, () => heldAs(winner)));
    expect(await other.get(at)).toEqual(winner);
  });

  it('lets a claim expire after its lock TTL, so a crashed holder never blocks the key, and tells the next claim when it started', async () => {
    const at = address();
    const lapsed = { ...running(), startedAt: Date.now() - 1_234 };
    await store.claim(at, lapsed, 150, MARKER_TTL_SECONDS);
    await sleep(300);
    expect(await store.get(at)).toBeNull();
    const next = running();
    expect(await store.claim(at, next, 5_000, MARKER_TTL_SECONDS)).toEqual({ claimed: true, earlierAttemptAt: lapsed.startedAt });
    expect(await store.get(at)).toEqual(next);
  });

  it('forgets an unfinished attempt once its marker TTL has passed', async () => {
    const at = address();
    await store.claim(at, running(), 100, 1);
    await sleep(1_150);
    expect(await store.claim(at, running(), 5_000, MARKER_TTL_SECONDS)).toEqual(CLAIMED);
  });

  it('reports no earlier attempt after one that completed or was released', async () => {
    const [done, dropped] = [address(), address()];
    const first = running();
    await store.claim(done, first, 5_000, MARKER_TTL_SECONDS);
    await store.complete(done, first.token, completed(), 1);
    await sleep(1_150);
    expect(await store.claim(done, running(), 5_000, MARKER_TTL_SECONDS)).toEqual(CLAIMED);

    const second = running();
    await store.claim(dropped, second, 5_000, MARKER_TTL_SECONDS);
    await store.release(dropped, second.token);
    expect(await store.claim(dropped, running(), 5_000, MARKER_TTL_SECONDS)).toEqual(CLAIMED);
  });

  it('renews a claim for its token only', async () => {
    const at = address();
    const claim = running();
    await store.claim(at, claim, 300, MARKER_TTL_SECONDS);
    await sleep(150);
    expect(await store.renew(at, 'not-the-token', 5_000)).toBe(false);
    expect(await store.renew(at, claim.token, 1_000)).toBe(true);
    await sleep(300);
    expect(await store.get(at)).toEqual(claim);
    expect(await store.renew(address(), claim.token, 1_000)).toBe(false);
  });

  it('replaces its own claim with the completed record', async () => {
    const at = address();
    const claim = running();
    await store.claim(at, claim, 5_000, MARKER_TTL_SECONDS);
    const outcome = completed();
    expect(await store.complete(at, claim.token, outcome, 60)).toBe(true);
    expect(await store.get(at)).toEqual(outcome);
    // A completed record is never claimed over, renewed or released.
    expect(await store.claim(at, running(), 5_000, MARKER_TTL_SECONDS)).toEqual(heldAs(outcome));
    expect(await store.renew(at, claim.token, 5_000)).toBe(false);
    expect(await store.release(at, claim.token)).toBe(false);
    expect(await store.get(at)).toEqual(outcome);
  });

  it("never completes over another request's claim or a completed record", async () => {
    const at = address();
    const holder = running();
    await store.claim(at, holder, 5_000, MARKER_TTL_SECONDS);
    expect(await store.complete(at, 'not-the-token', completed('fp-1', 'intruder'), 60)).toBe(false);
    expect(await store.get(at)).toEqual(holder);

    const outcome = completed();
    await store.complete(at, holder.token, outcome, 60);
    expect(await store.complete(at, holder.token, completed('fp-1', 'again'), 60)).toBe(false);
    expect(await store.get(at)).toEqual(outcome);
  });

  it('completes at an empty address (the claim expired and nobody took it)', async () => {
    const at = address();
    const claim = running();
    await store.claim(at, claim, 100, MARKER_TTL_SECONDS);
    await sleep(200);
    const outcome = completed();
    expect(await store.complete(at, claim.token, outcome, 60)).toBe(true);
    expect(await store.get(at)).toEqual(outcome);
  });

  it('keeps a completed record for its TTL, then forgets it', async () => {
    const at = address();
    const claim = running();
    await store.claim(at, claim, 5_000, MARKER_TTL_SECONDS);
    await store.complete(at, claim.token, completed(), 1);
    expect(await store.get(at)).not.toBeNull();
    await sleep(1_150);
    expect(await store.get(at)).toBeNull();
  });

  it('releases a claim for its token only, freeing the address', async () => {
    const at = address();
    const claim = running();
    await store.claim(at, claim, 5_000, MARKER_TTL_SECONDS);
    expect(await store.release(at, 'not-the-token')).toBe(false);
    expect(await store.get(at)).toEqual(claim);
    expect(await store.release(at, claim.token)).toBe(true);
    expect(await store.get(at)).toBeNull();
    expect(await store.release(at, claim.token)).toBe(false);
    expect(await store.claim(at, running(), 5_000, MARKER_TTL_SECONDS)).toEqual(CLAIMED);
  });

  it('keeps addresses apart', async () => {
    const [a, b] = [address(), address()];
    const claimA = running('fp-a');
    await store.claim(a, claimA, 5_000, MARKER_TTL_SECONDS);
    expect(await store.get(b)).toBeNull();
    expect(await store.claim(b, running('fp-b'), 5_000, MARKER_TTL_SECONDS)).toEqual(CLAIMED);
    expect(await store.release(b, claimA.token)).toBe(false);
    expect(await store.get(a)).toEqual(claimA);
  });

  it('hands back copies: changing a returned record changes nothing stored', async () => {
    const at = address();
    const claim = running();
    const token = claim.token;
    await store.claim(at, claim, 5_000, MARKER_TTL_SECONDS);
    const read = (await store.get(at)) as RunningRecord;
    read.token = 'changed';
    claim.token = 'changed too';
    expect(((await store.get(at)) as RunningRecord).token).toBe(token);
  });
});

describe('the redis idempotency store', () => {
  it('keeps each record as one string under its prefix, with a lock TTL while running and the TTL once completed, beside an attempt marker while running', async () => {
    const prefix = `hgw-test-idem-${randomBytes(6).toString('hex')}:`;
    const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
    try {
      const store = createRedisIdempotencyStore(redis, prefix);
      const at = address();
      const claim = running();
      await store.claim(at, claim, 5_000, MARKER_TTL_SECONDS);
      // The record and its marker share a hash tag (one Cluster slot for each script).
      const name = `${prefix}idempotency:{${at}}`;
      const marker = `${prefix}idempotency-attempt:{${at}}`;
      expect((await redis.keys(`${prefix}*`)).sort()).toEqual([marker, name]);
      expect(await redis.type(name)).toBe('string');
      expect(await redis.pttl(name)).toBeGreaterThan(4_000);
      expect(await redis.pttl(name)).toBeLessThanOrEqual(5_000);
      expect(await redis.get(marker)).toBe(String(claim.startedAt));
      expect(await redis.ttl(marker)).toBeGreaterThan(MARKER_TTL_SECONDS - 5);
      await store.complete(at, claim.token, completed(), 86_400);
      expect(await redis.ttl(name)).toBeGreaterThan(86_000);
      expect(await redis.keys(`${prefix}*`)).toEqual([name]);
    } finally {
      await redis.del(...(await redis.keys(`${prefix}*`)));
      redis.disconnect();
    }
  });

  it('refuses to guess at a record it cannot read', async () => {
    const prefix = `hgw-test-idem-${randomBytes(6).toString('hex')}:`;
    const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
    try {
      const store = createRedisIdempotencyStore(redis, prefix);
      const at = address();
      await redis.set(`${prefix}idempotency:{${at}}`, 'not a record', 'EX', 60);
      await expect(store.get(at)).rejects.toThrow(/unreadable|JSON/);
      await expect(store.claim(at, running(), 5_000, MARKER_TTL_SECONDS)).rejects.toThrow(/unreadable|JSON/);
      expect(await store.release(at, 'any')).toBe(false);
    } finally {
      await redis.del(...(await redis.keys(`${prefix}*`)));
      redis.disconnect();
    }
  });
});

describe('the memory idempotency store', () => {
  it('stays within its bound by dropping completed records, never a running claim', async () => {
    const store = createMemoryIdempotencyStore(3);
    const claims = [address(), address()];
    for (const at of claims) await store.claim(at, running(), 60_000, MARKER_TTL_SECONDS);
    const done = [address(), address(), address()];
    for (const at of done) {
      const claim = running();
      await store.claim(at, claim, 60_000, MARKER_TTL_SECONDS);
      await store.complete(at, claim.token, completed(), 60);
    }
    for (const at of claims) expect((await store.get(at))?.state).toBe('running');
    const kept = (await Promise.all(done.map((at) => store.get(at)))).filter((record) => record !== null);
    expect(kept).toHaveLength(1);
    expect(await store.get(done[2]!)).not.toBeNull();
  });
});

// One behavioural contract for the response-cache stores, run over both: the in-memory LRU and a
// real Redis (the suite's, under a prefix of this file's own, dropped after each case). Then what
// only one of them promises: the memory store's bound, and what the Redis store leaves in Redis.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createMemoryCacheStore } from '../../../src/cache/memory-store.js';
import { createRedisCacheStore } from '../../../src/cache/redis-store.js';
import { matchesGenerations, type CacheEntry, type CacheStore } from '../../../src/cache/store.js';

/** A store over empty storage, and (for Redis) a second store object over the same storage. */
interface StoreHarness {
  store: CacheStore;
  /** Another store object on the same storage, as a second gateway instance holds; memory has one. */
  another(): CacheStore;
  dispose(): Promise<void>;
}

type StoreFactory = () => Promise<StoreHarness>;

const MINUTE = 60_000;
const TAGS = ['workspace:w1', 'workspace:w1:deployments'] as const;

let redis: Redis;
let redis2: Redis;

beforeAll(() => {
  redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
  redis2 = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
});

afterAll(() => {
  redis.disconnect();
  redis2.disconnect();
});

async function keysUnder(prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, names] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    found.push(...names);
    cursor = next;
  } while (cursor !== '0');
  return found.sort();
}

const newPrefix = () => `hgw-test-cache-${randomBytes(6).toString('hex')}:`;

const memoryStore: StoreFactory = async () => {
  const store = createMemoryCacheStore(1_000);
  return { store, another: () => store, dispose: async () => {} };
};

const redisStore: StoreFactory = async () => {
  const prefix = newPrefix();
  return {
    store: createRedisCacheStore(redis, prefix),
    another: () => createRedisCacheStore(redis2, prefix),
    async dispose() {
      const names = await keysUnder(prefix);
      if (names.length > 0) await redis.del(...names);
    },
  };
};

let serial = 0;
function entryOf(generations: number[], fields: Partial<CacheEntry> = {}): CacheEntry {
  serial += 1;
  const body = JSON.stringify([{ id: `d${serial}`, label: `deployment ${serial}`, note: 'ünïcødé ✓' }]);
  return { body, etag: `"etag-${serial}"`, storedAt: Date.now(), ttlMs: 30_000, generations, ...fields };
}

const uniqueKey = () => `key-${randomBytes(8).toString('base64url')}`;

describe.each([
  { kind: 'memory' as const, factory: memoryStore },
  { kind: 'redis' as const, factory: redisStore },
])('the $kind cache store', ({ kind, factory }) => {
  let harness: StoreHarness;
  let store: CacheStore;

  beforeEach(async () => {
    harness = await factory();
    store = harness.store;
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it(`reports its kind as "${kind}" and answers ping`, async () => {
    expect(store.kind).toBe(kind);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('reads a key never written as no entry, with generation 0 for each tag asked about', async () => {
    expect(await store.read(uniqueKey(), TAGS)).toEqual({ entry: null, generations: [0, 0] });
    expect(await store.read(uniqueKey(), [])).toEqual({ entry: null, generations: [] });
  });

  it('reads back exactly the entry written, as a copy', async () => {
    const key = uniqueKey();
    const entry = entryOf([3, 7]);
    const expected = structuredClone(entry);
    await store.write(key, entry, MINUTE);
    const read = await store.read(key, TAGS);
    expect(read.entry).toEqual(expected);
    expect(read.entry).not.toBe(entry);

    // Neither the object written nor the one read is the stored entry itself.
    entry.body = 'changed after write';
    read.entry!.etag = '"changed after read"';
    read.entry!.generations.push(9);
    expect((await store.read(key, TAGS)).entry).toEqual(expected);
  });

  it('keeps entries under different keys apart, and a second write replaces the first', async () => {
    const [a, b] = [uniqueKey(), uniqueKey()];
    const first = entryOf([0, 0]);
    const other = entryOf([0, 0]);
    await store.write(a, first, MINUTE);
    await store.write(b, other, MINUTE);
    expect((await store.read(a, TAGS)).entry).toEqual(first);
    expect((await store.read(b, TAGS)).entry).toEqual(other);

    const second = entryOf([1, 1]);
    await store.write(a, second, MINUTE);
    expect((await store.read(a, TAGS)).entry).toEqual(second);
    expect((await store.read(b, TAGS)).entry).toEqual(other);
  });

  it('drops an entry once its keepMs has passed, and not before', async () => {
    const [short, long] = [uniqueKey(), uniqueKey()];
    await store.write(short, entryOf([]), 150);
    await store.write(long, entryOf([]), MINUTE);
    expect((await store.read(short, [])).entry).not.toBeNull();
    await sleep(300);
    expect((await store.read(short, [])).entry).toBeNull();
    expect((await store.read(long, [])).entry).not.toBeNull();
  });

  it('a rewrite gives the entry the new keepMs', async () => {
    const key = uniqueKey();
    await store.write(key, entryOf([]), MINUTE);
    await store.write(key, entryOf([]), 100);
    await sleep(250);
    expect((await store.read(key, [])).entry).toBeNull();
  });

  it('invalidate bumps the generation of each tag named, and of no other', async () => {
    const [a, b, c] = [`tag-a-${uniqueKey()}`, `tag-b-${uniqueKey()}`, `tag-c-${uniqueKey()}`];
    await store.invalidate([a]);
    expect((await store.read(uniqueKey(), [a, b, c])).generations).toEqual([1, 0, 0]);
    await store.invalidate([a, b]);
    expect((await store.read(uniqueKey(), [a, b, c])).generations).toEqual([2, 1, 0]);
    await store.invalidate([]);
    expect((await store.read(uniqueKey(), [c, b, a])).generations).toEqual([0, 1, 2]);
  });

  it('invalidating leaves the entry in place but no longer matching the generations it was read under', async () => {
    const key = uniqueKey();
    const tags = [`workspace:${uniqueKey()}`, `workspace:${uniqueKey()}:deployments`];
    const before = await store.read(key, tags);
    const entry = entryOf(before.generations);
    await store.write(key, entry, MINUTE);

    const fresh = await store.read(key, tags);
    expect(matchesGenerations(fresh.entry!, fresh.generations)).toBe(true);

    await store.invalidate([tags[1]!]);
    const after = await store.read(key, tags);
    expect(after.entry).toEqual(entry);
    expect(after.generations).toEqual([before.generations[0], before.generations[1]! + 1]);
    expect(matchesGenerations(after.entry!, after.generations)).toBe(false);
  });

  it('an invalidation through one store object reaches every other on the same storage', async () => {
    const key = uniqueKey();
    const tags = [`deployment:${uniqueKey()}`];
    const other = harness.another();
    await store.write(key, entryOf((await store.read(key, tags)).generations), MINUTE);
    expect((await other.read(key, tags)).entry).not.toBeNull();

    await other.invalidate(tags);
    const read = await store.read(key, tags);
    expect(read.generations).toEqual([1]);
    expect(matchesGenerations(read.entry!, read.generations)).toBe(false);
  });

  it('answers concurrent invalidations of one tag with one bump each', async () => {
    const tag = `users-${uniqueKey()}`;
    await Promise.all(Array.from({ length: 25 }, () => store.invalidate([tag])));
    expect((await store.read(uniqueKey(), [tag])).generations).toEqual([25]);
  });
});

describe('matchesGenerations', () => {
  it.each([
    { remembered: [], current: [], matches: true },
    { remembered: [0, 4], current: [0, 4], matches: true },
    { remembered: [0, 4], current: [0, 5], matches: false },
    { remembered: [1, 4], current: [0, 4], matches: false },
    { remembered: [0], current: [0, 0], matches: false },
    { remembered: [0, 0], current: [0], matches: false },
    { remembered: [2, 1], current: [1, 2], matches: false },
  ])('$remembered against $current → $matches', ({ remembered, current, matches }) => {
    expect(matchesGenerations(entryOf(remembered), current)).toBe(matches);
  });
});

describe('the memory store bound', () => {
  it('evicts the least recently written entry beyond maxEntries', async () => {
    const store = createMemoryCacheStore(3);
    for (const key of ['a', 'b', 'c', 'd']) await store.write(key, entryOf([]), MINUTE);
    expect((await store.read('a', [])).entry).toBeNull();
    for (const key of ['b', 'c', 'd']) expect((await store.read(key, [])).entry, key).not.toBeNull();
  });

  it('counts a read as use: the entry read last survives, the oldest unread one goes', async () => {
    const store = createMemoryCacheStore(3);
    for (const key of ['a', 'b', 'c']) await store.write(key, entryOf([]), MINUTE);
    await store.read('a', []);
    await store.write('d', entryOf([]), MINUTE);
    expect((await store.read('b', [])).entry).toBeNull();
    for (const key of ['a', 'c', 'd']) expect((await store.read(key, [])).entry, key).not.toBeNull();
  });

  it('rewriting an entry does not grow the store, and counts as use', async () => {
    const store = createMemoryCacheStore(2);
    await store.write('a', entryOf([]), MINUTE);
    await store.write('b', entryOf([]), MINUTE);
    await store.write('a', entryOf([]), MINUTE);
    await store.write('c', entryOf([]), MINUTE);
    expect((await store.read('b', [])).entry).toBeNull();
    expect((await store.read('a', [])).entry).not.toBeNull();
    expect((await store.read('c', [])).entry).not.toBeNull();
  });
});

describe('the Redis store in Redis', () => {
  const prefix = newPrefix();
  const store = () => createRedisCacheStore(redis, prefix);

  afterEach(async () => {
    const names = await keysUnder(prefix);
    if (names.length > 0) await redis.del(...names);
  });

  it('keeps everything under its prefix: one entry key with an expiry of keepMs, one hash of generations', async () => {
    const key = uniqueKey();
    await store().write(key, entryOf([0]), 5_000);
    await store().invalidate(['workspace:w9']);
    const generations = `${prefix}{cache}:generations`;
    // The per-tag counters of the release before stay bumped too, for a rolling upgrade.
    const legacyCounter = `${prefix}cache:tag:workspace:w9`;
    expect(await keysUnder(prefix)).toEqual([`${prefix}cache:response:${key}`, generations, legacyCounter].sort());

    const entryTtl = await redis.pttl(`${prefix}cache:response:${key}`);
    expect(entryTtl).toBeGreaterThan(4_000);
    expect(entryTtl).toBeLessThanOrEqual(5_000);
    // Generations outlive every entry by far, but do not live for ever.
    expect(await redis.ttl(generations)).toBeGreaterThan(24 * 3600);
    expect(await redis.hget(generations, 'workspace:w9')).toBe('1');
    expect(await redis.get(legacyCounter)).toBe('1');
  });

  it('starts `everything` from a random value whenever the generations are made anew', async () => {
    const key = uniqueKey();
    await store().write(key, entryOf([0, 0]), MINUTE);
    await store().invalidate(['users']);
    const first = (await store().read(key, ['everything', 'users'])).generations;
    expect(first[1]).toBe(1);
    expect(first[0]).toBeGreaterThan(0);
    // Expired (or dropped for size) and made anew: counters restart, `everything` does not line up.
    await redis.del(`${prefix}{cache}:generations`);
    await store().invalidate(['users']);
    const second = (await store().read(key, ['everything', 'users'])).generations;
    expect(second[1]).toBe(1);
    expect(second[0]).not.toBe(first[0]);
  });

  it('does not see another prefix’s entries or counters', async () => {
    const key = uniqueKey();
    const otherPrefix = newPrefix();
    const other = createRedisCacheStore(redis, otherPrefix);
    try {
      await other.write(key, entryOf([]), MINUTE);
      await other.invalidate(['users']);
      expect(await store().read(key, ['users'])).toEqual({ entry: null, generations: [0] });
    } finally {
      const names = await keysUnder(otherPrefix);
      if (names.length > 0) await redis.del(...names);
    }
  });

  it('reads an entry that is not JSON as a miss, and a rewrite replaces it', async () => {
    const key = uniqueKey();
    await redis.set(`${prefix}cache:response:${key}`, '{"body": <truncated', 'PX', MINUTE);
    expect(await store().read(key, ['users'])).toEqual({ entry: null, generations: [0] });
    const entry = entryOf([0]);
    await store().write(key, entry, MINUTE);
    expect((await store().read(key, ['users'])).entry).toEqual(entry);
  });

  it('rejects when Redis cannot be asked, rather than answering a miss', async () => {
    const closed = new Redis(inject('redisUrl'), { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const broken = createRedisCacheStore(closed, prefix);
    await expect(broken.read(uniqueKey(), ['users'])).rejects.toThrow();
    await expect(broken.invalidate(['users'])).rejects.toThrow();
    await expect(broken.ping()).rejects.toThrow();
    closed.disconnect();
  });
});

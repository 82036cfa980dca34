// The work a cached read skips, and why it was not needed: a HIT on a hot key asks Redis nothing
// (near cache, rate-limit leases, the address check remembered), without the near cache its Redis
// steps leave in one socket write, a key accepted within the trust window is recalled without the
// secret's HMAC or a store look-up — and an address over its failed-authentication limit is still
// refused then.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';

const LIMIT = 3;
let gw: TestGateway;
let demoId: string;
const expectProblem = problemAsserter(() => gw.emulator.adminKey);

beforeAll(async () => {
  gw = await buildTestApp({ env: { AUTH_FAILURE_LIMIT: String(LIMIT), AUTH_FAILURE_WINDOW_SECONDS: '60', TRUSTED_PROXIES: '127.0.0.1' } });
  demoId = gw.emulator.demo!.workspaceId;
});

afterAll(async () => {
  await gw?.close();
});

/**
 * Counts the socket writes of the gateway's Redis connection while `run` runs; with `concerning`,
 * only the writes whose bytes name one of those key fragments.
 */
async function redisWritesDuring(on: TestGateway, run: () => Promise<unknown>, concerning?: readonly string[]): Promise<number> {
  const stream = (on.app.redis as Redis).stream;
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  let writes = 0;
  stream.write = ((...args: unknown[]) => {
    const bytes = String(args[0]);
    if (!concerning || concerning.some((fragment) => bytes.includes(fragment))) writes += 1;
    return write(...args);
  });
  try {
    await run();
  } finally {
    stream.write = write;
  }
  return writes;
}

/** Redis socket writes (or those `concerning` some keys) of the fewest of three HITs on `path`, after its MISS. */
async function fewestWritesOfThreeHits(on: TestGateway, key: string, path: string, concerning?: readonly string[]): Promise<number> {
  const miss = await on.http().get(path).set(bearer(key));
  expect(miss.headers['x-cache'], miss.text).toBe('MISS');
  // The fewest of three: on a loaded machine one HIT may come more than a second after the key's
  // last look-up, and then looks the key up again (its own write), as it should.
  const counts: number[] = [];
  for (let i = 0; i < 3; i++) {
    let hit: { status: number; headers: Record<string, string> } | undefined;
    counts.push(
      await redisWritesDuring(
        on,
        async () => {
          hit = await on.http().get(path).set(bearer(key));
        },
        concerning,
      ),
    );
    expect(hit?.status).toBe(200);
    expect(hit?.headers['x-cache']).toBe('HIT');
    // The rate limit answered (its headers): it counted the request.
    expect(hit?.headers['ratelimit-remaining']).toBeDefined();
  }
  return Math.min(...counts);
}

describe('a cache HIT', () => {
  it('on a hot key reads neither the cache nor the address\'s failure count from Redis: both come from memory', async () => {
    const key = await gw.keyWith(['workspaces:read']);
    // The rate limit's leases are not counted here: a key whose requests come more than 20 ms
    // apart (a loaded machine) gets a count per request, as it should (rate-limit-leases.test.ts).
    const concerning = ['cache:response:', '{cache}:generations', 'auth-failures:'];
    expect(await fewestWritesOfThreeHits(gw, key, `/workspaces/${demoId}`, concerning)).toBe(0);
  });

  it('without the near cache, asks Redis in one socket write: the cache entry and its generations together', async () => {
    const off = await buildTestApp({ env: { CACHE_NEAR_MAX_MB: '0' } });
    try {
      const key = await off.keyWith(['workspaces:read']);
      // Writes naming the cache's keys: the entry's GET and the generations' HMGET leave together.
      const cacheWrites = await fewestWritesOfThreeHits(off, key, `/workspaces/${off.emulator.demo!.workspaceId}`, ['cache:response:', '{cache}:generations']);
      expect(cacheWrites).toBe(1);
    } finally {
      await off.close();
    }
  });
});

describe('a key accepted within the trust window', () => {
  it('is refused 429 from an address over its failed-authentication limit, as a key not recalled is', async () => {
    const key = await gw.keyWith(['workspaces:read']);
    const client = '198.51.100.77';
    const get = (presented: string) => gw.http().get(`/workspaces/${demoId}`).set(bearer(presented)).set('x-forwarded-for', client);
    expect((await get(key)).status).toBe(200);
    for (let i = 0; i < LIMIT; i++) expectProblem(await get(`hgw_${randomBytes(32).toString('base64url')}`), 401, 'GW_AUTH_INVALID');
    // Within a second of its last acceptance: recalled, yet refused for its address.
    const refused = await get(key);
    expectProblem(refused, 429, 'GW_RATE_LIMITED');
    expect(refused.body.detail).toContain('failed authentications');
    expect(refused.headers['x-cache']).toBeUndefined();
  });
});

describe('an address found under its failed-authentication limit', () => {
  it('is looked up again for a recalled key within a second, so failures through another instance refuse it', async () => {
    const other = await gw.anotherInstance();
    const key = await gw.keyWith(['workspaces:read']);
    const client = '198.51.100.78';
    const get = (agent: () => ReturnType<TestGateway['http']>, presented: string) =>
      agent().get(`/workspaces/${demoId}`).set(bearer(presented)).set('x-forwarded-for', client);
    expect((await get(() => gw.http(), key)).status).toBe(200);
    expect((await get(() => gw.http(), key)).status).toBe(200); // recalled; the address remembered as clear
    for (let i = 0; i < LIMIT; i++) expectProblem(await get(() => other.http(), `hgw_${randomBytes(32).toString('base64url')}`), 401, 'GW_AUTH_INVALID');
    // This instance saw none of the failures: it refuses once its memory of the address has lapsed.
    let refused = await get(() => gw.http(), key);
    for (const started = Date.now(); refused.status === 200 && Date.now() - started < 10_000; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      refused = await get(() => gw.http(), key);
    }
    expectProblem(refused, 429, 'GW_RATE_LIMITED');
    expect(refused.body.detail).toContain('failed authentications');
  });
});

// The work a cached read skips, and why it was not needed: the Redis steps of a HIT leave in one
// socket write, a key accepted within the trust window is recalled without the secret's HMAC or a
// store look-up — and an address over its failed-authentication limit is still refused then.
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

/** Counts the socket writes of the gateway's Redis connection while `run` runs. */
async function redisWritesDuring(run: () => Promise<unknown>): Promise<number> {
  const stream = (gw.app.redis as Redis).stream;
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  let writes = 0;
  stream.write = ((...args: unknown[]) => {
    writes += 1;
    return write(...args);
  });
  try {
    await run();
  } finally {
    stream.write = write;
  }
  return writes;
}

describe('a cache HIT', () => {
  it('asks Redis in one socket write: the address check, the rate limit and the cache read together', async () => {
    const key = await gw.keyWith(['workspaces:read']);
    const path = `/workspaces/${demoId}`;
    const miss = await gw.http().get(path).set(bearer(key));
    expect(miss.headers['x-cache']).toBe('MISS');
    // The fewest writes of three HITs: on a loaded machine one may come more than a second after
    // the key's last look-up, and then looks the key up again (its own write), as it should.
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      let hit: { status: number; headers: Record<string, string> } | undefined;
      counts.push(
        await redisWritesDuring(async () => {
          hit = await gw.http().get(path).set(bearer(key));
        }),
      );
      expect(hit?.status).toBe(200);
      expect(hit?.headers['x-cache']).toBe('HIT');
      // The rate limit answered (its headers), so its script went out too.
      expect(hit?.headers['ratelimit-remaining']).toBeDefined();
    }
    const writes = Math.min(...counts);
    expect(writes).toBe(1);
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

// Rate-limit leases (auth/rate-limit-store.ts): an instance takes several counts of a key's budget
// from Redis at once and hands them out from memory. What that skips — one Redis script per
// request — must not matter: no window admits more than the budget across instances, one instance
// admits exactly the budget and counts RateLimit-Remaining down by one, and a window's end ends
// its leases. A private redis-server, so that its command counts are this file's alone.
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer } from '../../helpers/problem.js';
import { startRedisServer, type RedisServer } from '../../helpers/redis-server.js';

let server: RedisServer;
let gw: TestGateway;
let other: { http: () => supertest.Agent };
let redis: Redis;
let path: string;

beforeAll(async () => {
  server = await startRedisServer();
  gw = await buildTestApp({ env: { REDIS_URL: server.url, RATE_LIMIT_MAX: '100000', RATE_LIMIT_WINDOW_SECONDS: '60' } });
  other = await gw.anotherInstance();
  redis = new Redis(server.url);
  path = `/workspaces/${gw.emulator.demo!.workspaceId}`;
});

afterAll(async () => {
  redis?.disconnect();
  await gw?.close();
  await server?.close();
});

/** Sends `total` requests, `concurrency` at a time, spread over `agents` in turn; their statuses. */
async function burst(agents: (() => supertest.Agent)[], key: string, total: number, concurrency: number): Promise<number[]> {
  const statuses: number[] = [];
  let sent = 0;
  const worker = async () => {
    while (sent < total) {
      const agent = agents[sent++ % agents.length]!;
      statuses.push((await agent().get(path).set(bearer(key))).status);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

async function scriptCalls(): Promise<number> {
  const stats = await redis.info('commandstats');
  return [...stats.matchAll(/^cmdstat_(?:evalsha|eval):calls=(\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}

describe('rate-limit leases', () => {
  it('admit exactly the budget on one instance, however many requests arrive at once', async () => {
    const key = await gw.keyWith(['workspaces:read'], { rateLimit: { max: 120, windowSeconds: 60 } });
    const statuses = await burst([() => gw.http()], key, 200, 20);
    expect(count(statuses, 200)).toBe(120);
    expect(count(statuses, 429)).toBe(80);
  });

  it('never admit more than the budget across instances; at most a lease per instance goes unspent', async () => {
    const key = await gw.keyWith(['workspaces:read'], { rateLimit: { max: 120, windowSeconds: 60 } });
    const statuses = await burst([() => gw.http(), () => other.http()], key, 240, 24);
    expect(count(statuses, 200) + count(statuses, 429)).toBe(240);
    expect(count(statuses, 200)).toBeLessThanOrEqual(120);
    // A lease is at most a sixteenth of what is left: 7 counts here, per instance.
    expect(count(statuses, 200)).toBeGreaterThanOrEqual(120 - 2 * 7);
  });

  it('count RateLimit-Remaining down by one per request on one instance, whatever the leases', async () => {
    const key = await gw.keyWith(['workspaces:read'], { rateLimit: { max: 1_000, windowSeconds: 60 } });
    const remaining: number[] = [];
    for (let i = 0; i < 60; i++) remaining.push(Number((await gw.http().get(path).set(bearer(key))).headers['ratelimit-remaining']));
    expect(remaining).toEqual(Array.from({ length: 60 }, (_, i) => 999 - i));
  });

  it('ask Redis less often than once per request on a hot key', async () => {
    const key = await gw.keyWith(['workspaces:read']);
    await gw.http().get(path).set(bearer(key));
    const before = await scriptCalls();
    const statuses = await burst([() => gw.http()], key, 400, 20);
    expect(count(statuses, 200)).toBe(400);
    // Requests waiting for a lease share the next one; how many wait depends on the machine's
    // load, so the bound is loose: without leases it would be 400.
    expect((await scriptCalls()) - before).toBeLessThan(200);
  });

  it('end with the window: the next window starts with its whole budget', async () => {
    const key = await gw.keyWith(['workspaces:read'], { rateLimit: { max: 40, windowSeconds: 1 } });
    const first = await burst([() => gw.http()], key, 60, 10);
    expect(count(first, 200)).toBe(40);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const next = await gw.http().get(path).set(bearer(key));
    expect(next.status).toBe(200);
    expect(next.headers['ratelimit-remaining']).toBe('39');
    expect(count(await burst([() => gw.http()], key, 50, 10), 200)).toBe(39);
  });
});

// The near cache in front of Redis (cache/near-cache.ts): a HIT on a hot key is answered from the
// process's memory. What it skips — the Redis read — must not matter: a write through any instance
// is seen (its invalidation message makes every instance forget), nothing held is used while the
// listener is away, and a bump nobody announced is seen once the trust bound has passed.
// A private redis-server: these tests kill pub/sub connections and bump generations by hand.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { bearer } from '../../helpers/problem.js';
import { startRedisServer, type RedisServer } from '../../helpers/redis-server.js';
import { redisLayout } from '../../../src/redis-layout.js';
import { tag } from '../../../src/cache/tags.js';

let server: RedisServer;
let gw: TestGateway;
let redis: Redis;
let other: { http: () => ReturnType<TestGateway['http']> };

beforeAll(async () => {
  server = await startRedisServer();
  // A trust bound far longer than any test: what these tests see fresh, a message made fresh.
  gw = await buildTestApp({ env: { REDIS_URL: server.url, CACHE_NEAR_TRUST_MS: '60000' } });
  other = await gw.anotherInstance();
  redis = new Redis(server.url);
});

afterAll(async () => {
  redis?.disconnect();
  await gw?.close();
  await server?.close();
});

async function freshList(): Promise<{ workspaceId: string; path: string }> {
  const created = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({ label: uniqueLabel('near-ws') });
  expect(created.status, created.text).toBe(201);
  return { workspaceId: created.body.id as string, path: `/workspaces/${created.body.id as string}/deployments` };
}

async function addDeployment(via: () => ReturnType<TestGateway['http']>, workspaceId: string): Promise<string> {
  const created = await via().post('/deployments').set(bearer(gw.adminKey))
    .send({ workspaceId, label: uniqueLabel('near-dep'), executor: 'CeleryExecutor', runtimeVersion: '9.1.0' });
  expect(created.status, created.text).toBe(201);
  return created.body.id as string;
}

const ids = (body: unknown) => (body as { id: string }[]).map((d) => d.id);
const layout = () => redisLayout(gw.config.redis.keyPrefix).cache;

async function dropEntries(): Promise<void> {
  const keys = await redis.keys(`${gw.config.redis.keyPrefix}cache:response:*`);
  if (keys.length > 0) await redis.del(...keys);
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (const started = Date.now(); !(await condition()); ) {
    if (Date.now() - started > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the near cache', () => {
  it('answers a HIT from memory: the entry taken out of Redis is still served, without Houston', async () => {
    await until(() => gw.app.cache.near()?.live === true, 'the listener to subscribe');
    const { path } = await freshList();
    const get = () => gw.http().get(path).set(bearer(gw.adminKey));
    const first = await get();
    expect(first.headers['x-cache']).toBe('MISS');
    await dropEntries();
    const calls = gw.emulator.calls.count('workspaceDeployments');
    const second = await get();
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.text).toBe(first.text);
    expect(gw.emulator.calls.count('workspaceDeployments')).toBe(calls);
  });

  it('sees a write through this instance at once, and one through another as soon as its message arrives', async () => {
    await until(async () => gw.app.cache.near()?.live === true, 'the listener to subscribe');
    const { workspaceId, path } = await freshList();
    const viaThis = () => gw.http().get(path).set(bearer(gw.adminKey));
    const viaOther = () => other.http().get(path).set(bearer(gw.adminKey));
    expect(ids((await viaThis()).body)).toEqual([]);
    expect((await viaThis()).headers['x-cache']).toBe('HIT');
    expect(ids((await viaOther()).body)).toEqual([]);

    // This instance's own write: its next read sees it, with no waiting at all.
    const mine = await addDeployment(() => gw.http(), workspaceId);
    expect(ids((await viaThis()).body)).toEqual([mine]);

    // Another instance's write: the message arrives within moments — far inside the 60 s trust
    // bound, so it is the message, not the bound, that makes this instance read Redis again.
    await viaThis();
    expect((await viaThis()).headers['x-cache']).toBe('HIT');
    const theirs = await addDeployment(() => other.http(), workspaceId);
    await until(async () => ids((await viaThis()).body).includes(theirs), 'the other instance\'s write to be seen');
    expect(ids((await viaThis()).body).sort()).toEqual([mine, theirs].sort());
  });

  it('uses nothing it holds once the listener has lost its connection, and starts again from Redis', async () => {
    await until(() => gw.app.cache.near()?.live === true, 'the listener to subscribe');
    const { workspaceId, path } = await freshList();
    const get = () => gw.http().get(path).set(bearer(gw.adminKey));
    await get();
    expect((await get()).headers['x-cache']).toBe('HIT');
    const resets = gw.app.cache.near()!.resets;

    // The listeners lose their connections; a bump made meanwhile is announced to nobody.
    await redis.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    await until(() => gw.app.cache.near()!.resets > resets, 'the listener to notice');
    await redis.hincrby(layout().generations, tag.workspaceDeployments(workspaceId), 1);
    const after = await get();
    expect(after.status).toBe(200);
    expect(after.headers['x-cache']).toBe('MISS');
    await until(() => gw.app.cache.near()?.live === true, 'the listener to subscribe again');
    await get();
    expect((await get()).headers['x-cache']).toBe('HIT');
  });

  it('reads Redis again once the trust bound has passed, so even an unannounced bump is seen', async () => {
    const short = await buildTestApp({ env: { REDIS_URL: server.url, CACHE_NEAR_TRUST_MS: '200' } });
    try {
      await until(() => short.app.cache.near()?.live === true, 'the listener to subscribe');
      const created = await short.http().post('/workspaces').set(bearer(short.adminKey)).send({ label: uniqueLabel('near-trust') });
      const path = `/workspaces/${created.body.id as string}/deployments`;
      const get = () => short.http().get(path).set(bearer(short.adminKey));
      await get();
      expect((await get()).headers['x-cache']).toBe('HIT');
      // Bumped behind the gateway's back, with no message: only the bound can make it seen.
      await redis.hincrby(redisLayout(short.config.redis.keyPrefix).cache.generations, tag.workspaceDeployments(created.body.id as string), 1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await get()).headers['x-cache']).toBe('MISS');
    } finally {
      await short.close();
    }
  });

  it('is off with CACHE_NEAR_MAX_MB=0: every HIT reads Redis', async () => {
    const off = await buildTestApp({ env: { REDIS_URL: server.url, CACHE_NEAR_MAX_MB: '0' } });
    try {
      expect(off.app.cache.near()).toBeNull();
      const created = await off.http().post('/workspaces').set(bearer(off.adminKey)).send({ label: uniqueLabel('near-off') });
      const path = `/workspaces/${created.body.id as string}/deployments`;
      const get = () => off.http().get(path).set(bearer(off.adminKey));
      await get();
      expect((await get()).headers['x-cache']).toBe('HIT');
      const keys = await redis.keys(`${off.config.redis.keyPrefix}cache:response:*`);
      await redis.del(...keys);
      expect((await get()).headers['x-cache']).toBe('MISS');
    } finally {
      await off.close();
    }
  });
});

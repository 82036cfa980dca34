// A gateway whose Redis goes away and comes back: on a redis-server of this file's own (the suite's
// shared one must stay up for everyone else). While Redis is down, keys the gateway accepted
// recently keep working and reads go to Houston uncached, each within a bounded time; /readyz says
// "degraded" but stays 200. When Redis is back on the same port the gateway uses it again without
// a restart. Nothing it logs along the way holds a key.
import { setTimeout as sleep } from 'node:timers/promises';
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED_PATHS } from '../../../src/app.js';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';
import { startRedisServer, type RedisServer } from '../../helpers/redis-server.js';
import { logSink } from '../../helpers/log-sink.js';
import { eventually } from '../../helpers/eventually.js';

/** Generous bounds: REDIS_TIMEOUT_MS is 300 and CACHE_TIMEOUT_MS 200, so a request waits ~1 s at worst. */
const REQUEST_BOUND_MS = 2_000;
/** ioredis retries with backoff of up to 2 s, so a return is noticed within a few seconds. */
const RECOVERY = { timeout: 10_000, interval: 200 };

let redis: RedisServer;
let gw: TestGateway;
const logLines: string[] = [];

let readKey: string; // used before the outage, so the gateway has accepted it
let unusedKey: string; // created before the outage, never presented to this gateway before it
let path: string; // warmed before the outage
let deploymentId: string;
let duringOutageLabel: string; // written while Redis was down

const expectProblem = problemAsserter(() => gw.emulator.adminKey);

async function timed(request: () => supertest.Test): Promise<{ res: supertest.Response; ms: number; houstonCalls: number }> {
  const calls = gw.emulator.calls.count();
  const started = Date.now();
  const res = await request();
  return { res, ms: Date.now() - started, houstonCalls: gw.emulator.calls.count() - calls };
}

const read = (target: string, key = readKey) => timed(() => gw.http().get(target).set(bearer(key)));

beforeAll(async () => {
  redis = await startRedisServer();
  const stream = logSink(logLines);
  gw = await buildTestApp({
    env: { REDIS_URL: redis.url, REDIS_TIMEOUT_MS: '300', CACHE_TIMEOUT_MS: '200' },
    logger: { level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, stream },
  });
  readKey = await gw.keyWith(['workspaces:read', 'deployments:read', 'deployments:write']);
  unusedKey = await gw.keyWith(['workspaces:read', 'deployments:read']);
  deploymentId = gw.emulator.demo!.deploymentId;
  path = `/workspaces/${gw.emulator.demo!.workspaceId}/deployments`;
});

afterAll(async () => {
  // The gateway drops its prefix from this Redis on close, so it must be up for that.
  if (redis && !redis.running) await redis.start();
  await gw?.close();
  await redis?.close();
});

describe('a Redis outage', () => {
  it('before it: the gateway keeps its caller keys and cache in this Redis', async () => {
    expect(gw.config.redis.url).toBe(redis.url);
    expect((await read(path)).res.headers['x-cache']).toBe('MISS');
    const warm = await read(path);
    expect(warm.res.status).toBe(200);
    expect(warm.res.headers['x-cache']).toBe('HIT');
    expect(warm.houstonCalls).toBe(0);
    const ready = await gw.http().get('/readyz');
    expect(ready.body).toMatchObject({ status: 'ready', checks: { redis: { ok: true }, cache: { ok: true, detail: 'redis' } } });
  });

  it('during it: a recently used key keeps working, every read uncached and prompt', async () => {
    await redis.stop();
    // Past CallerKeys' freshForMs (1 s), so the key store itself is asked, and fails, each time.
    const reads: Awaited<ReturnType<typeof read>>[] = [await read(path), await read(`/deployments/${deploymentId}`)];
    await sleep(1_100);
    for (let attempt = 0; attempt < 3; attempt++) reads.push(await read(path));

    for (const { res, ms, houstonCalls } of reads) {
      expect(res.status, res.text).toBe(200);
      expect(res.headers['x-cache']).toBe('MISS');
      expect(res.headers.etag).toBeDefined();
      expect(houstonCalls).toBe(1);
      expect(ms).toBeLessThan(REQUEST_BOUND_MS);
    }
    expect(reads.at(-1)!.res.body).toEqual(reads[0]!.res.body);
    expect(gw.app.cache.healthy()).toBe(false);
  });

  it('during it: a write still succeeds, and its answer is not held back by the failed invalidation', async () => {
    const label = uniqueLabel('during-outage');
    duringOutageLabel = label;
    const { res, ms } = await timed(() => gw.http().patch(`/deployments/${deploymentId}`).set(bearer(readKey)).send({ label }));
    expect(res.status, res.text).toBe(200);
    expect(res.body.label).toBe(label);
    expect(ms).toBeLessThan(REQUEST_BOUND_MS);
    const after = await read(`/deployments/${deploymentId}`);
    expect(after.res.body.label).toBe(label);
  });

  it('during it: a key this gateway never accepted cannot be checked, and is refused with 503 (not let in)', async () => {
    const { res, ms, houstonCalls } = await read(path, unusedKey);
    expectProblem(res, 503, 'GW_OVERLOADED');
    expect(houstonCalls).toBe(0);
    expect(ms).toBeLessThan(REQUEST_BOUND_MS);
  });

  it('during it: /readyz answers 200 "degraded", with the Redis check failing', async () => {
    const started = Date.now();
    const res = await gw.http().get('/readyz');
    expect(Date.now() - started).toBeLessThan(REQUEST_BOUND_MS);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.checks.houston).toEqual({ ok: true });
    expect(res.body.checks.redis).toMatchObject({ ok: false, detail: expect.any(String) });
    expect(res.body.checks.cache).toEqual({ ok: true, detail: 'degraded: serving uncached' });
  });

  it('after it: with Redis back on the same port the gateway recovers without a restart', async () => {
    await redis.start();
    const returned = Date.now();

    await eventually(async () => {
      const res = await gw.http().get('/readyz');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('ready');
      expect(res.body.checks.redis).toMatchObject({ ok: true, detail: expect.stringMatching(/primary; takes writes$/) });
    }, RECOVERY);

    // The list cached before the outage survived it (the snapshot), but the label written during
    // the outage shows: the lost invalidation was made good by dropping the whole cache.
    const listed = await read(path);
    expect(listed.res.status, listed.res.text).toBe(200);
    expect(listed.res.headers['x-cache']).toBe('MISS');
    expect((listed.res.body as { id: string; label: string }[]).find((deployment) => deployment.id === deploymentId)?.label).toBe(duringOutageLabel);

    // A path never cached: the first read once the store answers is a MISS that stores, then HITs.
    const fresh = `/workspaces/${gw.emulator.demo!.workspaceId}`;
    const states: string[] = [];
    await eventually(async () => {
      const { res } = await read(fresh);
      expect(res.status, res.text).toBe(200);
      states.push(String(res.headers['x-cache']));
      expect(res.headers['x-cache']).toBe('HIT');
    }, RECOVERY);
    expect(states.at(-2)).toBe('MISS');
    expect((await read(fresh)).houstonCalls).toBe(0);
    expect(Date.now() - returned).toBeLessThan(RECOVERY.timeout);
    expect(gw.app.cache.healthy()).toBe(true);

    // Invalidation works again: a write is seen by the next read.
    const one = `/deployments/${deploymentId}`;
    await read(one);
    await eventually(async () => expect((await read(one)).res.headers['x-cache']).toBe('HIT'), RECOVERY);
    const label = uniqueLabel('after-outage');
    expect((await gw.http().patch(one).set(bearer(readKey)).send({ label })).status).toBe(200);
    const after = await read(one);
    expect(after.res.headers['x-cache']).toBe('MISS');
    expect(after.res.body.label).toBe(label);

    // And keys are checked against the store again: the one never used before now works.
    expect((await read(path, unusedKey)).res.status).toBe(200);
  });

  it('throughout: the gateway logged the outage, and never a Houston or caller key', () => {
    const log = logLines.join('');
    expect(log).toContain('Redis is unreachable');
    expect(log).toContain('response cache store failed; serving uncached');
    expect(log).toContain('Redis is reachable again');
    for (const secret of [gw.emulator.adminKey, readKey, unusedKey, gw.adminKey, gw.config.callerKeys.secret!]) {
      expect(log).not.toContain(secret);
    }
  });
});

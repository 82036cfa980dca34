// The response cache when its store is slow or comes and goes, on a redis-server of this file's own:
// - a read whose cache lookup times out still shares one Houston read with identical reads (it used
//   to make its own, uncoalesced: hundreds of Houston calls for one key under load);
// - an invalidation owed after Redis was away is paid once for the instance, not once per request
//   arriving meanwhile (which used to reset the shared cache hundreds of times);
// - an entry invalidated only by that whole-cache drop still stands in when Houston fails (STALE);
// - a store that came back empty of caller keys answers 503, never 401, and says so in /readyz.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLogger } from '../../../src/app.js';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';
import { startRedisServer, withClient, type RedisServer } from '../../helpers/redis-server.js';
import { logSink } from '../../helpers/log-sink.js';
import { eventually } from '../../helpers/eventually.js';

let redis: RedisServer;
let gw: TestGateway;
let key: string;
const logLines: string[] = [];
const expectProblem = problemAsserter(() => gw.emulator.adminKey);

const drops = () => logLines.filter((line) => line.includes('dropped the whole response cache')).length;

/** How often Redis ran `command` since it started (INFO commandstats). */
async function commandCalls(command: string): Promise<number> {
  const stats = await withClient(redis.url, (client) => client.info('commandstats'));
  return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
}

beforeAll(async () => {
  redis = await startRedisServer();
  const stream = logSink(logLines);
  gw = await buildTestApp({
    env: { REDIS_URL: redis.url, REDIS_TIMEOUT_MS: '2000', CACHE_TIMEOUT_MS: '100', CACHE_STALE_SECONDS: '600' },
    logger: defaultLogger({ logLevel: 'info' }, stream),
  });
  key = await gw.keyWith(['workspaces:read', 'deployments:read', 'deployments:write']);
});

afterAll(async () => {
  if (redis && !redis.running) await redis.start();
  await gw?.close();
  await redis?.close();
});

describe('a cache store that cannot answer', () => {
  it('identical reads whose cache lookup failed still share one Houston read', async () => {
    const path = `/deployments/${gw.emulator.demo!.deploymentId}`;
    // Accepted just now, so it is let in on its last known state while Redis is away.
    expect((await gw.http().get('/workspaces').set(bearer(key))).status).toBe(200);
    // A lookup that fails and one that outlives CACHE_TIMEOUT_MS take the same path: no generations.
    await redis.stop();
    // Houston answers slowly enough that the readers overlap.
    gw.emulator.faults.set({ latencyMs: 300 });
    const before = gw.emulator.calls.count();
    try {
      const answers = await Promise.all(Array.from({ length: 12 }, () => gw.http().get(path).set(bearer(key))));
      for (const answer of answers) expect(answer.status, answer.text).toBe(200);
      expect(new Set(answers.map((answer) => (answer.body as { id: string }).id))).toEqual(new Set([gw.emulator.demo!.deploymentId]));
    } finally {
      gw.emulator.faults.clear();
      await redis.start();
    }
    expect(gw.emulator.calls.count() - before).toBe(1);
  });
});

describe('Redis away and back', () => {
  it('pays an owed invalidation once, not once per request', async () => {
    const deploymentId = gw.emulator.demo!.deploymentId;
    // Redis answers again after the last test (a reconnection, whose whole-cache drop is paid here).
    await eventually(async () => expect((await gw.http().get('/readyz')).body.checks.redis.ok).toBe(true), { timeout: 10_000, interval: 200 });
    await gw.http().get('/workspaces').set(bearer(key));
    const dropsBefore = drops();
    await redis.stop();
    // The write succeeds; its invalidation cannot reach Redis and is owed.
    const label = uniqueLabel('owed');
    expect((await gw.http().patch(`/deployments/${deploymentId}`).set(bearer(key)).send({ label })).status).toBe(200);
    await redis.start();
    const bumpsBefore = await commandCalls('hincrby');
    // Many reads arrive while the debt is unpaid: one payment serves them all.
    await eventually(async () => {
      const answers = await Promise.all(Array.from({ length: 20 }, () => gw.http().get(`/deployments/${deploymentId}`).set(bearer(key))));
      for (const answer of answers) expect(answer.body.label).toBe(label);
      expect(answers.some((answer) => answer.headers['x-cache'] === 'HIT')).toBe(true);
    }, { timeout: 10_000, interval: 200 });
    // The owed tags and the whole-cache drop of the reconnection: a handful of bumps in all.
    const bumps = (await commandCalls('hincrby')) - bumpsBefore;
    expect(bumps).toBeGreaterThan(0);
    expect(bumps).toBeLessThanOrEqual(10);
    expect(drops() - dropsBefore).toBe(1);
  });

  it('still serves an entry only the whole-cache drop invalidated, as STALE, when Houston fails', async () => {
    const path = `/workspaces/${gw.emulator.demo!.workspaceId}`;
    const cached = await gw.http().get(path).set(bearer(key));
    expect(cached.status).toBe(200);
    await eventually(async () => expect((await gw.http().get(path).set(bearer(key))).headers['x-cache']).toBe('HIT'));
    // Away and back: the reconnection owes a whole-cache drop, paid at the next read.
    const dropsBefore = drops();
    await redis.stop();
    await redis.start();
    await eventually(async () => {
      await gw.http().get('/workspaces').set(bearer(key));
      expect(drops()).toBe(dropsBefore + 1);
    }, { timeout: 10_000, interval: 200 });
    gw.emulator.faults.set({ failureRate: 1, failStatus: 503 });
    try {
      const stale = await gw.http().get(path).set(bearer(key));
      expect(stale.status).toBe(200);
      expect(stale.headers['x-cache']).toBe('STALE');
      expect(stale.body).toEqual(cached.body);
    } finally {
      gw.emulator.faults.clear();
    }
  });
});

describe('a caller-key store that comes back empty', () => {
  it('answers 503 GW_KEY_STORE_LOST (never 401) for a key not seen recently, raises an alarm, and /readyz says so', async () => {
    const notYetUsed = await gw.keyWith(['workspaces:read']);
    // A Redis restarted without persistence: everything is gone.
    await redis.stop({ keepData: false });
    await redis.start();
    await eventually(async () => {
      const res = await gw.http().get('/workspaces').set(bearer(notYetUsed));
      expectProblem(res, 503, 'GW_KEY_STORE_LOST');
    }, { timeout: 10_000, interval: 200 });
    // A key accepted within the last minutes keeps working meanwhile, as during an outage.
    expect((await gw.http().get('/workspaces').set(bearer(key))).status).toBe(200);
    expect(logLines.some((line) => line.includes('"alarm":"caller-key-store-lost"'))).toBe(true);
    const ready = await gw.http().get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.checks.callerKeys).toMatchObject({ ok: false, detail: expect.stringMatching(/lost its data/) });
  });
});

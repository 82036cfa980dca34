// The gateway on a primary and a replica watched by a real Sentinel: configured by REDIS_SENTINELS
// and REDIS_SENTINEL_NAME, it follows a promotion without a restart — an ordered failover, and a
// primary killed outright that comes back empty (no persistence) and is made a replica of the new
// one — and never turns valid caller keys into 401s on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { keysCli } from '../../helpers/keys-cli.js';
import { bearer } from '../../helpers/problem.js';
import { startRedisSentinel, type RedisSentinelSetup } from '../../helpers/redis-topologies.js';
import { withClient } from '../../helpers/redis-server.js';
import { eventually } from '../../helpers/eventually.js';

let setup: RedisSentinelSetup;
let gw: TestGateway;

beforeAll(async () => {
  setup = await startRedisSentinel();
  gw = await buildTestApp({
    env: { REDIS_SENTINELS: setup.sentinelsVariable, REDIS_SENTINEL_NAME: setup.name, REDIS_TIMEOUT_MS: '1000' },
  });
}, 60_000);

afterAll(async () => {
  await gw?.close();
  await setup?.close();
});

/** A write every store must take: a keyed, idempotent workspace creation. */
async function keyedWrite(key: string) {
  const idempotencyKey = `sentinel-${Math.random().toString(36).slice(2)}`;
  return gw.http().post('/workspaces').set(bearer(key)).set('idempotency-key', idempotencyKey).send({ label: `sentinel ${idempotencyKey}` });
}

describe('through Sentinel', () => {
  it('finds the primary and serves every store', async () => {
    expect((await gw.http().get('/workspaces').set(bearer(gw.adminKey))).status).toBe(200);
    expect((await keyedWrite(gw.adminKey)).status).toBe(201);
    const ready = await gw.http().get('/readyz');
    expect(ready.body.status).toBe('ready');
    expect(ready.body.checks.redis.detail).toMatch(new RegExp(`^sentinel "${setup.name}" .*: primary; takes writes$`));
  });

  it('creates keys with the keys CLI through Sentinel', { timeout: 60_000 }, async () => {
    const created = await keysCli(['create', '--json', '--name', 'sentinel cli', '--scopes', 'workspaces:read'], {
      REDIS_SENTINELS: setup.sentinelsVariable,
      REDIS_SENTINEL_NAME: setup.name,
      REDIS_KEY_PREFIX: gw.config.redis.keyPrefix,
      CALLER_KEY_SECRET: gw.config.callerKeys.secret!,
    });
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const { key } = JSON.parse(created.stdout) as { key: string };
    expect((await gw.http().get('/workspaces').set(bearer(key))).status).toBe(200);
  });

  it('follows an ordered failover: writes go to the new primary, the old one is a replica', { timeout: 60_000 }, async () => {
    const before = await setup.primary();
    const after = await setup.failover();
    expect(after).not.toBe(before);
    // Within a few seconds every store writes to the new primary; the demoted one would say READONLY.
    await eventually(async () => expect((await keyedWrite(gw.adminKey)).status).toBe(201), { timeout: 15_000, interval: 250 });
    // A key created through the new primary (retried: the test's own connection may be reconnecting).
    let fresh = '';
    await eventually(async () => {
      fresh = await gw.keyWith(['workspaces:read']);
    }, { timeout: 10_000, interval: 250 });
    // The Sentinel demotes the old primary on its own schedule and drops its clients then, so a
    // read may meet the gateway reconnecting: a 503 (try again) is fair there, a 401 never is.
    const statuses = new Set<number>();
    await eventually(async () => {
      const res = await gw.http().get('/workspaces').set(bearer(fresh));
      statuses.add(res.status);
      expect(res.status).toBe(200);
    }, { timeout: 10_000, interval: 250 });
    expect([...statuses].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    // The Sentinel turns the old primary into a replica of the new one.
    await eventually(async () => expect((await withClient(before.url, (client) => client.call('ROLE') as Promise<[string]>))[0]).toBe('slave'), {
      timeout: 20_000,
      interval: 250,
    });
    await eventually(async () => expect((await gw.http().get('/readyz')).body.status).toBe('ready'), { timeout: 10_000, interval: 250 });
  });

  it('survives the primary killed outright and coming back empty: valid keys stay valid, never 401', { timeout: 90_000 }, async () => {
    await eventually(async () => expect((await gw.http().get('/readyz')).body.status).toBe('ready'), { timeout: 15_000, interval: 250 });
    // The replica is in sync (after the last test's failover it may still be loading).
    await setup.waitReplicated();
    // A key the gateway has not used yet, so no remembered answer can hide what the store says.
    const unused = await gw.keyWith(['workspaces:read']);
    // The key store waits for a replica (WAIT) up to 0.5 s; a loaded machine may need longer, and a
    // key the replica never got is lost with its primary whatever the gateway does.
    await setup.waitReplicated();
    const primary = await setup.primary();
    await primary.stop({ keepData: false });
    const promoted = await setup.waitPrimaryOtherThan(primary, 30_000);
    await primary.start(); // empty: no persistence; the Sentinel makes it a replica of `promoted`
    const statuses = new Set<number>();
    await eventually(
      async () => {
        const res = await gw.http().get('/workspaces').set(bearer(unused));
        statuses.add(res.status);
        expect(res.status).toBe(200);
      },
      { timeout: 20_000, interval: 250 },
    );
    expect([...statuses]).not.toContain(401);
    await eventually(async () => expect((await keyedWrite(gw.adminKey)).status).toBe(201), { timeout: 15_000, interval: 250 });
    expect(await setup.primary()).toBe(promoted);
  });
});

// The gateway on a real Redis Cluster (three primaries, a replica each, on loopback): every store —
// caller keys, the cache, idempotency, rate limits, failed-authentication counts — works through
// ioredis's Cluster client, the keys CLI too, and a primary killed under it is followed to its
// promoted replica without a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisLayout } from '../../../src/redis-layout.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { keysCli } from '../../helpers/keys-cli.js';
import { bearer } from '../../helpers/problem.js';
import { dropClusterPrefix, startRedisCluster, type RedisCluster } from '../../helpers/redis-topologies.js';
import { eventually } from '../../helpers/eventually.js';

let cluster: RedisCluster;
let gw: TestGateway;

beforeAll(async () => {
  cluster = await startRedisCluster();
  gw = await buildTestApp({ env: { REDIS_CLUSTER_NODES: cluster.nodesVariable, REDIS_TIMEOUT_MS: '1000' } });
}, 60_000);

afterAll(async () => {
  await gw?.close();
  if (cluster) {
    await dropClusterPrefix(cluster, gw.config.redis.keyPrefix).catch(() => {});
    await cluster.close();
  }
});

describe('on a Redis Cluster', () => {
  it('authenticates caller keys, and refuses an unknown one 401 (not 503)', async () => {
    expect((await gw.http().get('/workspaces').set(bearer(gw.adminKey))).status).toBe(200);
    const unknown = await gw.http().get('/workspaces').set(bearer('hgw_not-a-key-this-cluster-has-ever-seen-012345'));
    expect(unknown.status).toBe(401);
  });

  it('caches a read, and a write invalidates it', async () => {
    const key = await gw.keyWith(['workspaces:read', 'workspaces:write']);
    // The entry is shared with every key acting through the same credential, so it may exist already.
    await gw.http().get('/workspaces').set(bearer(key));
    const second = await gw.http().get('/workspaces').set(bearer(key));
    expect(second.headers['x-cache']).toBe('HIT');
    const created = await gw.http().post('/workspaces').set(bearer(key)).send({ label: `cluster ${Date.now()}` });
    expect(created.status).toBe(201);
    const after = await gw.http().get('/workspaces').set(bearer(key));
    expect(after.headers['x-cache']).toBe('MISS');
    expect((after.body as { id: string }[]).map((workspace) => workspace.id)).toContain(created.body.id);
  });

  it('runs a write once for an Idempotency-Key and replays it', async () => {
    const idempotencyKey = `cluster-${Date.now()}`;
    const send = () =>
      gw.http().post('/workspaces').set(bearer(gw.adminKey)).set('idempotency-key', idempotencyKey).send({ label: `once ${idempotencyKey}` });
    const first = await send();
    const again = await send();
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('counts a caller key’s rate limit across the cluster', async () => {
    const key = await gw.keyWith(['workspaces:read'], { rateLimit: { max: 2, windowSeconds: 60 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await gw.http().get('/workspaces').set(bearer(key))).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('reports the cluster as ready and writable on /readyz', async () => {
    const ready = await gw.http().get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    expect(ready.body.checks.redis).toMatchObject({ ok: true });
    expect(ready.body.checks.redis.detail).toMatch(/cluster/);
  });

  it('creates, lists and revokes keys with the keys CLI on the cluster', { timeout: 90_000 }, async () => {
    const env = {
      REDIS_CLUSTER_NODES: cluster.nodesVariable,
      REDIS_KEY_PREFIX: gw.config.redis.keyPrefix,
      CALLER_KEY_SECRET: gw.config.callerKeys.secret!,
    };
    const created = await keysCli(['create', '--json', '--name', 'cluster cli', '--scopes', 'workspaces:read'], env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const { id, key } = JSON.parse(created.stdout) as { id: string; key: string };
    expect((await gw.http().get('/workspaces').set(bearer(key))).status).toBe(200);

    const listed = await keysCli(['list', '--json'], env);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((record) => record.id)).toContain(id);

    expect((await keysCli(['revoke', id], env)).code).toBe(0);
    await eventually(async () => expect((await gw.http().get('/workspaces').set(bearer(key))).status).toBe(401), { timeout: 5_000 });
  });

  it('follows a failover: the primary holding caller keys is killed, its replica promoted, no restart', { timeout: 90_000 }, async () => {
    const { records } = redisLayout(gw.config.redis.keyPrefix).callerKeys;
    const primary = await cluster.primaryFor(records);
    // A key never used yet: authenticating it must reach the caller-key slot, not a remembered answer.
    const key = await gw.keyWith(['workspaces:read']);
    // Replication is asynchronous (and the key store does not WAIT on a Cluster): the replica has
    // the key before its primary dies, or the key is lost with it whatever the gateway does.
    await cluster.waitReplicated(primary);
    await primary.stop({ keepData: false });
    await cluster.waitHealthy(30_000);
    await eventually(async () => expect((await gw.http().get('/workspaces').set(bearer(key))).status).toBe(200), { timeout: 20_000, interval: 250 });
    // Writes reach the new primary too: a new key is stored and accepted.
    const later = await gw.keyWith(['workspaces:read']);
    expect((await gw.http().get('/workspaces').set(bearer(later))).status).toBe(200);
    await eventually(async () => expect((await gw.http().get('/readyz')).body.status).toBe('ready'), { timeout: 10_000, interval: 250 });
  });
});

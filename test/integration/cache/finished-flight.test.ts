// A Houston read that has just ended still answers identical reads for a moment (cache/plugin.ts,
// FLIGHT_LINGER_MS): a read whose cache look-up left before the entry was stored, and came back
// after the Houston read ended, would otherwise ask Houston again. What it skips must not matter:
// it is shared only under the same generations, so a write in that moment is never hidden, and a
// failed Houston read is not shared at all.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { bearer } from '../../helpers/problem.js';

let gw: TestGateway;
let redis: Redis;

beforeAll(async () => {
  // Without the near cache: these tests take the entry out of Redis to stand for a look-up that
  // raced the write, and a near cache would still hold it (near-cache.test.ts covers that layer).
  gw = await buildTestApp({ env: { CACHE_NEAR_MAX_MB: '0' } });
  redis = new Redis(gw.config.redis.url!);
});

afterAll(async () => {
  redis?.disconnect();
  await gw?.close();
});

/** Deletes every cached answer: the next read finds no entry, as a look-up that raced the write did. */
async function dropEntries(): Promise<void> {
  const keys = await redis.keys(`${gw.config.redis.keyPrefix}cache:response:*`);
  if (keys.length > 0) await redis.del(...keys);
}

async function freshList(): Promise<{ workspaceId: string; path: string }> {
  const created = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({ label: uniqueLabel('flight-ws') });
  expect(created.status, created.text).toBe(201);
  return { workspaceId: created.body.id as string, path: `/workspaces/${created.body.id as string}/deployments` };
}

const get = (path: string) => gw.http().get(path).set(bearer(gw.adminKey));
const listCalls = () => gw.emulator.calls.count('workspaceDeployments');

describe('a Houston read that has just ended', () => {
  it('answers an identical read that found no entry, without another Houston call', async () => {
    const { path } = await freshList();
    const first = await get(path);
    expect(first.headers['x-cache']).toBe('MISS');
    await dropEntries();
    const before = listCalls();
    const second = await get(path);
    expect(second.status).toBe(200);
    expect(second.headers['x-cache']).toBe('MISS');
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(listCalls()).toBe(before);
  });

  it('never answers a read after a write: the write changed the generations', async () => {
    const { workspaceId, path } = await freshList();
    expect((await get(path)).body).toEqual([]);
    const created = await gw.http().post('/deployments').set(bearer(gw.adminKey))
      .send({ workspaceId, label: uniqueLabel('flight-dep'), executor: 'CeleryExecutor', runtimeVersion: '9.1.0' });
    expect(created.status, created.text).toBe(201);
    await dropEntries();
    const after = await get(path);
    expect((after.body as { id: string }[]).map((d) => d.id)).toEqual([created.body.id]);
  });

  it('is not shared when it failed: the next read asks Houston again', async () => {
    const { path } = await freshList();
    gw.emulator.faults.set({ failureRate: 1 });
    try {
      expect((await get(path)).status).toBeGreaterThanOrEqual(500);
    } finally {
      gw.emulator.faults.clear();
    }
    const before = listCalls();
    const next = await get(path);
    expect(next.status).toBe(200);
    expect(listCalls()).toBeGreaterThan(before);
  });
});

// Idempotent writes: a write sent with an Idempotency-Key runs once per caller key, route and key;
// retries replay its outcome (Idempotent-Replayed: true) without asking Houston again, across
// gateway instances sharing a Redis and in memory without one. The same key with another request
// is refused 422, and 409 while the first still runs. When the outcome is unknown (Houston timed
// out, the connection broke) the key stays locked until the claim lapses, and the retry then looks
// for what the first attempt did instead of writing twice; a 503 (Houston not asked) frees the key.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { Response } from 'supertest';
import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { createCallerKeys } from '../../../src/auth/caller-keys.js';
import { createMemoryKeyStore } from '../../../src/auth/key-stores/memory.js';
import { loadConfig } from '../../../src/config.js';
import { dataOf, gql, uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';

const RUNTIME = '9.1.0';
const UNKNOWN_ID = 'cunknownworkspace00000000';
const LIST_DEPLOYMENTS = 'query ($workspaceUuid: Uuid!) { workspaceDeployments(workspaceUuid: $workspaceUuid) { id label } }';

let gw: TestGateway;
let demoId: string;

const expectProblem = problemAsserter(() => gw.emulator.adminKey);

const deploymentBody = (overrides: Record<string, unknown> = {}) => ({
  workspaceId: demoId,
  label: uniqueLabel('idem'),
  executor: 'CeleryExecutor',
  runtimeVersion: RUNTIME,
  ...overrides,
});

const creates = () => gw.emulator.calls.count('createDeployment');

function post(agent: supertest.Agent, key: string | null, body: object, callerKey = gw.adminKey) {
  const req = agent.post('/deployments').set(bearer(callerKey));
  if (key !== null) void req.set('idempotency-key', key);
  return req.send(body);
}

/** The deployments of the demo workspace with this label, as Houston (not the cache) knows them. */
async function deploymentsLabelled(label: string): Promise<unknown[]> {
  const res = await gw.http().get(`/workspaces/${demoId}/deployments`).set(bearer(gw.adminKey)).set('cache-control', 'no-cache');
  expect(res.status, res.text).toBe(200);
  return (res.body as { label: string }[]).filter((deployment) => deployment.label === label);
}

function expectReplayOf(replay: Response, first: Response): void {
  expect(replay.status, replay.text).toBe(first.status);
  expect(replay.headers['idempotent-replayed']).toBe('true');
  expect(replay.body).toEqual(first.body);
  expect(replay.headers['content-type']).toBe(first.headers['content-type']);
  expect(replay.headers.location).toBe(first.headers.location);
  // The replay is a request of its own: its own request id.
  expect(replay.headers['x-request-id']).toEqual(expect.any(String));
  expect(replay.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
}

beforeAll(async () => {
  gw = await buildTestApp();
  demoId = gw.emulator.demo!.workspaceId;
});

afterEach(() => {
  gw.emulator.faults.clear();
});

afterAll(async () => {
  await gw?.close();
});

describe('a write with an Idempotency-Key', () => {
  it('runs once: a retry with the same key and body replays the 201 without calling Houston', async () => {
    const key = randomUUID();
    const body = deploymentBody();
    const before = creates();
    const first = await post(gw.http(), key, body);
    expect(first.status, first.text).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const replay = await post(gw.http(), key, body);
    expectReplayOf(replay, first);
    expect(replay.headers.location).toBe(`/deployments/${first.body.id}`);
    expect(creates() - before).toBe(1);
    expect(await deploymentsLabelled(body.label)).toHaveLength(1);
  });

  it('does not invalidate the cache again when it replays: nothing changed', async () => {
    const key = randomUUID();
    const body = deploymentBody();
    const list = () => gw.http().get(`/workspaces/${demoId}/deployments`).set(bearer(gw.adminKey));
    expect((await post(gw.http(), key, body)).status).toBe(201);
    // The first run invalidated the list; it is read once more, then served from the cache.
    expect((await list()).headers['x-cache']).toBe('MISS');
    expect((await list()).headers['x-cache']).toBe('HIT');
    const invalidations = gw.app.cache.counters.invalidations;
    expect((await post(gw.http(), key, body)).headers['idempotent-replayed']).toBe('true');
    expect(gw.app.cache.counters.invalidations).toBe(invalidations);
    expect((await list()).headers['x-cache']).toBe('HIT');
  });

  it('matches the body by content, not by the order of its fields', async () => {
    const key = randomUUID();
    const body = deploymentBody();
    const first = await post(gw.http(), key, body);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(body));
    expectReplayOf(await post(gw.http(), key, reordered), first);
  });

  it('refuses the same key with a different body (422), without calling Houston', async () => {
    const key = randomUUID();
    const body = deploymentBody();
    expect((await post(gw.http(), key, body)).status).toBe(201);
    const before = gw.emulator.calls.count();
    const res = await post(gw.http(), key, { ...body, label: uniqueLabel('other') });
    expectProblem(res, 422, 'GW_IDEMPOTENCY_MISMATCH');
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(gw.emulator.calls.count()).toBe(before);
  });

  it('refuses the same key on another URL of the route (422)', async () => {
    const [a, b] = await Promise.all([post(gw.http(), null, deploymentBody()), post(gw.http(), null, deploymentBody())]);
    const key = randomUUID();
    const patch = (id: string) => gw.http().patch(`/deployments/${id}`).set(bearer(gw.adminKey)).set('idempotency-key', key).send({ description: 'x' });
    expect((await patch(a.body.id)).status).toBe(200);
    expectProblem(await patch(b.body.id), 422, 'GW_IDEMPOTENCY_MISMATCH');
  });

  it('lets concurrent duplicates through to Houston once; the others wait and replay', async () => {
    gw.emulator.faults.set({ latencyMs: 300 });
    const key = randomUUID();
    const body = deploymentBody();
    const before = creates();
    const responses = await Promise.all([1, 2, 3].map(() => post(gw.http(), key, body)));
    expect(creates() - before).toBe(1);
    const ran = responses.filter((res) => res.headers['idempotent-replayed'] === undefined);
    expect(ran).toHaveLength(1);
    const original = ran[0]!;
    expect(original.status, original.text).toBe(201);
    for (const res of responses.filter((other) => other !== original)) {
      if (res.status === 409) expectProblem(res, 409, 'GW_IDEMPOTENCY_IN_PROGRESS');
      else expectReplayOf(res, original);
    }
    expect(responses.filter((res) => res.status === 201).length).toBeGreaterThanOrEqual(2);
    expect(await deploymentsLabelled(body.label)).toHaveLength(1);
  });

  it('runs once across two gateway instances sharing the Redis', async () => {
    const other = await gw.anotherInstance();
    const key = randomUUID();
    const body = deploymentBody();
    const before = creates();
    const first = await post(gw.http(), key, body);
    expect(first.status, first.text).toBe(201);
    expectReplayOf(await post(other.http(), key, body), first);

    gw.emulator.faults.set({ latencyMs: 300 });
    const concurrentKey = randomUUID();
    const concurrentBody = deploymentBody();
    const both = await Promise.all([post(gw.http(), concurrentKey, concurrentBody), post(other.http(), concurrentKey, concurrentBody)]);
    expect(creates() - before).toBe(2);
    expect(both.map((res) => res.status)).toEqual([201, 201]);
    expect(both[0].body).toEqual(both[1].body);
    expect(both.filter((res) => res.headers['idempotent-replayed'] === 'true')).toHaveLength(1);
    expect(await deploymentsLabelled(concurrentBody.label)).toHaveLength(1);
  });

  it("keeps callers apart: another caller's identical key is its own", async () => {
    const otherCaller = await gw.keyWith(['deployments:read', 'deployments:write']);
    const key = randomUUID();
    const [myBody, theirBody] = [deploymentBody(), deploymentBody()];
    const before = creates();
    const mine = await post(gw.http(), key, myBody);
    const theirs = await post(gw.http(), key, theirBody, otherCaller);
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(creates() - before).toBe(2);
    // Each caller replays its own outcome under the key.
    expectReplayOf(await post(gw.http(), key, theirBody, otherCaller), theirs);
    expectReplayOf(await post(gw.http(), key, myBody), mine);
    expect(creates() - before).toBe(2);
  });

  it('replays a 4xx outcome: the write was refused, and a retry would be refused alike', async () => {
    const key = randomUUID();
    const body = deploymentBody({ workspaceId: UNKNOWN_ID });
    const first = await post(gw.http(), key, body);
    expectProblem(first, 404, 'GW_UPSTREAM_NOT_FOUND');
    const before = gw.emulator.calls.count();
    const replay = await post(gw.http(), key, body);
    expectReplayOf(replay, first);
    // The problem document is the original one, naming the request that produced it.
    expect(replay.body.requestId).toBe(first.headers['x-request-id']);
    expect(gw.emulator.calls.count()).toBe(before);
  });

  it('replays a DELETE as 204 without deleting again', async () => {
    const created = await post(gw.http(), null, deploymentBody());
    const key = randomUUID();
    const remove = (agent: supertest.Agent) => agent.delete(`/deployments/${created.body.id}`).set(bearer(gw.adminKey)).set('idempotency-key', key);
    const before = gw.emulator.calls.count('deleteDeployment');
    const first = await remove(gw.http());
    expect(first.status, first.text).toBe(204);
    const replay = await remove(gw.http());
    expect(replay.status).toBe(204);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.text).toBe('');
    expect(gw.emulator.calls.count('deleteDeployment') - before).toBe(1);
    // Without the key the deployment is simply gone.
    expectProblem(await gw.http().delete(`/deployments/${created.body.id}`).set(bearer(gw.adminKey)), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('replays for a workspace-restricted key on another instance without asking Houston whose the deployment was', async () => {
    const restricted = await gw.keyWith(['deployments:read', 'deployments:write'], { workspaces: [demoId] });
    const created = await post(gw.http(), null, deploymentBody());
    const key = randomUUID();
    const remove = (agent: supertest.Agent) => agent.delete(`/deployments/${created.body.id}`).set(bearer(restricted)).set('idempotency-key', key);
    expect((await remove(gw.http())).status).toBe(204);
    const other = await gw.anotherInstance();
    const before = gw.emulator.calls.count();
    const replay = await remove(other.http());
    expect(replay.status, replay.text).toBe(204);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(gw.emulator.calls.count()).toBe(before);
  });

  it('does not spend the key on a request refused before it ran (schema validation)', async () => {
    const key = randomUUID();
    expectProblem(await post(gw.http(), key, deploymentBody({ executor: 'SequentialExecutor' })), 400, 'GW_REQUEST_INVALID');
    const fixed = await post(gw.http(), key, deploymentBody());
    expect(fixed.status, fixed.text).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
  });

  it('stores the replayed response sealed: a new API key never sits readable in Redis', async () => {
    const key = randomUUID();
    const body = { label: uniqueLabel('idem-sa'), role: 'WORKSPACE_VIEWER' };
    const send = () => gw.http().post(`/workspaces/${demoId}/service-accounts`).set(bearer(gw.adminKey)).set('idempotency-key', key).send(body);
    const first = await send();
    expect(first.status, first.text).toBe(201);
    expect(first.body.apiKey).toEqual(expect.any(String));
    const redis = new Redis(gw.config.redis.url!);
    try {
      const names = await redis.keys(`${gw.config.redis.keyPrefix}idempotency:*`);
      expect(names.length).toBeGreaterThan(0);
      const values = await Promise.all(names.map((name) => redis.get(name)));
      expect(values.join('\n')).not.toContain(first.body.apiKey);
      expect(values.join('\n')).not.toContain(key);
    } finally {
      redis.disconnect();
    }
    const replay = await send();
    expectReplayOf(replay, first);
    expect(replay.headers['cache-control']).toBe('no-store');
    expect(replay.body.apiKey).toBe(first.body.apiKey);
  });

  it.each([
    ['longer than 255 characters', 'k'.repeat(256)],
    ['empty', ''],
    ['not ASCII', 'clé'],
  ])('answers 400 GW_REQUEST_INVALID for a key %s, without calling Houston', async (_, key) => {
    const before = gw.emulator.calls.count();
    const res = await post(gw.http(), key, deploymentBody());
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'headers/idempotency-key' }));
    expect(gw.emulator.calls.count()).toBe(before);
  });

  it('accepts a key of exactly 255 printable characters', async () => {
    const key = `${randomUUID()} ~!`.padEnd(255, 'x');
    const body = deploymentBody();
    const first = await post(gw.http(), key, body);
    expect(first.status, first.text).toBe(201);
    expectReplayOf(await post(gw.http(), key, body), first);
  });

  it('is refused 409 (Retry-After: 1) while the first still runs past the wait, then replayed', async () => {
    const slow = await buildTestApp({ env: { HOUSTON_TIMEOUT_MS: '8000' } });
    try {
      const key = randomUUID();
      const body = { ...deploymentBody(), workspaceId: slow.emulator.demo!.workspaceId };
      const send = () => slow.http().post('/deployments').set(bearer(slow.adminKey)).set('idempotency-key', key).send(body);
      slow.emulator.faults.set({ latencyMs: 2_600 });
      const first = send().then((res) => res);
      await sleep(150);
      const duplicate = await send();
      expect(duplicate.status, duplicate.text).toBe(409);
      expect(duplicate.body).toMatchObject({ code: 'GW_IDEMPOTENCY_IN_PROGRESS' });
      expect(duplicate.headers['retry-after']).toBe('1');
      const done = await first;
      expect(done.status, done.text).toBe(201);
      slow.emulator.faults.clear();
      expectReplayOf(await send(), done);
      expect(slow.emulator.calls.count('createDeployment')).toBe(1);
    } finally {
      await slow.close();
    }
  });
});

describe('a keyed write whose outcome is unknown', () => {
  // Houston's timeout and the lock margin are short here, so a claim left behind lapses within 1 s.
  let unsure: TestGateway;
  let workspaceId: string;

  const send = (method: 'post' | 'delete', url: string, key: string, body?: object) => {
    const req = unsure.http()[method](url).set(bearer(unsure.adminKey)).set('idempotency-key', key);
    return body ? req.send(body) : req;
  };
  const expectUnsureProblem = problemAsserter(() => unsure.emulator.adminKey);
  /** The demo workspace's deployments in Houston, asked directly (not through the gateway). */
  const inHouston = async () =>
    dataOf(await gql(unsure.emulator, unsure.emulator.adminKey, LIST_DEPLOYMENTS, { workspaceUuid: workspaceId })).workspaceDeployments as { id: string; label: string }[];
  const labelled = async (label: string) => (await inHouston()).filter((deployment) => deployment.label === label);

  beforeAll(async () => {
    unsure = await buildTestApp({
      env: { HOUSTON_TIMEOUT_MS: '500', HOUSTON_READ_RETRIES: '0', IDEMPOTENCY_LOCK_MARGIN_MS: '500' },
    });
    workspaceId = unsure.emulator.demo!.workspaceId;
  });

  afterEach(() => {
    unsure.emulator.faults.clear();
  });

  afterAll(async () => {
    await unsure?.close();
  });

  it('answers the retry with the deployment the timed-out attempt created, creating no second one', async () => {
    const key = randomUUID();
    const body = deploymentBody({ workspaceId });
    // Houston creates the deployment but answers after the gateway stopped waiting.
    unsure.emulator.faults.set({ answerDelayMs: 900 });
    const first = await send('post', '/deployments', key, body);
    expectUnsureProblem(first, 504, 'GW_UPSTREAM_TIMEOUT');
    expect(await labelled(body.label)).toHaveLength(1);
    unsure.emulator.faults.clear();
    // Sent at once, the retry waits for the lapse of the first attempt's claim, then reconciles.
    const retried = await send('post', '/deployments', key, body);
    expect(retried.status, retried.text).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(retried.body).toMatchObject({ id: (await labelled(body.label))[0]!.id, label: body.label, workspaceId });
    expect(retried.headers.location).toBe(`/deployments/${retried.body.id}`);
    expect(await labelled(body.label)).toHaveLength(1);
    expect(unsure.emulator.calls.count('createDeployment')).toBe(1);
    expectReplayOf(await send('post', '/deployments', key, body), retried);
  });

  it('creates the deployment once when the timed-out attempt never reached Houston', async () => {
    const key = randomUUID();
    const body = deploymentBody({ workspaceId });
    const before = unsure.emulator.calls.count('createDeployment');
    // Houston drops the request when the gateway hangs up before it ran.
    unsure.emulator.faults.set({ latencyMs: 900 });
    expectUnsureProblem(await send('post', '/deployments', key, body), 504, 'GW_UPSTREAM_TIMEOUT');
    unsure.emulator.faults.clear();
    await sleep(500);
    expect(await labelled(body.label)).toHaveLength(0);
    const retried = await send('post', '/deployments', key, body);
    expect(retried.status, retried.text).toBe(201);
    expect(await labelled(body.label)).toHaveLength(1);
    expect(unsure.emulator.calls.count('createDeployment') - before).toBe(2);
  });

  it('holds the key while the claim has not lapsed: a retry that gives up waiting gets 409', async () => {
    const slowMargin = await buildTestApp({ env: { HOUSTON_TIMEOUT_MS: '500', HOUSTON_READ_RETRIES: '0', IDEMPOTENCY_LOCK_MARGIN_MS: '4000' } });
    try {
      const key = randomUUID();
      const body = deploymentBody({ workspaceId: slowMargin.emulator.demo!.workspaceId });
      slowMargin.emulator.faults.set({ answerDelayMs: 900 });
      const post504 = await slowMargin.http().post('/deployments').set(bearer(slowMargin.adminKey)).set('idempotency-key', key).send(body);
      expect(post504.status, post504.text).toBe(504);
      slowMargin.emulator.faults.clear();
      const retried = await slowMargin.http().post('/deployments').set(bearer(slowMargin.adminKey)).set('idempotency-key', key).send(body);
      expect(retried.status, retried.text).toBe(409);
      expect(retried.body).toMatchObject({ code: 'GW_IDEMPOTENCY_IN_PROGRESS' });
      expect(slowMargin.emulator.calls.count('createDeployment')).toBe(1);
    } finally {
      await slowMargin.close();
    }
  });

  it('answers 204 to the retry of a DELETE that timed out after Houston deleted', async () => {
    const created = await unsure.http().post('/deployments').set(bearer(unsure.adminKey)).send(deploymentBody({ workspaceId }));
    expect(created.status, created.text).toBe(201);
    const key = randomUUID();
    unsure.emulator.faults.set({ answerDelayMs: 900 });
    expectUnsureProblem(await send('delete', `/deployments/${created.body.id}`, key), 504, 'GW_UPSTREAM_TIMEOUT');
    unsure.emulator.faults.clear();
    expect((await inHouston()).map((deployment) => deployment.id)).not.toContain(created.body.id);
    const retried = await send('delete', `/deployments/${created.body.id}`, key);
    expect(retried.status, retried.text).toBe(204);
    expectReplayOf(await send('delete', `/deployments/${created.body.id}`, key), retried);
    // Without the key a missing deployment is still a 404.
    expectUnsureProblem(await unsure.http().delete(`/deployments/${created.body.id}`).set(bearer(unsure.adminKey)), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('frees the key at once after a 503 (the breaker was open: Houston was not asked)', async () => {
    // One failed read opens this gateway's breaker.
    const breaking = await buildTestApp({ env: { HOUSTON_READ_RETRIES: '0', HOUSTON_BREAKER_FAILURES: '1', HOUSTON_BREAKER_COOLDOWN_SECONDS: '1' } });
    try {
      const key = randomUUID();
      const body = deploymentBody({ workspaceId: breaking.emulator.demo!.workspaceId });
      const create = () => breaking.http().post('/deployments').set(bearer(breaking.adminKey)).set('idempotency-key', key).send(body);
      breaking.emulator.faults.set({ failureRate: 1 });
      const failedRead = await breaking.http().get(`/workspaces/${body.workspaceId}`).set(bearer(breaking.adminKey));
      expect(failedRead.status, failedRead.text).toBe(502);
      breaking.emulator.faults.clear();
      const refused = await create();
      expect(refused.status, refused.text).toBe(503);
      expect(refused.body).toMatchObject({ code: 'GW_UPSTREAM_CIRCUIT_OPEN' });
      expect(breaking.emulator.calls.count('createDeployment')).toBe(0);
      await sleep(1_100);
      const retried = await create();
      expect(retried.status, retried.text).toBe(201);
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
      expect(breaking.emulator.calls.count('createDeployment')).toBe(1);
    } finally {
      await breaking.close();
    }
  });
});

describe('a write without an Idempotency-Key', () => {
  it('behaves as before: each request runs, and nothing is replayed', async () => {
    const body = deploymentBody();
    const before = creates();
    const first = await post(gw.http(), null, body);
    expect(first.status).toBe(201);
    const second = await post(gw.http(), null, body);
    expectProblem(second, 409, 'GW_UPSTREAM_CONFLICT');
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(creates() - before).toBe(2);
  });

  it('ignores the header on reads', async () => {
    const res = await gw.http().get(`/workspaces/${demoId}/deployments`).set(bearer(gw.adminKey)).set('idempotency-key', '');
    expect(res.status).toBe(200);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });
});

describe('without Redis', () => {
  it('keeps the records in memory', async () => {
    const config = loadConfig({ HOUSTON_URL: gw.emulator.url, HOUSTON_TIMEOUT_MS: '1500' });
    expect(config.redis.url).toBeUndefined();
    const callerKeys = createCallerKeys({ store: createMemoryKeyStore(), secret: randomUUID().repeat(2) });
    const app = await buildApp(config, { logger: false, redis: null, callerKeys, houstonCredentials: new Map([['default', gw.emulator.adminKey]]) });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { key: callerKey } = await callerKeys.create({ name: 'memory caller', scopes: ['deployments:read', 'deployments:write'] });
      const key = randomUUID();
      const body = deploymentBody();
      const before = creates();
      const first = await post(supertest.agent(app.server), key, body, callerKey);
      expect(first.status, first.text).toBe(201);
      expectReplayOf(await post(supertest.agent(app.server), key, body, callerKey), first);
      expectProblem(await post(supertest.agent(app.server), key, deploymentBody(), callerKey), 422, 'GW_IDEMPOTENCY_MISMATCH');
      expect(creates() - before).toBe(1);
    } finally {
      await app.close();
    }
  });
});

// Three real gateway processes (node + tsx on src/main.ts start) on one Redis and one Houston
// emulator behave as one gateway: a read cached through one is a HIT on the others and a write
// through any invalidates it for all; a revocation reaches every process within the 1 s each may
// trust a key it checked; one rate-limit budget per key across the three; and an Idempotency-Key
// runs a write once however the duplicates are spread. The in-process suites (gateway/*.test.ts)
// cover each feature in depth; this file shows them across process boundaries.
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { SCOPES } from '../../../src/auth/scopes.js';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { createEmulator } from '../../../src/emulator/index.js';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { testHoustonVersion } from '../../helpers/gateway.js';
import { isErrorLine, startGatewayProcesses, timed, type GatewayProcess, type GatewayProcesses } from '../../helpers/gateway-processes.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';

const RATE_LIMIT_MAX = 6;
const RATE_LIMIT_WINDOW_SECONDS = 30;
/** Keys of every test but the rate-limit ones carry a limit of their own, far from RATE_LIMIT_MAX. */
const ROOMY = { rateLimit: { max: 100_000, windowSeconds: 60 } };
/** An instance trusts a key it checked for 1 s (README, Caller keys); the rest is scheduling slack. */
const REVOCATION_BOUND_MS = 1_500;
const RUNTIME = '9.1.0';

let emulator: HoustonEmulator;
let gws: GatewayProcesses;
let A: GatewayProcess;
let B: GatewayProcess;
let C: GatewayProcess;
let all: GatewayProcess[];
let admin: string;
let workspaceId: string;
let deploymentId: string;

const expectProblem = problemAsserter(() => emulator.adminKey);
const get = (gw: GatewayProcess, path: string, key = admin) => gw.http().get(path).set(bearer(key));
const houstonCalls = () => emulator.calls.count();

/** A request, with how many GraphQL calls reached Houston while it ran. */
async function counted(request: PromiseLike<Response>): Promise<{ res: Response; calls: number }> {
  const before = houstonCalls();
  const res = await request;
  return { res, calls: houstonCalls() - before };
}

beforeAll(async () => {
  emulator = await createEmulator({ port: 0, deployingMs: 50, seedDemo: true, houstonVersion: testHoustonVersion() });
  workspaceId = emulator.demo!.workspaceId;
  deploymentId = emulator.demo!.deploymentId;
  gws = await startGatewayProcesses({
    count: 3,
    houstonUrl: emulator.url,
    houstonApiKey: emulator.adminKey,
    redisUrl: inject('redisUrl'),
    env: {
      RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
      RATE_LIMIT_WINDOW_SECONDS: String(RATE_LIMIT_WINDOW_SECONDS),
      HOUSTON_TIMEOUT_MS: '5000',
    },
  });
  [A, B, C] = gws.processes as [GatewayProcess, GatewayProcess, GatewayProcess];
  all = [A, B, C];
  admin = (await gws.keyWith([...SCOPES], ROOMY)).key;
}, 30_000);

beforeEach(({ onTestFailed }) => {
  // The processes' own words are the best clue to a failure across a process boundary.
  onTestFailed(() => console.error(gws?.output()));
});

afterEach(() => {
  emulator?.faults.clear();
});

afterAll(async () => {
  await gws?.closeAll();
  await emulator?.close();
}, 15_000);

describe('three gateway processes on one Redis', () => {
  it('are three processes, each listening on a port of its own', () => {
    expect(new Set(all.map((gw) => gw.pid)).size).toBe(3);
    expect(new Set(all.map((gw) => gw.url)).size).toBe(3);
    for (const gw of all) expect(gw.pid).not.toBe(process.pid);
  });

  it('share the response cache: a HIT on any instance asks Houston nothing, and a write through B is seen by the next read on A and C', { timeout: 15_000 }, async () => {
    const one = `/deployments/${deploymentId}`;
    const list = `/workspaces/${workspaceId}/deployments`;

    // A reads Houston once and stores the answer; the second read on A and a read on C are HITs.
    const miss = await counted(get(A, one));
    expect(miss.res.status, miss.res.text).toBe(200);
    expect(miss.res.headers['x-cache']).toBe('MISS');
    expect(miss.calls).toBeGreaterThanOrEqual(1);
    for (const gw of [A, C]) {
      const hit = await counted(get(gw, one));
      expect(hit.res.status).toBe(200);
      expect(hit.res.headers['x-cache']).toBe('HIT');
      expect(hit.res.headers.etag).toBe(miss.res.headers.etag);
      expect(hit.res.body).toEqual(miss.res.body);
      expect(hit.calls).toBe(0);
    }
    // C caches the workspace's list; A and B are then served it from the shared store.
    expect((await get(C, list)).headers['x-cache']).toBe('MISS');
    for (const gw of [A, B, C]) {
      const hit = await counted(get(gw, list));
      expect(hit.res.headers['x-cache']).toBe('HIT');
      expect(hit.calls).toBe(0);
    }

    // A write through B bumps the tags in Redis before B answers: A's and C's next reads are misses
    // that show the change, each one Houston call.
    const label = uniqueLabel('renamed');
    const patched = await B.http().patch(one).set(bearer(admin)).send({ label });
    expect(patched.status, patched.text).toBe(200);
    const afterA = await counted(get(A, one));
    expect(afterA.res.headers['x-cache']).toBe('MISS');
    expect(afterA.res.body.label).toBe(label);
    expect(afterA.calls).toBe(1);
    const afterC = await counted(get(C, list));
    expect(afterC.res.headers['x-cache']).toBe('MISS');
    expect((afterC.res.body as { id: string; label: string }[]).find((d) => d.id === deploymentId)?.label).toBe(label);
    expect(afterC.calls).toBe(1);
    // What A stored after the write is what B now serves.
    const hitB = await counted(get(B, one));
    expect(hitB.res.headers['x-cache']).toBe('HIT');
    expect(hitB.res.body.label).toBe(label);
    expect(hitB.calls).toBe(0);

    // A create through B invalidates the list for A too.
    expect((await counted(get(A, list))).res.headers['x-cache']).toBe('HIT');
    const created = await B.http()
      .post('/deployments')
      .set(bearer(admin))
      .send({ workspaceId, label: uniqueLabel('new'), executor: 'CeleryExecutor', runtimeVersion: RUNTIME });
    expect(created.status, created.text).toBe(201);
    const listA = await counted(get(A, list));
    expect(listA.res.headers['x-cache']).toBe('MISS');
    expect((listA.res.body as { id: string }[]).map((d) => d.id)).toContain(created.body.id);
    expect(listA.calls).toBe(1);
  });

  it('refuse a caller key revoked through one instance on all three within 1.5 s', { timeout: 15_000 }, async () => {
    const made = await A.http()
      .post('/admin/keys')
      .set(bearer(admin))
      .send({ name: 'revoked across processes', scopes: ['workspaces:read'], ...ROOMY });
    expect(made.status, made.text).toBe(201);
    const { id, key } = made.body as { id: string; key: string };
    const read = (gw: GatewayProcess) => get(gw, `/workspaces/${workspaceId}`, key);
    const expectRefused = (res: Response) => {
      expectProblem(res, 401, 'GW_AUTH_INVALID');
      expect(res.body.detail).toBe('The caller key has been revoked');
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    };

    // Every instance accepts the key, and so remembers it as good for the next second.
    for (const gw of all) expect((await read(gw)).status).toBe(200);
    const revoked = await B.http().delete(`/admin/keys/${id}`).set(bearer(admin));
    expect(revoked.status, revoked.text).toBe(204);
    const revokedAt = performance.now();

    // B revoked it and forgot it at once.
    expectRefused(await read(B));
    // A and C notice within their second of trust: poll each until refused.
    const noticedAfter = await Promise.all(
      [A, C].map(async (gw) => {
        for (;;) {
          const res = await read(gw);
          const at = performance.now() - revokedAt;
          if (res.status !== 200) {
            expectRefused(res);
            return at;
          }
          if (at > REVOCATION_BOUND_MS + 1_000) return at;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }),
    );
    for (const ms of noticedAfter) expect(ms).toBeLessThan(REVOCATION_BOUND_MS);
    // And it stays refused everywhere; every instance lists it revoked.
    for (const gw of all) {
      expectRefused(await read(gw));
      const record = await get(gw, `/admin/keys/${id}`);
      expect(record.status, record.text).toBe(200);
      expect(record.body).toMatchObject({ id, status: 'revoked', revokedAt: expect.any(String) });
    }
  });

  it('count one rate-limit budget per key across the three, in Redis', { timeout: 15_000 }, async () => {
    const { key } = await gws.keyWith(['workspaces:read']); // no own limit: RATE_LIMIT_MAX applies
    const read = (gw: GatewayProcess) => get(gw, `/workspaces/${workspaceId}`, key);

    // Round-robin over A, B, C: one counter, falling by one per request whichever instance answers.
    for (let i = 0; i < RATE_LIMIT_MAX; i++) {
      const res = await read(all[i % 3]!);
      expect(res.status, res.text).toBe(200);
      expect(res.headers['ratelimit-limit']).toBe(String(RATE_LIMIT_MAX));
      expect(res.headers['ratelimit-remaining']).toBe(String(RATE_LIMIT_MAX - 1 - i));
    }
    // Spent: every instance refuses, without asking Houston even for a read that bypasses the cache.
    for (const gw of all) {
      const { res, calls } = await counted(read(gw).set('cache-control', 'no-cache'));
      expectProblem(res, 429, 'GW_RATE_LIMITED');
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(RATE_LIMIT_WINDOW_SECONDS);
      expect(res.headers['ratelimit-remaining']).toBe('0');
      expect(res.body.detail).toContain(`${RATE_LIMIT_MAX} requests per ${RATE_LIMIT_WINDOW_SECONDS} s`);
      expect(calls).toBe(0);
    }

    // A burst with a fresh key, 6 requests at once to each instance: exactly RATE_LIMIT_MAX get through.
    const { key: burstKey } = await gws.keyWith(['workspaces:read']);
    const burst = await Promise.all(all.flatMap((gw) => Array.from({ length: 6 }, () => get(gw, `/workspaces/${workspaceId}`, burstKey))));
    expect(burst.filter((res) => res.status === 200)).toHaveLength(RATE_LIMIT_MAX);
    const refused = burst.filter((res) => res.status !== 200);
    expect(refused).toHaveLength(18 - RATE_LIMIT_MAX);
    for (const res of refused) {
      expectProblem(res, 429, 'GW_RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('run a write once for an Idempotency-Key sent to all three at once, and replay it from any', { timeout: 15_000 }, async () => {
    const creates = () => emulator.calls.count('createDeployment');
    const key = randomUUID();
    const body = { workspaceId, label: uniqueLabel('idem-mp'), executor: 'CeleryExecutor', runtimeVersion: RUNTIME };
    const post = (gw: GatewayProcess, sent: object = body) => gw.http().post('/deployments').set(bearer(admin)).set('idempotency-key', key).send(sent);
    const expectReplayOf = (replay: Response, first: Response) => {
      expect(replay.status, replay.text).toBe(first.status);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect(replay.headers.location).toBe(first.headers.location);
    };

    // Houston is slowed so the duplicates overlap the write: two to each instance, at once.
    emulator.faults.set({ latencyMs: 300 });
    const before = creates();
    const answers = await Promise.all(all.flatMap((gw) => [post(gw), post(gw)]));
    emulator.faults.clear();

    expect(creates() - before).toBe(1);
    const ran = answers.filter((res) => res.headers['idempotent-replayed'] === undefined && res.status !== 409);
    expect(ran).toHaveLength(1);
    const original = ran[0]!;
    expect(original.status, original.text).toBe(201);
    expect(original.headers.location).toBe(`/deployments/${original.body.id}`);
    for (const res of answers.filter((other) => other !== original)) {
      // A duplicate that waited past 2 s for the first is told so; none ran the write again.
      if (res.status === 409) expectProblem(res, 409, 'GW_IDEMPOTENCY_IN_PROGRESS');
      else expectReplayOf(res, original);
    }
    const listed = await get(C, `/workspaces/${workspaceId}/deployments`).set('cache-control', 'no-cache');
    expect(listed.status, listed.text).toBe(200);
    expect((listed.body as { label: string }[]).filter((d) => d.label === body.label)).toHaveLength(1);

    // A later retry on any instance replays the 201 without Houston.
    const calls = houstonCalls();
    for (const gw of all) expectReplayOf(await post(gw), original);
    expect(houstonCalls()).toBe(calls);

    // The same key with another body is refused on another instance than the one that ran it.
    const mismatch = await post(B, { ...body, label: uniqueLabel('other') });
    expectProblem(mismatch, 422, 'GW_IDEMPOTENCY_MISMATCH');
    expect(houstonCalls()).toBe(calls);
    expect(creates() - before).toBe(1);
  });

  it('stayed up throughout: no process exited or wrote an error to stderr', async () => {
    // Liveness from outside too: each answers its probe.
    for (const gw of all) {
      expect(gw.exitStatus()).toBeNull();
      const { res, ms } = await timed(gw.http().get('/healthz'));
      expect(res.status).toBe(200);
      expect(ms).toBeLessThan(1_000);
      expect(gw.stderr.filter((line) => /error|exception|unhandled/i.test(line))).toEqual([]);
      expect(gw.logs().filter(isErrorLine)).toEqual([]);
    }
  });
});

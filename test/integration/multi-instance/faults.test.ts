// Faults across three real gateway processes: Houston down, slow or flapping, and their Redis
// killed and restarted under a steady stream of requests. Each request is timed against the bound
// the configuration promises, and no process may exit or need a restart to recover. The
// in-process suites (gateway/upstream-*.test.ts, cache/redis-outage.test.ts) pin each behaviour on
// one app; here the same codes and headers must hold for separate processes sharing the parts.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Response } from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { SCOPES } from '../../../src/auth/scopes.js';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { createEmulator } from '../../../src/emulator/index.js';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { testHoustonVersion } from '../../helpers/gateway.js';
import { startGatewayProcesses, timed, type GatewayProcess, type GatewayProcesses } from '../../helpers/gateway-processes.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';
import { startRedisServer, type RedisServer } from '../../helpers/redis-server.js';
import { eventually } from '../../helpers/eventually.js';

/** HOUSTON_TIMEOUT_MS of the processes here. */
const TIMEOUT_MS = 800;
/** How late past its bound an answer may come: three processes and the test share two cores. */
const SLACK_MS = 500;
/** REDIS_TIMEOUT_MS 300 and CACHE_TIMEOUT_MS 200 bound each Redis step; a request waits ~1 s at worst. */
const REDIS_OUTAGE_BOUND_MS = 2_000;
/** ioredis reconnects with a backoff of up to 2 s, so a returned Redis is noticed within a few. */
const RECOVERY = { timeout: 10_000, interval: 100 };
const UNKNOWN_WORKSPACE = 'cunknownworkspace00000000';
const ROOMY = { rateLimit: { max: 100_000, windowSeconds: 60 } };
const RUNTIME = '9.1.0';

/** The same processes still run (none exited, none replaced), and none wrote an error to stderr. */
const alive = (gws: GatewayProcesses, pids: number[]) => {
  expect(gws.processes.map((gw) => gw.exitStatus())).toEqual(gws.processes.map(() => null));
  expect(gws.processes.map((gw) => gw.pid)).toEqual(pids);
  for (const gw of gws.processes) expect(gw.stderr.filter((line) => /error|exception|unhandled/i.test(line))).toEqual([]);
};

describe('one Houston emulator and a Redis of this file, three processes', () => {
  let emulator: HoustonEmulator;
  let redis: RedisServer;
  let gws: GatewayProcesses;
  let all: GatewayProcess[];
  let pids: number[];
  let admin: string;
  let workspaceId: string;
  let deploymentId: string;
  const expectProblem = problemAsserter(() => emulator.adminKey);
  const get = (gw: GatewayProcess, path: string, key = admin) => gw.http().get(path).set(bearer(key));

  beforeAll(async () => {
    [emulator, redis] = await Promise.all([createEmulator({ port: 0, deployingMs: 50, seedDemo: true, houstonVersion: testHoustonVersion() }), startRedisServer()]);
    workspaceId = emulator.demo!.workspaceId;
    deploymentId = emulator.demo!.deploymentId;
    gws = await startGatewayProcesses({
      count: 3,
      houstonUrl: emulator.url,
      houstonApiKey: emulator.adminKey,
      redisUrl: redis.url,
      env: {
        HOUSTON_TIMEOUT_MS: String(TIMEOUT_MS),
        HOUSTON_READ_RETRIES: '0',
        REDIS_TIMEOUT_MS: '300',
        CACHE_TIMEOUT_MS: '200',
      },
    });
    all = [...gws.processes];
    pids = all.map((gw) => gw.pid);
    admin = (await gws.keyWith([...SCOPES], ROOMY)).key;
  }, 30_000);

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => console.error(gws?.output()));
  });

  afterEach(async () => {
    emulator?.faults.clear();
    if (redis && !redis.running) await redis.start();
  });

  afterAll(async () => {
    // This Redis is thrown away whole: no prefix to drop.
    await gws?.closeAll({ dropPrefix: false });
    await Promise.all([emulator?.close(), redis?.close()]);
  }, 20_000);

  describe('Houston down or slow', () => {
    /** Requests of each kind, and what they get once Houston answers. */
    const probes: { name: string; send: (gw: GatewayProcess) => PromiseLike<Response>; healthy: number }[] = [
      // no-cache: a cached answer would stand in for Houston, and this is about Houston.
      { name: 'GET /deployments/:id', send: (gw) => get(gw, `/deployments/${deploymentId}`).set('cache-control', 'no-cache'), healthy: 200 },
      { name: 'GET /workspaces/:id/deployments', send: (gw) => get(gw, `/workspaces/${workspaceId}/deployments`).set('cache-control', 'no-cache'), healthy: 200 },
      {
        // An unknown workspace: a write Houston receives late must not create anything.
        name: 'POST /deployments',
        send: (gw) => gw.http().post('/deployments').set(bearer(admin)).send({ workspaceId: UNKNOWN_WORKSPACE, label: 'never', executor: 'CeleryExecutor' }),
        healthy: 404,
      },
    ];
    const sendAll = () => Promise.all(all.flatMap((gw) => probes.map(async (probe) => ({ gw: gw.name, probe: probe.name, ...(await timed(probe.send(gw))) }))));

    it.each([
      { how: 'stopped (connections refused)', down: () => emulator.stop(), up: () => emulator.start() },
      { how: 'dropping every connection', down: async () => emulator.faults.set({ closeSocket: true }), up: async () => emulator.faults.clear() },
    ])('Houston $how: every instance answers 502 problem+json at once, and serves again when it is back', { timeout: 15_000 }, async ({ down, up }) => {
      // A read cached through A before the outage, to be served by C during it.
      const cachedPath = `/workspaces/${workspaceId}`;
      expect((await get(all[0]!, cachedPath)).status).toBe(200);
      for (const { res, probe } of await sendAll()) expect({ probe, status: res.status }).toEqual({ probe, status: probes.find((p) => p.name === probe)!.healthy });

      await down();
      try {
        for (const { res, ms, gw, probe } of await sendAll()) {
          expectProblem(res, 502, 'GW_UPSTREAM_UNAVAILABLE');
          expect({ gw, probe, fast: ms < TIMEOUT_MS + SLACK_MS }).toEqual({ gw, probe, fast: true });
        }
        // The shared cache still answers what any instance stored; the probe tells Houston is gone.
        const cached = await get(all[2]!, cachedPath);
        expect(cached.status, cached.text).toBe(200);
        expect(cached.headers['x-cache']).toBe('HIT');
        for (const gw of all) {
          const ready = await gw.http().get('/readyz');
          expect(ready.status).toBe(503);
          expect(ready.body).toMatchObject({ status: 'not-ready', checks: { houston: { ok: false } } });
        }
      } finally {
        await up();
      }

      // Same processes, nothing restarted: the same requests succeed again.
      for (const { res, gw, probe } of await sendAll()) {
        expect({ gw, probe, status: res.status }).toEqual({ gw, probe, status: probes.find((p) => p.name === probe)!.healthy });
      }
      for (const gw of all) expect((await gw.http().get('/readyz')).body.status).toBe('ready');
      alive(gws, pids);
    });

    it('Houston slower than HOUSTON_TIMEOUT_MS: every instance answers 504 GW_UPSTREAM_TIMEOUT at the deadline, and serves again after', { timeout: 15_000 }, async () => {
      emulator.faults.set({ latencyMs: TIMEOUT_MS + 1_200 });
      const answers = await sendAll();
      emulator.faults.clear();
      for (const { res, ms, gw, probe } of answers) {
        expectProblem(res, 504, 'GW_UPSTREAM_TIMEOUT');
        expect({ gw, probe, notBefore: ms >= TIMEOUT_MS - 50, notLate: ms < TIMEOUT_MS + SLACK_MS }).toEqual({ gw, probe, notBefore: true, notLate: true });
      }
      for (const { res, gw, probe } of await sendAll()) {
        expect({ gw, probe, status: res.status }).toEqual({ gw, probe, status: probes.find((p) => p.name === probe)!.healthy });
      }
      alive(gws, pids);
    });
  });

  describe('Redis killed and restarted mid-run', () => {
    interface Sample {
      gw: string;
      kind: 'read' | 'write';
      started: number;
      ended: number;
      status: number;
      cache?: string;
      error?: string;
    }

    /**
     * Reads (and every fourth request a PATCH without an Idempotency-Key) from each instance in
     * turn, until stopped. Paced, so the stream is steady rather than a flood of log lines.
     */
    function startStream(key: string) {
      const samples: Sample[] = [];
      let running = true;
      const reads = [`/deployments/${deploymentId}`, `/workspaces/${workspaceId}/deployments`];
      const workers = all.map(async (gw) => {
        for (let n = 0; running; n++) {
          const kind = n % 4 === 3 ? 'write' : 'read';
          const request =
            kind === 'write'
              ? gw.http().patch(`/deployments/${deploymentId}`).set(bearer(key)).send({ description: `stream ${gw.name} ${n}` })
              : get(gw, reads[n % 2]!, key);
          const started = performance.now();
          try {
            // A client-side bound far past the promised one: a hung request shows up as status 0.
            const res = await request.timeout(REDIS_OUTAGE_BOUND_MS * 3);
            samples.push({ gw: gw.name, kind, started, ended: performance.now(), status: res.status, cache: res.headers['x-cache'] });
          } catch (error) {
            samples.push({ gw: gw.name, kind, started, ended: performance.now(), status: 0, error: String(error) });
          }
          await sleep(25);
        }
      });
      return {
        samples,
        count: (gw: GatewayProcess, since: number, kind: Sample['kind'] = 'read') =>
          samples.filter((s) => s.gw === gw.name && s.kind === kind && s.started >= since).length,
        async stop() {
          running = false;
          await Promise.all(workers);
        },
      };
    }

    it('keeps serving through the outage, degraded but bounded, and uses Redis again after it without a restart', { timeout: 30_000 }, async () => {
      const { key: streamKey } = await gws.keyWith(['workspaces:read', 'deployments:read', 'deployments:write'], ROOMY);
      // Created before the outage, never shown to any instance: nothing to fall back on during it.
      const { key: unusedKey } = await gws.keyWith(['workspaces:read'], ROOMY);
      const creates = () => emulator.calls.count('createDeployment');
      const newDeployment = () => ({ workspaceId, label: uniqueLabel('outage'), executor: 'CeleryExecutor', runtimeVersion: RUNTIME });
      const postDeployment = (gw: GatewayProcess, idempotencyKey?: string, body: object = newDeployment()) => {
        const req = gw.http().post('/deployments').set(bearer(admin));
        if (idempotencyKey !== undefined) void req.set('idempotency-key', idempotencyKey);
        return req.send(body);
      };
      for (const gw of all) {
        const ready = await gw.http().get('/readyz');
        expect(ready.body).toMatchObject({ status: 'ready', checks: { redis: { ok: true }, cache: { ok: true, detail: 'redis' } } });
      }

      // A deployment the stream leaves alone, cached by A and B before the outage and renamed through
      // C during it, when C cannot invalidate: after the outage B must not serve the old name.
      const renamed = await postDeployment(all[0]!);
      expect(renamed.status, renamed.text).toBe(201);
      const renamedPath = `/deployments/${renamed.body.id}`;
      expect((await get(all[0]!, renamedPath)).headers['x-cache']).toBe('MISS');
      expect((await get(all[1]!, renamedPath)).headers['x-cache']).toBe('HIT');
      const outageLabel = uniqueLabel('renamed-in-outage');

      const stream = startStream(streamKey);
      let stoppedAt = 0;
      let restartingAt = 0;
      let recoveredAt = 0;
      try {
        const began = performance.now();
        await eventually(() => {
          for (const gw of all) expect(stream.count(gw, began)).toBeGreaterThanOrEqual(3);
        }, RECOVERY);

        await redis.stop();
        stoppedAt = performance.now();
        // Past the 1 s an instance trusts a key without asking: each now asks Redis, fails, and
        // falls back on what it accepted before the outage.
        await eventually(() => {
          for (const gw of all) expect(stream.count(gw, stoppedAt + 1_200)).toBeGreaterThanOrEqual(2);
        }, RECOVERY);

        const calls = creates();
        const during = await Promise.all(
          all.map(async (gw) => ({
            gw: gw.name,
            ready: await timed(gw.http().get('/readyz')),
            unknownKey: await timed(get(gw, `/workspaces/${workspaceId}`, unusedKey)),
            idempotent: await timed(postDeployment(gw, randomUUID())),
            plain: await timed(postDeployment(gw)),
          })),
        );
        for (const { ready, unknownKey, idempotent, plain } of during) {
          expect(ready.res.status).toBe(200);
          expect(ready.res.body.status).toBe('degraded');
          expect(ready.res.body.checks.houston).toEqual({ ok: true });
          expect(ready.res.body.checks.redis).toMatchObject({ ok: false, detail: expect.any(String) });
          expect(ready.res.body.checks.cache).toEqual({ ok: true, detail: 'degraded: serving uncached' });
          // A key no instance has accepted cannot be checked: refused, not let in.
          expectProblem(unknownKey.res, 503, 'GW_OVERLOADED');
          // The idempotency store is required by a request that asks for the guarantee.
          expectProblem(idempotent.res, 503, 'GW_OVERLOADED');
          expect(idempotent.res.headers['retry-after']).toBe('1');
          // Without the header the write simply runs.
          expect(plain.res.status, plain.res.text).toBe(201);
          for (const { ms } of [ready, unknownKey, idempotent, plain]) expect(ms).toBeLessThan(REDIS_OUTAGE_BOUND_MS);
        }
        expect(creates() - calls).toBe(3); // the three plain writes; no idempotent one reached Houston
        const rename = await timed(all[2]!.http().patch(renamedPath).set(bearer(admin)).send({ label: outageLabel }));
        expect(rename.res.status, rename.res.text).toBe(200);
        expect(rename.ms).toBeLessThan(REDIS_OUTAGE_BOUND_MS);

        restartingAt = performance.now();
        await redis.start();
        await eventually(async () => {
          for (const gw of all) {
            const ready = await gw.http().get('/readyz');
            expect(ready.body).toMatchObject({ status: 'ready', checks: { redis: { ok: true } } });
          }
        }, RECOVERY);
        recoveredAt = performance.now();
        await eventually(() => {
          for (const gw of all) expect(stream.count(gw, recoveredAt)).toBeGreaterThanOrEqual(3);
        }, RECOVERY);
      } finally {
        await stream.stop();
      }

      // The stream: every request answered, in time, before, during and after the outage.
      const { samples } = stream;
      expect(samples.filter((s) => s.status !== 200)).toEqual([]);
      expect(samples.filter((s) => s.ended - s.started >= REDIS_OUTAGE_BOUND_MS)).toEqual([]);
      const inOutage = samples.filter((s) => s.started >= stoppedAt && s.ended <= restartingAt);
      for (const gw of all) {
        expect(inOutage.filter((s) => s.gw === gw.name && s.kind === 'read').length).toBeGreaterThanOrEqual(2);
        expect(inOutage.filter((s) => s.gw === gw.name && s.kind === 'write').length).toBeGreaterThanOrEqual(1);
      }
      // With the cache store gone every read went to Houston.
      expect(inOutage.filter((s) => s.kind === 'read' && s.cache !== 'MISS')).toEqual([]);

      // After: the rename made while C could not invalidate is not hidden by B's pre-outage entry.
      const afterRename = await get(all[1]!, renamedPath);
      expect(afterRename.status, afterRename.text).toBe(200);
      expect(afterRename.headers['x-cache']).toBe('MISS');
      expect(afterRename.body.label).toBe(outageLabel);

      // After: the cache is shared again; a path nobody read is stored by one instance, a HIT on the next.
      const fresh = `/workspaces/${workspaceId}`;
      let turn = 0;
      await eventually(async () => {
        const before = emulator.calls.count();
        const res = await get(all[turn++ % 3]!, fresh, streamKey);
        expect(res.status, res.text).toBe(200);
        expect(res.headers['x-cache']).toBe('HIT');
        expect(emulator.calls.count()).toBe(before);
      }, RECOVERY);

      // Invalidation reaches every instance again: a PATCH through C is seen by B's next read.
      const one = `/deployments/${deploymentId}`;
      // Stored by A, a HIT on B — once B has paid the whole-cache drop it owes since it reconnected
      // (a payment tried while Redis was still coming back waits a second), which would invalidate
      // an entry A stored before it.
      await eventually(async () => {
        await get(all[0]!, one, streamKey);
        expect((await get(all[1]!, one, streamKey)).headers['x-cache']).toBe('HIT');
      }, RECOVERY);
      const label = uniqueLabel('after-outage');
      expect((await all[2]!.http().patch(one).set(bearer(streamKey)).send({ label })).status).toBe(200);
      const seen = await get(all[1]!, one, streamKey);
      expect(seen.headers['x-cache']).toBe('MISS');
      expect(seen.body.label).toBe(label);

      // Idempotent writes work again, across instances.
      const idempotencyKey = randomUUID();
      const body = newDeployment();
      const first = await postDeployment(all[0]!, idempotencyKey, body);
      expect(first.status, first.text).toBe(201);
      const replay = await postDeployment(all[1]!, idempotencyKey, body);
      expect(replay.status, replay.text).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.id).toBe(first.body.id);

      // Keys are checked against the store again: the one never used works everywhere.
      for (const gw of all) expect((await get(gw, fresh, unusedKey)).status).toBe(200);

      alive(gws, pids);
      for (const gw of all) {
        const messages = gw.logs().map((line) => line.msg);
        expect(messages).toContain('Redis is unreachable; retrying in the background');
        // The stream's key was let in on what each process remembered, not on a store answer.
        expect(messages).toContain('caller-key store unreachable; accepting keys it accepted recently');
        expect(messages).toContain('Redis is reachable again');
      }
    });
  });
});

describe('a flapping Houston: the circuit breaker of each process (HOUSTON_BREAKER_FAILURES=3)', () => {
  /**
   * The open breaker refuses for HOUSTON_BREAKER_COOLDOWN_SECONDS. 2 s rather than 1: the steps
   * that must all see it open take a few hundred milliseconds on a loaded two-core machine.
   */
  const COOLDOWN_SECONDS = 2;
  let emulator: HoustonEmulator;
  let gws: GatewayProcesses;
  let all: GatewayProcess[];
  let pids: number[];
  let admin: string;
  const expectProblem = problemAsserter(() => emulator.adminKey);
  const read = (gw: GatewayProcess) => gw.http().get(`/deployments/${emulator.demo!.deploymentId}`).set(bearer(admin));
  const failHouston = () => emulator.faults.set({ failureRate: 1, failStatus: 503 });

  /** The process's own report of its breaker: 0 closed, 1 half-open, 2 open (GET /metrics asks no Houston). */
  async function breakerState(gw: GatewayProcess): Promise<number> {
    const res = await gw.http().get('/metrics');
    expect(res.status).toBe(200);
    const value = /^houston_gateway_houston_breaker_state (\d+)$/m.exec(res.text)?.[1];
    expect(value).toBeDefined();
    return Number(value);
  }

  async function counted(request: PromiseLike<Response>) {
    const before = emulator.calls.count();
    const { res, ms } = await timed(request);
    return { res, ms, calls: emulator.calls.count() - before };
  }

  beforeAll(async () => {
    emulator = await createEmulator({ port: 0, deployingMs: 50, seedDemo: true, houstonVersion: testHoustonVersion() });
    gws = await startGatewayProcesses({
      count: 3,
      houstonUrl: emulator.url,
      houstonApiKey: emulator.adminKey,
      redisUrl: inject('redisUrl'),
      env: {
        // Every read must reach Houston (or the breaker), not the cache.
        CACHE_ENABLED: 'false',
        HOUSTON_TIMEOUT_MS: String(TIMEOUT_MS),
        HOUSTON_READ_RETRIES: '0',
        HOUSTON_BREAKER_FAILURES: '3',
        HOUSTON_BREAKER_COOLDOWN_SECONDS: String(COOLDOWN_SECONDS),
      },
    });
    all = [...gws.processes];
    pids = all.map((gw) => gw.pid);
    admin = (await gws.keyWith([...SCOPES], ROOMY)).key;
  }, 30_000);

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => console.error(gws?.output()));
  });

  afterAll(async () => {
    await gws?.closeAll();
    await emulator?.close();
  }, 20_000);

  it('opens on each instance after its own 3 failures, then answers 503 at once without calling Houston', { timeout: 15_000 }, async () => {
    const [A, B, C] = all as [GatewayProcess, GatewayProcess, GatewayProcess];
    // Healthy first: each process has learned Houston's version, and each breaker is closed.
    for (const gw of all) {
      expect((await read(gw)).status).toBe(200);
      expect(await breakerState(gw)).toBe(0);
    }

    failHouston();
    for (let i = 0; i < 3; i++) expectProblem(await read(A), 502, 'GW_UPSTREAM_BAD_GATEWAY');
    // A counted its own failures; B and C counted none.
    expect(await Promise.all(all.map(breakerState))).toEqual([2, 0, 0]);
    const refusedByA = await counted(read(A));
    expectProblem(refusedByA.res, 503, 'GW_UPSTREAM_CIRCUIT_OPEN');
    expect(refusedByA.calls).toBe(0);
    const triedByB = await counted(read(B));
    expectProblem(triedByB.res, 502, 'GW_UPSTREAM_BAD_GATEWAY');
    expect(triedByB.calls).toBe(1);

    for (let i = 0; i < 2; i++) expectProblem(await read(B), 502, 'GW_UPSTREAM_BAD_GATEWAY');
    for (let i = 0; i < 3; i++) expectProblem(await read(C), 502, 'GW_UPSTREAM_BAD_GATEWAY');
    expect(await Promise.all(all.map(breakerState))).toEqual([2, 2, 2]);

    // Open everywhere: fast refusals with Retry-After, and Houston hears nothing.
    const before = emulator.calls.count();
    for (const gw of all) {
      const { res, ms } = await timed(read(gw));
      expectProblem(res, 503, 'GW_UPSTREAM_CIRCUIT_OPEN');
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(COOLDOWN_SECONDS);
      expect(ms).toBeLessThan(300);
    }
    expect(emulator.calls.count()).toBe(before);
    alive(gws, pids);
  });

  it('closes again on each instance once Houston recovers and the cooldown has passed', { timeout: 15_000 }, async () => {
    emulator.faults.clear();
    const cleared = performance.now();
    const recovered = await Promise.all(
      all.map(async (gw) => {
        const refusals: Response[] = [];
        for (;;) {
          const res = await read(gw);
          if (res.status === 200) return { gw: gw.name, refusals, after: performance.now() - cleared };
          refusals.push(res);
          if (performance.now() - cleared > COOLDOWN_SECONDS * 1000 + 3_000) return { gw: gw.name, refusals, after: Infinity };
          await sleep(50);
        }
      }),
    );
    for (const { gw, refusals, after } of recovered) {
      expect({ gw, recoveredWithinCooldownAndSlack: after < COOLDOWN_SECONDS * 1000 + 1_500 }).toEqual({ gw, recoveredWithinCooldownAndSlack: true });
      // Until its cooldown passed, each kept refusing on its own, without a Houston error.
      for (const res of refusals) expectProblem(res, 503, 'GW_UPSTREAM_CIRCUIT_OPEN');
    }
    expect(await Promise.all(all.map(breakerState))).toEqual([0, 0, 0]);
    for (const gw of all) expect((await read(gw)).status).toBe(200);
    alive(gws, pids);
  });
});

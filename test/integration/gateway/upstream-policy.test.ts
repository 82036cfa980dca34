// The upstream policy end to end, over real sockets against the emulator: reads retried through
// transient failures (writes never), 4xx answers taken as they are, the circuit breaker opening,
// refusing without calling Houston and recovering, and the bound on Houston calls in flight.
import type { Response } from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';
import { logSink } from '../../helpers/log-sink.js';
import { eventually } from '../../helpers/eventually.js';

const UNKNOWN_ID = 'cunknowndeployment0000000';
/** HOUSTON_TIMEOUT_MS of the test gateways (test/helpers/gateway.ts). */
const TIMEOUT_MS = 1500;
/** How late past the deadline a request may answer (scheduling, sockets, a loaded CI machine). */
const MARGIN_MS = 400;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends a supertest request now (supertest waits for `then`), timing it. */
function timed(request: PromiseLike<Response>): Promise<{ res: Response; ms: number }> {
  const started = performance.now();
  return Promise.resolve(request).then((res) => ({ res, ms: performance.now() - started }));
}

describe('retries', () => {
  let gw: TestGateway;
  let deploymentId: string;
  let workspaceId: string;
  const expectProblem = problemAsserter(() => gw.emulator.adminKey);
  const getDeployment = (id = deploymentId) => gw.http().get(`/deployments/${id}`).set(bearer(gw.adminKey));

  beforeAll(async () => {
    gw = await buildTestApp({ env: { CACHE_ENABLED: 'false', HOUSTON_READ_RETRIES: '2', HOUSTON_RETRY_BASE_MS: '300' } });
    deploymentId = gw.emulator.demo!.deploymentId;
    workspaceId = gw.emulator.demo!.workspaceId;
  });

  afterEach(() => {
    gw.emulator.faults.clear();
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('retries a read through a transient 503 and answers 200', async () => {
    // Backoff draws near the top of their window (≈297 ms before the first retry), so the fault
    // can be lifted after the first call reached Houston and before the retry does.
    vi.spyOn(Math, 'random').mockReturnValue(0.99);
    const before = gw.emulator.calls.count('deployment');
    gw.emulator.faults.set({ failureRate: 1, failStatus: 503 });
    const pending = timed(getDeployment());
    await eventually(() => expect(gw.emulator.calls.count('deployment')).toBe(before + 1), { interval: 2 });
    gw.emulator.faults.clear();
    const { res, ms } = await pending;
    expect(res.status, res.text).toBe(200);
    expect(res.body.id).toBe(deploymentId);
    expect(gw.emulator.calls.count('deployment')).toBe(before + 2);
    expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  });

  it('gives up on a read after HOUSTON_READ_RETRIES retries, with the failure, inside the deadline', async () => {
    const before = gw.emulator.calls.count('deployment');
    gw.emulator.faults.set({ failureRate: 1, failStatus: 503 });
    const { res, ms } = await timed(getDeployment());
    expectProblem(res, 502, 'GW_UPSTREAM_BAD_GATEWAY');
    expect(gw.emulator.calls.count('deployment')).toBe(before + 3);
    expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  });

  it('retries a read whose connection Houston dropped', async () => {
    const before = gw.emulator.calls.count('paginatedWorkspaces');
    gw.emulator.faults.set({ closeSocket: true });
    expectProblem(await gw.http().get('/workspaces').set(bearer(gw.adminKey)), 502, 'GW_UPSTREAM_UNAVAILABLE');
    expect(gw.emulator.calls.count('paginatedWorkspaces')).toBe(before + 3);
  });

  it('does not retry a read that already used its whole deadline', async () => {
    const before = gw.emulator.calls.count('deployment');
    gw.emulator.faults.set({ latencyMs: 3000 });
    const { res, ms } = await timed(getDeployment());
    expectProblem(res, 504, 'GW_UPSTREAM_TIMEOUT');
    expect(gw.emulator.calls.count('deployment')).toBe(before + 1);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  });

  it.each([
    { name: 'answers 503', faults: { failureRate: 1, failStatus: 503 } as const, code: 'GW_UPSTREAM_BAD_GATEWAY' },
    { name: 'drops the connection', faults: { closeSocket: true }, code: 'GW_UPSTREAM_UNAVAILABLE' },
  ])('attempts a write (POST /deployments) exactly once when Houston $name', async ({ faults, code }) => {
    const before = gw.emulator.calls.count('createDeployment');
    gw.emulator.faults.set(faults);
    const res = await gw.http().post('/deployments').set(bearer(gw.adminKey)).send({ workspaceId, label: uniqueLabel('once'), executor: 'CeleryExecutor' });
    expectProblem(res, 502, code);
    await sleep(700); // longer than any backoff: a retry would have reached Houston by now
    expect(gw.emulator.calls.count('createDeployment')).toBe(before + 1);
  });

  it('does not retry a read Houston answers with not-found (404)', async () => {
    const before = gw.emulator.calls.count('deployment');
    expectProblem(await getDeployment(UNKNOWN_ID), 404, 'GW_UPSTREAM_NOT_FOUND');
    expect(gw.emulator.calls.count('deployment')).toBe(before + 1);
  });

  it('does not retry a read Houston refuses (403)', async () => {
    const viewerKey = await gw.keyActingAs(await gw.houstonServiceAccount('WORKSPACE_VIEWER', { workspaceId }));
    const other = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({ label: uniqueLabel('elsewhere') });
    expect(other.status).toBe(201);
    const before = gw.emulator.calls.count('workspaceDeployments');
    const res = await gw.http().get(`/workspaces/${other.body.id}/deployments`).set(bearer(viewerKey));
    expectProblem(res, 403, 'GW_UPSTREAM_FORBIDDEN');
    expect(gw.emulator.calls.count('workspaceDeployments')).toBe(before + 1);
  });
});

describe('circuit breaker (HOUSTON_BREAKER_FAILURES=3, HOUSTON_BREAKER_COOLDOWN_SECONDS=1, no retries)', () => {
  let gw: TestGateway;
  const lines: string[] = [];
  const expectProblem = problemAsserter(() => gw.emulator.adminKey);
  const read = () => gw.http().get(`/deployments/${gw.emulator.demo!.deploymentId}`).set(bearer(gw.adminKey));
  const failHouston = () => gw.emulator.faults.set({ failureRate: 1, failStatus: 503 });
  const breakerLogs = () =>
    lines.map((line) => JSON.parse(line) as { level: number; msg: string; houstonBreaker?: { from: string; to: string } }).filter((l) => l.houstonBreaker);

  beforeAll(async () => {
    const stream = logSink(lines);
    gw = await buildTestApp({
      env: { CACHE_ENABLED: 'false', HOUSTON_BREAKER_FAILURES: '3', HOUSTON_BREAKER_COOLDOWN_SECONDS: '1', HOUSTON_READ_RETRIES: '0' },
      logger: { level: 'warn', stream },
    });
  });

  afterEach(() => {
    gw.emulator.faults.clear();
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('stays closed while failures are not consecutive: a 4xx answer shows Houston healthy', async () => {
    failHouston();
    for (let i = 0; i < 2; i++) expectProblem(await read(), 502, 'GW_UPSTREAM_BAD_GATEWAY');
    gw.emulator.faults.clear();
    expectProblem(await gw.http().get(`/deployments/${UNKNOWN_ID}`).set(bearer(gw.adminKey)), 404, 'GW_UPSTREAM_NOT_FOUND');
    failHouston();
    for (let i = 0; i < 2; i++) expectProblem(await read(), 502, 'GW_UPSTREAM_BAD_GATEWAY');
    expect(gw.app.houston.breakerState()).toBe('closed');
    gw.emulator.faults.clear();
    expect((await read()).status).toBe(200);
  });

  it('opens after 3 consecutive failures, then answers 503 with Retry-After without calling Houston', async () => {
    failHouston();
    for (let i = 0; i < 3; i++) expectProblem(await read(), 502, 'GW_UPSTREAM_BAD_GATEWAY');
    expect(gw.app.houston.breakerState()).toBe('open');

    const before = gw.emulator.calls.count();
    const { res, ms } = await timed(read());
    expectProblem(res, 503, 'GW_UPSTREAM_CIRCUIT_OPEN');
    expect(res.headers['retry-after']).toBe('1');
    expect(ms).toBeLessThan(300);
    const write = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({ label: uniqueLabel('refused') });
    expectProblem(write, 503, 'GW_UPSTREAM_CIRCUIT_OPEN');
    expect(gw.emulator.calls.count()).toBe(before);
  });

  it('lets the readiness probe ask Houston while open, without the probe changing the breaker', async () => {
    // Open, or half-open if this machine is slow enough for the 1 s cooldown to have passed.
    expect(gw.app.houston.breakerState()).not.toBe('closed');
    failHouston();
    const before = gw.emulator.calls.count();
    const ready = await gw.http().get('/readyz');
    expect(ready.status).toBe(503); // Houston still fails: the probe says so itself
    expect(gw.emulator.calls.count()).toBe(before + 1);
    gw.emulator.faults.clear();
    expect((await gw.http().get('/readyz')).status).toBe(200);
    expect(gw.app.houston.breakerState()).not.toBe('closed'); // the healthy probe closed nothing
  });

  it('re-opens when the trial call after the cooldown fails', async () => {
    failHouston();
    await eventually(() => expect(gw.app.houston.breakerState()).toBe('half-open'), { timeout: 2_000, interval: 20 });
    const before = gw.emulator.calls.count();
    expectProblem(await read(), 502, 'GW_UPSTREAM_BAD_GATEWAY'); // the trial reached Houston
    expect(gw.emulator.calls.count()).toBe(before + 1);
    expect(gw.app.houston.breakerState()).toBe('open');
    expectProblem(await read(), 503, 'GW_UPSTREAM_CIRCUIT_OPEN');
    expect(gw.emulator.calls.count()).toBe(before + 1);
  });

  it('closes again after the cooldown once Houston is healthy', async () => {
    await eventually(() => expect(gw.app.houston.breakerState()).toBe('half-open'), { timeout: 2_000, interval: 20 });
    const res = await read();
    expect(res.status, res.text).toBe(200);
    expect(gw.app.houston.breakerState()).toBe('closed');
    expect((await read()).status).toBe(200);
  });

  it('logged every transition at warn, with no secret and no Houston address', () => {
    const transitions = breakerLogs();
    expect(transitions.map((l) => `${l.houstonBreaker!.from}>${l.houstonBreaker!.to}`)).toEqual([
      'closed>open',
      'open>half-open',
      'half-open>open',
      'open>half-open',
      'half-open>closed',
    ]);
    expect(transitions.every((l) => l.level === 40)).toBe(true);
    const text = JSON.stringify(transitions);
    for (const secret of [gw.adminKey, gw.emulator.adminKey, gw.emulator.url, `:${gw.emulator.port}`]) expect(text).not.toContain(secret);
  });
});

describe('concurrency bound (HOUSTON_MAX_CONCURRENCY=2)', () => {
  let gw: TestGateway;
  const expectProblem = problemAsserter(() => gw.emulator.adminKey);
  // The response cache is off: its coalescing of identical reads would hide the bound.
  const read = (path: string) => gw.http().get(path).set(bearer(gw.adminKey)).set('cache-control', 'no-cache');

  beforeAll(async () => {
    gw = await buildTestApp({
      env: { CACHE_ENABLED: 'false', HOUSTON_MAX_CONCURRENCY: '2', HOUSTON_READ_RETRIES: '2', HOUSTON_RETRY_BASE_MS: '1' },
    });
  });

  afterEach(() => {
    gw.emulator.faults.clear();
  });

  afterAll(async () => {
    await gw?.close();
  });

  /** Samples the client's counters and the emulator's call arrivals while `run` goes on. */
  async function watch<T>(rootField: string, run: () => Promise<T>) {
    const arrivals: number[] = [];
    let seen = gw.emulator.calls.count(rootField);
    let maxInFlight = 0;
    let maxQueued = 0;
    const sample = () => {
      const { inFlight, queued } = gw.app.houston.concurrency();
      maxInFlight = Math.max(maxInFlight, inFlight);
      maxQueued = Math.max(maxQueued, queued);
      const count = gw.emulator.calls.count(rootField);
      for (; seen < count; seen++) arrivals.push(performance.now());
    };
    const timer = setInterval(sample, 2);
    try {
      const result = await run();
      sample();
      return { result, arrivals, maxInFlight, maxQueued };
    } finally {
      clearInterval(timer);
    }
  }

  it('never has more than 2 calls at Houston: 6 concurrent reads wait their turn and all answer', async () => {
    const latency = 300;
    gw.emulator.faults.set({ latencyMs: latency });
    const path = `/deployments/${gw.emulator.demo!.deploymentId}`;
    const started = performance.now();
    const { result, arrivals, maxInFlight, maxQueued } = await watch('deployment', () =>
      Promise.all(Array.from({ length: 6 }, () => timed(read(path)))),
    );
    const elapsed = performance.now() - started;
    for (const { res, ms } of result) {
      expect(res.status, res.text).toBe(200);
      expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    }
    expect(maxInFlight).toBe(2);
    expect(maxQueued).toBeGreaterThanOrEqual(3);
    expect(arrivals).toHaveLength(6);
    // At Houston: a third call can only arrive once one of the two before it has been answered.
    for (let i = 2; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 2]!).toBeGreaterThan(latency - 80);
    expect(elapsed).toBeGreaterThanOrEqual(3 * latency - 40);
    expect(gw.app.houston.concurrency()).toEqual({ inFlight: 0, queued: 0, limit: 2 });
  });

  it('answers 503 GW_OVERLOADED with Retry-After to a call that cannot get a slot before its deadline', async () => {
    // Two reads fail after 1 s and go back in the queue for a retry, behind two reads that came
    // 200 ms after them and take both slots; the retries' deadlines (1.5 s) pass while they wait.
    gw.emulator.faults.set({ latencyMs: 1000, failureRate: 1, failStatus: 503 });
    const before = gw.emulator.calls.count();
    const first = [timed(read('/workspaces')), timed(read('/workspaces'))];
    await sleep(200);
    const second = [timed(read('/workspaces')), timed(read('/workspaces'))];
    const answers = await Promise.all([...first, ...second]);
    for (const { res, ms } of answers.slice(0, 2)) {
      expectProblem(res, 503, 'GW_OVERLOADED');
      expect(res.headers['retry-after']).toBe('1');
      expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    }
    for (const { res, ms } of answers.slice(2)) {
      expectProblem(res, 504, 'GW_UPSTREAM_TIMEOUT');
      expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    }
    expect(gw.emulator.calls.count()).toBe(before + 4);
    expect(gw.app.houston.concurrency()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('lets no request hang past the deadline when Houston is slower than it and calls queue up', async () => {
    gw.emulator.faults.set({ latencyMs: 3000 });
    const path = `/deployments/${gw.emulator.demo!.deploymentId}`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => timed(read(path))));
    for (const { res, ms } of answers) {
      expect([503, 504]).toContain(res.status);
      expect(['GW_OVERLOADED', 'GW_UPSTREAM_TIMEOUT']).toContain(res.body.code);
      expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    }
    expect(answers.filter(({ res }) => res.status === 504).length).toBeGreaterThanOrEqual(2);
    expect(gw.app.houston.concurrency()).toMatchObject({ inFlight: 0, queued: 0 });
  });
});

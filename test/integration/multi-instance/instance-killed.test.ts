// A gateway process killed (SIGKILL) in the middle of POST /deployments, and the client retrying
// the same request with the same Idempotency-Key on the other instances, as it would behind a load
// balancer. Exactly one deployment must exist afterwards, whether Houston had already created it
// when the instance died or never ran the request. The dead instance's claim keeps the key locked
// (retries get 409 with Retry-After) until it lapses — HOUSTON_TIMEOUT_MS plus
// IDEMPOTENCY_LOCK_MARGIN_MS after its last renewal — and the retry that then claims the key looks
// for what the dead attempt did before creating anything. Last, the orderly way out: SIGTERM lets
// the request in flight finish before the process exits.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Response } from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { SCOPES } from '../../../src/auth/scopes.js';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { createEmulator } from '../../../src/emulator/index.js';
import { dataOf, gql, uniqueLabel } from '../../helpers/emulator-client.js';
import { testHoustonVersion } from '../../helpers/gateway.js';
import { isErrorLine, startGatewayProcesses, timed, type GatewayProcess, type GatewayProcesses } from '../../helpers/gateway-processes.js';
import { bearer } from '../../helpers/problem.js';
import { eventually } from '../../helpers/eventually.js';

const HOUSTON_TIMEOUT_MS = 3_000;
const LOCK_MARGIN_MS = 1_000;
/** The dead attempt's claim lapses within this after the kill (its lock TTL), plus slack. */
const LAPSE_BOUND_MS = HOUSTON_TIMEOUT_MS + LOCK_MARGIN_MS + 2_000;
/** A retry waits up to 2 s for a running duplicate before answering 409; plus slack. */
const RETRY_BOUND_MS = 3_500;
const LIST_DEPLOYMENTS = 'query ($workspaceUuid: Uuid!) { workspaceDeployments(workspaceUuid: $workspaceUuid) { id label } }';

let emulator: HoustonEmulator;
let gws: GatewayProcesses;
let A: GatewayProcess;
let B: GatewayProcess;
let C: GatewayProcess;
let admin: string;
let workspaceId: string;

/** The workspace's deployments with this label, asked of Houston directly. */
async function inHouston(label: string): Promise<{ id: string; label: string }[]> {
  const data = dataOf(await gql(emulator, emulator.adminKey, LIST_DEPLOYMENTS, { workspaceUuid: workspaceId }));
  return (data.workspaceDeployments as { id: string; label: string }[]).filter((deployment) => deployment.label === label);
}

const create = (gw: GatewayProcess, key: string, body: object) => gw.http().post('/deployments').set(bearer(admin)).set('idempotency-key', key).send(body);

/**
 * The client's retry loop: the same request and key, on the given instances in turn, until one
 * answers other than 409. Every 409 must be the in-progress refusal with Retry-After, and no
 * attempt may hang.
 */
async function retryUntilAnswered(on: GatewayProcess[], key: string, body: object): Promise<{ answer: Response; refusals: number }> {
  const deadline = Date.now() + LAPSE_BOUND_MS + RETRY_BOUND_MS;
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    const { res, ms } = await timed(create(on[attempt % on.length]!, key, body));
    expect(ms).toBeLessThan(RETRY_BOUND_MS);
    if (res.status !== 409) return { answer: res, refusals: attempt };
    expect(res.body).toMatchObject({ code: 'GW_IDEMPOTENCY_IN_PROGRESS' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  }
  throw new Error('the key stayed locked past the lapse of the dead attempt');
}

beforeAll(async () => {
  emulator = await createEmulator({ port: 0, deployingMs: 50, seedDemo: true, houstonVersion: testHoustonVersion() });
  workspaceId = emulator.demo!.workspaceId;
  gws = await startGatewayProcesses({
    count: 3,
    houstonUrl: emulator.url,
    houstonApiKey: emulator.adminKey,
    redisUrl: inject('redisUrl'),
    env: { HOUSTON_TIMEOUT_MS: String(HOUSTON_TIMEOUT_MS), IDEMPOTENCY_LOCK_MARGIN_MS: String(LOCK_MARGIN_MS), HOUSTON_READ_RETRIES: '0' },
  });
  [A, B, C] = gws.processes as [GatewayProcess, GatewayProcess, GatewayProcess];
  admin = (await gws.keyWith([...SCOPES])).key;
}, 30_000);

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => console.error(gws?.output()));
});

afterEach(() => {
  emulator?.faults.clear();
});

afterAll(async () => {
  await gws?.closeAll();
  await emulator?.close();
}, 15_000);

describe('a gateway instance killed mid-request', () => {
  it('after Houston created the deployment: the retry elsewhere answers with that deployment, and there is one', { timeout: 20_000 }, async () => {
    const key = randomUUID();
    const body = { workspaceId, label: uniqueLabel('killed-after'), executor: 'CeleryExecutor', runtimeVersion: '9.1.0' };
    // Houston creates at once and answers 2 s later: A is killed while it waits for the answer.
    emulator.faults.set({ answerDelayMs: 2_000 });
    const first = create(A, key, body).then(
      (res) => res,
      (error: unknown) => error,
    );
    // Houston's own answers are held back too, so the call log (not a query) says it arrived.
    await eventually(() => expect(emulator.calls.count('createDeployment')).toBe(1), { timeout: 3_000, interval: 20 });
    await sleep(200);
    A.kill('SIGKILL');
    expect((await A.exited).signal).toBe('SIGKILL');
    // The client saw its connection drop, not an answer.
    expect(await first).toBeInstanceOf(Error);
    emulator.faults.clear();
    expect(await inHouston(body.label)).toHaveLength(1);

    const { answer, refusals } = await retryUntilAnswered([B, C], key, body);
    expect(answer.status, answer.text).toBe(201);
    const [created] = await inHouston(body.label);
    expect(answer.body).toMatchObject({ id: created!.id, label: body.label, workspaceId });
    expect(answer.headers.location).toBe(`/deployments/${created!.id}`);
    // The key stayed locked while the dead attempt's claim was live.
    expect(refusals).toBeGreaterThanOrEqual(1);
    expect(await inHouston(body.label)).toHaveLength(1);
    expect(emulator.calls.count('createDeployment')).toBe(1);

    // From now on every instance replays that answer.
    for (const gw of [B, C]) {
      const replay = await create(gw, key, body);
      expect(replay.status).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(answer.body);
    }
    expect(await inHouston(body.label)).toHaveLength(1);
  });

  it('before Houston ran the request: the retry elsewhere creates the deployment once', { timeout: 20_000 }, async () => {
    const key = randomUUID();
    const body = { workspaceId, label: uniqueLabel('killed-before'), executor: 'CeleryExecutor', runtimeVersion: '9.1.0' };
    const before = emulator.calls.count('createDeployment');
    // Houston holds the request 2 s before running it, and drops it when B's connection dies.
    emulator.faults.set({ latencyMs: 2_000 });
    const first = create(B, key, body).then(
      (res) => res,
      (error: unknown) => error,
    );
    await eventually(() => expect(emulator.calls.count('createDeployment')).toBe(before + 1), { timeout: 3_000, interval: 20 });
    B.kill('SIGKILL');
    await B.exited;
    expect(await first).toBeInstanceOf(Error);
    emulator.faults.clear();

    const { answer } = await retryUntilAnswered([C], key, body);
    expect(answer.status, answer.text).toBe(201);
    const found = await inHouston(body.label);
    expect(found).toHaveLength(1);
    expect(answer.body.id).toBe(found[0]!.id);
    // The dropped request and the retry's own: two calls, one deployment.
    expect(emulator.calls.count('createDeployment')).toBe(before + 2);
  });

  it('leaves the surviving instance serving, with nothing logged at error level', async () => {
    expect(C.exitStatus()).toBeNull();
    expect((await C.http().get('/healthz')).status).toBe(200);
    expect(C.logs().filter(isErrorLine)).toEqual([]);
  });
});

describe('a gateway instance stopped with SIGTERM', () => {
  it('finishes the request in flight, then exits 0 within SHUTDOWN_TIMEOUT_MS', { timeout: 15_000 }, async () => {
    // Houston takes 1 s: the read is in flight when the signal arrives.
    emulator.faults.set({ latencyMs: 1_000 });
    const inFlight = timed(C.http().get(`/workspaces/${workspaceId}`).set(bearer(admin)).set('cache-control', 'no-cache'));
    await eventually(() => expect(emulator.calls.count('workspace')).toBeGreaterThan(0), { timeout: 3_000, interval: 20 });
    const signalled = performance.now();
    C.kill('SIGTERM');
    const { res } = await inFlight;
    expect(res.status, res.text).toBe(200);
    expect(res.body.id).toBe(workspaceId);
    const exit = await C.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    // The harness sets SHUTDOWN_TIMEOUT_MS=2000; the process left well inside it.
    expect(performance.now() - signalled).toBeLessThan(Number(gws.env.SHUTDOWN_TIMEOUT_MS));
    expect(C.logs().filter(isErrorLine)).toEqual([]);
  });
});

// Limits on callers who fail: failed authentications counted per client address (AUTH_FAILURE_LIMIT
// per AUTH_FAILURE_WINDOW_SECONDS, shared in Redis by every instance, the address taken from
// X-Forwarded-For only behind a TRUSTED_PROXIES peer), and requests refused for scope spending the
// key's own rate limit. Requests come from 127.0.0.1, a trusted proxy here, so each test is a
// client of its own by its X-Forwarded-For address and no test spends another's count.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';

const LIMIT = 3;
const WINDOW_SECONDS = 60;
const ENV = { AUTH_FAILURE_LIMIT: String(LIMIT), AUTH_FAILURE_WINDOW_SECONDS: String(WINDOW_SECONDS) };

/** Shaped like a real key (`hgw_` + 43 base64url characters) but never issued. */
const unknownKey = () => `hgw_${randomBytes(32).toString('base64url')}`;

let clientCounter = 0;
/** A fresh client address (documentation range 198.51.100.0/24 and beyond). */
const freshClient = () => {
  clientCounter += 1;
  return `198.51.${100 + Math.floor(clientCounter / 250)}.${clientCounter % 250}`;
};

let gw: TestGateway;
let other: { app: FastifyInstance; http: () => supertest.Agent };

const expectProblem = problemAsserter(() => gw.emulator.adminKey);

const platform = (agent: supertest.Agent, key: string | null, client?: string) => {
  const request = agent.get('/platform');
  if (key !== null) request.set(bearer(key));
  if (client !== undefined) request.set('x-forwarded-for', `203.0.113.250, ${client}`);
  return request;
};

function expectAddressLimited(res: supertest.Response): void {
  expectProblem(res, 429, 'GW_RATE_LIMITED');
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
  expect(res.body.detail).toContain('failed authentications');
}

async function failTimes(agent: () => supertest.Agent, times: number, client?: string): Promise<void> {
  for (let i = 0; i < times; i++) {
    const res = await platform(agent(), unknownKey(), client);
    expectProblem(res, 401, 'GW_AUTH_INVALID');
  }
}

beforeAll(async () => {
  gw = await buildTestApp({ env: { ...ENV, TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' } });
  other = await gw.anotherInstance();
});

afterAll(async () => {
  await gw?.close();
});

describe('failed authentications per client address', () => {
  it('are answered 429 with Retry-After past the limit, for bad, missing and valid keys alike', async () => {
    const client = freshClient();
    await failTimes(() => gw.http(), LIMIT, client);

    expectAddressLimited(await platform(gw.http(), unknownKey(), client));
    expectAddressLimited(await platform(gw.http(), 'not-a-key', client));
    expectAddressLimited(await platform(gw.http(), null, client));
    // The check comes before any key is looked at, so a valid key is refused too: it cannot be
    // told from a guess without the very lookup the limit is there to spare.
    expectAddressLimited(await platform(gw.http(), gw.adminKey, client));
  });

  it('count malformed keys and keys of the right shape alike', async () => {
    const client = freshClient();
    for (const key of ['not-a-key', unknownKey(), 'hgw_short']) {
      expectProblem(await platform(gw.http(), key, client), 401, 'GW_AUTH_INVALID');
    }
    expectAddressLimited(await platform(gw.http(), unknownKey(), client));
  });

  it('leave another client address alone', async () => {
    const [noisy, quiet] = [freshClient(), freshClient()];
    await failTimes(() => gw.http(), LIMIT, noisy);
    expectAddressLimited(await platform(gw.http(), gw.adminKey, noisy));

    const res = await platform(gw.http(), gw.adminKey, quiet);
    expect(res.status, res.text).toBe(200);
    expectProblem(await platform(gw.http(), unknownKey(), quiet), 401, 'GW_AUTH_INVALID');
  });

  it('take the right-most X-Forwarded-For entry that is not a trusted proxy', async () => {
    const client = freshClient();
    // 10.1.2.3 is a trusted proxy (10.0.0.0/8): the client is the entry before it, whatever precedes.
    for (let i = 0; i < LIMIT; i++) {
      const res = await gw.http().get('/platform').set(bearer(unknownKey())).set('x-forwarded-for', `192.0.2.${i + 1}, ${client}, 10.1.2.3`);
      expectProblem(res, 401, 'GW_AUTH_INVALID');
    }
    expectAddressLimited(await platform(gw.http(), gw.adminKey, client));
  });

  it('are one count shared by every gateway instance on the same Redis', async () => {
    const client = freshClient();
    await failTimes(() => gw.http(), LIMIT - 1, client);
    await failTimes(() => other.http(), 1, client);
    expectAddressLimited(await platform(gw.http(), gw.adminKey, client));
    expectAddressLimited(await platform(other.http(), gw.adminKey, client));
  });

  it('are not counted for valid keys, nor for public routes', async () => {
    const client = freshClient();
    for (let i = 0; i < LIMIT + 1; i++) expect((await platform(gw.http(), gw.adminKey, client)).status).toBe(200);
    await failTimes(() => gw.http(), LIMIT, client);
    const health = await gw.http().get('/healthz').set(bearer(unknownKey())).set('x-forwarded-for', client);
    expect(health.status, health.text).toBe(200);
  });
});

describe('X-Forwarded-For from a peer that is not a trusted proxy', () => {
  let direct: TestGateway;

  beforeAll(async () => {
    // Only 10.0.0.0/8 is trusted: the test's own peer, 127.0.0.1, is a client like any other.
    direct = await buildTestApp({ env: { ...ENV, TRUSTED_PROXIES: '10.0.0.0/8' } });
  });

  afterAll(async () => {
    await direct?.close();
  });

  it('is ignored: the socket address is the client', async () => {
    for (let i = 0; i < LIMIT; i++) {
      const res = await platform(direct.http(), unknownKey(), freshClient());
      expect(res.status, res.text).toBe(401);
    }
    const res = await platform(direct.http(), direct.adminKey, freshClient());
    expect(res.status, res.text).toBe(429);
    expect(res.body.code).toBe('GW_RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('requests refused for scope', () => {
  it("spend the key's rate limit like allowed requests", async () => {
    const key = await gw.keyWith(['workspaces:read'], { rateLimit: { max: 3, windowSeconds: 60 } });
    const client = freshClient();
    for (let i = 0; i < 3; i++) {
      const res = await gw.http().post('/deployments').set(bearer(key)).set('x-forwarded-for', client).send({});
      expectProblem(res, 403, 'GW_AUTH_SCOPE');
    }
    const res = await platform(gw.http(), key, client);
    expectProblem(res, 429, 'GW_RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.detail).toContain('This caller key may make 3 requests per 60 s');
  });

  it('still come before the body is validated or Houston is asked', async () => {
    const key = await gw.keyWith(['workspaces:read', 'deployments:read']);
    const before = gw.emulator.calls.count();
    const res = await gw.http().post('/deployments').set(bearer(key)).send({ workspaceId: 'not-even-a-uuid' });
    expectProblem(res, 403, 'GW_AUTH_SCOPE');
    expect(gw.emulator.calls.count()).toBe(before);
  });
});

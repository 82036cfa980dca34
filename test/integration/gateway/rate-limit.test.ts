// Per-caller-key rate limits over real sockets, counted in the shared Redis: a key's own limit, the
// gateway default (RATE_LIMIT_MAX) for keys without one, one budget across replicas, and public
// routes left alone. Every key here is fresh, so no test spends another's budget.
import type { FastifyInstance } from 'fastify';
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';

const DEFAULT_MAX = 4;
const WINDOW_SECONDS = 60;

let gw: TestGateway;
let other: { app: FastifyInstance; http: () => supertest.Agent };

const expectProblem = problemAsserter(() => gw.emulator.adminKey);

/** A fresh key with a limit of its own (or the default when `max` is null). */
const limitedKey = (max: number | null) =>
  gw.keyWith(['workspaces:read'], max === null ? {} : { rateLimit: { max, windowSeconds: WINDOW_SECONDS } });

const platform = (agent: supertest.Agent, key: string) => agent.get('/platform').set(bearer(key));

function expectAllowed(res: supertest.Response, limit: number, remaining: number): void {
  expect(res.status, res.text).toBe(200);
  expect(res.headers['ratelimit-limit']).toBe(String(limit));
  expect(res.headers['ratelimit-remaining']).toBe(String(remaining));
  const reset = Number(res.headers['ratelimit-reset']);
  expect(reset).toBeGreaterThan(0);
  expect(reset).toBeLessThanOrEqual(WINDOW_SECONDS);
}

function expectLimited(res: supertest.Response, limit: number): void {
  expectProblem(res, 429, 'GW_RATE_LIMITED');
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
  expect(res.headers['ratelimit-limit']).toBe(String(limit));
  expect(res.headers['ratelimit-remaining']).toBe('0');
  expect(res.body.detail).toContain(`${limit} requests per ${WINDOW_SECONDS} s`);
}

beforeAll(async () => {
  gw = await buildTestApp({ env: { RATE_LIMIT_MAX: String(DEFAULT_MAX), RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS) } });
  other = await gw.anotherInstance();
});

afterAll(async () => {
  await gw?.close();
});

describe("a key's own limit", () => {
  it('allows max requests with a falling remaining count, then answers 429 without calling Houston', async () => {
    const key = await limitedKey(3);
    for (const remaining of [2, 1, 0]) expectAllowed(await platform(gw.http(), key), 3, remaining);

    // no-cache: were the request let through, it would have to ask Houston rather than a cached answer.
    const before = gw.emulator.calls.count();
    expectLimited(await platform(gw.http(), key).set('cache-control', 'no-cache'), 3);
    expect(gw.emulator.calls.count()).toBe(before);
  });

  it('is one budget across routes', async () => {
    const key = await limitedKey(3);
    expectAllowed(await platform(gw.http(), key), 3, 2);
    expectAllowed(await gw.http().get('/workspaces').set(bearer(key)), 3, 1);
    expectAllowed(await platform(gw.http(), key), 3, 0);
    expectLimited(await gw.http().get('/workspaces').set(bearer(key)), 3);
  });

  it('is one budget shared by every gateway instance on the same Redis', async () => {
    const key = await limitedKey(3);
    expectAllowed(await platform(gw.http(), key), 3, 2);
    expectAllowed(await platform(other.http(), key), 3, 1);
    expectAllowed(await platform(gw.http(), key), 3, 0);
    expectLimited(await platform(other.http(), key), 3);
    expectLimited(await platform(gw.http(), key), 3);
  });

  it('does not touch the budget of another key', async () => {
    const [spent, fresh] = [await limitedKey(3), await limitedKey(3)];
    for (let i = 0; i < 4; i++) await platform(gw.http(), spent);
    expectLimited(await platform(gw.http(), spent), 3);
    expectAllowed(await platform(gw.http(), fresh), 3, 2);
    expectAllowed(await platform(other.http(), fresh), 3, 1);
  });

  it('uses its own window, and the budget comes back when the window ends', async () => {
    const key = await gw.keyWith(['workspaces:read'], { rateLimit: { max: 1, windowSeconds: 1 } });
    const first = await platform(gw.http(), key);
    expect(first.status).toBe(200);
    expect(first.headers['ratelimit-reset']).toBe('1');
    const limited = await platform(gw.http(), key);
    expectProblem(limited, 429, 'GW_RATE_LIMITED');
    expect(limited.headers['retry-after']).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const again = await platform(other.http(), key);
    expect(again.status, again.text).toBe(200);
    expect(again.headers['ratelimit-remaining']).toBe('0');
  });

  it('may be above the gateway default', async () => {
    const key = await limitedKey(DEFAULT_MAX + 2);
    for (let i = 0; i <= DEFAULT_MAX; i++) expectAllowed(await platform(gw.http(), key), DEFAULT_MAX + 2, DEFAULT_MAX + 1 - i);
  });
});

describe('the gateway default', () => {
  it('applies RATE_LIMIT_MAX to a key without a limit of its own', async () => {
    const key = await limitedKey(null);
    for (let i = 0; i < DEFAULT_MAX; i++) expectAllowed(await platform(gw.http(), key), DEFAULT_MAX, DEFAULT_MAX - 1 - i);
    expectLimited(await platform(gw.http(), key), DEFAULT_MAX);
  });
});

describe('public routes', () => {
  it('leaves /healthz unlimited and without rate-limit headers, even for a spent key', async () => {
    const key = await limitedKey(1);
    await platform(gw.http(), key);
    expectLimited(await platform(gw.http(), key), 1);
    for (let i = 0; i < 2 * DEFAULT_MAX; i++) {
      const headers = i % 2 === 0 ? bearer(key) : {};
      const res = await gw.http().get('/healthz').set(headers);
      expect(res.status, res.text).toBe(200);
      expect(res.headers['ratelimit-limit']).toBeUndefined();
      expect(res.headers['ratelimit-remaining']).toBeUndefined();
    }
  });
});

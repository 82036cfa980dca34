// CORS for CORS_ORIGINS: a browser on an allowed origin gets its preflight answered (before any
// key is asked for) and may read the answers and the headers the API tells callers to use; any
// other origin gets no CORS header at all, its preflight included; without CORS_ORIGINS nothing
// changes. Requests are sent as a browser sends them (Origin, Access-Control-Request-*).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer } from '../../helpers/problem.js';

const PORTAL = 'https://portal.example.com';
const OTHER_PORTAL = 'http://localhost:5173';
const STRANGER = 'https://evil.example.net';

/** Every CORS response header (Vary aside, which caches need whatever the origin). */
const corsHeadersOf = (headers: Record<string, string>) => Object.keys(headers).filter((name) => name.startsWith('access-control-'));

/** A browser's preflight for a GET with a key header. */
const preflight = (gw: TestGateway, origin: string, path = '/workspaces') =>
  gw
    .http()
    .options(path)
    .set('origin', origin)
    .set('access-control-request-method', 'GET')
    .set('access-control-request-headers', 'authorization,x-request-id');

describe('with CORS_ORIGINS', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await buildTestApp({ env: { CORS_ORIGINS: `${PORTAL}, ${OTHER_PORTAL}` } });
  });
  afterAll(() => gw.close());

  it('answers an allowed origin’s preflight with 204, without a key, naming the methods and headers the API takes', async () => {
    const res = await preflight(gw, PORTAL);
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    const methods = res.headers['access-control-allow-methods']!.split(/,\s*/);
    expect(methods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
    const allowed = res.headers['access-control-allow-headers']!.toLowerCase().split(/,\s*/);
    expect(allowed).toEqual(
      expect.arrayContaining(['authorization', 'x-api-key', 'content-type', 'idempotency-key', 'if-none-match', 'x-request-id', 'traceparent', 'tracestate']),
    );
    expect(Number(res.headers['access-control-max-age'])).toBeGreaterThan(0);
    expect(res.headers.vary).toMatch(/origin/i);
  });

  it('answers the preflight of a write with a JSON body and an Idempotency-Key', async () => {
    const res = await gw
      .http()
      .options('/deployments')
      .set('origin', OTHER_PORTAL)
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'content-type,idempotency-key,x-api-key');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(OTHER_PORTAL);
  });

  it('lets an allowed origin read a GET made with a key, and the headers callers use', async () => {
    // A second workspace, made cross-origin too, so a page of one has a next page (Link).
    const created = await gw.http().post('/workspaces').set('origin', PORTAL).set(bearer(gw.adminKey)).send({ label: uniqueLabel('cors') });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.location).toBeDefined();
    expect(created.headers['access-control-expose-headers']).toMatch(/\bLocation\b/);
    const res = await gw.http().get('/workspaces?limit=1').set('origin', PORTAL).set(bearer(gw.adminKey));
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    const exposed = res.headers['access-control-expose-headers']!.toLowerCase().split(/,\s*/);
    expect(exposed).toEqual(
      expect.arrayContaining(['etag', 'location', 'link', 'x-cache', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after', 'x-request-id']),
    );
    // Each header the page is told it may read is really sent on this answer (the rate-limit
    // names are @fastify/rate-limit's draft-spec ones, not X-RateLimit-*).
    for (const name of ['etag', 'link', 'x-cache', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'x-request-id']) {
      expect(res.headers[name], name).toBeDefined();
    }
    // Helmet's CORP must not contradict the origins the gateway lets read its answers.
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
  });

  it('lets an allowed origin read refusals (401, 429 problem+json), so the page can tell the user why', async () => {
    const res = await gw.http().get('/workspaces').set('origin', PORTAL);
    expect(res.status).toBe(401);
    expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(res.body.code).toBe('GW_AUTH_MISSING');

    const key = await gw.keyWith(['workspaces:read'], { rateLimit: { max: 1, windowSeconds: 60 } });
    expect((await gw.http().get('/workspaces').set('origin', PORTAL).set(bearer(key))).status).toBe(200);
    const limited = await gw.http().get('/workspaces').set('origin', PORTAL).set(bearer(key));
    expect(limited.status).toBe(429);
    expect(limited.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.headers['access-control-expose-headers']).toMatch(/\bRetry-After\b/);
  });

  it('gives a disallowed origin no CORS header: its preflight is not answered, its GET is not readable', async () => {
    const refused = await preflight(gw, STRANGER);
    expect(refused.status).toBe(404);
    expect(corsHeadersOf(refused.headers)).toEqual([]);
    expect(refused.text).not.toMatch(/authorization|idempotency|PATCH/i);

    const read = await gw.http().get('/workspaces').set('origin', STRANGER).set(bearer(gw.adminKey));
    expect(read.status).toBe(200); // served (curl is no browser), but a browser may not read it
    expect(corsHeadersOf(read.headers)).toEqual([]);
  });

  it('matches origins exactly: another scheme, port or a suffix is another origin', async () => {
    for (const origin of ['http://portal.example.com', 'https://portal.example.com:8443', 'https://portal.example.com.evil.net', 'null']) {
      const res = await preflight(gw, origin);
      expect(corsHeadersOf(res.headers), origin).toEqual([]);
    }
  });

  it('adds no CORS header to a request without an Origin', async () => {
    const res = await gw.http().get('/workspaces').set(bearer(gw.adminKey));
    expect(corsHeadersOf(res.headers)).toEqual([]);
  });
});

describe('without CORS_ORIGINS', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await buildTestApp();
  });
  afterAll(() => gw.close());

  it('sends no CORS header, answers no preflight and keeps CORP same-origin', async () => {
    const refused = await preflight(gw, PORTAL);
    expect(refused.status).toBe(404);
    expect(corsHeadersOf(refused.headers)).toEqual([]);
    const read = await gw.http().get('/workspaces').set('origin', PORTAL).set(bearer(gw.adminKey));
    expect(read.status).toBe(200);
    expect(corsHeadersOf(read.headers)).toEqual([]);
    expect(read.headers.vary ?? '').not.toMatch(/origin/i);
    expect(read.headers['cross-origin-resource-policy']).toBe('same-origin');
  });
});

// The ops listener (OPS_PORT): /metrics — and, by OPS_ROUTES, the docs and /admin/keys — answer
// there and 404 on the public port; probes answer on both; the API stays on the public port only.
// Without OPS_PORT nothing moves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';

let gwForSecret: TestGateway | undefined;
const expectProblem = problemAsserter(() => gwForSecret?.emulator.adminKey ?? 'no-gateway-yet');

describe('with OPS_PORT (metrics only, the default)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await buildTestApp({ env: { OPS_PORT: '0' } });
    gwForSecret = gw;
  });
  afterAll(() => gw.close());

  it('listens on a port of its own', () => {
    const ops = gw.app.opsServer?.address();
    const main = gw.app.server.address();
    expect(ops).toMatchObject({ port: expect.any(Number) });
    expect(typeof ops === 'object' && typeof main === 'object' && ops?.port !== main?.port).toBe(true);
  });

  it('serves /metrics on the ops port and answers 404 problem+json for it on the public port', async () => {
    const scraped = await gw.ops().get('/metrics');
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('houston_gateway_http_request_duration_seconds');
    const refused = await gw.http().get('/metrics');
    expectProblem(refused, 404, 'GW_ROUTE_NOT_FOUND');
  });

  it('counts the public listener’s requests in the metrics the ops port serves (one app, shared state)', async () => {
    expect((await gw.http().get('/workspaces').set(bearer(gw.adminKey))).status).toBe(200);
    const scraped = await gw.ops().get('/metrics');
    expect(scraped.text).toMatch(/houston_gateway_http_request_duration_seconds_count\{method="GET",route="\/workspaces",status="200"\} [1-9]/);
  });

  it('answers the probes on both ports', async () => {
    for (const agent of [gw.http(), gw.ops()]) {
      expect((await agent.get('/healthz')).status).toBe(200);
      const ready = await agent.get('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('ready');
    }
  });

  it('does not serve the API, the docs or /admin/keys on the ops port', async () => {
    expectProblem(await gw.ops().get('/workspaces').set(bearer(gw.adminKey)), 404, 'GW_ROUTE_NOT_FOUND');
    expectProblem(await gw.ops().get('/openapi.json'), 404, 'GW_ROUTE_NOT_FOUND');
    expectProblem(await gw.ops().get('/admin/keys').set(bearer(gw.adminKey)), 404, 'GW_ROUTE_NOT_FOUND');
    // and they stay on the public port
    expect((await gw.http().get('/openapi.json')).status).toBe(200);
    expect((await gw.http().get('/admin/keys').set(bearer(gw.adminKey))).status).toBe(200);
  });

  it('answers a HEAD of /metrics on the ops port only', async () => {
    expect((await gw.ops().head('/metrics')).status).toBe(200);
    expect((await gw.http().head('/metrics')).status).toBe(404);
  });
});

describe('with OPS_ROUTES=metrics,docs,admin', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await buildTestApp({ env: { OPS_PORT: '0', OPS_ROUTES: 'metrics,docs,admin' } });
    gwForSecret = gw;
  });
  afterAll(() => gw.close());

  it('moves the docs and /admin/keys (with their authentication) to the ops port', async () => {
    expect((await gw.ops().get('/openapi.json')).status).toBe(200);
    expect((await gw.ops().get('/docs/')).status).toBe(200);
    expect((await gw.ops().get('/admin/keys').set(bearer(gw.adminKey))).status).toBe(200);
    expectProblem(await gw.ops().get('/admin/keys'), 401, 'GW_AUTH_MISSING');
    const created = await gw.ops().post('/admin/keys').set(bearer(gw.adminKey)).send({ name: 'via-ops', scopes: ['workspaces:read'] });
    expect(created.status, created.text).toBe(201);
    // The key made there works on the public port: one key store.
    expect((await gw.http().get('/workspaces').set(bearer(created.body.key as string))).status).toBe(200);
  });

  it('answers 404 for them on the public port, before authentication', async () => {
    expectProblem(await gw.http().get('/openapi.json'), 404, 'GW_ROUTE_NOT_FOUND');
    expectProblem(await gw.http().get('/docs/'), 404, 'GW_ROUTE_NOT_FOUND');
    expectProblem(await gw.http().get('/admin/keys'), 404, 'GW_ROUTE_NOT_FOUND');
    expectProblem(await gw.http().get(`/admin/keys/some-id`).set(bearer(gw.adminKey)), 404, 'GW_ROUTE_NOT_FOUND');
    expectProblem(await gw.http().get('/metrics'), 404, 'GW_ROUTE_NOT_FOUND');
  });
});

describe('without OPS_PORT', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await buildTestApp();
  });
  afterAll(() => gw.close());

  it('serves everything on the public port, as before', async () => {
    expect(gw.app.opsServer).toBeNull();
    expect(() => gw.ops()).toThrow(/no ops listener/);
    expect((await gw.http().get('/metrics')).status).toBe(200);
    expect((await gw.http().get('/healthz')).status).toBe(200);
    expect((await gw.http().get('/openapi.json')).status).toBe(200);
    expect((await gw.http().get('/admin/keys').set(bearer(gw.adminKey))).status).toBe(200);
  });
});

describe('closing the gateway', () => {
  it('closes the ops listener too', async () => {
    const gw = await buildTestApp({ env: { OPS_PORT: '0' } });
    const ops = gw.app.opsServer!;
    expect(ops.listening).toBe(true);
    await gw.close();
    expect(ops.listening).toBe(false);
    expect(gw.app.server.listening).toBe(false);
  });
});

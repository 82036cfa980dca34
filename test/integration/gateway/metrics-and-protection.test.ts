import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer } from '../../helpers/problem.js';
import { eventually } from '../../helpers/eventually.js';

let gw: TestGateway;

beforeAll(async () => {
  gw = await buildTestApp();
});
afterAll(() => gw.close());

/** The value of one sample line of a Prometheus text exposition, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name}{`) && wanted.every((label) => candidate.includes(label)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('GET /metrics', () => {
  it('counts requests by route template and status, Houston calls by operation, and cache events', async () => {
    const path = `/workspaces/${gw.emulator.demo!.workspaceId}/deployments`;
    await gw.http().get(path).set(bearer(gw.adminKey)).expect(200);
    await gw.http().get(path).set(bearer(gw.adminKey)).expect(200);
    await gw.http().get('/workspaces/no-such-workspace').set(bearer(gw.adminKey)).expect(404);

    const res = await gw.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    const requests = 'houston_gateway_http_request_duration_seconds_count';
    expect(sample(text, requests, { route: '/workspaces/:workspaceId/deployments', status: '200', method: 'GET' })).toBe(2);
    expect(sample(text, requests, { route: '/workspaces/:workspaceId', status: '404' })).toBe(1);
    expect(sample(text, 'houston_gateway_houston_call_duration_seconds_count', { operation: 'ListWorkspaceDeployments', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'houston_gateway_houston_call_duration_seconds_count', { operation: 'GetWorkspace' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'houston_gateway_cache_events_total', { event: 'hit' })).toBe(1);
    expect(sample(text, 'houston_gateway_cache_events_total', { event: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^houston_gateway_houston_breaker_state 0$/m);
    expect(sample(text, 'houston_gateway_houston_calls_in_flight', { state: 'queued' })).toBe(0);
    expect(text).toContain('houston_gateway_process_cpu_seconds_total');
    expect(text).not.toContain(gw.adminKey);
    expect(text).not.toContain(gw.emulator.adminKey);
  });

  it('counts rate-limit rejections', async () => {
    const key = await gw.keyWith(['workspaces:read'], { rateLimit: { max: 1, windowSeconds: 60 } });
    await gw.http().get('/workspaces').set(bearer(key)).expect(200);
    await gw.http().get('/workspaces').set(bearer(key)).expect(429);
    const text = (await gw.http().get('/metrics').expect(200)).text;
    expect(sample(text, 'houston_gateway_rate_limit_rejections_total', { route: '/workspaces' })).toBeGreaterThanOrEqual(1);
  });
});

describe('security headers', () => {
  it('are on API answers and problem answers alike', async () => {
    for (const res of [await gw.http().get('/workspaces').set(bearer(gw.adminKey)), await gw.http().get('/workspaces')]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('load shedding', () => {
  it('answers 503 problem+json with Retry-After past the heap bound, and keeps the probes answering', async () => {
    const tight = await buildTestApp({ env: { PRESSURE_MAX_HEAP_USED_BYTES: '1' } });
    try {
      await eventually(
        async () => {
          const res = await tight.http().get('/workspaces').set(bearer(tight.adminKey));
          expect(res.status).toBe(503);
          expect(res.body).toMatchObject({ code: 'GW_OVERLOADED' });
          expect(res.headers['retry-after']).toBe('2');
        },
        { timeout: 5_000, interval: 200 },
      );
      expect((await tight.http().get('/healthz')).status).toBe(200);
      expect((await tight.http().get('/readyz')).status).toBe(200);
    } finally {
      await tight.close();
    }
  });
});

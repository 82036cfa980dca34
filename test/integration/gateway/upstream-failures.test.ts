// Every route of the workspace, deployment, variable and platform resources when Houston fails:
// down, 5xx, a body that is not JSON, a dropped socket (all 502) and too slow (504). The caller
// learns the kind of failure, never the internals.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from 'supertest';
import type { FaultSettings } from '../../../src/emulator/api.js';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';

const UNKNOWN_ID = 'cunknown00000000000000000';

let gw: TestGateway;
let workspaceId: string;
let deploymentId: string;

interface Route {
  name: string;
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: () => string;
  body?: () => object;
}

// Writes aim at unknown ids: a slow request may still reach Houston after the gateway gave up.
const ROUTES: Route[] = [
  { name: 'GET /platform', method: 'get', path: () => '/platform' },
  { name: 'GET /workspaces', method: 'get', path: () => '/workspaces' },
  { name: 'POST /workspaces', method: 'post', path: () => '/workspaces', body: () => ({ label: uniqueLabel('late') }) },
  { name: 'GET /workspaces/:id', method: 'get', path: () => `/workspaces/${workspaceId}` },
  { name: 'PATCH /workspaces/:id', method: 'patch', path: () => `/workspaces/${UNKNOWN_ID}`, body: () => ({ description: 'x' }) },
  { name: 'DELETE /workspaces/:id', method: 'delete', path: () => `/workspaces/${UNKNOWN_ID}` },
  { name: 'GET /workspaces/:id/deployments', method: 'get', path: () => `/workspaces/${workspaceId}/deployments` },
  {
    name: 'POST /deployments',
    method: 'post',
    path: () => '/deployments',
    body: () => ({ workspaceId: UNKNOWN_ID, label: 'late', executor: 'CeleryExecutor' }),
  },
  { name: 'GET /deployments/:id', method: 'get', path: () => `/deployments/${deploymentId}` },
  { name: 'PATCH /deployments/:id', method: 'patch', path: () => `/deployments/${UNKNOWN_ID}`, body: () => ({ label: 'x' }) },
  { name: 'DELETE /deployments/:id', method: 'delete', path: () => `/deployments/${UNKNOWN_ID}` },
  { name: 'GET /deployments/:id/environment-variables', method: 'get', path: () => `/deployments/${deploymentId}/environment-variables` },
  {
    name: 'PUT /deployments/:id/environment-variables',
    method: 'put',
    path: () => `/deployments/${UNKNOWN_ID}/environment-variables`,
    body: () => ({ environmentVariables: [{ key: 'A', value: 'b' }] }),
  },
];

function send(route: Route): Promise<Response> {
  const req = gw.http()[route.method](route.path()).set({ authorization: `Bearer ${gw.adminKey}`, 'x-request-id': `fail-${route.method}` });
  return route.body ? req.send(route.body()) : req;
}

function expectUpstreamProblem(res: Response, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, title: expect.any(String), type: expect.any(String) });
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
  expect(res.body.requestId).toMatch(/^fail-/);
  // Internals stay in the log: no stack, no upstream address, no Houston key.
  expect(res.text).not.toMatch(/\bat .*:\d+:\d+|"stack"|ECONNREFUSED|SyntaxError/);
  expect(res.text).not.toContain(`:${gw.emulator.port}`);
  expect(res.text + JSON.stringify(res.headers)).not.toContain(gw.emulator.adminKey);
}

beforeAll(async () => {
  // A short Houston timeout: every route waits it out once in the 504 block.
  gw = await buildTestApp({ env: { CACHE_ENABLED: 'false', HOUSTON_TIMEOUT_MS: '700' } });
  workspaceId = gw.emulator.demo!.workspaceId;
  deploymentId = gw.emulator.demo!.deploymentId;
});

afterEach(() => {
  gw.emulator.faults.clear();
});

afterAll(async () => {
  await gw?.close();
});

describe('Houston answers normally', () => {
  it.each(ROUTES.filter((r) => r.method === 'get'))('$name succeeds, so the failures below come from the faults', async (route) => {
    expect((await send(route)).status).toBe(200);
  });
});

describe('Houston is down', () => {
  it.each(ROUTES)('$name returns 502', async (route) => {
    await gw.emulator.stop();
    try {
      expectUpstreamProblem(await send(route), 502, 'GW_UPSTREAM_UNAVAILABLE');
    } finally {
      await gw.emulator.start();
    }
  });
});

const FAULTS: { name: string; faults: FaultSettings; status: number; code: string }[] = [
  { name: 'answers HTTP 503', faults: { failureRate: 1, failStatus: 503 }, status: 502, code: 'GW_UPSTREAM_BAD_GATEWAY' },
  { name: 'answers HTTP 500', faults: { failureRate: 1, failStatus: 500 }, status: 502, code: 'GW_UPSTREAM_BAD_GATEWAY' },
  { name: 'answers a body that is not JSON', faults: { malformedBody: true }, status: 502, code: 'GW_UPSTREAM_BAD_GATEWAY' },
  { name: 'closes the socket', faults: { closeSocket: true }, status: 502, code: 'GW_UPSTREAM_UNAVAILABLE' },
  { name: 'is slower than HOUSTON_TIMEOUT_MS', faults: { latencyMs: 3000 }, status: 504, code: 'GW_UPSTREAM_TIMEOUT' },
];

describe.each(FAULTS)('Houston $name', ({ faults, status, code }) => {
  it.each(ROUTES)(`$name returns ${status}`, async (route) => {
    gw.emulator.faults.set(faults);
    expectUpstreamProblem(await send(route), status, code);
  });
});

describe('after the faults', () => {
  it('serves again once Houston recovers', async () => {
    const res = await gw.http().get(`/deployments/${deploymentId}`).set({ authorization: `Bearer ${gw.adminKey}` });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(deploymentId);
  });
});

// GET /clusters and how POST /deployments picks a cluster, on every Houston line of the matrix:
// from 1.0 clusters are listed and a create lands on the one named, the configured default, or the
// only one; before 1.0 the cluster routes answer 501 without asking Houston.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { atLeast, suiteLine } from '../../helpers/houston-line.js';
import { loadDocument, operationsOf } from '../../helpers/openapi-oracle.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';

const line = suiteLine();
let gw: TestGateway;
const expectProblem = problemAsserter(() => gw.emulator.adminKey);

beforeAll(async () => {
  gw = await buildTestApp({ env: { CACHE_ENABLED: 'false' } });
});

afterAll(async () => {
  await gw?.close();
});

const create = (gateway: TestGateway, extra: Record<string, unknown> = {}) =>
  gateway
    .http()
    .post('/deployments')
    .set(bearer(gateway.adminKey))
    .send({ workspaceId: gateway.emulator.demo!.workspaceId, label: uniqueLabel('c'), executor: 'CeleryExecutor', ...extra });

describe.runIf(line.clusters)(`clusters on Houston ${line.version}`, () => {
  it('lists the platform clusters', async () => {
    const res = await gw.http().get('/clusters').set(bearer(gw.adminKey));
    expect(res.status, res.text).toBe(200);
    expect((res.body as { id: string; name: string }[]).map(({ id, name }) => ({ id, name }))).toEqual(gw.emulator.clusters);
    // Cluster status arrives with 2.0's cluster status management.
    for (const cluster of res.body as { status: string | null }[]) expect(cluster.status).toBe(atLeast(line.version, '2.0.0') ? 'ACTIVE' : null);
  });

  it('gets one cluster, and 404 for an unknown id', async () => {
    const [first] = gw.emulator.clusters;
    const res = await gw.http().get(`/clusters/${first!.id}`).set(bearer(gw.adminKey));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: first!.id, name: first!.name });
    expectProblem(await gw.http().get('/clusters/cunknowncluster0000000000').set(bearer(gw.adminKey)), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('answers any valid caller key, and 401 without one', async () => {
    expect((await gw.http().get('/clusters').set(bearer(await gw.keyWith(['users:read'])))).status).toBe(200);
    expectProblem(await gw.http().get('/clusters'), 401, 'GW_AUTH_MISSING');
  });

  it('refuses a create that names no cluster with 422 saying how to find one, when there are several and no default', async () => {
    const noDefault = await buildTestApp({ env: { HOUSTON_DEFAULT_CLUSTER_ID: '' } });
    try {
      const res = await create(noDefault);
      expect(res.status, res.text).toBe(422);
      expect(res.body.code).toBe('GW_REQUEST_UNPROCESSABLE');
      expect(res.body.detail).toMatch(/GET \/clusters/);
      expect(res.body.detail).toMatch(/HOUSTON_DEFAULT_CLUSTER_ID/);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body/clusterId' }));
      // The namespaces of "the" cluster are asked the same way, and refused the same way.
      const namespaces = await noDefault.http().get('/namespaces').set(bearer(noDefault.adminKey));
      expect(namespaces.status, namespaces.text).toBe(422);
      expect(namespaces.body.errors).toContainEqual(expect.objectContaining({ field: 'querystring/clusterId' }));
    } finally {
      await noDefault.close();
    }
  });

  it('answers 404 to the namespaces of a cluster Houston does not know, a status the operation declares', async () => {
    expectProblem(await gw.http().get('/namespaces?clusterId=cunknowncluster00000000').set(bearer(gw.adminKey)), 404, 'GW_UPSTREAM_NOT_FOUND');
    expect(Object.keys(operationsOf(loadDocument()).find((op) => op.name === 'GET /namespaces')!.responses)).toContain('404');
  });

  it("creates on the platform's only cluster when the caller names none and no default is set", async () => {
    const solo = await buildTestApp({ emulator: { clusters: ['solo'] }, env: { HOUSTON_DEFAULT_CLUSTER_ID: '' } });
    try {
      const res = await create(solo);
      expect(res.status, res.text).toBe(201);
      expect(res.body.clusterId).toBe(solo.emulator.clusters[0]!.id);
    } finally {
      await solo.close();
    }
  });

  it.runIf(atLeast(line.version, '2.0.0'))("passes on Houston's refusal to create on an INACTIVE cluster as 422", async () => {
    const [, edge] = gw.emulator.clusters;
    gw.emulator.seed.clusterStatus(edge!.id, 'INACTIVE', { reason: 'maintenance' });
    try {
      const res = await create(gw, { clusterId: edge!.id });
      expectProblem(res, 422, 'GW_UPSTREAM_INVALID');
      expect((await gw.http().get(`/clusters/${edge!.id}`).set(bearer(gw.adminKey))).body.status).toBe('INACTIVE');
    } finally {
      gw.emulator.seed.clusterStatus(edge!.id, 'ACTIVE');
    }
  });
});

describe.runIf(!line.clusters)(`clusters on Houston ${line.version} (before clusters)`, () => {
  it.each(['/clusters', '/clusters/some-cluster'])('GET %s answers 501 naming what Houston lacks, without asking Houston', async (path) => {
    const before = gw.emulator.calls.count();
    const res = await gw.http().get(path).set(bearer(gw.adminKey));
    expectProblem(res, 501, 'GW_UPSTREAM_UNSUPPORTED');
    expect(res.body.detail).toMatch(/ListClusters/);
    expect(res.body.detail).toMatch(/paginatedClusters/);
    expect(gw.emulator.calls.count()).toBe(before);
  });

  it('still checks the caller key first', async () => {
    expectProblem(await gw.http().get('/clusters'), 401, 'GW_AUTH_MISSING');
  });

  it('lists the cluster routes as unsupported in /metrics', async () => {
    const res = await gw.http().get('/metrics');
    expect(res.text).toContain('houston_gateway_houston_unsupported_routes{route="GET /clusters"} 1');
    expect(res.text).toContain('houston_gateway_houston_unsupported_routes{route="GET /clusters/:clusterId"} 1');
  });
});

// Runtime releases, Runtime upgrades and image deploys through the gateway, on every Houston line of
// the matrix: the same routes everywhere, 501 where the line lacks the operation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { atLeast, suiteLine } from '../../helpers/houston-line.js';
import { loadDocument, operationsOf } from '../../helpers/openapi-oracle.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';

const line = suiteLine();
const images = atLeast(line.version, '0.29.2');
const UNKNOWN_ID = 'cunknowndeployment0000000';
const IMAGE = 'registry.local.houston.test/etl/airflow:ci-42';

let gw: TestGateway;
let demoId: string;
const expectProblem = problemAsserter(() => gw.emulator.adminKey);

beforeAll(async () => {
  // Rollouts last a minute here, so an upgrade is still under way when a test cancels it.
  gw = await buildTestApp({ emulator: { deployingMs: 60_000 }, env: { CACHE_ENABLED: 'false' } });
  demoId = gw.emulator.demo!.workspaceId;
});

afterAll(async () => {
  await gw?.close();
});

async function createDeployment(): Promise<{ id: string; releaseName: string }> {
  const res = await gw
    .http()
    .post('/deployments')
    .set(bearer(gw.adminKey))
    .send({ workspaceId: demoId, label: uniqueLabel('rt'), executor: 'CeleryExecutor', ...(line.runtime ? { runtimeVersion: '9.1.0' } : {}) });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; releaseName: string };
}

describe.runIf(line.runtime)(`Runtime releases and upgrades on Houston ${line.version}`, () => {
  it('lists the Runtime releases, and filters them by Airflow version', async () => {
    const all = await gw.http().get('/runtime-releases').set(bearer(gw.adminKey));
    expect(all.status).toBe(200);
    expect(all.body).toContainEqual(expect.objectContaining({ version: '9.1.0', airflowVersion: '2.7.1' }));
    const some = await gw.http().get('/runtime-releases?airflowVersion=2.7.1').set(bearer(gw.adminKey));
    expect(some.body.length).toBeGreaterThan(0);
    expect(some.body.length).toBeLessThan(all.body.length);
    for (const release of some.body as { airflowVersion: string }[]) expect(release.airflowVersion).toBe('2.7.1');
  });

  it.runIf(line.clusters)('lists the releases a cluster offers', async () => {
    const [primary, edge] = gw.emulator.clusters;
    const versions = async (clusterId: string) =>
      ((await gw.http().get(`/runtime-releases?clusterId=${clusterId}`).set(bearer(gw.adminKey))).body as { version: string }[]).map((r) => r.version);
    expect(await versions(primary!.id)).toContain('10.3.0');
    expect(await versions(edge!.id)).not.toContain('10.3.0');
  });

  it.runIf(line.clusters)('answers 404 for a cluster Houston does not know, a status the operation declares', async () => {
    expectProblem(await gw.http().get('/runtime-releases?clusterId=cunknowncluster00000000').set(bearer(gw.adminKey)), 404, 'GW_UPSTREAM_NOT_FOUND');
    expect(Object.keys(operationsOf(loadDocument()).find((op) => op.name === 'GET /runtime-releases')!.responses)).toContain('404');
  });

  it.runIf(!line.clusters)('refuses clusterId with 400 before Houston 1.0', async () => {
    const res = await gw.http().get('/runtime-releases?clusterId=some-cluster').set(bearer(gw.adminKey));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'querystring/clusterId' }));
  });

  it('starts an upgrade, shown as desiredRuntimeVersion, and cancels it', async () => {
    const created = await createDeployment();
    const started = await gw.http().post(`/deployments/${created.id}/runtime-upgrade`).set(bearer(gw.adminKey)).send({ runtimeVersion: '9.5.0' });
    expect(started.status, started.text).toBe(202);
    expect(started.body).toMatchObject({ id: created.id, runtimeVersion: '9.1.0', desiredRuntimeVersion: '9.5.0' });
    expect((await gw.http().get(`/deployments/${created.id}`).set(bearer(gw.adminKey))).body.desiredRuntimeVersion).toBe('9.5.0');
    const cancelled = await gw.http().delete(`/deployments/${created.id}/runtime-upgrade`).set(bearer(gw.adminKey));
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body).toMatchObject({ runtimeVersion: '9.1.0', desiredRuntimeVersion: '9.1.0' });
  });

  it("answers Houston's refusal of an unknown or older version with 422, and 404 for an unknown deployment", async () => {
    const created = await createDeployment();
    const upgrade = (id: string, runtimeVersion: string) =>
      gw.http().post(`/deployments/${id}/runtime-upgrade`).set(bearer(gw.adminKey)).send({ runtimeVersion });
    expectProblem(await upgrade(created.id, '0.0.1'), 422, 'GW_UPSTREAM_INVALID');
    expectProblem(await upgrade(created.id, '6.0.4'), 422, 'GW_UPSTREAM_INVALID');
    expectProblem(await upgrade(UNKNOWN_ID, '9.5.0'), 404, 'GW_UPSTREAM_NOT_FOUND');
    expectProblem(await gw.http().post(`/deployments/${created.id}/runtime-upgrade`).set(bearer(gw.adminKey)).send({}), 400, 'GW_REQUEST_INVALID');
  });

  it("refuses an upgrade for a key whose allow-list excludes the workspace, and passes on Houston's denial", async () => {
    const created = await createDeployment();
    const other = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({ label: uniqueLabel('elsewhere') });
    const restricted = await gw.keyWith(['deployments:write'], { workspaces: [other.body.id as string] });
    const upgrade = (key: string) => gw.http().post(`/deployments/${created.id}/runtime-upgrade`).set(bearer(key)).send({ runtimeVersion: '9.5.0' });
    expectProblem(await upgrade(restricted), 404, 'GW_UPSTREAM_NOT_FOUND'); // as for an unknown deployment
    const viewer = await gw.keyActingAs(await gw.houstonServiceAccount('WORKSPACE_VIEWER', { workspaceId: demoId }));
    expectProblem(await upgrade(viewer), 403, 'GW_UPSTREAM_FORBIDDEN');
    expectProblem(await gw.http().delete(`/deployments/${created.id}/runtime-upgrade`).set(bearer(viewer)), 403, 'GW_UPSTREAM_FORBIDDEN');
  });

  it('needs deployments:read to list releases, checked before Houston is asked', async () => {
    const key = await gw.keyWith(['workspaces:read']);
    const before = gw.emulator.calls.count();
    expectProblem(await gw.http().get('/runtime-releases').set(bearer(key)), 403, 'GW_AUTH_SCOPE');
    expect(gw.emulator.calls.count()).toBe(before);
  });

  it('needs deployments:write to upgrade, checked before Houston is asked', async () => {
    const created = await createDeployment();
    const key = await gw.keyWith(['deployments:read', 'deployments:deploy']);
    const before = gw.emulator.calls.count();
    const res = await gw.http().post(`/deployments/${created.id}/runtime-upgrade`).set(bearer(key)).send({ runtimeVersion: '9.5.0' });
    expectProblem(res, 403, 'GW_AUTH_SCOPE');
    expect(gw.emulator.calls.count()).toBe(before);
  });
});

describe.runIf(!line.runtime)(`Runtime on Houston ${line.version} (before Runtime)`, () => {
  it.each([
    ['get', '/runtime-releases'],
    ['post', '/deployments/some-deployment/runtime-upgrade'],
    ['delete', '/deployments/some-deployment/runtime-upgrade'],
  ] as const)('%s %s answers 501', async (method, path) => {
    const req = gw.http()[method](path).set(bearer(gw.adminKey));
    const res = method === 'post' ? await req.send({ runtimeVersion: '9.1.0' }) : await req;
    expectProblem(res, 501, 'GW_UPSTREAM_UNSUPPORTED');
  });
});

describe.runIf(images)(`image deploys on Houston ${line.version}`, () => {
  it('deploys an image with a key that holds only deployments:deploy, which may not delete the deployment', async () => {
    const created = await createDeployment();
    const ci = await gw.keyWith(['deployments:deploy']);
    const res = await gw.http().put(`/deployments/${created.id}/image`).set(bearer(ci)).send({ image: IMAGE });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toEqual({ deploymentId: created.id, releaseName: created.releaseName, image: IMAGE, runtimeVersion: '9.1.0' });
    const sent = gw.emulator.calls.all.findLast((call) => call.operationName === 'DeployDeploymentImage');
    expect(sent?.rootFields).toEqual([atLeast(line.version, '2.1.0') ? 'upsertDeployment' : 'updateDeploymentImage']);
    expect(sent?.variables).toMatchObject({ releaseName: created.releaseName, image: IMAGE, runtimeVersion: '9.1.0' });
    expectProblem(await gw.http().delete(`/deployments/${created.id}`).set(bearer(ci)), 403, 'GW_AUTH_SCOPE');
  });

  it('deploys onto the Runtime version given', async () => {
    const created = await createDeployment();
    const res = await gw.http().put(`/deployments/${created.id}/image`).set(bearer(gw.adminKey)).send({ image: IMAGE, runtimeVersion: '9.5.0' });
    expect(res.status, res.text).toBe(202);
    expect(res.body.runtimeVersion).toBe('9.5.0');
  });

  it('needs deployments:deploy: deployments:write alone is refused before Houston is asked', async () => {
    const created = await createDeployment();
    const key = await gw.keyWith(['deployments:read', 'deployments:write']);
    const before = gw.emulator.calls.count();
    expectProblem(await gw.http().put(`/deployments/${created.id}/image`).set(bearer(key)).send({ image: IMAGE }), 403, 'GW_AUTH_SCOPE');
    expect(gw.emulator.calls.count()).toBe(before);
  });

  it("refuses a key whose allow-list excludes the deployment's workspace", async () => {
    const created = await createDeployment();
    const other = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({ label: uniqueLabel('elsewhere') });
    const key = await gw.keyWith(['deployments:deploy'], { workspaces: [other.body.id as string] });
    // 404, as for an unknown deployment: a restricted key cannot tell the two apart.
    expectProblem(await gw.http().put(`/deployments/${created.id}/image`).set(bearer(key)).send({ image: IMAGE }), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('answers 400 for an image that is not an image reference, 404 for an unknown deployment, 403 when Houston denies', async () => {
    const created = await createDeployment();
    const put = (id: string, key: string, image: string) => gw.http().put(`/deployments/${id}/image`).set(bearer(key)).send({ image });
    const res = await put(created.id, gw.adminKey, 'not an image; rm -rf');
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body/image' }));
    expectProblem(await put(UNKNOWN_ID, gw.adminKey, IMAGE), 404, 'GW_UPSTREAM_NOT_FOUND');
    const viewer = await gw.keyActingAs(await gw.houstonServiceAccount('WORKSPACE_VIEWER', { workspaceId: demoId }));
    expectProblem(await put(created.id, viewer, IMAGE), 403, 'GW_UPSTREAM_FORBIDDEN');
  });
});

describe.runIf(!images)(`image deploys on Houston ${line.version} (before 0.29.2)`, () => {
  it('PUT /deployments/{id}/image answers 501', async () => {
    const created = await createDeployment();
    expectProblem(await gw.http().put(`/deployments/${created.id}/image`).set(bearer(gw.adminKey)).send({ image: IMAGE }), 501, 'GW_UPSTREAM_UNSUPPORTED');
  });
});

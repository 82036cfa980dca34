// /workspaces through the gateway against the real emulator: REST shapes, statuses and the
// problem+json answers for every way a workspace request can fail before or inside Houston.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UNKNOWN_ID = 'cunknownworkspace00000000';
const PERMISSION_DENIED = 'You do not have the appropriate permissions for that';

let gw: TestGateway;
let viewerKey: string; // every scope, acting through a WORKSPACE_VIEWER service account of the demo workspace
let demoId: string;

const expectProblem = problemAsserter(() => gw.emulator.adminKey);

function expectWorkspace(body: Record<string, unknown>): void {
  expect(Object.keys(body).sort()).toEqual(['createdAt', 'description', 'id', 'label', 'updatedAt']);
  expect(body.createdAt).toMatch(ISO);
  expect(body.updatedAt).toMatch(ISO);
}

async function createWorkspace(label = uniqueLabel('ws')): Promise<{ id: string; label: string }> {
  const res = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({ label });
  expect(res.status, res.text).toBe(201);
  return { id: res.body.id as string, label };
}

beforeAll(async () => {
  gw = await buildTestApp();
  demoId = gw.emulator.demo!.workspaceId;
  viewerKey = await gw.keyActingAs(await gw.houstonServiceAccount('WORKSPACE_VIEWER', { workspaceId: demoId }));
});

afterAll(async () => {
  await gw?.close();
});

describe('GET /workspaces', () => {
  it('returns the workspaces as a plain JSON array with ISO timestamps, not a GraphQL envelope', async () => {
    const res = await gw.http().get('/workspaces').set(bearer(gw.adminKey));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Array.isArray(res.body)).toBe(true);
    const demo = (res.body as Record<string, unknown>[]).find((w) => w.id === demoId);
    expect(demo).toMatchObject({ id: demoId, label: 'demo' });
    expectWorkspace(demo!);
  });

  it("lists only the workspaces the caller's Houston credential belongs to", async () => {
    await createWorkspace();
    const res = await gw.http().get('/workspaces').set(bearer(viewerKey));
    expect(res.status).toBe(200);
    expect((res.body as { id: string }[]).map((w) => w.id)).toEqual([demoId]);
  });
});

describe('POST /workspaces', () => {
  it('returns 201 with a Location header naming the new workspace', async () => {
    const label = uniqueLabel('created');
    const res = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({ label, description: 'ETL team' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ label, description: 'ETL team' });
    expectWorkspace(res.body);
    expect(res.headers.location).toBe(`/workspaces/${res.body.id}`);
    const read = await gw.http().get(res.headers.location!).set(bearer(gw.adminKey));
    expect(read.body).toEqual(res.body);
  });

  it('returns 400 naming the label when it is missing', async () => {
    const res = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({ description: 'no label' });
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body/label' }));
  });

  it('returns 400 for a property the schema does not know', async () => {
    const res = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({ label: uniqueLabel('x'), owner: 'me' });
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors.length).toBeGreaterThan(0);
  });

  it('returns 409 when the workspace label is already taken', async () => {
    const { label } = await createWorkspace();
    const res = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({ label });
    expectProblem(res, 409, 'GW_UPSTREAM_CONFLICT');
    expect(res.body.upstream.message).toMatch(/already exists/);
  });

  it('returns 403 when the Houston credential may not create workspaces', async () => {
    const res = await gw.http().post('/workspaces').set(bearer(viewerKey)).send({ label: uniqueLabel('denied') });
    expectProblem(res, 403, 'GW_UPSTREAM_FORBIDDEN');
    expect(res.body.upstream).toMatchObject({ message: PERMISSION_DENIED, code: 'FORBIDDEN' });
  });
});

describe('GET /workspaces/:workspaceId', () => {
  it('returns the workspace', async () => {
    const res = await gw.http().get(`/workspaces/${demoId}`).set(bearer(gw.adminKey));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: demoId, label: 'demo' });
    expectWorkspace(res.body);
  });

  it('returns 404 when Houston knows no workspace with that id', async () => {
    expectProblem(await gw.http().get(`/workspaces/${UNKNOWN_ID}`).set(bearer(gw.adminKey)), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('returns 400 naming the path parameter when the id holds a control character', async () => {
    const res = await gw.http().get('/workspaces/ab%00cd').set(bearer(gw.adminKey));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'params/workspaceId' }));
  });

  it('returns 403 when the Houston credential belongs to another workspace', async () => {
    const other = await createWorkspace();
    expectProblem(await gw.http().get(`/workspaces/${other.id}`).set(bearer(viewerKey)), 403, 'GW_UPSTREAM_FORBIDDEN');
  });
});

describe('PATCH /workspaces/:workspaceId', () => {
  it('changes the label and answers the updated workspace', async () => {
    const { id } = await createWorkspace();
    const label = uniqueLabel('renamed');
    const res = await gw.http().patch(`/workspaces/${id}`).set(bearer(gw.adminKey)).send({ label });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, label });
    expectWorkspace(res.body);
  });

  it('returns 400 when neither label nor description is given', async () => {
    const res = await gw.http().patch(`/workspaces/${demoId}`).set(bearer(gw.adminKey)).send({});
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors[0].field).toMatch(/^body/);
  });

  it('returns 404 for an unknown workspace', async () => {
    const res = await gw.http().patch(`/workspaces/${UNKNOWN_ID}`).set(bearer(gw.adminKey)).send({ label: uniqueLabel('x') });
    expectProblem(res, 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('returns 409 when the new label belongs to another workspace', async () => {
    const [first, second] = [await createWorkspace(), await createWorkspace()];
    const res = await gw.http().patch(`/workspaces/${second.id}`).set(bearer(gw.adminKey)).send({ label: first.label });
    expectProblem(res, 409, 'GW_UPSTREAM_CONFLICT');
  });

  it('returns 403 when a WORKSPACE_VIEWER credential tries to change the workspace', async () => {
    const res = await gw.http().patch(`/workspaces/${demoId}`).set(bearer(viewerKey)).send({ description: 'nope' });
    expectProblem(res, 403, 'GW_UPSTREAM_FORBIDDEN');
  });
});

describe('DELETE /workspaces/:workspaceId', () => {
  it('returns 204 with an empty body, after which the workspace is gone', async () => {
    const { id } = await createWorkspace();
    const res = await gw.http().delete(`/workspaces/${id}`).set(bearer(gw.adminKey));
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectProblem(await gw.http().get(`/workspaces/${id}`).set(bearer(gw.adminKey)), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('returns 404 for an unknown workspace', async () => {
    expectProblem(await gw.http().delete(`/workspaces/${UNKNOWN_ID}`).set(bearer(gw.adminKey)), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('returns 422 when Houston refuses because the workspace still has deployments', async () => {
    const { id } = await createWorkspace();
    const deployment = { workspaceId: id, label: 'blocker', executor: 'CeleryExecutor' };
    expect((await gw.http().post('/deployments').set(bearer(gw.adminKey)).send(deployment)).status).toBe(201);
    const res = await gw.http().delete(`/workspaces/${id}`).set(bearer(gw.adminKey));
    expectProblem(res, 422, 'GW_UPSTREAM_INVALID');
    expect(res.body.upstream.message).toMatch(/deprovision all deployments/);
  });

  it('returns 403 when a WORKSPACE_VIEWER credential tries to delete the workspace', async () => {
    expectProblem(await gw.http().delete(`/workspaces/${demoId}`).set(bearer(viewerKey)), 403, 'GW_UPSTREAM_FORBIDDEN');
  });
});

describe('caller keys', () => {
  const routes = [
    { method: 'get', path: () => '/workspaces', scope: 'workspaces:read' },
    { method: 'post', path: () => '/workspaces', scope: 'workspaces:write', body: { label: 'never-created' } },
    { method: 'get', path: () => `/workspaces/${demoId}`, scope: 'workspaces:read' },
    { method: 'patch', path: () => `/workspaces/${demoId}`, scope: 'workspaces:write', body: { label: 'never' } },
    { method: 'delete', path: () => `/workspaces/${demoId}`, scope: 'workspaces:write' },
  ] as const;

  const send = (route: (typeof routes)[number], headers: Record<string, string>) => {
    const req = gw.http()[route.method](route.path()).set(headers);
    return 'body' in route ? req.send(route.body) : req;
  };

  it.each(routes)('$method $scope route returns 401 with WWW-Authenticate without a key', async (route) => {
    const res = await send(route, {});
    expectProblem(res, 401, 'GW_AUTH_MISSING');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=/);
  });

  it.each(routes)('$method $scope route returns 401 with WWW-Authenticate for an unknown key', async (route) => {
    const res = await send(route, bearer('hgw_unknown_key_000000000000000000'));
    expectProblem(res, 401, 'GW_AUTH_INVALID');
    expect(res.headers['www-authenticate']).toMatch(/invalid_token/);
  });

  it.each(routes)('$method route returns 403 without asking Houston when the key lacks $scope', async (route) => {
    const key = await gw.keyWith(['deployments:read', 'deployments:write', 'users:read']);
    const before = gw.emulator.calls.count();
    const res = await send(route, bearer(key));
    expectProblem(res, 403, 'GW_AUTH_SCOPE');
    expect(res.body.detail).toContain(route.scope);
    expect(gw.emulator.calls.count()).toBe(before);
  });
});

// /deployments and /workspaces/:id/deployments through the gateway against the real emulator, on
// every Houston line of the matrix (vitest.config.ts): the same REST contract everywhere, with the
// inputs a line cannot take refused before Houston is asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { suiteLine } from '../../helpers/houston-line.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UNKNOWN_ID = 'cunknowndeployment0000000';
const RUNTIME = '9.1.0';
const DEPLOYMENT_KEYS = 'airflowVersion clusterId createdAt dagDeployment description desiredRuntimeVersion executor id label mode namespace releaseName runtimeVersion status triggererReplicas updatedAt urls version workspaceId';

let gw: TestGateway;
let viewerKey: string; // every scope, acting through a WORKSPACE_VIEWER service account of the demo workspace
let demoId: string;
const line = suiteLine();

const expectProblem = problemAsserter(() => gw.emulator.adminKey);

function expectDeployment(body: Record<string, unknown>): void {
  expect(Object.keys(body).sort().join(' ')).toBe(DEPLOYMENT_KEYS);
  expect(body.createdAt).toMatch(ISO);
  expect(body.updatedAt).toMatch(ISO);
}

/** A create body for this line: a Runtime version where the line has Runtime, else Houston's default AC version. */
const body = (overrides: Record<string, unknown> = {}) => ({
  workspaceId: demoId,
  label: uniqueLabel('dep'),
  executor: 'CeleryExecutor',
  ...(line.runtime ? { runtimeVersion: RUNTIME } : {}),
  ...overrides,
});

type Created = { id: string; label: string; releaseName: string };

async function createDeployment(): Promise<Created> {
  const res = await gw.http().post('/deployments').set(bearer(gw.adminKey)).send(body());
  expect(res.status, res.text).toBe(201);
  return res.body as Created;
}

beforeAll(async () => {
  gw = await buildTestApp();
  demoId = gw.emulator.demo!.workspaceId;
  viewerKey = await gw.keyActingAs(await gw.houstonServiceAccount('WORKSPACE_VIEWER', { workspaceId: demoId }));
});

afterAll(async () => {
  await gw?.close();
});

describe('GET /workspaces/:workspaceId/deployments', () => {
  it('returns the deployments of the workspace as a plain array of REST deployments', async () => {
    const created = await createDeployment();
    const res = await gw.http().get(`/workspaces/${demoId}/deployments`).set(bearer(gw.adminKey));
    expect(res.status).toBe(200);
    const listed = (res.body as Record<string, unknown>[]).find((d) => d.id === created.id);
    expect(listed).toMatchObject({ label: created.label, workspaceId: demoId, releaseName: created.releaseName });
    expectDeployment(listed!);
  });

  it('returns an empty array for a workspace without deployments', async () => {
    const empty = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({ label: uniqueLabel('empty') });
    const res = await gw.http().get(`/workspaces/${empty.body.id}/deployments`).set(bearer(gw.adminKey));
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('returns 404 when the workspace does not exist', async () => {
    expectProblem(await gw.http().get(`/workspaces/${UNKNOWN_ID}/deployments`).set(bearer(gw.adminKey)), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('returns 400 naming the path parameter when the id holds a control character', async () => {
    const res = await gw.http().get('/workspaces/a%01b/deployments').set(bearer(gw.adminKey));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'params/workspaceId' }));
  });

  it('returns 403 when the Houston credential belongs to another workspace', async () => {
    const other = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({ label: uniqueLabel('other') });
    const res = await gw.http().get(`/workspaces/${other.body.id}/deployments`).set(bearer(viewerKey));
    expectProblem(res, 403, 'GW_UPSTREAM_FORBIDDEN');
  });
});

describe('POST /deployments', () => {
  it('returns 201 with a Location header and the new deployment', async () => {
    const sent = body();
    const res = await gw.http().post('/deployments').set(bearer(gw.adminKey)).send(sent);
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/deployments/${res.body.id}`);
    expect(res.body).toMatchObject({
      label: sent.label,
      workspaceId: demoId,
      executor: 'CeleryExecutor',
      runtimeVersion: line.runtime ? RUNTIME : null,
      clusterId: gw.emulator.clusters[0]?.id ?? null,
    });
    expect(res.body.airflowVersion === null).toBe(!line.astronomerCertified);
    expect(res.body.releaseName).toMatch(/^[a-z]+-[a-z]+-\d{4}$/);
    expectDeployment(res.body);
  });

  it('returns 400 naming the executor when it is not a Houston executor', async () => {
    const res = await gw.http().post('/deployments').set(bearer(gw.adminKey)).send(body({ executor: 'SequentialExecutor' }));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body/executor' }));
  });

  it('returns 400 naming airflowVersion when both versions are given', async () => {
    const res = await gw.http().post('/deployments').set(bearer(gw.adminKey)).send(body({ runtimeVersion: RUNTIME, airflowVersion: '2.4.3' }));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body/airflowVersion' }));
  });

  it('returns 404 when the workspace does not exist', async () => {
    const res = await gw.http().post('/deployments').set(bearer(gw.adminKey)).send(body({ workspaceId: UNKNOWN_ID }));
    expectProblem(res, 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('returns 409 when the deployment label exists in the workspace', async () => {
    const existing = await createDeployment();
    const res = await gw.http().post('/deployments').set(bearer(gw.adminKey)).send(body({ label: existing.label }));
    expectProblem(res, 409, 'GW_UPSTREAM_CONFLICT');
    expect(res.body.upstream).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/already/) });
  });

  it('returns 409 when the release name is taken', async () => {
    const existing = await createDeployment();
    const res = await gw.http().post('/deployments').set(bearer(gw.adminKey)).send(body({ releaseName: existing.releaseName }));
    expectProblem(res, 409, 'GW_UPSTREAM_CONFLICT');
  });

  it.runIf(line.runtime)('returns 422 when Houston does not know the runtime version', async () => {
    const res = await gw.http().post('/deployments').set(bearer(gw.adminKey)).send(body({ runtimeVersion: '0.0.1' }));
    expectProblem(res, 422, 'GW_UPSTREAM_INVALID');
    expect(res.body.upstream.message).toMatch(/runtime version/i);
  });

  it('returns 422 when Houston rejects the release name', async () => {
    const res = await gw.http().post('/deployments').set(bearer(gw.adminKey)).send(body({ releaseName: 'ends-with-dash-' }));
    expectProblem(res, 422, 'GW_UPSTREAM_INVALID');
  });

  it('returns 403 when a WORKSPACE_VIEWER credential tries to create a deployment', async () => {
    const res = await gw.http().post('/deployments').set(bearer(viewerKey)).send(body());
    expectProblem(res, 403, 'GW_UPSTREAM_FORBIDDEN');
  });
});

describe('GET /deployments/:deploymentId', () => {
  it('returns the deployment', async () => {
    const created = await createDeployment();
    const res = await gw.http().get(`/deployments/${created.id}`).set(bearer(gw.adminKey));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, label: created.label, releaseName: created.releaseName });
    expect(res.body.urls).toContainEqual({ type: 'airflow', url: expect.stringContaining('local.houston.test') });
    expectDeployment(res.body);
  });

  it('returns 404 when Houston knows no deployment with that id', async () => {
    expectProblem(await gw.http().get(`/deployments/${UNKNOWN_ID}`).set(bearer(gw.adminKey)), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('returns 400 naming the path parameter when the id holds a control character', async () => {
    const res = await gw.http().get('/deployments/ab%1Fcd').set(bearer(gw.adminKey));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'params/deploymentId' }));
  });
});

describe('PATCH /deployments/:deploymentId', () => {
  it('changes the label and executor', async () => {
    const created = await createDeployment();
    const label = uniqueLabel('renamed');
    const res = await gw.http().patch(`/deployments/${created.id}`).set(bearer(gw.adminKey)).send({ label, executor: 'KubernetesExecutor' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, label, executor: 'KubernetesExecutor', releaseName: created.releaseName });
    expectDeployment(res.body);
  });

  it('returns 400 when the body changes nothing', async () => {
    const res = await gw.http().patch(`/deployments/${UNKNOWN_ID}`).set(bearer(gw.adminKey)).send({});
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors[0].field).toMatch(/^body/);
  });

  it('returns 404 for an unknown deployment', async () => {
    expectProblem(await gw.http().patch(`/deployments/${UNKNOWN_ID}`).set(bearer(gw.adminKey)).send({ label: 'x' }), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('returns 409 when another deployment of the workspace has the label', async () => {
    const [first, second] = [await createDeployment(), await createDeployment()];
    const res = await gw.http().patch(`/deployments/${second.id}`).set(bearer(gw.adminKey)).send({ label: first.label });
    expectProblem(res, 409, 'GW_UPSTREAM_CONFLICT');
  });

  it('returns 403 when a WORKSPACE_VIEWER credential tries to change a deployment', async () => {
    const created = await createDeployment();
    const res = await gw.http().patch(`/deployments/${created.id}`).set(bearer(viewerKey)).send({ description: 'nope' });
    expectProblem(res, 403, 'GW_UPSTREAM_FORBIDDEN');
  });
});

describe('DELETE /deployments/:deploymentId', () => {
  it('returns 204 with an empty body, after which the deployment is gone', async () => {
    const created = await createDeployment();
    const res = await gw.http().delete(`/deployments/${created.id}?hard=true`).set(bearer(gw.adminKey));
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(gw.emulator.calls.all.at(-1)?.variables).toMatchObject({ deploymentUuid: created.id, hardDelete: true });
    expectProblem(await gw.http().get(`/deployments/${created.id}`).set(bearer(gw.adminKey)), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('returns 400 naming the query parameter when hard is not true or false', async () => {
    const res = await gw.http().delete(`/deployments/${UNKNOWN_ID}?hard=yes`).set(bearer(gw.adminKey));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: expect.stringMatching(/^querystring\/hard/) }));
  });

  it('returns 404 for an unknown deployment', async () => {
    expectProblem(await gw.http().delete(`/deployments/${UNKNOWN_ID}`).set(bearer(gw.adminKey)), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('returns 403 when a WORKSPACE_VIEWER credential tries to delete a deployment', async () => {
    const created = await createDeployment();
    expectProblem(await gw.http().delete(`/deployments/${created.id}`).set(bearer(viewerKey)), 403, 'GW_UPSTREAM_FORBIDDEN');
    expect((await gw.http().get(`/deployments/${created.id}`).set(bearer(gw.adminKey))).status).toBe(200);
  });
});

describe(`inputs that depend on the Houston line (${line.version})`, () => {
  /** Sends a create and answers the response, with how many calls Houston received for it. */
  async function create(sent: Record<string, unknown>) {
    const before = gw.emulator.calls.count();
    const res = await gw.http().post('/deployments').set(bearer(gw.adminKey)).send(sent);
    return { res, houstonCalls: gw.emulator.calls.count() - before };
  }

  it.runIf(!line.runtime)('refuses runtimeVersion with 400 before Houston 0.29, asking Houston nothing', async () => {
    const { res, houstonCalls } = await create(body({ runtimeVersion: RUNTIME }));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body/runtimeVersion' }));
    expect(houstonCalls).toBe(0);
  });

  it.runIf(line.astronomerCertified)('creates an Astronomer Certified deployment from airflowVersion before Houston 1.0', async () => {
    const { res } = await create({ workspaceId: demoId, label: uniqueLabel('ac'), executor: 'LocalExecutor', airflowVersion: '2.3.4' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ airflowVersion: '2.3.4', runtimeVersion: null, clusterId: null });
  });

  it.runIf(!line.astronomerCertified)('refuses airflowVersion with 422 from Houston 1.0, asking Houston nothing', async () => {
    const { res, houstonCalls } = await create({ workspaceId: demoId, label: uniqueLabel('ac'), executor: 'LocalExecutor', airflowVersion: '2.3.4' });
    expectProblem(res, 422, 'GW_REQUEST_UNPROCESSABLE');
    expect(res.body.detail).toMatch(/runtimeVersion/);
    expect(houstonCalls).toBe(0);
  });

  it.runIf(line.clusters)('creates on the cluster named by clusterId, and reports it on every read', async () => {
    const second = gw.emulator.clusters[1]!.id;
    const { res } = await create(body({ clusterId: second, runtimeVersion: '9.1.0' }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.clusterId).toBe(second);
    expect((await gw.http().get(`/deployments/${res.body.id}`).set(bearer(gw.adminKey))).body.clusterId).toBe(second);
    const listed = await gw.http().get(`/workspaces/${demoId}/deployments`).set(bearer(gw.adminKey));
    expect((listed.body as { id: string; clusterId: string }[]).find((d) => d.id === res.body.id)?.clusterId).toBe(second);
  });

  it.runIf(!line.clusters)('refuses clusterId with 400 before Houston 1.0, asking Houston nothing', async () => {
    const { res, houstonCalls } = await create(body({ clusterId: 'cluster-of-another-line' }));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body/clusterId' }));
    expect(res.body.detail).toMatch(/1\.0/);
    expect(houstonCalls).toBe(0);
  });

  it.runIf(line.modes)('creates in the mode asked for from Houston 2.1', async () => {
    const { res } = await create(body({ mode: 'operator' }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.mode).toBe('operator');
  });

  it.runIf(!line.modes)('refuses mode with 400 before Houston 2.1, asking Houston nothing', async () => {
    const { res, houstonCalls } = await create(body({ mode: 'helm' }));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body/mode' }));
    expect(houstonCalls).toBe(0);
  });

  it('changes the description with the same PATCH body on every line', async () => {
    const created = await createDeployment();
    const res = await gw.http().patch(`/deployments/${created.id}`).set(bearer(gw.adminKey)).send({ description: 'nightly loads' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, label: created.label, description: 'nightly loads' });
  });
});

describe('caller keys', () => {
  const routes = [
    { method: 'get', path: () => `/workspaces/${demoId}/deployments`, scope: 'deployments:read' },
    { method: 'post', path: () => '/deployments', scope: 'deployments:write', body: () => body() },
    { method: 'get', path: () => `/deployments/${UNKNOWN_ID}`, scope: 'deployments:read' },
    { method: 'patch', path: () => `/deployments/${UNKNOWN_ID}`, scope: 'deployments:write', body: () => ({ label: 'x' }) },
    { method: 'delete', path: () => `/deployments/${UNKNOWN_ID}`, scope: 'deployments:write' },
  ] as const;

  const send = (route: (typeof routes)[number], headers: Record<string, string>) => {
    const req = gw.http()[route.method](route.path()).set(headers);
    return 'body' in route ? req.send(route.body()) : req;
  };

  it.each(routes)('$method $scope route returns 401 with WWW-Authenticate without a key', async (route) => {
    const res = await send(route, {});
    expectProblem(res, 401, 'GW_AUTH_MISSING');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=/);
  });

  it.each(routes)('$method $scope route returns 401 with WWW-Authenticate for an unknown key', async (route) => {
    const res = await send(route, { 'x-api-key': 'hgw_unknown_key_000000000000000000' });
    expectProblem(res, 401, 'GW_AUTH_INVALID');
    expect(res.headers['www-authenticate']).toMatch(/invalid_token/);
  });

  it.each(routes)('$method route returns 403 without asking Houston when the key lacks $scope', async (route) => {
    const key = await gw.keyWith(['workspaces:read', 'workspaces:write']);
    const before = gw.emulator.calls.count();
    const res = await send(route, bearer(key));
    expectProblem(res, 403, 'GW_AUTH_SCOPE');
    expect(res.body.detail).toContain(route.scope);
    expect(gw.emulator.calls.count()).toBe(before);
  });
});

// /deployments/:id/environment-variables through the gateway: the whole set is replaced on PUT,
// secret values are stored by Houston and never come back to a caller.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';

const UNKNOWN_ID = 'cunknowndeployment0000000';
const SECRET = 'sup3r-secret-value-never-echoed';

let gw: TestGateway;
let viewerKey: string; // every scope, acting through a WORKSPACE_VIEWER service account of the demo workspace
let deploymentId: string;

const path = (id = deploymentId) => `/deployments/${id}/environment-variables`;
const expectProblem = problemAsserter(() => gw.emulator.adminKey);

function put(variables: unknown[], id = deploymentId) {
  return gw.http().put(path(id)).set(bearer(gw.adminKey)).send({ environmentVariables: variables });
}

beforeAll(async () => {
  gw = await buildTestApp();
  const workspaceId = gw.emulator.demo!.workspaceId;
  const created = await gw.http().post('/deployments').set(bearer(gw.adminKey))
    .send({ workspaceId, label: uniqueLabel('env'), executor: 'LocalExecutor' });
  expect(created.status, created.text).toBe(201);
  deploymentId = created.body.id;
  viewerKey = await gw.keyActingAs(await gw.houstonServiceAccount('WORKSPACE_VIEWER', { workspaceId }));
});

afterAll(async () => {
  await gw?.close();
});

describe('PUT /deployments/:deploymentId/environment-variables', () => {
  it('stores the variables and answers them with the secret value withheld as null', async () => {
    const res = await put([
      { key: 'LOG_LEVEL', value: 'debug' },
      { key: 'DB_PASSWORD', value: SECRET, isSecret: true },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      environmentVariables: [
        { key: 'LOG_LEVEL', value: 'debug', isSecret: false },
        { key: 'DB_PASSWORD', value: null, isSecret: true },
      ],
    });
    expect(res.text).not.toContain(SECRET);
  });

  it('replaces the whole set', async () => {
    await put([{ key: 'OLD', value: '1' }]);
    const res = await put([{ key: 'NEW', value: '2' }]);
    expect(res.body.environmentVariables).toEqual([{ key: 'NEW', value: '2', isSecret: false }]);
  });

  it('sends the list to Houston as a variable, with isSecret defaulted to false', async () => {
    await put([{ key: 'REGION', value: 'eu-west-1' }]);
    const call = gw.emulator.calls.all.at(-1);
    expect(call?.rootFields).toEqual(['updateDeploymentVariables']);
    expect(call?.variables).toEqual({ deploymentUuid: deploymentId, environmentVariables: [{ key: 'REGION', value: 'eu-west-1', isSecret: false }] });
  });

  it('returns 400 naming the key that is not a valid variable name', async () => {
    const res = await put([{ key: 'OK', value: '1' }, { key: '1BAD', value: '2' }]);
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body/environmentVariables/1/key' }));
  });

  it('returns 400 when a key appears twice', async () => {
    const res = await put([{ key: 'SAME', value: '1' }, { key: 'SAME', value: '2' }]);
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body/environmentVariables', message: 'keys must be unique' }));
  });

  it('returns 400 naming the body when environmentVariables is missing', async () => {
    const res = await gw.http().put(path()).set(bearer(gw.adminKey)).send({ variables: [] });
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect((res.body.errors as { field: string }[]).map((e) => e.field).join(' ')).toMatch(/body/);
  });

  it('returns 404 for an unknown deployment', async () => {
    expectProblem(await put([{ key: 'X', value: 'y' }], UNKNOWN_ID), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('returns 422 when Houston refuses to let a reserved variable be overridden', async () => {
    const res = await put([{ key: 'AIRFLOW__CORE__EXECUTOR', value: 'SequentialExecutor' }]);
    expectProblem(res, 422, 'GW_UPSTREAM_INVALID');
    expect(res.body.upstream.message).toMatch(/cannot be overridden/);
  });

  it('returns 403 when a WORKSPACE_VIEWER credential tries to change the variables', async () => {
    const res = await gw.http().put(path()).set(bearer(viewerKey)).send({ environmentVariables: [{ key: 'X', value: 'y' }] });
    expectProblem(res, 403, 'GW_UPSTREAM_FORBIDDEN');
    expect(res.body.upstream.code).toBe('FORBIDDEN');
  });
});

describe('GET /deployments/:deploymentId/environment-variables', () => {
  it('lists the variables with secret values as null', async () => {
    await put([{ key: 'API_TOKEN', value: SECRET, isSecret: true }, { key: 'VISIBLE', value: 'yes' }]);
    const res = await gw.http().get(path()).set(bearer(gw.adminKey));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      environmentVariables: [
        { key: 'API_TOKEN', value: null, isSecret: true },
        { key: 'VISIBLE', value: 'yes', isSecret: false },
      ],
    });
    expect(res.text).not.toContain(SECRET);
  });

  it('lets a WORKSPACE_VIEWER credential read them', async () => {
    const res = await gw.http().get(path()).set(bearer(viewerKey));
    expect(res.status).toBe(200);
    expect(res.body.environmentVariables).toContainEqual({ key: 'VISIBLE', value: 'yes', isSecret: false });
  });

  it('returns an empty list for a deployment without variables', async () => {
    await put([]);
    const res = await gw.http().get(path()).set(bearer(gw.adminKey));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ environmentVariables: [] });
  });

  it('returns 404 for an unknown deployment', async () => {
    expectProblem(await gw.http().get(path(UNKNOWN_ID)).set(bearer(gw.adminKey)), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('returns 400 naming the path parameter when the id holds a control character', async () => {
    const res = await gw.http().get(path('ab%7Fcd')).set(bearer(gw.adminKey));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'params/deploymentId' }));
  });
});

describe('caller keys', () => {
  const routes = [
    { method: 'get', scope: 'deployments:read' },
    { method: 'put', scope: 'deployments:write', body: { environmentVariables: [] } },
  ] as const;

  const send = (route: (typeof routes)[number], headers: Record<string, string>) => {
    const req = gw.http()[route.method](path()).set(headers);
    return 'body' in route ? req.send(route.body) : req;
  };

  it.each(routes)('$method returns 401 with WWW-Authenticate without a key', async (route) => {
    const res = await send(route, {});
    expectProblem(res, 401, 'GW_AUTH_MISSING');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=/);
  });

  it.each(routes)('$method returns 401 with WWW-Authenticate for an unknown key', async (route) => {
    const res = await send(route, bearer('hgw_unknown_key_000000000000000000'));
    expectProblem(res, 401, 'GW_AUTH_INVALID');
    expect(res.headers['www-authenticate']).toMatch(/invalid_token/);
  });

  it.each(routes)('$method returns 403 without asking Houston when the key lacks $scope', async (route) => {
    const key = await gw.keyWith(['workspaces:read', 'workspaces:write']);
    const before = gw.emulator.calls.count();
    const res = await send(route, bearer(key));
    expectProblem(res, 403, 'GW_AUTH_SCOPE');
    expect(res.body.detail).toContain(route.scope);
    expect(gw.emulator.calls.count()).toBe(before);
  });
});

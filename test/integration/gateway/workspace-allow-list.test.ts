// A caller key's workspace allow-list, over real sockets against the emulator. Workspace A is the
// demo workspace (on the list), B one made here (not on it), each with a deployment. The key holds
// every scope, so each 403 below comes from the allow-list and not from a missing scope. A deployment
// (or service account) the key may not see answers 404 exactly as one that does not exist.
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../../src/auth/scopes.js';
import { NOT_VISIBLE_DETAIL } from '../../../src/auth/workspace-allow-list.js';
import { PERMISSION_DENIED, uniqueEmail, uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';

const UNKNOWN_ID = 'ckunknowndeployment000000';
const UNKNOWN_SERVICE_ACCOUNT = 'ckunknownserviceaccount00';
/** Makes a read that got past the gateway's checks ask Houston, not the response cache. */
const NO_CACHE = { 'cache-control': 'no-cache' };

let gw: TestGateway;
let restricted: string; // every scope, workspaces [A], through the SYSTEM_ADMIN credential
let workspaceA: string;
let workspaceB: string;
let deploymentInA: string;
let deploymentInB: string;
let serviceAccountInB: string; // a workspace service account of B
let serviceAccountOfDeploymentInB: string;

const expectProblem = problemAsserter(() => gw.emulator.adminKey);

/** The answer for what a restricted key may not see, the same whether or not it exists. */
function expectNotVisible(res: Response): void {
  expectProblem(res, 404, 'GW_UPSTREAM_NOT_FOUND');
  expect(res.body.detail).toBe(NOT_VISIBLE_DETAIL);
  expect(res.body).not.toHaveProperty('upstream');
}

/** The response text with its request id and `instance` (the path) blanked: what must match byte for byte. */
function comparable(res: Response): string {
  const body = res.body as { requestId: string; instance?: string };
  let text = res.text.replace(JSON.stringify(body.requestId), '"<requestId>"');
  if (body.instance !== undefined) text = text.replace(JSON.stringify(body.instance), '"<instance>"');
  return `${res.status} ${res.headers['content-type']} ${text}`;
}
const admin = () => bearer(gw.adminKey);

async function created(path: string, body: Record<string, unknown>): Promise<string> {
  const res = await gw.http().post(path).set(admin()).send(body);
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

async function serviceAccountIds(path: string): Promise<string[]> {
  const res = await gw.http().get(path).set(admin()).expect(200);
  return (res.body as { id: string }[]).map((account) => account.id);
}

beforeAll(async () => {
  gw = await buildTestApp();
  workspaceA = gw.emulator.demo!.workspaceId;
  deploymentInA = gw.emulator.demo!.deploymentId;
  workspaceB = await created('/workspaces', { label: uniqueLabel('ws-b') });
  deploymentInB = await created('/deployments', { workspaceId: workspaceB, label: 'in-b', executor: 'CeleryExecutor' });
  serviceAccountInB = await created(`/workspaces/${workspaceB}/service-accounts`, { label: uniqueLabel('sa-b'), role: 'WORKSPACE_VIEWER' });
  serviceAccountOfDeploymentInB = await created(`/deployments/${deploymentInB}/service-accounts`, {
    label: uniqueLabel('sa-dep-b'),
    role: 'DEPLOYMENT_VIEWER',
  });
  restricted = await gw.keyWith([...SCOPES], { workspaces: [workspaceA] });
});

afterAll(async () => {
  await gw?.close();
});

describe('a key limited to workspace A', () => {
  it('lists only workspace A, where an unrestricted key sees both', async () => {
    const all = await gw.http().get('/workspaces').set(admin()).expect(200);
    expect((all.body as { id: string }[]).map((w) => w.id)).toEqual(expect.arrayContaining([workspaceA, workspaceB]));
    const res = await gw.http().get('/workspaces').set(bearer(restricted));
    expect(res.status, res.text).toBe(200);
    expect((res.body as { id: string }[]).map((w) => w.id)).toEqual([workspaceA]);
  });

  it('does not narrow the list an unrestricted key sees after a limited key listed first', async () => {
    // A new workspace makes any earlier list out of date, so the limited key's read below is the first.
    const workspaceC = await created('/workspaces', { label: uniqueLabel('ws-c') });
    const limited = await gw.http().get('/workspaces').set(bearer(restricted)).expect(200);
    expect((limited.body as { id: string }[]).map((w) => w.id)).toEqual([workspaceA]);
    const all = await gw.http().get('/workspaces').set(admin()).expect(200);
    expect((all.body as { id: string }[]).map((w) => w.id)).toEqual(expect.arrayContaining([workspaceA, workspaceB, workspaceC]));
  });

  it('reads workspace A, its deployments and deployment A', async () => {
    expect((await gw.http().get(`/workspaces/${workspaceA}`).set(bearer(restricted))).body).toMatchObject({ id: workspaceA });
    const deployments = await gw.http().get(`/workspaces/${workspaceA}/deployments`).set(bearer(restricted));
    expect(deployments.status, deployments.text).toBe(200);
    expect((deployments.body as { id: string }[]).map((d) => d.id)).toContain(deploymentInA);
    const deployment = await gw.http().get(`/deployments/${deploymentInA}`).set(bearer(restricted));
    expect(deployment.status, deployment.text).toBe(200);
    expect(deployment.body).toMatchObject({ id: deploymentInA, workspaceId: workspaceA });
  });

  // Routes naming workspace B in their path: refused before Houston is asked anything.
  it.each([
    { method: 'get', path: () => `/workspaces/${workspaceB}` },
    { method: 'patch', path: () => `/workspaces/${workspaceB}`, body: { description: 'taken over' } },
    { method: 'delete', path: () => `/workspaces/${workspaceB}` },
    { method: 'get', path: () => `/workspaces/${workspaceB}/deployments` },
    { method: 'get', path: () => `/workspaces/${workspaceB}/users` },
    { method: 'post', path: () => `/workspaces/${workspaceB}/users`, body: { email: uniqueEmail('intruder') } },
    { method: 'get', path: () => `/workspaces/${workspaceB}/service-accounts` },
    { method: 'post', path: () => `/workspaces/${workspaceB}/service-accounts`, body: { label: 'intruder', role: 'WORKSPACE_ADMIN' } },
    { method: 'delete', path: () => `/workspaces/${workspaceB}/service-accounts/${serviceAccountInB}` },
  ] as const)('$method /workspaces/B… returns 403 GW_AUTH_WORKSPACE without calling Houston', async (route) => {
    const before = gw.emulator.calls.count();
    const req = gw.http()[route.method](route.path()).set(bearer(restricted)).set(NO_CACHE);
    const res = await ('body' in route ? req.send(route.body) : req);
    expectProblem(res, 403, 'GW_AUTH_WORKSPACE');
    expect(gw.emulator.calls.count()).toBe(before);
  });

  it('leaves workspace B and its service account as they were after the refused writes', async () => {
    const workspace = await gw.http().get(`/workspaces/${workspaceB}`).set(admin()).expect(200);
    expect(workspace.body.description).not.toBe('taken over');
    expect(await serviceAccountIds(`/workspaces/${workspaceB}/service-accounts`)).toContain(serviceAccountInB);
  });

  // Routes naming a deployment of B: the gateway asks Houston only which workspace owns it, and
  // answers as for a deployment that does not exist (404, not 403: the id's existence stays hidden).
  it.each([
    { method: 'get', path: () => `/deployments/${deploymentInB}` },
    { method: 'patch', path: () => `/deployments/${deploymentInB}`, body: { label: 'taken-over' } },
    { method: 'delete', path: () => `/deployments/${deploymentInB}` },
    { method: 'get', path: () => `/deployments/${deploymentInB}/environment-variables` },
    {
      method: 'put',
      path: () => `/deployments/${deploymentInB}/environment-variables`,
      body: { environmentVariables: [{ key: 'INJECTED', value: 'x', isSecret: false }] },
    },
    { method: 'get', path: () => `/deployments/${deploymentInB}/users` },
    { method: 'post', path: () => `/deployments/${deploymentInB}/users`, body: { email: uniqueEmail('intruder') } },
    { method: 'get', path: () => `/deployments/${deploymentInB}/service-accounts` },
    { method: 'post', path: () => `/deployments/${deploymentInB}/service-accounts`, body: { label: 'intruder', role: 'DEPLOYMENT_ADMIN' } },
  ] as const)('$method /deployments/B… returns 404 as for an unknown deployment, having asked Houston nothing but the owner', async (route) => {
    const before = gw.emulator.calls.all.length;
    const req = gw.http()[route.method](route.path()).set(bearer(restricted)).set(NO_CACHE);
    const res = await ('body' in route ? req.send(route.body) : req);
    expectNotVisible(res);
    const calls = gw.emulator.calls.all.slice(before).map((call) => call.rootFields.join(','));
    // At most the owner lookup (cached after the first request for this deployment).
    expect(calls.every((fields) => fields === 'deployment'), calls.join(' ')).toBe(true);
  });

  it('asks Houston once per key and id whether the deployment is elsewhere or missing, so timing tells them apart no better than the answer', async () => {
    const ownerLookups = () => gw.emulator.calls.count('deployment');
    const probe = async (key: string, id: string) => {
      const before = ownerLookups();
      expectNotVisible(await gw.http().get(`/deployments/${id}`).set(bearer(key)).set(NO_CACHE));
      return ownerLookups() - before;
    };
    // A key of its own: `restricted` has looked deployment B up already, and that must not make
    // this key's first answer about B the fast one.
    const newcomer = await gw.keyWith([...SCOPES], { workspaces: [workspaceA] });
    const missing = `ckmissing${Date.now().toString(36)}`.padEnd(25, '0');
    await probe(restricted, deploymentInB);
    expect(await probe(restricted, deploymentInB)).toBe(0);
    expect([await probe(newcomer, deploymentInB), await probe(newcomer, missing)]).toEqual([1, 1]);
    expect([await probe(newcomer, deploymentInB), await probe(newcomer, missing)]).toEqual([0, 0]);
  });

  it('leaves deployment B as it was after the refused writes', async () => {
    const deployment = await gw.http().get(`/deployments/${deploymentInB}`).set(admin()).expect(200);
    expect(deployment.body.label).toBe('in-b');
    const variables = await gw.http().get(`/deployments/${deploymentInB}/environment-variables`).set(admin()).expect(200);
    expect((variables.body as { environmentVariables: { key: string }[] }).environmentVariables.map((v) => v.key)).not.toContain('INJECTED');
  });

  it('refuses to create a deployment in workspace B (body workspaceId) before Houston is asked', async () => {
    const before = gw.emulator.calls.count('createDeployment');
    const res = await gw.http().post('/deployments').set(bearer(restricted)).send({ workspaceId: workspaceB, label: 'sneaky', executor: 'CeleryExecutor' });
    expectProblem(res, 403, 'GW_AUTH_WORKSPACE');
    expect(gw.emulator.calls.count('createDeployment')).toBe(before);
  });

  it('creates a deployment in workspace A', async () => {
    const res = await gw.http().post('/deployments').set(bearer(restricted)).send({ workspaceId: workspaceA, label: uniqueLabel('mine'), executor: 'LocalExecutor' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.workspaceId).toBe(workspaceA);
  });

  it.each([
    { method: 'post', path: '/workspaces', body: { label: 'restricted-keys-cannot' } },
    { method: 'get', path: '/users?email=someone@example.com' },
    { method: 'post', path: '/system/service-accounts', body: { label: 'escalate', role: 'SYSTEM_ADMIN' } },
    { method: 'post', path: '/system/role-bindings', body: { userId: 'ckanyuser0000000000000000', role: 'SYSTEM_ADMIN' } },
    { method: 'get', path: '/admin/keys' },
    { method: 'post', path: '/admin/keys', body: { name: 'unrestricted', scopes: ['admin'] } },
  ] as const)('$method $path is platform-wide: 403 GW_AUTH_WORKSPACE, nothing reaches Houston or the key store', async (route) => {
    const before = gw.emulator.calls.count();
    const keysBefore = (await gw.http().get('/admin/keys').set(admin()).expect(200)).body.length as number;
    const req = gw.http()[route.method](route.path).set(bearer(restricted)).set(NO_CACHE);
    const res = await ('body' in route ? req.send(route.body) : req);
    expectProblem(res, 403, 'GW_AUTH_WORKSPACE');
    expect(gw.emulator.calls.count()).toBe(before);
    expect((await gw.http().get('/admin/keys').set(admin()).expect(200)).body).toHaveLength(keysBefore);
  });

  it('reads /platform, which touches no workspace', async () => {
    const res = await gw.http().get('/platform').set(bearer(restricted));
    expect(res.status, res.text).toBe(200);
  });

  it("returns 404 for B's workspace service account addressed under A, and deletes nothing", async () => {
    const before = gw.emulator.calls.count('deleteWorkspaceServiceAccount');
    const res = await gw.http().delete(`/workspaces/${workspaceA}/service-accounts/${serviceAccountInB}`).set(bearer(restricted));
    expectNotVisible(res);
    expect(gw.emulator.calls.count('deleteWorkspaceServiceAccount')).toBe(before);
    expect(await serviceAccountIds(`/workspaces/${workspaceB}/service-accounts`)).toContain(serviceAccountInB);
  });

  it("returns 404 for B's deployment service account addressed under deployment A, and deletes nothing", async () => {
    const before = gw.emulator.calls.count('deleteDeploymentServiceAccount');
    const res = await gw.http().delete(`/deployments/${deploymentInA}/service-accounts/${serviceAccountOfDeploymentInB}`).set(bearer(restricted));
    expectNotVisible(res);
    expect(gw.emulator.calls.count('deleteDeploymentServiceAccount')).toBe(before);
    expect(await serviceAccountIds(`/deployments/${deploymentInB}/service-accounts`)).toContain(serviceAccountOfDeploymentInB);
  });

  it('deletes a service account of workspace A', async () => {
    const id = await created(`/workspaces/${workspaceA}/service-accounts`, { label: uniqueLabel('sa-a'), role: 'WORKSPACE_VIEWER' });
    const res = await gw.http().delete(`/workspaces/${workspaceA}/service-accounts/${id}`).set(bearer(restricted));
    expect(res.status, res.text).toBe(204);
    expect(await serviceAccountIds(`/workspaces/${workspaceA}/service-accounts`)).not.toContain(id);
  });

  it.each(['get', 'delete'] as const)('%s of an unknown deployment returns 404, not 403', async (method) => {
    const res = await gw.http()[method](`/deployments/${UNKNOWN_ID}`).set(bearer(restricted));
    expectNotVisible(res);
  });

  // "Not yours" and "not there" must not be told apart: status, headers' media type, code, title,
  // detail, every byte of the body but the request id and the path in `instance`.
  interface Pair {
    method: 'get' | 'delete' | 'patch';
    hidden: () => string;
    unknown: () => string;
    body?: Record<string, unknown>;
  }
  it.each<Pair>([
    { method: 'get', hidden: () => `/deployments/${deploymentInB}`, unknown: () => `/deployments/${UNKNOWN_ID}` },
    { method: 'delete', hidden: () => `/deployments/${deploymentInB}`, unknown: () => `/deployments/${UNKNOWN_ID}` },
    {
      method: 'patch',
      hidden: () => `/deployments/${deploymentInB}`,
      unknown: () => `/deployments/${UNKNOWN_ID}`,
      body: { description: 'probe' },
    },
    { method: 'get', hidden: () => `/deployments/${deploymentInB}/environment-variables`, unknown: () => `/deployments/${UNKNOWN_ID}/environment-variables` },
    { method: 'get', hidden: () => `/deployments/${deploymentInB}/service-accounts`, unknown: () => `/deployments/${UNKNOWN_ID}/service-accounts` },
    {
      method: 'delete',
      hidden: () => `/deployments/${deploymentInB}/service-accounts/${serviceAccountOfDeploymentInB}`,
      unknown: () => `/deployments/${UNKNOWN_ID}/service-accounts/${serviceAccountOfDeploymentInB}`,
    },
    {
      method: 'delete',
      hidden: () => `/deployments/${deploymentInA}/service-accounts/${serviceAccountOfDeploymentInB}`,
      unknown: () => `/deployments/${deploymentInA}/service-accounts/${UNKNOWN_SERVICE_ACCOUNT}`,
    },
    {
      method: 'delete',
      hidden: () => `/workspaces/${workspaceA}/service-accounts/${serviceAccountInB}`,
      unknown: () => `/workspaces/${workspaceA}/service-accounts/${UNKNOWN_SERVICE_ACCOUNT}`,
    },
  ])('#%# $method: one of B and an unknown one get the same answer', async (route) => {
    const ask = async (path: string): Promise<Response> => {
      const req = gw.http()[route.method](path).set(bearer(restricted)).set(NO_CACHE);
      return route.body ? req.send(route.body) : req;
    };
    const ofB = await ask(route.hidden());
    const missing = await ask(route.unknown());
    expectNotVisible(ofB);
    expectNotVisible(missing);
    expect(ofB.body.requestId).not.toBe(missing.body.requestId);
    expect(comparable(ofB)).toBe(comparable(missing));
  });
});

describe('a key acting through a workspace-scoped Houston credential', () => {
  let workspaceAdminKey: string; // no allow-list; Houston itself limits the credential to A

  beforeAll(async () => {
    workspaceAdminKey = await gw.keyActingAs(await gw.houstonServiceAccount('WORKSPACE_ADMIN', { workspaceId: workspaceA }));
  });

  it("gets Houston's denial as 403 GW_UPSTREAM_FORBIDDEN for workspace B", async () => {
    for (const path of [`/workspaces/${workspaceB}`, `/deployments/${deploymentInB}`]) {
      const res = await gw.http().get(path).set(bearer(workspaceAdminKey));
      expectProblem(res, 403, 'GW_UPSTREAM_FORBIDDEN');
      expect(res.body.upstream).toMatchObject({ message: PERMISSION_DENIED, code: 'FORBIDDEN' });
    }
  });

  it('reads workspace A and its deployment', async () => {
    const workspace = await gw.http().get(`/workspaces/${workspaceA}`).set(bearer(workspaceAdminKey));
    expect(workspace.status, workspace.text).toBe(200);
    expect(workspace.body.id).toBe(workspaceA);
    const deployment = await gw.http().get(`/deployments/${deploymentInA}`).set(bearer(workspaceAdminKey));
    expect(deployment.status, deployment.text).toBe(200);
  });
});

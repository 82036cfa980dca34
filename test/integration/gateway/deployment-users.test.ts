// /deployments/{deploymentId}/users over a real socket against the emulator: the REST shapes, and
// every failure DESIGN.md "Errors" maps (400, 403 scope and Houston, 404, 409, 502, 504).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentUser } from '../../../src/schemas/deployment-users.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer } from '../../helpers/problem.js';

const UNKNOWN_ID = 'ckunknown0000000000000000';
const PERMISSION_DENIED = 'You do not have the appropriate permissions for that';
const newEmail = (prefix: string) => `${prefix}.${randomUUID().slice(0, 8)}@example.com`;

let t: TestGateway;
let workspaceId: string;
let usersPath: string;
/** A caller key with every scope, acting through a WORKSPACE_VIEWER service account of the workspace. */
let viewerKey: string;

beforeAll(async () => {
  t = await buildTestApp();
  workspaceId = t.emulator.demo!.workspaceId;
  usersPath = `/deployments/${t.emulator.demo!.deploymentId}/users`;
  viewerKey = await t.keyActingAs(await t.houstonServiceAccount('WORKSPACE_VIEWER', { workspaceId }));
});

afterAll(async () => {
  await t?.close();
});

/** A user Houston knows: a fresh member of the deployment's workspace. */
async function workspaceMember(): Promise<string> {
  const email = newEmail('member');
  await t.http().post(`/workspaces/${workspaceId}/users`).set(bearer(t.adminKey)).send({ email, bypassInvite: true }).expect(201);
  return email;
}

async function addToDeployment(role = 'DEPLOYMENT_VIEWER'): Promise<DeploymentUser> {
  const response = await t.http().post(usersPath).set(bearer(t.adminKey)).send({ email: await workspaceMember(), role });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as DeploymentUser;
}

async function deploymentUsers(): Promise<DeploymentUser[]> {
  return (await t.http().get(usersPath).set(bearer(t.adminKey)).expect(200)).body as DeploymentUser[];
}

const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((problem) => problem.field);

describe('POST /deployments/{deploymentId}/users', () => {
  it('gives a user a deployment role: 201, Location and the role', async () => {
    const email = await workspaceMember();
    const response = await t.http().post(usersPath).set(bearer(t.adminKey)).send({ email, role: 'DEPLOYMENT_EDITOR' });
    expect(response.status).toBe(201);
    const user = response.body as DeploymentUser;
    expect(user).toMatchObject({ emails: [email], role: 'DEPLOYMENT_EDITOR' });
    expect(response.headers.location).toBe(`${usersPath}/${user.id}`);
    expect((await deploymentUsers()).find((u) => u.id === user.id)?.role).toBe('DEPLOYMENT_EDITOR');
  });

  it('returns 400 naming the email field for a malformed address, without calling Houston', async () => {
    const before = t.emulator.calls.count();
    const response = await t.http().post(usersPath).set(bearer(t.adminKey)).send({ email: 'ana@', role: 'DEPLOYMENT_VIEWER' });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fieldsOf(response.body)).toEqual([expect.stringMatching(/email$/)]);
    expect(t.emulator.calls.count()).toBe(before);
  });

  it('returns 400 naming the role field for a workspace role, without calling Houston', async () => {
    const before = t.emulator.calls.count();
    const response = await t.http().post(usersPath).set(bearer(t.adminKey)).send({ email: newEmail('x'), role: 'WORKSPACE_ADMIN' });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual([expect.stringMatching(/role$/)]);
    expect(t.emulator.calls.count()).toBe(before);
  });

  it('returns 409 when the user already has a role on the deployment', async () => {
    const user = await addToDeployment();
    const response = await t.http().post(usersPath).set(bearer(t.adminKey)).send({ email: user.emails[0], role: 'DEPLOYMENT_ADMIN' });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('GW_UPSTREAM_CONFLICT');
  });

  it('returns 404 for a deployment Houston does not know', async () => {
    const response = await t.http().post(`/deployments/${UNKNOWN_ID}/users`).set(bearer(t.adminKey)).send({ email: await workspaceMember() });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('GW_UPSTREAM_NOT_FOUND');
  });

  it('returns 404 for an e-mail address Houston has no user for', async () => {
    const response = await t.http().post(usersPath).set(bearer(t.adminKey)).send({ email: newEmail('stranger') });
    expect(response.status).toBe(404);
  });

  it('returns 403 when Houston denies the workspace-viewer credential the caller acts through', async () => {
    const payload = { email: await workspaceMember() };
    const response = await t.http().post(usersPath).set(bearer(viewerKey)).send(payload);
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'GW_UPSTREAM_FORBIDDEN', upstream: { message: PERMISSION_DENIED } });
  });

  it('returns 403 without calling Houston for a key without users:write', async () => {
    const key = await t.keyWith(['users:read', 'deployments:write']);
    const before = t.emulator.calls.count();
    const response = await t.http().post(usersPath).set(bearer(key)).send({ email: newEmail('scope') });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('GW_AUTH_SCOPE');
    expect(t.emulator.calls.count()).toBe(before);
  });
});

describe('GET /deployments/{deploymentId}/users', () => {
  it('lists the users with their role on this deployment', async () => {
    const user = await addToDeployment('DEPLOYMENT_ADMIN');
    expect((await deploymentUsers()).find((u) => u.id === user.id)).toEqual(user);
  });

  it('returns 404 for a deployment Houston does not know', async () => {
    const response = await t.http().get(`/deployments/${UNKNOWN_ID}/users`).set(bearer(t.adminKey));
    expect(response.status).toBe(404);
  });

  it('returns 403 without calling Houston for a key without users:read', async () => {
    const before = t.emulator.calls.count();
    const response = await t.http().get(usersPath).set(bearer(await t.keyWith(['deployments:read'])));
    expect(response.status).toBe(403);
    expect(t.emulator.calls.count()).toBe(before);
  });
});

describe('PATCH /deployments/{deploymentId}/users/{userId}', () => {
  it("changes the user's deployment role and returns the user with it", async () => {
    const user = await addToDeployment('DEPLOYMENT_VIEWER');
    const response = await t.http().patch(`${usersPath}/${user.id}`).set(bearer(t.adminKey)).send({ role: 'DEPLOYMENT_ADMIN' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ...user, role: 'DEPLOYMENT_ADMIN' });
    expect((await deploymentUsers()).find((u) => u.id === user.id)?.role).toBe('DEPLOYMENT_ADMIN');
  });

  it('returns 400 naming the role field for a workspace role', async () => {
    const user = await addToDeployment();
    const response = await t.http().patch(`${usersPath}/${user.id}`).set(bearer(t.adminKey)).send({ role: 'WORKSPACE_EDITOR' });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual([expect.stringMatching(/role$/)]);
  });

  it('returns 404 for a user without a role on the deployment', async () => {
    const response = await t.http().patch(`${usersPath}/${UNKNOWN_ID}`).set(bearer(t.adminKey)).send({ role: 'DEPLOYMENT_EDITOR' });
    expect(response.status).toBe(404);
  });

  it('returns 403 when Houston denies the workspace-viewer credential, and the role stays', async () => {
    const user = await addToDeployment('DEPLOYMENT_VIEWER');
    const response = await t.http().patch(`${usersPath}/${user.id}`).set(bearer(viewerKey)).send({ role: 'DEPLOYMENT_ADMIN' });
    expect(response.status).toBe(403);
    expect((await deploymentUsers()).find((u) => u.id === user.id)?.role).toBe('DEPLOYMENT_VIEWER');
  });
});

describe('DELETE /deployments/{deploymentId}/users/{userId}', () => {
  it("removes the user's deployment role: 204 with an empty body", async () => {
    const user = await addToDeployment();
    const response = await t.http().delete(`${usersPath}/${user.id}`).set(bearer(t.adminKey));
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect((await deploymentUsers()).map((u) => u.id)).not.toContain(user.id);
  });

  it('returns 404 for a user without a role on the deployment', async () => {
    const response = await t.http().delete(`${usersPath}/${UNKNOWN_ID}`).set(bearer(t.adminKey));
    expect(response.status).toBe(404);
  });

  it('returns 403 when Houston denies the workspace-viewer credential', async () => {
    const user = await addToDeployment();
    const response = await t.http().delete(`${usersPath}/${user.id}`).set(bearer(viewerKey));
    expect(response.status).toBe(403);
    expect((await deploymentUsers()).map((u) => u.id)).toContain(user.id);
  });
});

describe('when Houston fails', () => {
  it('returns 502 while Houston is down', async () => {
    await t.emulator.stop();
    try {
      const response = await t.http().get(usersPath).set(bearer(t.adminKey)).set('cache-control', 'no-cache');
      expect(response.status).toBe(502);
      expect(response.body.code).toBe('GW_UPSTREAM_UNAVAILABLE');
    } finally {
      await t.emulator.start();
    }
  });

  it('returns 504 when Houston answers slower than the gateway waits', async () => {
    t.emulator.faults.set({ latencyMs: 3000 });
    try {
      const response = await t.http().get(usersPath).set(bearer(t.adminKey)).set('cache-control', 'no-cache');
      expect(response.status).toBe(504);
    } finally {
      t.emulator.faults.clear();
    }
  });
});

// /workspaces/{workspaceId}/users over a real socket against the emulator: the REST shapes, and
// every failure DESIGN.md "Errors" maps (400, 403 scope and Houston, 404, 409, 502, 504).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../../src/auth/scopes.js';
import type { WorkspaceUser } from '../../../src/schemas/workspace-users.js';
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
  usersPath = `/workspaces/${workspaceId}/users`;
  viewerKey = await t.keyActingAs(await t.houstonServiceAccount('WORKSPACE_VIEWER', { workspaceId }));
});

afterAll(async () => {
  await t?.close();
});

async function addMember(role = 'WORKSPACE_VIEWER'): Promise<WorkspaceUser> {
  const email = newEmail('member');
  const response = await t.http().post(usersPath).set(bearer(t.adminKey)).send({ email, role, bypassInvite: true });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as WorkspaceUser;
}

async function members(): Promise<WorkspaceUser[]> {
  return (await t.http().get(usersPath).set(bearer(t.adminKey)).expect(200)).body as WorkspaceUser[];
}

function fieldsOf(body: { errors?: { field: string }[] }): string[] {
  return (body.errors ?? []).map((problem) => problem.field);
}

describe('POST /workspaces/{workspaceId}/users', () => {
  it('adds a user at once with bypassInvite: 201, Location and the workspace role', async () => {
    const email = newEmail('ana');
    const response = await t.http().post(usersPath).set(bearer(t.adminKey)).send({ email, role: 'WORKSPACE_EDITOR', bypassInvite: true });
    expect(response.status).toBe(201);
    const user = response.body as WorkspaceUser;
    expect(user).toMatchObject({ emails: [email], role: 'WORKSPACE_EDITOR' });
    expect(response.headers.location).toBe(`${usersPath}/${user.id}`);
    expect((await members()).find((m) => m.id === user.id)?.role).toBe('WORKSPACE_EDITOR');
  });

  it('answers 202 with the invitation when bypassInvite is not set, and the user is not a member yet', async () => {
    const email = newEmail('invitee');
    const response = await t.http().post(usersPath).set(bearer(t.adminKey)).send({ email, role: 'WORKSPACE_ADMIN' });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ email, role: 'WORKSPACE_ADMIN', status: 'invited' });
    expect(response.headers.location).toBeUndefined();
    expect((await members()).flatMap((m) => m.emails)).not.toContain(email);
  });

  it('returns 400 naming the email field for a malformed address, without calling Houston', async () => {
    const before = t.emulator.calls.count();
    const response = await t.http().post(usersPath).set(bearer(t.adminKey)).send({ email: 'not-an-email', bypassInvite: true });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fieldsOf(response.body)).toEqual([expect.stringMatching(/email$/)]);
    expect(t.emulator.calls.count()).toBe(before);
  });

  it('returns 400 naming the role field for a deployment role, without calling Houston', async () => {
    const before = t.emulator.calls.count();
    const response = await t.http().post(usersPath).set(bearer(t.adminKey))
      .send({ email: newEmail('wrong-role'), role: 'DEPLOYMENT_ADMIN', bypassInvite: true });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual([expect.stringMatching(/role$/)]);
    expect(t.emulator.calls.count()).toBe(before);
  });

  it('returns 409 when the user is already in the workspace', async () => {
    const member = await addMember();
    const response = await t.http().post(usersPath).set(bearer(t.adminKey))
      .send({ email: member.emails[0], role: 'WORKSPACE_EDITOR', bypassInvite: true });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'GW_UPSTREAM_CONFLICT', upstream: { message: expect.stringMatching(/already/i) } });
  });

  it('returns 404 for a workspace Houston does not know', async () => {
    const response = await t.http().post(`/workspaces/${UNKNOWN_ID}/users`).set(bearer(t.adminKey))
      .send({ email: newEmail('nowhere'), bypassInvite: true });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('GW_UPSTREAM_NOT_FOUND');
  });

  it('returns 403 when Houston denies the workspace-viewer credential the caller acts through', async () => {
    const response = await t.http().post(usersPath).set(bearer(viewerKey)).send({ email: newEmail('denied'), bypassInvite: true });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'GW_UPSTREAM_FORBIDDEN', upstream: { message: PERMISSION_DENIED } });
  });

  it('returns 403 without calling Houston for a key without users:write', async () => {
    const before = t.emulator.calls.count();
    const key = await t.keyWith(SCOPES.filter((scope) => scope !== 'users:write' && scope !== 'admin'));
    const response = await t.http().post(usersPath).set(bearer(key)).send({ email: newEmail('scope'), bypassInvite: true });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('GW_AUTH_SCOPE');
    expect(t.emulator.calls.count()).toBe(before);
  });
});

describe('GET /workspaces/{workspaceId}/users', () => {
  it('lists the members with their role in this workspace', async () => {
    const member = await addMember('WORKSPACE_ADMIN');
    const listed = (await members()).find((m) => m.id === member.id);
    expect(listed).toEqual(member);
    expect(listed?.role).toBe('WORKSPACE_ADMIN');
  });

  it('lets a caller acting through a workspace-viewer credential read the members', async () => {
    const response = await t.http().get(usersPath).set(bearer(viewerKey));
    expect(response.status).toBe(200);
    expect((response.body as WorkspaceUser[]).flatMap((m) => m.emails)).toContain(t.emulator.demo!.userEmail);
  });

  it('returns 404 for a workspace Houston does not know', async () => {
    const response = await t.http().get(`/workspaces/${UNKNOWN_ID}/users`).set(bearer(t.adminKey));
    expect(response.status).toBe(404);
  });

  it('returns 403 without calling Houston for a key without users:read', async () => {
    const before = t.emulator.calls.count();
    const response = await t.http().get(usersPath).set(bearer(await t.keyWith(['workspaces:read', 'users:write'])));
    expect(response.status).toBe(403);
    expect(t.emulator.calls.count()).toBe(before);
  });
});

describe('PATCH /workspaces/{workspaceId}/users/{userId}', () => {
  it("changes the user's role and returns the user with it", async () => {
    const member = await addMember('WORKSPACE_VIEWER');
    const response = await t.http().patch(`${usersPath}/${member.id}`).set(bearer(t.adminKey)).send({ role: 'WORKSPACE_EDITOR' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ...member, role: 'WORKSPACE_EDITOR' });
    expect((await members()).find((m) => m.id === member.id)?.role).toBe('WORKSPACE_EDITOR');
  });

  it('returns 400 naming the role field for a system role', async () => {
    const member = await addMember();
    const response = await t.http().patch(`${usersPath}/${member.id}`).set(bearer(t.adminKey)).send({ role: 'SYSTEM_ADMIN' });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual([expect.stringMatching(/role$/)]);
  });

  it('returns 404 for a user who is not in the workspace', async () => {
    const response = await t.http().patch(`${usersPath}/${UNKNOWN_ID}`).set(bearer(t.adminKey)).send({ role: 'WORKSPACE_EDITOR' });
    expect(response.status).toBe(404);
  });

  it('returns 403 when Houston denies the workspace-viewer credential', async () => {
    const member = await addMember();
    const response = await t.http().patch(`${usersPath}/${member.id}`).set(bearer(viewerKey)).send({ role: 'WORKSPACE_ADMIN' });
    expect(response.status).toBe(403);
    expect((await members()).find((m) => m.id === member.id)?.role).toBe('WORKSPACE_VIEWER');
  });
});

describe('DELETE /workspaces/{workspaceId}/users/{userId}', () => {
  it('removes the member: 204 with an empty body', async () => {
    const member = await addMember();
    const response = await t.http().delete(`${usersPath}/${member.id}`).set(bearer(t.adminKey));
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect((await members()).map((m) => m.id)).not.toContain(member.id);
  });

  it('returns 404 for a user who is not in the workspace', async () => {
    const response = await t.http().delete(`${usersPath}/${UNKNOWN_ID}`).set(bearer(t.adminKey));
    expect(response.status).toBe(404);
  });

  it('returns 403 when Houston denies the workspace-viewer credential, and the member stays', async () => {
    const member = await addMember();
    const response = await t.http().delete(`${usersPath}/${member.id}`).set(bearer(viewerKey));
    expect(response.status).toBe(403);
    expect((await members()).map((m) => m.id)).toContain(member.id);
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

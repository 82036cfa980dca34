// GET /users and POST /system/* over a real socket against the emulator. System routes need the
// `admin` scope on the caller key *and* a system-level Houston credential behind it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../../src/auth/scopes.js';
import type { User } from '../../../src/schemas/users.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer } from '../../helpers/problem.js';

const UNKNOWN_ID = 'ckunknown0000000000000000';
const PERMISSION_DENIED = 'You do not have the appropriate permissions for that';
const newEmail = (prefix: string) => `${prefix}.${randomUUID().slice(0, 8)}@example.com`;
const label = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

let t: TestGateway;
let workspaceId: string;
/** Acts through a WORKSPACE_ADMIN service account: all caller scopes, but no system role in Houston. */
let workspaceCallerKey: string;

beforeAll(async () => {
  t = await buildTestApp();
  workspaceId = t.emulator.demo!.workspaceId;
  workspaceCallerKey = await t.keyActingAs(await t.houstonServiceAccount('WORKSPACE_ADMIN', { workspaceId }));
});

afterAll(async () => {
  await t?.close();
});

const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((problem) => problem.field);
const allButAdmin = SCOPES.filter((scope) => scope !== 'admin');

async function newUser(): Promise<User> {
  const email = newEmail('person');
  await t.http().post(`/workspaces/${workspaceId}/users`).set(bearer(t.adminKey)).send({ email, bypassInvite: true }).expect(201);
  const found = await t.http().get('/users').query({ email }).set(bearer(t.adminKey)).expect(200);
  return (found.body as User[])[0]!;
}

describe('GET /users?email=', () => {
  it('finds the user with that e-mail address', async () => {
    const email = t.emulator.demo!.userEmail;
    const response = await t.http().get('/users').query({ email }).set(bearer(t.adminKey));
    expect(response.status).toBe(200);
    expect(response.body).toEqual([expect.objectContaining({ id: t.emulator.demo!.userId, emails: [email] })]);
  });

  it('answers an empty list for an address nobody has', async () => {
    const response = await t.http().get('/users').query({ email: newEmail('nobody') }).set(bearer(t.adminKey));
    expect(response.status).toBe(200);
    expect(response.body).toEqual([]);
  });

  it('returns 400 naming the email query field for a malformed address, without calling Houston', async () => {
    const before = t.emulator.calls.count();
    const response = await t.http().get('/users').query({ email: 'nobody' }).set(bearer(t.adminKey));
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual([expect.stringMatching(/email$/)]);
    expect(t.emulator.calls.count()).toBe(before);
  });

  it('returns 403 mapped from Houston for a workspace-level credential', async () => {
    const response = await t.http().get('/users').query({ email: t.emulator.demo!.userEmail }).set(bearer(workspaceCallerKey));
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'GW_UPSTREAM_FORBIDDEN', upstream: { message: PERMISSION_DENIED } });
  });

  it('returns 403 without calling Houston for a key without users:read', async () => {
    const before = t.emulator.calls.count();
    const response = await t.http().get('/users').query({ email: newEmail('x') }).set(bearer(await t.keyWith(['users:write'])));
    expect(response.status).toBe(403);
    expect(t.emulator.calls.count()).toBe(before);
  });
});

describe('POST /system/service-accounts', () => {
  it('creates a system service account: 201, no-store, and its API key', async () => {
    const accountLabel = label('platform-bot');
    const response = await t.http().post('/system/service-accounts').set(bearer(t.adminKey)).send({ label: accountLabel, role: 'SYSTEM_VIEWER' });
    expect(response.status).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toMatchObject({ label: accountLabel, active: true, apiKey: expect.stringMatching(/^\S{16,}$/) });
  });

  it('returns 400 naming the role field for a workspace role, without calling Houston', async () => {
    const before = t.emulator.calls.count();
    const response = await t.http().post('/system/service-accounts').set(bearer(t.adminKey)).send({ label: label('x'), role: 'WORKSPACE_ADMIN' });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual([expect.stringMatching(/role$/)]);
    expect(t.emulator.calls.count()).toBe(before);
  });

  it('returns 403 without calling Houston for a key holding every scope but admin', async () => {
    const before = t.emulator.calls.count();
    const response = await t.http().post('/system/service-accounts').set(bearer(await t.keyWith(allButAdmin)))
      .send({ label: label('x'), role: 'SYSTEM_VIEWER' });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('GW_AUTH_SCOPE');
    expect(t.emulator.calls.count()).toBe(before);
  });

  it('returns 403 mapped from Houston when the admin key acts through a workspace credential', async () => {
    const response = await t.http().post('/system/service-accounts').set(bearer(workspaceCallerKey))
      .send({ label: label('x'), role: 'SYSTEM_VIEWER' });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'GW_UPSTREAM_FORBIDDEN', upstream: { message: PERMISSION_DENIED } });
  });
});

describe('POST /system/role-bindings', () => {
  it('gives a user a system role: 201 with the binding', async () => {
    const user = await newUser();
    const response = await t.http().post('/system/role-bindings').set(bearer(t.adminKey)).send({ userId: user.id, role: 'SYSTEM_EDITOR' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.any(String), role: 'SYSTEM_EDITOR', userId: user.id });
  });

  it('returns 409 when the user already holds that system role', async () => {
    const user = await newUser();
    const body = { userId: user.id, role: 'SYSTEM_VIEWER' };
    await t.http().post('/system/role-bindings').set(bearer(t.adminKey)).send(body).expect(201);
    const response = await t.http().post('/system/role-bindings').set(bearer(t.adminKey)).send(body);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('GW_UPSTREAM_CONFLICT');
  });

  it('returns 404 for a user Houston does not know', async () => {
    const response = await t.http().post('/system/role-bindings').set(bearer(t.adminKey)).send({ userId: UNKNOWN_ID, role: 'SYSTEM_VIEWER' });
    expect(response.status).toBe(404);
  });

  it('returns 400 naming the role field for a deployment role', async () => {
    const response = await t.http().post('/system/role-bindings').set(bearer(t.adminKey)).send({ userId: UNKNOWN_ID, role: 'DEPLOYMENT_VIEWER' });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual([expect.stringMatching(/role$/)]);
  });

  it('returns 403 without calling Houston for a key holding every scope but admin', async () => {
    const before = t.emulator.calls.count();
    const response = await t.http().post('/system/role-bindings').set(bearer(await t.keyWith(allButAdmin)))
      .send({ userId: UNKNOWN_ID, role: 'SYSTEM_VIEWER' });
    expect(response.status).toBe(403);
    expect(t.emulator.calls.count()).toBe(before);
  });

  it('returns 403 mapped from Houston when the admin key acts through a workspace credential', async () => {
    const user = await newUser();
    const response = await t.http().post('/system/role-bindings').set(bearer(workspaceCallerKey))
      .send({ userId: user.id, role: 'SYSTEM_ADMIN' });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'GW_UPSTREAM_FORBIDDEN' });
  });
});

describe('when Houston fails', () => {
  it('returns 502 while Houston is down', async () => {
    await t.emulator.stop();
    try {
      const response = await t.http().get('/users').query({ email: newEmail('down') }).set(bearer(t.adminKey));
      expect(response.status).toBe(502);
      expect(response.body.code).toBe('GW_UPSTREAM_UNAVAILABLE');
    } finally {
      await t.emulator.start();
    }
  });

  it('returns 504 when Houston answers slower than the gateway waits', async () => {
    t.emulator.faults.set({ latencyMs: 3000 });
    try {
      const response = await t.http().post('/system/service-accounts').set(bearer(t.adminKey)).send({ label: label('slow'), role: 'SYSTEM_VIEWER' });
      expect(response.status).toBe(504);
    } finally {
      t.emulator.faults.clear();
    }
  });
});

// Workspace and deployment service accounts over a real socket against the emulator: the create
// result is the only place a key ever appears, and every failure DESIGN.md "Errors" maps.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { createStaticKeyStore } from '../../../src/auth/caller.js';
import { SCOPES } from '../../../src/auth/scopes.js';
import { loadConfig } from '../../../src/config.js';
import type { CreatedServiceAccount, ServiceAccount } from '../../../src/routes/service-accounts/schemas.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';

const UNKNOWN_ID = 'ckunknown0000000000000000';
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const label = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

let t: TestGateway;
let workspaceId: string;
let asViewer: FastifyInstance;
const viewerKey = `hgw_viewer_${randomUUID()}`;

/**
 * A second gateway on the same emulator acting through a workspace service account of `role`:
 * buildTestApp fixes its Houston credentials before its emulator exists, so it cannot take one.
 */
async function gatewayActingAs(role: string, callerKey: string): Promise<FastifyInstance> {
  const created = await t.http().post(`/workspaces/${workspaceId}/service-accounts`).set(bearer(t.adminKey))
    .send({ label: label(`as-${role.toLowerCase()}`), role }).expect(201);
  const keys = createStaticKeyStore([{ key: callerKey, id: 'k', name: role, scopes: SCOPES, workspaces: null, credential: 'limited' }]);
  const config = loadConfig({ HOUSTON_URL: t.emulator.url, HOUSTON_TIMEOUT_MS: '1500' });
  return buildApp(config, { logger: false, callerKeys: keys, houstonCredentials: new Map([['limited', created.body.apiKey as string]]) });
}

beforeAll(async () => {
  t = await buildTestApp();
  workspaceId = t.emulator.demo!.workspaceId;
  asViewer = await gatewayActingAs('WORKSPACE_VIEWER', viewerKey);
});

afterAll(async () => {
  await asViewer?.close();
  await t?.close();
});

const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((problem) => problem.field);

// The same contract holds for both owners; only the path and the kind of role differ.
const owners = [
  {
    owner: 'workspace',
    base: () => `/workspaces/${workspaceId}`,
    unknown: `/workspaces/${UNKNOWN_ID}`,
    role: 'WORKSPACE_EDITOR',
    foreignRole: 'DEPLOYMENT_ADMIN',
  },
  {
    owner: 'deployment',
    base: () => `/deployments/${t.emulator.demo!.deploymentId}`,
    unknown: `/deployments/${UNKNOWN_ID}`,
    role: 'DEPLOYMENT_EDITOR',
    foreignRole: 'WORKSPACE_ADMIN',
  },
] as const;

describe.each(owners)('$owner service accounts', ({ base, unknown, role, foreignRole }) => {
  const path = () => `${base()}/service-accounts`;

  async function create(): Promise<CreatedServiceAccount> {
    const response = await t.http().post(path()).set(bearer(t.adminKey)).send({ label: label('ci'), category: 'ci', role });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as CreatedServiceAccount;
  }

  async function list(): Promise<ServiceAccount[]> {
    return (await t.http().get(path()).set(bearer(t.adminKey)).expect(200)).body as ServiceAccount[];
  }

  it('creates an account: 201, no-store, and its API key in this response', async () => {
    const accountLabel = label('deployer');
    const response = await t.http().post(path()).set(bearer(t.adminKey)).send({ label: accountLabel, role });
    expect(response.status).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toMatchObject({ label: accountLabel, category: 'default', active: true, apiKey: expect.stringMatching(/^\S{16,}$/) });
  });

  it('lists the account without its API key, and no listed field holds the key', async () => {
    const created = await create();
    const response = await t.http().get(path()).set(bearer(t.adminKey));
    expect(response.status).toBe(200);
    const listed = (response.body as ServiceAccount[]).find((account) => account.id === created.id);
    const { apiKey, ...withoutKey } = created;
    expect(listed).toEqual(withoutKey);
    expect(listed).not.toHaveProperty('apiKey');
    expect(response.text).not.toContain(apiKey);
  });

  it('deletes the account: 204 with an empty body, and it is gone from the list', async () => {
    const created = await create();
    const response = await t.http().delete(`${path()}/${created.id}`).set(bearer(t.adminKey));
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect((await list()).map((account) => account.id)).not.toContain(created.id);
  });

  it('returns 400 naming the role field for a role of the other kind, without calling Houston', async () => {
    const before = t.emulator.calls.count();
    const response = await t.http().post(path()).set(bearer(t.adminKey)).send({ label: label('x'), role: foreignRole });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fieldsOf(response.body)).toEqual([expect.stringMatching(/role$/)]);
    expect(t.emulator.calls.count()).toBe(before);
  });

  it('returns 400 naming the label field for a blank label', async () => {
    const response = await t.http().post(path()).set(bearer(t.adminKey)).send({ label: '   ', role });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual([expect.stringMatching(/label$/)]);
  });

  it('returns 404 when creating under an owner Houston does not know', async () => {
    const response = await t.http().post(`${unknown}/service-accounts`).set(bearer(t.adminKey)).send({ label: label('x'), role });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('GW_UPSTREAM_NOT_FOUND');
  });

  it('returns 404 when listing under an owner Houston does not know', async () => {
    const response = await t.http().get(`${unknown}/service-accounts`).set(bearer(t.adminKey));
    expect(response.status).toBe(404);
  });

  it('returns 404 when deleting an account the owner does not have', async () => {
    const response = await t.http().delete(`${path()}/${UNKNOWN_ID}`).set(bearer(t.adminKey));
    expect(response.status).toBe(404);
  });

  it('returns 403 when Houston denies the workspace-viewer credential, and creates nothing', async () => {
    const before = (await list()).length;
    const response = await asViewer.inject({ method: 'POST', url: path(), headers: bearer(viewerKey), payload: { label: label('x'), role } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'GW_UPSTREAM_FORBIDDEN' });
    expect(await list()).toHaveLength(before);
  });

  it('returns 403 when Houston denies deleting through the workspace-viewer credential', async () => {
    const created = await create();
    const response = await asViewer.inject({ method: 'DELETE', url: `${path()}/${created.id}`, headers: bearer(viewerKey) });
    expect(response.statusCode).toBe(403);
    expect((await list()).map((account) => account.id)).toContain(created.id);
  });

  it('returns 403 without calling Houston for a key with service-accounts:read only', async () => {
    const key = t.keyWith(['service-accounts:read']);
    const before = t.emulator.calls.count();
    const response = await t.http().post(path()).set(bearer(key)).send({ label: label('x'), role });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('GW_AUTH_SCOPE');
    expect(t.emulator.calls.count()).toBe(before);
  });

  it('returns 403 without calling Houston when listing with a key without service-accounts:read', async () => {
    const before = t.emulator.calls.count();
    const response = await t.http().get(path()).set(bearer(t.keyWith(['workspaces:read', 'deployments:read'])));
    expect(response.status).toBe(403);
    expect(t.emulator.calls.count()).toBe(before);
  });
});

describe('when Houston fails', () => {
  it('returns 502 while Houston is down', async () => {
    await t.emulator.stop();
    try {
      const response = await t.http().post(`/workspaces/${workspaceId}/service-accounts`).set(bearer(t.adminKey))
        .send({ label: label('down'), role: 'WORKSPACE_VIEWER' });
      expect(response.status).toBe(502);
      expect(response.body.code).toBe('GW_UPSTREAM_UNAVAILABLE');
    } finally {
      await t.emulator.start();
    }
  });

  it('returns 504 when Houston answers slower than the gateway waits', async () => {
    t.emulator.faults.set({ latencyMs: 3000 });
    try {
      const response = await t.http().get(`/workspaces/${workspaceId}/service-accounts`).set(bearer(t.adminKey));
      expect(response.status).toBe(504);
    } finally {
      t.emulator.faults.clear();
    }
  });
});

// Workspace and deployment service accounts over a real socket against the emulator: the create
// result is the only place a key ever appears, and every failure DESIGN.md "Errors" maps.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedServiceAccount, ServiceAccount } from '../../../src/schemas/service-accounts.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer } from '../../helpers/problem.js';

const UNKNOWN_ID = 'ckunknown0000000000000000';
const label = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

let t: TestGateway;
let workspaceId: string;
/** A caller key with every scope, acting through a WORKSPACE_VIEWER service account of the workspace. */
let viewerKey: string;

beforeAll(async () => {
  t = await buildTestApp();
  workspaceId = t.emulator.demo!.workspaceId;
  viewerKey = await t.keyActingAs(await t.houstonServiceAccount('WORKSPACE_VIEWER', { workspaceId }));
});

afterAll(async () => {
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
    const response = await t.http().post(path()).set(bearer(viewerKey)).send({ label: label('x'), role });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'GW_UPSTREAM_FORBIDDEN' });
    expect(await list()).toHaveLength(before);
  });

  it('returns 403 when Houston denies deleting through the workspace-viewer credential', async () => {
    const created = await create();
    const response = await t.http().delete(`${path()}/${created.id}`).set(bearer(viewerKey));
    expect(response.status).toBe(403);
    expect((await list()).map((account) => account.id)).toContain(created.id);
  });

  it('returns 403 without calling Houston for a key with service-accounts:read only', async () => {
    const key = await t.keyWith(['service-accounts:read']);
    const before = t.emulator.calls.count();
    const response = await t.http().post(path()).set(bearer(key)).send({ label: label('x'), role });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('GW_AUTH_SCOPE');
    expect(t.emulator.calls.count()).toBe(before);
  });

  it('returns 403 without calling Houston when listing with a key without service-accounts:read', async () => {
    const before = t.emulator.calls.count();
    const response = await t.http().get(path()).set(bearer(await t.keyWith(['workspaces:read', 'deployments:read'])));
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
      const response = await t.http().get(`/workspaces/${workspaceId}/service-accounts`).set(bearer(t.adminKey)).set('cache-control', 'no-cache');
      expect(response.status).toBe(504);
    } finally {
      t.emulator.faults.clear();
    }
  });
});

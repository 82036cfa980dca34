// The audit trail: one line on the `audit` child logger per write to a scoped route, whatever its
// outcome, naming the caller key (id and name, never the key), the route, the target ids and how
// it ended, tied to the request by its id. Reads leave no audit line; no line holds a secret.
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED_PATHS } from '../../../src/app.js';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer } from '../../helpers/problem.js';
import { logSink } from '../../helpers/log-sink.js';
import { eventually } from '../../helpers/eventually.js';

interface LogLine {
  name?: string;
  msg?: string;
  level?: number;
  reqId?: string;
  [field: string]: unknown;
}

interface CallerKey {
  id: string;
  name: string;
  key: string;
}

const SECRET_VALUE = 'audit-secret-value-5d1e07';
const lines: string[] = [];
let gw: TestGateway;
let writer: CallerKey; // deployments read and write
let reader: CallerKey; // deployments read only
let workspaceId: string;
let deploymentId: string;

const parsed = (): LogLine[] => lines.map((line) => JSON.parse(line) as LogLine);
const auditLines = () => parsed().filter((line) => line.name === 'audit');
const auditFor = (res: supertest.Response) => auditLines().filter((line) => line.reqId === res.headers['x-request-id']);

/** The request's one audit line (written as the response finishes, so waited for). */
async function theAuditLineOf(res: supertest.Response): Promise<LogLine> {
  expect(res.headers['x-request-id']).toEqual(expect.any(String));
  await eventually(() => expect(auditFor(res).length).toBeGreaterThan(0));
  const found = auditFor(res);
  expect(found, JSON.stringify(found)).toHaveLength(1);
  return found[0]!;
}

async function createCallerKey(name: string, scopes: string[]): Promise<CallerKey> {
  const res = await gw.http().post('/admin/keys').set(bearer(gw.adminKey)).send({ name, scopes });
  expect(res.status, res.text).toBe(201);
  return res.body as CallerKey;
}

beforeAll(async () => {
  const stream = logSink(lines);
  gw = await buildTestApp({ logger: { level: 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, stream } });
  workspaceId = gw.emulator.demo!.workspaceId;
  deploymentId = gw.emulator.demo!.deploymentId;
  writer = await createCallerKey(uniqueLabel('audit writer'), ['deployments:read', 'deployments:write']);
  reader = await createCallerKey(uniqueLabel('audit reader'), ['deployments:read']);
});

afterAll(async () => {
  await gw?.close();
});

describe('audit lines', () => {
  it('record a successful POST /deployments: caller key, route, workspace and created resource', async () => {
    const label = uniqueLabel('audited');
    const res = await gw.http().post('/deployments').set(bearer(writer.key)).send({ workspaceId, label, executor: 'CeleryExecutor' });
    expect(res.status, res.text).toBe(201);
    const line = await theAuditLineOf(res);
    expect(line).toMatchObject({
      level: 30,
      msg: 'audit',
      reqId: res.headers['x-request-id'],
      callerKeyId: writer.id,
      callerKeyName: writer.name,
      method: 'POST',
      route: '/deployments',
      status: 201,
      outcome: 'succeeded',
    });
    expect(line.targets).toEqual({ workspaceId, created: `/deployments/${res.body.id}` });
  });

  it('take the request id the caller sent', async () => {
    const requestId = `audit-${Date.now()}`;
    const res = await gw.http().patch(`/deployments/${deploymentId}`).set(bearer(writer.key)).set('x-request-id', requestId).send({ description: 'audited' });
    expect(res.status, res.text).toBe(200);
    expect(res.headers['x-request-id']).toBe(requestId);
    expect(await theAuditLineOf(res)).toMatchObject({ reqId: requestId, outcome: 'succeeded', route: '/deployments/:deploymentId' });
  });

  it('record a write the key lacks the scope for as denied, naming the key', async () => {
    const res = await gw.http().patch(`/deployments/${deploymentId}`).set(bearer(reader.key)).send({ label: 'not-allowed' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('GW_AUTH_SCOPE');
    const line = await theAuditLineOf(res);
    expect(line).toMatchObject({
      callerKeyId: reader.id,
      callerKeyName: reader.name,
      method: 'PATCH',
      route: '/deployments/:deploymentId',
      status: 403,
      outcome: 'denied',
    });
    expect(line.targets).toEqual({ deploymentId });
  });

  it.each([
    { name: 'without a key', headers: {} as Record<string, string> },
    { name: 'with an unknown key', headers: bearer('hgw_this-key-was-never-issued-000') },
  ])('record a write $name as refused, with no caller key', async ({ headers }) => {
    const res = await gw.http().delete(`/deployments/${deploymentId}`).set(headers);
    expect(res.status).toBe(401);
    const line = await theAuditLineOf(res);
    expect(line).toMatchObject({
      callerKeyId: null,
      callerKeyName: null,
      method: 'DELETE',
      route: '/deployments/:deploymentId',
      status: 401,
      outcome: 'refused',
    });
    expect(line.targets).toEqual({ deploymentId });
  });

  it('record a write Houston fails as failed, with the gateway status', async () => {
    gw.emulator.faults.set({ failureRate: 1, failStatus: 503 });
    let res: supertest.Response;
    try {
      res = await gw.http().post('/deployments').set(bearer(writer.key)).send({ workspaceId, label: uniqueLabel('doomed'), executor: 'LocalExecutor' });
    } finally {
      gw.emulator.faults.clear();
    }
    expect(res.status).toBeGreaterThanOrEqual(500);
    const line = await theAuditLineOf(res);
    expect(line).toMatchObject({
      callerKeyId: writer.id,
      callerKeyName: writer.name,
      route: '/deployments',
      status: res.status,
      outcome: 'failed',
    });
    expect(line.targets).toEqual({ workspaceId });
  });

  it('record a write refused for its body as rejected', async () => {
    const res = await gw.http().post('/deployments').set(bearer(writer.key)).send({ workspaceId, label: 'x', executor: 'NoSuchExecutor' });
    expect(res.status).toBe(400);
    expect(await theAuditLineOf(res)).toMatchObject({ callerKeyId: writer.id, status: 400, outcome: 'rejected' });
  });

  it('record a write Houston carries out even when the caller hangs up before the answer', async () => {
    const requestId = `audit-abandoned-${Date.now()}`;
    const label = uniqueLabel('abandoned');
    const before = gw.emulator.calls.count('createDeployment');
    gw.emulator.faults.set({ latencyMs: 300 });
    try {
      const abandoned = gw
        .http()
        .post('/deployments')
        .set(bearer(writer.key))
        .set('x-request-id', requestId)
        .timeout({ response: 100 })
        .send({ workspaceId, label, executor: 'CeleryExecutor' });
      await expect(abandoned).rejects.toThrow(/timeout/i);
      await eventually(() => expect(gw.emulator.calls.count('createDeployment')).toBe(before + 1));
    } finally {
      gw.emulator.faults.clear();
    }
    // Houston made the deployment: the write happened, so the trail must show it.
    await eventually(async () => {
      const list = await gw.http().get(`/workspaces/${workspaceId}/deployments`).set(bearer(reader.key)).expect(200);
      expect((list.body as { label: string }[]).map((d) => d.label)).toContain(label);
    });
    await eventually(() => expect(auditLines().filter((line) => line.reqId === requestId)).toHaveLength(1));
    expect(auditLines().find((line) => line.reqId === requestId)).toMatchObject({
      callerKeyId: writer.id,
      callerKeyName: writer.name,
      method: 'POST',
      route: '/deployments',
      targets: expect.objectContaining({ workspaceId }),
    });
  });

  it('are not written for reads, whatever their outcome', async () => {
    const reads = [
      await gw.http().get(`/deployments/${deploymentId}`).set(bearer(reader.key)),
      await gw.http().get(`/workspaces/${workspaceId}/deployments`).set(bearer(reader.key)),
      await gw.http().get('/workspaces').set(bearer(reader.key)), // 403: lacks workspaces:read
      await gw.http().get('/workspaces'), // 401
      await gw.http().head(`/deployments/${deploymentId}`).set(bearer(reader.key)),
    ];
    expect(reads.map((res) => res.status)).toEqual([200, 200, 403, 401, 200]);
    // A write after them: once its line is in, the reads' hooks have long run.
    await theAuditLineOf(await gw.http().patch(`/deployments/${deploymentId}`).set(bearer(writer.key)).send({ description: 'after reads' }));
    for (const res of reads) expect(auditFor(res)).toEqual([]);
    expect(auditLines().filter((line) => line.method === 'GET' || line.method === 'HEAD')).toEqual([]);
  });

  it('hold no caller key, Houston key or body value', async () => {
    const variables = { environmentVariables: [{ key: 'TOKEN', value: SECRET_VALUE, isSecret: true }] };
    const put = await gw.http().put(`/deployments/${deploymentId}/environment-variables`).set(bearer(writer.key)).send(variables);
    expect(put.status, put.text).toBe(200);
    const account = await gw.http().post(`/workspaces/${workspaceId}/service-accounts`).set(bearer(gw.adminKey)).send({ label: uniqueLabel('sa'), role: 'WORKSPACE_VIEWER' });
    expect(account.status, account.text).toBe(201);
    const label = uniqueLabel('private label');
    const keyName = uniqueLabel('private name');
    const created = await gw.http().post('/admin/keys').set(bearer(gw.adminKey)).send({ name: 'k', scopes: ['users:read'], workspaces: [keyName] });
    expect(created.status, created.text).toBe(201);
    const deployment = await gw.http().post('/deployments').set('x-api-key', writer.key).send({ workspaceId, label, executor: 'CeleryExecutor' });
    expect(deployment.status, deployment.text).toBe(201);
    for (const res of [put, account, created, deployment]) await theAuditLineOf(res);

    const audit = auditLines().map((line) => JSON.stringify(line)).join('\n');
    expect(auditLines().length).toBeGreaterThanOrEqual(10);
    const secrets = {
      adminKey: gw.adminKey,
      writerKey: writer.key,
      readerKey: reader.key,
      createdKey: created.body.key as string,
      houstonAdminKey: gw.emulator.adminKey,
      houstonServiceAccountKey: account.body.apiKey as string,
      secretValue: SECRET_VALUE,
      deploymentLabel: label,
      keyWorkspaceEntry: keyName,
    };
    for (const [what, secret] of Object.entries(secrets)) {
      expect(secret, what).toEqual(expect.any(String));
      expect(audit.includes(secret), `audit lines contain ${what}`).toBe(false);
    }
  });
});

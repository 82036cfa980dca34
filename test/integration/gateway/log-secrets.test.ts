import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED_PATHS } from '../../../src/app.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer } from '../../helpers/problem.js';

const SECRET_VALUE = 'env-secret-value-7f3a9c';
const lines: string[] = [];
let gw: TestGateway;

beforeAll(async () => {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  gw = await buildTestApp({ logger: { level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, stream } });
});
afterAll(() => gw.close());

describe('log lines', () => {
  it('carry no caller key, Houston key or secret value, even when Houston fails mid-write', async () => {
    const deploymentId = gw.emulator.demo!.deploymentId;
    const path = `/deployments/${deploymentId}/environment-variables`;
    const body = { environmentVariables: [{ key: 'TOKEN', value: SECRET_VALUE, isSecret: true }] };

    const ok = await gw.http().put(path).set(bearer(gw.adminKey)).send(body);
    expect(ok.status).toBe(200);
    gw.emulator.faults.set({ failureRate: 1, failStatus: 503 });
    try {
      const failed = await gw.http().put(path).set('x-api-key', gw.adminKey).send(body);
      expect(failed.status).toBe(502);
    } finally {
      gw.emulator.faults.clear();
    }
    await gw.http().get('/workspaces').set(bearer('hgw_wrong-key-that-is-not-known'));

    const log = lines.join('');
    expect(log).toContain('request failed'); // the 502 was logged at error level
    for (const secret of [gw.adminKey, gw.emulator.adminKey, SECRET_VALUE, 'hgw_wrong-key-that-is-not-known']) {
      expect(log).not.toContain(secret);
    }
  });
});

describe('caller-key secrets', () => {
  it('a new caller key is in its create response only: never in a log line or any other response', async () => {
    const seen: string[] = [];
    const record = (res: { text: string; headers: Record<string, unknown> }) => seen.push(res.text, JSON.stringify(res.headers));
    const workspaceKey = await gw.houstonServiceAccount('WORKSPACE_VIEWER', { workspaceId: gw.emulator.demo!.workspaceId });
    gw.credentials.set('team', workspaceKey);

    const created = await gw.http().post('/admin/keys').set(bearer(gw.adminKey))
      .send({ name: 'leak-check', scopes: ['workspaces:read'], credential: 'team' });
    expect(created.status).toBe(201);
    const newKey = created.body.key as string;
    expect(newKey).toMatch(/^hgw_[A-Za-z0-9_-]{43}$/);

    record(await gw.http().get('/workspaces').set(bearer(newKey)));
    record(await gw.http().get('/admin/keys').set(bearer(gw.adminKey)));
    record(await gw.http().get(`/admin/keys/${created.body.id as string}`).set(bearer(gw.adminKey)));
    record(await gw.http().post('/workspaces').set(bearer(newKey)).send({ label: 'nope' }));
    record(await gw.http().delete(`/admin/keys/${created.body.id as string}`).set(bearer(gw.adminKey)));
    record(await gw.http().get('/workspaces').set('x-api-key', newKey));
    record(await gw.http().post('/admin/keys').set(bearer(gw.adminKey)).send({ name: 'x', scopes: ['admin'], credential: 'missing' }));

    expect(seen[0]).toContain('"id"'); // the workspace list came back through the new key
    const log = lines.join('');
    expect(log).toContain('caller key refused'); // the revoked key's use was logged, by id
    expect(log).toContain(created.body.id as string);
    for (const secret of [newKey, workspaceKey, gw.adminKey, gw.emulator.adminKey, gw.config.callerKeys.secret!]) {
      expect(log).not.toContain(secret);
      expect(seen.join('\n')).not.toContain(secret);
    }
  });
});

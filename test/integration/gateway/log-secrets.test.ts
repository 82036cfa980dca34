import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLogger } from '../../../src/app.js';
import { uniqueEmail } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer } from '../../helpers/problem.js';
import { logSink } from '../../helpers/log-sink.js';
import { eventually } from '../../helpers/eventually.js';

const SECRET_VALUE = 'env-secret-value-7f3a9c';
const lines: string[] = [];
let gw: TestGateway;

beforeAll(async () => {
  const stream = logSink(lines);
  // The gateway's own logger options (redaction and request serializers), at trace, into `lines`.
  gw = await buildTestApp({ logger: defaultLogger({ logLevel: 'trace' }, stream) });
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

describe('URLs, query strings and e-mail addresses', () => {
  /** The parsed log lines written while `run` ran. */
  async function linesOf(run: () => Promise<void>): Promise<{ text: string; entries: Record<string, unknown>[] }> {
    const from = lines.length;
    await run();
    // Access lines are written as each response finishes: a last request, waited for, marks the end.
    const marker = `log-secrets-marker-${lines.length}`;
    await gw.http().get('/healthz').set('x-request-id', marker);
    await eventually(() => expect(lines.slice(from).join('')).toContain(`"reqId":"${marker}"`));
    const written = lines.slice(from);
    return { text: written.join(''), entries: written.flatMap((chunk) => chunk.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>)) };
  }
  /** The URLs of the access lines (one per request, plugins/access-log.ts). */
  const incoming = (entries: Record<string, unknown>[]) =>
    entries.filter((entry) => entry.msg === 'request completed').map((entry) => entry.url as string);

  it('a caller key sent in the query (401) and e-mails in a query, a body or a path never reach a log line', async () => {
    const { workspaceId, deploymentId } = gw.emulator.demo!;
    const callerKey = await gw.keyWith(['workspaces:read', 'deployments:read', 'users:read', 'users:write']);
    const searched = uniqueEmail('log-search');
    const added = uniqueEmail('log-added');
    const failedAdd = uniqueEmail('log-failed-add');
    const inPath = uniqueEmail('log-in-path');
    const keyRoutes = ['/workspaces', `/workspaces/${workspaceId}`, `/deployments/${deploymentId}`, '/users', '/clusters'];

    const { text, entries } = await linesOf(async () => {
      // (a) A valid caller key in the URL, under each name a client might use, on several routes.
      for (const name of ['api_key', 'access_token', 'key', 'token']) {
        for (const route of keyRoutes) {
          const res = await gw.http().get(`${route}?limit=7&${name}=${encodeURIComponent(callerKey)}`);
          expect(res.status, `${route}?${name}=`).toBe(401);
        }
      }
      // Also on a public route, which answers: the URL is logged all the same.
      expect((await gw.http().get(`/healthz?token=${encodeURIComponent(gw.adminKey)}`)).status).toBe(200);
      // (b) E-mail addresses in a query, a body and a path.
      expect((await gw.http().get(`/users?email=${encodeURIComponent(searched)}&limit=3`).set(bearer(callerKey))).status).toBe(200);
      const created = await gw.http().post(`/workspaces/${workspaceId}/users`).set(bearer(callerKey)).send({ email: added, bypassInvite: true });
      expect(created.status).toBe(201);
      const inPathRes = await gw.http().patch(`/workspaces/${workspaceId}/users/${encodeURIComponent(inPath)}`).set(bearer(callerKey)).send({ role: 'WORKSPACE_EDITOR' });
      expect(inPathRes.status).toBeGreaterThanOrEqual(400);
      expect((await gw.http().get(`/users/${inPath}`).set(bearer(callerKey))).status).toBe(404);
      // (c) Houston failing mid-request, with an e-mail in the query and in the body.
      gw.emulator.faults.set({ failureRate: 1, failStatus: 503 });
      try {
        expect((await gw.http().get(`/users?email=${encodeURIComponent(searched)}&limit=3`).set('x-api-key', callerKey)).status).toBe(502);
        expect((await gw.http().post(`/workspaces/${workspaceId}/users`).set(bearer(callerKey)).send({ email: failedAdd, bypassInvite: true })).status).toBe(502);
      } finally {
        gw.emulator.faults.clear();
      }
    });

    expect(text).toContain('request failed'); // the 502s were logged at error level
    expect(text).toContain('"name":"audit"'); // and the writes audited
    for (const secret of [callerKey, encodeURIComponent(callerKey), gw.adminKey, gw.emulator.adminKey, gw.config.callerKeys.secret!, SECRET_VALUE]) {
      expect(text).not.toContain(secret);
    }
    for (const email of [searched, added, failedAdd, inPath]) {
      for (const form of [email, encodeURIComponent(email), email.split('@')[0]!]) expect(text).not.toContain(form);
    }

    // The access lines still show the path and the safe parameters.
    const urls = incoming(entries);
    for (const name of ['api_key', 'access_token', 'key', 'token']) {
      for (const route of keyRoutes) expect(urls).toContain(`${route}?limit=7&${name}=[redacted]`);
    }
    expect(urls).toContain('/healthz?token=[redacted]');
    expect(urls).toContain('/users?email=[redacted]&limit=3');
    expect(urls).toContain(`/workspaces/${workspaceId}/users`);
    expect(urls).toContain(`/workspaces/${workspaceId}/users/[redacted]`);
    expect(urls).toContain('/users/[redacted]');
  });

  it('keeps only the known-safe query parameters, by value', async () => {
    const { deploymentId } = gw.emulator.demo!;
    const { entries } = await linesOf(async () => {
      await gw.http().get(`/deployments/${deploymentId}/logs?component=worker&since=2026-01-01T00:00:00Z&search=hunter2-secret-text&limit=2&cursor=abc&mystery-${SECRET_VALUE}=1`);
      await gw.http().get(`/deployments?clusterId=c1&hard=true&airflowVersion=2.9.0&password=${SECRET_VALUE}`);
    });
    const urls = incoming(entries);
    expect(urls).toContain(`/deployments/${deploymentId}/logs?component=worker&since=2026-01-01T00%3A00%3A00Z&search=[redacted]&limit=2&cursor=abc&[redacted]`);
    expect(urls).toContain('/deployments?clusterId=c1&hard=true&airflowVersion=2.9.0&[redacted]');
    expect(JSON.stringify(entries)).not.toContain('hunter2');
    expect(JSON.stringify(entries)).not.toContain(SECRET_VALUE);
  });
});

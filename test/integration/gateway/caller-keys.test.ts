// Caller keys over real sockets: how a key is presented and refused, scopes, the /admin/keys API
// (the key shown once and never listed), revocation seen at once by a second replica, and what a
// caller gets when the key store itself is down.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { SCOPES } from '../../../src/auth/scopes.js';
import { loadConfig } from '../../../src/config.js';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';
import { eventually } from '../../helpers/eventually.js';

const REALM = 'Bearer realm="houston-gateway"';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Shaped like a real key (`hgw_` + 43 base64url characters) but never issued. */
const wellShapedUnknownKey = () => `hgw_${randomBytes(32).toString('base64url')}`;

let gw: TestGateway;
let other: { app: FastifyInstance; http: () => supertest.Agent };

const expectProblem = problemAsserter(() => gw.emulator.adminKey);

function expectRefused(res: supertest.Response, detail: RegExp): void {
  expectProblem(res, 401, 'GW_AUTH_INVALID');
  expect(res.body.detail).toMatch(detail);
  expect(res.headers['www-authenticate']).toBe(`${REALM}, error="invalid_token"`);
}

interface CreatedKey {
  id: string;
  name: string;
  key: string;
  [field: string]: unknown;
}

async function createKey(body: Record<string, unknown>): Promise<CreatedKey> {
  const res = await gw.http().post('/admin/keys').set(bearer(gw.adminKey)).send(body);
  expect(res.status, res.text).toBe(201);
  return res.body as CreatedKey;
}

async function keyCount(): Promise<number> {
  const res = await gw.http().get('/admin/keys').set(bearer(gw.adminKey)).expect(200);
  return (res.body as unknown[]).length;
}

beforeAll(async () => {
  gw = await buildTestApp();
  other = await gw.anotherInstance();
});

afterAll(async () => {
  await gw?.close();
});

describe('presenting a key', () => {
  it('returns 401 GW_AUTH_MISSING with a bare WWW-Authenticate challenge when no key is sent', async () => {
    const res = await gw.http().get('/workspaces');
    expectProblem(res, 401, 'GW_AUTH_MISSING');
    expect(res.headers['www-authenticate']).toBe(REALM);
  });

  it.each([
    { name: 'a bearer token with characters outside the key alphabet', headers: { authorization: `Bearer hgw_${'a'.repeat(30)}!*@` } },
    { name: 'a bearer token shorter than any key', headers: { authorization: 'Bearer hgw_short' } },
    { name: 'a bearer token in two parts', headers: { authorization: `Bearer hgw_${'a'.repeat(30)} hgw_${'b'.repeat(30)}` } },
    { name: 'the Bearer scheme without a token', headers: { authorization: 'Bearer' } },
    { name: 'the Basic scheme', headers: { authorization: 'Basic x' } },
    { name: 'a malformed X-API-Key', headers: { 'x-api-key': 'not a key' } },
  ])('returns 401 "malformed" for $name', async ({ headers }) => {
    const before = gw.emulator.calls.count();
    const res = await gw.http().get('/workspaces').set(headers).set('cache-control', 'no-cache');
    expectRefused(res, /malformed/);
    expect(gw.emulator.calls.count()).toBe(before);
  });

  it('returns 401 "not known" for a well-shaped key the gateway never issued', async () => {
    expectRefused(await gw.http().get('/workspaces').set(bearer(wellShapedUnknownKey())), /not known/);
  });

  it('accepts the key as X-API-Key, and the Bearer scheme in any case', async () => {
    const viaHeader = await gw.http().get('/workspaces').set('x-api-key', gw.adminKey);
    expect(viaHeader.status, viaHeader.text).toBe(200);
    const lowerCase = await gw.http().get('/workspaces').set('authorization', `bearer ${gw.adminKey}`);
    expect(lowerCase.status, lowerCase.text).toBe(200);
  });

  it('refuses an expired key as "expired", and accepts one that expires later', async () => {
    const expired = await gw.keyWith(['workspaces:read'], { expiresAt: new Date(Date.now() - 1000).toISOString() });
    expectRefused(await gw.http().get('/workspaces').set(bearer(expired)), /expired/);
    const later = await gw.keyWith(['workspaces:read'], { expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await gw.http().get('/workspaces').set(bearer(later))).status).toBe(200);
  });

  it('returns 403 GW_AUTH_SCOPE naming the scope, before validating the body or asking Houston', async () => {
    const key = await gw.keyWith(['workspaces:read', 'deployments:read']);
    const before = gw.emulator.calls.count();
    // The body is invalid too: the scope check comes first, so the caller learns nothing about it.
    const res = await gw.http().post('/deployments').set(bearer(key)).send({ workspaceId: gw.emulator.demo!.workspaceId });
    expectProblem(res, 403, 'GW_AUTH_SCOPE');
    expect(res.body.detail).toContain('deployments:write');
    expect(gw.emulator.calls.count()).toBe(before);
  });
});

describe('revocation', () => {
  it('refuses a revoked key as "revoked" on this instance at once and on another replica within a second', async () => {
    const created = await createKey({ name: uniqueLabel('to-revoke'), scopes: ['workspaces:read'] });
    // Both replicas have just accepted the key: each may remember that, for at most the freshness window.
    expect((await gw.http().get('/workspaces').set(bearer(created.key))).status).toBe(200);
    expect((await other.http().get('/workspaces').set(bearer(created.key))).status).toBe(200);

    await gw.http().delete(`/admin/keys/${created.id}`).set(bearer(gw.adminKey)).expect(204);
    const revokedAt = Date.now();

    expectRefused(await gw.http().get('/workspaces').set(bearer(created.key)), /revoked/);
    // CallerKeysOptions.freshForMs (1 s by default) bounds how long another instance may still accept it.
    await eventually(async () => expect((await other.http().get('/workspaces').set(bearer(created.key))).status).toBe(401), {
      timeout: 1_500,
      interval: 50,
    });
    expect(Date.now() - revokedAt).toBeLessThan(1_500);
    expectRefused(await other.http().get('/workspaces').set(bearer(created.key)), /revoked/);
    expectRefused(await other.http().get('/workspaces').set('x-api-key', created.key), /revoked/);
  });

  it('refuses a key revoked through another replica on this one at once', async () => {
    const created = await createKey({ name: uniqueLabel('revoked-elsewhere'), scopes: ['workspaces:read'] });
    await other.http().delete(`/admin/keys/${created.id}`).set(bearer(gw.adminKey)).expect(204);
    expectRefused(await gw.http().get('/workspaces').set(bearer(created.key)), /revoked/);
    expectRefused(await other.http().get('/workspaces').set(bearer(created.key)), /revoked/);
  });
});

describe('/admin/keys', () => {
  it.each([
    { method: 'get', path: '/admin/keys' },
    { method: 'post', path: '/admin/keys', body: { name: 'escalation', scopes: ['admin'] } },
    { method: 'get', path: '/admin/keys/key_0000000000000000' },
    { method: 'delete', path: '/admin/keys/key_0000000000000000' },
  ] as const)('$method $path returns 403 for a key holding every scope but admin', async (route) => {
    const key = await gw.keyWith(SCOPES.filter((scope) => scope !== 'admin'));
    const before = await keyCount();
    const req = gw.http()[route.method](route.path).set(bearer(key));
    const res = await ('body' in route ? req.send(route.body) : req);
    expectProblem(res, 403, 'GW_AUTH_SCOPE');
    expect(res.body.detail).toContain('"admin"');
    expect(await keyCount()).toBe(before);
  });

  it('POST returns 201 with the key (in this response only), a Location and Cache-Control: no-store', async () => {
    const name = uniqueLabel('ci pipeline');
    const res = await gw.http().post('/admin/keys').set(bearer(gw.adminKey)).send({ name, scopes: ['workspaces:read', 'deployments:read'] });
    expect(res.status, res.text).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.location).toBe(`/admin/keys/${res.body.id}`);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^key_[0-9a-f]{16}$/),
      name,
      status: 'active',
      scopes: ['workspaces:read', 'deployments:read'],
      workspaces: null,
      credential: 'default',
      rateLimit: null,
      createdAt: expect.stringMatching(ISO),
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
      key: expect.stringMatching(/^hgw_[A-Za-z0-9_-]{43}$/),
    });

    const read = await gw.http().get(res.headers.location!).set(bearer(gw.adminKey));
    expect(read.status).toBe(200);
    const { key, ...record } = res.body as CreatedKey;
    expect(read.body).toEqual(record);
    expect(read.text).not.toContain(key);
  });

  it('stores every field given, and the new key acts with exactly its scopes', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const created = await createKey({
      name: uniqueLabel('reader'),
      scopes: ['workspaces:read'],
      workspaces: [gw.emulator.demo!.workspaceId],
      expiresAt,
      rateLimit: { max: 100, windowSeconds: 60 },
    });
    expect(created).toMatchObject({
      scopes: ['workspaces:read'],
      workspaces: [gw.emulator.demo!.workspaceId],
      expiresAt,
      rateLimit: { max: 100, windowSeconds: 60 },
    });

    const listed = await gw.http().get('/workspaces').set(bearer(created.key));
    expect(listed.status, listed.text).toBe(200);
    expect((listed.body as { id: string }[]).map((w) => w.id)).toEqual([gw.emulator.demo!.workspaceId]);
    expectProblem(await gw.http().post('/workspaces').set(bearer(created.key)).send({ label: uniqueLabel('no') }), 403, 'GW_AUTH_SCOPE');
    expectProblem(await gw.http().get('/admin/keys').set(bearer(created.key)), 403, 'GW_AUTH_SCOPE');

    // Use is recorded (best effort, so it may land just after the answer).
    await eventually(async () => {
      const read = await gw.http().get(`/admin/keys/${created.id}`).set(bearer(gw.adminKey));
      expect(read.body.lastUsedAt).toMatch(ISO);
    });
  });

  it('GET lists and reads keys without the key or its hash', async () => {
    const created = await createKey({ name: uniqueLabel('listed'), scopes: ['users:read'] });
    const list = await gw.http().get('/admin/keys').set(bearer(gw.adminKey));
    expect(list.status).toBe(200);
    const records = list.body as Record<string, unknown>[];
    expect(records.map((r) => r.id)).toContain(created.id);
    const one = await gw.http().get(`/admin/keys/${created.id}`).set(bearer(gw.adminKey));
    expect(one.status).toBe(200);

    for (const record of [...records, one.body as Record<string, unknown>]) {
      expect(Object.keys(record).sort()).toEqual([
        'createdAt', 'credential', 'expiresAt', 'id', 'lastUsedAt', 'name', 'rateLimit', 'revokedAt', 'scopes', 'status', 'workspaces',
      ]);
    }
    for (const text of [list.text, one.text]) {
      expect(text).not.toContain(created.key);
      expect(text).not.toContain(gw.adminKey);
      expect(text).not.toMatch(/"hash"|[0-9a-f]{64}/);
    }
  });

  it('DELETE revokes: 204 twice, the first revocation time kept, status revoked', async () => {
    const created = await createKey({ name: uniqueLabel('revoked twice'), scopes: ['workspaces:read'] });
    const first = await gw.http().delete(`/admin/keys/${created.id}`).set(bearer(gw.adminKey));
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    const afterFirst = (await gw.http().get(`/admin/keys/${created.id}`).set(bearer(gw.adminKey)).expect(200)).body;
    expect(afterFirst).toMatchObject({ status: 'revoked', revokedAt: expect.stringMatching(ISO) });

    const second = await gw.http().delete(`/admin/keys/${created.id}`).set(bearer(gw.adminKey));
    expect(second.status).toBe(204);
    const afterSecond = (await gw.http().get(`/admin/keys/${created.id}`).set(bearer(gw.adminKey)).expect(200)).body;
    expect(afterSecond.revokedAt).toBe(afterFirst.revokedAt);
    expectRefused(await gw.http().get('/workspaces').set(bearer(created.key)), /revoked/);
  });

  it('lists a key created already expired with status expired', async () => {
    const created = await createKey({ name: uniqueLabel('lapsed'), scopes: ['workspaces:read'], expiresAt: '2020-01-01T00:00:00Z' });
    expect(created).toMatchObject({ status: 'expired', expiresAt: '2020-01-01T00:00:00.000Z' });
    expectRefused(await gw.http().get('/workspaces').set(bearer(created.key)), /expired/);
  });

  it('DELETE refuses a key revoking itself: 409 GW_KEY_SELF_REVOKE, and the key keeps working', async () => {
    const created = await createKey({ name: uniqueLabel('self revoker'), scopes: ['admin'] });
    const res = await gw.http().delete(`/admin/keys/${created.id}`).set(bearer(created.key));
    expectProblem(res, 409, 'GW_KEY_SELF_REVOKE');
    expect(res.body.detail).toBe('A caller key cannot revoke itself; revoke it with another admin key or the keys CLI');
    expect((await gw.http().get(`/admin/keys/${created.id}`).set(bearer(created.key)).expect(200)).body.status).toBe('active');
    // Another admin key may: the caller is itself an admin key left active.
    await gw.http().delete(`/admin/keys/${created.id}`).set(bearer(gw.adminKey)).expect(204);
    expectRefused(await gw.http().get('/admin/keys').set(bearer(created.key)), /revoked/);
  });

  it.each(['get', 'delete'] as const)('%s returns 404 GW_KEY_NOT_FOUND for an unknown key id', async (method) => {
    const res = await gw.http()[method]('/admin/keys/key_0000000000000000').set(bearer(gw.adminKey));
    expectProblem(res, 404, 'GW_KEY_NOT_FOUND');
  });

  it('returns 422 naming body/credential for a Houston credential the gateway does not hold, and creates nothing', async () => {
    const before = await keyCount();
    const res = await gw.http().post('/admin/keys').set(bearer(gw.adminKey)).send({ name: uniqueLabel('x'), scopes: ['admin'], credential: 'nobody' });
    expectProblem(res, 422, 'GW_KEY_CREDENTIAL_UNKNOWN');
    expect(res.body.errors[0].field).toBe('body/credential');
    expect(await keyCount()).toBe(before);
  });

  it.each([
    { name: 'an unknown scope', body: { name: 'k', scopes: ['workspaces:delete'] }, field: /^body\/scopes/ },
    { name: 'no scopes', body: { name: 'k', scopes: [] }, field: /^body\/scopes/ },
    { name: 'a repeated scope', body: { name: 'k', scopes: ['admin', 'admin'] }, field: /^body\/scopes/ },
    { name: 'an extra field', body: { name: 'k', scopes: ['admin'], owner: 'me' }, field: /^body/ },
    { name: 'no name', body: { scopes: ['admin'] }, field: /^body\/name/ },
    { name: 'an expiry that is not a timestamp', body: { name: 'k', scopes: ['admin'], expiresAt: 'tomorrow' }, field: /^body\/expiresAt/ },
    { name: 'a zero rate limit', body: { name: 'k', scopes: ['admin'], rateLimit: { max: 0, windowSeconds: 60 } }, field: /^body\/rateLimit/ },
    { name: 'an empty workspace list', body: { name: 'k', scopes: ['admin'], workspaces: [] }, field: /^body\/workspaces/ },
  ])('returns 400 for $name, and creates nothing', async ({ body, field }) => {
    const before = await keyCount();
    const res = await gw.http().post('/admin/keys').set(bearer(gw.adminKey)).send(body);
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect(res.body.errors[0].field).toMatch(field);
    expect(await keyCount()).toBe(before);
  });
});

describe('when the key store is down', () => {
  let down: FastifyInstance;
  const houstonKey = `houston-${randomBytes(8).toString('hex')}`;
  const expectDownProblem = problemAsserter(() => houstonKey);

  beforeAll(async () => {
    // Nothing listens on port 1: every Redis command fails (after REDIS_TIMEOUT_MS at worst).
    const config = loadConfig({
      HOUSTON_URL: 'http://127.0.0.1:1/v1',
      REDIS_URL: 'redis://127.0.0.1:1',
      REDIS_TIMEOUT_MS: '200',
      REDIS_KEY_PREFIX: `hgw-test-down-${randomBytes(4).toString('hex')}:`,
      CALLER_KEY_SECRET: randomBytes(32).toString('base64url'),
    });
    down = await buildApp(config, { logger: false, houstonCredentials: new Map([['default', houstonKey]]) });
    await down.listen({ port: 0, host: '127.0.0.1' });
  });

  // Nothing reached Redis under this prefix, so there is nothing to drop.
  afterAll(async () => {
    await down?.close();
  });

  it('returns 503 GW_OVERLOADED with Retry-After, promptly, rather than letting anyone in or calling the key bad', async () => {
    for (const headers of [bearer(wellShapedUnknownKey()), { 'x-api-key': wellShapedUnknownKey() }]) {
      const started = Date.now();
      const res = await supertest(down.server).get('/workspaces').set(headers);
      expect(Date.now() - started).toBeLessThan(2_000);
      expectDownProblem(res, 503, 'GW_OVERLOADED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.headers['www-authenticate']).toBeUndefined();
    }
  });

  it('still answers a missing or malformed key with 401, which needs no store', async () => {
    expectDownProblem(await supertest(down.server).get('/workspaces'), 401, 'GW_AUTH_MISSING');
    expectDownProblem(await supertest(down.server).get('/workspaces').set(bearer('short')), 401, 'GW_AUTH_INVALID');
  });
});

describe('two admin keys revoking each other at once', () => {
  it('one is revoked, the other request refused (409 GW_KEY_LAST_ADMIN, or 401 once its own key is gone), and one admin key stays', async () => {
    // A gateway of its own: its first key is the only one that manages keys. (The store-level race,
    // with both checks passing before either revokes, is in the caller-key store contract.)
    const own = await buildTestApp();
    try {
      const expectOwnProblem = problemAsserter(() => own.emulator.adminKey);
      const first = (await own.http().get('/admin/keys').set(bearer(own.adminKey)).expect(200)).body as { id: string }[];
      expect(first).toHaveLength(1);
      let survivor = { key: own.adminKey, id: first[0]!.id };
      for (let round = 0; round < 3; round++) {
        const peer = (await own.http().post('/admin/keys').set(bearer(survivor.key)).send({ name: `peer ${round}`, scopes: ['admin'] }).expect(201)).body as CreatedKey;
        const [bySurvivor, byPeer] = await Promise.all([
          own.http().delete(`/admin/keys/${peer.id}`).set(bearer(survivor.key)),
          own.http().delete(`/admin/keys/${survivor.id}`).set(bearer(peer.key)),
        ]);
        const statuses = [bySurvivor.status, byPeer.status];
        expect(statuses.filter((status) => status === 204), JSON.stringify(statuses)).toHaveLength(1);
        const refused = bySurvivor.status === 204 ? byPeer : bySurvivor;
        if (refused.status === 409) expectOwnProblem(refused, 409, 'GW_KEY_LAST_ADMIN');
        else expectOwnProblem(refused, 401, 'GW_AUTH_INVALID');
        if (byPeer.status === 204) survivor = { key: peer.key, id: peer.id };
        const listed = (await own.http().get('/admin/keys').set(bearer(survivor.key)).expect(200)).body as { id: string; scopes: string[]; status: string }[];
        expect(listed.filter((item) => item.scopes.includes('admin') && item.status === 'active').map((item) => item.id)).toEqual([survivor.id]);
      }
    } finally {
      await own.close();
    }
  });
});

// The error contract every route shares: RFC 9457 problem+json with a stable code and the request
// id, Fastify's own failures (route, media type, JSON, size) mapped onto the catalogue, request ids
// echoed and forwarded, and no secret or stack trace in any answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from 'supertest';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer } from '../../helpers/problem.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let gw: TestGateway;

function expectProblem(res: Response, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(res.body).toMatchObject({ status, code, title: expect.any(String), type: expect.stringMatching(/^urn:houston-gateway:problem:/) });
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
  expect(res.text + JSON.stringify(res.headers)).not.toContain(gw.emulator.adminKey);
}

beforeAll(async () => {
  gw = await buildTestApp({ env: { CACHE_ENABLED: 'false' } });
});

afterAll(async () => {
  await gw?.close();
});

describe('problem+json body', () => {
  it('carries type, title, status, detail, instance, code and the request id', async () => {
    const res = await gw.http().get('/workspaces/cunknown0000000000000000?x=1').set(bearer(gw.adminKey));
    expectProblem(res, 404, 'GW_UPSTREAM_NOT_FOUND');
    expect(res.body).toMatchObject({
      type: 'urn:houston-gateway:problem:upstream-not-found',
      title: 'Not found in Houston',
      instance: '/workspaces/cunknown0000000000000000',
      detail: expect.any(String),
    });
  });

  it('lists every failing field of a validation failure', async () => {
    const res = await gw.http().post('/deployments').set(bearer(gw.adminKey)).send({ label: '', executor: 'Nope' });
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    const fields = (res.body.errors as { field: string; message: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body/workspaceId', 'body/label', 'body/executor']));
    for (const error of res.body.errors) expect(error.message).toEqual(expect.any(String));
  });
});

describe('Fastify failures', () => {
  it('returns 404 GW_ROUTE_NOT_FOUND for an unknown route', async () => {
    const res = await gw.http().get('/graphql').set(bearer(gw.adminKey));
    expectProblem(res, 404, 'GW_ROUTE_NOT_FOUND');
    expect(res.body.instance).toBe('/graphql');
  });

  it('returns 404 GW_ROUTE_NOT_FOUND for a method the route does not have', async () => {
    expectProblem(await gw.http().put('/workspaces').set(bearer(gw.adminKey)).send({}), 404, 'GW_ROUTE_NOT_FOUND');
  });

  it('returns 415 when the body is not JSON', async () => {
    const res = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).set('content-type', 'text/plain').send('label=x');
    expectProblem(res, 415, 'GW_REQUEST_MEDIA_TYPE');
  });

  it('returns 400 GW_REQUEST_MALFORMED for a body that does not parse as JSON', async () => {
    const res = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).set('content-type', 'application/json').send('{"label": ');
    expectProblem(res, 400, 'GW_REQUEST_MALFORMED');
  });

  it('does not parse the body of an unauthenticated request: 401 comes first', async () => {
    const res = await gw.http().post('/workspaces').set('content-type', 'application/json').send('{"label": ');
    expectProblem(res, 401, 'GW_AUTH_MISSING');
  });

  it('answers 400 naming the field for a path id over the schema limit', async () => {
    const res = await gw.http().get(`/deployments/${'d'.repeat(200)}`).set(bearer(gw.adminKey));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors[0].field).toBe('params/deploymentId');
  });

  it('answers problem+json for a path segment longer than the router allows', async () => {
    const res = await gw.http().get(`/deployments/${'d'.repeat(600)}`).set(bearer(gw.adminKey));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
  });

  it('answers problem+json for a path that is not valid URL encoding', async () => {
    const res = await gw.http().get('/deployments/%E0%A4%A').set(bearer(gw.adminKey));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
  });

  it('returns 413 when the body exceeds BODY_LIMIT_BYTES', async () => {
    const small = await buildTestApp({ env: { BODY_LIMIT_BYTES: '1024' } });
    try {
      const res = await small.http().post('/workspaces').set(bearer(small.adminKey)).send({ label: 'x', description: 'y'.repeat(2000) });
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 413, code: 'GW_REQUEST_TOO_LARGE', requestId: res.headers['x-request-id'] });
      expect(small.emulator.calls.count('createWorkspace')).toBe(0);
    } finally {
      await small.close();
    }
  });
});

describe('request ids', () => {
  it('makes a UUID when the caller sends none and uses it in header and body', async () => {
    const res = await gw.http().get('/workspaces/').set(bearer('unknown-key-000000000000000000'));
    expectProblem(res, 401, 'GW_AUTH_INVALID');
    expect(res.headers['x-request-id']).toMatch(UUID);
  });

  it('echoes an incoming x-request-id and forwards it to Houston', async () => {
    const res = await gw.http().get('/workspaces').set(bearer(gw.adminKey)).set('x-request-id', 'trace-abc.123');
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('trace-abc.123');
    const call = gw.emulator.calls.all.at(-1);
    expect(call?.rootFields).toEqual(['paginatedWorkspaces']) // Houston 0.30 and later pages workspaces;
    expect(call?.headers['x-request-id']).toBe('trace-abc.123');
  });

  it('puts the incoming request id into the problem body of a Houston failure', async () => {
    const res = await gw.http().get('/deployments/cunknown0000000000000000').set(bearer(gw.adminKey)).set('x-request-id', 'trace-404');
    expectProblem(res, 404, 'GW_UPSTREAM_NOT_FOUND');
    expect(res.body.requestId).toBe('trace-404');
    expect(gw.emulator.calls.all.at(-1)?.headers['x-request-id']).toBe('trace-404');
  });

  it('replaces an incoming request id that is not safe to log', async () => {
    const res = await gw.http().get('/workspaces').set(bearer(gw.adminKey)).set('x-request-id', 'bad id\twith spaces');
    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(gw.emulator.calls.all.at(-1)?.headers['x-request-id']).toBe(res.headers['x-request-id']);
  });
});

describe('secrets and internals', () => {
  it('never sends the Houston key in a response or to Houston in the clear', async () => {
    const key = gw.emulator.adminKey;
    const responses = await Promise.all([
      gw.http().get('/workspaces').set(bearer(gw.adminKey)),
      gw.http().get('/platform').set(bearer(gw.adminKey)),
      gw.http().get('/readyz'),
      gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({}),
      gw.http().get('/workspaces/cunknown0000000000000000').set(bearer(gw.adminKey)),
    ]);
    for (const res of responses) expect(res.text + JSON.stringify(res.headers)).not.toContain(key);
    expect(JSON.stringify(gw.emulator.calls.all)).not.toContain(key);
  });

  it('answers 500 with the catalogue title only when a key names a Houston credential the server lacks', async () => {
    const res = await gw.http().get('/workspaces').set(bearer(await gw.keyWith(['admin'], { credential: 'no-such-credential' })));
    expectProblem(res, 500, 'GW_INTERNAL');
    expect(res.body.detail).toBe('Internal error');
    expect(res.text).not.toContain('no-such-credential');
    expect(res.text).not.toMatch(/\bat .*\(.*:\d+:\d+\)|"stack"/);
  });
});

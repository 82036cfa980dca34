// Paged lists on every Houston line of the matrix: `limit` and an opaque `cursor`, a plain JSON array
// and `Link: <…>; rel="next"` while more remains; Houston's paged queries where the line has them
// (workspaces and workspace users from 0.30, deployments across workspaces from 0.32), the
// gateway's paging elsewhere. Following the links sees every item exactly once.
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueEmail, uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { atLeast, suiteLine } from '../../helpers/houston-line.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';

const line = suiteLine();
const MANY = 250;
let gw: TestGateway;
let workspaceId: string;
const created: string[] = [];
const expectProblem = problemAsserter(() => gw.emulator.adminKey);

const nextOf = (res: supertest.Response): string | null => /^<([^>]+)>; rel="next"$/.exec(String(res.headers.link ?? ''))?.[1] ?? null;

/** Follows Link headers from `path`, answering every item id and the number of pages. */
async function walk(path: string, key = gw.adminKey): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let next: string | null = path;
  let pages = 0;
  while (next) {
    const res = await gw.http().get(next).set(bearer(key));
    expect(res.status, res.text).toBe(200);
    ids.push(...(res.body as { id: string }[]).map((item) => item.id));
    pages += 1;
    next = nextOf(res);
    expect(pages).toBeLessThan(50);
  }
  return { ids, pages };
}

beforeAll(async () => {
  gw = await buildTestApp();
  const workspace = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({ label: uniqueLabel('many') });
  workspaceId = workspace.body.id as string;
  for (let i = 0; i < MANY; i += 1) {
    const res = await gw
      .http()
      .post('/deployments')
      .set(bearer(gw.adminKey))
      .send({ workspaceId, label: `d-${i}`, executor: 'CeleryExecutor', ...(line.runtime ? { runtimeVersion: '9.1.0' } : {}) });
    expect(res.status, res.text).toBe(201);
    created.push(res.body.id as string);
  }
}, 120_000);

afterAll(async () => {
  await gw?.close();
});

describe(`paged lists on Houston ${line.version}`, () => {
  it(`pages ${MANY} deployments of a workspace 100 at a time, each exactly once`, async () => {
    const { ids, pages } = await walk(`/workspaces/${workspaceId}/deployments?limit=100`);
    expect(pages).toBe(3);
    expect(ids).toHaveLength(MANY);
    expect(new Set(ids)).toEqual(new Set(created));
  });

  it('answers the first page without a cursor, and no Link on the last page', async () => {
    const first = await gw.http().get(`/workspaces/${workspaceId}/deployments?limit=${MANY}`).set(bearer(gw.adminKey));
    expect(first.body).toHaveLength(MANY);
    expect(first.headers.link).toBeUndefined();
    const small = await gw.http().get(`/workspaces/${workspaceId}/deployments?limit=7`).set(bearer(gw.adminKey));
    expect(small.body).toHaveLength(7);
    expect(nextOf(small)).toMatch(/^\/workspaces\/[^?]+\/deployments\?limit=7&cursor=/);
  });

  it('serves a cached page with its Link header, and drops it when the list changes', async () => {
    const path = `/workspaces/${workspaceId}/deployments?limit=50`;
    const miss = await gw.http().get(path).set(bearer(gw.adminKey));
    const hit = await gw.http().get(path).set(bearer(gw.adminKey));
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.headers.link).toBe(miss.headers.link);
    const second = nextOf(hit)!;
    expect((await gw.http().get(second).set(bearer(gw.adminKey))).headers['x-cache']).toBe('MISS');
    await gw.http().delete(`/deployments/${created.pop()!}`).set(bearer(gw.adminKey));
    expect((await gw.http().get(second).set(bearer(gw.adminKey))).headers['x-cache']).toBe('MISS');
  });

  it('refuses a tampered cursor, a cursor of another list, and a limit out of range with 400', async () => {
    const first = await gw.http().get(`/workspaces/${workspaceId}/deployments?limit=10`).set(bearer(gw.adminKey));
    const cursor = new URL(nextOf(first)!, 'http://x').searchParams.get('cursor')!;
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const tampered = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const bad of ['not-a-cursor', tampered({ ...decoded, o: -1 }), tampered({ ...decoded, o: 'ten' }), tampered({ ...decoded, admin: true }), tampered({ r: 1 })]) {
      const res = await gw.http().get(`/workspaces/${workspaceId}/deployments?cursor=${encodeURIComponent(bad)}`).set(bearer(gw.adminKey));
      expectProblem(res, 400, 'GW_REQUEST_INVALID');
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'querystring/cursor' }));
    }
    expectProblem(await gw.http().get(`/clusters?cursor=${cursor}`).set(bearer(gw.adminKey)), line.clusters ? 400 : 501, line.clusters ? 'GW_REQUEST_INVALID' : 'GW_UPSTREAM_UNSUPPORTED');
    expectProblem(await gw.http().get('/workspaces?limit=0').set(bearer(gw.adminKey)), 400, 'GW_REQUEST_INVALID');
    expectProblem(await gw.http().get('/workspaces?limit=501').set(bearer(gw.adminKey)), 400, 'GW_REQUEST_INVALID');
  });

  it('pages workspaces, each exactly once, as the whole list has them', async () => {
    for (let i = 0; i < 5; i += 1) await gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({ label: uniqueLabel('paged') });
    const whole = await gw.http().get('/workspaces?limit=500').set(bearer(gw.adminKey));
    const { ids, pages } = await walk('/workspaces?limit=2');
    expect(ids).toEqual((whole.body as { id: string }[]).map((w) => w.id));
    expect(pages).toBe(Math.ceil(ids.length / 2));
    const sent = gw.emulator.calls.all.at(-1)?.rootFields;
    expect(sent).toEqual([atLeast(line.version, '0.30.0') ? 'paginatedWorkspaces' : 'workspaces']);
  });

  it('pages workspace users, each exactly once', async () => {
    for (let i = 0; i < 5; i += 1) {
      const res = await gw.http().post(`/workspaces/${workspaceId}/users`).set(bearer(gw.adminKey)).send({ email: uniqueEmail('paged'), role: 'WORKSPACE_VIEWER', bypassInvite: true });
      expect(res.status, res.text).toBe(201);
    }
    const whole = await gw.http().get(`/workspaces/${workspaceId}/users?limit=500`).set(bearer(gw.adminKey));
    const { ids } = await walk(`/workspaces/${workspaceId}/users?limit=2`);
    expect(ids).toHaveLength((whole.body as unknown[]).length);
    expect(new Set(ids).size).toBe(ids.length);
    const sent = gw.emulator.calls.all.at(-1)?.rootFields;
    expect(sent).toEqual([atLeast(line.version, '0.30.0') ? 'paginatedWorkspaceUsers' : 'workspaceUsers']);
  });

  it.runIf(atLeast(line.version, '0.32.0'))('pages deployments across workspaces from Houston, each exactly once', async () => {
    const { ids } = await walk('/deployments?limit=100');
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of created) expect(ids).toContain(id);
    expect(ids).toContain(gw.emulator.demo!.deploymentId);
  });

  it.runIf(atLeast(line.version, '0.32.0'))("shows a key limited to some workspaces only theirs", async () => {
    const key = await gw.keyWith(['deployments:read'], { workspaces: [gw.emulator.demo!.workspaceId] });
    const { ids } = await walk('/deployments?limit=100', key);
    expect(ids).toEqual([gw.emulator.demo!.deploymentId]);
  });

  it('needs deployments:read for deployments across workspaces, checked before Houston is asked', async () => {
    const key = await gw.keyWith(['workspaces:read']);
    const before = gw.emulator.calls.count();
    expectProblem(await gw.http().get('/deployments').set(bearer(key)), 403, 'GW_AUTH_SCOPE');
    expect(gw.emulator.calls.count()).toBe(before);
  });

  it.runIf(line.clusters)('filters deployments across workspaces by cluster', async () => {
    const [primary, edge] = gw.emulator.clusters;
    const onEdge = await gw.http().post('/deployments').set(bearer(gw.adminKey)).send({ workspaceId, label: uniqueLabel('edge'), executor: 'CeleryExecutor', runtimeVersion: '9.1.0', clusterId: edge!.id });
    const res = await gw.http().get(`/deployments?limit=500&clusterId=${edge!.id}`).set(bearer(gw.adminKey));
    expect((res.body as { id: string; clusterId: string }[]).map((d) => d.id)).toEqual([onEdge.body.id]);
    const primaries = await gw.http().get(`/deployments?limit=500&clusterId=${primary!.id}`).set(bearer(gw.adminKey));
    expect((primaries.body as { clusterId: string }[]).every((d) => d.clusterId === primary!.id)).toBe(true);
  });

  it.runIf(!line.clusters && atLeast(line.version, '0.32.0'))('refuses clusterId with 400 before Houston 1.0', async () => {
    expectProblem(await gw.http().get('/deployments?clusterId=some-cluster').set(bearer(gw.adminKey)), 400, 'GW_REQUEST_INVALID');
  });

  it.runIf(!atLeast(line.version, '0.32.0'))('answers 501 for deployments across workspaces before Houston 0.32', async () => {
    expectProblem(await gw.http().get('/deployments').set(bearer(gw.adminKey)), 501, 'GW_UPSTREAM_UNSUPPORTED');
  });
});

// The Redis response cache end to end: real gateways on the suite's Redis in front of real
// emulators, over sockets. Houston calls are counted at the emulator, so "from the cache" means
// the emulator saw nothing. Writes use workspaces and deployments of their own, so no case leans
// on what another one cached.
import { setTimeout as sleep } from 'node:timers/promises';
import type supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, gql, resourceCalls, uniqueEmail, uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';
import { eventually } from '../../helpers/eventually.js';

const ETAG = /^"[A-Za-z0-9_-]{27}"$/;
const CACHE_CONTROL = /^private, max-age=(\d+)$/;
const STALE_WARNING = '110 houston-gateway "Response is Stale"';

let gw: TestGateway;
/** A second replica on the same Redis prefix. */
let other: { http: () => supertest.Agent };
let demoId: string;

const expectProblem = problemAsserter(() => gw.emulator.adminKey);

beforeAll(async () => {
  gw = await buildTestApp();
  other = await gw.anotherInstance();
  demoId = gw.emulator.demo!.workspaceId;
});

afterAll(async () => {
  await gw?.close();
});

type Headers = Record<string, string>;

function get(path: string, headers: Headers = {}, key = gw.adminKey, via: () => supertest.Agent = () => gw.http()) {
  return via().get(path).set(bearer(key)).set(headers);
}

/** Reads through the gateway and returns the answer with the Houston calls it made. */
async function read(path: string, headers: Headers = {}, key = gw.adminKey, t: TestGateway = gw) {
  const before = resourceCalls(t.emulator);
  const res = await t.http().get(path).set(bearer(key)).set(headers);
  return { res, houstonCalls: resourceCalls(t.emulator) - before };
}

function maxAgeOf(res: supertest.Response): number {
  const match = CACHE_CONTROL.exec(String(res.headers['cache-control']));
  expect(match, `Cache-Control: ${res.headers['cache-control']}`).not.toBeNull();
  return Number(match![1]);
}

async function createWorkspace(t: TestGateway = gw): Promise<string> {
  const res = await t.http().post('/workspaces').set(bearer(t.adminKey)).send({ label: uniqueLabel('cache-ws') });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

interface Deployment {
  id: string;
  label: string;
  workspaceId: string;
  updatedAt: string;
}

async function createDeployment(workspaceId: string, t: TestGateway = gw): Promise<Deployment> {
  const res = await t.http().post('/deployments').set(bearer(t.adminKey))
    .send({ workspaceId, label: uniqueLabel('cache-dep'), executor: 'CeleryExecutor', runtimeVersion: '9.1.0' });
  expect(res.status, res.text).toBe(201);
  return res.body as Deployment;
}

/** A workspace of its own holding one deployment: nothing about it is cached yet. */
async function freshWorkspace(t: TestGateway = gw): Promise<{ workspaceId: string; deployment: Deployment; listPath: string }> {
  const workspaceId = await createWorkspace(t);
  const deployment = await createDeployment(workspaceId, t);
  return { workspaceId, deployment, listPath: `/workspaces/${workspaceId}/deployments` };
}

/** Changes a deployment in Houston behind the gateway's back (so nothing is invalidated). */
async function relabelInHouston(t: TestGateway, deploymentId: string, label: string): Promise<void> {
  const result = await gql(t.emulator, t.emulator.adminKey,
    'mutation ($id: Uuid!, $payload: JSON!) { updateDeployment(deploymentUuid: $id, payload: $payload) { id label } }',
    { id: deploymentId, payload: { label } });
  expect(dataOf(result).updateDeployment.label).toBe(label);
}

const idsOf = (res: supertest.Response) => (res.body as { id: string }[]).map((item) => item.id);
const labelsOf = (res: supertest.Response) => (res.body as { label: string }[]).map((item) => item.label);

describe('a cached read', () => {
  it('answers the second GET from the cache: MISS then HIT, one Houston call, the same body and ETag', async () => {
    const { listPath, deployment } = await freshWorkspace();
    const callsBefore = gw.emulator.calls.count('workspaceDeployments');

    const first = await read(listPath);
    expect(first.res.status, first.res.text).toBe(200);
    expect(first.res.headers['x-cache']).toBe('MISS');
    expect(first.houstonCalls).toBe(1);
    expect(idsOf(first.res)).toEqual([deployment.id]);
    expect(first.res.headers.etag).toMatch(ETAG);
    expect(maxAgeOf(first.res)).toBeGreaterThanOrEqual(29); // CACHE_TTL_SECONDS defaults to 30
    expect(maxAgeOf(first.res)).toBeLessThanOrEqual(30);
    expect(first.res.headers.age).toBeUndefined();

    const second = await read(listPath);
    expect(second.res.status).toBe(200);
    expect(second.res.headers['x-cache']).toBe('HIT');
    expect(second.houstonCalls).toBe(0);
    expect(second.res.body).toEqual(first.res.body);
    expect(second.res.headers['content-type']).toMatch(/^application\/json/);
    expect(second.res.headers.etag).toBe(first.res.headers.etag);
    expect(maxAgeOf(second.res)).toBeLessThanOrEqual(maxAgeOf(first.res));
    expect(maxAgeOf(second.res)).toBeGreaterThanOrEqual(28);
    expect(second.res.headers.age).toBe('0');
    expect(gw.emulator.calls.count('workspaceDeployments')).toBe(callsBefore + 1);
  });

  it('caches each route and each parameter under its own entry', async () => {
    const { workspaceId, deployment, listPath } = await freshWorkspace();
    const second = await createDeployment(workspaceId);
    const paths = [listPath, `/workspaces/${workspaceId}`, `/deployments/${deployment.id}`, `/deployments/${second.id}`];
    for (const path of paths) expect((await read(path)).res.headers['x-cache'], path).toBe('MISS');
    for (const path of paths) {
      const { res, houstonCalls } = await read(path);
      expect(res.headers['x-cache'], path).toBe('HIT');
      expect(houstonCalls, path).toBe(0);
    }
    expect((await read(`/deployments/${second.id}`)).res.body.id).toBe(second.id);
  });

  it('does not cache a failed read: a 404 asks Houston every time', async () => {
    const path = '/deployments/cunknowndeployment0000000';
    for (let attempt = 0; attempt < 2; attempt++) {
      const { res, houstonCalls } = await read(path);
      expectProblem(res, 404, 'GW_UPSTREAM_NOT_FOUND');
      expect(houstonCalls).toBe(1);
      expect(res.headers['x-cache']).toBeUndefined();
      expect(res.headers.etag).toBeUndefined();
    }
  });

  it('answers If-None-Match naming the current ETag with 304 and no body, from the cache', async () => {
    const { listPath } = await freshWorkspace();
    const { res: warm } = await read(listPath);
    const etag = String(warm.headers.etag);

    for (const ifNoneMatch of [etag, `W/${etag}`, '*', `"not-it", W/${etag}`, ` ${etag} ,"x"`]) {
      const { res, houstonCalls } = await read(listPath, { 'if-none-match': ifNoneMatch });
      expect(res.status, ifNoneMatch).toBe(304);
      expect(res.text ?? '', ifNoneMatch).toBe('');
      expect(res.headers.etag).toBe(etag);
      expect(res.headers['x-cache']).toBe('HIT');
      expect(maxAgeOf(res)).toBeGreaterThan(0);
      expect(houstonCalls, ifNoneMatch).toBe(0);
    }
  });

  it('answers 200 with the body when If-None-Match names other ETags', async () => {
    const { listPath, deployment } = await freshWorkspace();
    const { res: warm } = await read(listPath);
    for (const ifNoneMatch of ['"something-else"', `"${String(warm.headers.etag).slice(2)}`, 'W/"x", "y"']) {
      const { res, houstonCalls } = await read(listPath, { 'if-none-match': ifNoneMatch });
      expect(res.status, ifNoneMatch).toBe(200);
      expect(idsOf(res)).toEqual([deployment.id]);
      expect(res.headers['x-cache']).toBe('HIT');
      expect(houstonCalls).toBe(0);
    }
  });

  it('answers 304 on a read that did go to Houston, when the answer still has the ETag given', async () => {
    const { listPath } = await freshWorkspace();
    // A new deployment is DEPLOYING for the emulator's deployingMs, then HEALTHY: the ETag held must
    // be of Houston's settled answer, or the revalidation below rightly gets a 200. Two equal ETags in
    // a row are not enough (both reads can fall inside deployingMs), so wait for the status itself.
    const warm = await eventually(async () => {
      const { res } = await read(listPath, { 'cache-control': 'no-cache' });
      expect((res.body as Array<{ status?: string }>).map((d) => d.status)).toEqual(['HEALTHY']);
      return res;
    }, { timeout: 10_000, interval: 100 });
    const etag = String(warm.headers.etag);

    // Revalidation: the caller insists on Houston and says what it holds.
    const revalidated = await read(listPath, { 'cache-control': 'no-cache', 'if-none-match': etag });
    expect(revalidated.res.status).toBe(304);
    expect(revalidated.res.text ?? '').toBe('');
    expect(revalidated.res.headers['x-cache']).toBe('BYPASS');
    expect(revalidated.res.headers.etag).toBe(etag);
    expect(revalidated.houstonCalls).toBe(1);
  });

  it.each(['no-cache', 'no-store', 'max-age=0, no-cache'])(
    'Cache-Control: %s reads Houston again (BYPASS), and stores what it read for the next caller',
    async (cacheControl) => {
      const { listPath, deployment } = await freshWorkspace();
      const { res: warm } = await read(listPath);
      const renamed = uniqueLabel('renamed-in-houston');
      await relabelInHouston(gw, deployment.id, renamed);

      // The gateway has not been told: a plain read still answers what it cached.
      const cached = await read(listPath);
      expect(cached.res.headers['x-cache']).toBe('HIT');
      expect(labelsOf(cached.res)).toEqual([deployment.label]);

      const bypass = await read(listPath, { 'cache-control': cacheControl });
      expect(bypass.res.status).toBe(200);
      expect(bypass.res.headers['x-cache']).toBe('BYPASS');
      expect(bypass.houstonCalls).toBe(1);
      expect(labelsOf(bypass.res)).toEqual([renamed]);
      expect(bypass.res.headers.etag).toMatch(ETAG);
      expect(bypass.res.headers.etag).not.toBe(warm.headers.etag);
      expect(maxAgeOf(bypass.res)).toBeGreaterThanOrEqual(29);

      const after = await read(listPath);
      expect(after.res.headers['x-cache']).toBe('HIT');
      expect(after.houstonCalls).toBe(0);
      expect(labelsOf(after.res)).toEqual([renamed]);
      expect(after.res.headers.etag).toBe(bypass.res.headers.etag);
    },
  );
});

describe('writes invalidate what they change', () => {
  it('POST /deployments makes the next list of its workspace a MISS that contains the new deployment', async () => {
    const { workspaceId, listPath, deployment } = await freshWorkspace();
    await read(listPath);
    expect((await read(listPath)).res.headers['x-cache']).toBe('HIT');

    const added = await createDeployment(workspaceId);
    const { res, houstonCalls } = await read(listPath);
    expect(res.headers['x-cache']).toBe('MISS');
    expect(houstonCalls).toBe(1);
    expect(idsOf(res).sort()).toEqual([deployment.id, added.id].sort());
    expect((await read(listPath)).res.headers['x-cache']).toBe('HIT');
  });

  it('POST /deployments leaves the lists of other workspaces cached', async () => {
    const one = await freshWorkspace();
    const two = await freshWorkspace();
    await read(one.listPath);
    await read(two.listPath);
    await createDeployment(one.workspaceId);
    expect((await read(two.listPath)).res.headers['x-cache']).toBe('HIT');
    expect((await read(one.listPath)).res.headers['x-cache']).toBe('MISS');
  });

  it('PATCH /deployments/{id} invalidates the deployment and the list of its workspace', async () => {
    const { listPath, deployment } = await freshWorkspace();
    const path = `/deployments/${deployment.id}`;
    for (const p of [path, listPath]) await read(p);
    for (const p of [path, listPath]) expect((await read(p)).res.headers['x-cache'], p).toBe('HIT');

    const label = uniqueLabel('patched');
    const patched = await gw.http().patch(path).set(bearer(gw.adminKey)).send({ label, description: 'moved to the EU' });
    expect(patched.status, patched.text).toBe(200);

    const one = await read(path);
    expect(one.res.headers['x-cache']).toBe('MISS');
    expect(one.res.body).toMatchObject({ id: deployment.id, label, description: 'moved to the EU' });
    const list = await read(listPath);
    expect(list.res.headers['x-cache']).toBe('MISS');
    expect(labelsOf(list.res)).toEqual([label]);
  });

  it('DELETE /deployments/{id} invalidates the deployment and the list of the workspace it was in', async () => {
    const { workspaceId, listPath, deployment } = await freshWorkspace();
    const kept = await createDeployment(workspaceId);
    const path = `/deployments/${deployment.id}`;
    for (const p of [path, listPath]) await read(p);
    for (const p of [path, listPath]) expect((await read(p)).res.headers['x-cache'], p).toBe('HIT');

    const deleted = await gw.http().delete(path).set(bearer(gw.adminKey));
    expect(deleted.status, deleted.text).toBe(204);

    const gone = await read(path);
    expectProblem(gone.res, 404, 'GW_UPSTREAM_NOT_FOUND');
    expect(gone.houstonCalls).toBe(1);
    const list = await read(listPath);
    expect(list.res.headers['x-cache']).toBe('MISS');
    expect(idsOf(list.res)).toEqual([kept.id]);
  });

  it('PUT environment-variables invalidates the variables read', async () => {
    const { deployment } = await freshWorkspace();
    const path = `/deployments/${deployment.id}/environment-variables`;
    const put = (environmentVariables: unknown[]) => gw.http().put(path).set(bearer(gw.adminKey)).send({ environmentVariables });
    expect((await put([{ key: 'REGION', value: 'us-east-1', isSecret: false }])).status).toBe(200);
    await read(path);
    expect((await read(path)).res.headers['x-cache']).toBe('HIT');

    expect((await put([{ key: 'REGION', value: 'eu-west-1', isSecret: false }, { key: 'TOKEN', value: 's3cr3t', isSecret: true }])).status).toBe(200);
    const { res, houstonCalls } = await read(path);
    expect(res.headers['x-cache']).toBe('MISS');
    expect(houstonCalls).toBeGreaterThan(0);
    expect(res.body.environmentVariables).toEqual([
      { key: 'REGION', value: 'eu-west-1', isSecret: false },
      { key: 'TOKEN', value: null, isSecret: true },
    ]);
  });

  it('a write that leaves the answer unchanged still invalidates; the MISS then answers 304 to the old ETag', async () => {
    const { deployment } = await freshWorkspace();
    const path = `/deployments/${deployment.id}/environment-variables`;
    const body = { environmentVariables: [{ key: 'REGION', value: 'us-east-1', isSecret: false }] };
    expect((await gw.http().put(path).set(bearer(gw.adminKey)).send(body)).status).toBe(200);
    const { res: warm } = await read(path);
    expect((await gw.http().put(path).set(bearer(gw.adminKey)).send(body)).status).toBe(200);

    const { res, houstonCalls } = await read(path, { 'if-none-match': String(warm.headers.etag) });
    expect(res.status).toBe(304);
    expect(res.headers['x-cache']).toBe('MISS');
    expect(houstonCalls).toBeGreaterThan(0);
    expect(res.headers.etag).toBe(warm.headers.etag);
  });

  it('PUT environment-variables invalidates the deployment it rolls out (Houston changes its updatedAt)', async () => {
    const { deployment, listPath } = await freshWorkspace();
    const path = `/deployments/${deployment.id}`;
    const { res: before } = await read(path);
    await read(listPath);
    await sleep(5); // timestamps have millisecond resolution

    const put = await gw.http().put(`${path}/environment-variables`).set(bearer(gw.adminKey))
      .send({ environmentVariables: [{ key: 'REGION', value: 'eu-west-1', isSecret: false }] });
    expect(put.status).toBe(200);
    // Houston itself now reports a new updatedAt (the variables change starts a rollout).
    const inHouston = dataOf(await gql(gw.emulator, gw.emulator.adminKey, 'query ($id: String!) { deployment(where: { id: $id }) { updatedAt } }', { id: deployment.id }));
    expect(new Date(String(inHouston.deployment.updatedAt)).toISOString()).not.toBe(before.body.updatedAt);

    const after = await read(path);
    expect(after.res.headers['x-cache']).not.toBe('HIT');
    expect(after.res.body.updatedAt).not.toBe(before.body.updatedAt);
    const list = await read(listPath);
    expect(list.res.headers['x-cache']).not.toBe('HIT');
  });

  it('adding a workspace user invalidates the users list of that workspace', async () => {
    const workspaceId = await createWorkspace();
    const path = `/workspaces/${workspaceId}/users`;
    await read(path);
    expect((await read(path)).res.headers['x-cache']).toBe('HIT');

    const email = uniqueEmail('cached');
    const added = await gw.http().post(path).set(bearer(gw.adminKey)).send({ email, role: 'WORKSPACE_EDITOR', bypassInvite: true });
    expect(added.status, added.text).toBe(201);

    const { res, houstonCalls } = await read(path);
    expect(res.headers['x-cache']).toBe('MISS');
    expect(houstonCalls).toBe(1);
    expect(idsOf(res)).toContain(added.body.id);
  });

  it("removing a workspace user invalidates the deployment users lists Houston removed them from", async () => {
    const { workspaceId, deployment } = await freshWorkspace();
    const email = uniqueEmail('cascade');
    const member = await gw.http().post(`/workspaces/${workspaceId}/users`).set(bearer(gw.adminKey)).send({ email, bypassInvite: true });
    expect(member.status, member.text).toBe(201);
    const userId = member.body.id as string;
    const deploymentUsers = `/deployments/${deployment.id}/users`;
    const role = await gw.http().post(deploymentUsers).set(bearer(gw.adminKey)).send({ email, role: 'DEPLOYMENT_VIEWER' });
    expect(role.status, role.text).toBe(201);
    expect(idsOf((await read(deploymentUsers)).res)).toContain(userId);
    expect((await read(deploymentUsers)).res.headers['x-cache']).toBe('HIT');

    const removed = await gw.http().delete(`/workspaces/${workspaceId}/users/${userId}`).set(bearer(gw.adminKey));
    expect(removed.status, removed.text).toBe(204);
    // Houston removed the user's deployment roles in that workspace with its workspace role.
    const inHouston = dataOf(await gql(gw.emulator, gw.emulator.adminKey,
      'query ($id: Id!) { deploymentUsers(deploymentId: $id) { id } }', { id: deployment.id }));
    expect((inHouston.deploymentUsers as { id: string }[]).map((u) => u.id)).not.toContain(userId);

    const { res } = await read(deploymentUsers);
    expect(idsOf(res)).not.toContain(userId);
  });

  it('a failed write invalidates nothing: the next read is still a HIT', async () => {
    const { workspaceId, listPath, deployment } = await freshWorkspace();
    const path = `/deployments/${deployment.id}`;
    const scopeless = await gw.keyWith(['deployments:read']);
    for (const p of [listPath, path]) await read(p);

    const failures: [string, () => Promise<supertest.Response>, number][] = [
      ['409 duplicate label', () => gw.http().post('/deployments').set(bearer(gw.adminKey))
        .send({ workspaceId, label: deployment.label, executor: 'CeleryExecutor', runtimeVersion: '9.1.0' }), 409],
      ['400 invalid body', () => gw.http().patch(path).set(bearer(gw.adminKey)).send({ colour: 'blue' }), 400],
      ['403 missing scope', () => gw.http().patch(path).set(bearer(scopeless)).send({ label: uniqueLabel('nope') }), 403],
      ['404 unknown deployment', () => gw.http().delete('/deployments/cunknowndeployment0000000').set(bearer(gw.adminKey)), 404],
    ];
    const invalidations = gw.app.cache.counters.invalidations;
    for (const [name, write, status] of failures) {
      const res = await write();
      expect(res.status, `${name}: ${res.text}`).toBe(status);
      for (const p of [listPath, path]) {
        const after = await read(p);
        expect(after.res.headers['x-cache'], `${p} after ${name}`).toBe('HIT');
        expect(after.houstonCalls).toBe(0);
      }
    }
    expect(gw.app.cache.counters.invalidations).toBe(invalidations);
  });
});

describe('two instances on one Redis', () => {
  it('share entries, and a write through one makes the other read Houston again', async () => {
    const { workspaceId, listPath, deployment } = await freshWorkspace();
    const path = `/deployments/${deployment.id}`;
    expect((await read(path)).res.headers['x-cache']).toBe('MISS');
    const fromB = await get(path, {}, gw.adminKey, other.http);
    expect(fromB.headers['x-cache']).toBe('HIT');
    expect(fromB.headers.etag).toBeDefined();
    await read(listPath);

    // The write goes through instance B; instance A is told only through Redis.
    const label = uniqueLabel('via-b');
    const patched = await other.http().patch(path).set(bearer(gw.adminKey)).send({ label });
    expect(patched.status, patched.text).toBe(200);
    const added = await other.http().post('/deployments').set(bearer(gw.adminKey))
      .send({ workspaceId, label: uniqueLabel('via-b'), executor: 'CeleryExecutor', runtimeVersion: '9.1.0' });
    expect(added.status, added.text).toBe(201);

    const one = await read(path);
    expect(one.res.headers['x-cache']).toBe('MISS');
    expect(one.res.body.label).toBe(label);
    const list = await read(listPath);
    expect(list.res.headers['x-cache']).toBe('MISS');
    expect(idsOf(list.res).sort()).toEqual([deployment.id, added.body.id as string].sort());
  });
});

describe('who shares an entry', () => {
  it('callers on different Houston credentials never share one: each first read is a MISS', async () => {
    const { listPath, workspaceId, deployment } = await freshWorkspace();
    const viewerKey = await gw.keyActingAs(await gw.houstonServiceAccount('WORKSPACE_VIEWER', { workspaceId }));

    const admin = await read(listPath);
    expect(admin.res.headers['x-cache']).toBe('MISS');
    expect((await read(listPath)).res.headers['x-cache']).toBe('HIT');

    const viewer = await read(listPath, {}, viewerKey);
    expect(viewer.res.status, viewer.res.text).toBe(200);
    expect(viewer.res.headers['x-cache']).toBe('MISS');
    expect(viewer.houstonCalls).toBe(1);
    expect(idsOf(viewer.res)).toEqual(idsOf(admin.res)); // the same deployments, read separately
    expect(gw.emulator.calls.all.at(-1)?.rootFields).toEqual(['workspaceDeployments']);
    const second = await read(listPath, {}, viewerKey);
    expect(second.res.headers['x-cache']).toBe('HIT');
    expect(idsOf(second.res)).toEqual([deployment.id]);
  });

  it('a credential that may not read something is refused by Houston, however warm the cache is for another', async () => {
    const { listPath } = await freshWorkspace();
    const outsider = await gw.keyActingAs(await gw.houstonServiceAccount('WORKSPACE_VIEWER', { workspaceId: demoId }));
    await read(listPath);
    expect((await read(listPath)).res.headers['x-cache']).toBe('HIT');
    const { res, houstonCalls } = await read(listPath, {}, outsider);
    expectProblem(res, 403, 'GW_UPSTREAM_FORBIDDEN');
    expect(houstonCalls).toBe(1);
  });

  it('two keys on one credential, one restricted to some workspaces, do not share GET /workspaces', async () => {
    await createWorkspace(); // so the unrestricted list holds more than the demo workspace
    const restricted = await gw.keyWith(['workspaces:read'], { workspaces: [demoId] });
    const sameList = await gw.keyWith(['workspaces:read', 'deployments:read'], { workspaces: [demoId] });

    const all = await read('/workspaces', { 'cache-control': 'no-cache' });
    expect(idsOf(all.res).length).toBeGreaterThan(1);
    expect((await read('/workspaces')).res.headers['x-cache']).toBe('HIT');

    const limited = await read('/workspaces', {}, restricted);
    expect(limited.res.status, limited.res.text).toBe(200);
    expect(limited.res.headers['x-cache']).toBe('MISS');
    expect(limited.houstonCalls).toBe(1);
    expect(idsOf(limited.res)).toEqual([demoId]);
    expect(limited.res.headers.etag).not.toBe(all.res.headers.etag);

    const again = await read('/workspaces', {}, restricted);
    expect(again.res.headers['x-cache']).toBe('HIT');
    expect(idsOf(again.res)).toEqual([demoId]);
    // What decides the answer is the credential and the allow-list, not which key asks.
    const other = await read('/workspaces', {}, sameList);
    expect(other.res.headers['x-cache']).toBe('HIT');
    expect(idsOf(other.res)).toEqual([demoId]);
    // And the unrestricted key still gets its own, whole list.
    const whole = await read('/workspaces');
    expect(whole.res.headers['x-cache']).toBe('HIT');
    expect(idsOf(whole.res)).toEqual(idsOf(all.res));
  });
});

describe('concurrent misses', () => {
  it('20 identical misses at once make one Houston call, and all get the same answer', async () => {
    const { listPath, deployment } = await freshWorkspace();
    const before = gw.emulator.calls.count('workspaceDeployments');
    const coalesced = gw.app.cache.counters.coalesced;
    gw.emulator.faults.set({ latencyMs: 300 });
    let answers: supertest.Response[];
    try {
      answers = await Promise.all(Array.from({ length: 20 }, () => get(listPath)));
    } finally {
      gw.emulator.faults.clear();
    }
    expect(gw.emulator.calls.count('workspaceDeployments') - before).toBe(1);
    for (const res of answers) {
      expect(res.status, res.text).toBe(200);
      expect(res.headers['x-cache']).toBe('MISS');
      expect(res.headers.etag).toBe(answers[0]!.headers.etag);
      expect(idsOf(res)).toEqual([deployment.id]);
    }
    expect(gw.app.cache.counters.coalesced - coalesced).toBe(19);
    expect((await read(listPath)).res.headers['x-cache']).toBe('HIT');
  });

  it('a read that starts after a write has answered does not join a Houston read begun before it', async () => {
    const workspaceId = await createWorkspace();
    const path = `/workspaces/${workspaceId}/deployments`;
    const before = gw.emulator.calls.count('workspaceDeployments');
    // An empty workspace takes two Houston calls to list (the list, then an existence check), so
    // the early read is still running when the write, one call, has answered.
    gw.emulator.faults.set({ latencyMs: 400 });
    try {
      let earlyDone = false;
      const early = get(path).then((res) => {
        earlyDone = true;
        return res;
      });
      await eventually(() => expect(gw.emulator.calls.count('workspaceDeployments')).toBe(before + 1), { timeout: 2_000, interval: 5 });

      const created = await gw.http().post('/deployments').set(bearer(gw.adminKey))
        .send({ workspaceId, label: uniqueLabel('racing'), executor: 'CeleryExecutor', runtimeVersion: '9.1.0' });
      expect(created.status, created.text).toBe(201);
      expect(earlyDone, 'the early read should still be running').toBe(false);

      const late = await get(path);
      expect(late.status, late.text).toBe(200);
      expect(idsOf(late), 'a read begun after the write must see it').toEqual([created.body.id]);
      // The early read began before the write, so its older answer is its own to keep.
      const earlyRes = await early;
      expect(earlyRes.status).toBe(200);
      expect(idsOf(earlyRes)).toEqual([]);
    } finally {
      gw.emulator.faults.clear();
    }
    // And the early read's answer was not kept as current.
    expect(idsOf((await read(path)).res)).toHaveLength(1);
  });
});

describe('readiness', () => {
  it('/readyz reports the cache on Redis when all is well', async () => {
    const res = await gw.http().get('/readyz');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      status: 'ready',
      checks: {
        houston: { ok: true },
        houstonSchema: { ok: true, detail: expect.any(String) as unknown },
        redis: { ok: true, detail: expect.stringMatching(/primary; takes writes$/) as unknown },
        rateLimits: { ok: true },
        idempotency: { ok: true },
        callerKeys: { ok: true },
        cache: { ok: true, detail: 'redis' },
      },
    });
  });
});

describe('stale-if-error (CACHE_TTL_SECONDS=1, CACHE_STALE_SECONDS=2)', () => {
  let stale: TestGateway;

  beforeAll(async () => {
    // Houston retries and the circuit breaker are turned down here, so each failing read is one
    // failed call and the breaker stays closed: this case is about the cache alone.
    stale = await buildTestApp({
      env: { CACHE_TTL_SECONDS: '1', CACHE_STALE_SECONDS: '2', HOUSTON_READ_RETRIES: '0', HOUSTON_BREAKER_FAILURES: '1000' },
    });
  });

  afterAll(async () => {
    await stale?.close();
  });

  it('serves an expired entry as STALE while Houston is down, within the window only, and never a 4xx', async () => {
    const expectStaleProblem = problemAsserter(() => stale.emulator.adminKey);
    const { listPath, deployment } = await freshWorkspace(stale);
    const doomed = await createDeployment(await createWorkspace(stale), stale);
    const doomedPath = `/deployments/${doomed.id}`;

    const warm = await read(listPath, {}, stale.adminKey, stale);
    const warmedAt = Date.now();
    expect(warm.res.headers['x-cache']).toBe('MISS');
    expect(maxAgeOf(warm.res)).toBeLessThanOrEqual(1);
    expect((await read(doomedPath, {}, stale.adminKey, stale)).res.status).toBe(200);
    // Deleted behind the gateway's back: once the entry is past freshness, Houston's 404 stands.
    await gql(stale.emulator, stale.emulator.adminKey, 'mutation ($id: Uuid!) { deleteDeployment(deploymentUuid: $id) { id } }', { id: doomed.id });

    await sleep(1_100 - (Date.now() - warmedAt));
    expectStaleProblem((await read(doomedPath, {}, stale.adminKey, stale)).res, 404, 'GW_UPSTREAM_NOT_FOUND');

    // Houston answers 503: a 502-class failure.
    stale.emulator.faults.set({ failureRate: 1, failStatus: 503 });
    try {
      const { res } = await read(listPath, {}, stale.adminKey, stale);
      expect(res.status, res.text).toBe(200);
      expect(res.headers['x-cache']).toBe('STALE');
    } finally {
      stale.emulator.faults.clear();
    }

    await stale.emulator.stop();
    try {
      const { res, houstonCalls } = await read(listPath, {}, stale.adminKey, stale);
      expect(res.status, res.text).toBe(200);
      expect(houstonCalls).toBe(0); // nothing could be recorded: the emulator is down
      expect(res.headers['x-cache']).toBe('STALE');
      expect(res.headers.warning).toBe(STALE_WARNING);
      expect(res.headers['cache-control']).toBe('private, max-age=0');
      expect(Number(res.headers.age)).toBeGreaterThanOrEqual(1);
      expect(res.headers.etag).toBe(warm.res.headers.etag);
      expect(idsOf(res)).toEqual([deployment.id]);

      // A caller asking for a fresh answer gets the failure, not the stale entry.
      expectStaleProblem((await read(listPath, { 'cache-control': 'no-cache' }, stale.adminKey, stale)).res, 502, 'GW_UPSTREAM_UNAVAILABLE');

      await sleep(3_150 - (Date.now() - warmedAt)); // past freshness (1 s) plus the window (2 s)
      const late = await read(listPath, {}, stale.adminKey, stale);
      expectStaleProblem(late.res, 502, 'GW_UPSTREAM_UNAVAILABLE');
      expect(late.res.headers['x-cache']).toBeUndefined();
    } finally {
      await stale.emulator.start();
    }
    const back = await read(listPath, {}, stale.adminKey, stale);
    expect(back.res.status).toBe(200);
    expect(back.res.headers['x-cache']).toBe('MISS');
    expect(back.houstonCalls).toBe(1);
  });

  it('serves the stale entry too once repeated Houston failures have opened the circuit breaker', async () => {
    // Breaker after two consecutive failures; a stale window long enough for the whole case.
    const breaker = await buildTestApp({
      env: { CACHE_TTL_SECONDS: '1', CACHE_STALE_SECONDS: '10', HOUSTON_READ_RETRIES: '0', HOUSTON_BREAKER_FAILURES: '2' },
    });
    try {
      const { listPath, deployment } = await freshWorkspace(breaker);
      const warm = await read(listPath, {}, breaker.adminKey, breaker);
      expect(warm.res.headers['x-cache']).toBe('MISS');
      await sleep(1_100);
      await breaker.emulator.stop();
      const states: string[] = [];
      for (let attempt = 0; attempt < 4; attempt++) {
        const { res } = await read(listPath, {}, breaker.adminKey, breaker);
        states.push(`${res.status} ${String(res.headers['x-cache'] ?? res.body.code)}`);
      }
      // Houston is as unavailable with the breaker open as before it opened.
      expect(states).toEqual(['200 STALE', '200 STALE', '200 STALE', '200 STALE']);
      expect(breaker.app.houston.breakerState()).toBe('open');
      expect(idsOf((await read(listPath, {}, breaker.adminKey, breaker)).res)).toEqual([deployment.id]);
    } finally {
      await breaker.emulator.start();
      await breaker.close();
    }
  });
});

describe('CACHE_ENABLED=false', () => {
  let off: TestGateway;

  beforeAll(async () => {
    off = await buildTestApp({ env: { CACHE_ENABLED: 'false' } });
  });

  afterAll(async () => {
    await off?.close();
  });

  it('answers every read from Houston as BYPASS, still with an ETag and conditional 304s', async () => {
    const path = `/workspaces/${off.emulator.demo!.workspaceId}/deployments`;
    const first = await read(path, {}, off.adminKey, off);
    expect(first.res.status).toBe(200);
    expect(first.res.headers['x-cache']).toBe('BYPASS');
    expect(first.res.headers.etag).toMatch(ETAG);
    expect(first.houstonCalls).toBe(1);

    const second = await read(path, {}, off.adminKey, off);
    expect(second.res.headers['x-cache']).toBe('BYPASS');
    expect(second.houstonCalls).toBe(1);
    expect(second.res.headers.etag).toBe(first.res.headers.etag);

    const conditional = await read(path, { 'if-none-match': String(first.res.headers.etag) }, off.adminKey, off);
    expect(conditional.res.status).toBe(304);
    expect(conditional.houstonCalls).toBe(1);

    const ready = await off.http().get('/readyz');
    expect(ready.body.checks.cache).toEqual({ ok: true, detail: 'off' });
    expect(off.app.cache.store).toBe('off');
  });
});

// The settings a portal's create and edit forms need — triggerer replicas, how DAGs are deployed, the
// namespace — on every Houston line of the matrix, refused before Houston is asked where the line
// lacks them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { suiteLine } from '../../helpers/houston-line.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';

const line = suiteLine();
const SSH_KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nsettings-test-secret-91c2\n-----END OPENSSH PRIVATE KEY-----';
let gw: TestGateway;
const expectProblem = problemAsserter(() => gw.emulator.adminKey);

beforeAll(async () => {
  gw = await buildTestApp({ env: { CACHE_ENABLED: 'false' } });
});

afterAll(async () => {
  await gw?.close();
});

const create = (extra: Record<string, unknown>) =>
  gw
    .http()
    .post('/deployments')
    .set(bearer(gw.adminKey))
    .send({ workspaceId: gw.emulator.demo!.workspaceId, label: uniqueLabel('set'), executor: 'CeleryExecutor', ...(line.runtime ? { runtimeVersion: '9.1.0' } : {}), ...extra });

describe(`deployment settings on Houston ${line.version}`, () => {
  it.runIf(line.triggerer)('creates with triggerer replicas and changes them (Houston 0.28 and later)', async () => {
    const res = await create({ triggererReplicas: 2 });
    expect(res.status, res.text).toBe(201);
    expect(res.body.triggererReplicas).toBe(2);
    const changed = await gw.http().patch(`/deployments/${res.body.id}`).set(bearer(gw.adminKey)).send({ triggererReplicas: 0 });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.triggererReplicas).toBe(0);
  });

  it.runIf(!line.triggerer)('refuses triggerer replicas with 400 before Houston 0.28, asking Houston nothing', async () => {
    const created = await create({});
    expect(created.status, created.text).toBe(201);
    const before = gw.emulator.calls.count();
    const res = await create({ triggererReplicas: 1 });
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body/triggererReplicas' }));
    const patched = await gw.http().patch(`/deployments/${created.body.id}`).set(bearer(gw.adminKey)).send({ triggererReplicas: 1 });
    expectProblem(patched, 400, 'GW_REQUEST_INVALID');
    expect(gw.emulator.calls.count()).toBe(before);
  });

  it('creates with a DAG deployment mechanism and changes it; the SSH key is never returned', async () => {
    const res = await create({ dagDeployment: { type: 'git_sync', repositoryUrl: 'git@example.com:data/dags.git', branchName: 'main', sshKey: SSH_KEY } });
    expect(res.status, res.text).toBe(201);
    expect(res.text).not.toContain('settings-test-secret');
    expect(res.body.dagDeployment).toEqual(line.runtime ? { type: 'git_sync' } : null);
    const changed = await gw.http().patch(`/deployments/${res.body.id}`).set(bearer(gw.adminKey)).send({ dagDeployment: { type: 'volume', nfsLocation: 'nfs.example.com:/dags' } });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.dagDeployment).toEqual(line.runtime ? { type: 'volume' } : null);
    const read = await gw.http().get(`/deployments/${res.body.id}`).set(bearer(gw.adminKey));
    expect(read.text).not.toContain('settings-test-secret');
  });

  it('refuses settings out of range with 400', async () => {
    expectProblem(await create({ triggererReplicas: 3 }), 400, 'GW_REQUEST_INVALID');
    expectProblem(await create({ dagDeployment: { type: 'ftp' } }), 400, 'GW_REQUEST_INVALID');
    expectProblem(await create({ dagDeployment: { type: 'volume', password: 'x' } }), 400, 'GW_REQUEST_INVALID');
  });

  it('lists the namespaces a deployment may use, and creates in one of them', async () => {
    const res = await gw.http().get('/namespaces').set(bearer(gw.adminKey));
    expect(res.status, res.text).toBe(200);
    const [first] = res.body as { name: string }[];
    expect(first?.name).toMatch(/^[a-z0-9-]+$/);
    const created = await create({ namespace: first!.name });
    expect(created.status, created.text).toBe(201);
    expect(created.body.namespace).toBe(first!.name);
    const after = await gw.http().get('/namespaces').set(bearer(gw.adminKey));
    expect((after.body as { name: string }[]).map((n) => n.name)).not.toContain(first!.name);
  });

  it.runIf(line.clusters)("lists a cluster's namespaces (Houston 1.0 and later)", async () => {
    const [primary, edge] = gw.emulator.clusters;
    const of = async (id: string) => ((await gw.http().get(`/namespaces?clusterId=${id}`).set(bearer(gw.adminKey))).body as { name: string }[]).map((n) => n.name);
    expect(await of(primary!.id)).not.toEqual(await of(edge!.id));
  });

  it.runIf(!line.clusters)('refuses clusterId on /namespaces with 400 before Houston 1.0', async () => {
    const res = await gw.http().get('/namespaces?clusterId=some-cluster').set(bearer(gw.adminKey));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'querystring/clusterId' }));
  });

  it('needs deployments:read for /namespaces, checked before Houston is asked', async () => {
    const key = await gw.keyWith(['workspaces:read']);
    const before = gw.emulator.calls.count();
    expectProblem(await gw.http().get('/namespaces').set(bearer(key)), 403, 'GW_AUTH_SCOPE');
    expect(gw.emulator.calls.count()).toBe(before);
  });
});

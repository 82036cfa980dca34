// Teams through the gateway on every Houston line of the matrix: platform-wide, in workspaces and on
// deployments from 0.28, system roles from 0.29.2, and 501 for every team route before that.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../../src/auth/scopes.js';
import { uniqueLabel } from '../../helpers/emulator-client.js';
import { buildTestApp, type TestGateway } from '../../helpers/gateway.js';
import { atLeast, suiteLine } from '../../helpers/houston-line.js';
import { bearer, problemAsserter } from '../../helpers/problem.js';

const line = suiteLine();
const systemRoles = atLeast(line.version, '0.29.2');
const UNKNOWN_ID = 'cunknownteam0000000000000';

let gw: TestGateway;
let workspaceId: string;
let deploymentId: string;
/** Every scope, acting through a WORKSPACE_VIEWER service account of the demo workspace. */
let viewerKey: string;
/** Every scope, but only for a workspace of its own. */
let elsewhereKey: string;
const expectProblem = problemAsserter(() => gw.emulator.adminKey);

beforeAll(async () => {
  // The response cache stays on: the invalidation of team lists is part of what is tested.
  gw = await buildTestApp();
  workspaceId = gw.emulator.demo!.workspaceId;
  deploymentId = gw.emulator.demo!.deploymentId;
  viewerKey = await gw.keyActingAs(await gw.houstonServiceAccount('WORKSPACE_VIEWER', { workspaceId }));
  const other = await gw.http().post('/workspaces').set(bearer(gw.adminKey)).send({ label: uniqueLabel('elsewhere') });
  elsewhereKey = await gw.keyWith([...SCOPES], { workspaces: [other.body.id as string] });
});

afterAll(async () => {
  await gw?.close();
});

function seedTeam(memberIds: string[] = []): string {
  return gw.emulator.seed.team({ name: uniqueLabel('team'), memberIds }).id;
}

const as = (key: string) => ({
  get: (path: string) => gw.http().get(path).set(bearer(key)),
  post: (path: string, body: object) => gw.http().post(path).set(bearer(key)).send(body),
  patch: (path: string, body: object) => gw.http().patch(path).set(bearer(key)).send(body),
  delete: (path: string) => gw.http().delete(path).set(bearer(key)),
});
const admin = () => as(gw.adminKey);

/** The request runs no Houston operation: refused before Houston is asked. */
async function withoutHouston<T>(request: () => PromiseLike<T>): Promise<T> {
  const before = gw.emulator.calls.count();
  const res = await request();
  expect(gw.emulator.calls.count()).toBe(before);
  return res;
}

describe.runIf(line.teams)(`teams on Houston ${line.version}`, () => {
  it('lists every team with its system role, walking paginatedTeams page by page', async () => {
    const viewer = seedTeam();
    gw.emulator.seed.roleBinding({ role: 'SYSTEM_VIEWER', teamId: viewer });
    for (let i = 0; i < 25; i += 1) seedTeam();
    const pagesBefore = gw.emulator.calls.count('paginatedTeams');
    const res = await admin().get('/teams');
    expect(res.status, res.text).toBe(200);
    const teams = res.body as { id: string; systemRole: string | null }[];
    expect(teams.length).toBeGreaterThanOrEqual(26);
    expect(new Set(teams.map((t) => t.id)).size).toBe(teams.length);
    expect(teams.find((t) => t.id === viewer)).toMatchObject({ systemRole: 'SYSTEM_VIEWER', name: expect.any(String), createdAt: expect.any(String) });
    // The official client's page of 20, cursor = the last id, until `count` teams are in hand.
    expect(gw.emulator.calls.count('paginatedTeams') - pagesBefore).toBe(Math.ceil(teams.length / 20));
  });

  it('gets a team with its roles on the system, workspaces and deployments, and 404 for an unknown one', async () => {
    const team = seedTeam();
    gw.emulator.seed.roleBinding({ role: 'SYSTEM_EDITOR', teamId: team });
    gw.emulator.seed.roleBinding({ role: 'WORKSPACE_EDITOR', teamId: team, workspaceId });
    gw.emulator.seed.roleBinding({ role: 'DEPLOYMENT_VIEWER', teamId: team, deploymentId });
    const res = await admin().get(`/teams/${team}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: team, systemRole: 'SYSTEM_EDITOR' });
    expect(res.body.roleBindings).toEqual(
      expect.arrayContaining([
        { role: 'SYSTEM_EDITOR', workspaceId: null, deploymentId: null },
        { role: 'WORKSPACE_EDITOR', workspaceId, deploymentId: null },
        { role: 'DEPLOYMENT_VIEWER', workspaceId: null, deploymentId },
      ]),
    );
    expectProblem(await admin().get(`/teams/${UNKNOWN_ID}`), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it("lists a team's members, [] for a team without any, and 404 for an unknown team", async () => {
    const ana = gw.emulator.seed.user({ email: `${uniqueLabel('ana')}@example.com` });
    const team = seedTeam([ana.id]);
    const res = await admin().get(`/teams/${team}/users`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual([expect.objectContaining({ id: ana.id, emails: [ana.email] })]);
    expect((await admin().get(`/teams/${seedTeam()}/users`)).body).toEqual([]);
    expectProblem(await admin().get(`/teams/${UNKNOWN_ID}/users`), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('needs teams:read, checked before Houston is asked', async () => {
    const key = await gw.keyWith(SCOPES.filter((scope) => scope !== 'teams:read' && scope !== 'admin'));
    expectProblem(await withoutHouston(() => as(key).get('/teams')), 403, 'GW_AUTH_SCOPE');
    expectProblem(await withoutHouston(() => as(key).get(`/workspaces/${workspaceId}/teams`)), 403, 'GW_AUTH_SCOPE');
    expectProblem(await withoutHouston(() => as(key).get(`/deployments/${deploymentId}/teams`)), 403, 'GW_AUTH_SCOPE');
  });

  it('refuses a key limited to some workspaces on the platform-wide team routes', async () => {
    const team = seedTeam();
    for (const path of ['/teams', `/teams/${team}`, `/teams/${team}/users`]) {
      expectProblem(await withoutHouston(() => as(elsewhereKey).get(path)), 403, 'GW_AUTH_WORKSPACE');
    }
  });

  it("passes on Houston's denial of a workspace-level credential as 403", async () => {
    const res = await as(viewerKey).get('/teams');
    expectProblem(res, 403, 'GW_UPSTREAM_FORBIDDEN');
  });
});

describe.runIf(systemRoles)(`team system roles on Houston ${line.version}`, () => {
  const path = (teamId: string) => `/teams/${teamId}/system-role-bindings`;

  it('gives a team a system role and takes it away; GET /teams/{id} follows each change', async () => {
    const team = seedTeam();
    expect((await admin().get(`/teams/${team}`)).body.systemRole).toBeNull();
    const added = await admin().post(path(team), { role: 'SYSTEM_VIEWER' });
    expect(added.status, added.text).toBe(201);
    expect(added.body).toEqual({ teamId: team, role: 'SYSTEM_VIEWER' });
    expect((await admin().get(`/teams/${team}`)).body.systemRole).toBe('SYSTEM_VIEWER');
    expectProblem(await admin().post(path(team), { role: 'SYSTEM_VIEWER' }), 409, 'GW_UPSTREAM_CONFLICT');
    const removed = await admin().delete(`${path(team)}/SYSTEM_VIEWER`);
    expect(removed.status, removed.text).toBe(204);
    expect((await admin().get(`/teams/${team}`)).body.systemRole).toBeNull();
    expectProblem(await admin().delete(`${path(team)}/SYSTEM_VIEWER`), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('answers 400 for a role that is not a system role, and 404 for an unknown team', async () => {
    const team = seedTeam();
    const bad = await withoutHouston(() => admin().post(path(team), { role: 'WORKSPACE_ADMIN' }));
    expectProblem(bad, 400, 'GW_REQUEST_INVALID');
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: 'body/role' }));
    expectProblem(await withoutHouston(() => admin().delete(`${path(team)}/DEPLOYMENT_ADMIN`)), 400, 'GW_REQUEST_INVALID');
    expectProblem(await admin().post(path(UNKNOWN_ID), { role: 'SYSTEM_ADMIN' }), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('needs admin (teams:write is not enough), checked before Houston is asked', async () => {
    const team = seedTeam();
    const key = await gw.keyWith(SCOPES.filter((scope) => scope !== 'admin'));
    expectProblem(await withoutHouston(() => as(key).post(path(team), { role: 'SYSTEM_ADMIN' })), 403, 'GW_AUTH_SCOPE');
    expectProblem(await withoutHouston(() => as(key).delete(`${path(team)}/SYSTEM_ADMIN`)), 403, 'GW_AUTH_SCOPE');
  });

  it("passes on Houston's denial of a credential below System Admin as 403", async () => {
    const systemViewer = await gw.keyActingAs(await gw.houstonServiceAccount('SYSTEM_VIEWER'));
    expectProblem(await as(systemViewer).post(path(seedTeam()), { role: 'SYSTEM_ADMIN' }), 403, 'GW_UPSTREAM_FORBIDDEN');
  });
});

describe.runIf(line.teams && !systemRoles)(`team system roles on Houston ${line.version} (before 0.29.2)`, () => {
  it('POST and DELETE of system role bindings answer 501', async () => {
    const team = seedTeam();
    expectProblem(await admin().post(`/teams/${team}/system-role-bindings`, { role: 'SYSTEM_VIEWER' }), 501, 'GW_UPSTREAM_UNSUPPORTED');
    expectProblem(await admin().delete(`/teams/${team}/system-role-bindings/SYSTEM_VIEWER`), 501, 'GW_UPSTREAM_UNSUPPORTED');
  });
});

describe.runIf(line.teams)(`workspace teams on Houston ${line.version}`, () => {
  const teamsOf = (id = workspaceId) => `/workspaces/${id}/teams`;
  const listed = async () => (await admin().get(teamsOf()).expect(200)).body as { id: string; role: string }[];

  it('adds a team (a list read before shows it after), changes its role, and removes it', async () => {
    const team = seedTeam();
    expect((await listed()).map((t) => t.id)).not.toContain(team);
    const added = await admin().post(teamsOf(), { teamId: team, role: 'WORKSPACE_EDITOR' });
    expect(added.status, added.text).toBe(201);
    expect(added.body).toEqual({ id: team, name: expect.any(String), role: 'WORKSPACE_EDITOR' });
    expect(added.headers.location).toBe(`${teamsOf()}/${team}`);
    expect((await listed()).find((t) => t.id === team)?.role).toBe('WORKSPACE_EDITOR');
    expect((await admin().get(`/teams/${team}`)).body.roleBindings).toContainEqual({ role: 'WORKSPACE_EDITOR', workspaceId, deploymentId: null });

    const changed = await admin().patch(`${teamsOf()}/${team}`, { role: 'WORKSPACE_ADMIN' });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toEqual({ id: team, name: added.body.name, role: 'WORKSPACE_ADMIN' });
    expect((await listed()).find((t) => t.id === team)?.role).toBe('WORKSPACE_ADMIN');

    expect((await admin().delete(`${teamsOf()}/${team}`)).status).toBe(204);
    expect((await listed()).map((t) => t.id)).not.toContain(team);
  });

  it('answers 409 for a team already in the workspace', async () => {
    const team = seedTeam();
    expect((await admin().post(teamsOf(), { teamId: team })).body.role).toBe('WORKSPACE_VIEWER');
    expectProblem(await admin().post(teamsOf(), { teamId: team, role: 'WORKSPACE_ADMIN' }), 409, 'GW_UPSTREAM_CONFLICT');
  });

  it('answers 400 naming the field for a deployment role or a missing team, before Houston is asked', async () => {
    const wrongRole = await withoutHouston(() => admin().post(teamsOf(), { teamId: seedTeam(), role: 'DEPLOYMENT_ADMIN' }));
    expectProblem(wrongRole, 400, 'GW_REQUEST_INVALID');
    expect(wrongRole.body.errors).toContainEqual(expect.objectContaining({ field: 'body/role' }));
    expectProblem(await withoutHouston(() => admin().post(teamsOf(), { role: 'WORKSPACE_ADMIN' })), 400, 'GW_REQUEST_INVALID');
    expectProblem(await withoutHouston(() => admin().patch(`${teamsOf()}/${seedTeam()}`, { role: 'SYSTEM_ADMIN' })), 400, 'GW_REQUEST_INVALID');
  });

  it('answers 404 for an unknown workspace or team, and for a team not in the workspace', async () => {
    expectProblem(await admin().get(teamsOf(UNKNOWN_ID)), 404, 'GW_UPSTREAM_NOT_FOUND');
    expectProblem(await admin().post(teamsOf(UNKNOWN_ID), { teamId: seedTeam() }), 404, 'GW_UPSTREAM_NOT_FOUND');
    expectProblem(await admin().post(teamsOf(), { teamId: UNKNOWN_ID }), 404, 'GW_UPSTREAM_NOT_FOUND');
    const outsider = seedTeam();
    expectProblem(await admin().patch(`${teamsOf()}/${outsider}`, { role: 'WORKSPACE_ADMIN' }), 404, 'GW_UPSTREAM_NOT_FOUND');
    expectProblem(await admin().delete(`${teamsOf()}/${outsider}`), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('needs teams:write to change, checked before Houston is asked', async () => {
    const key = await gw.keyWith(['teams:read']);
    expect((await as(key).get(teamsOf())).status).toBe(200);
    expectProblem(await withoutHouston(() => as(key).post(teamsOf(), { teamId: seedTeam() })), 403, 'GW_AUTH_SCOPE');
  });

  it("refuses a key whose allow-list excludes the workspace, and passes on Houston's denial as 403", async () => {
    expectProblem(await withoutHouston(() => as(elsewhereKey).get(teamsOf())), 403, 'GW_AUTH_WORKSPACE');
    expectProblem(await withoutHouston(() => as(elsewhereKey).post(teamsOf(), { teamId: seedTeam() })), 403, 'GW_AUTH_WORKSPACE');
    expectProblem(await as(viewerKey).post(teamsOf(), { teamId: seedTeam() }), 403, 'GW_UPSTREAM_FORBIDDEN');
  });
});

describe.runIf(line.teams)(`deployment teams on Houston ${line.version}`, () => {
  const teamsOf = (id = deploymentId) => `/deployments/${id}/teams`;
  const listed = async () => (await admin().get(teamsOf()).expect(200)).body as { id: string; role: string }[];

  it('gives a team a role (a list read before shows it after), changes it, and takes it away', async () => {
    const team = seedTeam();
    expect((await listed()).map((t) => t.id)).not.toContain(team);
    const added = await admin().post(teamsOf(), { teamId: team, role: 'DEPLOYMENT_EDITOR' });
    expect(added.status, added.text).toBe(201);
    expect(added.body).toEqual({ id: team, name: expect.any(String), role: 'DEPLOYMENT_EDITOR' });
    expect(added.headers.location).toBe(`${teamsOf()}/${team}`);
    expect((await listed()).find((t) => t.id === team)?.role).toBe('DEPLOYMENT_EDITOR');

    const changed = await admin().patch(`${teamsOf()}/${team}`, { role: 'DEPLOYMENT_ADMIN' });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.role).toBe('DEPLOYMENT_ADMIN');
    expect((await listed()).find((t) => t.id === team)?.role).toBe('DEPLOYMENT_ADMIN');

    expect((await admin().delete(`${teamsOf()}/${team}`)).status).toBe(204);
    expect((await listed()).map((t) => t.id)).not.toContain(team);
  });

  it("drops the team from the deployment's list when it leaves the workspace", async () => {
    const team = seedTeam();
    expect((await admin().post(`/workspaces/${workspaceId}/teams`, { teamId: team })).status).toBe(201);
    expect((await admin().post(teamsOf(), { teamId: team })).body.role).toBe('DEPLOYMENT_VIEWER');
    expect((await listed()).map((t) => t.id)).toContain(team);
    expect((await admin().delete(`/workspaces/${workspaceId}/teams/${team}`)).status).toBe(204);
    expect((await listed()).map((t) => t.id)).not.toContain(team);
  });

  it('answers 400 for a workspace role, before Houston is asked', async () => {
    const res = await withoutHouston(() => admin().post(teamsOf(), { teamId: seedTeam(), role: 'WORKSPACE_VIEWER' }));
    expectProblem(res, 400, 'GW_REQUEST_INVALID');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body/role' }));
  });

  it('answers 404 for an unknown deployment or team, and for a team without a role here', async () => {
    expectProblem(await admin().get(teamsOf(UNKNOWN_ID)), 404, 'GW_UPSTREAM_NOT_FOUND');
    expectProblem(await admin().post(teamsOf(UNKNOWN_ID), { teamId: seedTeam() }), 404, 'GW_UPSTREAM_NOT_FOUND');
    expectProblem(await admin().post(teamsOf(), { teamId: UNKNOWN_ID }), 404, 'GW_UPSTREAM_NOT_FOUND');
    const outsider = seedTeam();
    expectProblem(await admin().patch(`${teamsOf()}/${outsider}`, { role: 'DEPLOYMENT_ADMIN' }), 404, 'GW_UPSTREAM_NOT_FOUND');
    expectProblem(await admin().delete(`${teamsOf()}/${outsider}`), 404, 'GW_UPSTREAM_NOT_FOUND');
  });

  it('needs teams:write to change, checked before Houston is asked', async () => {
    const key = await gw.keyWith(['teams:read']);
    expectProblem(await withoutHouston(() => as(key).post(teamsOf(), { teamId: seedTeam() })), 403, 'GW_AUTH_SCOPE');
  });

  it("answers 404 (as for an unknown deployment) to a key whose allow-list excludes the deployment's workspace, and passes on Houston's denial as 403", async () => {
    expectProblem(await as(elsewhereKey).get(teamsOf()), 404, 'GW_UPSTREAM_NOT_FOUND');
    expectProblem(await as(elsewhereKey).post(teamsOf(), { teamId: seedTeam() }), 404, 'GW_UPSTREAM_NOT_FOUND');
    expectProblem(await as(viewerKey).post(teamsOf(), { teamId: seedTeam() }), 403, 'GW_UPSTREAM_FORBIDDEN');
  });
});

describe.runIf(!line.teams)(`teams on Houston ${line.version} (before teams)`, () => {
  const team = 'some-team';
  it.each([
    ['get', '/teams'],
    ['get', `/teams/${team}`],
    ['get', `/teams/${team}/users`],
    ['post', `/teams/${team}/system-role-bindings`, { role: 'SYSTEM_VIEWER' }],
    ['delete', `/teams/${team}/system-role-bindings/SYSTEM_VIEWER`],
    ['get', '/workspaces/{ws}/teams'],
    ['post', '/workspaces/{ws}/teams', { teamId: team, role: 'WORKSPACE_VIEWER' }],
    ['patch', `/workspaces/{ws}/teams/${team}`, { role: 'WORKSPACE_ADMIN' }],
    ['delete', `/workspaces/{ws}/teams/${team}`],
    ['get', '/deployments/{dep}/teams'],
    ['post', '/deployments/{dep}/teams', { teamId: team, role: 'DEPLOYMENT_VIEWER' }],
    ['patch', `/deployments/{dep}/teams/${team}`, { role: 'DEPLOYMENT_ADMIN' }],
    ['delete', `/deployments/{dep}/teams/${team}`],
  ] as const)('%s %s answers 501', async (method, template, body?: object) => {
    const path = template.replace('{ws}', workspaceId).replace('{dep}', deploymentId);
    const req = gw.http()[method](path).set(bearer(gw.adminKey));
    expectProblem(await (body ? req.send(body) : req), 501, 'GW_UPSTREAM_UNSUPPORTED');
  });

  it('reports every team route as unsupported on GET /platform', async () => {
    const res = await admin().get('/platform');
    expect(res.body.capabilities.teams).toBe(false);
    expect(res.body.houston.unsupportedRoutes).toEqual(expect.arrayContaining(['GET /teams', 'POST /workspaces/:workspaceId/teams', 'DELETE /deployments/:deploymentId/teams/:teamId']));
  });
});

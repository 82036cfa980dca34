// Workspace users (FACTS §3.7) and workspaceAddUser's documented bypassInvite argument.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { dataOf, expectFieldError, expectForbidden, expectNotFound, gql, idsOf, uniqueEmail } from '../../helpers/emulator-client.js';
import {
  PAGINATED_WORKSPACE_USERS,
  WORKSPACE_ADD_USER,
  WORKSPACE_ADD_USER_BYPASS_INVITE,
  WORKSPACE_REMOVE_USER,
  WORKSPACE_UPSERT_USER_ROLE,
  WORKSPACE_USERS,
} from './documents.js';
import { addUser, createWorkspace, startEmulator, workspaceKey, type ServiceAccountKey, type Workspace } from './seed.js';

let emulator: HoustonEmulator;
let workspace: Workspace;
let viewer: ServiceAccountKey;

beforeAll(async () => {
  emulator = await startEmulator();
  workspace = await createWorkspace(emulator);
  viewer = await workspaceKey(emulator, workspace.id, 'WORKSPACE_VIEWER');
});

afterAll(async () => {
  await emulator.close();
});

interface ListedUser {
  id: string;
  username: string;
  emails: { address: string }[];
  roleBindings: { role: string; workspace: { id: string } | null }[];
}

async function listUsers(workspaceId: string): Promise<ListedUser[]> {
  return dataOf(await gql(emulator, emulator.adminKey, WORKSPACE_USERS, { workspaceUuid: workspaceId })).workspaceUsers as ListedUser[];
}

function roleIn(user: ListedUser | undefined, workspaceId: string): string | undefined {
  return user?.roleBindings.find((binding) => binding.workspace?.id === workspaceId)?.role;
}

describe('workspaceAddUser', () => {
  it('with bypassInvite creates the user and makes them a member straight away', async () => {
    const email = uniqueEmail('bypass');
    const variables = { workspaceUuid: workspace.id, email, role: 'WORKSPACE_EDITOR', bypassInvite: true };
    const data = dataOf(await gql(emulator, emulator.adminKey, WORKSPACE_ADD_USER_BYPASS_INVITE, variables));
    expect(data.workspaceAddUser.id).toBe(workspace.id);
    const added = (data.workspaceAddUser.users as ListedUser[]).find((u) => u.emails.some((e) => e.address === email));
    expect(added?.username).toBe(email);
    expect(roleIn(added, workspace.id)).toBe('WORKSPACE_EDITOR');
  });

  it('adds an existing user to another workspace with the CLI document', async () => {
    const user = await addUser(emulator, workspace.id);
    const other = await createWorkspace(emulator);
    const variables = { workspaceId: other.id, email: user.email, role: 'WORKSPACE_ADMIN' };
    const data = dataOf(await gql(emulator, emulator.adminKey, WORKSPACE_ADD_USER, variables));
    expect(data.workspaceAddUser).toMatchObject({ id: other.id, label: other.label });
    const member = (data.workspaceAddUser.users as { id: string; roleBindings: { role: string }[] }[]).find((u) => u.id === user.id);
    expect(member?.roleBindings.map((b) => b.role)).toContain('WORKSPACE_ADMIN');
  });

  it('rejects a user who is already in the workspace as BAD_USER_INPUT', async () => {
    const user = await addUser(emulator, workspace.id);
    const variables = { workspaceId: workspace.id, email: user.email, role: 'WORKSPACE_VIEWER' };
    const result = await gql(emulator, emulator.adminKey, WORKSPACE_ADD_USER, variables);
    expectFieldError(result, 'workspaceAddUser', { code: 'BAD_USER_INPUT', message: /already/i });
  });

  it('rejects a deployment role as BAD_USER_INPUT', async () => {
    const variables = { workspaceUuid: workspace.id, email: uniqueEmail(), role: 'DEPLOYMENT_ADMIN', bypassInvite: true };
    const result = await gql(emulator, emulator.adminKey, WORKSPACE_ADD_USER_BYPASS_INVITE, variables);
    expectFieldError(result, 'workspaceAddUser', { code: 'BAD_USER_INPUT' });
  });

  it('denies workspaceAddUser to a WORKSPACE_VIEWER service account', async () => {
    const variables = { workspaceId: workspace.id, email: uniqueEmail(), role: 'WORKSPACE_VIEWER' };
    expectForbidden(await gql(emulator, viewer.apiKey, WORKSPACE_ADD_USER, variables), 'workspaceAddUser');
  });

  it('answers not found for an unknown workspace', async () => {
    const variables = { workspaceUuid: 'ckunknown0000000000000000', email: uniqueEmail(), role: 'WORKSPACE_VIEWER', bypassInvite: true };
    const result = await gql(emulator, emulator.adminKey, WORKSPACE_ADD_USER_BYPASS_INVITE, variables);
    expectNotFound(result, 'workspaceAddUser');
  });
});

describe('workspaceUsers and paginatedWorkspaceUsers', () => {
  it('lists members with their e-mail and their binding to this workspace', async () => {
    const user = await addUser(emulator, workspace.id, 'WORKSPACE_EDITOR');
    const listed = (await listUsers(workspace.id)).find((u) => u.id === user.id);
    expect(listed?.emails.map((e) => e.address)).toEqual([user.email]);
    expect(roleIn(listed, workspace.id)).toBe('WORKSPACE_EDITOR');
  });

  it('lets a WORKSPACE_VIEWER service account list the members', async () => {
    const user = await addUser(emulator, workspace.id);
    const data = dataOf(await gql(emulator, viewer.apiKey, WORKSPACE_USERS, { workspaceUuid: workspace.id }));
    expect(idsOf(data.workspaceUsers)).toContain(user.id);
  });

  it('pages with a cursor: the next page starts after the cursor', async () => {
    const paged = await createWorkspace(emulator);
    const added = [await addUser(emulator, paged.id), await addUser(emulator, paged.id), await addUser(emulator, paged.id)];
    const page = async (cursorUuid: string, take: number) =>
      dataOf(await gql(emulator, emulator.adminKey, PAGINATED_WORKSPACE_USERS, { workspaceUuid: paged.id, cursorUuid, take }))
        .paginatedWorkspaceUsers as ListedUser[];
    const all = await page('', 100);
    expect(all.map((u) => u.id).sort()).toEqual(added.map((u) => u.id).sort());
    const first = await page('', 2);
    expect(first.map((u) => u.id)).toEqual(all.slice(0, 2).map((u) => u.id));
    const next = await page(first[1]!.id, 2);
    expect(next.map((u) => u.id)).toEqual(all.slice(2).map((u) => u.id));
  });
});

describe('workspaceUpsertUserRole', () => {
  it('changes the role and returns the new role as a string', async () => {
    const user = await addUser(emulator, workspace.id, 'WORKSPACE_VIEWER');
    const variables = { workspaceUuid: workspace.id, email: user.email, role: 'WORKSPACE_ADMIN' };
    const data = dataOf(await gql(emulator, emulator.adminKey, WORKSPACE_UPSERT_USER_ROLE, variables));
    expect(data.workspaceUpsertUserRole).toBe('WORKSPACE_ADMIN');
    expect(roleIn((await listUsers(workspace.id)).find((u) => u.id === user.id), workspace.id)).toBe('WORKSPACE_ADMIN');
  });

  it('denies workspaceUpsertUserRole to a WORKSPACE_VIEWER service account', async () => {
    const user = await addUser(emulator, workspace.id);
    const variables = { workspaceUuid: workspace.id, email: user.email, role: 'WORKSPACE_ADMIN' };
    expectForbidden(await gql(emulator, viewer.apiKey, WORKSPACE_UPSERT_USER_ROLE, variables), 'workspaceUpsertUserRole');
  });
});

describe('workspaceRemoveUser', () => {
  it('removes the member and returns the workspace without them', async () => {
    const user = await addUser(emulator, workspace.id);
    const data = dataOf(await gql(emulator, emulator.adminKey, WORKSPACE_REMOVE_USER, { workspaceId: workspace.id, userId: user.id }));
    expect(data.workspaceRemoveUser.id).toBe(workspace.id);
    expect(idsOf(data.workspaceRemoveUser.users)).not.toContain(user.id);
    expect((await listUsers(workspace.id)).map((u) => u.id)).not.toContain(user.id);
  });

  it('denies workspaceRemoveUser to a WORKSPACE_VIEWER service account', async () => {
    const user = await addUser(emulator, workspace.id);
    const result = await gql(emulator, viewer.apiKey, WORKSPACE_REMOVE_USER, { workspaceId: workspace.id, userId: user.id });
    expectForbidden(result, 'workspaceRemoveUser');
    expect((await listUsers(workspace.id)).map((u) => u.id)).toContain(user.id);
  });

  it('answers not found for a user who is not in the workspace', async () => {
    const result = await gql(emulator, emulator.adminKey, WORKSPACE_REMOVE_USER, { workspaceId: workspace.id, userId: 'ckunknown0000000000000000' });
    expectNotFound(result, 'workspaceRemoveUser');
  });
});

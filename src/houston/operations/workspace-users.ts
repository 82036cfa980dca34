import type { AddWorkspaceUserBody, WorkspaceUser } from '../../schemas/workspace-users.js';
import { notFound } from '../errors.js';
import { toWorkspaceUser, type HoustonUser } from '../mappers.js';
import type { HoustonSession } from '../session.js';
import { getWorkspace } from './workspaces.js';

type WorkspaceRole = NonNullable<WorkspaceUser['role']>;

export async function listWorkspaceUsers(houston: HoustonSession, workspaceId: string): Promise<WorkspaceUser[]> {
  const data = await houston.run<{ workspaceUsers: (HoustonUser | null)[] | null }>('ListWorkspaceUsers', {
    workspaceUuid: workspaceId,
  });
  const users = (data.workspaceUsers ?? []).flatMap((u) => (u ? [toWorkspaceUser(u, workspaceId)] : []));
  // Houston lists nothing, without an error, for an unknown workspace: an empty list is checked so it can be a 404.
  if (users.length === 0) await getWorkspace(houston, workspaceId);
  return users;
}

export type AddedWorkspaceUser =
  | { kind: 'member'; user: WorkspaceUser }
  | { kind: 'invited'; invitation: { email: string; role: WorkspaceRole; status: 'invited' } };

/** Houston answers with the workspace; a user only invited (not bypassed) is not among its users yet. */
export async function addWorkspaceUser(
  houston: HoustonSession,
  workspaceId: string,
  body: AddWorkspaceUserBody,
): Promise<AddedWorkspaceUser> {
  const data = await houston.run<{ workspaceAddUser: { users?: (HoustonUser | null)[] | null } | null }>('AddWorkspaceUser', {
    workspaceUuid: workspaceId,
    email: body.email,
    role: body.role,
    bypassInvite: body.bypassInvite,
  });
  if (!data.workspaceAddUser) throw notFound('AddWorkspaceUser');
  const wanted = body.email.toLowerCase();
  const added = (data.workspaceAddUser.users ?? []).find((u) =>
    u?.emails?.some((e) => e?.address?.toLowerCase() === wanted),
  );
  if (added) return { kind: 'member', user: toWorkspaceUser(added, workspaceId) };
  return { kind: 'invited', invitation: { email: body.email, role: body.role, status: 'invited' } };
}

async function findWorkspaceUser(houston: HoustonSession, workspaceId: string, userId: string): Promise<WorkspaceUser> {
  const user = (await listWorkspaceUsers(houston, workspaceId)).find((u) => u.id === userId);
  if (!user) throw notFound('ListWorkspaceUsers');
  return user;
}

/** Houston changes a workspace role by e-mail, so the user's address is looked up first. */
export async function updateWorkspaceUserRole(
  houston: HoustonSession,
  workspaceId: string,
  userId: string,
  role: WorkspaceRole,
): Promise<WorkspaceUser> {
  const user = await findWorkspaceUser(houston, workspaceId, userId);
  const email = user.emails[0];
  if (!email) throw notFound('ListWorkspaceUsers');
  const data = await houston.run<{ workspaceUpsertUserRole: string | null }>('UpdateWorkspaceUserRole', {
    workspaceUuid: workspaceId,
    email,
    role,
  });
  return { ...user, role: (data.workspaceUpsertUserRole as WorkspaceRole | null) ?? role };
}

export async function removeWorkspaceUser(houston: HoustonSession, workspaceId: string, userId: string): Promise<void> {
  const data = await houston.run<{ workspaceRemoveUser: { id: string } | null }>('RemoveWorkspaceUser', {
    workspaceUuid: workspaceId,
    userUuid: userId,
  });
  if (!data.workspaceRemoveUser) throw notFound('RemoveWorkspaceUser');
}

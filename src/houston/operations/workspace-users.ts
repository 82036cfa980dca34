// Workspace users: one text on every Houston line (astro-cli houston/workspace_users.go is unversioned).
import type { AddWorkspaceUserBody, WorkspaceUser } from '../../schemas/workspace-users.js';
import { notFound } from '../errors.js';
import { compact, toWorkspaceUser, type HoustonUser, type Maybe } from '../mappers.js';
import { defineUnversioned } from '../operation.js';
import type { HoustonSession } from '../session.js';
import { USER_FIELDS } from './user-fields.js';
import { getWorkspace } from './workspaces.js';

type WorkspaceRole = NonNullable<WorkspaceUser['role']>;
type UserList = Maybe<Maybe<HoustonUser>[]>;

export const ListWorkspaceUsers = defineUnversioned({
  name: 'ListWorkspaceUsers',
  kind: 'query',
  document: `query ListWorkspaceUsers($workspaceUuid: Uuid!) { workspaceUsers(workspaceUuid: $workspaceUuid) {
    ${USER_FIELDS} roleBindings { role workspace { id } } } }`,
  variables: (workspaceId: string) => ({ workspaceUuid: workspaceId }),
  result: (data: { workspaceUsers: UserList }) => compact(data.workspaceUsers),
});

/**
 * `bypassInvite` is declared `Boolean!` in the docs and nullable in the emulator: a non-null
 * variable fits either (unverified which Houston has), so a boolean is always sent.
 */
export const AddWorkspaceUser = defineUnversioned({
  name: 'AddWorkspaceUser',
  kind: 'mutation',
  document: `mutation AddWorkspaceUser($workspaceUuid: Uuid!, $email: String!, $role: Role!, $bypassInvite: Boolean!) {
    workspaceAddUser(workspaceUuid: $workspaceUuid, email: $email, role: $role, bypassInvite: $bypassInvite) {
      id users { ${USER_FIELDS} roleBindings { role workspace { id } } } } }`,
  variables: (input: { workspaceId: string; body: AddWorkspaceUserBody }) => ({
    workspaceUuid: input.workspaceId,
    email: input.body.email,
    role: input.body.role,
    bypassInvite: input.body.bypassInvite,
  }),
  result: (data: { workspaceAddUser: Maybe<{ users?: UserList }> }) => {
    if (!data.workspaceAddUser) throw notFound('AddWorkspaceUser');
    return compact(data.workspaceAddUser.users);
  },
});

export const UpdateWorkspaceUserRole = defineUnversioned({
  name: 'UpdateWorkspaceUserRole',
  kind: 'mutation',
  document: `mutation UpdateWorkspaceUserRole($workspaceUuid: Uuid!, $email: String!, $role: Role!) {
    workspaceUpsertUserRole(workspaceUuid: $workspaceUuid, email: $email, role: $role) }`,
  variables: (input: { workspaceId: string; email: string; role: WorkspaceRole }) => ({
    workspaceUuid: input.workspaceId,
    email: input.email,
    role: input.role,
  }),
  result: (data: { workspaceUpsertUserRole: Maybe<string> }) => data.workspaceUpsertUserRole as WorkspaceRole | null | undefined,
});

export const RemoveWorkspaceUser = defineUnversioned({
  name: 'RemoveWorkspaceUser',
  kind: 'mutation',
  document: `mutation RemoveWorkspaceUser($workspaceUuid: Uuid!, $userUuid: Uuid!) {
    workspaceRemoveUser(workspaceUuid: $workspaceUuid, userUuid: $userUuid) { id } }`,
  variables: (input: { workspaceId: string; userId: string }) => ({ workspaceUuid: input.workspaceId, userUuid: input.userId }),
  result: (data: { workspaceRemoveUser: Maybe<{ id: string }> }) => {
    if (!data.workspaceRemoveUser) throw notFound('RemoveWorkspaceUser');
  },
});

/** Cursor-paged workspace users (0.30 and later): the `take` users after the one named (Prisma-style, FACTS.md §3.7). */
export const ListWorkspaceUsersPage = defineUnversioned({
  name: 'ListWorkspaceUsersPage',
  kind: 'query',
  since: '0.30.0',
  document: `query ListWorkspaceUsersPage($workspaceUuid: Uuid!, $cursor: Uuid, $take: Int) {
    paginatedWorkspaceUsers(workspaceUuid: $workspaceUuid, cursor: $cursor, take: $take) {
      ${USER_FIELDS} roleBindings { role workspace { id } } } }`,
  variables: (input: { workspaceId: string; after: string | undefined; take: number }) => ({
    workspaceUuid: input.workspaceId,
    cursor: input.after,
    take: input.take,
  }),
  result: (data: { paginatedWorkspaceUsers: UserList }) => compact(data.paginatedWorkspaceUsers),
});

/**
 * `take` users after `after` (the first page when undefined), from Houston's paged query where it has
 * one; null where it has not (the caller pages the whole list).
 */
export async function listWorkspaceUsersAfter(
  houston: HoustonSession,
  workspaceId: string,
  after: string | undefined,
  take: number,
): Promise<WorkspaceUser[] | null> {
  if (!(await houston.supports(ListWorkspaceUsersPage))) return null;
  const users = (await houston.call(ListWorkspaceUsersPage, { workspaceId, after, take })).map((u) => toWorkspaceUser(u, workspaceId));
  if (users.length === 0 && after === undefined) await getWorkspace(houston, workspaceId);
  return users;
}

export async function listWorkspaceUsers(houston: HoustonSession, workspaceId: string): Promise<WorkspaceUser[]> {
  const users = (await houston.call(ListWorkspaceUsers, workspaceId)).map((u) => toWorkspaceUser(u, workspaceId));
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
  const users = await houston.call(AddWorkspaceUser, { workspaceId, body });
  const wanted = body.email.toLowerCase();
  const added = users.find((u) => u.emails?.some((e) => e?.address?.toLowerCase() === wanted));
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
  const granted = await houston.call(UpdateWorkspaceUserRole, { workspaceId, email, role });
  return { ...user, role: granted ?? role };
}

export const removeWorkspaceUser = (houston: HoustonSession, workspaceId: string, userId: string): Promise<void> =>
  houston.call(RemoveWorkspaceUser, { workspaceId, userId });

// Deployment users: one text on every Houston line (astro-cli houston/deployment_user.go is
// unversioned). These operations take `Id`-typed ids, unlike the rest of Houston (FACTS.md §5.2).
import type { DeploymentUser } from '../../schemas/deployment-users.js';
import { notFound } from '../errors.js';
import { compact, toDeploymentUser, type HoustonRoleBinding, type HoustonUser, type Maybe } from '../mappers.js';
import { defineUnversioned } from '../operation.js';
import type { HoustonSession } from '../session.js';
import { getDeployment } from './deployments.js';
import { USER_FIELDS } from './user-fields.js';

type DeploymentRole = NonNullable<DeploymentUser['role']>;
type RoleBindingResult = Maybe<HoustonRoleBinding & { user?: Maybe<HoustonUser> }>;
type UserFilter = { userId?: string; email?: string; fullName?: string };

const NO_FILTER = { userId: '', email: '', fullName: '' };
const BINDING_FIELDS = `id role user { ${USER_FIELDS} } deployment { id }`;

export const ListDeploymentUsers = defineUnversioned({
  name: 'ListDeploymentUsers',
  kind: 'query',
  document: `query ListDeploymentUsers($deploymentId: Id!, $user: UserSearch) {
    deploymentUsers(deploymentId: $deploymentId, user: $user) {
      ${USER_FIELDS} roleBindings { role deployment { id } } } }`,
  variables: (input: { deploymentId: string; filter: UserFilter }) => ({ deploymentId: input.deploymentId, user: { ...NO_FILTER, ...input.filter } }),
  result: (data: { deploymentUsers: Maybe<Maybe<HoustonUser>[]> }) => compact(data.deploymentUsers),
});

type RoleInput = { deploymentId: string; userId?: string; email: string; role: DeploymentRole };

export const AddDeploymentUser = defineUnversioned({
  name: 'AddDeploymentUser',
  kind: 'mutation',
  document: `mutation AddDeploymentUser($deploymentId: Id!, $email: String!, $role: Role!) {
    deploymentAddUserRole(deploymentId: $deploymentId, email: $email, role: $role) { ${BINDING_FIELDS} } }`,
  variables: ({ deploymentId, email, role }: RoleInput) => ({ deploymentId, email, role }),
  result: (data: { deploymentAddUserRole: RoleBindingResult }) => data.deploymentAddUserRole,
});

export const UpdateDeploymentUser = defineUnversioned({
  name: 'UpdateDeploymentUser',
  kind: 'mutation',
  document: `mutation UpdateDeploymentUser($deploymentId: Id!, $userId: Id, $email: String!, $role: Role!) {
    deploymentUpdateUserRole(deploymentId: $deploymentId, userId: $userId, email: $email, role: $role) { ${BINDING_FIELDS} } }`,
  variables: ({ deploymentId, userId, email, role }: RoleInput) => ({ deploymentId, userId, email, role }),
  result: (data: { deploymentUpdateUserRole: RoleBindingResult }) => data.deploymentUpdateUserRole,
});

export const RemoveDeploymentUser = defineUnversioned({
  name: 'RemoveDeploymentUser',
  kind: 'mutation',
  document: `mutation RemoveDeploymentUser($deploymentId: Id!, $userId: Id, $email: String!) {
    deploymentRemoveUserRole(deploymentId: $deploymentId, userId: $userId, email: $email) { id role } }`,
  variables: (input: { deploymentId: string; userId: string; email: string }) => input,
  result: (data: { deploymentRemoveUserRole: Maybe<{ id: string }> }) => {
    if (!data.deploymentRemoveUserRole) throw notFound('RemoveDeploymentUser');
  },
});

export async function listDeploymentUsers(houston: HoustonSession, deploymentId: string, filter: UserFilter = {}): Promise<DeploymentUser[]> {
  const users = (await houston.call(ListDeploymentUsers, { deploymentId, filter })).map((u) => toDeploymentUser(u, deploymentId));
  // Houston lists nothing, without an error, for an unknown deployment: an empty list is checked so it can be a 404.
  if (users.length === 0) await getDeployment(houston, deploymentId);
  return users;
}

function fromBinding(binding: RoleBindingResult, deploymentId: string, operation: string): DeploymentUser {
  if (!binding?.user) throw notFound(operation);
  const user = toDeploymentUser(binding.user, deploymentId);
  return { ...user, role: (binding.role as DeploymentRole | null | undefined) ?? user.role };
}

export async function addDeploymentUser(houston: HoustonSession, deploymentId: string, email: string, role: DeploymentRole): Promise<DeploymentUser> {
  return fromBinding(await houston.call(AddDeploymentUser, { deploymentId, email, role }), deploymentId, 'AddDeploymentUser');
}

/** Houston's deployment-user mutations need the e-mail address, so it is looked up by id first. */
async function emailOf(houston: HoustonSession, deploymentId: string, userId: string): Promise<string> {
  const user = (await listDeploymentUsers(houston, deploymentId, { userId })).find((u) => u.id === userId);
  const email = user?.emails[0];
  if (!email) throw notFound('ListDeploymentUsers');
  return email;
}

export async function updateDeploymentUserRole(houston: HoustonSession, deploymentId: string, userId: string, role: DeploymentRole): Promise<DeploymentUser> {
  const email = await emailOf(houston, deploymentId, userId);
  return fromBinding(await houston.call(UpdateDeploymentUser, { deploymentId, userId, email, role }), deploymentId, 'UpdateDeploymentUser');
}

export async function removeDeploymentUser(houston: HoustonSession, deploymentId: string, userId: string): Promise<void> {
  const email = await emailOf(houston, deploymentId, userId);
  await houston.call(RemoveDeploymentUser, { deploymentId, userId, email });
}

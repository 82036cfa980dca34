import type { DeploymentUser } from '../../schemas/deployment-users.js';
import { notFound } from '../errors.js';
import { toDeploymentUser, type HoustonRoleBinding, type HoustonUser } from '../mappers.js';
import type { HoustonSession } from '../session.js';
import { getDeployment } from './deployments.js';

type DeploymentRole = NonNullable<DeploymentUser['role']>;
type RoleBindingResult = (HoustonRoleBinding & { user?: HoustonUser | null }) | null;

const NO_FILTER = { userId: '', email: '', fullName: '' };

export async function listDeploymentUsers(
  houston: HoustonSession,
  deploymentId: string,
  filter: Partial<typeof NO_FILTER> = {},
): Promise<DeploymentUser[]> {
  const data = await houston.run<{ deploymentUsers: (HoustonUser | null)[] | null }>('ListDeploymentUsers', {
    deploymentId,
    user: { ...NO_FILTER, ...filter },
  });
  const users = (data.deploymentUsers ?? []).flatMap((u) => (u ? [toDeploymentUser(u, deploymentId)] : []));
  // Houston lists nothing, without an error, for an unknown deployment: an empty list is checked so it can be a 404.
  if (users.length === 0) await getDeployment(houston, deploymentId);
  return users;
}

function fromBinding(binding: RoleBindingResult, deploymentId: string, operation: string): DeploymentUser {
  if (!binding?.user) throw notFound(operation);
  const user = toDeploymentUser(binding.user, deploymentId);
  return { ...user, role: (binding.role as DeploymentRole | null | undefined) ?? user.role };
}

export async function addDeploymentUser(
  houston: HoustonSession,
  deploymentId: string,
  email: string,
  role: DeploymentRole,
): Promise<DeploymentUser> {
  const data = await houston.run<{ deploymentAddUserRole: RoleBindingResult }>('AddDeploymentUser', { deploymentId, email, role });
  return fromBinding(data.deploymentAddUserRole, deploymentId, 'AddDeploymentUser');
}

/** Houston's deployment-user mutations need the e-mail address, so it is looked up by id first. */
async function emailOf(houston: HoustonSession, deploymentId: string, userId: string): Promise<string> {
  const user = (await listDeploymentUsers(houston, deploymentId, { userId })).find((u) => u.id === userId);
  const email = user?.emails[0];
  if (!email) throw notFound('ListDeploymentUsers');
  return email;
}

export async function updateDeploymentUserRole(
  houston: HoustonSession,
  deploymentId: string,
  userId: string,
  role: DeploymentRole,
): Promise<DeploymentUser> {
  const email = await emailOf(houston, deploymentId, userId);
  const data = await houston.run<{ deploymentUpdateUserRole: RoleBindingResult }>('UpdateDeploymentUser', {
    deploymentId,
    userId,
    email,
    role,
  });
  return fromBinding(data.deploymentUpdateUserRole, deploymentId, 'UpdateDeploymentUser');
}

export async function removeDeploymentUser(houston: HoustonSession, deploymentId: string, userId: string): Promise<void> {
  const email = await emailOf(houston, deploymentId, userId);
  const data = await houston.run<{ deploymentRemoveUserRole: { id: string } | null }>('RemoveDeploymentUser', {
    deploymentId,
    userId,
    email,
  });
  if (!data.deploymentRemoveUserRole) throw notFound('RemoveDeploymentUser');
}

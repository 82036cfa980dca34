import type {
  CreateServiceAccountBody,
  CreatedServiceAccount,
  ServiceAccount,
} from '../../schemas/service-accounts.js';
import { notFound } from '../errors.js';
import { toCreatedServiceAccount, toServiceAccount, type HoustonServiceAccount } from '../mappers.js';
import type { HoustonSession } from '../session.js';
import { getDeployment } from './deployments.js';
import { getWorkspace } from './workspaces.js';

type List = (HoustonServiceAccount | null)[] | null;

function fromList(list: List): ServiceAccount[] {
  return (list ?? []).flatMap((sa) => (sa ? [toServiceAccount(sa)] : []));
}

function created(result: HoustonServiceAccount | null, operation: string): CreatedServiceAccount {
  if (!result) throw notFound(operation);
  return toCreatedServiceAccount(result);
}

export async function listWorkspaceServiceAccounts(houston: HoustonSession, workspaceId: string) {
  const data = await houston.run<{ workspaceServiceAccounts: List }>('ListWorkspaceServiceAccounts', {
    workspaceUuid: workspaceId,
  });
  const accounts = fromList(data.workspaceServiceAccounts);
  // Houston lists nothing, without an error, for an unknown owner: an empty list is checked so it can be a 404.
  if (accounts.length === 0) await getWorkspace(houston, workspaceId);
  return accounts;
}

export async function createWorkspaceServiceAccount(houston: HoustonSession, workspaceId: string, body: CreateServiceAccountBody) {
  const data = await houston.run<{ createWorkspaceServiceAccount: HoustonServiceAccount | null }>(
    'CreateWorkspaceServiceAccount',
    { workspaceUuid: workspaceId, label: body.label, category: body.category ?? 'default', role: body.role },
  );
  return created(data.createWorkspaceServiceAccount, 'CreateWorkspaceServiceAccount');
}

export async function deleteWorkspaceServiceAccount(houston: HoustonSession, workspaceId: string, serviceAccountId: string) {
  const data = await houston.run<{ deleteWorkspaceServiceAccount: { id: string } | null }>('DeleteWorkspaceServiceAccount', {
    workspaceUuid: workspaceId,
    serviceAccountUuid: serviceAccountId,
  });
  if (!data.deleteWorkspaceServiceAccount) throw notFound('DeleteWorkspaceServiceAccount');
}

export async function listDeploymentServiceAccounts(houston: HoustonSession, deploymentId: string) {
  const data = await houston.run<{ deploymentServiceAccounts: List }>('ListDeploymentServiceAccounts', {
    deploymentUuid: deploymentId,
  });
  const accounts = fromList(data.deploymentServiceAccounts);
  if (accounts.length === 0) await getDeployment(houston, deploymentId);
  return accounts;
}

export async function createDeploymentServiceAccount(houston: HoustonSession, deploymentId: string, body: CreateServiceAccountBody) {
  const data = await houston.run<{ createDeploymentServiceAccount: HoustonServiceAccount | null }>(
    'CreateDeploymentServiceAccount',
    { deploymentUuid: deploymentId, label: body.label, category: body.category ?? 'default', role: body.role },
  );
  return created(data.createDeploymentServiceAccount, 'CreateDeploymentServiceAccount');
}

export async function deleteDeploymentServiceAccount(houston: HoustonSession, deploymentId: string, serviceAccountId: string) {
  const data = await houston.run<{ deleteDeploymentServiceAccount: { id: string } | null }>('DeleteDeploymentServiceAccount', {
    deploymentUuid: deploymentId,
    serviceAccountUuid: serviceAccountId,
  });
  if (!data.deleteDeploymentServiceAccount) throw notFound('DeleteDeploymentServiceAccount');
}

export async function createSystemServiceAccount(houston: HoustonSession, body: CreateServiceAccountBody) {
  const data = await houston.run<{ createSystemServiceAccount: HoustonServiceAccount | null }>('CreateSystemServiceAccount', {
    label: body.label,
    category: body.category ?? 'default',
    role: body.role,
  });
  return created(data.createSystemServiceAccount, 'CreateSystemServiceAccount');
}

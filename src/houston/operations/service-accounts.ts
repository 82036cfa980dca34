// Workspace, deployment and system service accounts: one text on every Houston line.
import type { CreateServiceAccountBody, CreatedServiceAccount, ServiceAccount } from '../../schemas/service-accounts.js';
import { notFound } from '../errors.js';
import { compact, toCreatedServiceAccount, toServiceAccount, type HoustonServiceAccount, type Maybe } from '../mappers.js';
import { defineUnversioned } from '../operation.js';
import type { HoustonSession } from '../session.js';
import { getDeployment } from './deployments.js';
import { getWorkspace } from './workspaces.js';

const FIELDS = 'id label category active lastUsedAt createdAt updatedAt';

type Owner = 'workspace' | 'deployment';
type OwnerInput = { ownerId: string };
const ownerVariable = (owner: Owner) => (owner === 'workspace' ? 'workspaceUuid' : 'deploymentUuid');
const capital = (owner: Owner) => (owner === 'workspace' ? 'Workspace' : 'Deployment');

function created(result: Maybe<HoustonServiceAccount>, operation: string): CreatedServiceAccount {
  if (!result) throw notFound(operation);
  return toCreatedServiceAccount(result);
}

/** The three operations of one owner kind; the two kinds differ only in names. */
function ownerOperations(owner: Owner) {
  const variable = ownerVariable(owner);
  const Kind = capital(owner);
  return {
    list: defineUnversioned({
      name: `List${Kind}ServiceAccounts`,
      kind: 'query',
      document: `query List${Kind}ServiceAccounts($${variable}: Uuid!) { ${owner}ServiceAccounts(${variable}: $${variable}) { ${FIELDS} } }`,
      variables: (input: OwnerInput) => ({ [variable]: input.ownerId }),
      result: (data: Record<string, Maybe<Maybe<HoustonServiceAccount>[]>>): ServiceAccount[] =>
        compact(data[`${owner}ServiceAccounts`]).map(toServiceAccount),
    }),
    create: defineUnversioned({
      name: `Create${Kind}ServiceAccount`,
      kind: 'mutation',
      document: `mutation Create${Kind}ServiceAccount($${variable}: Uuid!, $label: String!, $category: String, $role: Role!) {
        create${Kind}ServiceAccount(${variable}: $${variable}, label: $label, category: $category, role: $role) { ${FIELDS} apiKey } }`,
      variables: (input: OwnerInput & { body: CreateServiceAccountBody }) => ({
        [variable]: input.ownerId,
        label: input.body.label,
        category: input.body.category ?? 'default',
        role: input.body.role,
      }),
      result: (data: Record<string, Maybe<HoustonServiceAccount>>) => created(data[`create${Kind}ServiceAccount`], `Create${Kind}ServiceAccount`),
    }),
    remove: defineUnversioned({
      name: `Delete${Kind}ServiceAccount`,
      kind: 'mutation',
      document: `mutation Delete${Kind}ServiceAccount($${variable}: Uuid!, $serviceAccountUuid: Uuid!) {
        delete${Kind}ServiceAccount(${variable}: $${variable}, serviceAccountUuid: $serviceAccountUuid) { id } }`,
      variables: (input: OwnerInput & { serviceAccountId: string }) => ({ [variable]: input.ownerId, serviceAccountUuid: input.serviceAccountId }),
      result: (data: Record<string, Maybe<{ id: string }>>) => {
        if (!data[`delete${Kind}ServiceAccount`]) throw notFound(`Delete${Kind}ServiceAccount`);
      },
    }),
  };
}

export const WorkspaceServiceAccounts = ownerOperations('workspace');
export const DeploymentServiceAccounts = ownerOperations('deployment');

export const CreateSystemServiceAccount = defineUnversioned({
  name: 'CreateSystemServiceAccount',
  kind: 'mutation',
  document: `mutation CreateSystemServiceAccount($label: String!, $category: String, $role: Role!) {
    createSystemServiceAccount(label: $label, category: $category, role: $role) { ${FIELDS} apiKey } }`,
  variables: (body: CreateServiceAccountBody) => ({ label: body.label, category: body.category ?? 'default', role: body.role }),
  result: (data: { createSystemServiceAccount: Maybe<HoustonServiceAccount> }) => created(data.createSystemServiceAccount, 'CreateSystemServiceAccount'),
});

export async function listWorkspaceServiceAccounts(houston: HoustonSession, workspaceId: string) {
  const accounts = await houston.call(WorkspaceServiceAccounts.list, { ownerId: workspaceId });
  // Houston lists nothing, without an error, for an unknown owner: an empty list is checked so it can be a 404.
  if (accounts.length === 0) await getWorkspace(houston, workspaceId);
  return accounts;
}

export const createWorkspaceServiceAccount = (houston: HoustonSession, workspaceId: string, body: CreateServiceAccountBody) =>
  houston.call(WorkspaceServiceAccounts.create, { ownerId: workspaceId, body });

export const deleteWorkspaceServiceAccount = (houston: HoustonSession, workspaceId: string, serviceAccountId: string) =>
  houston.call(WorkspaceServiceAccounts.remove, { ownerId: workspaceId, serviceAccountId });

export async function listDeploymentServiceAccounts(houston: HoustonSession, deploymentId: string) {
  const accounts = await houston.call(DeploymentServiceAccounts.list, { ownerId: deploymentId });
  if (accounts.length === 0) await getDeployment(houston, deploymentId);
  return accounts;
}

export const createDeploymentServiceAccount = (houston: HoustonSession, deploymentId: string, body: CreateServiceAccountBody) =>
  houston.call(DeploymentServiceAccounts.create, { ownerId: deploymentId, body });

export const deleteDeploymentServiceAccount = (houston: HoustonSession, deploymentId: string, serviceAccountId: string) =>
  houston.call(DeploymentServiceAccounts.remove, { ownerId: deploymentId, serviceAccountId });

export const createSystemServiceAccount = (houston: HoustonSession, body: CreateServiceAccountBody) => houston.call(CreateSystemServiceAccount, body);

// Workspace and deployment service accounts: the GraphQL documents of the official Houston client,
// astro-cli (github.com/astronomer/astro-cli), file houston/service_account.go at commit
// ed93cc59e54def23d0c404c0a491583179177143 (HEAD of 2026-08-13).
//
// Each text is the client's document passed through graphql-js's print(parse(text)): the same
// operation, variables, arguments and selection, in canonical layout.
//
// The file has no queryList: each document is one text for every version.
//
// A gate is the version below which the client sends the document not at all (FACTS §2.3).
// Variables are an example of what the client sends, undeclared extras included.
import { DEPLOYMENT_ID, SERVICE_ACCOUNT_ID, WORKSPACE_ID } from './example-ids.js';
import type { ClientDocument } from './types.js';

export const serviceAccountsDocuments: readonly ClientDocument[] = [
  {
    name: 'CreateDeploymentServiceAccountRequest',
    methods: ['CreateDeploymentServiceAccount'],
    variables: { workspaceUuid: '', deploymentUuid: DEPLOYMENT_ID, label: 'ci', category: 'default', role: 'DEPLOYMENT_VIEWER' },
    document: `mutation createDeploymentServiceAccount($label: String!, $category: String, $deploymentUuid: Uuid!, $role: Role!) {
  createDeploymentServiceAccount(
    label: $label
    category: $category
    deploymentUuid: $deploymentUuid
    role: $role
  ) {
    id
    label
    apiKey
    entityType
    deploymentUuid
    category
    active
    lastUsedAt
    createdAt
    updatedAt
  }
}`,
  },
  {
    name: 'CreateWorkspaceServiceAccountRequest',
    methods: ['CreateWorkspaceServiceAccount'],
    variables: { workspaceUuid: WORKSPACE_ID, deploymentUuid: '', label: 'ci', category: 'default', role: 'WORKSPACE_VIEWER' },
    document: `mutation createWorkspaceServiceAccount($label: String!, $category: String, $workspaceUuid: Uuid!, $role: Role!) {
  createWorkspaceServiceAccount(
    label: $label
    category: $category
    workspaceUuid: $workspaceUuid
    role: $role
  ) {
    id
    label
    apiKey
    entityType
    workspaceUuid
    category
    active
    lastUsedAt
    createdAt
    updatedAt
  }
}`,
  },
  {
    name: 'DeploymentServiceAccountDeleteRequest',
    methods: ['DeleteDeploymentServiceAccount'],
    variables: { workspaceUuid: '', deploymentUuid: DEPLOYMENT_ID, serviceAccountUuid: SERVICE_ACCOUNT_ID },
    document: `mutation deleteDeploymentServiceAccount($serviceAccountUuid: Uuid!, $deploymentUuid: Uuid!) {
  deleteDeploymentServiceAccount(
    serviceAccountUuid: $serviceAccountUuid
    deploymentUuid: $deploymentUuid
  ) {
    id
    apiKey
    label
    category
    entityType
    entityUuid
    active
    createdAt
    updatedAt
    lastUsedAt
  }
}`,
  },
  {
    name: 'WorkspaceServiceAccountDeleteRequest',
    methods: ['DeleteWorkspaceServiceAccount'],
    variables: { workspaceUuid: WORKSPACE_ID, deploymentUuid: '', serviceAccountUuid: SERVICE_ACCOUNT_ID },
    document: `mutation deleteWorkspaceServiceAccount($serviceAccountUuid: Uuid!, $workspaceUuid: Uuid!) {
  deleteWorkspaceServiceAccount(
    serviceAccountUuid: $serviceAccountUuid
    workspaceUuid: $workspaceUuid
  ) {
    id
    apiKey
    label
    category
    entityType
    entityUuid
    active
    createdAt
    updatedAt
    lastUsedAt
  }
}`,
  },
  {
    name: 'DeploymentServiceAccountsGetRequest',
    methods: ['ListDeploymentServiceAccounts'],
    variables: { deploymentUuid: DEPLOYMENT_ID },
    document: `query GetDeploymentServiceAccounts($deploymentUuid: Uuid!) {
  deploymentServiceAccounts(deploymentUuid: $deploymentUuid) {
    id
    apiKey
    label
    category
    entityType
    entityUuid
    active
    createdAt
    updatedAt
    lastUsedAt
  }
}`,
  },
  {
    name: 'WorkspaceServiceAccountsGetRequest',
    methods: ['ListWorkspaceServiceAccounts'],
    variables: { workspaceUuid: WORKSPACE_ID },
    document: `query GetWorkspaceServiceAccounts($workspaceUuid: Uuid!) {
  workspaceServiceAccounts(workspaceUuid: $workspaceUuid) {
    id
    apiKey
    label
    category
    entityType
    entityUuid
    active
    createdAt
    updatedAt
    lastUsedAt
  }
}`,
  },
];

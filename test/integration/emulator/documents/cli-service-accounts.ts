// Service-account documents of the official client (FACTS §3.9).
// Each is the operation that client sends to a 0.35 platform (operation name, variables and their
// types, arguments, selection), as FACTS.md records it, written out in graphql-js's canonical form.

export const CREATE_DEPLOYMENT_SA = `
mutation createDeploymentServiceAccount($label: String!, $category: String, $deploymentUuid: Uuid!, $role: Role!) {
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
}
`;

export const CREATE_WORKSPACE_SA = `
mutation createWorkspaceServiceAccount($label: String!, $category: String, $workspaceUuid: Uuid!, $role: Role!) {
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
}
`;

export const DELETE_DEPLOYMENT_SA = `
mutation deleteDeploymentServiceAccount($serviceAccountUuid: Uuid!, $deploymentUuid: Uuid!) {
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
}
`;

export const DELETE_WORKSPACE_SA = `
mutation deleteWorkspaceServiceAccount($serviceAccountUuid: Uuid!, $workspaceUuid: Uuid!) {
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
}
`;

export const LIST_DEPLOYMENT_SAS = `
query GetDeploymentServiceAccounts($deploymentUuid: Uuid!) {
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
}
`;

export const LIST_WORKSPACE_SAS = `
query GetWorkspaceServiceAccounts($workspaceUuid: Uuid!) {
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
}
`;

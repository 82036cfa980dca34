// Platform and workspace documents of the official client (FACTS §3.1, §3.6).
// Each is the operation that client sends to a 0.35 platform (operation name, variables and their
// types, arguments, selection), as FACTS.md records it, written out in graphql-js's canonical form.

export const APP_CONFIG = `
query AppConfig {
  appConfig {
    version
    baseDomain
    byoUpdateRegistryHost
    smtpConfigured
    manualReleaseNames
    configureDagDeployment
    nfsMountDagDeployment
    manualNamespaceNames
    hardDeleteDeployment
    triggererEnabled
    featureFlags
  }
}
`;

export const APP_CONFIG_VERSION = `
query AppConfig {
  appConfig {
    version
  }
}
`;

export const CREATE_WORKSPACE = `
mutation CreateWorkspace($label: String!, $description: String = "N/A") {
  createWorkspace(label: $label, description: $description) {
    id
    label
    description
    createdAt
    updatedAt
  }
}
`;

export const DELETE_WORKSPACE = `
mutation DeleteWorkspace($workspaceId: Uuid!) {
  deleteWorkspace(workspaceUuid: $workspaceId) {
    id
    label
    description
  }
}
`;

export const GET_WORKSPACE = `
query GetWorkspace($workspaceUuid: Uuid!) {
  workspace(workspaceUuid: $workspaceUuid) {
    id
    label
    description
    createdAt
    updatedAt
    roleBindings {
      role
      user {
        id
        username
      }
      serviceAccount {
        id
        label
      }
    }
  }
}
`;

export const LIST_WORKSPACES = `
query GetWorkspaces {
  workspaces {
    id
    label
    description
    createdAt
    updatedAt
    roleBindings {
      role
      user {
        id
        username
      }
      serviceAccount {
        id
        label
      }
    }
  }
}
`;

export const UPDATE_WORKSPACE = `
mutation UpdateWorkspace($workspaceId: Uuid!, $payload: JSON!) {
  updateWorkspace(workspaceUuid: $workspaceId, payload: $payload) {
    id
    label
    description
    createdAt
    updatedAt
  }
}
`;

export const VALIDATE_WORKSPACE = `
query GetWorkspace($workspaceUuid: Uuid!) {
  workspace(workspaceUuid: $workspaceUuid) {
    id
    label
    description
    createdAt
    updatedAt
  }
}
`;

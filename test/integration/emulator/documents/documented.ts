// Operations the CLI never sends, shaped after Houston's 0.35 API docs (FACTS §5.4), plus two
// reads the tests need (deployment status, sysWorkspaces).

export const WORKSPACE_ADD_USER_BYPASS_INVITE = `mutation workspaceAddUser(
  $workspaceUuid: Uuid!
  $email: String!
  $role: Role!
  $bypassInvite: Boolean!
) {
  workspaceAddUser(
    workspaceUuid: $workspaceUuid
    email: $email
    role: $role
    bypassInvite: $bypassInvite
  ) {
    id
    users {
      id
      username
      emails {
        address
      }
      roleBindings {
        role
        workspace {
          id
        }
      }
    }
  }
}`;

export const USERS_BY_EMAIL = `query User($user: UserSearch) {
  users(user: $user) {
    id
    username
    fullName
    status
    emails {
      address
      verified
      primary
    }
    roleBindings {
      role
    }
  }
}`;

export const CREATE_SYSTEM_SA = `mutation CreateSystemServiceAccount($label: String!, $category: String, $role: Role!) {
  createSystemServiceAccount(label: $label, category: $category, role: $role) {
    id
    label
    apiKey
    category
    entityType
    active
    createdAt
    updatedAt
  }
}`;

export const CREATE_SYSTEM_ROLE_BINDING = `mutation createSystemRoleBinding($userId: ID!, $role: Role!) {
  createSystemRoleBinding(userId: $userId, role: $role) {
    id
    role
    user {
      id
      username
    }
  }
}`;

export const DEPLOYMENT_VARIABLES = `query deploymentVariables($deploymentUuid: Uuid!, $releaseName: String!) {
  deploymentVariables(deploymentUuid: $deploymentUuid, releaseName: $releaseName) {
    key
    value
    isSecret
  }
}`;

export const UPDATE_DEPLOYMENT_VARIABLES = `mutation UpdateDeploymentVariables(
  $deploymentUuid: Uuid!
  $releaseName: String!
  $environmentVariables: [InputEnvironmentVariable!]!
) {
  updateDeploymentVariables(
    deploymentUuid: $deploymentUuid
    releaseName: $releaseName
    environmentVariables: $environmentVariables
  ) {
    key
    value
    isSecret
  }
}`;

/** Selects `status`, which no CLI document does, to watch DEPLOYING turn into HEALTHY. */
export const DEPLOYMENT_STATUS = `query DeploymentStatus($id: String!) {
  deployment(where: { id: $id }) {
    id
    status
    createdAt
    updatedAt
  }
}`;

/** All workspaces, for system roles (`workspaces` lists only those the caller holds a role in). */
export const SYS_WORKSPACES = `query SysWorkspaces {
  sysWorkspaces {
    id
    label
  }
}`;

/** createDeployment selecting `status`, so the answer shows the state at creation, free of timing. */
export const CREATE_DEPLOYMENT_STATUS = `mutation CreateDeploymentStatus($label: String!, $workspaceId: Uuid!, $executor: ExecutorType!, $runtimeVersion: String) {
  createDeployment(label: $label, workspaceUuid: $workspaceId, executor: $executor, runtimeVersion: $runtimeVersion) {
    id
    status
  }
}`;

/** updateDeployment selecting `status`, for the same reason. */
export const UPDATE_DEPLOYMENT_STATUS = `mutation UpdateDeploymentStatus($deploymentId: Uuid!, $payload: JSON!) {
  updateDeployment(deploymentUuid: $deploymentId, payload: $payload) {
    id
    status
  }
}`;

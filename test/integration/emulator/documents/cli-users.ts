// Workspace-user and deployment-user documents of the official client (FACTS §3.4, §3.7).
// Each is the operation that client sends to a 0.35 platform (operation name, variables and their
// types, arguments, selection), as FACTS.md records it, written out in graphql-js's canonical form.

export const DEPLOYMENT_ADD_USER = `
mutation AddDeploymentUser($userId: Id, $email: String!, $deploymentId: Id!, $role: Role!) {
  deploymentAddUserRole(
    userId: $userId
    email: $email
    deploymentId: $deploymentId
    role: $role
  ) {
    id
    user {
      username
    }
    role
    deployment {
      id
      releaseName
    }
  }
}
`;

export const DEPLOYMENT_REMOVE_USER = `
mutation DeleteDeploymentUser($userId: Id, $email: String!, $deploymentId: Id!) {
  deploymentRemoveUserRole(
    userId: $userId
    email: $email
    deploymentId: $deploymentId
  ) {
    id
    role
  }
}
`;

export const DEPLOYMENT_UPDATE_USER = `
mutation UpdateDeploymentUser($userId: Id, $email: String!, $deploymentId: Id!, $role: Role!) {
  deploymentUpdateUserRole(
    userId: $userId
    email: $email
    deploymentId: $deploymentId
    role: $role
  ) {
    id
    user {
      username
    }
    role
    deployment {
      id
      releaseName
    }
  }
}
`;

export const DEPLOYMENT_USERS = `
query deploymentUsers($deploymentId: Id!, $user: UserSearch) {
  deploymentUsers(deploymentId: $deploymentId, user: $user) {
    id
    fullName
    username
    roleBindings {
      role
      deployment {
        id
      }
    }
  }
}
`;

export const PAGINATED_WORKSPACE_USERS = `
query paginatedWorkspaceUsers($workspaceUuid: Uuid!, $cursorUuid: Uuid, $take: Int) {
  paginatedWorkspaceUsers(
    workspaceUuid: $workspaceUuid
    cursor: $cursorUuid
    take: $take
  ) {
    id
    username
    fullName
    emails {
      address
    }
    roleBindings {
      workspace {
        id
      }
      role
    }
  }
}
`;

export const WORKSPACE_ADD_USER = `
mutation AddWorkspaceUser($workspaceId: Uuid!, $email: String!, $role: Role!) {
  workspaceAddUser(workspaceUuid: $workspaceId, email: $email, role: $role) {
    id
    label
    description
    users {
      id
      username
      roleBindings {
        role
      }
    }
    createdAt
    updatedAt
  }
}
`;

export const WORKSPACE_REMOVE_USER = `
mutation RemoveWorkspaceUser($workspaceId: Uuid!, $userId: Uuid!) {
  workspaceRemoveUser(workspaceUuid: $workspaceId, userUuid: $userId) {
    id
    label
    description
    users {
      id
      username
    }
    createdAt
    updatedAt
  }
}
`;

export const WORKSPACE_UPSERT_USER_ROLE = `
mutation workspaceUpsertUserRole($workspaceUuid: Uuid!, $email: String!, $role: Role!) {
  workspaceUpsertUserRole(
    workspaceUuid: $workspaceUuid
    email: $email
    role: $role
  )
}
`;

export const WORKSPACE_USERS = `
query workspaceListUsers($workspaceUuid: Uuid!) {
  workspaceUsers(workspaceUuid: $workspaceUuid) {
    id
    username
    fullName
    emails {
      address
    }
    roleBindings {
      workspace {
        id
      }
      role
    }
  }
}
`;

// Workspace users: the GraphQL documents of the official Houston client, astro-cli
// (github.com/astronomer/astro-cli), file houston/workspace_users.go at commit
// ed93cc59e54def23d0c404c0a491583179177143 (HEAD of 2026-08-13).
//
// Each text is the client's document passed through graphql-js's print(parse(text)): the same
// operation, variables, arguments and selection, in canonical layout.
//
// The file has no queryList: each document is one text for every version.
//
// A gate is the version below which the client sends the document not at all (FACTS §2.3).
// Variables are an example of what the client sends, undeclared extras included.
import { USER_ID, WORKSPACE_ID } from './example-ids.js';
import type { ClientDocument } from './types.js';

export const workspaceUsersDocuments: readonly ClientDocument[] = [
  {
    name: 'WorkspaceUserAddRequest',
    methods: ['AddWorkspaceUser'],
    variables: { workspaceId: WORKSPACE_ID, email: 'ada@example.com', role: 'WORKSPACE_EDITOR' },
    document: `mutation AddWorkspaceUser($workspaceId: Uuid!, $email: String!, $role: Role!) {
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
}`,
  },
  {
    name: 'WorkspaceUserRemoveRequest',
    methods: ['DeleteWorkspaceUser'],
    variables: { workspaceId: WORKSPACE_ID, userId: USER_ID },
    document: `mutation RemoveWorkspaceUser($workspaceId: Uuid!, $userId: Uuid!) {
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
}`,
  },
  {
    name: 'WorkspaceGetUsersRequest',
    methods: ['ListWorkspaceUserAndRoles'],
    variables: { workspaceUuid: WORKSPACE_ID },
    document: `query workspaceListUsers($workspaceUuid: Uuid!) {
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
}`,
  },
  {
    name: 'WorkspacePaginatedGetUsersRequest',
    methods: ['ListWorkspacePaginatedUserAndRoles'],
    gate: { since: '0.30.0', by: 'command', what: 'cmd/apc/workspace_user.go (VerifyVersionMatch GTE 0.30.0); the decorator key "WorkspacePaginatedGetUsersRequest" names a variable, not a method, so it never applies' },
    variables: { workspaceUuid: WORKSPACE_ID, cursorUuid: '', take: 10 },
    document: `query paginatedWorkspaceUsers($workspaceUuid: Uuid!, $cursorUuid: Uuid, $take: Int) {
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
}`,
  },
  {
    name: 'WorkspaceUserUpdateRequest',
    methods: ['UpdateWorkspaceUserRole'],
    variables: { workspaceUuid: WORKSPACE_ID, email: 'ada@example.com', role: 'WORKSPACE_ADMIN' },
    document: `mutation workspaceUpsertUserRole($workspaceUuid: Uuid!, $email: String!, $role: Role!) {
  workspaceUpsertUserRole(
    workspaceUuid: $workspaceUuid
    email: $email
    role: $role
  )
}`,
  },
  {
    name: 'WorkspaceGetUserRequest',
    methods: ['GetWorkspaceUserRole'],
    variables: { workspaceUuid: WORKSPACE_ID, email: 'ada@example.com' },
    document: `query workspaceGetUser($workspaceUuid: Uuid!, $email: String!) {
  workspaceUser(workspaceUuid: $workspaceUuid, user: {email: $email}) {
    id
    username
    roleBindings {
      workspace {
        id
      }
      role
    }
  }
}`,
  },
];

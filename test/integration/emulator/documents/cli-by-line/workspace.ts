// Workspaces: the GraphQL documents of the official Houston client, astro-cli
// (github.com/astronomer/astro-cli), file houston/workspace.go at commit
// ed93cc59e54def23d0c404c0a491583179177143 (HEAD of 2026-08-13).
//
// Each text is the client's document passed through graphql-js's print(parse(text)): the same
// operation, variables, arguments and selection, in canonical layout.
//
// The file has no queryList: each document is one text for every version.
//
// A gate is the version below which the client sends the document not at all (FACTS §2.3).
// Variables are an example of what the client sends, undeclared extras included.
import { WORKSPACE_ID } from './example-ids.js';
import type { ClientDocument } from './types.js';

export const workspaceDocuments: readonly ClientDocument[] = [
  {
    name: 'WorkspaceCreateRequest',
    methods: ['CreateWorkspace'],
    variables: { label: 'data-eng', description: 'Data engineering' },
    document: `mutation CreateWorkspace($label: String!, $description: String = "N/A") {
  createWorkspace(label: $label, description: $description) {
    id
    label
    description
    createdAt
    updatedAt
  }
}`,
  },
  {
    name: 'WorkspaceDeleteRequest',
    methods: ['DeleteWorkspace'],
    variables: { workspaceId: WORKSPACE_ID },
    document: `mutation DeleteWorkspace($workspaceId: Uuid!) {
  deleteWorkspace(workspaceUuid: $workspaceId) {
    id
    label
    description
  }
}`,
  },
  {
    name: 'WorkspaceUpdateRequest',
    methods: ['UpdateWorkspace'],
    variables: { workspaceId: WORKSPACE_ID, payload: { label: 'data-platform' } },
    document: `mutation UpdateWorkspace($workspaceId: Uuid!, $payload: JSON!) {
  updateWorkspace(workspaceUuid: $workspaceId, payload: $payload) {
    id
    label
    description
    createdAt
    updatedAt
  }
}`,
  },
  {
    name: 'WorkspacesGetRequest',
    methods: ['ListWorkspaces'],
    document: `query GetWorkspaces {
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
}`,
  },
  {
    name: 'WorkspacesPaginatedGetRequest',
    methods: ['PaginatedListWorkspaces'],
    gate: { since: '0.30.0', by: 'command', what: 'cmd/apc/workspace.go and apc/auth/auth.go (VerifyVersionMatch GTE 0.30.0); the decorator key "WorkspacesPaginatedGetRequest" names a variable, not a method, so it never applies' },
    variables: { pageSize: 2, pageNumber: 0 },
    document: `query paginatedWorkspaces($pageSize: Int, $pageNumber: Int) {
  paginatedWorkspaces(take: $pageSize, pageNumber: $pageNumber) {
    id
    label
    description
    createdAt
    updatedAt
  }
}`,
  },
  {
    name: 'WorkspaceGetRequest',
    methods: ['GetWorkspace'],
    variables: { workspaceUuid: WORKSPACE_ID },
    document: `query GetWorkspace($workspaceUuid: Uuid!) {
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
}`,
  },
  {
    name: 'ValidateWorkspaceIDGetRequest',
    methods: ['ValidateWorkspaceID'],
    variables: { workspaceUuid: WORKSPACE_ID },
    document: `query GetWorkspace($workspaceUuid: Uuid!) {
  workspace(workspaceUuid: $workspaceUuid) {
    id
    label
    description
    createdAt
    updatedAt
  }
}`,
  },
];

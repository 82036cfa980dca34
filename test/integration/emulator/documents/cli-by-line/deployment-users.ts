// Deployment users: the GraphQL documents of the official Houston client, astro-cli
// (github.com/astronomer/astro-cli), file houston/deployment_user.go at commit
// ed93cc59e54def23d0c404c0a491583179177143 (HEAD of 2026-08-13).
//
// Each text is the client's document passed through graphql-js's print(parse(text)): the same
// operation, variables, arguments and selection, in canonical layout.
//
// The file has no queryList: each document is one text for every version.
//
// A gate is the version below which the client sends the document not at all (FACTS §2.3).
// Variables are an example of what the client sends, undeclared extras included.
import { DEPLOYMENT_ID } from './example-ids.js';
import type { ClientDocument } from './types.js';

export const deploymentUsersDocuments: readonly ClientDocument[] = [
  {
    name: 'DeploymentUserListRequest',
    methods: ['ListDeploymentUsers'],
    variables: { user: { userId: '', email: '', fullName: '' }, deploymentId: DEPLOYMENT_ID },
    document: `query deploymentUsers($deploymentId: Id!, $user: UserSearch) {
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
}`,
  },
  {
    name: 'DeploymentUserAddRequest',
    methods: ['AddDeploymentUser'],
    variables: { email: 'ada@example.com', role: 'DEPLOYMENT_EDITOR', deploymentId: DEPLOYMENT_ID },
    document: `mutation AddDeploymentUser($userId: Id, $email: String!, $deploymentId: Id!, $role: Role!) {
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
}`,
  },
  {
    name: 'DeploymentUserDeleteRequest',
    methods: ['DeleteDeploymentUser'],
    variables: { deploymentId: DEPLOYMENT_ID, email: 'ada@example.com' },
    document: `mutation DeleteDeploymentUser($userId: Id, $email: String!, $deploymentId: Id!) {
  deploymentRemoveUserRole(
    userId: $userId
    email: $email
    deploymentId: $deploymentId
  ) {
    id
    role
  }
}`,
  },
  {
    name: 'DeploymentUserUpdateRequest',
    methods: ['UpdateDeploymentUser'],
    variables: { email: 'ada@example.com', role: 'DEPLOYMENT_ADMIN', deploymentId: DEPLOYMENT_ID },
    document: `mutation UpdateDeploymentUser($userId: Id, $email: String!, $deploymentId: Id!, $role: Role!) {
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
}`,
  },
];

// Root fields of the 0.25 base: the operations astro-cli sends to 0.25 (FACTS §2.4, §3) plus those
// documented for Houston (FACTS §5.4). Where any known client declares a nullable variable, the
// argument is nullable too, or that client's documents would fail validation. Teams, Runtime,
// paginated lists, clusters, image deploys and adoption arrive with later lines (schema/lines/).
export const rootTypesSdl = /* GraphQL */ `
type Query {
  appConfig: AppConfig
  authConfig(redirect: String, duration: Int, extras: JSON, inviteToken: String): AuthConfig
  availableNamespaces: [Namespace]
  deploymentConfig(workspaceUuid: Uuid, deploymentUuid: Uuid, type: String, version: String): DeploymentConfig
  self: AuthUser

  users(user: UserSearch): [User]
  workspaces(userUuid: Uuid, workspaceUuid: Uuid, label: String): [Workspace]
  sysWorkspaces(workspaceUuid: Uuid, label: String): [Workspace]
  workspace(workspaceUuid: Uuid!): Workspace
  workspaceUsers(workspaceUuid: Uuid!, user: UserSearch): [User]
  workspaceUser(workspaceUuid: Uuid!, user: UserSearch): User
  workspaceServiceAccounts(workspaceUuid: Uuid!): [ServiceAccount]

  workspaceDeployments(workspaceUuid: Uuid!, releaseName: String): [Deployment]
  workspaceDeployment(workspaceUuid: Uuid!, releaseName: String!): Deployment
  deployment(where: DeploymentWhereUniqueInput!): Deployment
  deploymentUsers(deploymentId: Id!, user: UserSearch): [User]
  deploymentServiceAccounts(deploymentUuid: Uuid!): [ServiceAccount]
  deploymentVariables(deploymentUuid: Uuid!, releaseName: String): [EnvironmentVariable]
  logs(deploymentUuid: Uuid!, component: String, timestamp: DateTime, search: String): [DeploymentLog]
}

type Mutation {
  createToken(identity: String, password: String!, duration: Int): AuthUser
  createUser(email: String!, password: String!, username: String, profile: JSON, inviteToken: String, duration: Int): AuthUser
  removeUser(id: ID!): User
  verifyEmail(email: String!): Boolean
  createSystemRoleBinding(userId: ID!, role: Role!): RoleBinding
  deleteSystemRoleBinding(userId: ID!, role: Role!): RoleBinding

  createWorkspace(label: String!, description: String): Workspace
  updateWorkspace(workspaceUuid: Uuid!, payload: JSON!): Workspace
  deleteWorkspace(workspaceUuid: Uuid!): Workspace
  workspaceAddUser(
    workspaceUuid: Uuid
    email: String!
    role: Role! = WORKSPACE_VIEWER
    bypassInvite: Boolean
    deploymentRoles: [DeploymentRoles]
  ): Workspace
  workspaceRemoveUser(workspaceUuid: Uuid!, userUuid: Uuid!): Workspace
  workspaceUpsertUserRole(workspaceUuid: Uuid!, email: String!, role: Role!): Role

  createDeployment(
    workspaceUuid: Uuid!
    label: String!
    type: String = "airflow"
    description: String
    releaseName: String
    namespace: String
    executor: ExecutorType
    version: String
    airflowVersion: String
    config: JSON
    properties: JSON
    cloudRole: String
    dagDeployment: DagDeployment
    environmentVariables: [InputEnvironmentVariable]
  ): Deployment
  # Before 1.0 Houston offers upsertDeployment only behind a feature flag (upsertDeploymentEnabled,
  # FACTS §5.4); kept here, without the clusterId and mode arguments of 1.0 and 2.1.
  upsertDeployment(
    deploymentUuid: Uuid
    workspaceUuid: Uuid
    label: String
    description: String
    releaseName: String
    namespace: String
    environmentVariables: [InputEnvironmentVariable]
    image: String
    dockerconfigjson: JSON
    version: String
    airflowVersion: String
    executor: ExecutorType
    workers: Workers
    webserver: Webserver
    scheduler: Scheduler
    dagProcessor: DagProcessor
    dagDeployment: DagDeployment
    properties: JSON
    cloudRole: String
  ): Deployment
  updateDeployment(
    deploymentUuid: Uuid!
    payload: JSON
    executor: ExecutorType
    cloudRole: String
    dagDeployment: DagDeployment
    config: JSON
    sync: Boolean
  ): Deployment
  deleteDeployment(deploymentUuid: Uuid!, deploymentHardDelete: Boolean): Deployment
  updateDeploymentAirflow(deploymentUuid: Uuid!, desiredAirflowVersion: String!): Deployment
  updateDeploymentVariables(
    deploymentUuid: Uuid!
    releaseName: String
    environmentVariables: [InputEnvironmentVariable]
  ): [EnvironmentVariable]

  deploymentAddUserRole(userId: Id, email: String!, deploymentId: Id!, role: Role!): RoleBinding
  deploymentUpdateUserRole(userId: Id, email: String!, deploymentId: Id!, role: Role!): RoleBinding
  deploymentRemoveUserRole(userId: Id, email: String!, deploymentId: Id!): RoleBinding

  createDeploymentServiceAccount(label: String!, category: String, deploymentUuid: Uuid!, role: Role!): DeploymentServiceAccount
  createWorkspaceServiceAccount(label: String!, category: String, workspaceUuid: Uuid!, role: Role!): WorkspaceServiceAccount
  createSystemServiceAccount(label: String!, category: String, role: Role!): ServiceAccount
  deleteDeploymentServiceAccount(serviceAccountUuid: Uuid!, deploymentUuid: Uuid!): ServiceAccount
  deleteWorkspaceServiceAccount(serviceAccountUuid: Uuid!, workspaceUuid: Uuid!): ServiceAccount
  deleteSystemServiceAccount(serviceAccountUuid: Uuid!): ServiceAccount
}

type Subscription {
  "Served over WebSocket at /ws (graphql-ws sub-protocol); over HTTP it is refused."
  log(deploymentUuid: Uuid!, component: String, timestamp: DateTime, search: String): DeploymentLog
}
`;

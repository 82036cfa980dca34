// Root fields: every operation astro-cli sends (FACTS §3, all versions it knows) plus those
// documented for Houston 0.35. Where any known client declares a nullable variable, the
// argument is nullable too, or that client's documents would fail validation.
export const rootTypesSdl = /* GraphQL */ `
type Query {
  appConfig(clusterId: Uuid, workspaceUuid: Uuid, deploymentUuid: Uuid): AppConfig
  authConfig(redirect: String, duration: Int, extras: JSON, inviteToken: String): AuthConfig
  availableNamespaces(clusterId: Uuid): [Namespace]
  runtimeReleases(airflowVersion: String, clusterId: Uuid): [RuntimeRelease]
  deploymentConfig(workspaceUuid: Uuid, deploymentUuid: Uuid, type: String, version: String): DeploymentConfig
  self: AuthUser

  users(user: UserSearch): [User]
  workspaces(userUuid: Uuid, workspaceUuid: Uuid, label: String): [Workspace]
  sysWorkspaces(workspaceUuid: Uuid, label: String): [Workspace]
  paginatedWorkspaces(take: Int, pageNumber: Int): [Workspace]
  workspace(workspaceUuid: Uuid!): Workspace
  workspaceUsers(workspaceUuid: Uuid!, user: UserSearch): [User]
  paginatedWorkspaceUsers(workspaceUuid: Uuid!, cursor: Uuid, take: Int): [User]
  workspaceUser(workspaceUuid: Uuid!, user: UserSearch): User
  workspaceTeams(workspaceUuid: Uuid!): [Team]
  workspaceServiceAccounts(workspaceUuid: Uuid!): [ServiceAccount]

  workspaceDeployments(workspaceUuid: Uuid!, releaseName: String): [Deployment]
  workspaceDeployment(workspaceUuid: Uuid!, releaseName: String!): Deployment
  paginatedDeployments(take: Int, name: String, cursor: Uuid, pageNumber: Int, clusterId: Uuid): [Deployment]
  deployment(where: DeploymentWhereUniqueInput!): Deployment
  deploymentUsers(deploymentId: Id!, user: UserSearch): [User]
  deploymentTeams(deploymentUuid: Uuid!): [Team]
  deploymentServiceAccounts(deploymentUuid: Uuid!): [ServiceAccount]
  deploymentVariables(deploymentUuid: Uuid!, releaseName: String): [EnvironmentVariable]
  logs(deploymentUuid: Uuid!, component: String, timestamp: DateTime, search: String): [DeploymentLog]

  team(teamUuid: Uuid!, workspaceUuid: Uuid): Team
  teamUsers(teamUuid: Uuid!): [User]
  paginatedTeams(take: Int, cursor: Uuid, workspaceUuid: Uuid): ListTeamsResp
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
  workspaceAddTeam(workspaceUuid: Uuid!, teamUuid: Uuid!, role: Role! = WORKSPACE_VIEWER, deploymentRoles: [DeploymentRoles]): Workspace
  workspaceRemoveTeam(workspaceUuid: Uuid!, teamUuid: Uuid!): Workspace
  workspaceUpdateTeamRole(workspaceUuid: Uuid!, teamUuid: Uuid!, role: Role!): Role

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
    runtimeVersion: String
    config: JSON
    properties: JSON
    cloudRole: String
    dagDeployment: DagDeployment
    triggerer: Triggerer
    environmentVariables: [InputEnvironmentVariable]
  ): Deployment
  upsertDeployment(
    deploymentUuid: Uuid
    workspaceUuid: Uuid
    clusterId: Uuid
    label: String
    description: String
    releaseName: String
    namespace: String
    environmentVariables: [InputEnvironmentVariable]
    image: String
    dockerconfigjson: JSON
    version: String
    airflowVersion: String
    runtimeVersion: String
    desiredRuntimeVersion: String
    executor: ExecutorType
    workers: Workers
    webserver: Webserver
    scheduler: Scheduler
    triggerer: Triggerer
    dagProcessor: DagProcessor
    dagDeployment: DagDeployment
    properties: JSON
    cloudRole: String
    mode: AllowedDeploymentModeValues
  ): Deployment
  updateDeployment(
    deploymentUuid: Uuid!
    payload: JSON
    executor: ExecutorType
    cloudRole: String
    dagDeployment: DagDeployment
    triggerer: Triggerer
    config: JSON
    sync: Boolean
  ): Deployment
  deleteDeployment(deploymentUuid: Uuid!, deploymentHardDelete: Boolean): Deployment
  updateDeploymentAirflow(deploymentUuid: Uuid!, desiredAirflowVersion: String!): Deployment
  updateDeploymentRuntime(deploymentUuid: Uuid!, desiredRuntimeVersion: String!): Deployment
  cancelRuntimeUpdate(deploymentUuid: Uuid!): Deployment
  updateDeploymentImage(releaseName: String!, image: String!, airflowVersion: String, runtimeVersion: String): Deployment
  updateDeploymentVariables(
    deploymentUuid: Uuid!
    releaseName: String
    environmentVariables: [InputEnvironmentVariable]
  ): [EnvironmentVariable]
  adoptDeployment(
    workspaceUuid: Uuid!
    clusterId: Uuid!
    crNamespace: String!
    crName: String!
    label: String
    description: String
    useApcLogging: Boolean
    useApcRegistry: Boolean
    acceptIncompatibilities: Boolean
  ): Deployment
  unadoptDeployment(deploymentUuid: Uuid!): Deployment

  deploymentAddUserRole(userId: Id, email: String!, deploymentId: Id!, role: Role!): RoleBinding
  deploymentUpdateUserRole(userId: Id, email: String!, deploymentId: Id!, role: Role!): RoleBinding
  deploymentRemoveUserRole(userId: Id, email: String!, deploymentId: Id!): RoleBinding
  deploymentAddTeamRole(teamUuid: Uuid!, deploymentUuid: Uuid!, role: Role!): RoleBinding
  deploymentUpdateTeamRole(deploymentUuid: Uuid!, teamUuid: Uuid!, role: Role!): RoleBinding
  deploymentRemoveTeamRole(deploymentUuid: Uuid!, teamUuid: Uuid!): RoleBinding

  createDeploymentServiceAccount(label: String!, category: String, deploymentUuid: Uuid!, role: Role!): DeploymentServiceAccount
  createWorkspaceServiceAccount(label: String!, category: String, workspaceUuid: Uuid!, role: Role!): WorkspaceServiceAccount
  createSystemServiceAccount(label: String!, category: String, role: Role!): ServiceAccount
  deleteDeploymentServiceAccount(serviceAccountUuid: Uuid!, deploymentUuid: Uuid!): ServiceAccount
  deleteWorkspaceServiceAccount(serviceAccountUuid: Uuid!, workspaceUuid: Uuid!): ServiceAccount
  deleteSystemServiceAccount(serviceAccountUuid: Uuid!): ServiceAccount

  createTeamSystemRoleBinding(teamUuid: Uuid!, role: Role!): RoleBinding
  deleteTeamSystemRoleBinding(teamUuid: Uuid!, role: Role!): RoleBinding
}

type Subscription {
  "Needs the WebSocket transport, which the emulator does not serve; over HTTP it is refused."
  log(deploymentUuid: Uuid!, component: String, timestamp: DateTime, search: String): DeploymentLog
}
`;

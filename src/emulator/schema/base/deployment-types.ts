// Output types of deployments, service accounts and the platform catalogues in the 0.25 base:
// Astronomer Certified only (no Runtime fields, no dagDeployment output; both arrive at 0.29).
export const deploymentTypesSdl = /* GraphQL */ `
type DeploymentUrl { type: String url: String }
type DeployInfo { nextCli: String current: String }
type EnvironmentVariable { key: String! value: String isSecret: Boolean! }

type Deployment {
  id: ID!
  uuid: Uuid
  type: String
  label: String
  description: String
  releaseName: String
  namespace: String
  version: String
  airflowVersion: String
  desiredAirflowVersion: String
  # executor and status: kept on every line, unverified. No astro-cli document selects executor, and
  # the 2019 Houston schema has no such field; status is documented as selectable on 1.x (VERSIONS §2).
  executor: ExecutorType
  "DEPLOYING for a while after a create or update, then HEALTHY."
  status: String
  workspace: Workspace
  deployInfo: DeployInfo
  urls: [DeploymentUrl]
  cloudRole: String
  image: String
  config: JSON
  properties: JSON
  "Secret values are never returned (value is null)."
  environmentVariables: [EnvironmentVariable]
  upsertedEnvironmentVariables: [EnvironmentVariable]
  roleBindings: [RoleBinding!]
  serviceAccounts: [ServiceAccount]
  createdAt: DateTime!
  updatedAt: DateTime!
}

type ServiceAccount {
  id: ID!
  uuid: Uuid
  "Only in the result of the mutation that created it; null afterwards."
  apiKey: String
  label: String
  category: String
  entityType: EntityType
  entityUuid: Uuid
  active: Boolean
  lastUsedAt: DateTime
  roleBinding: RoleBinding
  createdAt: DateTime!
  updatedAt: DateTime!
}

type DeploymentServiceAccount {
  id: ID!
  uuid: Uuid
  apiKey: String
  label: String
  category: String
  entityType: EntityType
  entityUuid: Uuid
  deploymentUuid: Uuid
  active: Boolean
  lastUsedAt: DateTime
  roleBinding: RoleBinding
  createdAt: DateTime!
  updatedAt: DateTime!
}

type WorkspaceServiceAccount {
  id: ID!
  uuid: Uuid
  apiKey: String
  label: String
  category: String
  entityType: EntityType
  entityUuid: Uuid
  workspaceUuid: Uuid
  active: Boolean
  lastUsedAt: DateTime
  roleBinding: RoleBinding
  createdAt: DateTime!
  updatedAt: DateTime!
}

type AirflowImage { version: String tag: String channel: String }

type DeploymentConfig {
  airflowImages: [AirflowImage]
  airflowVersions: [String]
  defaultAirflowImageTag: String
  defaultAirflowVersion: String
  executors: JSON
  singleNamespace: Boolean
  loggingEnabled: Boolean
}

type Namespace { name: String! }

type DeploymentLog {
  id: ID!
  uuid: Uuid
  timestamp: String
  release: String
  component: String
  level: String
  message: String
}
`;

// Output types of deployments, service accounts and the platform catalogues (Houston 0.35).
export const deploymentTypesSdl = /* GraphQL */ `
type DeploymentUrl { type: String url: String }
type DeployInfo { nextCli: String current: String }
type EnvironmentVariable { key: String! value: String isSecret: Boolean! }

type DeploymentDagDeployment {
  type: String
  nfsLocation: String
  repositoryUrl: String
  branchName: String
  rev: String
  dagDirectoryLocation: String
  syncInterval: Int
  syncTimeout: Int
  ephemeralStorage: Int
  "Always null: the SSH key is write-only."
  sshKey: String
  knownHosts: String
}

type DeploymentTriggerer { replicas: Int }

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
  runtimeVersion: String
  desiredRuntimeVersion: String
  runtimeAirflowVersion: String
  clusterId: String
  executor: ExecutorType
  "DEPLOYING for a while after a create or update, then HEALTHY."
  status: String
  workspace: Workspace
  deployInfo: DeployInfo
  urls: [DeploymentUrl]
  dagDeployment: DeploymentDagDeployment
  triggerer: DeploymentTriggerer
  cloudRole: String
  mode: AllowedDeploymentModeValues
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
  runtimeReleases: [RuntimeRelease]
  executors: JSON
  singleNamespace: Boolean
  loggingEnabled: Boolean
}

type RuntimeRelease {
  version: String!
  airflowVersion: String
  airflowDatabaseMigrations: Boolean
  channel: String
  releaseDate: String
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

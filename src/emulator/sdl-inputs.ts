// Scalars, enums and input types of the Houston 0.35 schema (FACTS §5, the 0.35 docs examples).
export const inputTypesSdl = /* GraphQL */ `
scalar Uuid
scalar Id
scalar JSON
scalar DateTime

enum Role {
  SYSTEM_ADMIN
  SYSTEM_EDITOR
  SYSTEM_VIEWER
  WORKSPACE_ADMIN
  WORKSPACE_EDITOR
  WORKSPACE_VIEWER
  DEPLOYMENT_ADMIN
  DEPLOYMENT_EDITOR
  DEPLOYMENT_VIEWER
}

enum ExecutorType { CeleryExecutor LocalExecutor KubernetesExecutor }
enum AllowedDeploymentModeValues { helm operator }
enum EntityType { WORKSPACE DEPLOYMENT SYSTEM }

"Filters are exact matches; empty strings mean no filter."
input UserSearch {
  userId: String
  userUuid: String
  username: String
  email: String
  fullName: String
  createdAt: DateTime
  updatedAt: DateTime
}

input DeploymentWhereUniqueInput { id: String releaseName: String }

input DagDeployment {
  type: String
  nfsLocation: String
  repositoryUrl: String
  branchName: String
  rev: String
  dagDirectoryLocation: String
  syncInterval: Int
  syncTimeout: Int
  ephemeralStorage: Int
  sshKey: String
  knownHosts: String
}

input InputEnvironmentVariable { key: String! value: String isSecret: Boolean }

input DeploymentRoles { deploymentId: Id role: Role }

input Triggerer { replicas: Int resources: JSON }
input Workers { replicas: Int terminationGracePeriodSeconds: Int resources: JSON }
input Webserver { replicas: Int resources: JSON }
input Scheduler { replicas: Int resources: JSON }
input DagProcessor { replicas: Int resources: JSON }
`;

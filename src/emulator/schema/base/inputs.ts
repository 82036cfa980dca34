// Scalars, enums and input types of the 0.25 base (FACTS §5, the 0.35 docs examples). Later lines add
// Triggerer (0.28) and AllowedDeploymentModeValues (2.1).
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

input Workers { replicas: Int terminationGracePeriodSeconds: Int resources: JSON }
input Webserver { replicas: Int resources: JSON }
input Scheduler { replicas: Int resources: JSON }
input DagProcessor { replicas: Int resources: JSON }
`;

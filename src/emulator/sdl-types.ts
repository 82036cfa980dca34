// Output types of the Houston 0.35 schema (FACTS §6, the 0.35 docs examples). Most fields are
// nullable, as in Houston, so one bad field never nulls a whole object.
export const outputTypesSdl = /* GraphQL */ `
type AppConfig {
  version: String
  baseDomain: String
  byoUpdateRegistryHost: String
  smtpConfigured: Boolean
  manualReleaseNames: Boolean
  configureDagDeployment: Boolean
  nfsMountDagDeployment: Boolean
  manualNamespaceNames: Boolean
  hardDeleteDeployment: Boolean
  triggererEnabled: Boolean
  featureFlags: JSON
}

type AuthProvider { name: String! displayName: String url: String }

type AuthConfig {
  localEnabled: Boolean
  publicSignup: Boolean
  initialSignup: Boolean
  providers: [AuthProvider!]
}

type TokenPayload { id: Uuid uuid: Uuid iat: Int exp: Int }
type Token { value: String payload: TokenPayload }
type AuthUser { user: User token: Token permissions: JSON isAdmin: Boolean }

type Email { address: String verified: Boolean primary: Boolean createdAt: DateTime updatedAt: DateTime }

type User {
  id: ID!
  uuid: Uuid
  username: String
  fullName: String
  status: String
  emails: [Email!]!
  roleBindings: [RoleBinding!]
  createdAt: DateTime!
  updatedAt: DateTime!
}

type RoleBinding {
  id: ID!
  role: Role!
  user: User
  serviceAccount: ServiceAccount
  team: Team
  workspace: Workspace
  deployment: Deployment
  createdAt: DateTime
  updatedAt: DateTime
}

type Invite {
  id: ID!
  uuid: Uuid
  email: String
  role: Role
  token: String
  workspace: Workspace
  createdAt: DateTime!
  updatedAt: DateTime!
}

type Workspace {
  id: ID!
  uuid: Uuid
  label: String
  description: String
  active: Boolean
  users: [User]
  roleBindings: [RoleBinding!]
  invites: [Invite!]!
  deploymentCount: Int
  deployments: [Deployment]
  createdAt: DateTime!
  updatedAt: DateTime!
}

type Team {
  id: ID!
  uuid: Uuid
  name: String
  description: String
  users: [User]
  roleBindings: [RoleBinding!]
  createdAt: DateTime
  updatedAt: DateTime
}

type ListTeamsResp { count: Int! teams: [Team!]! }

`;

// Output types of the 0.25 base (FACTS §6, the 0.35 docs examples). Most fields are nullable, as in
// Houston, so one bad field never nulls a whole object. AppConfig has none of the 0.28+ fields
// (FACTS §2.4); teams arrive at 0.28.
export const outputTypesSdl = /* GraphQL */ `
type AppConfig {
  version: String
  baseDomain: String
  smtpConfigured: Boolean
  manualReleaseNames: Boolean
  configureDagDeployment: Boolean
  nfsMountDagDeployment: Boolean
  manualNamespaceNames: Boolean
  hardDeleteDeployment: Boolean
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
`;

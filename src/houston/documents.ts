// Every GraphQL document the gateway sends to Houston, keyed by operation and by the lowest
// platform version each text applies to (the official client's queryList idea, FACTS.md §2).
// Later Houston lines only add entries. Caller input never reaches these strings: it travels
// as variables only.

export interface VersionedDocument {
  /** Lowest Houston platform version this text works with (semver, no `v`). */
  since: string;
  document: string;
}

const DEPLOYMENT_FIELDS = `id label description releaseName type version executor status
  airflowVersion runtimeVersion workspace { id } urls { type url } createdAt updatedAt`;
const WORKSPACE_FIELDS = 'id label description createdAt updatedAt';
const SERVICE_ACCOUNT_FIELDS = 'id label category active lastUsedAt createdAt updatedAt';
const USER_FIELDS = 'id username fullName status emails { address primary verified } createdAt';

export const DOCUMENTS = {
  PlatformVersion: [{ since: '0.25.0', document: 'query PlatformVersion { appConfig { version } }' }],
  AppConfig: [
    {
      since: '0.25.0',
      document: `query AppConfig { appConfig { version baseDomain smtpConfigured manualReleaseNames
        configureDagDeployment nfsMountDagDeployment manualNamespaceNames hardDeleteDeployment } }`,
    },
    {
      since: '0.28.0',
      document: `query AppConfig { appConfig { version baseDomain smtpConfigured manualReleaseNames
        configureDagDeployment nfsMountDagDeployment manualNamespaceNames hardDeleteDeployment
        triggererEnabled featureFlags } }`,
    },
  ],
  ListWorkspaces: [{ since: '0.25.0', document: `query ListWorkspaces { workspaces { ${WORKSPACE_FIELDS} } }` }],
  GetWorkspace: [
    {
      since: '0.25.0',
      document: `query GetWorkspace($workspaceUuid: Uuid!) { workspace(workspaceUuid: $workspaceUuid) { ${WORKSPACE_FIELDS} } }`,
    },
  ],
  CreateWorkspace: [
    {
      since: '0.25.0',
      document: `mutation CreateWorkspace($label: String!, $description: String) {
        createWorkspace(label: $label, description: $description) { ${WORKSPACE_FIELDS} } }`,
    },
  ],
  UpdateWorkspace: [
    {
      since: '0.25.0',
      document: `mutation UpdateWorkspace($workspaceUuid: Uuid!, $payload: JSON!) {
        updateWorkspace(workspaceUuid: $workspaceUuid, payload: $payload) { ${WORKSPACE_FIELDS} } }`,
    },
  ],
  DeleteWorkspace: [
    {
      since: '0.25.0',
      document: `mutation DeleteWorkspace($workspaceUuid: Uuid!) { deleteWorkspace(workspaceUuid: $workspaceUuid) { id } }`,
    },
  ],
  ListWorkspaceDeployments: [
    {
      since: '0.29.0',
      document: `query ListWorkspaceDeployments($workspaceUuid: Uuid!) {
        workspaceDeployments(workspaceUuid: $workspaceUuid) { ${DEPLOYMENT_FIELDS} } }`,
    },
  ],
  GetDeployment: [
    {
      since: '0.29.0',
      document: `query GetDeployment($id: String!) { deployment(where: { id: $id }) { ${DEPLOYMENT_FIELDS} } }`,
    },
  ],
  CreateDeployment: [
    {
      since: '0.29.0',
      document: `mutation CreateDeployment($workspaceUuid: Uuid!, $label: String!, $executor: ExecutorType!,
        $runtimeVersion: String, $airflowVersion: String, $releaseName: String, $namespace: String) {
        createDeployment(workspaceUuid: $workspaceUuid, label: $label, executor: $executor,
          runtimeVersion: $runtimeVersion, airflowVersion: $airflowVersion, releaseName: $releaseName,
          namespace: $namespace) { ${DEPLOYMENT_FIELDS} } }`,
    },
  ],
  UpdateDeployment: [
    {
      since: '0.28.0',
      document: `mutation UpdateDeployment($deploymentUuid: Uuid!, $payload: JSON!, $executor: ExecutorType) {
        updateDeployment(deploymentUuid: $deploymentUuid, payload: $payload, executor: $executor) { ${DEPLOYMENT_FIELDS} } }`,
    },
  ],
  DeleteDeployment: [
    {
      since: '0.25.0',
      document: `mutation DeleteDeployment($deploymentUuid: Uuid!, $hardDelete: Boolean) {
        deleteDeployment(deploymentUuid: $deploymentUuid, deploymentHardDelete: $hardDelete) { id workspace { id } } }`,
    },
  ],
  GetDeploymentVariables: [
    {
      since: '0.25.0',
      document: `query GetDeploymentVariables($deploymentUuid: Uuid!, $releaseName: String) {
        deploymentVariables(deploymentUuid: $deploymentUuid, releaseName: $releaseName) { key value isSecret } }`,
    },
  ],
  UpdateDeploymentVariables: [
    {
      since: '0.25.0',
      document: `mutation UpdateDeploymentVariables($deploymentUuid: Uuid!, $releaseName: String,
        $environmentVariables: [InputEnvironmentVariable]) {
        updateDeploymentVariables(deploymentUuid: $deploymentUuid, releaseName: $releaseName,
          environmentVariables: $environmentVariables) { key value isSecret } }`,
    },
  ],
  ListWorkspaceUsers: [
    {
      since: '0.25.0',
      document: `query ListWorkspaceUsers($workspaceUuid: Uuid!) { workspaceUsers(workspaceUuid: $workspaceUuid) {
        ${USER_FIELDS} roleBindings { role workspace { id } } } }`,
    },
  ],
  AddWorkspaceUser: [
    {
      since: '0.25.0',
      document: `mutation AddWorkspaceUser($workspaceUuid: Uuid!, $email: String!, $role: Role!, $bypassInvite: Boolean) {
        workspaceAddUser(workspaceUuid: $workspaceUuid, email: $email, role: $role, bypassInvite: $bypassInvite) {
          id users { ${USER_FIELDS} roleBindings { role workspace { id } } } } }`,
    },
  ],
  UpdateWorkspaceUserRole: [
    {
      since: '0.25.0',
      document: `mutation UpdateWorkspaceUserRole($workspaceUuid: Uuid!, $email: String!, $role: Role!) {
        workspaceUpsertUserRole(workspaceUuid: $workspaceUuid, email: $email, role: $role) }`,
    },
  ],
  RemoveWorkspaceUser: [
    {
      since: '0.25.0',
      document: `mutation RemoveWorkspaceUser($workspaceUuid: Uuid!, $userUuid: Uuid!) {
        workspaceRemoveUser(workspaceUuid: $workspaceUuid, userUuid: $userUuid) { id } }`,
    },
  ],
  ListDeploymentUsers: [
    {
      since: '0.25.0',
      document: `query ListDeploymentUsers($deploymentId: Id!, $user: UserSearch) {
        deploymentUsers(deploymentId: $deploymentId, user: $user) {
          ${USER_FIELDS} roleBindings { role deployment { id } } } }`,
    },
  ],
  AddDeploymentUser: [
    {
      since: '0.25.0',
      document: `mutation AddDeploymentUser($deploymentId: Id!, $email: String!, $role: Role!) {
        deploymentAddUserRole(deploymentId: $deploymentId, email: $email, role: $role) {
          id role user { ${USER_FIELDS} } deployment { id } } }`,
    },
  ],
  UpdateDeploymentUser: [
    {
      since: '0.25.0',
      document: `mutation UpdateDeploymentUser($deploymentId: Id!, $userId: Id, $email: String!, $role: Role!) {
        deploymentUpdateUserRole(deploymentId: $deploymentId, userId: $userId, email: $email, role: $role) {
          id role user { ${USER_FIELDS} } deployment { id } } }`,
    },
  ],
  RemoveDeploymentUser: [
    {
      since: '0.25.0',
      document: `mutation RemoveDeploymentUser($deploymentId: Id!, $userId: Id, $email: String!) {
        deploymentRemoveUserRole(deploymentId: $deploymentId, userId: $userId, email: $email) { id role } }`,
    },
  ],
  ListWorkspaceServiceAccounts: [
    {
      since: '0.25.0',
      document: `query ListWorkspaceServiceAccounts($workspaceUuid: Uuid!) {
        workspaceServiceAccounts(workspaceUuid: $workspaceUuid) { ${SERVICE_ACCOUNT_FIELDS} } }`,
    },
  ],
  CreateWorkspaceServiceAccount: [
    {
      since: '0.25.0',
      document: `mutation CreateWorkspaceServiceAccount($workspaceUuid: Uuid!, $label: String!, $category: String, $role: Role!) {
        createWorkspaceServiceAccount(workspaceUuid: $workspaceUuid, label: $label, category: $category, role: $role) {
          ${SERVICE_ACCOUNT_FIELDS} apiKey } }`,
    },
  ],
  DeleteWorkspaceServiceAccount: [
    {
      since: '0.25.0',
      document: `mutation DeleteWorkspaceServiceAccount($workspaceUuid: Uuid!, $serviceAccountUuid: Uuid!) {
        deleteWorkspaceServiceAccount(workspaceUuid: $workspaceUuid, serviceAccountUuid: $serviceAccountUuid) { id } }`,
    },
  ],
  ListDeploymentServiceAccounts: [
    {
      since: '0.25.0',
      document: `query ListDeploymentServiceAccounts($deploymentUuid: Uuid!) {
        deploymentServiceAccounts(deploymentUuid: $deploymentUuid) { ${SERVICE_ACCOUNT_FIELDS} } }`,
    },
  ],
  CreateDeploymentServiceAccount: [
    {
      since: '0.25.0',
      document: `mutation CreateDeploymentServiceAccount($deploymentUuid: Uuid!, $label: String!, $category: String, $role: Role!) {
        createDeploymentServiceAccount(deploymentUuid: $deploymentUuid, label: $label, category: $category, role: $role) {
          ${SERVICE_ACCOUNT_FIELDS} apiKey } }`,
    },
  ],
  DeleteDeploymentServiceAccount: [
    {
      since: '0.25.0',
      document: `mutation DeleteDeploymentServiceAccount($deploymentUuid: Uuid!, $serviceAccountUuid: Uuid!) {
        deleteDeploymentServiceAccount(deploymentUuid: $deploymentUuid, serviceAccountUuid: $serviceAccountUuid) { id } }`,
    },
  ],
  SearchUsers: [
    {
      since: '0.25.0',
      document: `query SearchUsers($email: String) { users(user: { email: $email }) { ${USER_FIELDS} } }`,
    },
  ],
  CreateSystemServiceAccount: [
    {
      since: '0.25.0',
      document: `mutation CreateSystemServiceAccount($label: String!, $category: String, $role: Role!) {
        createSystemServiceAccount(label: $label, category: $category, role: $role) { ${SERVICE_ACCOUNT_FIELDS} apiKey } }`,
    },
  ],
  CreateSystemRoleBinding: [
    {
      since: '0.25.0',
      document: `mutation CreateSystemRoleBinding($userId: ID!, $role: Role!) {
        createSystemRoleBinding(userId: $userId, role: $role) { id role user { id } } }`,
    },
  ],
} as const satisfies Record<string, readonly VersionedDocument[]>;

export type OperationName = keyof typeof DOCUMENTS;

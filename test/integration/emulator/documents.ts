// Houston operation documents used by the emulator tests: the official client's text for a 0.35
// platform, read from cli-by-line/ (astro-cli's houston/ package; a queryList entry is keyed by
// the version it starts at, the one cliDocumentsFor('0.35.0') picks), and the documentation-only
// operations (FACTS §5.4).
import { clientDocument } from './documents/cli-by-line/index.js';

export * from './documents/documented.js';

const cli = (name: string, key?: string): string => clientDocument(name, key).document;

// Platform and workspaces (FACTS §3.1, §3.6).
export const APP_CONFIG = cli('AppConfigRequest', '0.29.2');
export const APP_CONFIG_VERSION = cli('HoustonVersionQuery');
export const CREATE_WORKSPACE = cli('WorkspaceCreateRequest');
export const DELETE_WORKSPACE = cli('WorkspaceDeleteRequest');
export const GET_WORKSPACE = cli('WorkspaceGetRequest');
export const LIST_WORKSPACES = cli('WorkspacesGetRequest');
export const UPDATE_WORKSPACE = cli('WorkspaceUpdateRequest');
export const VALIDATE_WORKSPACE = cli('ValidateWorkspaceIDGetRequest');

// Deployments (FACTS §3.3).
export const CREATE_DEPLOYMENT = cli('DeploymentCreateRequest', '0.29.0');
export const DELETE_DEPLOYMENT = cli('DeploymentDeleteRequest');
export const GET_DEPLOYMENT = cli('DeploymentGetRequest', '0.29.0');
export const LIST_DEPLOYMENTS = cli('DeploymentsGetRequest', '0.29.0');
export const UPDATE_DEPLOYMENT = cli('DeploymentUpdateRequest', '0.28.0');

// Workspace users and deployment users (FACTS §3.4, §3.7).
export const DEPLOYMENT_ADD_USER = cli('DeploymentUserAddRequest');
export const DEPLOYMENT_REMOVE_USER = cli('DeploymentUserDeleteRequest');
export const DEPLOYMENT_UPDATE_USER = cli('DeploymentUserUpdateRequest');
export const DEPLOYMENT_USERS = cli('DeploymentUserListRequest');
export const PAGINATED_WORKSPACE_USERS = cli('WorkspacePaginatedGetUsersRequest');
export const WORKSPACE_ADD_USER = cli('WorkspaceUserAddRequest');
export const WORKSPACE_REMOVE_USER = cli('WorkspaceUserRemoveRequest');
export const WORKSPACE_UPSERT_USER_ROLE = cli('WorkspaceUserUpdateRequest');
export const WORKSPACE_USERS = cli('WorkspaceGetUsersRequest');

// Service accounts (FACTS §3.9).
export const CREATE_DEPLOYMENT_SA = cli('CreateDeploymentServiceAccountRequest');
export const CREATE_WORKSPACE_SA = cli('CreateWorkspaceServiceAccountRequest');
export const DELETE_DEPLOYMENT_SA = cli('DeploymentServiceAccountDeleteRequest');
export const DELETE_WORKSPACE_SA = cli('WorkspaceServiceAccountDeleteRequest');
export const LIST_DEPLOYMENT_SAS = cli('DeploymentServiceAccountsGetRequest');
export const LIST_WORKSPACE_SAS = cli('WorkspaceServiceAccountsGetRequest');

// Every operation the gateway may send to Houston: the schema detector picks a variant of each for
// the connected Houston, and the contract tests check each variant against every emulated line.
import type { AnyOperation } from '../operation.js';
import { ListClusters } from '../definitions/list-clusters.js';
import { DeployDeploymentImage } from '../definitions/deploy-image.js';
import { ListDeploymentsPage } from '../definitions/list-deployments-page.js';
import { ListNamespaces } from '../definitions/list-namespaces.js';
import { AddDeploymentTeam, ListDeploymentTeams, RemoveDeploymentTeam, UpdateDeploymentTeamRole } from '../definitions/deployment-teams.js';
import { AddTeamSystemRole, GetTeam, ListTeams, ListTeamUsers, RemoveTeamSystemRole } from '../definitions/teams.js';
import { AddWorkspaceTeam, ListWorkspaceTeams, RemoveWorkspaceTeam, UpdateWorkspaceTeamRole } from '../definitions/workspace-teams.js';
import { CancelDeploymentRuntimeUpgrade, ListRuntimeReleases, UpgradeDeploymentRuntime } from '../definitions/runtime.js';
import { AddDeploymentUser, ListDeploymentUsers, RemoveDeploymentUser, UpdateDeploymentUser } from './deployment-users.js';
import {
  CreateDeployment,
  DeleteDeployment,
  GetDeployment,
  GetDeploymentVariables,
  ListWorkspaceDeployments,
  UpdateDeployment,
  UpdateDeploymentVariables,
} from './deployments.js';
import { GetDeploymentLogs } from './logs.js';
import { AppConfig, CreateSystemRoleBinding, SearchUsers } from './platform-and-users.js';
import { CreateSystemServiceAccount, DeploymentServiceAccounts, WorkspaceServiceAccounts } from './service-accounts.js';
import { AddWorkspaceUser, ListWorkspaceUsers, ListWorkspaceUsersPage, RemoveWorkspaceUser, UpdateWorkspaceUserRole } from './workspace-users.js';
import { CreateWorkspace, DeleteWorkspace, GetWorkspace, ListWorkspaces, ListWorkspacesPage, UpdateWorkspace } from './workspaces.js';

export const HOUSTON_OPERATIONS: readonly AnyOperation[] = [
  AppConfig,
  ListClusters,
  ListRuntimeReleases,
  ListNamespaces,
  UpgradeDeploymentRuntime,
  CancelDeploymentRuntimeUpgrade,
  DeployDeploymentImage,
  ListTeams,
  GetTeam,
  ListTeamUsers,
  AddTeamSystemRole,
  RemoveTeamSystemRole,
  ListWorkspaceTeams,
  AddWorkspaceTeam,
  UpdateWorkspaceTeamRole,
  RemoveWorkspaceTeam,
  ListDeploymentTeams,
  AddDeploymentTeam,
  UpdateDeploymentTeamRole,
  RemoveDeploymentTeam,
  ListWorkspaces,
  ListWorkspacesPage,
  GetWorkspace,
  CreateWorkspace,
  UpdateWorkspace,
  DeleteWorkspace,
  ListWorkspaceDeployments,
  ListDeploymentsPage,
  GetDeployment,
  CreateDeployment,
  UpdateDeployment,
  DeleteDeployment,
  GetDeploymentVariables,
  UpdateDeploymentVariables,
  GetDeploymentLogs,
  ListWorkspaceUsers,
  ListWorkspaceUsersPage,
  AddWorkspaceUser,
  UpdateWorkspaceUserRole,
  RemoveWorkspaceUser,
  ListDeploymentUsers,
  AddDeploymentUser,
  UpdateDeploymentUser,
  RemoveDeploymentUser,
  ...Object.values(WorkspaceServiceAccounts),
  ...Object.values(DeploymentServiceAccounts),
  SearchUsers,
  CreateSystemServiceAccount,
  CreateSystemRoleBinding,
];

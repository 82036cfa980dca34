// Every operation the gateway may send to Houston: the schema detector picks a variant of each for
// the connected Houston, and the contract tests check each variant against every emulated line.
import type { AnyOperation } from '../operation.js';
import { ListClusters } from '../definitions/list-clusters.js';
import { DeployDeploymentImage } from '../definitions/deploy-image.js';
import { ListWorkspaceTeams } from '../definitions/probes.js';
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
import { AppConfig, CreateSystemRoleBinding, SearchUsers } from './platform-and-users.js';
import { CreateSystemServiceAccount, DeploymentServiceAccounts, WorkspaceServiceAccounts } from './service-accounts.js';
import { AddWorkspaceUser, ListWorkspaceUsers, RemoveWorkspaceUser, UpdateWorkspaceUserRole } from './workspace-users.js';
import { CreateWorkspace, DeleteWorkspace, GetWorkspace, ListWorkspaces, UpdateWorkspace } from './workspaces.js';

export const HOUSTON_OPERATIONS: readonly AnyOperation[] = [
  AppConfig,
  ListClusters,
  ListRuntimeReleases,
  UpgradeDeploymentRuntime,
  CancelDeploymentRuntimeUpgrade,
  DeployDeploymentImage,
  ListWorkspaceTeams,
  ListWorkspaces,
  GetWorkspace,
  CreateWorkspace,
  UpdateWorkspace,
  DeleteWorkspace,
  ListWorkspaceDeployments,
  GetDeployment,
  CreateDeployment,
  UpdateDeployment,
  DeleteDeployment,
  GetDeploymentVariables,
  UpdateDeploymentVariables,
  ListWorkspaceUsers,
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

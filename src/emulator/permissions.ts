// Role-based access like Houston's: each operation needs one action on a target (the system,
// a workspace or a deployment), and a role binding grants a fixed set of actions on its scope.
// Workspace roles reach every deployment of their workspace (Houston synthesises DEPLOYMENT_*
// bindings for them). Pure: the caller supplies the grants.
import type { Role } from './model.js';

export const ACTIONS = [
  'system.read', // users, sysWorkspaces, teams, every workspace and deployment read
  'system.iam', // system service accounts, system role bindings, removeUser, verifyEmail
  'system.clusters.get', // cluster(id), from 1.0: System Admin only (2.x docs)
  'workspace.create',
  'workspace.read',
  'workspace.update',
  'workspace.delete',
  'workspace.iam', // add/remove users and teams, change their roles
  'workspace.serviceAccounts.manage',
  'workspace.deployments.create',
  'deployment.read', // details, users, teams, service accounts, env vars, logs
  'deployment.update', // config, env vars, Airflow/Runtime upgrades, image
  'deployment.delete',
  'deployment.iam',
  'deployment.serviceAccounts.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

const READS: Action[] = ['system.read', 'workspace.read', 'deployment.read'];
const WORKSPACE_VIEWER: Action[] = ['workspace.read', 'deployment.read'];
const WORKSPACE_EDITOR: Action[] = [
  ...WORKSPACE_VIEWER,
  'workspace.deployments.create',
  'workspace.serviceAccounts.manage',
  'deployment.update',
  'deployment.delete',
];
const DEPLOYMENT_EDITOR: Action[] = ['deployment.read', 'deployment.update'];

/** What each role allows within its scope (system roles: everywhere). */
export const ROLE_ACTIONS: Readonly<Record<Role, ReadonlySet<Action>>> = {
  SYSTEM_ADMIN: new Set(ACTIONS),
  SYSTEM_EDITOR: new Set([...READS, 'workspace.create', 'workspace.update', 'deployment.update']),
  SYSTEM_VIEWER: new Set(READS),
  WORKSPACE_ADMIN: new Set([
    ...WORKSPACE_EDITOR,
    'workspace.update',
    'workspace.delete',
    'workspace.iam',
    'deployment.iam',
    'deployment.serviceAccounts.manage',
  ]),
  WORKSPACE_EDITOR: new Set(WORKSPACE_EDITOR),
  WORKSPACE_VIEWER: new Set(WORKSPACE_VIEWER),
  DEPLOYMENT_ADMIN: new Set([...DEPLOYMENT_EDITOR, 'deployment.delete', 'deployment.iam', 'deployment.serviceAccounts.manage']),
  DEPLOYMENT_EDITOR: new Set(DEPLOYMENT_EDITOR),
  DEPLOYMENT_VIEWER: new Set(['deployment.read']),
};

/** One role binding as far as permissions care. */
export interface Grant {
  role: Role;
  workspaceId?: string | null;
  deploymentId?: string | null;
}

/** What an operation acts on; a deployment target carries its workspace (absent when unknown). */
export interface Target {
  workspaceId?: string | null;
  deploymentId?: string | null;
}

function grantReaches(grant: Grant, target: Target): boolean {
  if (grant.role.startsWith('SYSTEM_')) return true;
  if (grant.role.startsWith('WORKSPACE_')) return !!target.workspaceId && grant.workspaceId === target.workspaceId;
  return !!target.deploymentId && grant.deploymentId === target.deploymentId;
}

export function isAllowed(grants: readonly Grant[], action: Action, target: Target = {}): boolean {
  return grants.some((grant) => grantReaches(grant, target) && ROLE_ACTIONS[grant.role].has(action));
}

// Teams' roles on workspaces and deployments.
import { authorize, deploymentTarget, workspaceTarget, type EmulatorContext } from '../context.js';
import * as errors from '../errors.js';
import type { Role, TeamRecord } from '../model.js';
import {
  applyDeploymentGrants,
  deploymentGrants,
  existingWorkspace,
  removeFromWorkspace,
  requireRoleScope,
  type DeploymentRoleInput,
} from './memberships.js';
import { existingTeam } from './teams.js';

type Ctx = EmulatorContext;

function teamsBound(ctx: Ctx, match: (b: { workspaceId: string | null; deploymentId: string | null }) => boolean): TeamRecord[] {
  const ids = new Set(ctx.store.bindingsWhere((b) => b.teamId !== null && match(b)).map((b) => b.teamId));
  return [...ctx.store.teams.values()].filter((t) => ids.has(t.id));
}

function workspaceTeams(_: unknown, args: { workspaceUuid: string | null }, ctx: Ctx) {
  authorize(ctx, 'workspace.read', workspaceTarget(args.workspaceUuid));
  return args.workspaceUuid ? teamsBound(ctx, (b) => b.workspaceId === args.workspaceUuid) : [];
}

interface WorkspaceTeamArgs {
  workspaceUuid: string | null;
  teamUuid: string | null;
}

function workspaceBinding(ctx: Ctx, args: WorkspaceTeamArgs) {
  authorize(ctx, 'workspace.iam', workspaceTarget(args.workspaceUuid));
  const workspace = existingWorkspace(ctx, args.workspaceUuid);
  const team = existingTeam(ctx, args.teamUuid);
  const binding = ctx.store.bindingsWhere((b) => b.teamId === team.id && b.workspaceId === workspace.id)[0];
  return { workspace, team, binding };
}

function workspaceAddTeam(
  _: unknown,
  args: WorkspaceTeamArgs & { role: Role; deploymentRoles?: (DeploymentRoleInput | null)[] | null },
  ctx: Ctx,
) {
  const { workspace, team, binding } = workspaceBinding(ctx, args);
  requireRoleScope(args.role, 'WORKSPACE');
  const grants = deploymentGrants(ctx, workspace.id, args.deploymentRoles);
  if (binding) throw errors.teamAlreadyInWorkspace();
  ctx.store.addBinding(args.role, { teamId: team.id }, { workspaceId: workspace.id }, ctx.now);
  applyDeploymentGrants(ctx, { teamId: team.id }, grants);
  return workspace;
}

function workspaceRemoveTeam(_: unknown, args: WorkspaceTeamArgs, ctx: Ctx) {
  const { workspace, team, binding } = workspaceBinding(ctx, args);
  if (!binding) throw errors.notFound();
  removeFromWorkspace(ctx, { teamId: team.id }, workspace.id);
  return workspace;
}

function workspaceUpdateTeamRole(_: unknown, args: WorkspaceTeamArgs & { role: Role }, ctx: Ctx) {
  const { binding } = workspaceBinding(ctx, args);
  requireRoleScope(args.role, 'WORKSPACE');
  if (!binding) throw errors.notFound();
  binding.role = args.role;
  binding.updatedAt = ctx.now;
  return args.role;
}

function deploymentTeams(_: unknown, args: { deploymentUuid: string | null }, ctx: Ctx) {
  authorize(ctx, 'deployment.read', deploymentTarget(ctx, args.deploymentUuid));
  return args.deploymentUuid ? teamsBound(ctx, (b) => b.deploymentId === args.deploymentUuid) : [];
}

interface DeploymentTeamArgs {
  deploymentUuid: string | null;
  teamUuid: string | null;
}

function deploymentBinding(ctx: Ctx, args: DeploymentTeamArgs) {
  authorize(ctx, 'deployment.iam', deploymentTarget(ctx, args.deploymentUuid));
  const deployment = args.deploymentUuid ? ctx.store.deployments.get(args.deploymentUuid) : undefined;
  if (!deployment) throw errors.notFound();
  const team = existingTeam(ctx, args.teamUuid);
  const binding = ctx.store.bindingsWhere((b) => b.teamId === team.id && b.deploymentId === deployment.id)[0];
  return { deployment, team, binding };
}

function deploymentAddTeamRole(_: unknown, args: DeploymentTeamArgs & { role: Role }, ctx: Ctx) {
  const { deployment, team, binding } = deploymentBinding(ctx, args);
  requireRoleScope(args.role, 'DEPLOYMENT');
  if (binding) throw errors.duplicateRoleBinding();
  return ctx.store.addBinding(args.role, { teamId: team.id }, { deploymentId: deployment.id }, ctx.now);
}

function deploymentUpdateTeamRole(_: unknown, args: DeploymentTeamArgs & { role: Role }, ctx: Ctx) {
  const { binding } = deploymentBinding(ctx, args);
  requireRoleScope(args.role, 'DEPLOYMENT');
  if (!binding) throw errors.notFound();
  binding.role = args.role;
  binding.updatedAt = ctx.now;
  return binding;
}

function deploymentRemoveTeamRole(_: unknown, args: DeploymentTeamArgs, ctx: Ctx) {
  const { binding } = deploymentBinding(ctx, args);
  if (!binding) throw errors.notFound();
  ctx.store.roleBindings.delete(binding.id);
  return binding;
}

export const teamRoleQueries = { workspaceTeams, deploymentTeams };
export const teamRoleMutations = {
  workspaceAddTeam,
  workspaceRemoveTeam,
  workspaceUpdateTeamRole,
  deploymentAddTeamRole,
  deploymentUpdateTeamRole,
  deploymentRemoveTeamRole,
};

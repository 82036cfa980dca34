// Workspace membership of users: list, add (or invite), change role, remove.
import { randomBytes } from 'node:crypto';
import { createUserRecord } from '../accounts.js';
import { authorize, workspaceTarget, type EmulatorContext } from '../context.js';
import * as errors from '../errors.js';
import { newId } from '../ids.js';
import type { Role, UserRecord } from '../model.js';
import { cursorPage } from '../paging.js';
import { usersBoundTo } from './types.js';
import { matchesUserSearch } from './users.js';
import {
  applyDeploymentGrants,
  deploymentGrants,
  existingWorkspace,
  removeFromWorkspace,
  requireRoleScope,
  type DeploymentRoleInput,
} from './memberships.js';

type Ctx = EmulatorContext;
type Search = Parameters<typeof matchesUserSearch>[1];

function members(ctx: Ctx, workspaceId: string | null): UserRecord[] {
  authorize(ctx, 'workspace.read', workspaceTarget(workspaceId));
  return workspaceId ? usersBoundTo(ctx, (b) => b.workspaceId === workspaceId) : [];
}

function workspaceUsers(_: unknown, args: { workspaceUuid: string | null; user?: Search }, ctx: Ctx) {
  return members(ctx, args.workspaceUuid).filter((user) => matchesUserSearch(user, args.user));
}

function paginatedWorkspaceUsers(
  _: unknown,
  args: { workspaceUuid: string | null; cursor?: string | null; take?: number | null },
  ctx: Ctx,
) {
  return cursorPage(members(ctx, args.workspaceUuid), args.cursor, args.take);
}

function workspaceUser(_: unknown, args: { workspaceUuid: string | null; user?: Search }, ctx: Ctx) {
  return members(ctx, args.workspaceUuid).find((user) => matchesUserSearch(user, args.user)) ?? null;
}

interface AddUserArgs {
  workspaceUuid?: string | null;
  email: string;
  role: Role;
  bypassInvite?: boolean | null;
  deploymentRoles?: (DeploymentRoleInput | null)[] | null;
}

function workspaceAddUser(_: unknown, args: AddUserArgs, ctx: Ctx) {
  authorize(ctx, 'workspace.iam', workspaceTarget(args.workspaceUuid));
  if (!args.workspaceUuid) throw errors.missingArgument('workspaceUuid');
  const workspace = existingWorkspace(ctx, args.workspaceUuid);
  requireRoleScope(args.role, 'WORKSPACE');
  const grants = deploymentGrants(ctx, workspace.id, args.deploymentRoles);
  const email = args.email.trim().toLowerCase();
  let user = ctx.store.userByEmail(email);
  if (user && ctx.store.bindingsWhere((b) => b.userId === user?.id && b.workspaceId === workspace.id).length > 0) {
    throw errors.userAlreadyInWorkspace();
  }
  if (!user && !args.bypassInvite) {
    const invited = [...ctx.store.invites.values()].some((i) => i.email === email && i.workspaceId === workspace.id);
    if (invited) throw errors.userAlreadyInvited();
    const token = randomBytes(9).toString('base64url');
    const invite = { id: newId(), email, role: args.role, workspaceId: workspace.id, token, deploymentRoles: grants };
    ctx.store.invites.set(invite.id, { ...invite, createdAt: ctx.now, updatedAt: ctx.now });
    return workspace;
  }
  // bypassInvite adds an unknown email as an active user straight away (no invitation email).
  user ??= createUserRecord(ctx.store, { email }, ctx.now);
  ctx.store.addBinding(args.role, { userId: user.id }, { workspaceId: workspace.id }, ctx.now);
  applyDeploymentGrants(ctx, { userId: user.id }, grants);
  return workspace;
}

function workspaceRemoveUser(_: unknown, args: { workspaceUuid: string | null; userUuid: string | null }, ctx: Ctx) {
  authorize(ctx, 'workspace.iam', workspaceTarget(args.workspaceUuid));
  const workspace = existingWorkspace(ctx, args.workspaceUuid);
  const userId = args.userUuid;
  if (!userId || ctx.store.bindingsWhere((b) => b.userId === userId && b.workspaceId === workspace.id).length === 0) {
    throw errors.notFound();
  }
  removeFromWorkspace(ctx, { userId }, workspace.id);
  return workspace;
}

function workspaceUpsertUserRole(_: unknown, args: { workspaceUuid: string | null; email: string; role: Role }, ctx: Ctx) {
  authorize(ctx, 'workspace.iam', workspaceTarget(args.workspaceUuid));
  const workspace = existingWorkspace(ctx, args.workspaceUuid);
  requireRoleScope(args.role, 'WORKSPACE');
  const user = ctx.store.userByEmail(args.email);
  if (!user) throw errors.notFound();
  const binding = ctx.store.bindingsWhere((b) => b.userId === user.id && b.workspaceId === workspace.id)[0];
  if (binding) {
    binding.role = args.role;
    binding.updatedAt = ctx.now;
  } else {
    ctx.store.addBinding(args.role, { userId: user.id }, { workspaceId: workspace.id }, ctx.now);
  }
  return args.role;
}

export const workspaceUserQueries = { workspaceUsers, paginatedWorkspaceUsers, workspaceUser };
export const workspaceUserMutations = { workspaceAddUser, workspaceRemoveUser, workspaceUpsertUserRole };

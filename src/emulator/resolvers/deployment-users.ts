// Users' roles on a deployment (the `Id`-typed operations, FACTS §3.4).
import { authorize, deploymentTarget, type EmulatorContext } from '../context.js';
import * as errors from '../errors.js';
import type { DeploymentRecord, Role, RoleBindingRecord, UserRecord } from '../model.js';
import { requireRoleScope } from './memberships.js';
import { usersBoundTo } from './types.js';
import { matchesUserSearch } from './users.js';

type Ctx = EmulatorContext;

function deploymentUsers(_: unknown, args: { deploymentId: string | null; user?: Parameters<typeof matchesUserSearch>[1] }, ctx: Ctx) {
  authorize(ctx, 'deployment.read', deploymentTarget(ctx, args.deploymentId));
  if (!args.deploymentId) return [];
  return usersBoundTo(ctx, (b) => b.deploymentId === args.deploymentId).filter((u) => matchesUserSearch(u, args.user));
}

interface UserRoleArgs {
  userId?: string | null;
  email: string;
  deploymentId: string | null;
}

interface Resolved {
  deployment: DeploymentRecord;
  user: UserRecord;
  binding: RoleBindingRecord | undefined;
}

/** Permission, then the deployment, then the user (by id when it names one, else by email). */
function resolve(ctx: Ctx, args: UserRoleArgs): Resolved {
  authorize(ctx, 'deployment.iam', deploymentTarget(ctx, args.deploymentId));
  const deployment = args.deploymentId ? ctx.store.deployments.get(args.deploymentId) : undefined;
  if (!deployment) throw errors.notFound();
  const user = (args.userId ? ctx.store.users.get(args.userId) : undefined) ?? ctx.store.userByEmail(args.email);
  if (!user) throw errors.notFound();
  const binding = ctx.store.bindingsWhere((b) => b.userId === user.id && b.deploymentId === deployment.id)[0];
  return { deployment, user, binding };
}

function deploymentAddUserRole(_: unknown, args: UserRoleArgs & { role: Role }, ctx: Ctx) {
  const { deployment, user, binding } = resolve(ctx, args);
  requireRoleScope(args.role, 'DEPLOYMENT');
  if (binding) throw errors.duplicateRoleBinding();
  return ctx.store.addBinding(args.role, { userId: user.id }, { deploymentId: deployment.id }, ctx.now);
}

function deploymentUpdateUserRole(_: unknown, args: UserRoleArgs & { role: Role }, ctx: Ctx) {
  const { binding } = resolve(ctx, args);
  requireRoleScope(args.role, 'DEPLOYMENT');
  if (!binding) throw errors.notFound();
  binding.role = args.role;
  binding.updatedAt = ctx.now;
  return binding;
}

function deploymentRemoveUserRole(_: unknown, args: UserRoleArgs, ctx: Ctx) {
  const { binding } = resolve(ctx, args);
  if (!binding) throw errors.notFound();
  ctx.store.roleBindings.delete(binding.id);
  return binding;
}

export const deploymentUserQueries = { deploymentUsers };
export const deploymentUserMutations = { deploymentAddUserRole, deploymentUpdateUserRole, deploymentRemoveUserRole };

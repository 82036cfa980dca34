// Service accounts of a deployment, a workspace or the system. Each holds exactly one role
// binding on its entity; the API key is shown only in the create result.
import { authorize, deploymentTarget, workspaceTarget, type EmulatorContext } from '../context.js';
import * as errors from '../errors.js';
import { newApiKey, newId } from '../ids.js';
import { roleScope, type Role, type RoleScope, type ServiceAccountRecord } from '../model.js';
import type { BindingTarget } from '../store.js';
import { serviceAccountView } from '../views.js';

type Ctx = EmulatorContext;

const ENTITY_NAMES = { SYSTEM: 'system', WORKSPACE: 'workspace', DEPLOYMENT: 'deployment' } as const;

interface CreateArgs {
  label: string;
  category?: string | null;
  role: Role;
}

function create(ctx: Ctx, scope: RoleScope, entityId: string | null, args: CreateArgs) {
  if (roleScope(args.role) !== scope) throw errors.invalidRole(ENTITY_NAMES[scope]);
  const label = args.label.trim();
  if (label === '') throw errors.badInput('Service account label must be a non-empty string');
  const account: ServiceAccountRecord = {
    id: newId(),
    label,
    category: args.category || 'default',
    apiKey: newApiKey(),
    entityType: scope,
    entityId,
    active: true,
    lastUsedAt: null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  ctx.store.serviceAccounts.set(account.id, account);
  let target: BindingTarget = {};
  if (scope === 'WORKSPACE' && entityId) target = { workspaceId: entityId };
  if (scope === 'DEPLOYMENT' && entityId) target = { deploymentId: entityId };
  ctx.store.addBinding(args.role, { serviceAccountId: account.id }, target, ctx.now);
  return serviceAccountView(account, true);
}

function createDeploymentServiceAccount(_: unknown, args: CreateArgs & { deploymentUuid: string | null }, ctx: Ctx) {
  authorize(ctx, 'deployment.serviceAccounts.manage', deploymentTarget(ctx, args.deploymentUuid));
  if (!args.deploymentUuid || !ctx.store.deployments.has(args.deploymentUuid)) throw errors.notFound();
  return create(ctx, 'DEPLOYMENT', args.deploymentUuid, args);
}

function createWorkspaceServiceAccount(_: unknown, args: CreateArgs & { workspaceUuid: string | null }, ctx: Ctx) {
  authorize(ctx, 'workspace.serviceAccounts.manage', workspaceTarget(args.workspaceUuid));
  if (!args.workspaceUuid || !ctx.store.workspaces.has(args.workspaceUuid)) throw errors.notFound();
  return create(ctx, 'WORKSPACE', args.workspaceUuid, args);
}

function createSystemServiceAccount(_: unknown, args: CreateArgs, ctx: Ctx) {
  authorize(ctx, 'system.iam');
  return create(ctx, 'SYSTEM', null, args);
}

/** The account must belong to the named entity; a mismatch is "not found", as for any unknown id. */
function remove(ctx: Ctx, id: string | null, entityId: string | null) {
  const account = id ? ctx.store.serviceAccounts.get(id) : undefined;
  if (!account || account.entityId !== entityId) throw errors.notFound();
  ctx.store.deleteServiceAccount(account.id);
  return serviceAccountView(account);
}

function deleteDeploymentServiceAccount(_: unknown, args: { serviceAccountUuid: string | null; deploymentUuid: string | null }, ctx: Ctx) {
  authorize(ctx, 'deployment.serviceAccounts.manage', deploymentTarget(ctx, args.deploymentUuid));
  return remove(ctx, args.serviceAccountUuid, args.deploymentUuid);
}

function deleteWorkspaceServiceAccount(_: unknown, args: { serviceAccountUuid: string | null; workspaceUuid: string | null }, ctx: Ctx) {
  authorize(ctx, 'workspace.serviceAccounts.manage', workspaceTarget(args.workspaceUuid));
  return remove(ctx, args.serviceAccountUuid, args.workspaceUuid);
}

function deleteSystemServiceAccount(_: unknown, args: { serviceAccountUuid: string | null }, ctx: Ctx) {
  authorize(ctx, 'system.iam');
  return remove(ctx, args.serviceAccountUuid, null);
}

function deploymentServiceAccounts(_: unknown, args: { deploymentUuid: string | null }, ctx: Ctx) {
  authorize(ctx, 'deployment.read', deploymentTarget(ctx, args.deploymentUuid));
  return args.deploymentUuid ? ctx.store.serviceAccountsOf(args.deploymentUuid).map((a) => serviceAccountView(a)) : [];
}

function workspaceServiceAccounts(_: unknown, args: { workspaceUuid: string | null }, ctx: Ctx) {
  authorize(ctx, 'workspace.read', workspaceTarget(args.workspaceUuid));
  return args.workspaceUuid ? ctx.store.serviceAccountsOf(args.workspaceUuid).map((a) => serviceAccountView(a)) : [];
}

export const serviceAccountQueries = { deploymentServiceAccounts, workspaceServiceAccounts };
export const serviceAccountMutations = {
  createDeploymentServiceAccount,
  createWorkspaceServiceAccount,
  createSystemServiceAccount,
  deleteDeploymentServiceAccount,
  deleteWorkspaceServiceAccount,
  deleteSystemServiceAccount,
};

// Shared checks for adding users and teams to workspaces and deployments.
import type { EmulatorContext } from '../context.js';
import * as errors from '../errors.js';
import { roleScope, type Role, type WorkspaceRecord } from '../model.js';
import type { BindingSubject } from '../store.js';

export interface DeploymentRoleInput {
  deploymentId?: string | null;
  role?: Role | null;
}

export interface DeploymentGrant {
  deploymentId: string;
  role: Role;
}

export function requireRoleScope(role: Role, scope: 'WORKSPACE' | 'DEPLOYMENT'): void {
  if (roleScope(role) !== scope) throw errors.invalidRole(scope === 'WORKSPACE' ? 'workspace' : 'deployment');
}

export function existingWorkspace(ctx: EmulatorContext, id: string | null | undefined): WorkspaceRecord {
  const workspace = id ? ctx.store.workspaces.get(id) : undefined;
  if (!workspace) throw errors.notFound();
  return workspace;
}

/** `deploymentRoles` entries must name deployments of this workspace and DEPLOYMENT_* roles. */
export function deploymentGrants(
  ctx: EmulatorContext,
  workspaceId: string,
  inputs: readonly (DeploymentRoleInput | null)[] | null | undefined,
): DeploymentGrant[] {
  const grants: DeploymentGrant[] = [];
  for (const input of inputs ?? []) {
    if (!input) continue;
    if (!input.deploymentId || !input.role) throw errors.badInput('deploymentRoles entries need a deploymentId and a role');
    requireRoleScope(input.role, 'DEPLOYMENT');
    if (ctx.store.deployments.get(input.deploymentId)?.workspaceId !== workspaceId) throw errors.notFound();
    grants.push({ deploymentId: input.deploymentId, role: input.role });
  }
  return grants;
}

/** Creates or updates the subject's binding on each deployment. */
export function applyDeploymentGrants(ctx: EmulatorContext, subject: BindingSubject, grants: readonly DeploymentGrant[]): void {
  for (const grant of grants) {
    const existing = ctx.store.bindingsWhere((b) => b.deploymentId === grant.deploymentId && sameSubject(b, subject))[0];
    if (existing) {
      existing.role = grant.role;
      existing.updatedAt = ctx.now;
    } else {
      ctx.store.addBinding(grant.role, subject, { deploymentId: grant.deploymentId }, ctx.now);
    }
  }
}

export function sameSubject(
  binding: { userId: string | null; serviceAccountId: string | null; teamId: string | null },
  subject: BindingSubject,
): boolean {
  if ('userId' in subject) return binding.userId === subject.userId;
  if ('teamId' in subject) return binding.teamId === subject.teamId;
  return binding.serviceAccountId === subject.serviceAccountId;
}

/** Removes the subject's bindings on a workspace and on every deployment of it. */
export function removeFromWorkspace(ctx: EmulatorContext, subject: BindingSubject, workspaceId: string): void {
  const deploymentIds = new Set(ctx.store.deploymentsOf(workspaceId).map((d) => d.id));
  ctx.store.removeBindingsWhere(
    (b) =>
      sameSubject(b, subject) &&
      (b.workspaceId === workspaceId || (b.deploymentId !== null && deploymentIds.has(b.deploymentId))),
  );
}

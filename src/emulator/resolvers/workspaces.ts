// Workspaces: listing (the caller's, or all for system roles), CRUD.
import { authorize, grantsOf, requirePrincipal, workspaceTarget, type EmulatorContext } from '../context.js';
import * as errors from '../errors.js';
import { newId } from '../ids.js';
import type { WorkspaceRecord } from '../model.js';
import { offsetPage } from '../paging.js';
import { isAllowed } from '../permissions.js';

type Ctx = EmulatorContext;

/**
 * Workspaces the principal holds a workspace role in (Houston reads them off the role bindings).
 * A system service account belongs to no workspace and acts for the whole platform, so it gets
 * them all; users, system admins included, get their own (sysWorkspaces lists everything).
 */
function memberWorkspaces(ctx: Ctx, userId?: string): WorkspaceRecord[] {
  const principal = requirePrincipal(ctx);
  const subject = userId ? ctx.store.users.get(userId) : undefined;
  const grants = grantsOf(ctx.store, subject ? { kind: 'user', user: subject } : principal);
  if (!subject && principal.kind === 'serviceAccount' && isAllowed(grants, 'system.read')) {
    return [...ctx.store.workspaces.values()];
  }
  const ids = new Set(grants.map((grant) => grant.workspaceId).filter((id) => id));
  return [...ctx.store.workspaces.values()].filter((workspace) => ids.has(workspace.id));
}

interface ListArgs {
  userUuid?: string | null;
  workspaceUuid?: string | null;
  label?: string | null;
}

function filtered(items: WorkspaceRecord[], args: ListArgs): WorkspaceRecord[] {
  return items.filter(
    (w) => (!args.workspaceUuid || w.id === args.workspaceUuid) && (!args.label || w.label === args.label),
  );
}

function workspaces(_: unknown, args: ListArgs, ctx: Ctx) {
  const principal = requirePrincipal(ctx);
  const self = principal.kind === 'user' ? principal.user.id : null;
  const other = args.userUuid && args.userUuid !== self ? args.userUuid : undefined;
  if (other) authorize(ctx, 'system.read');
  if (other && !ctx.store.users.has(other)) return [];
  return filtered(memberWorkspaces(ctx, other), args);
}

function sysWorkspaces(_: unknown, args: ListArgs, ctx: Ctx) {
  authorize(ctx, 'system.read');
  return filtered([...ctx.store.workspaces.values()], args);
}

function paginatedWorkspaces(_: unknown, args: { take?: number | null; pageNumber?: number | null }, ctx: Ctx) {
  return offsetPage(memberWorkspaces(ctx), args.take, args.pageNumber);
}

function workspace(_: unknown, args: { workspaceUuid: string | null }, ctx: Ctx) {
  authorize(ctx, 'workspace.read', workspaceTarget(args.workspaceUuid));
  return (args.workspaceUuid ? ctx.store.workspaces.get(args.workspaceUuid) : undefined) ?? null;
}

/** Emulator choice: labels are unique platform-wide, compared case-insensitively. */
function assertLabelFree(ctx: Ctx, label: string, exceptId?: string): void {
  const wanted = label.toLowerCase();
  for (const w of ctx.store.workspaces.values()) {
    if (w.id !== exceptId && w.label.toLowerCase() === wanted) throw errors.duplicateWorkspaceLabel(label);
  }
}

function validLabel(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw errors.badInput('Workspace label must be a non-empty string');
  return value.trim();
}

function createWorkspace(_: unknown, args: { label: string; description?: string | null }, ctx: Ctx) {
  const principal = requirePrincipal(ctx);
  // Every user may create workspaces (Houston's USER role); service accounts only with a system role that writes.
  if (principal.kind === 'serviceAccount' && !isAllowed(grantsOf(ctx.store, principal), 'workspace.create')) {
    throw errors.forbidden();
  }
  const label = validLabel(args.label);
  assertLabelFree(ctx, label);
  const record: WorkspaceRecord = {
    id: newId(),
    label,
    description: args.description ?? null,
    active: true,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  ctx.store.workspaces.set(record.id, record);
  if (principal.kind === 'user') {
    ctx.store.addBinding('WORKSPACE_ADMIN', { userId: principal.user.id }, { workspaceId: record.id }, ctx.now);
  }
  return record;
}

function updateWorkspace(_: unknown, args: { workspaceUuid: string | null; payload: unknown }, ctx: Ctx) {
  authorize(ctx, 'workspace.update', workspaceTarget(args.workspaceUuid));
  const record = args.workspaceUuid ? ctx.store.workspaces.get(args.workspaceUuid) : undefined;
  if (!record) throw errors.notFound();
  const payload: Record<string, unknown> =
    typeof args.payload === 'object' && args.payload !== null ? { ...args.payload } : {};
  if (payload.label !== undefined) {
    const label = validLabel(payload.label);
    assertLabelFree(ctx, label, record.id);
    record.label = label;
  }
  if (payload.description !== undefined) {
    if (payload.description !== null && typeof payload.description !== 'string') {
      throw errors.badInput('Workspace description must be a string');
    }
    record.description = payload.description;
  }
  record.updatedAt = ctx.now;
  return record;
}

function deleteWorkspace(_: unknown, args: { workspaceUuid: string | null }, ctx: Ctx) {
  authorize(ctx, 'workspace.delete', workspaceTarget(args.workspaceUuid));
  const record = args.workspaceUuid ? ctx.store.workspaces.get(args.workspaceUuid) : undefined;
  if (!record) throw errors.notFound();
  if (ctx.store.deploymentsOf(record.id).length > 0) throw errors.workspaceHasDeployments();
  ctx.store.deleteWorkspace(record.id);
  return record;
}

export const workspaceQueries = { workspaces, sysWorkspaces, paginatedWorkspaces, workspace };
export const workspaceMutations = { createWorkspace, updateWorkspace, deleteWorkspace };

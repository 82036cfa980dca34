// Teams (synced from an identity provider in Houston; seeded with emulator.seed.team here):
// lookup, listing, system role bindings.
import { authorize, can, requirePrincipal, workspaceTarget, type EmulatorContext } from '../context.js';
import * as errors from '../errors.js';
import { roleScope, type Role, type TeamRecord } from '../model.js';
import { cursorPage } from '../paging.js';

type Ctx = EmulatorContext;

/** Members and system readers may see a team; with a workspace, readers of that workspace. */
function visibleTeam(ctx: Ctx, teamId: string | null, workspaceId?: string | null): TeamRecord | null {
  const principal = requirePrincipal(ctx);
  const team = teamId ? ctx.store.teams.get(teamId) : undefined;
  if (workspaceId) {
    authorize(ctx, 'workspace.read', workspaceTarget(workspaceId));
    return team ?? null;
  }
  const member = principal.kind === 'user' && team?.memberIds.includes(principal.user.id);
  if (!member && !can(ctx, 'system.read')) throw errors.forbidden();
  return team ?? null;
}

function team(_: unknown, args: { teamUuid: string | null; workspaceUuid?: string | null }, ctx: Ctx) {
  return visibleTeam(ctx, args.teamUuid, args.workspaceUuid);
}

function teamUsers(_: unknown, args: { teamUuid: string | null }, ctx: Ctx) {
  const found = visibleTeam(ctx, args.teamUuid);
  return found ? found.memberIds.map((id) => ctx.store.users.get(id)).filter((user) => user !== undefined) : [];
}

/** `count` is the total, whatever the page: the CLI loops until it has collected `count` teams. */
function paginatedTeams(_: unknown, args: { take?: number | null; cursor?: string | null; workspaceUuid?: string | null }, ctx: Ctx) {
  let teams = [...ctx.store.teams.values()];
  if (args.workspaceUuid) {
    const workspaceId = args.workspaceUuid;
    authorize(ctx, 'workspace.read', workspaceTarget(workspaceId));
    const bound = new Set(ctx.store.bindingsWhere((b) => b.workspaceId === workspaceId).map((b) => b.teamId));
    teams = teams.filter((t) => bound.has(t.id));
  } else {
    authorize(ctx, 'system.read');
  }
  return { count: teams.length, teams: cursorPage(teams, args.cursor, args.take) };
}

function existingTeam(ctx: Ctx, teamId: string | null): TeamRecord {
  const found = teamId ? ctx.store.teams.get(teamId) : undefined;
  if (!found) throw errors.notFound();
  return found;
}

function createTeamSystemRoleBinding(_: unknown, args: { teamUuid: string | null; role: Role }, ctx: Ctx) {
  authorize(ctx, 'system.iam');
  const found = existingTeam(ctx, args.teamUuid);
  if (roleScope(args.role) !== 'SYSTEM') throw errors.badInput('Invalid role');
  if (ctx.store.bindingsWhere((b) => b.teamId === found.id && b.role === args.role).length > 0) throw errors.duplicateRoleBinding();
  return ctx.store.addBinding(args.role, { teamId: found.id }, {}, ctx.now);
}

function deleteTeamSystemRoleBinding(_: unknown, args: { teamUuid: string | null; role: Role }, ctx: Ctx) {
  authorize(ctx, 'system.iam');
  const found = existingTeam(ctx, args.teamUuid);
  const binding = ctx.store.bindingsWhere((b) => b.teamId === found.id && b.role === args.role && roleScope(b.role) === 'SYSTEM')[0];
  if (!binding) throw errors.notFound();
  ctx.store.roleBindings.delete(binding.id);
  return binding;
}

export { existingTeam };
export const teamQueries = { team, teamUsers, paginatedTeams };
export const teamMutations = { createTeamSystemRoleBinding, deleteTeamSystemRoleBinding };

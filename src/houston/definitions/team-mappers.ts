// Houston's Team as the team documents select it, and pure mappers to the REST team resources.
// A team's roles are its role bindings; which one counts where follows the official client
// (FACTS.md §3.10 "Role display", §3.8 GetWorkspaceTeamRole).
import { compact, toIsoTimestamp, type HoustonRoleBinding, type Maybe } from '../mappers.js';
import { DeploymentRoleSchema, SystemRoleSchema, WorkspaceRoleSchema } from '../../schemas/common.js';
import type { DeploymentTeam, Team, TeamWithRoleBindings, WorkspaceTeam } from '../../schemas/teams.js';

/** Teams arrive with Houston 0.28 (FACTS.md §2.3 gates; the command layer gates deployment teams the same). */
export const TEAMS_SINCE = '0.28.0';
/** Team system role bindings arrive with 0.29.2 (FACTS.md §2.3). */
export const TEAM_SYSTEM_ROLES_SINCE = '0.29.2';

export interface HoustonTeam {
  id: string;
  name?: Maybe<string>;
  createdAt?: Maybe<string>;
  roleBindings?: Maybe<Maybe<HoustonRoleBinding>[]>;
}

export type HoustonTeamList = Maybe<Maybe<HoustonTeam>[]>;

/** Every binding with its workspace and deployment, as the list and role mappers read them. */
export const BINDING_FIELDS = 'roleBindings { role workspace { id } deployment { id } }';

/** The first binding whose role is one of `roles` and whose target `matches`; null when none. */
function roleOf<Role extends string>(team: HoustonTeam, roles: readonly Role[], matches: (b: HoustonRoleBinding) => boolean): Role | null {
  const found = compact(team.roleBindings).find((b) => (roles as readonly string[]).includes(b.role ?? '') && matches(b));
  return (found?.role as Role | undefined) ?? null;
}

export function toTeam(raw: HoustonTeam): Team {
  return {
    id: raw.id,
    name: raw.name ?? null,
    systemRole: roleOf(raw, SystemRoleSchema.options, () => true),
    createdAt: toIsoTimestamp(raw.createdAt),
  };
}

export function toTeamWithRoleBindings(raw: HoustonTeam): TeamWithRoleBindings {
  const roleBindings = compact(raw.roleBindings).flatMap((b) =>
    b.role ? [{ role: b.role, workspaceId: b.workspace?.id ?? null, deploymentId: b.deployment?.id ?? null }] : [],
  );
  return { ...toTeam(raw), roleBindings };
}

export function toWorkspaceTeam(raw: HoustonTeam, workspaceId: string): WorkspaceTeam {
  return { id: raw.id, name: raw.name ?? null, role: roleOf(raw, WorkspaceRoleSchema.options, (b) => b.workspace?.id === workspaceId) };
}

export function toDeploymentTeam(raw: HoustonTeam, deploymentId: string): DeploymentTeam {
  return { id: raw.id, name: raw.name ?? null, role: roleOf(raw, DeploymentRoleSchema.options, (b) => b.deployment?.id === deploymentId) };
}

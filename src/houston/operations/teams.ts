// Teams as routes use them: platform-wide, in a workspace, on a deployment (Houston 0.28 and later).
import type {
  DeploymentRole,
  DeploymentTeam,
  SystemRole,
  Team,
  TeamSystemRoleBinding,
  TeamWithRoleBindings,
  WorkspaceRole,
  WorkspaceTeam,
} from '../../schemas/teams.js';
import type { User } from '../../schemas/users.js';
import { AddDeploymentTeam, ListDeploymentTeams, RemoveDeploymentTeam, UpdateDeploymentTeamRole } from '../definitions/deployment-teams.js';
import { toDeploymentTeam, toWorkspaceTeam } from '../definitions/team-mappers.js';
import { AddTeamSystemRole, GetTeam, ListTeams, ListTeamUsers, RemoveTeamSystemRole } from '../definitions/teams.js';
import { AddWorkspaceTeam, ListWorkspaceTeams, RemoveWorkspaceTeam, UpdateWorkspaceTeamRole } from '../definitions/workspace-teams.js';
import { notFound } from '../errors.js';
import type { HoustonSession } from '../session.js';
import { getDeployment } from './deployments.js';
import { getWorkspace } from './workspaces.js';

/** The official client's page size for the full team list (FACTS.md §3.10). */
const TEAMS_PAGE = 20;

/**
 * Walks paginatedTeams as the client does (cursor = the last id, until `count` teams are in hand),
 * but also stops on a page that brings nothing new: the client loops forever when Houston reports
 * more teams than it hands out (FACTS.md §3.10, §10 item 13).
 */
export async function listTeams(houston: HoustonSession): Promise<Team[]> {
  const teams = new Map<string, Team>();
  let cursor = '';
  for (;;) {
    const page = await houston.call(ListTeams, { take: TEAMS_PAGE, cursor });
    const before = teams.size;
    for (const team of page.teams) teams.set(team.id, team);
    const last = page.teams.at(-1);
    if (teams.size >= page.count || teams.size === before || !last) return [...teams.values()];
    cursor = last.id;
  }
}

export const getTeam = (houston: HoustonSession, teamId: string): Promise<TeamWithRoleBindings> => houston.call(GetTeam, teamId);

export async function listTeamUsers(houston: HoustonSession, teamId: string): Promise<User[]> {
  const users = await houston.call(ListTeamUsers, teamId);
  // Houston lists nothing, without an error, for an unknown team: an empty list is checked so it can be a 404.
  if (users.length === 0) await getTeam(houston, teamId);
  return users;
}

export async function addTeamSystemRole(houston: HoustonSession, teamId: string, role: SystemRole): Promise<TeamSystemRoleBinding> {
  const granted = await houston.call(AddTeamSystemRole, { teamId, role });
  return { teamId, role: granted ?? role };
}

export const removeTeamSystemRole = (houston: HoustonSession, teamId: string, role: SystemRole): Promise<void> =>
  houston.call(RemoveTeamSystemRole, { teamId, role });

export async function listWorkspaceTeams(houston: HoustonSession, workspaceId: string): Promise<WorkspaceTeam[]> {
  const teams = (await houston.call(ListWorkspaceTeams, workspaceId)).map((team) => toWorkspaceTeam(team, workspaceId));
  // Houston lists nothing, without an error, for an unknown workspace: an empty list is checked so it can be a 404.
  if (teams.length === 0) await getWorkspace(houston, workspaceId);
  return teams;
}

async function findWorkspaceTeam(houston: HoustonSession, workspaceId: string, teamId: string): Promise<WorkspaceTeam> {
  const team = (await listWorkspaceTeams(houston, workspaceId)).find((t) => t.id === teamId);
  if (!team) throw notFound('ListWorkspaceTeams');
  return team;
}

/** Houston answers with the workspace, so the team is read back from the workspace's list. */
export async function addWorkspaceTeam(houston: HoustonSession, workspaceId: string, teamId: string, role: WorkspaceRole): Promise<WorkspaceTeam> {
  await houston.call(AddWorkspaceTeam, { workspaceId, teamId, role });
  return findWorkspaceTeam(houston, workspaceId, teamId);
}

/** The team must be in the workspace already: Houston's update does not add it. */
export async function updateWorkspaceTeamRole(houston: HoustonSession, workspaceId: string, teamId: string, role: WorkspaceRole): Promise<WorkspaceTeam> {
  const team = await findWorkspaceTeam(houston, workspaceId, teamId);
  const granted = await houston.call(UpdateWorkspaceTeamRole, { workspaceId, teamId, role });
  return { ...team, role: granted ?? role };
}

export const removeWorkspaceTeam = (houston: HoustonSession, workspaceId: string, teamId: string): Promise<void> =>
  houston.call(RemoveWorkspaceTeam, { workspaceId, teamId });

export async function listDeploymentTeams(houston: HoustonSession, deploymentId: string): Promise<DeploymentTeam[]> {
  const teams = (await houston.call(ListDeploymentTeams, deploymentId)).map((team) => toDeploymentTeam(team, deploymentId));
  // Houston lists nothing, without an error, for an unknown deployment: an empty list is checked so it can be a 404.
  if (teams.length === 0) await getDeployment(houston, deploymentId);
  return teams;
}

async function findDeploymentTeam(houston: HoustonSession, deploymentId: string, teamId: string): Promise<DeploymentTeam> {
  const team = (await listDeploymentTeams(houston, deploymentId)).find((t) => t.id === teamId);
  if (!team) throw notFound('ListDeploymentTeams');
  return team;
}

/** Houston's answer is a bare role binding, so the team is read back from the deployment's list. */
export async function addDeploymentTeam(houston: HoustonSession, deploymentId: string, teamId: string, role: DeploymentRole): Promise<DeploymentTeam> {
  await houston.call(AddDeploymentTeam, { deploymentId, teamId, role });
  return findDeploymentTeam(houston, deploymentId, teamId);
}

export async function updateDeploymentTeamRole(houston: HoustonSession, deploymentId: string, teamId: string, role: DeploymentRole): Promise<DeploymentTeam> {
  const team = await findDeploymentTeam(houston, deploymentId, teamId);
  const granted = await houston.call(UpdateDeploymentTeamRole, { deploymentId, teamId, role });
  return { ...team, role: granted ?? role };
}

export const removeDeploymentTeam = (houston: HoustonSession, deploymentId: string, teamId: string): Promise<void> =>
  houston.call(RemoveDeploymentTeam, { deploymentId, teamId });

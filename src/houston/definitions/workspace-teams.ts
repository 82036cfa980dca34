// Teams' roles in a workspace (FACTS.md §3.8; the client's method gate is 0.28). Listing workspace
// teams is what GET /platform reports as the `teams` capability.
import { notFound } from '../errors.js';
import { compact, type Maybe } from '../mappers.js';
import { defineOperation, variant } from '../operation.js';
import type { WorkspaceRole } from '../../schemas/teams.js';
import { BINDING_FIELDS, TEAMS_SINCE, type HoustonTeam, type HoustonTeamList } from './team-mappers.js';

/** Houston's teams of the workspace, each with all its bindings: the caller picks the role held here. */
export const ListWorkspaceTeams = defineOperation<string, HoustonTeam[]>({
  name: 'ListWorkspaceTeams',
  kind: 'query',
  capability: 'teams',
  variants: [
    variant<string, HoustonTeam[], { workspaceTeams: HoustonTeamList }>({
      since: TEAMS_SINCE,
      document: `query ListWorkspaceTeams($workspaceUuid: Uuid!) { workspaceTeams(workspaceUuid: $workspaceUuid) { id name ${BINDING_FIELDS} } }`,
      variables: (workspaceId) => ({ workspaceUuid: workspaceId }),
      result: (data) => compact(data.workspaceTeams),
    }),
  ],
});

type TeamInput = { workspaceId: string; teamId: string };
type RoleInput = TeamInput & { role: WorkspaceRole };
type WorkspaceResult<Field extends string> = Record<Field, Maybe<{ id: string }>>;

/**
 * The client declares `deploymentRoles` with the default `[]` and never sends it (FACTS.md §3.8);
 * so does the gateway, so Houston sees what it sees from the client.
 */
export const AddWorkspaceTeam = defineOperation<RoleInput, void>({
  name: 'AddWorkspaceTeam',
  kind: 'mutation',
  variants: [
    variant<RoleInput, void, WorkspaceResult<'workspaceAddTeam'>>({
      since: TEAMS_SINCE,
      document: `mutation AddWorkspaceTeam($workspaceUuid: Uuid!, $teamUuid: Uuid!, $role: Role!, $deploymentRoles: [DeploymentRoles!] = []) {
        workspaceAddTeam(workspaceUuid: $workspaceUuid, teamUuid: $teamUuid, role: $role, deploymentRoles: $deploymentRoles) { id } }`,
      variables: ({ workspaceId, teamId, role }) => ({ workspaceUuid: workspaceId, teamUuid: teamId, role }),
      result: (data) => {
        if (!data.workspaceAddTeam) throw notFound('AddWorkspaceTeam');
      },
    }),
  ],
});

/** Answers the role now held, as Houston names it (a scalar, FACTS.md §6). */
export const UpdateWorkspaceTeamRole = defineOperation<RoleInput, WorkspaceRole | null>({
  name: 'UpdateWorkspaceTeamRole',
  kind: 'mutation',
  variants: [
    variant<RoleInput, WorkspaceRole | null, { workspaceUpdateTeamRole: Maybe<string> }>({
      since: TEAMS_SINCE,
      document: `mutation UpdateWorkspaceTeamRole($workspaceUuid: Uuid!, $teamUuid: Uuid!, $role: Role!) {
        workspaceUpdateTeamRole(workspaceUuid: $workspaceUuid, teamUuid: $teamUuid, role: $role) }`,
      variables: ({ workspaceId, teamId, role }) => ({ workspaceUuid: workspaceId, teamUuid: teamId, role }),
      result: (data) => (data.workspaceUpdateTeamRole as WorkspaceRole | null | undefined) ?? null,
    }),
  ],
});

export const RemoveWorkspaceTeam = defineOperation<TeamInput, void>({
  name: 'RemoveWorkspaceTeam',
  kind: 'mutation',
  variants: [
    variant<TeamInput, void, WorkspaceResult<'workspaceRemoveTeam'>>({
      since: TEAMS_SINCE,
      document: `mutation RemoveWorkspaceTeam($workspaceUuid: Uuid!, $teamUuid: Uuid!) {
        workspaceRemoveTeam(workspaceUuid: $workspaceUuid, teamUuid: $teamUuid) { id } }`,
      variables: ({ workspaceId, teamId }) => ({ workspaceUuid: workspaceId, teamUuid: teamId }),
      result: (data) => {
        if (!data.workspaceRemoveTeam) throw notFound('RemoveWorkspaceTeam');
      },
    }),
  ],
});

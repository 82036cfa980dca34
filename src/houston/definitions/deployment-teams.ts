// Teams' roles on a deployment (FACTS.md §3.5). The client's methods have no gate, its `astro
// deployment team` commands are gated at 0.28, and 0.28 is where Houston's schema gains them.
import { compact, type Maybe } from '../mappers.js';
import { defineOperation, variant } from '../operation.js';
import type { DeploymentRole } from '../../schemas/teams.js';
import { BINDING_FIELDS, TEAMS_SINCE, type HoustonTeam, type HoustonTeamList } from './team-mappers.js';

/** Houston's teams of the deployment, each with all its bindings: the caller picks the role held here. */
export const ListDeploymentTeams = defineOperation<string, HoustonTeam[]>({
  name: 'ListDeploymentTeams',
  kind: 'query',
  variants: [
    variant<string, HoustonTeam[], { deploymentTeams: HoustonTeamList }>({
      since: TEAMS_SINCE,
      document: `query ListDeploymentTeams($deploymentUuid: Uuid!) { deploymentTeams(deploymentUuid: $deploymentUuid) { id name ${BINDING_FIELDS} } }`,
      variables: (deploymentId) => ({ deploymentUuid: deploymentId }),
      result: (data) => compact(data.deploymentTeams),
    }),
  ],
});

type TeamInput = { deploymentId: string; teamId: string };
type RoleInput = TeamInput & { role: DeploymentRole };
type Binding = Maybe<{ id?: Maybe<string>; role?: Maybe<string> }>;

// The client ignores these mutations' results and tolerates null (FACTS.md §7): Houston's refusals
// arrive as errors, so the gateway reads nothing from them either.
const ignored = (): void => undefined;

/** Declares `$role: Role!` without the client's mismatched `= WORKSPACE_VIEWER` default (FACTS.md §10 item 3). */
export const AddDeploymentTeam = defineOperation<RoleInput, void>({
  name: 'AddDeploymentTeam',
  kind: 'mutation',
  variants: [
    variant<RoleInput, void, { deploymentAddTeamRole: Binding }>({
      since: TEAMS_SINCE,
      document: `mutation AddDeploymentTeam($teamUuid: Uuid!, $deploymentUuid: Uuid!, $role: Role!) {
        deploymentAddTeamRole(teamUuid: $teamUuid, deploymentUuid: $deploymentUuid, role: $role) { id role } }`,
      variables: ({ deploymentId, teamId, role }) => ({ teamUuid: teamId, deploymentUuid: deploymentId, role }),
      result: ignored,
    }),
  ],
});

/** Answers the role now held, when Houston says. */
export const UpdateDeploymentTeamRole = defineOperation<RoleInput, DeploymentRole | null>({
  name: 'UpdateDeploymentTeamRole',
  kind: 'mutation',
  variants: [
    variant<RoleInput, DeploymentRole | null, { deploymentUpdateTeamRole: Binding }>({
      since: TEAMS_SINCE,
      document: `mutation UpdateDeploymentTeamRole($deploymentUuid: Uuid!, $teamUuid: Uuid!, $role: Role!) {
        deploymentUpdateTeamRole(deploymentUuid: $deploymentUuid, teamUuid: $teamUuid, role: $role) { id role } }`,
      variables: ({ deploymentId, teamId, role }) => ({ teamUuid: teamId, deploymentUuid: deploymentId, role }),
      result: (data) => (data.deploymentUpdateTeamRole?.role as DeploymentRole | null | undefined) ?? null,
    }),
  ],
});

export const RemoveDeploymentTeam = defineOperation<TeamInput, void>({
  name: 'RemoveDeploymentTeam',
  kind: 'mutation',
  variants: [
    variant<TeamInput, void, { deploymentRemoveTeamRole: Binding }>({
      since: TEAMS_SINCE,
      document: `mutation RemoveDeploymentTeam($deploymentUuid: Uuid!, $teamUuid: Uuid!) {
        deploymentRemoveTeamRole(deploymentUuid: $deploymentUuid, teamUuid: $teamUuid) { id } }`,
      variables: ({ deploymentId, teamId }) => ({ teamUuid: teamId, deploymentUuid: deploymentId }),
      result: ignored,
    }),
  ],
});

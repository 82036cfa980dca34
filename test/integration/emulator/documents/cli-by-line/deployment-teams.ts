// Deployment teams: the GraphQL documents of the official Houston client, astro-cli
// (github.com/astronomer/astro-cli), file houston/deployment_teams.go at commit
// ed93cc59e54def23d0c404c0a491583179177143 (HEAD of 2026-08-13).
//
// Each text is the client's document passed through graphql-js's print(parse(text)): the same
// operation, variables, arguments and selection, in canonical layout.
//
// The file has no queryList: each document is one text for every version.
//
// A gate is the version below which the client sends the document not at all (FACTS §2.3).
// Variables are an example of what the client sends, undeclared extras included.
import { DEPLOYMENT_ID, TEAM_ID } from './example-ids.js';
import type { ClientDocument } from './types.js';

export const deploymentTeamsDocuments: readonly ClientDocument[] = [
  {
    name: 'DeploymentGetTeamsRequest',
    methods: ['ListDeploymentTeamsAndRoles'],
    gate: { since: '0.28.0', by: 'command', what: '"astro deployment team" in cmdAvailabilityByVersion (cmd/apc/utils.go); the methods have no gate' },
    variables: { deploymentUuid: DEPLOYMENT_ID },
    document: `query deploymentTeams($deploymentUuid: Uuid!) {
  deploymentTeams(deploymentUuid: $deploymentUuid) {
    id
    name
    roleBindings {
      role
      workspace {
        id
        label
      }
      deployment {
        id
        label
      }
    }
  }
}`,
  },
  {
    name: 'DeploymentTeamAddRequest',
    methods: ['AddDeploymentTeam'],
    gate: { since: '0.28.0', by: 'command', what: '"astro deployment team" in cmdAvailabilityByVersion (cmd/apc/utils.go); the methods have no gate' },
    variables: { teamUuid: TEAM_ID, deploymentUuid: DEPLOYMENT_ID, role: 'DEPLOYMENT_VIEWER' },
    document: `mutation deploymentAddTeamRole($teamUuid: Uuid!, $deploymentUuid: Uuid!, $role: Role! = WORKSPACE_VIEWER) {
  deploymentAddTeamRole(
    teamUuid: $teamUuid
    deploymentUuid: $deploymentUuid
    role: $role
  ) {
    id
    role
  }
}`,
  },
  {
    name: 'DeploymentTeamRemoveRequest',
    methods: ['RemoveDeploymentTeam'],
    gate: { since: '0.28.0', by: 'command', what: '"astro deployment team" in cmdAvailabilityByVersion (cmd/apc/utils.go); the methods have no gate' },
    variables: { teamUuid: TEAM_ID, deploymentUuid: DEPLOYMENT_ID },
    document: `mutation deploymentRemoveTeamRole($deploymentUuid: Uuid!, $teamUuid: Uuid!) {
  deploymentRemoveTeamRole(deploymentUuid: $deploymentUuid, teamUuid: $teamUuid) {
    id
  }
}`,
  },
  {
    name: 'DeploymentTeamUpdateRequest',
    methods: ['UpdateDeploymentTeamRole'],
    gate: { since: '0.28.0', by: 'command', what: '"astro deployment team" in cmdAvailabilityByVersion (cmd/apc/utils.go); the methods have no gate' },
    variables: { teamUuid: TEAM_ID, deploymentUuid: DEPLOYMENT_ID, role: 'DEPLOYMENT_EDITOR' },
    document: `mutation deploymentUpdateTeamRole($deploymentUuid: Uuid!, $teamUuid: Uuid!, $role: Role!) {
  deploymentUpdateTeamRole(
    deploymentUuid: $deploymentUuid
    teamUuid: $teamUuid
    role: $role
  ) {
    id
    role
  }
}`,
  },
];

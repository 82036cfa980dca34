// Workspace teams: the GraphQL documents of the official Houston client, astro-cli
// (github.com/astronomer/astro-cli), file houston/workspace_teams.go at commit
// ed93cc59e54def23d0c404c0a491583179177143 (HEAD of 2026-08-13).
//
// Each text is the client's document passed through graphql-js's print(parse(text)): the same
// operation, variables, arguments and selection, in canonical layout.
//
// The file has no queryList: each document is one text for every version.
//
// A gate is the version below which the client sends the document not at all (FACTS §2.3).
// Variables are an example of what the client sends, undeclared extras included.
import { TEAM_ID, WORKSPACE_ID } from './example-ids.js';
import type { ClientDocument } from './types.js';

export const workspaceTeamsDocuments: readonly ClientDocument[] = [
  {
    name: 'WorkspaceTeamAddRequest',
    methods: ['AddWorkspaceTeam'],
    gate: { since: '0.28.0', by: 'method', what: 'houstonAPIAvailabilityByVersion (houston/decorator.go)' },
    variables: { workspaceUuid: WORKSPACE_ID, teamUuid: TEAM_ID, role: 'WORKSPACE_VIEWER' },
    document: `mutation AddWorkspaceTeam($workspaceUuid: Uuid!, $teamUuid: Uuid!, $role: Role! = WORKSPACE_VIEWER, $deploymentRoles: [DeploymentRoles!] = []) {
  workspaceAddTeam(
    workspaceUuid: $workspaceUuid
    teamUuid: $teamUuid
    role: $role
    deploymentRoles: $deploymentRoles
  ) {
    id
    label
    description
    createdAt
    updatedAt
  }
}`,
  },
  {
    name: 'WorkspaceTeamUpdateRequest',
    methods: ['UpdateWorkspaceTeamRole'],
    gate: { since: '0.28.0', by: 'method', what: 'houstonAPIAvailabilityByVersion (houston/decorator.go)' },
    variables: { workspaceUuid: WORKSPACE_ID, teamUuid: TEAM_ID, role: 'WORKSPACE_EDITOR' },
    document: `mutation workspaceUpdateTeamRole($workspaceUuid: Uuid!, $teamUuid: Uuid!, $role: Role!) {
  workspaceUpdateTeamRole(
    workspaceUuid: $workspaceUuid
    teamUuid: $teamUuid
    role: $role
  )
}`,
  },
  {
    name: 'WorkspaceTeamRemoveRequest',
    methods: ['DeleteWorkspaceTeam'],
    gate: { since: '0.28.0', by: 'method', what: 'houstonAPIAvailabilityByVersion (houston/decorator.go)' },
    variables: { workspaceUuid: WORKSPACE_ID, teamUuid: TEAM_ID },
    document: `mutation workspaceRemoveTeam($workspaceUuid: Uuid!, $teamUuid: Uuid!) {
  workspaceRemoveTeam(workspaceUuid: $workspaceUuid, teamUuid: $teamUuid) {
    id
    label
  }
}`,
  },
  {
    name: 'WorkspaceGetTeamsRequest',
    methods: ['ListWorkspaceTeamsAndRoles'],
    gate: { since: '0.28.0', by: 'method', what: 'houstonAPIAvailabilityByVersion (houston/decorator.go)' },
    variables: { workspaceUuid: WORKSPACE_ID },
    document: `query workspaceGetTeams($workspaceUuid: Uuid!) {
  workspaceTeams(workspaceUuid: $workspaceUuid) {
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
];

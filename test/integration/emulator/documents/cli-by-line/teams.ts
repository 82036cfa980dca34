// Teams: the GraphQL documents of the official Houston client, astro-cli
// (github.com/astronomer/astro-cli), file houston/teams.go at commit
// ed93cc59e54def23d0c404c0a491583179177143 (HEAD of 2026-08-13).
//
// Each text is the client's document passed through graphql-js's print(parse(text)): the same
// operation, variables, arguments and selection, in canonical layout.
//
// The file has no queryList: each document is one text for every version.
//
// A gate is the version below which the client sends the document not at all (FACTS §2.3).
// Variables are an example of what the client sends, undeclared extras included.
import { TEAM_ID } from './example-ids.js';
import type { ClientDocument } from './types.js';

export const teamsDocuments: readonly ClientDocument[] = [
  {
    name: 'TeamGetRequest',
    methods: ['GetTeam', 'GetWorkspaceTeamRole'],
    gate: { since: '0.28.0', by: 'method', what: 'houstonAPIAvailabilityByVersion (houston/decorator.go)' },
    variables: { teamUuid: TEAM_ID },
    document: `query team($teamUuid: Uuid!, $workspaceUuid: Uuid) {
  team(teamUuid: $teamUuid, workspaceUuid: $workspaceUuid) {
    name
    id
    createdAt
    roleBindings {
      id
      role
      workspace {
        id
        label
      }
      deployment {
        id
        label
        releaseName
      }
    }
  }
}`,
  },
  {
    name: 'TeamGetUsersRequest',
    methods: ['GetTeamUsers'],
    gate: { since: '0.28.0', by: 'method', what: 'houstonAPIAvailabilityByVersion (houston/decorator.go)' },
    variables: { teamUuid: TEAM_ID },
    document: `query GetTeamUsers($teamUuid: Uuid!) {
  teamUsers(teamUuid: $teamUuid) {
    username
    id
    emails {
      address
      verified
      primary
    }
    status
  }
}`,
  },
  {
    name: 'PaginatedTeamsRequest',
    methods: ['ListTeams'],
    gate: { since: '0.28.0', by: 'method', what: 'houstonAPIAvailabilityByVersion (houston/decorator.go)' },
    variables: { cursor: '', take: 20 },
    document: `query paginatedTeams($take: Int, $cursor: Uuid, $workspaceUuid: Uuid) {
  paginatedTeams(take: $take, cursor: $cursor, workspaceUuid: $workspaceUuid) {
    count
    teams {
      id
      name
      roleBindings {
        role
      }
    }
  }
}`,
  },
  {
    name: 'CreateTeamSystemRoleBindingMutation',
    methods: ['CreateTeamSystemRoleBinding'],
    gate: { since: '0.29.2', by: 'method', what: 'houstonAPIAvailabilityByVersion (houston/decorator.go)' },
    variables: { teamUuid: TEAM_ID, role: 'SYSTEM_VIEWER' },
    document: `mutation createTeamSystemRoleBinding($teamUuid: Uuid!, $role: Role!) {
  createTeamSystemRoleBinding(teamUuid: $teamUuid, role: $role) {
    role
  }
}`,
  },
  {
    name: 'DeleteTeamSystemRoleBindingMutation',
    methods: ['DeleteTeamSystemRoleBinding'],
    gate: { since: '0.29.2', by: 'method', what: 'houstonAPIAvailabilityByVersion (houston/decorator.go)' },
    variables: { teamUuid: TEAM_ID, role: 'SYSTEM_VIEWER' },
    document: `mutation deleteTeamSystemRoleBinding($teamUuid: Uuid!, $role: Role!) {
  deleteTeamSystemRoleBinding(teamUuid: $teamUuid, role: $role) {
    role
  }
}`,
  },
];

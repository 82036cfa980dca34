// Teams platform-wide (FACTS.md §3.10): listing, one team with its role bindings, its members, and
// its system roles. The official client gates these by method from 0.28, system roles from 0.29.2.
import { notFound } from '../errors.js';
import { compact, toUser, type HoustonUser, type Maybe } from '../mappers.js';
import { defineOperation, variant } from '../operation.js';
import { USER_FIELDS } from '../operations/user-fields.js';
import type { SystemRole, Team, TeamWithRoleBindings } from '../../schemas/teams.js';
import type { User } from '../../schemas/users.js';
import {
  BINDING_FIELDS,
  TEAM_SYSTEM_ROLES_SINCE,
  TEAMS_SINCE,
  toTeam,
  toTeamWithRoleBindings,
  type HoustonTeam,
  type HoustonTeamList,
} from './team-mappers.js';

/** One page of teams: `count` is the total over all pages (FACTS.md §3.10, §10 item 13). */
export type TeamsPage = { count: number; teams: Team[] };
type PageInput = { take: number; cursor: string };

export const ListTeams = defineOperation<PageInput, TeamsPage>({
  name: 'ListTeams',
  kind: 'query',
  variants: [
    variant<PageInput, TeamsPage, { paginatedTeams: Maybe<{ count?: Maybe<number>; teams?: HoustonTeamList }> }>({
      since: TEAMS_SINCE,
      document: `query ListTeams($take: Int, $cursor: Uuid) {
        paginatedTeams(take: $take, cursor: $cursor) { count teams { id name createdAt roleBindings { role } } } }`,
      variables: ({ take, cursor }) => ({ take, cursor }),
      result: (data) => ({ count: data.paginatedTeams?.count ?? 0, teams: compact(data.paginatedTeams?.teams).map(toTeam) }),
    }),
  ],
});

export const GetTeam = defineOperation<string, TeamWithRoleBindings>({
  name: 'GetTeam',
  kind: 'query',
  variants: [
    variant<string, TeamWithRoleBindings, { team: Maybe<HoustonTeam> }>({
      since: TEAMS_SINCE,
      document: `query GetTeam($teamUuid: Uuid!) { team(teamUuid: $teamUuid) { id name createdAt ${BINDING_FIELDS} } }`,
      variables: (teamId) => ({ teamUuid: teamId }),
      result: (data) => {
        if (!data.team) throw notFound('GetTeam');
        return toTeamWithRoleBindings(data.team);
      },
    }),
  ],
});

export const ListTeamUsers = defineOperation<string, User[]>({
  name: 'ListTeamUsers',
  kind: 'query',
  variants: [
    variant<string, User[], { teamUsers: Maybe<Maybe<HoustonUser>[]> }>({
      since: TEAMS_SINCE,
      document: `query ListTeamUsers($teamUuid: Uuid!) { teamUsers(teamUuid: $teamUuid) { ${USER_FIELDS} } }`,
      variables: (teamId) => ({ teamUuid: teamId }),
      result: (data) => compact(data.teamUsers).map(toUser),
    }),
  ],
});

type SystemRoleInput = { teamId: string; role: SystemRole };
type BindingData<Field extends string> = Record<Field, Maybe<{ role?: Maybe<string> }>>;

/** Answers the role granted, as Houston names it. */
export const AddTeamSystemRole = defineOperation<SystemRoleInput, SystemRole | null>({
  name: 'AddTeamSystemRole',
  kind: 'mutation',
  variants: [
    variant<SystemRoleInput, SystemRole | null, BindingData<'createTeamSystemRoleBinding'>>({
      since: TEAM_SYSTEM_ROLES_SINCE,
      document: `mutation AddTeamSystemRole($teamUuid: Uuid!, $role: Role!) {
        createTeamSystemRoleBinding(teamUuid: $teamUuid, role: $role) { role } }`,
      variables: ({ teamId, role }) => ({ teamUuid: teamId, role }),
      result: (data) => {
        if (!data.createTeamSystemRoleBinding) throw notFound('AddTeamSystemRole');
        return (data.createTeamSystemRoleBinding.role as SystemRole | null | undefined) ?? null;
      },
    }),
  ],
});

export const RemoveTeamSystemRole = defineOperation<SystemRoleInput, void>({
  name: 'RemoveTeamSystemRole',
  kind: 'mutation',
  variants: [
    variant<SystemRoleInput, void, BindingData<'deleteTeamSystemRoleBinding'>>({
      since: TEAM_SYSTEM_ROLES_SINCE,
      document: `mutation RemoveTeamSystemRole($teamUuid: Uuid!, $role: Role!) {
        deleteTeamSystemRoleBinding(teamUuid: $teamUuid, role: $role) { role } }`,
      variables: ({ teamId, role }) => ({ teamUuid: teamId, role }),
      result: (data) => {
        if (!data.deleteTeamSystemRoleBinding) throw notFound('RemoveTeamSystemRole');
      },
    }),
  ],
});

// Houston 0.28 (0.28.0–0.28.x): triggerer, feature flags and teams (FACTS §2.4, §3.5, §3.8, §3.10).
import { defineLine } from '../define-line.js';

export default defineLine({
  since: '0.28.0',
  label: '0.28',
  add: /* GraphQL */ `
    "The triggerer argument's input type; its name is unknown (the client sends a literal object)."
    input Triggerer { replicas: Int resources: JSON }
    # Output form of the triggerer setting: inferred, no client selects it.
    type DeploymentTriggerer { replicas: Int }

    type Team {
      id: ID!
      uuid: Uuid
      name: String
      description: String
      users: [User]
      roleBindings: [RoleBinding!]
      createdAt: DateTime
      updatedAt: DateTime
    }

    type ListTeamsResp { count: Int! teams: [Team!]! }

    extend type AppConfig {
      triggererEnabled: Boolean
      featureFlags: JSON
    }

    extend type RoleBinding { team: Team }
    extend type Deployment { triggerer: DeploymentTriggerer }

    extend type Query {
      workspaceTeams(workspaceUuid: Uuid!): [Team]
      deploymentTeams(deploymentUuid: Uuid!): [Team]
      team(teamUuid: Uuid!, workspaceUuid: Uuid): Team
      teamUsers(teamUuid: Uuid!): [User]
      paginatedTeams(take: Int, cursor: Uuid, workspaceUuid: Uuid): ListTeamsResp
    }

    extend type Mutation {
      workspaceAddTeam(workspaceUuid: Uuid!, teamUuid: Uuid!, role: Role! = WORKSPACE_VIEWER, deploymentRoles: [DeploymentRoles]): Workspace
      workspaceRemoveTeam(workspaceUuid: Uuid!, teamUuid: Uuid!): Workspace
      workspaceUpdateTeamRole(workspaceUuid: Uuid!, teamUuid: Uuid!, role: Role!): Role
      deploymentAddTeamRole(teamUuid: Uuid!, deploymentUuid: Uuid!, role: Role!): RoleBinding
      deploymentUpdateTeamRole(deploymentUuid: Uuid!, teamUuid: Uuid!, role: Role!): RoleBinding
      deploymentRemoveTeamRole(deploymentUuid: Uuid!, teamUuid: Uuid!): RoleBinding
    }
  `,
  addArguments: {
    'Mutation.createDeployment': 'triggerer: Triggerer',
    'Mutation.updateDeployment': 'triggerer: Triggerer',
    // The docs' upsert takes triggerer too (FACTS §5.4); from 0.28 like the others (inferred).
    'Mutation.upsertDeployment': 'triggerer: Triggerer',
  },
});

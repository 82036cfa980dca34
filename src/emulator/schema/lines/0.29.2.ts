// Houston 0.29.2–0.29.x: BYO registry host, image deploys, team system roles (FACTS §2.3, §2.4).
import { defineLine } from '../define-line.js';

export default defineLine({
  since: '0.29.2',
  label: '0.29.2–0.29.x',
  add: /* GraphQL */ `
    extend type AppConfig { byoUpdateRegistryHost: String }

    extend type Mutation {
      updateDeploymentImage(releaseName: String!, image: String!, airflowVersion: String, runtimeVersion: String): Deployment
      createTeamSystemRoleBinding(teamUuid: Uuid!, role: Role!): RoleBinding
      deleteTeamSystemRoleBinding(teamUuid: Uuid!, role: Role!): RoleBinding
    }
  `,
});

// Houston 2.1 (APC 2.1.0 and up): deployment modes, adoption of operator-managed deployments, and
// image deploys through upsertDeployment (FACTS §2.4, §4.6; astro-cli PR #2134).
import { defineLine } from '../define-line.js';

export default defineLine({
  since: '2.1.0',
  label: '2.1+',
  add: /* GraphQL */ `
    enum AllowedDeploymentModeValues { helm operator }

    # Unverified: the client sends mode but never selects it.
    extend type Deployment { mode: AllowedDeploymentModeValues }

    extend type Mutation {
      adoptDeployment(
        workspaceUuid: Uuid!
        clusterId: Uuid!
        crNamespace: String!
        crName: String!
        label: String
        description: String
        useApcLogging: Boolean
        useApcRegistry: Boolean
        acceptIncompatibilities: Boolean
      ): Deployment
      unadoptDeployment(deploymentUuid: Uuid!): Deployment
    }
  `,
  addArguments: {
    'Mutation.upsertDeployment': 'mode: AllowedDeploymentModeValues',
  },
  features: { imageUpsert: true },
});

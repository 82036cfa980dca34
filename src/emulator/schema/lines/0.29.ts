// Houston 0.29.0–0.29.1: Astro Runtime (FACTS §2.4). Deployments may now be Runtime deployments;
// Astronomer Certified ones (airflowVersion only) remain until 1.0.1.
import { defineLine } from '../define-line.js';

export default defineLine({
  since: '0.29.0',
  label: '0.29.0–0.29.1',
  add: /* GraphQL */ `
    type RuntimeRelease {
      version: String!
      airflowVersion: String
      airflowDatabaseMigrations: Boolean
      channel: String
      releaseDate: String
    }

    type DeploymentDagDeployment {
      type: String
      nfsLocation: String
      repositoryUrl: String
      branchName: String
      rev: String
      dagDirectoryLocation: String
      syncInterval: Int
      syncTimeout: Int
      ephemeralStorage: Int
      "Always null: the SSH key is write-only."
      sshKey: String
      knownHosts: String
    }

    extend type Deployment {
      runtimeVersion: String
      desiredRuntimeVersion: String
      runtimeAirflowVersion: String
      dagDeployment: DeploymentDagDeployment
    }

    extend type DeploymentConfig { runtimeReleases: [RuntimeRelease] }

    extend type Query {
      # clusterId from the start, though clusters arrive at 1.0: astro-cli has one runtimeReleases
      # document for every line from 0.29 (houston/runtime.go, PR #1906) and sends clusterId to all of
      # them, as "" below 1.0 (FACTS §10.5). Unverified for 0.29–0.37; refusing it would break the
      # official client's runtime commands there. Ignored before 1.0.
      runtimeReleases(airflowVersion: String, clusterId: Uuid): [RuntimeRelease]
    }

    extend type Mutation {
      updateDeploymentRuntime(deploymentUuid: Uuid!, desiredRuntimeVersion: String!): Deployment
      cancelRuntimeUpdate(deploymentUuid: Uuid!): Deployment
    }
  `,
  addArguments: {
    'Mutation.createDeployment': 'runtimeVersion: String',
    'Mutation.upsertDeployment': 'runtimeVersion: String, desiredRuntimeVersion: String',
  },
  features: { runtime: true },
});

// Houston 2.0 (APC 2.0.x): appConfig per cluster, workspace or deployment, and cluster status
// (FACTS §2.4, §4.5; VERSIONS §5.9).
import { defineLine } from '../define-line.js';

export default defineLine({
  since: '2.0.0',
  label: '2.0',
  add: /* GraphQL */ `
    # From the 2.x "Manage cluster status" docs. status is a String here (ACTIVE | INACTIVE); the
    # docs' updateCluster example passes it unquoted (status: INACTIVE), so the real type is
    # probably an enum (unverified). The v-1-x docs have the same page, so later 1.x may have it too.
    extend type Cluster {
      status: String
      statusReason: JSON
      healthStatus: JSON
    }
  `,
  addArguments: {
    'Query.appConfig': 'workspaceUuid: Uuid, deploymentUuid: Uuid',
  },
  // Unverified whether real 2.0 removes them: the 2.0 client stops selecting them and astro-cli
  // PR #2080 calls them "deprecated … redundant with featureFlags". Removing them is the harsher
  // choice: a client that still selects one fails here first.
  remove: [
    'AppConfig.manualReleaseNames',
    'AppConfig.configureDagDeployment',
    'AppConfig.nfsMountDagDeployment',
    'AppConfig.manualNamespaceNames',
    'AppConfig.hardDeleteDeployment',
    'AppConfig.triggererEnabled',
  ],
  features: { clusterStatus: true },
});

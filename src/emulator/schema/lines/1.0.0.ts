// Houston 1.0.0 (APC 1.0): clusters, and create/update through upsertDeployment (FACTS §2.4, §4.3;
// VERSIONS §3). Astronomer Certified still exists: the 1.0.0 client still selects airflowVersion.
import { defineLine } from '../define-line.js';

export default defineLine({
  since: '1.0.0',
  label: '1.0.0',
  add: /* GraphQL */ `
    # A GUESS throughout: no client selects clusters, and no 1.x source publishes their shape. The
    # 2.x docs name paginatedClusters (any signed-in user; take plus cursor or pageNumber; filters
    # searchPhrase, k8sVersion, id, sortBy, sortDirection; "a clusters list and a total count") and
    # cluster (system.clusters.get, System Admin). Field names below are unverified.
    type Cluster {
      id: Uuid!
      name: String
      baseDomain: String
      k8sVersion: String
      createdAt: DateTime
      updatedAt: DateTime
    }

    "count is the total of clusters that match, whatever the page (a guess)."
    type PaginatedClusters { clusters: [Cluster] count: Int }

    extend type Deployment { clusterId: Uuid }

    extend type Query {
      paginatedClusters(
        take: Int
        cursor: Uuid
        pageNumber: Int
        searchPhrase: String
        k8sVersion: String
        id: Uuid
        sortBy: String
        sortDirection: String
      ): PaginatedClusters
      cluster(id: Uuid!): Cluster
    }
  `,
  addArguments: {
    'Query.appConfig': 'clusterId: Uuid',
    'Query.availableNamespaces': 'clusterId: Uuid!',
    'Query.paginatedDeployments': 'clusterId: Uuid',
    'Mutation.upsertDeployment': 'clusterId: Uuid',
  },
  // Unverified whether 1.x still has createDeployment and updateDeployment: the official client
  // stopped sending them at 1.0.0 (FACTS §4.3). Removing them is the choice that proves a client
  // never needs them.
  remove: ['Mutation.createDeployment', 'Mutation.updateDeployment'],
  features: { clusters: true, registryUrl: true },
});

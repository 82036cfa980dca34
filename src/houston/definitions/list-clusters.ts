// The platform's clusters (1.0 and later). The official client has no clusters query (its users type
// the id); the APC 2.x docs name `paginatedClusters` ("take, plus either cursor or pageNumber; the
// response object contains a clusters list and a total count"). Its 1.x shape is not published:
// this is the smallest guess consistent with the 2.x docs (unverified). `status` arrives with 2.0's
// cluster status management; it and the timestamps are optional, so a Houston without them still lists.
import { compact, toCluster, type HoustonCluster, type Maybe } from '../mappers.js';
import { defineOperation, variant } from '../operation.js';
import type { Cluster } from '../../schemas/clusters.js';

/** Far above any platform's cluster count: one page is every cluster. */
const ALL = 500;

type Data = { paginatedClusters: Maybe<{ clusters?: Maybe<Maybe<HoustonCluster>[]> }> };

export const ListClusters = defineOperation<void, Cluster[]>({
  name: 'ListClusters',
  kind: 'query',
  capability: 'clusters',
  variants: [
    variant<void, Cluster[], Data>({
      since: '1.0.0',
      document: `query ListClusters($take: Int) { paginatedClusters(take: $take) { clusters { id name status createdAt updatedAt } } }`,
      optionalFields: ['Cluster.status', 'Cluster.createdAt', 'Cluster.updatedAt'],
      variables: () => ({ take: ALL }),
      result: (data) => compact(data.paginatedClusters?.clusters).map(toCluster),
    }),
  ],
});

// Clusters as routes use them.
import type { Cluster } from '../../schemas/clusters.js';
import { ListClusters } from '../definitions/list-clusters.js';
import { notFound } from '../errors.js';
import type { HoustonSession } from '../session.js';

export const listClusters = (houston: HoustonSession): Promise<Cluster[]> => houston.call(ListClusters, undefined);

/**
 * One cluster, found in the list: `cluster(id)` needs a System Admin in Houston and its argument
 * is not published, while listing needs any signed-in user. Platforms have a handful of clusters.
 */
export async function getCluster(houston: HoustonSession, clusterId: string): Promise<Cluster> {
  const cluster = (await listClusters(houston)).find((candidate) => candidate.id === clusterId);
  if (!cluster) throw notFound('ListClusters');
  return cluster;
}

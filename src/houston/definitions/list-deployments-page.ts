// Deployments across workspaces, cursor-paged (paginatedDeployments: 0.32 and later; a cluster
// filter from 1.0; FACTS.md §2.3, §4.3). The official client pages it by number; the gateway
// uses its cursor (the id after which the page starts, Prisma-style), which stays right while
// deployments come and go between pages.
import { compact, toDeployment, type HoustonDeployment, type Maybe } from '../mappers.js';
import { defineOperation, variant } from '../operation.js';
import type { Deployment } from '../../schemas/deployments.js';
import { DEPLOYMENT_FIELDS } from './deployment-fields.js';

type Input = { take: number; after?: string | undefined; clusterId?: string | undefined };
type Data = { paginatedDeployments: Maybe<Maybe<HoustonDeployment>[]> };

export const ListDeploymentsPage = defineOperation<Input, Deployment[]>({
  name: 'ListDeploymentsPage',
  kind: 'query',
  variants: [
    variant<Input, Deployment[], Data>({
      since: '0.32.0',
      document: `query ListDeploymentsPage($take: Int, $cursor: Uuid) {
        paginatedDeployments(take: $take, cursor: $cursor) { ${DEPLOYMENT_FIELDS.runtime.fields} } }`,
      optionalFields: DEPLOYMENT_FIELDS.runtime.optional,
      variables: (input) => ({ take: input.take, cursor: input.after }),
      result: (data) => compact(data.paginatedDeployments).map(toDeployment),
    }),
    variant<Input, Deployment[], Data>({
      since: '1.0.0',
      document: `query ListDeploymentsPage($take: Int, $cursor: Uuid, $clusterId: Uuid) {
        paginatedDeployments(take: $take, cursor: $cursor, clusterId: $clusterId) { ${DEPLOYMENT_FIELDS.clusters.fields} } }`,
      optionalFields: DEPLOYMENT_FIELDS.clusters.optional,
      provides: ['clusters'],
      variables: (input) => ({ take: input.take, cursor: input.after, clusterId: input.clusterId }),
      result: (data) => compact(data.paginatedDeployments).map(toDeployment),
    }),
  ],
});

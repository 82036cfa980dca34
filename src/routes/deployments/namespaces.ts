// GET /namespaces: what a create form offers for `namespace`, where the platform lets callers choose
// (GET /platform: features.manualNamespaceNames). Per cluster from Houston 1.0.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fixed } from '../../cache/tags.js';
import { ListNamespaces } from '../../houston/definitions/list-namespaces.js';
import { listNamespaces } from '../../houston/operations/deployments.js';
import { HoustonIdSchema, notFound, problemResponses } from '../../schemas/common.js';
import { PageQuerySchema } from '../../schemas/paging.js';
import { pageOf } from '../paging.js';

const NamespaceSchema = z.object({ name: z.string() }).meta({ id: 'Namespace' });

const QuerySchema = PageQuerySchema.extend({
  clusterId: HoustonIdSchema.optional().describe(
    "Houston 1.0 and later: the cluster's namespaces (left out: HOUSTON_DEFAULT_CLUSTER_ID, else the only cluster); 400 before",
  ),
}).strict();

const namespaceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/namespaces', {
    config: { houston: [ListNamespaces], scope: 'deployments:read', workspaceFrom: 'none', cache: { tags: fixed(), ttlSeconds: 30 } },
    schema: {
      operationId: 'listNamespaces',
      summary: 'List the Kubernetes namespaces a new deployment may be put in',
      tags: ['deployments'],
      querystring: QuerySchema,
      // 404: a clusterId Houston does not know; 422: no cluster named where Houston has several.
      response: {
        200: z.array(NamespaceSchema).describe('The namespaces a new deployment may be put in'),
        ...problemResponses({ 404: notFound('cluster'), 422: 'The platform does not let callers pick namespaces, or a cluster must be named' }),
      },
    },
    handler: async (request, reply) => pageOf(request, reply, await listNamespaces(request.houston, { clusterId: request.query.clusterId }), request.query),
  });
};

export default namespaceRoutes;

// Clusters (Houston 1.0 and later): what a caller picks `clusterId` from on POST /deployments.
// Houston lists clusters to any signed-in user, so any valid caller key may read them.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf, PageQuerySchema } from '../paging.js';
import { fixed } from '../../cache/tags.js';
import { getCluster, listClusters } from '../../houston/operations/clusters.js';
import { ListClusters } from '../../houston/definitions/list-clusters.js';
import { ClusterParamsSchema, ClusterSchema } from '../../schemas/clusters.js';
import { notFound, problemResponses } from '../../schemas/common.js';

const openapiTags = ['clusters'];
const ONLY_ON = 'Houston 1.0 and later; 501 on earlier lines.';

const clusterRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/clusters', {
    config: { scope: 'authenticated', workspaceFrom: 'none', houston: [ListClusters], cache: { tags: fixed(), ttlSeconds: 60 } },
    schema: {
      operationId: 'listClusters',
      summary: 'List the platform clusters a deployment can be created on',
      description: ONLY_ON,
      tags: openapiTags,
      querystring: PageQuerySchema,
      response: { 200: z.array(ClusterSchema).describe("The platform's clusters"), ...problemResponses() },
    },
    handler: async (request, reply) => pageOf(request, reply, await listClusters(request.houston), request.query),
  });

  app.get('/clusters/:clusterId', {
    config: { scope: 'authenticated', workspaceFrom: 'none', houston: [ListClusters], cache: { tags: fixed(), ttlSeconds: 60 } },
    schema: {
      operationId: 'getCluster',
      summary: 'Get a cluster',
      description: ONLY_ON,
      tags: openapiTags,
      params: ClusterParamsSchema,
      response: { 200: ClusterSchema.describe('The cluster'), ...problemResponses({ 404: notFound('cluster') }) },
    },
    handler: (request) => getCluster(request.houston, request.params.clusterId),
  });
};

export default clusterRoutes;

// GET /deployments: deployments across workspaces, a page at a time from Houston's
// paginatedDeployments (0.32 and later; by cluster from 1.0), filtered by the caller key's
// workspace allow-list.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withinAllowList } from '../../auth/workspace-allow-list.js';
import { fixed, tag } from '../../cache/tags.js';
import { ListDeploymentsPage } from '../../houston/definitions/list-deployments-page.js';
import { listDeploymentsAcrossWorkspaces } from '../../houston/operations/deployments.js';
import { HoustonIdSchema, problemResponses } from '../../schemas/common.js';
import { DeploymentSchema } from '../../schemas/deployments.js';
import { PageQuerySchema } from '../../schemas/paging.js';
import { linkNext, pageStart } from '../paging.js';

const QuerySchema = PageQuerySchema.extend({
  clusterId: HoustonIdSchema.optional().describe('Only the deployments on this cluster (Houston 1.0 and later; 400 before)'),
}).strict();

const acrossWorkspacesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/deployments', {
    config: {
      houston: [ListDeploymentsPage],
      scope: 'deployments:read',
      workspaceFrom: 'response',
      cache: { tags: fixed(tag.crossWorkspaceDeployments, tag.allDeploymentLists) },
    },
    schema: {
      operationId: 'listDeployments',
      summary: "List deployments across the workspaces the caller's Houston credential can see",
      description:
        'Paged by Houston (Houston 0.32 and later; 501 before). For a key limited to some workspaces, a page shows only those ' +
        "workspaces' deployments and may hold fewer than `limit`: follow `Link` until it is absent.",
      tags: ['deployments'],
      querystring: QuerySchema,
      response: { 200: z.array(DeploymentSchema).describe('The deployments this key may see (a page; Link names the next)'), ...problemResponses() },
    },
    handler: async (request, reply) => {
      const { limit, cursor, clusterId } = request.query;
      const start = pageStart(request, cursor);
      const fetched = await listDeploymentsAcrossWorkspaces(request.houston, { take: limit + 1, after: 'after' in start ? start.after : undefined, clusterId });
      const page = fetched.slice(0, limit);
      if (fetched.length > limit) linkNext(request, reply, { after: page[page.length - 1]!.id });
      return withinAllowList(request.caller, page, (deployment) => deployment.workspaceId ?? '');
    },
  });
};

export default acrossWorkspacesRoutes;

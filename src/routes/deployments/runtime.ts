// Astro Runtime (Houston 0.29 and later): the releases a deployment may use, and upgrading a
// deployment to one, or cancelling an upgrade under way.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../paging.js';
import { byDeployment, fixed, tag } from '../../cache/tags.js';
import { CancelDeploymentRuntimeUpgrade, ListRuntimeReleases, UpgradeDeploymentRuntime } from '../../houston/definitions/runtime.js';
import { cancelRuntimeUpgrade, listRuntimeReleases, upgradeRuntime } from '../../houston/operations/runtime.js';
import { notFound, problemResponses } from '../../schemas/common.js';
import { DeploymentParamsSchema, DeploymentSchema } from '../../schemas/deployments.js';
import { RuntimeReleaseSchema, RuntimeReleasesQuerySchema, RuntimeUpgradeBodySchema } from '../../schemas/runtime.js';
import { deploymentListOf } from './index.js';

const openapiTags = ['deployments'];
const ONLY_ON = 'Houston 0.29 and later; 501 on earlier lines.';

const runtimeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/runtime-releases', {
    config: { scope: 'deployments:read', workspaceFrom: 'none', houston: [ListRuntimeReleases], cache: { tags: fixed(), ttlSeconds: 300 } },
    schema: {
      operationId: 'listRuntimeReleases',
      summary: 'List the Astro Runtime versions a deployment may be created with or upgraded to',
      description: ONLY_ON,
      tags: openapiTags,
      querystring: RuntimeReleasesQuerySchema,
      // 404: a clusterId Houston does not know (Houston 1.0 and later).
      response: { 200: z.array(RuntimeReleaseSchema).describe('The Runtime releases on offer'), ...problemResponses({ 404: notFound('cluster') }) },
    },
    handler: async (request, reply) => {
      const { airflowVersion, clusterId } = request.query;
      return pageOf(request, reply, await listRuntimeReleases(request.houston, { airflowVersion, clusterId }), request.query);
    },
  });

  app.post('/deployments/:deploymentId/runtime-upgrade', {
    config: {
      houston: [UpgradeDeploymentRuntime],
      scope: 'deployments:write',
      workspaceFrom: 'deployment',
      invalidates: (request, body) => [...byDeployment(tag.deployment)(request), ...deploymentListOf(body)],
    },
    schema: {
      operationId: 'upgradeDeploymentRuntime',
      summary: 'Start upgrading a deployment to another Runtime version',
      description: `The deployment reports the version it is going to as desiredRuntimeVersion until the upgrade is done. ${ONLY_ON}`,
      tags: openapiTags,
      params: DeploymentParamsSchema,
      body: RuntimeUpgradeBodySchema,
      response: { 202: DeploymentSchema.describe('Upgrade started: desiredRuntimeVersion is the version it is going to'), ...problemResponses({ 404: notFound('deployment'), 409: 'An upgrade is already under way', 422: 'Houston refused the version (not offered, or not an upgrade)' }) },
    },
    handler: async (request, reply) =>
      reply.code(202).send(await upgradeRuntime(request.houston, request.params.deploymentId, request.body.runtimeVersion)),
  });

  app.delete('/deployments/:deploymentId/runtime-upgrade', {
    config: {
      houston: [CancelDeploymentRuntimeUpgrade],
      scope: 'deployments:write',
      workspaceFrom: 'deployment',
      invalidates: (request, body) => [...byDeployment(tag.deployment)(request), ...deploymentListOf(body)],
    },
    schema: {
      operationId: 'cancelDeploymentRuntimeUpgrade',
      summary: 'Cancel a Runtime upgrade under way',
      description: ONLY_ON,
      tags: openapiTags,
      params: DeploymentParamsSchema,
      response: { 200: DeploymentSchema.describe('Upgrade cancelled'), ...problemResponses({ 404: notFound('deployment'), 422: 'No upgrade is under way' }) },
    },
    handler: (request) => cancelRuntimeUpgrade(request.houston, request.params.deploymentId),
  });
};

export default runtimeRoutes;

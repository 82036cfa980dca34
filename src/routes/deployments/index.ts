import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { GetWorkspace } from '../../houston/operations/workspaces.js';
import { CreateDeployment, DeleteDeployment, GetDeployment, ListWorkspaceDeployments, UpdateDeployment } from '../../houston/operations/deployments.js';
import { z } from 'zod';
import { pageOf, PageQuerySchema } from '../paging.js';
import {
  createDeployment,
  deleteDeployment,
  getDeployment,
  listWorkspaceDeployments,
  updateDeployment,
} from '../../houston/operations/deployments.js';
import { getWorkspace } from '../../houston/operations/workspaces.js';
import { COMMON_PROBLEMS, notFound, problemResponses } from '../../schemas/common.js';
import { WorkspaceParamsSchema } from '../../schemas/workspaces.js';
import {
  CreateDeploymentBodySchema,
  DeleteDeploymentQuerySchema,
  DeploymentParamsSchema,
  DeploymentSchema,
  UpdateDeploymentBodySchema,
} from '../../schemas/deployments.js';
import { byDeployment, byWorkspace, tag } from '../../cache/tags.js';
import { HoustonError } from '../../houston/errors.js';
import { deploymentCreatedBy } from './earlier-attempt.js';

const tags = ['deployments'];

/** The deployment lists a deployment answer is in: its workspace's, and the one across workspaces. */
export function deploymentListOf(body: unknown): string[] {
  const workspaceId = (body as { workspaceId?: unknown } | undefined)?.workspaceId;
  return [...(typeof workspaceId === 'string' ? [tag.workspaceDeployments(workspaceId)] : []), tag.crossWorkspaceDeployments];
}

const deploymentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/workspaces/:workspaceId/deployments', {
    config: { houston: [ListWorkspaceDeployments, GetWorkspace], scope: 'deployments:read', workspaceFrom: 'params', cache: { tags: (request) => [...byWorkspace(tag.workspace, tag.workspaceDeployments)(request), tag.allDeploymentLists] } },
    schema: {
      operationId: 'listWorkspaceDeployments',
      summary: 'List the deployments of a workspace',
      tags,
      params: WorkspaceParamsSchema,
      querystring: PageQuerySchema,
      response: { 200: z.array(DeploymentSchema).describe("The workspace's deployments (a page; Link names the next)"), ...problemResponses({ 404: notFound('workspace') }) },
    },
    handler: async (request, reply) => {
      const deployments = await listWorkspaceDeployments(request.houston, request.params.workspaceId);
      // Houston answers [] for an unknown workspace: only an empty list needs the existence check.
      if (deployments.length === 0) await getWorkspace(request.houston, request.params.workspaceId);
      return pageOf(request, reply, deployments, request.query);
    },
  });

  app.post('/deployments', {
    config: { houston: [CreateDeployment], scope: 'deployments:write', workspaceFrom: 'body', invalidates: (request) => [tag.workspaceDeployments((request.body as { workspaceId: string }).workspaceId), tag.crossWorkspaceDeployments] },
    schema: {
      operationId: 'createDeployment',
      summary: 'Create an Airflow deployment in a workspace',
      tags,
      body: CreateDeploymentBodySchema,
      response: {
        201: DeploymentSchema.describe('Deployment created; Location names it'),
        ...problemResponses({
          400: `${COMMON_PROBLEMS[400]}, or a field this Houston line cannot take (clusterId before 1.0, mode before 2.1, runtimeVersion before 0.29, triggererReplicas before 0.28)`,
          404: notFound('workspace or cluster'),
          409: 'The release name is taken',
          422: 'Houston refused the settings (e.g. a version or executor the platform does not offer), or a cluster must be named',
        }),
      },
    },
    handler: async (request, reply) => {
      const earlier = request.earlierAttemptAt === null ? null : await deploymentCreatedBy(request.houston, request.body, request.earlierAttemptAt);
      if (earlier) request.log.info({ deploymentId: earlier.id }, 'the earlier attempt under this Idempotency-Key created the deployment');
      const deployment = earlier ?? (await createDeployment(request.houston, request.body));
      return reply.code(201).header('location', `/deployments/${encodeURIComponent(deployment.id)}`).send(deployment);
    },
  });

  app.get('/deployments/:deploymentId', {
    config: { houston: [GetDeployment], scope: 'deployments:read', workspaceFrom: 'deployment', cache: { tags: byDeployment(tag.deployment) } },
    schema: {
      operationId: 'getDeployment',
      summary: 'Get a deployment',
      tags,
      params: DeploymentParamsSchema,
      response: { 200: DeploymentSchema.describe('The deployment'), ...problemResponses({ 404: notFound('deployment') }) },
    },
    handler: (request) => getDeployment(request.houston, request.params.deploymentId),
  });

  app.patch('/deployments/:deploymentId', {
    config: { houston: [UpdateDeployment], scope: 'deployments:write', workspaceFrom: 'deployment', invalidates: (request, body) => [...byDeployment(tag.deployment)(request), ...deploymentListOf(body)] },
    schema: {
      operationId: 'updateDeployment',
      summary: "Change a deployment's label, description or executor",
      tags,
      params: DeploymentParamsSchema,
      body: UpdateDeploymentBodySchema,
      response: { 200: DeploymentSchema.describe('Deployment changed'), ...problemResponses({ 404: notFound('deployment'), 409: 'Houston reports a conflicting change', 422: 'Houston refused the settings' }) },
    },
    handler: (request) => updateDeployment(request.houston, request.params.deploymentId, request.body),
  });

  app.delete('/deployments/:deploymentId', {
    config: { houston: [DeleteDeployment], scope: 'deployments:write', workspaceFrom: 'deployment', invalidates: byDeployment(tag.deployment) },
    schema: {
      operationId: 'deleteDeployment',
      summary: 'Delete a deployment',
      tags,
      params: DeploymentParamsSchema,
      querystring: DeleteDeploymentQuerySchema,
      response: { 204: z.null().describe('Deployment deleted'), ...problemResponses({ 404: notFound('deployment'), 422: 'Houston refused the delete (e.g. a hard delete the platform does not allow)' }) },
    },
    handler: async (request, reply) => {
      const deleted = await deleteDeployment(request.houston, request.params.deploymentId, request.query.hard).catch((error: unknown) => {
        // Gone after an attempt that ended without an outcome: that attempt deleted it.
        if (request.earlierAttemptAt !== null && error instanceof HoustonError && error.kind === 'not-found') return { workspaceId: null };
        throw error;
      });
      request.alsoInvalidates.push(deleted.workspaceId ? tag.workspaceDeployments(deleted.workspaceId) : tag.allDeploymentLists, tag.crossWorkspaceDeployments, tag.teams);
      return reply.code(204).send(null);
    },
  });
};

export default deploymentRoutes;

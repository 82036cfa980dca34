import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { GetDeployment } from '../../houston/operations/deployments.js';
import { AddDeploymentUser, ListDeploymentUsers, RemoveDeploymentUser, UpdateDeploymentUser } from '../../houston/operations/deployment-users.js';
import { z } from 'zod';
import { pageOf, PageQuerySchema } from '../paging.js';
import {
  addDeploymentUser,
  listDeploymentUsers,
  removeDeploymentUser,
  updateDeploymentUserRole,
} from '../../houston/operations/deployment-users.js';
import { notFound, problemResponses } from '../../schemas/common.js';
import { DeploymentParamsSchema } from '../../schemas/deployments.js';
import {
  AddDeploymentUserBodySchema,
  DeploymentUserParamsSchema,
  DeploymentUserSchema,
  UpdateDeploymentUserBodySchema,
} from '../../schemas/deployment-users.js';
import { byDeployment, tag } from '../../cache/tags.js';

const tags = ['deployment users'];

const deploymentUserRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/deployments/:deploymentId/users', {
    config: { houston: [ListDeploymentUsers, GetDeployment], scope: 'users:read', workspaceFrom: 'deployment', cache: { tags: (request) => [...byDeployment(tag.deployment, tag.deploymentUsers)(request), tag.allDeploymentUsers] } },
    schema: {
      operationId: 'listDeploymentUsers',
      summary: 'List the users of a deployment with their deployment roles',
      tags,
      params: DeploymentParamsSchema,
      querystring: PageQuerySchema,
      response: { 200: z.array(DeploymentUserSchema).describe("The deployment's users and their roles"), ...problemResponses({ 404: notFound('deployment') }) },
    },
    handler: async (request, reply) => pageOf(request, reply, await listDeploymentUsers(request.houston, request.params.deploymentId), request.query),
  });

  app.post('/deployments/:deploymentId/users', {
    config: { houston: [AddDeploymentUser], scope: 'users:write', workspaceFrom: 'deployment', invalidates: (request) => [tag.users, ...byDeployment(tag.deploymentUsers)(request)] },
    schema: {
      operationId: 'addDeploymentUser',
      summary: 'Give a user a role on a deployment',
      tags,
      params: DeploymentParamsSchema,
      body: AddDeploymentUserBodySchema,
      response: { 201: DeploymentUserSchema.describe('User added to the deployment'), ...problemResponses({ 404: notFound('deployment or user'), 409: 'The user already has a role on the deployment', 422: 'Houston refused the user or the role (e.g. not in the workspace)' }) },
    },
    handler: async (request, reply) => {
      const { deploymentId } = request.params;
      const user = await addDeploymentUser(request.houston, deploymentId, request.body.email, request.body.role);
      const location = `/deployments/${encodeURIComponent(deploymentId)}/users/${encodeURIComponent(user.id)}`;
      return reply.code(201).header('location', location).send(user);
    },
  });

  app.patch('/deployments/:deploymentId/users/:userId', {
    config: { houston: [ListDeploymentUsers, UpdateDeploymentUser], scope: 'users:write', workspaceFrom: 'deployment', invalidates: (request) => [tag.users, ...byDeployment(tag.deploymentUsers)(request)] },
    schema: {
      operationId: 'updateDeploymentUserRole',
      summary: "Change a user's role on a deployment",
      tags,
      params: DeploymentUserParamsSchema,
      body: UpdateDeploymentUserBodySchema,
      response: { 200: DeploymentUserSchema.describe('Role changed'), ...problemResponses({ 404: notFound('deployment or user on it'), 422: 'Houston refused the role' }) },
    },
    handler: (request) =>
      updateDeploymentUserRole(request.houston, request.params.deploymentId, request.params.userId, request.body.role),
  });

  app.delete('/deployments/:deploymentId/users/:userId', {
    config: { houston: [ListDeploymentUsers, RemoveDeploymentUser], scope: 'users:write', workspaceFrom: 'deployment', invalidates: (request) => [tag.users, ...byDeployment(tag.deploymentUsers)(request)] },
    schema: {
      operationId: 'removeDeploymentUser',
      summary: "Remove a user's role on a deployment",
      tags,
      params: DeploymentUserParamsSchema,
      response: { 204: z.null().describe('User removed from the deployment'), ...problemResponses({ 404: notFound('deployment or user on it'), 422: 'Houston refused to remove the user' }) },
    },
    handler: async (request, reply) => {
      await removeDeploymentUser(request.houston, request.params.deploymentId, request.params.userId);
      return reply.code(204).send(null);
    },
  });
};

export default deploymentUserRoutes;

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DeploymentServiceAccounts, WorkspaceServiceAccounts } from '../../houston/operations/service-accounts.js';
import { z } from 'zod';
import { pageOf, PageQuerySchema } from '../paging.js';
import * as ops from '../../houston/operations/service-accounts.js';
import { notFound, problemResponses } from '../../schemas/common.js';
import { DeploymentParamsSchema } from '../../schemas/deployments.js';
import { WorkspaceParamsSchema } from '../../schemas/workspaces.js';
import {
  CreateDeploymentServiceAccountBodySchema,
  CreatedServiceAccountSchema,
  CreateWorkspaceServiceAccountBodySchema,
  DeploymentServiceAccountParamsSchema,
  ServiceAccountSchema,
  WorkspaceServiceAccountParamsSchema,
} from '../../schemas/service-accounts.js';
import { byDeployment, byWorkspace, tag } from '../../cache/tags.js';

const tags = ['service accounts'];
const deleted = z.null().describe('Service account deleted');

const serviceAccountRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/workspaces/:workspaceId/service-accounts', {
    config: { houston: [WorkspaceServiceAccounts.list], scope: 'service-accounts:read', workspaceFrom: 'params', cache: { tags: byWorkspace(tag.workspace, tag.workspaceServiceAccounts) } },
    schema: {
      operationId: 'listWorkspaceServiceAccounts',
      summary: "List a workspace's Houston service accounts (keys are never listed)",
      tags,
      params: WorkspaceParamsSchema,
      querystring: PageQuerySchema,
      response: { 200: z.array(ServiceAccountSchema).describe("The workspace's service accounts (never their keys)"), ...problemResponses({ 404: notFound('workspace') }) },
    },
    handler: async (request, reply) => pageOf(request, reply, await ops.listWorkspaceServiceAccounts(request.houston, request.params.workspaceId), request.query),
  });

  app.post('/workspaces/:workspaceId/service-accounts', {
    config: { houston: [WorkspaceServiceAccounts.create], scope: 'service-accounts:write', workspaceFrom: 'params', invalidates: byWorkspace(tag.workspaceServiceAccounts) },
    schema: {
      operationId: 'createWorkspaceServiceAccount',
      summary: 'Create a workspace service account; its API key is in this response only',
      tags,
      params: WorkspaceParamsSchema,
      body: CreateWorkspaceServiceAccountBodySchema,
      response: { 201: CreatedServiceAccountSchema.describe('Service account created; its API key is shown this once'), ...problemResponses({ 404: notFound('workspace'), 409: 'A service account with this label exists', 422: 'Houston refused the service account or the role' }) },
    },
    handler: async (request, reply) => {
      const account = await ops.createWorkspaceServiceAccount(request.houston, request.params.workspaceId, request.body);
      return reply.code(201).header('cache-control', 'no-store').send(account);
    },
  });

  app.delete('/workspaces/:workspaceId/service-accounts/:serviceAccountId', {
    config: { houston: [WorkspaceServiceAccounts.remove], scope: 'service-accounts:write', workspaceFrom: 'params', invalidates: byWorkspace(tag.workspaceServiceAccounts) },
    schema: {
      operationId: 'deleteWorkspaceServiceAccount',
      summary: 'Delete a workspace service account',
      tags,
      params: WorkspaceServiceAccountParamsSchema,
      response: { 204: deleted, ...problemResponses({ 404: notFound('workspace or service account in it') }) },
    },
    handler: async (request, reply) => {
      const { workspaceId, serviceAccountId } = request.params;
      await ops.deleteWorkspaceServiceAccount(request.houston, workspaceId, serviceAccountId);
      return reply.code(204).send(null);
    },
  });

  app.get('/deployments/:deploymentId/service-accounts', {
    config: { houston: [DeploymentServiceAccounts.list], scope: 'service-accounts:read', workspaceFrom: 'deployment', cache: { tags: byDeployment(tag.deployment, tag.deploymentServiceAccounts) } },
    schema: {
      operationId: 'listDeploymentServiceAccounts',
      summary: "List a deployment's Houston service accounts (keys are never listed)",
      tags,
      params: DeploymentParamsSchema,
      querystring: PageQuerySchema,
      response: { 200: z.array(ServiceAccountSchema).describe("The deployment's service accounts (never their keys)"), ...problemResponses({ 404: notFound('deployment') }) },
    },
    handler: async (request, reply) => pageOf(request, reply, await ops.listDeploymentServiceAccounts(request.houston, request.params.deploymentId), request.query),
  });

  app.post('/deployments/:deploymentId/service-accounts', {
    config: { houston: [DeploymentServiceAccounts.create], scope: 'service-accounts:write', workspaceFrom: 'deployment', invalidates: byDeployment(tag.deploymentServiceAccounts) },
    schema: {
      operationId: 'createDeploymentServiceAccount',
      summary: 'Create a deployment service account; its API key is in this response only',
      tags,
      params: DeploymentParamsSchema,
      body: CreateDeploymentServiceAccountBodySchema,
      response: { 201: CreatedServiceAccountSchema.describe('Service account created; its API key is shown this once'), ...problemResponses({ 404: notFound('deployment'), 409: 'A service account with this label exists', 422: 'Houston refused the service account or the role' }) },
    },
    handler: async (request, reply) => {
      const account = await ops.createDeploymentServiceAccount(request.houston, request.params.deploymentId, request.body);
      return reply.code(201).header('cache-control', 'no-store').send(account);
    },
  });

  app.delete('/deployments/:deploymentId/service-accounts/:serviceAccountId', {
    config: { houston: [DeploymentServiceAccounts.remove], scope: 'service-accounts:write', workspaceFrom: 'deployment', invalidates: byDeployment(tag.deploymentServiceAccounts) },
    schema: {
      operationId: 'deleteDeploymentServiceAccount',
      summary: 'Delete a deployment service account',
      tags,
      params: DeploymentServiceAccountParamsSchema,
      response: { 204: deleted, ...problemResponses({ 404: notFound('deployment or service account on it') }) },
    },
    handler: async (request, reply) => {
      const { deploymentId, serviceAccountId } = request.params;
      await ops.deleteDeploymentServiceAccount(request.houston, deploymentId, serviceAccountId);
      return reply.code(204).send(null);
    },
  });
};

export default serviceAccountRoutes;

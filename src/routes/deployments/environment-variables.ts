import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { GetDeployment, GetDeploymentVariables, UpdateDeploymentVariables } from '../../houston/operations/deployments.js';
import { getDeployment, getDeploymentVariables, putDeploymentVariables } from '../../houston/operations/deployments.js';
import { notFound, problemResponses } from '../../schemas/common.js';
import { DeploymentParamsSchema, EnvironmentVariablesSchema, PutEnvironmentVariablesBodySchema } from '../../schemas/deployments.js';
import { byDeployment, tag } from '../../cache/tags.js';

const tags = ['deployments'];

const environmentVariableRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/deployments/:deploymentId/environment-variables', {
    config: { houston: [GetDeploymentVariables, GetDeployment], scope: 'deployments:read', workspaceFrom: 'deployment', cache: { tags: byDeployment(tag.deployment, tag.deploymentVariables) } },
    schema: {
      operationId: 'getDeploymentEnvironmentVariables',
      summary: "List a deployment's environment variables (secret values are never returned)",
      tags,
      params: DeploymentParamsSchema,
      response: { 200: EnvironmentVariablesSchema.describe("The deployment's variables (secret values null)"), ...problemResponses({ 404: notFound('deployment') }) },
    },
    handler: async (request) => {
      const environmentVariables = await getDeploymentVariables(request.houston, request.params.deploymentId);
      // Houston answers [] for an unknown deployment: only an empty list needs the existence check.
      if (environmentVariables.length === 0) await getDeployment(request.houston, request.params.deploymentId);
      return { environmentVariables };
    },
  });

  app.put('/deployments/:deploymentId/environment-variables', {
    config: { houston: [UpdateDeploymentVariables], scope: 'deployments:write', workspaceFrom: 'deployment', invalidates: (request) => [...byDeployment(tag.deployment, tag.deploymentVariables)(request), tag.allDeploymentLists] },
    schema: {
      operationId: 'putDeploymentEnvironmentVariables',
      summary: "Replace a deployment's environment variables",
      description: 'The list given replaces the whole set. Secret values are stored by Houston and never echoed.',
      tags,
      params: DeploymentParamsSchema,
      body: PutEnvironmentVariablesBodySchema,
      response: { 200: EnvironmentVariablesSchema.describe('Variables replaced (secret values null)'), ...problemResponses({ 404: notFound('deployment'), 422: 'Houston refused the variables' }) },
    },
    handler: async (request) => ({
      environmentVariables: await putDeploymentVariables(request.houston, request.params.deploymentId, request.body),
    }),
  });
};

export default environmentVariableRoutes;

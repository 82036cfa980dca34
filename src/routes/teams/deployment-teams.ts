// Teams' roles on a deployment (Houston 0.28 and later).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { byDeployment, tag } from '../../cache/tags.js';
import { AddDeploymentTeam, ListDeploymentTeams, RemoveDeploymentTeam, UpdateDeploymentTeamRole } from '../../houston/definitions/deployment-teams.js';
import { GetDeployment } from '../../houston/operations/deployments.js';
import { addDeploymentTeam, listDeploymentTeams, removeDeploymentTeam, updateDeploymentTeamRole } from '../../houston/operations/teams.js';
import { notFound, problemResponses } from '../../schemas/common.js';
import { PageQuerySchema } from '../../schemas/paging.js';
import { pageOf } from '../paging.js';
import { DeploymentParamsSchema } from '../../schemas/deployments.js';
import {
  AddDeploymentTeamBodySchema,
  DeploymentTeamParamsSchema,
  DeploymentTeamSchema,
  UpdateDeploymentTeamBodySchema,
} from '../../schemas/teams.js';

const openapiTags = ['teams'];
const ONLY_ON = 'Houston 0.28 and later; 501 on earlier lines.';

const deploymentTeamRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/deployments/:deploymentId/teams', {
    config: {
      houston: [ListDeploymentTeams, GetDeployment],
      scope: 'teams:read',
      workspaceFrom: 'deployment',
      cache: { tags: (request) => [...byDeployment(tag.deployment, tag.deploymentTeams)(request), tag.allDeploymentTeams] },
    },
    schema: {
      operationId: 'listDeploymentTeams',
      summary: 'List the teams of a deployment with their deployment roles',
      description: ONLY_ON,
      tags: openapiTags,
      params: DeploymentParamsSchema,
      querystring: PageQuerySchema,
      response: { 200: z.array(DeploymentTeamSchema).describe("The deployment's teams and their roles"), ...problemResponses({ 404: notFound('deployment') }) },
    },
    handler: async (request, reply) => pageOf(request, reply, await listDeploymentTeams(request.houston, request.params.deploymentId), request.query),
  });

  app.post('/deployments/:deploymentId/teams', {
    config: {
      houston: [AddDeploymentTeam, ListDeploymentTeams],
      scope: 'teams:write',
      workspaceFrom: 'deployment',
      invalidates: (request) => [tag.teams, ...byDeployment(tag.deploymentTeams)(request)],
    },
    schema: {
      operationId: 'addDeploymentTeam',
      summary: 'Give a team a role on a deployment',
      description: ONLY_ON,
      tags: openapiTags,
      params: DeploymentParamsSchema,
      body: AddDeploymentTeamBodySchema,
      response: { 201: DeploymentTeamSchema.describe('Team added to the deployment'), ...problemResponses({ 404: notFound('deployment or team'), 409: 'The team already has a role on the deployment', 422: 'Houston refused the team or the role' }) },
    },
    handler: async (request, reply) => {
      const { deploymentId } = request.params;
      const team = await addDeploymentTeam(request.houston, deploymentId, request.body.teamId, request.body.role);
      const location = `/deployments/${encodeURIComponent(deploymentId)}/teams/${encodeURIComponent(team.id)}`;
      return reply.code(201).header('location', location).send(team);
    },
  });

  app.patch('/deployments/:deploymentId/teams/:teamId', {
    config: {
      houston: [ListDeploymentTeams, UpdateDeploymentTeamRole],
      scope: 'teams:write',
      workspaceFrom: 'deployment',
      invalidates: (request) => [tag.teams, ...byDeployment(tag.deploymentTeams)(request)],
    },
    schema: {
      operationId: 'updateDeploymentTeamRole',
      summary: "Change a team's role on a deployment",
      description: ONLY_ON,
      tags: openapiTags,
      params: DeploymentTeamParamsSchema,
      body: UpdateDeploymentTeamBodySchema,
      response: { 200: DeploymentTeamSchema.describe('Role changed'), ...problemResponses({ 404: notFound('deployment or team on it'), 422: 'Houston refused the role' }) },
    },
    handler: (request) =>
      updateDeploymentTeamRole(request.houston, request.params.deploymentId, request.params.teamId, request.body.role),
  });

  app.delete('/deployments/:deploymentId/teams/:teamId', {
    config: {
      houston: [RemoveDeploymentTeam],
      scope: 'teams:write',
      workspaceFrom: 'deployment',
      invalidates: (request) => [tag.teams, ...byDeployment(tag.deploymentTeams)(request)],
    },
    schema: {
      operationId: 'removeDeploymentTeam',
      summary: "Take a team's role on a deployment away",
      description: ONLY_ON,
      tags: openapiTags,
      params: DeploymentTeamParamsSchema,
      response: { 204: z.null().describe('Team removed from the deployment'), ...problemResponses({ 404: notFound('deployment or team on it'), 422: 'Houston refused to remove the team' }) },
    },
    handler: async (request, reply) => {
      await removeDeploymentTeam(request.houston, request.params.deploymentId, request.params.teamId);
      return reply.code(204).send(null);
    },
  });
};

export default deploymentTeamRoutes;

// Teams' roles in a workspace (Houston 0.28 and later).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { byWorkspace, tag } from '../../cache/tags.js';
import { AddWorkspaceTeam, ListWorkspaceTeams, RemoveWorkspaceTeam, UpdateWorkspaceTeamRole } from '../../houston/definitions/workspace-teams.js';
import { addWorkspaceTeam, listWorkspaceTeams, removeWorkspaceTeam, updateWorkspaceTeamRole } from '../../houston/operations/teams.js';
import { GetWorkspace } from '../../houston/operations/workspaces.js';
import { notFound, problemResponses } from '../../schemas/common.js';
import { PageQuerySchema } from '../../schemas/paging.js';
import { pageOf } from '../paging.js';
import {
  AddWorkspaceTeamBodySchema,
  UpdateWorkspaceTeamBodySchema,
  WorkspaceTeamParamsSchema,
  WorkspaceTeamSchema,
} from '../../schemas/teams.js';
import { WorkspaceParamsSchema } from '../../schemas/workspaces.js';

const openapiTags = ['teams'];
const ONLY_ON = 'Houston 0.28 and later; 501 on earlier lines.';

const workspaceTeamRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/workspaces/:workspaceId/teams', {
    config: {
      houston: [ListWorkspaceTeams, GetWorkspace],
      scope: 'teams:read',
      workspaceFrom: 'params',
      cache: { tags: byWorkspace(tag.workspace, tag.workspaceTeams) },
    },
    schema: {
      operationId: 'listWorkspaceTeams',
      summary: 'List the teams of a workspace with their workspace roles',
      description: ONLY_ON,
      tags: openapiTags,
      params: WorkspaceParamsSchema,
      querystring: PageQuerySchema,
      response: { 200: z.array(WorkspaceTeamSchema).describe("The workspace's teams and their roles"), ...problemResponses({ 404: notFound('workspace') }) },
    },
    handler: async (request, reply) => pageOf(request, reply, await listWorkspaceTeams(request.houston, request.params.workspaceId), request.query),
  });

  app.post('/workspaces/:workspaceId/teams', {
    config: {
      houston: [AddWorkspaceTeam, ListWorkspaceTeams],
      scope: 'teams:write',
      workspaceFrom: 'params',
      invalidates: (request) => [tag.teams, ...byWorkspace(tag.workspaceTeams)(request)],
    },
    schema: {
      operationId: 'addWorkspaceTeam',
      summary: 'Add a team to a workspace with a role',
      description: ONLY_ON,
      tags: openapiTags,
      params: WorkspaceParamsSchema,
      body: AddWorkspaceTeamBodySchema,
      response: { 201: WorkspaceTeamSchema.describe('Team added to the workspace'), ...problemResponses({ 404: notFound('workspace or team'), 409: 'The team already has a role on the workspace', 422: 'Houston refused the team or the role' }) },
    },
    handler: async (request, reply) => {
      const { workspaceId } = request.params;
      const team = await addWorkspaceTeam(request.houston, workspaceId, request.body.teamId, request.body.role);
      const location = `/workspaces/${encodeURIComponent(workspaceId)}/teams/${encodeURIComponent(team.id)}`;
      return reply.code(201).header('location', location).send(team);
    },
  });

  app.patch('/workspaces/:workspaceId/teams/:teamId', {
    config: {
      houston: [ListWorkspaceTeams, UpdateWorkspaceTeamRole],
      scope: 'teams:write',
      workspaceFrom: 'params',
      invalidates: (request) => [tag.teams, ...byWorkspace(tag.workspaceTeams)(request)],
    },
    schema: {
      operationId: 'updateWorkspaceTeamRole',
      summary: "Change a team's role in a workspace",
      description: ONLY_ON,
      tags: openapiTags,
      params: WorkspaceTeamParamsSchema,
      body: UpdateWorkspaceTeamBodySchema,
      response: { 200: WorkspaceTeamSchema.describe('Role changed'), ...problemResponses({ 404: notFound('workspace or team on it'), 422: 'Houston refused the role' }) },
    },
    handler: (request) =>
      updateWorkspaceTeamRole(request.houston, request.params.workspaceId, request.params.teamId, request.body.role),
  });

  app.delete('/workspaces/:workspaceId/teams/:teamId', {
    config: {
      houston: [RemoveWorkspaceTeam],
      scope: 'teams:write',
      workspaceFrom: 'params',
      // The team also loses its roles on the workspace's deployments.
      invalidates: (request) => [tag.teams, tag.allDeploymentTeams, ...byWorkspace(tag.workspaceTeams)(request)],
    },
    schema: {
      operationId: 'removeWorkspaceTeam',
      summary: 'Remove a team from a workspace',
      description: `The team also loses its roles on the workspace's deployments. ${ONLY_ON}`,
      tags: openapiTags,
      params: WorkspaceTeamParamsSchema,
      response: { 204: z.null().describe('Team removed from the workspace'), ...problemResponses({ 404: notFound('workspace or team on it'), 422: 'Houston refused to remove the team' }) },
    },
    handler: async (request, reply) => {
      await removeWorkspaceTeam(request.houston, request.params.workspaceId, request.params.teamId);
      return reply.code(204).send(null);
    },
  });
};

export default workspaceTeamRoutes;

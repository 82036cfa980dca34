// Teams platform-wide (Houston 0.28 and later): list, one team with its role bindings, its members,
// and its system roles (0.29.2 and later). No workspace to check, so a key limited to some
// workspaces is refused; a system role is platform power, so granting one needs `admin`.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fixed, tag } from '../../cache/tags.js';
import { AddTeamSystemRole, GetTeam, ListTeams, ListTeamUsers, RemoveTeamSystemRole } from '../../houston/definitions/teams.js';
import { addTeamSystemRole, getTeam, listTeams, listTeamUsers, removeTeamSystemRole } from '../../houston/operations/teams.js';
import { notFound, problemResponses } from '../../schemas/common.js';
import { PageQuerySchema } from '../../schemas/paging.js';
import { pageOf } from '../paging.js';
import {
  AddTeamSystemRoleBodySchema,
  TeamParamsSchema,
  TeamSchema,
  TeamSystemRoleBindingSchema,
  TeamSystemRoleParamsSchema,
  TeamWithRoleBindingsSchema,
} from '../../schemas/teams.js';
import { UserSchema } from '../../schemas/users.js';

const openapiTags = ['teams'];
const ONLY_ON = 'Houston 0.28 and later; 501 on earlier lines.';
const SYSTEM_ROLES_ONLY_ON = 'Houston 0.29.2 and later; 501 on earlier lines.';

const teamRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/teams', {
    config: { houston: [ListTeams], scope: 'teams:read', cache: { tags: fixed(tag.teams) } },
    schema: {
      operationId: 'listTeams',
      summary: "List the platform's teams with their system roles",
      description: `Teams come from the platform's identity provider. ${ONLY_ON}`,
      tags: openapiTags,
      querystring: PageQuerySchema,
      response: { 200: z.array(TeamSchema).describe("The platform's teams"), ...problemResponses() },
    },
    handler: async (request, reply) => pageOf(request, reply, await listTeams(request.houston), request.query),
  });

  app.get('/teams/:teamId', {
    config: { houston: [GetTeam], scope: 'teams:read', cache: { tags: fixed(tag.teams) } },
    schema: {
      operationId: 'getTeam',
      summary: 'Get a team with every role it holds on the system, workspaces and deployments',
      description: ONLY_ON,
      tags: openapiTags,
      params: TeamParamsSchema,
      response: { 200: TeamWithRoleBindingsSchema.describe('The team and its role bindings'), ...problemResponses({ 404: notFound('team') }) },
    },
    handler: (request) => getTeam(request.houston, request.params.teamId),
  });

  app.get('/teams/:teamId/users', {
    config: { houston: [ListTeamUsers, GetTeam], scope: 'teams:read', cache: { tags: fixed(tag.teams) } },
    schema: {
      operationId: 'listTeamUsers',
      summary: "List a team's members",
      description: ONLY_ON,
      tags: openapiTags,
      params: TeamParamsSchema,
      querystring: PageQuerySchema,
      response: { 200: z.array(UserSchema).describe("The team's members"), ...problemResponses({ 404: notFound('team') }) },
    },
    handler: async (request, reply) => pageOf(request, reply, await listTeamUsers(request.houston, request.params.teamId), request.query),
  });

  app.post('/teams/:teamId/system-role-bindings', {
    config: { houston: [AddTeamSystemRole], scope: 'admin', invalidates: fixed(tag.teams) },
    schema: {
      operationId: 'addTeamSystemRole',
      summary: 'Give a team a system role',
      description: `Needs the admin scope and a system-level Houston credential. ${SYSTEM_ROLES_ONLY_ON}`,
      tags: openapiTags,
      params: TeamParamsSchema,
      body: AddTeamSystemRoleBodySchema,
      response: { 201: TeamSystemRoleBindingSchema.describe('System role given to the team'), ...problemResponses({ 404: notFound('team'), 409: 'The team already holds this system role', 422: 'Houston refused the role' }) },
    },
    handler: async (request, reply) => {
      const binding = await addTeamSystemRole(request.houston, request.params.teamId, request.body.role);
      return reply.code(201).send(binding);
    },
  });

  app.delete('/teams/:teamId/system-role-bindings/:role', {
    config: { houston: [RemoveTeamSystemRole], scope: 'admin', invalidates: fixed(tag.teams) },
    schema: {
      operationId: 'removeTeamSystemRole',
      summary: 'Take a system role from a team',
      description: `Needs the admin scope and a system-level Houston credential. ${SYSTEM_ROLES_ONLY_ON}`,
      tags: openapiTags,
      params: TeamSystemRoleParamsSchema,
      response: { 204: z.null().describe('System role taken from the team'), ...problemResponses({ 404: notFound('team, or it does not hold this role'), 422: 'Houston refused to take the role' }) },
    },
    handler: async (request, reply) => {
      await removeTeamSystemRole(request.houston, request.params.teamId, request.params.role);
      return reply.code(204).send(null);
    },
  });
};

export default teamRoutes;

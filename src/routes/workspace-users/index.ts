import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { GetWorkspace } from '../../houston/operations/workspaces.js';
import { AddWorkspaceUser, ListWorkspaceUsers, RemoveWorkspaceUser, UpdateWorkspaceUserRole } from '../../houston/operations/workspace-users.js';
import { z } from 'zod';
import { pageAfter, pageOf, PageQuerySchema, pageStart } from '../paging.js';
import {
  addWorkspaceUser,
  listWorkspaceUsers,
  listWorkspaceUsersAfter,
  removeWorkspaceUser,
  updateWorkspaceUserRole,
} from '../../houston/operations/workspace-users.js';
import { notFound, problemResponses } from '../../schemas/common.js';
import { WorkspaceParamsSchema } from '../../schemas/workspaces.js';
import {
  AddWorkspaceUserBodySchema,
  InvitationSchema,
  UpdateWorkspaceUserBodySchema,
  WorkspaceUserParamsSchema,
  WorkspaceUserSchema,
} from '../../schemas/workspace-users.js';
import { byWorkspace, tag } from '../../cache/tags.js';

const tags = ['workspace users'];

const workspaceUserRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/workspaces/:workspaceId/users', {
    config: { houston: [ListWorkspaceUsers, GetWorkspace], scope: 'users:read', workspaceFrom: 'params', cache: { tags: byWorkspace(tag.workspace, tag.workspaceUsers) } },
    schema: {
      operationId: 'listWorkspaceUsers',
      summary: 'List the users of a workspace with their workspace roles',
      tags,
      params: WorkspaceParamsSchema,
      querystring: PageQuerySchema,
      response: { 200: z.array(WorkspaceUserSchema).describe("The workspace's users and their roles"), ...problemResponses({ 404: notFound('workspace') }) },
    },
    handler: async (request, reply) => {
      const { workspaceId } = request.params;
      const { limit, cursor } = request.query;
      const start = pageStart(request, cursor);
      // Houston pages workspace users by cursor from 0.30: one more than a page says whether more remain.
      if ('after' in start || start.offset === 0) {
        const fetched = await listWorkspaceUsersAfter(request.houston, workspaceId, 'after' in start ? start.after : undefined, limit + 1);
        if (fetched) return pageAfter(request, reply, fetched, limit);
      }
      return pageOf(request, reply, await listWorkspaceUsers(request.houston, workspaceId), request.query);
    },
  });

  app.post('/workspaces/:workspaceId/users', {
    config: { houston: [AddWorkspaceUser], scope: 'users:write', workspaceFrom: 'params', invalidates: (request) => [tag.users, ...byWorkspace(tag.workspaceUsers)(request)] },
    schema: {
      operationId: 'addWorkspaceUser',
      summary: 'Add a user to a workspace with a role',
      description:
        'With bypassInvite the user is added at once (201). Without it Houston e-mails an invitation ' +
        'and the user joins on accepting it (202 with the invitation).',
      tags,
      params: WorkspaceParamsSchema,
      body: AddWorkspaceUserBodySchema,
      response: {
        201: WorkspaceUserSchema.describe('User added to the workspace (bypassInvite)'),
        202: InvitationSchema.describe('Invitation sent: the user joins on accepting it'),
        ...problemResponses({ 404: notFound('workspace'), 409: 'The user is already in the workspace, or already invited', 422: 'Houston refused the user or the role' }),
      },
    },
    handler: async (request, reply) => {
      const { workspaceId } = request.params;
      const added = await addWorkspaceUser(request.houston, workspaceId, request.body);
      if (added.kind === 'invited') return reply.code(202).send(added.invitation);
      const location = `/workspaces/${encodeURIComponent(workspaceId)}/users/${encodeURIComponent(added.user.id)}`;
      return reply.code(201).header('location', location).send(added.user);
    },
  });

  app.patch('/workspaces/:workspaceId/users/:userId', {
    config: { houston: [ListWorkspaceUsers, UpdateWorkspaceUserRole], scope: 'users:write', workspaceFrom: 'params', invalidates: (request) => [tag.users, ...byWorkspace(tag.workspaceUsers)(request)] },
    schema: {
      operationId: 'updateWorkspaceUserRole',
      summary: "Change a user's role in a workspace",
      tags,
      params: WorkspaceUserParamsSchema,
      body: UpdateWorkspaceUserBodySchema,
      response: { 200: WorkspaceUserSchema.describe('Role changed'), ...problemResponses({ 404: notFound('workspace or user in it'), 422: 'Houston refused the role change (e.g. the last workspace admin)' }) },
    },
    handler: (request) =>
      updateWorkspaceUserRole(request.houston, request.params.workspaceId, request.params.userId, request.body.role),
  });

  app.delete('/workspaces/:workspaceId/users/:userId', {
    config: { houston: [RemoveWorkspaceUser], scope: 'users:write', workspaceFrom: 'params', invalidates: (request) => [tag.users, tag.allDeploymentUsers, ...byWorkspace(tag.workspaceUsers)(request)] },
    schema: {
      operationId: 'removeWorkspaceUser',
      summary: 'Remove a user from a workspace',
      tags,
      params: WorkspaceUserParamsSchema,
      response: { 204: z.null().describe('User removed from the workspace'), ...problemResponses({ 404: notFound('workspace or user in it'), 422: 'Houston refused to remove the user (e.g. the last workspace admin)' }) },
    },
    handler: async (request, reply) => {
      await removeWorkspaceUser(request.houston, request.params.workspaceId, request.params.userId);
      return reply.code(204).send(null);
    },
  });
};

export default workspaceUserRoutes;

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CreateWorkspace, DeleteWorkspace, GetWorkspace, ListWorkspaces, UpdateWorkspace } from '../../houston/operations/workspaces.js';
import { z } from 'zod';
import { linkNext, pageOf, PageQuerySchema, pageStart } from '../paging.js';
import {
  createWorkspace,
  deleteWorkspace,
  getWorkspace,
  listWorkspaces,
  listWorkspacesPage,
  updateWorkspace,
} from '../../houston/operations/workspaces.js';
import { withinAllowList } from '../../auth/workspace-allow-list.js';
import { notFound, problemResponses } from '../../schemas/common.js';
import { CreateWorkspaceBodySchema, UpdateWorkspaceBodySchema, WorkspaceParamsSchema, WorkspaceSchema } from '../../schemas/workspaces.js';
import { byWorkspace, fixed, tag } from '../../cache/tags.js';

const tags = ['workspaces'];

const workspaceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/workspaces', {
    config: { houston: [ListWorkspaces], scope: 'workspaces:read', workspaceFrom: 'response', cache: { tags: fixed(tag.workspaces) } },
    schema: {
      operationId: 'listWorkspaces',
      summary: "List the workspaces the caller's Houston credential belongs to",
      tags,
      querystring: PageQuerySchema,
      response: { 200: z.array(WorkspaceSchema).describe('The workspaces this key may see'), ...problemResponses() },
    },
    handler: async (request, reply) => {
      const { limit, cursor } = request.query;
      const start = pageStart(request, cursor);
      // Houston pages workspaces from 0.30; a key limited to some workspaces pages its own list,
      // so that a page is never emptied by the filter.
      if (!request.caller?.workspaces && 'offset' in start) {
        const page = await listWorkspacesPage(request.houston, start.offset, limit);
        if (page) {
          if (page.more) linkNext(request, reply, { offset: start.offset + limit });
          return page.items;
        }
      }
      const visible = withinAllowList(request.caller, await listWorkspaces(request.houston), (workspace) => workspace.id);
      return pageOf(request, reply, visible, request.query);
    },
  });

  app.post('/workspaces', {
    config: { houston: [CreateWorkspace], scope: 'workspaces:write', invalidates: fixed(tag.workspaces) },
    schema: {
      operationId: 'createWorkspace',
      summary: 'Create a workspace',
      tags,
      body: CreateWorkspaceBodySchema,
      response: { 201: WorkspaceSchema.describe('Workspace created'), ...problemResponses({ 409: 'A workspace with this label exists', 422: 'Houston refused the workspace' }) },
    },
    handler: async (request, reply) => {
      const workspace = await createWorkspace(request.houston, request.body);
      return reply.code(201).header('location', `/workspaces/${encodeURIComponent(workspace.id)}`).send(workspace);
    },
  });

  app.get('/workspaces/:workspaceId', {
    config: { houston: [GetWorkspace], scope: 'workspaces:read', workspaceFrom: 'params', cache: { tags: byWorkspace(tag.workspace) } },
    schema: {
      operationId: 'getWorkspace',
      summary: 'Get a workspace',
      tags,
      params: WorkspaceParamsSchema,
      response: { 200: WorkspaceSchema.describe('The workspace'), ...problemResponses({ 404: notFound('workspace') }) },
    },
    handler: (request) => getWorkspace(request.houston, request.params.workspaceId),
  });

  app.patch('/workspaces/:workspaceId', {
    config: { houston: [UpdateWorkspace], scope: 'workspaces:write', workspaceFrom: 'params', invalidates: (request) => [tag.workspaces, ...byWorkspace(tag.workspace)(request)] },
    schema: {
      operationId: 'updateWorkspace',
      summary: "Change a workspace's label or description",
      tags,
      params: WorkspaceParamsSchema,
      body: UpdateWorkspaceBodySchema,
      response: { 200: WorkspaceSchema.describe('Workspace changed'), ...problemResponses({ 404: notFound('workspace'), 409: 'A workspace with this label exists', 422: 'Houston refused the change' }) },
    },
    handler: (request) => updateWorkspace(request.houston, request.params.workspaceId, request.body),
  });

  app.delete('/workspaces/:workspaceId', {
    // A team's role bindings (GET /teams/{id}) name the workspace, which is gone with it.
    config: { houston: [DeleteWorkspace], scope: 'workspaces:write', workspaceFrom: 'params', invalidates: (request) => [tag.workspaces, tag.teams, ...byWorkspace(tag.workspace)(request)] },
    schema: {
      operationId: 'deleteWorkspace',
      summary: 'Delete a workspace (Houston refuses while it still has deployments)',
      tags,
      params: WorkspaceParamsSchema,
      response: { 204: z.null().describe('Workspace deleted'), ...problemResponses({ 404: notFound('workspace'), 422: 'Houston refused to delete the workspace (e.g. it still has deployments)' }) },
    },
    handler: async (request, reply) => {
      await deleteWorkspace(request.houston, request.params.workspaceId);
      return reply.code(204).send(null);
    },
  });
};

export default workspaceRoutes;

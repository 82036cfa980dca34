import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getPlatform } from '../../houston/operations/platform-and-users.js';
import { problemResponses } from '../../schemas/common.js';
import { PlatformSchema } from '../../schemas/platform.js';
import { fixed } from '../../cache/tags.js';

const platformRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/platform', {
    config: { scope: 'authenticated', workspaceFrom: 'none', cache: { tags: fixed(), ttlSeconds: 300 } },
    schema: {
      operationId: 'getPlatform',
      summary: 'Houston platform version, base domain and feature flags',
      tags: ['platform'],
      response: { 200: PlatformSchema, ...problemResponses() },
    },
    handler: (request) => getPlatform(request.houston),
  });
};

export default platformRoutes;

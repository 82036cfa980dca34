import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SearchUsers } from '../../houston/operations/platform-and-users.js';
import { z } from 'zod';
import { pageOf, PageQuerySchema } from '../paging.js';
import { searchUsers } from '../../houston/operations/platform-and-users.js';
import { problemResponses } from '../../schemas/common.js';
import { SearchUsersQuerySchema, UserSchema } from '../../schemas/users.js';
import { fixed, tag } from '../../cache/tags.js';

const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/users', {
    config: { houston: [SearchUsers], scope: 'users:read', cache: { tags: fixed(tag.users) } },
    schema: {
      operationId: 'searchUsers',
      summary: 'Find users by e-mail address (needs a system-level Houston credential)',
      tags: ['users'],
      querystring: SearchUsersQuerySchema.extend(PageQuerySchema.shape),
      response: { 200: z.array(UserSchema).describe('The users matching the search'), ...problemResponses() },
    },
    handler: async (request, reply) => pageOf(request, reply, await searchUsers(request.houston, request.query.email), request.query),
  });
};

export default userRoutes;

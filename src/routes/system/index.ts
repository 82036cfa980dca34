import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CreateSystemRoleBinding } from '../../houston/operations/platform-and-users.js';
import { CreateSystemServiceAccount } from '../../houston/operations/service-accounts.js';
import { createSystemRoleBinding } from '../../houston/operations/platform-and-users.js';
import { createSystemServiceAccount } from '../../houston/operations/service-accounts.js';
import { notFound, problemResponses } from '../../schemas/common.js';
import { CreatedServiceAccountSchema, CreateSystemServiceAccountBodySchema } from '../../schemas/service-accounts.js';
import { CreateSystemRoleBindingBodySchema, SystemRoleBindingSchema } from '../../schemas/system.js';
import { fixed, tag } from '../../cache/tags.js';

const tags = ['system'];

// System-level changes need the `admin` scope and a system-level Houston credential.
const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/system/service-accounts', {
    config: { houston: [CreateSystemServiceAccount], scope: 'admin' },
    schema: {
      operationId: 'createSystemServiceAccount',
      summary: 'Create a system service account; its API key is in this response only',
      tags,
      body: CreateSystemServiceAccountBodySchema,
      response: { 201: CreatedServiceAccountSchema.describe('Service account created; its API key is shown this once'), ...problemResponses({ 409: 'A service account with this label exists', 422: 'Houston refused the service account or the role' }) },
    },
    handler: async (request, reply) => {
      const account = await createSystemServiceAccount(request.houston, request.body);
      return reply.code(201).header('cache-control', 'no-store').send(account);
    },
  });

  app.post('/system/role-bindings', {
    config: { houston: [CreateSystemRoleBinding], scope: 'admin', invalidates: fixed(tag.users) },
    schema: {
      operationId: 'createSystemRoleBinding',
      summary: 'Give a user a system role',
      tags,
      body: CreateSystemRoleBindingBodySchema,
      response: { 201: SystemRoleBindingSchema.describe('System role given to the user'), ...problemResponses({ 404: notFound('user'), 409: 'The user already holds this system role', 422: 'Houston refused the role' }) },
    },
    handler: async (request, reply) => {
      const binding = await createSystemRoleBinding(request.houston, request.body.userId, request.body.role);
      return reply.code(201).send(binding);
    },
  });
};

export default systemRoutes;

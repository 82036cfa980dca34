// /admin/keys: caller-key management over HTTP for holders of the `admin` scope. The same
// operations as `houston-gateway keys`, on the same store.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf, PageQuerySchema } from '../paging.js';
import { LastAdminKeyError, UnknownCredentialError } from '../../auth/caller-keys.js';
import { GatewayError } from '../../errors.js';
import { problemResponses } from '../../schemas/common.js';
import {
  CallerKeyParamsSchema,
  CallerKeySchema,
  CreateCallerKeyBodySchema,
  CreatedCallerKeySchema,
  toCallerKeyView,
} from '../../schemas/admin-keys.js';

const tags = ['admin'];
const config = { scope: 'admin' } as const;

const adminKeyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/admin/keys', {
    config,
    schema: {
      operationId: 'createCallerKey',
      summary: 'Create a caller key; the key itself is in this response only',
      tags,
      body: CreateCallerKeyBodySchema,
      response: { 201: CreatedCallerKeySchema.describe('Caller key created; the key itself is shown this once'), ...problemResponses({ 422: 'No Houston credential has the name given' }) },
    },
    handler: async (request, reply) => {
      try {
        const { key, record } = await app.callerKeys.create(request.body);
        return await reply
          .code(201)
          .header('location', `/admin/keys/${record.id}`)
          .header('cache-control', 'no-store')
          .send({ ...toCallerKeyView(record), key });
      } catch (error) {
        if (error instanceof UnknownCredentialError) {
          throw new GatewayError('GW_KEY_CREDENTIAL_UNKNOWN', error.message, {
            errors: [{ field: 'body/credential', message: error.message }],
          });
        }
        throw error;
      }
    },
  });

  app.get('/admin/keys', {
    config,
    schema: {
      operationId: 'listCallerKeys',
      summary: 'List caller keys (never the keys or their hashes)',
      tags,
      querystring: PageQuerySchema,
      response: { 200: z.array(CallerKeySchema).describe('The caller keys (never the keys or their hashes)'), ...problemResponses() },
    },
    handler: async (request, reply) => pageOf(request, reply, (await app.callerKeys.list()).map(toCallerKeyView), request.query),
  });

  app.get('/admin/keys/:keyId', {
    config,
    schema: {
      operationId: 'getCallerKey',
      summary: 'Get one caller key',
      tags,
      params: CallerKeyParamsSchema,
      response: { 200: CallerKeySchema.describe('The caller key'), ...problemResponses({ 404: 'No caller key has this id' }) },
    },
    handler: async (request) => {
      const record = await app.callerKeys.get(request.params.keyId);
      if (!record) throw new GatewayError('GW_KEY_NOT_FOUND', `No caller key ${request.params.keyId}`);
      return toCallerKeyView(record);
    },
  });

  app.delete('/admin/keys/:keyId', {
    config,
    schema: {
      operationId: 'revokeCallerKey',
      summary: 'Revoke a caller key: refused at once here, and within a second on every instance sharing the store',
      tags,
      params: CallerKeyParamsSchema,
      response: {
        204: z.null().describe('Caller key revoked (revoking again is harmless)'),
        ...problemResponses({
          404: 'No caller key has this id',
          409: 'The key is the one making the request (GW_KEY_SELF_REVOKE), or the last active admin key for every workspace (GW_KEY_LAST_ADMIN)',
        }),
      },
    },
    handler: async (request, reply) => {
      const { keyId } = request.params;
      // A key revoking itself is most often a script pointed at the wrong id; its holder can ask another admin.
      if (request.caller?.id === keyId) throw new GatewayError('GW_KEY_SELF_REVOKE', 'A caller key cannot revoke itself; revoke it with another admin key or the keys CLI');
      try {
        const record = await app.callerKeys.revoke(keyId);
        if (!record) throw new GatewayError('GW_KEY_NOT_FOUND', `No caller key ${keyId}`);
      } catch (error) {
        if (error instanceof LastAdminKeyError) {
          throw new GatewayError('GW_KEY_LAST_ADMIN', 'This is the last active admin key for every workspace; create another admin key before revoking it');
        }
        throw error;
      }
      return reply.code(204).send(null);
    },
  });
};

export default adminKeyRoutes;

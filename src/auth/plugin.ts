// Authentication and scope checks run in onRequest — before body parsing, the cache or Houston —
// for every route that declares `config.scope`. Routes without a scope (health, docs) are public.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { GatewayError } from '../errors.js';
import type { Caller } from './caller.js';
import type { Authentication, CallerKeys } from './caller-keys.js';
import { grants, type RouteScope } from './scopes.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a caller key needs for this route; routes without one are public. */
    scope?: RouteScope;
  }
  interface FastifyRequest {
    caller: Caller | null;
    /** The id of a presented key the store knows but refused (revoked, expired); for the audit line. */
    refusedKeyId: string | null;
  }
  interface FastifyInstance {
    callerKeys: CallerKeys;
  }
}

export interface AuthPluginOptions {
  keys: CallerKeys;
}

const REALM = 'Bearer realm="houston-gateway"';

const REFUSALS: Record<Exclude<Authentication, { ok: true }>['reason'], string> = {
  malformed: 'The caller key is malformed',
  unknown: 'The caller key is not known',
  revoked: 'The caller key has been revoked',
  expired: 'The caller key has expired',
};

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1] ?? '';
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

async function authPlugin(app: FastifyInstance, options: AuthPluginOptions) {
  app.decorate('callerKeys', options.keys);
  app.decorateRequest('caller', null);
  app.decorateRequest('refusedKeyId', null);

  app.addHook('onRequest', async (request) => {
    const scope = request.routeOptions.config.scope;
    if (!scope) return;
    const key = presentedKey(request);
    if (key === undefined) {
      throw new GatewayError('GW_AUTH_MISSING', 'Send a caller key as "Authorization: Bearer <key>" or "X-API-Key: <key>"', {
        headers: { 'www-authenticate': REALM },
      });
    }
    let result: Authentication;
    try {
      result = await options.keys.authenticate(key);
    } catch (error) {
      // The key store (Redis or the key file) failed: nobody can be let in, nor told their key is bad.
      throw new GatewayError('GW_OVERLOADED', 'Caller keys cannot be checked right now', {
        headers: { 'retry-after': '1' },
        cause: error,
      });
    }
    if (!result.ok) {
      if (result.keyId) request.refusedKeyId = result.keyId;
      if (result.keyId) request.log.info({ callerKeyId: result.keyId, reason: result.reason }, 'caller key refused');
      throw new GatewayError('GW_AUTH_INVALID', REFUSALS[result.reason], {
        headers: { 'www-authenticate': `${REALM}, error="invalid_token"` },
      });
    }
    request.caller = result.caller;
    if (!grants(result.caller.scopes, scope)) {
      throw new GatewayError('GW_AUTH_SCOPE', `This route needs the scope "${scope}"`);
    }
  });

  app.addHook('onClose', async () => options.keys.close());
}

export default fp(authPlugin, { name: 'auth', fastify: '5.x', dependencies: ['problem-details'] });

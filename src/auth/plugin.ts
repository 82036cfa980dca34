// Authentication and scope checks run in onRequest — before body parsing, the cache or Houston —
// for every route that declares `config.scope`. Routes without a scope (health, docs) are public.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { GatewayError } from '../errors.js';
import type { Caller, CallerKeyStore } from './caller.js';
import { grants, type RouteScope } from './scopes.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a caller key needs for this route; routes without one are public. */
    scope?: RouteScope;
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
}

export interface AuthPluginOptions {
  keys: CallerKeyStore;
}

const CHALLENGE = { 'www-authenticate': 'Bearer realm="houston-gateway"' };

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
  app.decorateRequest('caller', null);

  app.addHook('onRequest', async (request) => {
    const scope = request.routeOptions.config.scope;
    if (!scope) return;
    const key = presentedKey(request);
    if (key === undefined) {
      throw new GatewayError('GW_AUTH_MISSING', 'Send a caller key as "Authorization: Bearer <key>" or "X-API-Key: <key>"', {
        headers: CHALLENGE,
      });
    }
    const caller = key ? await options.keys.authenticate(key) : null;
    if (!caller) {
      throw new GatewayError('GW_AUTH_INVALID', 'The caller key is unknown, revoked or expired', {
        headers: { 'www-authenticate': 'Bearer realm="houston-gateway", error="invalid_token"' },
      });
    }
    if (!grants(caller.scopes, scope)) {
      throw new GatewayError('GW_AUTH_SCOPE', `This route needs the scope "${scope}"`);
    }
    request.caller = caller;
  });
}

export default fp(authPlugin, { name: 'auth', fastify: '5.x', dependencies: ['problem-details'] });

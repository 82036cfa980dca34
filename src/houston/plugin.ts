// Decorates the app with the Houston client and each authenticated request with a HoustonSession
// acting through the caller's Houston credential. Credentials never leave this plugin.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { GatewayError } from '../errors.js';
import { createHoustonClient, type HoustonClient } from './client.js';
import { createHoustonSession, type HoustonSession } from './session.js';

declare module 'fastify' {
  interface FastifyInstance {
    houston: HoustonClient;
  }
  interface FastifyRequest {
    /** A Houston session for this request's caller; throws for an unauthenticated request. */
    readonly houston: HoustonSession;
  }
}

/**
 * Houston service-account keys by credential name, looked up on each request (so a store may gain
 * names after the app starts). A `ReadonlyMap<string, string>` is one.
 */
export interface HoustonCredentials {
  get(name: string): string | undefined;
}

export interface HoustonPluginOptions {
  url: string;
  timeoutMs: number;
  /** Houston service-account keys by credential name (`default` from HOUSTON_API_KEY). */
  credentials: HoustonCredentials;
}

async function houstonPlugin(app: FastifyInstance, options: HoustonPluginOptions) {
  const client = createHoustonClient({ url: options.url, timeoutMs: options.timeoutMs });
  app.decorate('houston', client);

  const sessions = new WeakMap<FastifyRequest, HoustonSession>();
  app.decorateRequest('houston', {
    getter(this: FastifyRequest) {
      let session = sessions.get(this);
      if (session) return session;
      const credentialName = this.caller?.credential;
      if (!credentialName) throw new GatewayError('GW_AUTH_MISSING', 'This route needs a caller key');
      const credential = options.credentials.get(credentialName);
      if (!credential) {
        // A key naming a credential the server does not hold is an operator error, not the caller's.
        this.log.error({ credentialName }, 'caller key names an unknown Houston credential');
        throw new GatewayError('GW_INTERNAL', `unknown Houston credential ${credentialName}`);
      }
      session = createHoustonSession(client, { credential, requestId: this.id });
      sessions.set(this, session);
      return session;
    },
  });
}

export default fp(houstonPlugin, { name: 'houston', fastify: '5.x', dependencies: ['auth'] });

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
    /** Writes (mutations) this request has sent to Houston so far; 0 means Houston changed nothing for it. */
    houstonWritesSent: number;
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
  /** Deadline of one Houston call, retries and waiting for a slot included. */
  timeoutMs: number;
  /** Extra attempts for a read after a transient failure (never a write). @default 0 */
  readRetries?: number;
  /** @default 100 */
  retryBaseMs?: number;
  /** Consecutive transient failures that open the circuit breaker. @default no breaker */
  breakerFailures?: number;
  /** @default 10 */
  breakerCooldownSeconds?: number;
  /** Houston calls in flight at once. @default unbounded */
  maxConcurrency?: number;
  /** Houston service-account keys by credential name (`default` from HOUSTON_API_KEY). */
  credentials: HoustonCredentials;
}

async function houstonPlugin(app: FastifyInstance, options: HoustonPluginOptions) {
  const { url, timeoutMs, readRetries, retryBaseMs, breakerFailures, breakerCooldownSeconds, maxConcurrency } = options;
  const client = createHoustonClient({
    url,
    timeoutMs,
    readRetries,
    retryBaseMs,
    breakerFailures,
    breakerCooldownSeconds,
    maxConcurrency,
    onStateChange(change) {
      // States and counts only: never the URL (it may carry credentials) or a key.
      const message =
        change.to === 'open'
          ? 'Houston circuit breaker opened: refusing Houston calls for now'
          : change.to === 'half-open'
            ? 'Houston circuit breaker half-open: letting one trial call through'
            : 'Houston circuit breaker closed: Houston answers again';
      app.log.warn({ houstonBreaker: change }, message);
    },
  });
  app.decorate('houston', client);

  const sessions = new WeakMap<FastifyRequest, HoustonSession>();
  app.decorateRequest('houstonWritesSent', 0);
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
      const onWriteSent = () => {
        this.houstonWritesSent += 1;
      };
      session = createHoustonSession(client, { credential, requestId: this.id, onWriteSent });
      sessions.set(this, session);
      return session;
    },
  });
}

export default fp(houstonPlugin, { name: 'houston', fastify: '5.x', dependencies: ['auth'] });

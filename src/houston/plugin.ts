// Decorates the app with the Houston client and each authenticated request with a HoustonSession
// acting through the caller's Houston credential. Credentials never leave this plugin. Routes name
// the operations they need (`config.houston`), so what the connected Houston lacks is known per
// route: logged when learned, listed by /readyz, GET /platform and /metrics.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { GatewayError } from '../errors.js';
import { createHoustonClient, type HoustonClient } from './client.js';
import type { HoustonCallTracer } from './call-events.js';
import type { HoustonCredentials } from './credentials.js';
import type { AnyOperation } from './operation.js';
import { HOUSTON_OPERATIONS } from './operations/index.js';
import { createUpstreamPolicy, type UpstreamPolicySettings } from './policy.js';
import type { Selection } from './selection.js';
import { createHoustonSession, credentialFingerprintOf, type HoustonSession } from './session.js';

declare module 'fastify' {
  interface FastifyInstance {
    houston: HoustonClient;
    /** Routes (`METHOD /path`) that answer 501 on the Houston as last detected, with the reason. */
    houstonUnsupportedRoutes(selection: Selection | null): { route: string; reason: string }[];
  }
  interface FastifyRequest {
    /** A Houston session for this request's caller; throws for an unauthenticated request. */
    readonly houston: HoustonSession;
    /** The fingerprint of the caller's Houston credential (the session's), for cache keys. */
    readonly houstonCredentialFingerprint: string;
    /** Writes (mutations) this request has sent to Houston so far; 0 means Houston changed nothing for it. */
    houstonWritesSent: number;
    /** Houston operations this request has called, and the time they took (ms): for the access log. */
    houstonCallsMade: number;
    houstonTimeMs: number;
  }
  interface FastifyContextConfig {
    /** The Houston operations the route cannot work without. */
    houston?: readonly AnyOperation[];
  }
}

export interface HoustonPluginOptions {
  url: string;
  policy: UpstreamPolicySettings;
  /** Houston service-account keys by credential name (`default` from HOUSTON_API_KEY). */
  credentials: HoustonCredentials;
  /** The cluster of a new deployment that names none (Houston 1.0 and later). */
  defaultClusterId: string | undefined;
  /** How often the Houston schema is read again. */
  schemaRefreshSeconds: number;
  /** Puts each Houston call in a span; given only when tracing is on. */
  trace?: HoustonCallTracer | undefined;
}

const BREAKER_MESSAGES = {
  open: 'Houston circuit breaker opened: refusing Houston calls for now',
  'half-open': 'Houston circuit breaker half-open: letting one trial call through',
  closed: 'Houston circuit breaker closed: Houston answers again',
} as const;

async function houstonPlugin(app: FastifyInstance, options: HoustonPluginOptions) {
  const routeNeeds = new Map<string, readonly AnyOperation[]>();
  app.addHook('onRoute', (route) => {
    const needs = route.config?.houston;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (needs?.length) for (const method of methods) if (method !== 'HEAD') routeNeeds.set(`${method} ${route.url}`, needs);
  });
  const unsupportedRoutes = (selection: Selection | null) => {
    if (!selection) return [];
    return [...routeNeeds].flatMap(([route, needs]) => {
      const missing = needs.find((operation) => selection.unsupported.has(operation.name));
      return missing ? [{ route, reason: selection.unsupported.get(missing.name)! }] : [];
    });
  };
  app.decorate('houstonUnsupportedRoutes', unsupportedRoutes);

  const policy = createUpstreamPolicy({
    ...options.policy,
    // States and counts only: never the URL (it may carry credentials) or a key.
    onStateChange: (change) => app.log.warn({ houstonBreaker: change }, BREAKER_MESSAGES[change.to]),
  });
  const client = createHoustonClient({
    url: options.url,
    timeoutMs: options.policy.timeoutMs,
    policy,
    operations: HOUSTON_OPERATIONS,
    schemaRefreshMs: options.schemaRefreshSeconds * 1000,
    transport: options.trace ? 'fetch' : 'http',
    onDetected(selection, previous) {
      const unsupported = unsupportedRoutes(selection);
      const changed = !previous || previous.source !== selection.source || previous.version !== selection.version ||
        [...previous.chosen].some(([name, pick]) => selection.chosen.get(name)?.document !== pick.document) ||
        previous.unsupported.size !== selection.unsupported.size;
      if (!changed) return;
      const summary = { detectedBy: selection.source, houstonVersion: selection.version, unsupportedRoutes: unsupported.map((u) => u.route) };
      if (unsupported.length > 0) app.log.warn({ houston: summary, reasons: unsupported }, 'these routes answer 501 on the connected Houston');
      else app.log.info({ houston: summary }, 'Houston schema learned: every route is supported');
    },
    onDetectionError: (error) => app.log.warn({ err: error }, 'could not learn the Houston schema again; keeping the last one'),
  });
  app.decorate('houston', client);
  app.addHook('onReady', async () => {
    // Learned in the background: a Houston that is down or slow never holds up start-up, and the
    // first request waits for it instead (within its own deadline).
    const credential = options.credentials.get('default');
    client.selection(credential ? { credential } : {}).catch((error: unknown) => {
      app.log.warn({ err: error }, 'could not learn the Houston schema at start; trying again on the first request');
    });
  });

  const sessions = new WeakMap<FastifyRequest, HoustonSession>();
  app.decorateRequest('houstonWritesSent', 0);
  app.decorateRequest('houstonCallsMade', 0);
  app.decorateRequest('houstonTimeMs', 0);
  // The cache key's credential part, without making a session (a HIT needs nothing else of it).
  app.decorateRequest('houstonCredentialFingerprint', {
    getter(this: FastifyRequest) {
      const credential = this.caller ? options.credentials.get(this.caller.credential) : undefined;
      return credential === undefined ? this.houston.credentialFingerprint : credentialFingerprintOf(credential);
    },
  });
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
      const onCallDone = (durationMs: number) => {
        this.houstonCallsMade += 1;
        this.houstonTimeMs += durationMs;
      };
      session = createHoustonSession(client, { credential, requestId: this.id, onWriteSent }, { clusterId: options.defaultClusterId, trace: options.trace, onCallDone });
      sessions.set(this, session);
      return session;
    },
  });
}

export default fp(houstonPlugin, { name: 'houston', fastify: '5.x', dependencies: ['auth'] });

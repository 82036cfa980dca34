// Authentication and scope checks run in onRequest — before body parsing, the cache or Houston —
// for every route that declares `config.scope`. Routes without a scope (health, docs) are public.
// A client address over its failed-authentication limit (auth-failures.ts) is refused 429 before
// its key is hashed or looked up. A key refused for scope is answered 403 only after the per-key
// rate limit (a route-level onRequest hook, run after this one) has counted the request.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { GatewayError } from '../errors.js';
import { clientAddressOf, createAuthFailureLimiter, MEMORY_MAX_ADDRESSES, proxyList, type AuthFailureOptions } from './auth-failures.js';
import type { Caller } from './caller.js';
import type { Authentication, CallerKeys } from './caller-keys.js';
import { CallerKeyStoreLostError } from './key-record.js';
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
    /** The 403 of a key lacking the route's scope, thrown once its rate limit has counted the request. */
    scopeRefusal: GatewayError | null;
    /** A recalled key's address check (seconds to wait, 0 when not limited), settled in preParsing. */
    addressCheck: Promise<number> | null;
  }
  interface FastifyInstance {
    callerKeys: CallerKeys;
  }
}

export interface AuthPluginOptions {
  keys: CallerKeys;
  /** Failed authentications per client address; the limiter counts in app.redis when there is one. */
  authFailures: AuthFailureOptions & { keyPrefix: string };
}

const REALM = 'Bearer realm="houston-gateway"';
/** How long an address found under its failed-authentication limit is not looked up again for a recalled key. */
const ADDRESS_CLEAR_TRUST_MS = 1_000;

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

function admit(request: FastifyRequest, caller: Caller, scope: RouteScope) {
  request.caller = caller;
  if (!grants(caller.scopes, scope)) {
    request.scopeRefusal = new GatewayError('GW_AUTH_SCOPE', `This route needs the scope "${scope}"`);
  }
}

async function authPlugin(app: FastifyInstance, options: AuthPluginOptions) {
  app.decorate('callerKeys', options.keys);
  app.decorateRequest('caller', null);
  app.decorateRequest('refusedKeyId', null);
  app.decorateRequest('scopeRefusal', null);
  app.decorateRequest('addressCheck', null);

  const { keyPrefix, ...failureOptions } = options.authFailures;
  const failures = createAuthFailureLimiter(app.redis, keyPrefix, failureOptions);
  const clientAddress = clientAddressOf(failureOptions.trustedProxies.length > 0 ? proxyList(failureOptions.trustedProxies) : null);

  let lastAlarm = 0;
  /** At error level, once a minute while it lasts: someone must restore the data. */
  const alarmStoreLost = (request: FastifyRequest, error: CallerKeyStoreLostError) => {
    if (Date.now() - lastAlarm < 60_000) return;
    lastAlarm = Date.now();
    request.log.error(
      { alarm: 'caller-key-store-lost', detail: error.detail },
      'caller-key store lost its data: requests are refused 503 (not 401) until it is restored from a backup or AOF, or a new store is started with `keys create`',
    );
  };

  /** Seconds an address must wait; a failing Redis lets requests through rather than refusing them all. */
  const blockedFor = (request: FastifyRequest, address: string) =>
    failures.blockedFor(address).catch((error: unknown) => {
      request.log.warn({ err: { message: (error as Error).message } }, 'failed-authentication count unavailable');
      return 0;
    });
  const addressLimited = (retryAfter: number, request: FastifyRequest) => {
    request.log.info('client address over its failed-authentication limit');
    return new GatewayError(
      'GW_RATE_LIMITED',
      `Too many failed authentications from this address (${failureOptions.limit} per ${failureOptions.windowSeconds} s); retry in ${retryAfter} s`,
      { headers: { 'retry-after': String(retryAfter) } },
    );
  };

  /**
   * Addresses found under their failed-authentication limit, and when the look-up was issued. A
   * recalled key's request skips the look-up for ADDRESS_CLEAR_TRUST_MS after one: the count only
   * rises through failed authentications, which never take this shortcut (they look it up, and a
   * failure here forgets the address). So an address blocked through another instance is refused
   * here within that bound even with a valid key, as a revoked key is.
   */
  const clearAddresses = new Map<string, number>();
  const checkAddress = (request: FastifyRequest, address: string, recalled: boolean): Promise<number> | null => {
    const now = Date.now();
    if (recalled && now - (clearAddresses.get(address) ?? -Infinity) <= ADDRESS_CLEAR_TRUST_MS) return null;
    return blockedFor(request, address).then((retryAfter) => {
      if (retryAfter === 0) {
        if (clearAddresses.size >= MEMORY_MAX_ADDRESSES) clearAddresses.clear();
        clearAddresses.set(address, now);
      } else {
        clearAddresses.delete(address);
      }
      return retryAfter;
    });
  };

  // A callback hook with a synchronous path: a public route, or a key recalled from the trust
  // window, passes without a promise; only the rest run the async part.
  app.addHook('onRequest', (request, _reply, done) => {
    const scope = request.routeOptions.config.scope;
    if (!scope) {
      done();
      return;
    }
    let recalled: Caller | null;
    let key: string | undefined;
    let address: string;
    let blocked: Promise<number> | null;
    try {
      address = clientAddress(request);
      key = presentedKey(request);
      // A key accepted within the trust window is known without hashing it with the secret or asking
      // the store. Its address's failure count is then awaited in preParsing rather than here, so the
      // rate limit's script and the cache read go out in the same Redis write as the count's look-up
      // (auto-pipelining). A limited address is still refused before its body is read, the cache
      // answers or Houston is asked; only the key's rate limit has counted the request by then.
      recalled = key === undefined ? null : (options.keys.recall?.(key) ?? null);
      blocked = checkAddress(request, address, recalled !== null);
      if (recalled) {
        if (blocked) request.addressCheck = blocked;
        admit(request, recalled, scope);
      }
    } catch (error) {
      done(error as Error);
      return;
    }
    // Outside the try: done() runs the next hooks, whose errors are not this hook's to report.
    if (recalled) done();
    else authenticate(request, scope, address, key, blocked).then(() => done(), done);
  });

  async function authenticate(request: FastifyRequest, scope: RouteScope, address: string, key: string | undefined, blocked: Promise<number> | null) {
    const retryAfter = (await blocked) ?? 0;
    if (retryAfter > 0) throw addressLimited(retryAfter, request);
    if (key === undefined) {
      throw new GatewayError('GW_AUTH_MISSING', 'Send a caller key as "Authorization: Bearer <key>" or "X-API-Key: <key>"', {
        headers: { 'www-authenticate': REALM },
      });
    }
    let result: Authentication;
    try {
      result = await options.keys.authenticate(key);
    } catch (error) {
      if (error instanceof CallerKeyStoreLostError) {
        // Not a 401: the caller's key may well be valid; the gateway lost the means to know.
        alarmStoreLost(request, error);
        throw new GatewayError('GW_KEY_STORE_LOST', 'Caller keys cannot be checked: the gateway\'s key store in Redis lost its data and must be restored', {
          headers: { 'retry-after': '30' },
          cause: error,
        });
      }
      // The key store (Redis or the key file) failed: nobody can be let in, nor told their key is bad.
      throw new GatewayError('GW_OVERLOADED', 'Caller keys cannot be checked right now', {
        headers: { 'retry-after': '1' },
        cause: error,
      });
    }
    if (!result.ok) {
      clearAddresses.delete(address);
      await failures.recordFailure(address).catch((error: unknown) => {
        request.log.warn({ err: { message: (error as Error).message } }, 'failed authentication not counted');
      });
      if (result.keyId) request.refusedKeyId = result.keyId;
      if (result.keyId) request.log.info({ callerKeyId: result.keyId, reason: result.reason }, 'caller key refused');
      throw new GatewayError('GW_AUTH_INVALID', REFUSALS[result.reason], {
        headers: { 'www-authenticate': `${REALM}, error="invalid_token"` },
      });
    }
    admit(request, result.caller, scope);
  }

  // The first hook after every onRequest hook, the rate limit's included; nothing else runs between.
  // A callback hook with a synchronous path: most requests have neither a pending check nor a refusal.
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const check = request.addressCheck;
    if (!check) {
      done(request.scopeRefusal ?? null, payload);
      return;
    }
    check.then((retryAfter) => {
      if (retryAfter > 0) done(addressLimited(retryAfter, request));
      else done(request.scopeRefusal ?? null, payload);
    }, done);
  });

  app.addHook('onClose', async () => options.keys.close());
}

export default fp(authPlugin, { name: 'auth', fastify: '5.x', dependencies: ['problem-details'] });

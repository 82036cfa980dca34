// The response cache. GET routes that declare `config.cache` have their handler wrapped: a fresh,
// valid entry is answered without Houston (HIT); otherwise one Houston read per key and instance
// runs at a time (concurrent identical misses share it) and its answer is stored (MISS). When
// Houston fails, an entry less than the stale window past its freshness is served (STALE). Write
// routes that declare `config.invalidates` bump their tags once they have succeeded — before the
// response leaves, so the caller's next read cannot see the old answer. A store that fails or is
// slow is skipped: the request goes on uncached.
//
// An invalidation can be lost. When this instance's own bump fails (Redis away or too slow), it
// owes those tags: reads under them skip the cache until one payment — one attempt at a time for
// the whole instance, at most one a second while Redis fails — has bumped them. When the
// connection to Redis comes back (after an outage or a failover, where another instance's bump
// may have been lost, or a promoted replica may lack the last ones), it owes the whole cache (a
// bump of the `everything` tag, which every entry carries) and reads nothing from it until that is
// paid. So a write made during an outage is never hidden after it by an answer cached before it —
// except on an instance that stayed connected while the writer was cut off, until the writer
// reaches Redis again. An entry only the whole-cache drop invalidated still serves stale-if-error.
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, onRequestHookHandler, RouteHandlerMethod } from 'fastify';
import fp from 'fastify-plugin';
import { withDeadline } from '../deadline.js';
import { isGatewayError, type ErrorCode } from '../errors.js';
import { newCacheCounters, type CacheCounters } from './counters.js';
import { cacheKeyOf, etagOf, ifNoneMatchHits, wantsFresh } from './keys.js';
import { createMemoryCacheStore } from './memory-store.js';
import { createRedisCacheStore } from './redis-store.js';
import { matchesGenerations, type CacheEntry, type CacheRead, type CacheStore } from './store.js';
import { tag } from './tags.js';
import { REPLAYED_HEADER } from '../idempotency/plugin.js';
import { INVALID, parsedOr, sameFlat, type Prefetched } from './prefetch.js';
import { NearCache, withNearCache, type NearCacheState } from './near-cache.js';
import { listenForInvalidations } from './invalidation-listener.js';
import { redisLayout } from '../redis-layout.js';
import { addRouteHook, payloadHookWhen } from '../plugins/hook-when.js';

export interface RouteCache {
  /** The tags an answer depends on; a write bumping any of them invalidates it. */
  tags: (request: FastifyRequest) => string[];
  /** Freshness for this route; the configured default otherwise. */
  ttlSeconds?: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    cache?: RouteCache;
    /** Tags a successful write invalidates, from the request and the response body. */
    invalidates?: (request: FastifyRequest, body: unknown) => string[];
  }
  interface FastifyRequest {
    /** Further tags to invalidate once this write succeeds (known only to the handler). */
    alsoInvalidates: string[];
  }
  interface FastifyInstance {
    cache: ResponseCache;
  }
}

export interface ResponseCache {
  readonly store: CacheStore['kind'] | 'off';
  readonly counters: CacheCounters;
  /** Whether the last store operation succeeded (false: serving uncached). */
  healthy(): boolean;
  /** The near cache in front of Redis, if there is one: whether it is trusted now, and what it holds. */
  near(): NearCacheState | null;
}

export interface CachePluginOptions {
  enabled: boolean;
  ttlSeconds: number;
  staleSeconds: number;
  maxEntries: number;
  timeoutMs: number;
  /** Bytes the near cache in front of Redis keeps at most; 0: no near cache. */
  nearMaxBytes?: number;
  /** How long the near cache trusts a generation it read, should an invalidation message be lost unnoticed. */
  nearTrustMs?: number;
  keyPrefix: string;
}

/** Houston failures that a stale answer may stand in for; a 4xx is an answer, never replaced. */
const STALE_ON: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'GW_UPSTREAM_UNAVAILABLE',
  'GW_UPSTREAM_BAD_GATEWAY',
  'GW_UPSTREAM_TIMEOUT',
  'GW_OVERLOADED',
  'GW_UPSTREAM_CIRCUIT_OPEN',
]);

type CacheState = 'HIT' | 'MISS' | 'STALE' | 'BYPASS';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Invalidations owed: the tags of this instance's writes whose bump failed, or the whole cache. */
type Debt = Set<string> | 'everything' | null;
/** How long a finished Houston read under known generations still answers identical reads. */
const FLIGHT_LINGER_MS = 1_000;
/** Raw URLs whose parse and key a route remembers at most (cache keys are ~100 bytes each). */
const MADE_MAX = 10_000;
/** Past this many owed tags, the whole cache is dropped instead. */
const MAX_OWED_TAGS = 1_000;

function owes(debt: Debt, tags: readonly string[]): boolean {
  if (debt === null) return false;
  return debt === 'everything' || tags.some((name) => debt.has(name));
}

/** Redis (with the near cache in front, unless it is off), memory without Redis, or none. */
function openStore(app: FastifyInstance, options: CachePluginOptions): { store: CacheStore | null; near: NearCache | null } {
  if (!options.enabled) return { store: null, near: null };
  if (!app.redis) return { store: createMemoryCacheStore(options.maxEntries), near: null };
  const store = createRedisCacheStore(app.redis, options.keyPrefix);
  if (!options.nearMaxBytes) return { store, near: null };
  const near = new NearCache({ maxBytes: options.nearMaxBytes, trustMs: options.nearTrustMs ?? 1_000 });
  const listener = listenForInvalidations(app.redis, redisLayout(options.keyPrefix).cache.invalidations, near, app.log);
  app.addHook('onClose', () => listener.close());
  return { store: withNearCache(store, near), near };
}

async function cachePlugin(app: FastifyInstance, options: CachePluginOptions) {
  const { store, near } = openStore(app, options);
  const counters = newCacheCounters();
  const staleMs = options.staleSeconds * 1000;
  const inFlight = new Map<string, Promise<CacheEntry>>();
  /** Reads begun in onRequest, taken by the handler (a WeakMap: a refused request leaves nothing behind). */
  const prefetched = new WeakMap<FastifyRequest, Prefetched>();
  let healthy = true;
  let lastWarning = 0;
  /** Invalidations this instance owes (see the top of the file), and those being paid now. */
  let debt: Debt = null;
  /** Counts debts incurred: a read issued before one arose is not trusted after it. */
  let debtsIncurred = 0;
  let paying: Debt = null;
  let payment: Promise<void> | null = null;
  /** After a failed payment, the next is tried no sooner than this: one attempt per second, not one per request. */
  let nextPaymentAt = 0;
  /**
   * Counts this instance's writes. A read that cannot use the store shares a Houston read only
   * with reads begun since the last write here, so a caller never reads past their own write.
   */
  let localWrites = 0;

  /** Runs a store operation within the time bound; null (and counted) when it fails. */
  async function guarded<T>(operation: () => Promise<T>, request: FastifyRequest): Promise<T | null> {
    try {
      const result = await withDeadline(operation(), options.timeoutMs, 'cache store');
      if (!healthy) request.log.info('response cache store answers again');
      healthy = true;
      return result;
    } catch (error) {
      counters.errors += 1;
      healthy = false;
      if (Date.now() - lastWarning > 10_000) {
        lastWarning = Date.now();
        request.log.warn({ err: { message: (error as Error).message } }, 'response cache store failed; serving uncached');
      }
      return null;
    }
  }

  function owe(tags: readonly string[] | 'everything') {
    debtsIncurred += 1;
    if (tags === 'everything' || debt === 'everything') {
      debt = 'everything';
      return;
    }
    debt ??= new Set();
    for (const name of tags) debt.add(name);
    if (debt.size > MAX_OWED_TAGS) debt = 'everything';
  }

  /** Whether reads under `tags` must skip the cache until a debt is paid. */
  const blocked = (tags: readonly string[]) => owes(debt, tags) || owes(paying, tags);

  /**
   * Pays the debt: one attempt at a time for the whole instance, which every blocked read awaits,
   * and at most one a second while the store fails — never one per request.
   */
  function pay(request: FastifyRequest, cache: CacheStore): Promise<void> {
    if (payment) return payment;
    if (debt === null || Date.now() < nextPaymentAt) return Promise.resolve();
    const owed = debt;
    paying = owed;
    debt = null;
    const tags = owed === 'everything' ? [tag.everything] : [...owed];
    payment = guarded(async () => {
      await cache.invalidate(tags);
      return true;
    }, request).then((paid) => {
      paying = null;
      payment = null;
      if (!paid) {
        owe(owed === 'everything' ? 'everything' : tags);
        nextPaymentAt = Date.now() + 1_000;
        return;
      }
      counters.invalidations += tags.length;
      if (owed === 'everything') request.log.info('dropped the whole response cache: invalidations may have been lost while Redis was away');
    });
    return payment;
  }

  function serve(request: FastifyRequest, reply: FastifyReply, entry: CacheEntry, state: CacheState) {
    const now = Date.now();
    const freshFor = Math.max(0, Math.floor((entry.storedAt + entry.ttlMs - now) / 1000));
    reply
      .header('etag', entry.etag)
      .header('x-cache', state)
      .header('cache-control', `private, max-age=${state === 'STALE' ? 0 : freshFor}`);
    if (state === 'HIT' || state === 'STALE') reply.header('age', String(Math.max(0, Math.floor((now - entry.storedAt) / 1000))));
    if (state === 'STALE') reply.header('warning', '110 houston-gateway "Response is Stale"');
    if (entry.link) reply.header('link', entry.link);
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatchHits(typeof ifNoneMatch === 'string' ? ifNoneMatch : undefined, entry.etag)) {
      return reply.code(304).send();
    }
    // Already serialised through the route's response schema (fetchEntry): a string with a JSON
    // content type is sent as is, without preSerialization hooks or the serializer.
    reply.header('content-type', JSON_TYPE);
    return entry.body;
  }

  const keyOf = (request: FastifyRequest, route: string, params: unknown, query: unknown) =>
    cacheKeyOf({
      credential: request.houstonCredentialFingerprint,
      // A restricted key's answers are filtered to its workspaces, so they are its own.
      workspaces: request.caller?.workspaces ?? null,
      route,
      params,
      query,
    });

  /**
   * Starts the cache read in onRequest, before the rate limit's hook sends its script: both leave
   * in one Redis write (auto-pipelining, redis.ts). Params and query are not validated yet, so the
   * key is made from what the route's schemas would make of them; the handler uses the read only if
   * its own key and tags, from the validated request, are the same.
   */
  function prefetcher(routeCache: RouteCache, route: string, schema: FastifySchema | undefined): onRequestHookHandler {
    /**
     * What a raw URL made, per credential and allow-list: its parsed params and query and its key.
     * The same bytes always make the same, so a hot URL is parsed and digested once. Bounded: emptied
     * when full.
     */
    const made = new Map<string, { key: string; params: unknown; query: unknown }>();
    return function prefetchCacheRead(request, _reply, done) {
      try {
        if (store && request.caller && !request.scopeRefusal) {
          const workspaces = request.caller.workspaces;
          // The fingerprint has no space and the JSON list delimits itself: no two callers share a string.
          const raw = `${request.houstonCredentialFingerprint} ${workspaces === null ? '*' : JSON.stringify(workspaces)} ${request.url}`;
          let found = made.get(raw);
          if (found === undefined) {
            const params = parsedOr(schema?.params, request.params);
            const query = parsedOr(schema?.querystring, request.query);
            found = { key: params === INVALID || query === INVALID ? '' : keyOf(request, route, params, query), params, query };
            if (made.size >= MADE_MAX) made.clear();
            made.set(raw, found);
          }
          const { params, query } = found;
          if (found.key !== '') {
            const tags = [tag.everything, ...routeCache.tags(request)];
            if (!blocked(tags)) {
              const key = found.key;
              // From memory when the near cache holds it and can vouch for it; from Redis otherwise.
              const read = store.peek?.(key, tags, Date.now()) ?? guarded(() => store.read(key, tags), request);
              prefetched.set(request, { key, tags, params, query, debtsIncurred, read });
            }
          }
        }
      } catch {
        // Nothing prefetched: the handler reads (or meets the same error and answers it).
      }
      done();
    };
  }

  /**
   * The read prefetched for this request, if its key and tags are the ones the validated request
   * gives and no debt arose since it was issued; null otherwise (the handler reads anew).
   */
  function prefetchedRead(request: FastifyRequest, route: string, tags: readonly string[]): { key: string; read: Prefetched['read'] } | null {
    const found = prefetched.get(request);
    if (!found) return null;
    prefetched.delete(request);
    const same =
      found.debtsIncurred === debtsIncurred &&
      found.tags.length === tags.length &&
      found.tags.every((name, i) => name === tags[i]) &&
      // What the key was made of, compared rather than digested again.
      sameFlat(found.params, request.params) &&
      sameFlat(found.query, request.query);
    return same ? { key: found.key, read: found.read } : null;
  }

  function wrap(handler: RouteHandlerMethod, routeCache: RouteCache, route: string): RouteHandlerMethod {
    return async function cachedHandler(this: FastifyInstance, request, reply) {
      const ttlMs = (routeCache.ttlSeconds ?? options.ttlSeconds) * 1000;
      const fetchEntry = async (generations: number[]): Promise<CacheEntry> => {
        const result: unknown = await handler.call(this, request, reply);
        // Once, here, with the route's serializer: the response schema validates and filters the
        // answer before it is stored, so an answer that fails its schema is never cached, and a HIT
        // sends the stored bytes without parsing or serialising them again.
        const serialised = reply.serialize(result);
        const body = typeof serialised === 'string' ? serialised : Buffer.from(serialised as ArrayBuffer).toString('utf8');
        const link = reply.getHeader('link');
        return { body, etag: etagOf(body), storedAt: Date.now(), ttlMs, generations, ...(typeof link === 'string' ? { link } : {}) };
      };
      const fresh = wantsFresh(request.headers['cache-control']);
      if (!store) return serve(request, reply, await fetchEntry([]), 'BYPASS');

      const tags = [tag.everything, ...routeCache.tags(request)];
      const prefetch = prefetchedRead(request, route, tags);
      const key = prefetch?.key ?? keyOf(request, route, request.params, request.query);
      if (blocked(tags)) await pay(request, store);
      let read: CacheRead | null = blocked(tags) ? null : await (prefetch?.read ?? guarded(() => store.read(key, tags), request));
      // A debt arose while this read waited (Redis came back, a write here failed to invalidate):
      // what it found may predate the invalidation owed.
      if (blocked(tags)) read = null;
      const valid = read?.entry && matchesGenerations(read.entry, read.generations) ? read.entry : null;
      if (valid && !fresh && valid.storedAt + valid.ttlMs > Date.now()) {
        counters.hits += 1;
        return serve(request, reply, valid, 'HIT');
      }
      // Stale-if-error may still use an entry that only the whole-cache drop invalidated: it may be
      // out of date, as any stale answer, but no write is known to have changed it.
      const fallback = valid ?? (read?.entry && matchesGenerations(read.entry, read.generations, { except: 0 }) ? read.entry : null);
      try {
        // Only reads under the same generations may share a Houston read: one begun before a write
        // must not answer a read that began after it. A read whose generations are unknown (the
        // store failed or was too slow) shares only with reads begun since this instance's last
        // write — a write through another instance during that one Houston read may go unseen,
        // the price of not sending Houston one call per request while the store is away. A caller
        // asking for a fresh answer makes its own.
        const flightKey = fresh ? null : read ? `${key}|${read.generations.join(',')}` : `${key}|unknown|${localWrites}`;
        let pending = flightKey === null ? undefined : inFlight.get(flightKey);
        if (pending) {
          counters.coalesced += 1;
        } else {
          const own: Promise<CacheEntry> = (async () => {
            // Generations from before the Houston read: a write racing it leaves the entry invalid.
            const entry = await fetchEntry(read?.generations ?? []);
            if (read) await guarded(() => store.write(key, entry, ttlMs + staleMs), request);
            return entry;
          })();
          const forget = () => {
            if (flightKey !== null && inFlight.get(flightKey) === own) inFlight.delete(flightKey);
          };
          // A read whose look-up left before the entry was stored, and came back after this read
          // ended, would find no entry and no flight, and ask Houston again (1,000 identical cold
          // reads made 3 calls). So a successful read under known generations is kept a moment
          // longer: a read finding it has just seen the same generations, so the answer is exactly
          // as valid as the stored entry it would have found. A failure is forgotten at once.
          own.then(
            () => (read ? setTimeout(forget, Math.min(FLIGHT_LINGER_MS, ttlMs)).unref() : forget()),
            forget,
          );
          if (flightKey !== null) inFlight.set(flightKey, own);
          pending = own;
        }
        const entry = await pending;
        if (fresh) counters.bypasses += 1;
        else counters.misses += 1;
        return serve(request, reply, entry, fresh ? 'BYPASS' : 'MISS');
      } catch (error) {
        const servable = fallback && !fresh && isGatewayError(error) && STALE_ON.has(error.code) && Date.now() <= fallback.storedAt + fallback.ttlMs + staleMs;
        if (!servable) throw error;
        counters.stale += 1;
        request.log.warn({ code: error.code }, 'Houston failed; serving a stale cached answer');
        return serve(request, reply, fallback, 'STALE');
      }
    };
  }

  app.decorateRequest('alsoInvalidates', {
    getter(this: FastifyRequest & { _alsoInvalidates?: string[] }) {
      this._alsoInvalidates ??= [];
      return this._alsoInvalidates;
    },
  });

  app.addHook('onRoute', (route) => {
    const routeCache = route.config?.cache;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (routeCache && methods.every((method) => method === 'GET' || method === 'HEAD')) {
      route.handler = wrap(route.handler, routeCache, route.url);
      // First among the route's onRequest hooks (after the app's, auth's included), so the read is
      // on its way before the rate limit's hook sends its script.
      const own = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
      route.onRequest = [prefetcher(routeCache, route.url, route.schema), ...own];
    }
  });

  // Only on routes that invalidate (reads never call it); only a successful write runs the async part.
  const invalidating = (request: FastifyRequest, reply: FastifyReply) => store !== null && request.routeOptions.config.invalidates !== undefined && reply.statusCode < 400;
  const invalidateOnSend = payloadHookWhen(invalidating, async (request, reply, payload: unknown) => {
    const invalidates = request.routeOptions.config.invalidates;
    if (!invalidates || !store) return payload;
    // A replayed idempotent write changed nothing now; its first run invalidated already.
    if (reply.getHeader(REPLAYED_HEADER) === 'true') return payload;
    let body: unknown;
    try {
      body = typeof payload === 'string' && payload.length > 0 ? JSON.parse(payload) : undefined;
    } catch {
      body = undefined;
    }
    const tags = [...new Set([...invalidates(request, body), ...request.alsoInvalidates])];
    if (tags.length === 0) return payload;
    localWrites += 1;
    const done = await guarded(async () => {
      await store.invalidate(tags);
      return true;
    }, request);
    if (done) {
      counters.invalidations += tags.length;
    } else {
      // Owed, and paid once the store answers; until then reads under these tags skip the cache.
      // (A bump that timed out may have been applied: paying it again only costs a miss.)
      owe(tags);
      request.log.error({ tags }, 'cache invalidation failed; retried once Redis answers, and reads it concerns skip the cache until then');
    }
    return payload;
  });
  app.addHook('onRoute', (route) => {
    if (route.config?.invalidates) addRouteHook(route, 'onSend', invalidateOnSend);
  });

  // A reconnection means Redis was away: another instance's invalidation may have been lost then.
  const redis = store?.kind === 'redis' ? app.redis : null;
  if (redis) {
    let connectedBefore = redis.status === 'ready';
    const onReady = () => {
      if (connectedBefore) owe('everything');
      connectedBefore = true;
    };
    redis.on('ready', onReady);
    app.addHook('onClose', async () => {
      redis.off('ready', onReady);
    });
  }

  app.decorate('cache', {
    store: store?.kind ?? 'off',
    counters,
    healthy: () => healthy,
    near: () => near?.state() ?? null,
  } satisfies ResponseCache);
}

export default fp(cachePlugin, { name: 'cache', fastify: '5.x', dependencies: ['redis', 'houston'] });

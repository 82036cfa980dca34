// Every Redis key the gateway writes, in one place, laid out for Redis Cluster: each atomic
// operation (a Lua script, a MULTI, a multi-key command) touches keys that share a hash tag, so it
// runs on one slot. Keys begin with REDIS_KEY_PREFIX (so an ACL such as `~hgw:*` covers them); the
// braces come after it. The README's "Redis key layout" table is this file in prose.
//
// - Caller keys: four hashes and the store's identity share the `{caller-keys}` tag. Inserting a
//   key (record + hash index + identity) and finding one by hash (index → record → revocation →
//   last use → identity) are each one script on one slot. One slot carries every lookup, but a
//   lookup happens at most once a second per key and instance (CallerKeys' freshForMs).
// - Idempotency: a record and its attempt marker share the record's address as their tag.
// - Cache: entries spread over the cluster by their digest; every tag generation is a field of one
//   hash under the `{cache}` tag, so an invalidation bumps all of a write's tags at once. A read
//   asks the entry and the generations in two commands that may go to two nodes; see
//   cache/redis-store.ts for why that stays correct.
// - Rate limits (@fastify/rate-limit) and failed-authentication counters: one key per caller key
//   or address, single-key commands only.

export function redisLayout(prefix: string) {
  const callerKeys = `${prefix}{caller-keys}`;
  return {
    callerKeys: {
      records: `${callerKeys}:records`,
      byHash: `${callerKeys}:by-hash`,
      revoked: `${callerKeys}:revoked`,
      lastUsed: `${callerKeys}:last-used`,
      /** A random id written with the first key: gone means the store lost its data. */
      identity: `${callerKeys}:identity`,
      /** Written by the readiness check: proves the primary holding caller keys takes writes. */
      writeProbe: `${callerKeys}:write-probe`,
    },
    idempotency: {
      record: (address: string) => `${prefix}idempotency:{${address}}`,
      attempt: (address: string) => `${prefix}idempotency-attempt:{${address}}`,
    },
    cache: {
      // Not `cache:entry:` (the release before): its entries carry generations of another scheme.
      entry: (digest: string) => `${prefix}cache:response:${digest}`,
      generations: `${prefix}{cache}:generations`,
      /** Pub/sub: every invalidation's tags, one per line, for the instances' near caches. */
      invalidations: `${prefix}{cache}:invalidations`,
    },
    rateLimitNamespace: `${prefix}rate-limit:`,
    authFailures: (address: string) => `${prefix}auth-failures:${address}`,
  };
}

export type RedisLayout = ReturnType<typeof redisLayout>;

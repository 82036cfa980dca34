// Caller keys in Redis, shared by every gateway instance: each instance asks again at least once a
// second (CallerKeys' freshForMs), so a revocation reaches every replica within a second. Records
// are written once; revocation and last use live in their own hashes, so no update is a
// read-modify-write. Every key shares the `{caller-keys}` hash tag (redis-layout.ts), so each
// script below runs on one Redis Cluster slot.
//
// Lost data. A Redis restarted without persistence, or a replica promoted before it had synced,
// comes back empty; every valid caller key would then look unknown and get 401 — the caller told
// their key is bad, when in truth the gateway lost it. So the first key written also writes a
// random store identity, and every lookup reads it back: once this process has seen an identity,
// finding none (or another one with no key of ours) means the data is gone, and lookups fail with
// CallerKeyStoreLostError (503 and an alarm in the log) until the data is restored. Creating a key
// from the CLI in an empty store starts a new one deliberately; instances then take it up.
import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../../redis.js';
import { redisLayout } from '../../redis-layout.js';
import { byCreation, CallerKeyStoreLostError, DuplicateCallerKeyError, LastAdminKeyError, StoredCallerKeySchema, type CallerKeyStore, type StoredCallerKey } from '../key-record.js';

// KEYS: records, by-hash, identity. ARGV: id, hash, record JSON, identity expected ('' for any),
// identity to start with. Returns 1, 0 when the id or hash exists, -1 when the identity is not the
// expected one (the store was lost since this process saw it).
const INSERT = `
local identity = redis.call('GET', KEYS[3])
if ARGV[4] ~= '' and identity ~= ARGV[4] then return -1 end
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
if not identity then redis.call('SET', KEYS[3], ARGV[5]) end
return 1`;

// KEYS: by-hash, records, revoked, last-used, identity. ARGV: hash. One round trip per lookup.
const FIND_BY_HASH = `
local identity = redis.call('GET', KEYS[5]) or ''
local id = redis.call('HGET', KEYS[1], ARGV[1])
if not id then return {identity} end
local record = redis.call('HGET', KEYS[2], id)
if not record then return {identity} end
return {identity, record, redis.call('HGET', KEYS[3], id) or '', redis.call('HGET', KEYS[4], id) or ''}`;

// KEYS: records, revoked. ARGV: id, revocation time, '1' when guarded, then the other keys of which
// one at least must stay unrevoked. Returns 1 (revoked, or already), 0 when there is no such key, -1
// when refused. One script, so two revocations racing for the last two keys cannot both pass.
const REVOKE_UNLESS_LAST = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if ARGV[3] == '1' and redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then
  local left = false
  for i = 4, #ARGV do
    if redis.call('HEXISTS', KEYS[2], ARGV[i]) == 0 and redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 then left = true break end
  end
  if not left then return -1 end
end
redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2])
return 1`;

interface KeyCommands {
  hgwRevokeKey(records: string, revoked: string, id: string, at: string, guarded: string, ...others: string[]): Promise<number>;
  hgwInsertKey(records: string, byHash: string, identity: string, id: string, hash: string, json: string, expected: string, fresh: string): Promise<number>;
  hgwFindKeyByHash(byHash: string, records: string, revoked: string, lastUsed: string, identity: string, hash: string): Promise<string[]>;
}

/** Names before the Cluster layout (no hash tag): moved once, on a single server, so no key is lost. */
const legacyNames = (prefix: string) => ({
  records: `${prefix}caller-keys:records`,
  byHash: `${prefix}caller-keys:by-hash`,
  revoked: `${prefix}caller-keys:revoked`,
  lastUsed: `${prefix}caller-keys:last-used`,
});

async function moveLegacyKeys(redis: RedisClient, prefix: string): Promise<void> {
  // A Cluster never held the old layout: its scripts failed with CROSSSLOT.
  if (redis.isCluster) return;
  const names = redisLayout(prefix).callerKeys;
  const legacy = legacyNames(prefix);
  for (const part of ['records', 'byHash', 'revoked', 'lastUsed'] as const) {
    if ((await redis.exists(legacy[part])) === 1) await redis.renamenx(legacy[part], names[part]);
  }
  // A store written before identities existed gets one now, if it holds any key.
  if ((await redis.hlen(names.records)) > 0) await redis.set(names.identity, newIdentity(), 'NX');
}

/** How long a new key waits for a replica to hold it; within REDIS_TIMEOUT_MS's default. */
const REPLICA_WAIT_MS = 500;

const newIdentity = () => randomBytes(12).toString('base64url');

export interface RedisKeyStoreOptions {
  /** Told when the store comes back with another identity (it was started anew from the CLI). */
  onNewIdentity?: (detail: string) => void;
}

export function createRedisKeyStore(redis: RedisClient, prefix: string, options: RedisKeyStoreOptions = {}): CallerKeyStore {
  const keys = redisLayout(prefix).callerKeys;
  if (!('hgwInsertKey' in redis)) {
    redis.defineCommand('hgwInsertKey', { numberOfKeys: 3, lua: INSERT });
    redis.defineCommand('hgwFindKeyByHash', { numberOfKeys: 5, lua: FIND_BY_HASH });
    redis.defineCommand('hgwRevokeKey', { numberOfKeys: 2, lua: REVOKE_UNLESS_LAST });
  }
  const commands = redis as unknown as KeyCommands;
  /** The identity this process has seen the store under; null until it has seen one. */
  let seenIdentity: string | null = null;
  let migrated: Promise<void> | null = null;
  const migrateOnce = () => {
    migrated ??= moveLegacyKeys(redis, prefix).catch((error: unknown) => {
      migrated = null; // Redis was away: try again with the next operation
      throw error;
    });
    return migrated;
  };

  /** Checks the identity read with a lookup; throws when the store lost what this process saw. */
  function checkIdentity(identity: string): void {
    if (identity === seenIdentity) return;
    if (identity === '') {
      if (seenIdentity !== null) throw new CallerKeyStoreLostError('its identity is gone (Redis restarted without persistence, or failed over to a replica that had not synced)');
      return; // never initialised: no key was ever created in it
    }
    // Another store under the same names: taken up, since only a deliberate `keys create` on an
    // empty store (or a restored backup) makes one.
    if (seenIdentity !== null) options.onNewIdentity?.(`the caller-key store was started anew or restored (identity ${seenIdentity} → ${identity})`);
    seenIdentity = identity;
  }

  /**
   * Replication is asynchronous: a key shown to its owner, then lost with a primary that died before
   * its replica had it, would be refused for ever. So where the primary has replicas, a new key is
   * acknowledged once one holds it (WAIT), or after REPLICA_WAIT_MS at worst. Keys are created
   * rarely; lookups never wait. (On a Cluster, WAIT would reach a random node: not done there.)
   */
  async function untilOnAReplica(): Promise<void> {
    if (redis.isCluster) return;
    const replicas = Number(/^connected_slaves:(\d+)/m.exec(await redis.info('replication'))?.[1] ?? 0);
    if (replicas > 0) await redis.wait(1, REPLICA_WAIT_MS);
  }

  const decode = (json: string, revokedAt: string | null, lastUsedAt: string | null): StoredCallerKey => ({
    ...StoredCallerKeySchema.parse(JSON.parse(json)),
    revokedAt,
    lastUsedAt,
  });
  const orNull = (value: string | null | undefined) => (value ? value : null);

  async function get(id: string): Promise<StoredCallerKey | null> {
    await migrateOnce();
    const [json, revokedAt, lastUsedAt] = await Promise.all([
      redis.hget(keys.records, id),
      redis.hget(keys.revoked, id),
      redis.hget(keys.lastUsed, id),
    ]);
    return json ? decode(json, revokedAt, lastUsedAt) : null;
  }

  return {
    async insert(key) {
      await migrateOnce();
      // Revocation and last use are kept in their own hashes; the record itself never changes.
      const record = { ...key, revokedAt: null, lastUsedAt: null };
      const inserted = await commands.hgwInsertKey(
        keys.records,
        keys.byHash,
        keys.identity,
        key.id,
        key.hash,
        JSON.stringify(record),
        seenIdentity ?? '',
        newIdentity(),
      );
      if (inserted === -1) throw new CallerKeyStoreLostError('a key cannot be added to it until it is restored');
      if (inserted !== 1) throw new DuplicateCallerKeyError();
      if (key.revokedAt) await redis.hset(keys.revoked, key.id, key.revokedAt);
      if (key.lastUsedAt) await redis.hset(keys.lastUsed, key.id, key.lastUsedAt);
      await untilOnAReplica();
    },
    async findByHash(hash) {
      await migrateOnce();
      const [identity = '', json, revokedAt, lastUsedAt] = await commands.hgwFindKeyByHash(
        keys.byHash,
        keys.records,
        keys.revoked,
        keys.lastUsed,
        keys.identity,
        hash,
      );
      checkIdentity(identity);
      return json ? decode(json, orNull(revokedAt), orNull(lastUsedAt)) : null;
    },
    get,
    async list() {
      await migrateOnce();
      // One slot: a MULTI reads the four together, so the identity vouches for the hashes.
      const replies = (await redis.multi().get(keys.identity).hgetall(keys.records).hgetall(keys.revoked).hgetall(keys.lastUsed).exec()) ?? [];
      for (const [error] of replies) if (error) throw error;
      const [identity, records, revoked, lastUsed] = replies.map(([, value]) => value) as [string | null, Record<string, string>, Record<string, string>, Record<string, string>];
      checkIdentity(identity ?? '');
      return Object.entries(records)
        .map(([id, json]) => decode(json, orNull(revoked[id]), orNull(lastUsed[id])))
        .sort(byCreation);
    },
    async revoke(id, at, guard) {
      await migrateOnce();
      const revoked = await commands.hgwRevokeKey(keys.records, keys.revoked, id, at, guard ? '1' : '', ...(guard?.unlessNoneLeftOf ?? []));
      if (revoked === 0) return null;
      if (revoked === -1) throw new LastAdminKeyError(id);
      return get(id);
    },
    async touch(id, at) {
      await redis.hset(keys.lastUsed, id, at);
    },
    // The connection belongs to whoever opened it.
    async close() {},
  };
}

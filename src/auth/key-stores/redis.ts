// Caller keys in Redis, shared by every gateway instance: each instance asks again at least once a
// second (CallerKeys' freshForMs), so a revocation reaches every replica within a second. Records
// are written once; revocation and last use live in their own hashes, so no update is a
// read-modify-write.
import type { Redis } from 'ioredis';
import { byCreation, DuplicateCallerKeyError, StoredCallerKeySchema, type CallerKeyStore, type StoredCallerKey } from '../key-record.js';

// KEYS: records, by-hash. ARGV: id, hash, record JSON. Returns 0 when the id or hash exists.
const INSERT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
return 1`;

// KEYS: by-hash, records, revoked, last-used. ARGV: hash. One round trip per authentication.
const FIND_BY_HASH = `
local id = redis.call('HGET', KEYS[1], ARGV[1])
if not id then return nil end
local record = redis.call('HGET', KEYS[2], id)
if not record then return nil end
return {record, redis.call('HGET', KEYS[3], id) or '', redis.call('HGET', KEYS[4], id) or ''}`;

interface KeyCommands {
  hgwInsertKey(records: string, byHash: string, id: string, hash: string, json: string): Promise<number>;
  hgwFindKeyByHash(byHash: string, records: string, revoked: string, lastUsed: string, hash: string): Promise<[string, string, string] | null>;
}

export function createRedisKeyStore(redis: Redis, prefix: string): CallerKeyStore {
  const keys = {
    records: `${prefix}caller-keys:records`,
    byHash: `${prefix}caller-keys:by-hash`,
    revoked: `${prefix}caller-keys:revoked`,
    lastUsed: `${prefix}caller-keys:last-used`,
  };
  if (!('hgwInsertKey' in redis)) {
    redis.defineCommand('hgwInsertKey', { numberOfKeys: 2, lua: INSERT });
    redis.defineCommand('hgwFindKeyByHash', { numberOfKeys: 4, lua: FIND_BY_HASH });
  }
  const commands = redis as unknown as KeyCommands;

  const decode = (json: string, revokedAt: string | null, lastUsedAt: string | null): StoredCallerKey => ({
    ...StoredCallerKeySchema.parse(JSON.parse(json)),
    revokedAt,
    lastUsedAt,
  });
  const orNull = (value: string | null | undefined) => (value ? value : null);

  async function get(id: string): Promise<StoredCallerKey | null> {
    const [json, revokedAt, lastUsedAt] = await Promise.all([
      redis.hget(keys.records, id),
      redis.hget(keys.revoked, id),
      redis.hget(keys.lastUsed, id),
    ]);
    return json ? decode(json, revokedAt, lastUsedAt) : null;
  }

  return {
    async insert(key) {
      // Revocation and last use are kept in their own hashes; the record itself never changes.
      const record = { ...key, revokedAt: null, lastUsedAt: null };
      const inserted = await commands.hgwInsertKey(keys.records, keys.byHash, key.id, key.hash, JSON.stringify(record));
      if (inserted !== 1) throw new DuplicateCallerKeyError();
      if (key.revokedAt) await redis.hset(keys.revoked, key.id, key.revokedAt);
      if (key.lastUsedAt) await redis.hset(keys.lastUsed, key.id, key.lastUsedAt);
    },
    async findByHash(hash) {
      const found = await commands.hgwFindKeyByHash(keys.byHash, keys.records, keys.revoked, keys.lastUsed, hash);
      return found ? decode(found[0], orNull(found[1]), orNull(found[2])) : null;
    },
    get,
    async list() {
      const [records, revoked, lastUsed] = await Promise.all([
        redis.hgetall(keys.records),
        redis.hgetall(keys.revoked),
        redis.hgetall(keys.lastUsed),
      ]);
      return Object.entries(records)
        .map(([id, json]) => decode(json, orNull(revoked[id]), orNull(lastUsed[id])))
        .sort(byCreation);
    },
    async revoke(id, at) {
      if (!(await redis.hexists(keys.records, id))) return null;
      await redis.hsetnx(keys.revoked, id, at);
      return get(id);
    },
    async touch(id, at) {
      await redis.hset(keys.lastUsed, id, at);
    },
    // The connection belongs to whoever opened it.
    async close() {},
  };
}

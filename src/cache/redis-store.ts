// The response cache in Redis, shared by every gateway instance.
//
// Layout (redis-layout.ts): entries spread over a Cluster by their digest; every tag generation is
// a field of one hash, so an invalidation bumps all of a write's tags in one script on one slot.
// A read asks for the entry and the generations in two commands, which on a Cluster may reach two
// nodes and are not one atomic snapshot. That stays correct because generations only grow and an
// entry remembers the generations read *before* its Houston read began: an entry is served only if
// every generation still equals what it was then, at the moment it was read now. A write that
// finished before this read began has bumped its tags already, so its predecessor entries cannot
// match; a write still running when the read began may or may not be seen, as with one server.
import { randomInt } from 'node:crypto';
import type { RedisClient } from '../redis.js';
import { redisLayout } from '../redis-layout.js';
import type { CacheEntry, CacheStore } from './store.js';
import { tag } from './tags.js';

/**
 * The generations hash expires this long after its last invalidation. Entries live minutes, so
 * none outlives it; and when it is made anew its `everything` field starts from a random value, so
 * counters restarting cannot line up with an entry's remembered ones.
 */
const GENERATIONS_TTL_SECONDS = 7 * 24 * 3600;
/** Tags remembered at most: past this, the hash starts anew (which invalidates every entry). */
const MAX_TAGS = 100_000;

// KEYS[1] generations hash. ARGV[1] a random start for `everything`, ARGV[2] MAX_TAGS, ARGV[3]
// TTL (s), ARGV[4] the invalidations channel, ARGV[5..] tags to bump. The bump and its message are
// one script, so no bump goes unannounced (near-cache.ts); a hash made anew (a new `everything`)
// announces `everything`.
const INVALIDATE = `
local announced = {}
if redis.call('HLEN', KEYS[1]) > tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) end
if redis.call('HSETNX', KEYS[1], '${tag.everything}', ARGV[1]) == 1 then announced[1] = '${tag.everything}' end
for i = 5, #ARGV do
  redis.call('HINCRBY', KEYS[1], ARGV[i], 1)
  announced[#announced + 1] = ARGV[i]
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', ARGV[4], table.concat(announced, '\\n'))
return 1`;

/**
 * Per-tag counters of the release before the Cluster layout. Bumped too, on one server only (a
 * Cluster never ran that release's cache), so instances of the old release still see this one's
 * writes during a rolling upgrade. Can go once no such release runs.
 */
const legacyTagKey = (prefix: string, name: string) => `${prefix}cache:tag:${name}`;
const LEGACY_TAG_TTL_SECONDS = 7 * 24 * 3600;

/**
 * An entry as stored: `v2 `, its metadata as JSON on one line, then the body as it is sent. The
 * body is not a JSON string inside JSON, so a HIT parses only the few bytes of metadata and never
 * escapes or unescapes the body. An entry of the release before (one JSON object, its body the
 * handler's result before the response schema filtered it) reads as a miss and is overwritten.
 */
const FORMAT = 'v2 ';

export function encodeEntry({ body, ...meta }: CacheEntry): string {
  return `${FORMAT}${JSON.stringify(meta)}\n${body}`;
}

export function decodeEntry(raw: string): CacheEntry | null {
  if (!raw.startsWith(FORMAT)) return null;
  const end = raw.indexOf('\n');
  if (end < 0) return null;
  try {
    const meta = JSON.parse(raw.slice(FORMAT.length, end)) as Omit<CacheEntry, 'body'>;
    return { ...meta, body: raw.slice(end + 1) };
  } catch {
    return null; // an unreadable entry is a miss, and will be overwritten
  }
}

export function createRedisCacheStore(redis: RedisClient, prefix: string): CacheStore {
  const layout = redisLayout(prefix).cache;

  return {
    kind: 'redis',
    async read(key, tags) {
      const [raw, counters] = await Promise.all([
        redis.get(layout.entry(key)),
        tags.length > 0 ? redis.hmget(layout.generations, ...tags) : Promise.resolve([]),
      ]);
      const entry = raw ? decodeEntry(raw) : null;
      return { entry, generations: tags.map((_, index) => Number(counters[index] ?? 0)) };
    },
    async write(key, entry, keepMs) {
      await redis.set(layout.entry(key), encodeEntry(entry), 'PX', Math.max(1, Math.ceil(keepMs)));
    },
    async invalidate(tags) {
      if (tags.length === 0) return;
      const bumped = redis.eval(INVALIDATE, 1, layout.generations, String(randomInt(1, 2 ** 47)), String(MAX_TAGS), String(GENERATIONS_TTL_SECONDS), layout.invalidations, ...tags);
      if (redis.isCluster) {
        await bumped;
        return;
      }
      const legacy = redis.pipeline();
      for (const name of tags) legacy.incr(legacyTagKey(prefix, name)).expire(legacyTagKey(prefix, name), LEGACY_TAG_TTL_SECONDS);
      const [, results] = await Promise.all([bumped, legacy.exec()]);
      for (const [error] of results ?? []) if (error) throw error;
    },
    async ping() {
      await redis.ping();
    },
  };
}

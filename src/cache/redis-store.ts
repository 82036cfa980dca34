// The response cache in Redis, shared by every gateway instance. A read is one pipeline (the entry
// and its tags' generations); a write is one SET with expiry; an invalidation one INCR per tag.
import type { Redis } from 'ioredis';
import type { CacheEntry, CacheStore } from './store.js';

/**
 * Generation counters outlive every entry by far (entries live minutes), so an expired counter
 * restarting at 0 can never line up with an old entry's remembered value.
 */
const GENERATION_TTL_SECONDS = 7 * 24 * 3600;

export function createRedisCacheStore(redis: Redis, prefix: string): CacheStore {
  const entryKey = (key: string) => `${prefix}cache:entry:${key}`;
  const tagKey = (tag: string) => `${prefix}cache:tag:${tag}`;

  return {
    kind: 'redis',
    async read(key, tags) {
      const pipeline = redis.pipeline().get(entryKey(key));
      if (tags.length > 0) pipeline.mget(...tags.map(tagKey));
      const results = (await pipeline.exec()) ?? [];
      for (const [error] of results) if (error) throw error;
      const raw = results[0]?.[1] as string | null | undefined;
      const counters = (tags.length > 0 ? (results[1]?.[1] as (string | null)[]) : []) ?? [];
      let entry: CacheEntry | null = null;
      if (raw) {
        try {
          entry = JSON.parse(raw) as CacheEntry;
        } catch {
          entry = null; // an unreadable entry is a miss, and will be overwritten
        }
      }
      return { entry, generations: tags.map((_, index) => Number(counters[index] ?? 0)) };
    },
    async write(key, entry, keepMs) {
      await redis.set(entryKey(key), JSON.stringify(entry), 'PX', Math.max(1, Math.ceil(keepMs)));
    },
    async invalidate(tags) {
      if (tags.length === 0) return;
      const pipeline = redis.pipeline();
      for (const tag of tags) pipeline.incr(tagKey(tag)).expire(tagKey(tag), GENERATION_TTL_SECONDS);
      const results = (await pipeline.exec()) ?? [];
      for (const [error] of results) if (error) throw error;
    },
    async ping() {
      await redis.ping();
    },
  };
}

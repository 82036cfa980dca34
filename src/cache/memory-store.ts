// The response cache in process memory, for running without Redis: a bounded LRU (a Map kept in
// use order) with per-entry expiry. Invalidation reaches only this process, which is all there is.
import type { CacheEntry, CacheStore } from './store.js';

/** A copy the caller may change without changing the store (the body, a string, is immutable). */
const copyOf = (entry: CacheEntry): CacheEntry => ({ ...entry, generations: [...entry.generations] });

export function createMemoryCacheStore(maxEntries: number): CacheStore {
  const entries = new Map<string, { entry: CacheEntry; expiresAt: number }>();
  const generations = new Map<string, number>();

  return {
    kind: 'memory',
    async read(key, tags) {
      const found = entries.get(key);
      let entry: CacheEntry | null = null;
      if (found && found.expiresAt > Date.now()) {
        // Re-insert to mark as most recently used.
        entries.delete(key);
        entries.set(key, found);
        entry = copyOf(found.entry);
      } else if (found) {
        entries.delete(key);
      }
      return { entry, generations: tags.map((tag) => generations.get(tag) ?? 0) };
    },
    async write(key, entry, keepMs) {
      entries.delete(key);
      entries.set(key, { entry: copyOf(entry), expiresAt: Date.now() + keepMs });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    async invalidate(tags) {
      for (const tag of tags) generations.set(tag, (generations.get(tag) ?? 0) + 1);
    },
    async ping() {},
  };
}

// What the response cache keeps and the interface its two stores (Redis, in-memory LRU) share.
//
// Invalidation is by tag generations: every tag (e.g. `workspace:<id>:deployments`) has a counter;
// an entry remembers the counters of its tags as they were *before* its Houston read began, and is
// valid only while they are unchanged. A write bumps its tags' counters. So invalidation is one
// INCR per tag, reaches every instance sharing the Redis at once, and a read that raced a write can
// never store an answer the write made stale.

export interface CacheEntry {
  /** The answer as sent: the handler's result serialised once, through the route's response schema. */
  body: string;
  etag: string;
  /** Epoch milliseconds when Houston answered. */
  storedAt: number;
  /** Fresh for this long after storedAt. */
  ttlMs: number;
  /** The tag generations the entry was read under, in the order of its tags. */
  generations: number[];
  /** The RFC 8288 Link header of a list page, which a HIT must answer with too. */
  link?: string;
}

export interface CacheRead {
  entry: CacheEntry | null;
  /** The current generation of each requested tag (0 for a tag never bumped). */
  generations: number[];
}

export interface CacheStore {
  readonly kind: 'redis' | 'memory';
  /**
   * A valid, fresh entry answered from this process's memory without a round trip, when what is
   * held there is known to be current (near-cache.ts); null to read the store.
   */
  peek?(key: string, tags: readonly string[], now: number): CacheRead | null;
  /** The entry under `key` and the current generations of `tags`, together. */
  read(key: string, tags: readonly string[]): Promise<CacheRead>;
  /** Stores an entry, kept for `keepMs` (its freshness plus the stale-if-error window). */
  write(key: string, entry: CacheEntry, keepMs: number): Promise<void>;
  /** Bumps each tag's generation, invalidating every entry read under it. */
  invalidate(tags: readonly string[]): Promise<void>;
  /** Resolves when the store answers; for readiness. */
  ping(): Promise<void>;
}

/** Whether an entry is still valid under the current generations. */
export function matchesGenerations(entry: CacheEntry, generations: readonly number[], options: { except?: number } = {}): boolean {
  return (
    entry.generations.length === generations.length &&
    entry.generations.every((value, index) => index === options.except || value === generations[index])
  );
}

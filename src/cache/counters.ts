// Cache activity counters; the metrics endpoint reads them.
export interface CacheCounters {
  hits: number;
  misses: number;
  stale: number;
  bypasses: number;
  /** Tags bumped by successful writes. */
  invalidations: number;
  /** Store operations that failed or timed out (the request went on uncached). */
  errors: number;
  /** Requests that waited on another request's identical Houston read instead of making their own. */
  coalesced: number;
}

export function newCacheCounters(): CacheCounters {
  return { hits: 0, misses: 0, stale: 0, bypasses: 0, invalidations: 0, errors: 0, coalesced: 0 };
}

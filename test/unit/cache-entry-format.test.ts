// The Redis cache's entry format: metadata on one line, then the body as sent (not a JSON string
// inside JSON). An entry of the release before was the handler's result before the response
// schema filtered it, so it must never be served: it reads as a miss.
import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry } from '../../src/cache/redis-store.js';
import type { CacheEntry } from '../../src/cache/store.js';

const entry: CacheEntry = { body: '{"id":"w1","label":"line one\\nline two ✓"}', etag: '"e1"', storedAt: 1, ttlMs: 30_000, generations: [4, 0], link: '<…>; rel="next"' };

describe('a stored cache entry', () => {
  it('reads back as written, its body byte for byte', () => {
    const raw = encodeEntry(entry);
    expect(raw.endsWith(`\n${entry.body}`)).toBe(true);
    expect(decodeEntry(raw)).toEqual(entry);
  });

  it('of the release before, or unreadable, is a miss', () => {
    expect(decodeEntry(JSON.stringify(entry))).toBeNull();
    expect(decodeEntry('v2 {not json\n{}')).toBeNull();
    expect(decodeEntry('v2 {"etag":"x"}')).toBeNull();
  });
});

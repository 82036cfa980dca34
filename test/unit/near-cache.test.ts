// The near cache's own rules (cache/near-cache.ts), without Redis: what it will vouch for.
import { describe, expect, it } from 'vitest';
import { NearCache } from '../../src/cache/near-cache.js';
import type { CacheEntry } from '../../src/cache/store.js';

const NOW = 1_000_000;
const entry = (generations: number[], body = '{"ok":true}'): CacheEntry => ({ body, etag: '"e"', storedAt: NOW, ttlMs: 30_000, generations });
const tags = ['everything', 'workspace:w'];

function liveCache(maxBytes = 1 << 20, trustMs = 1_000) {
  const near = new NearCache({ maxBytes, trustMs });
  near.setLive(true);
  return near;
}

describe('NearCache', () => {
  it('vouches for an entry learned under generations nothing has changed since', () => {
    const near = liveCache();
    near.learn('k', tags, { entry: entry([7, 1]), generations: [7, 1] }, near.epoch, NOW);
    expect(near.peek('k', tags, NOW + 10)?.entry?.body).toBe('{"ok":true}');
  });

  it('learns nothing from a read during which an invalidation was announced', () => {
    const near = liveCache();
    const epoch = near.epoch;
    near.forget(['workspace:w']);
    near.learn('k', tags, { entry: entry([7, 1]), generations: [7, 1] }, epoch, NOW);
    expect(near.peek('k', tags, NOW)).toBeNull();
  });

  it('forgets a tag when told, and everything on `everything`', () => {
    const near = liveCache();
    near.learn('k', tags, { entry: entry([7, 1]), generations: [7, 1] }, near.epoch, NOW);
    near.forget(['workspace:w']);
    expect(near.peek('k', tags, NOW)).toBeNull();
    near.learn('k', tags, { entry: entry([7, 2]), generations: [7, 2] }, near.epoch, NOW);
    expect(near.peek('k', tags, NOW)).not.toBeNull();
    near.forget(['everything']);
    expect(near.state()).toMatchObject({ entries: 0, generations: 0 });
  });

  it('vouches for nothing while not live, and starts empty when live again', () => {
    const near = liveCache();
    near.learn('k', tags, { entry: entry([7, 1]), generations: [7, 1] }, near.epoch, NOW);
    near.setLive(false);
    expect(near.peek('k', tags, NOW)).toBeNull();
    near.learn('k', tags, { entry: entry([7, 1]), generations: [7, 1] }, near.epoch, NOW);
    near.setLive(true);
    expect(near.peek('k', tags, NOW)).toBeNull();
    expect(near.state()).toMatchObject({ live: true, entries: 0, resets: 1 });
  });

  it('trusts a generation only for trustMs after the read that learned it', () => {
    const near = liveCache(1 << 20, 500);
    near.learn('k', tags, { entry: entry([7, 1]), generations: [7, 1] }, near.epoch, NOW);
    expect(near.peek('k', tags, NOW + 500)).not.toBeNull();
    expect(near.peek('k', tags, NOW + 501)).toBeNull();
  });

  it('answers neither an entry past its freshness nor one under other generations', () => {
    const near = liveCache();
    near.learn('k', tags, { entry: entry([7, 1]), generations: [7, 1] }, near.epoch, NOW);
    expect(near.peek('k', tags, NOW + 30_000)).toBeNull();
    near.remember('k2', entry([7, 0]));
    expect(near.peek('k2', tags, NOW)).toBeNull();
  });

  it('keeps at most maxBytes of bodies, dropping the least recently used first', () => {
    const body = 'x'.repeat(1_000); // weighs 2,256 bytes
    const near = liveCache(5_000);
    near.learn('a', tags, { entry: entry([7, 1], body), generations: [7, 1] }, near.epoch, NOW);
    near.remember('b', entry([7, 1], body));
    expect(near.peek('a', tags, NOW)).not.toBeNull(); // a is now the most recently used
    near.remember('c', entry([7, 1], body));
    expect(near.state().bytes).toBeLessThanOrEqual(5_000);
    expect(near.peek('b', tags, NOW)).toBeNull();
    expect(near.peek('a', tags, NOW)).not.toBeNull();
    expect(near.peek('c', tags, NOW)).not.toBeNull();
    near.remember('huge', entry([7, 1], 'y'.repeat(10_000)));
    expect(near.state().entries).toBe(2);
  });
});

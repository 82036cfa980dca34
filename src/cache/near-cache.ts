// The near cache: what this process last read from (or wrote to) the Redis cache, kept in memory,
// so that a HIT on a hot key costs no Redis round trip.
//
// It is trusted only as far as it is known to be current:
// - Every invalidation is published on a channel (redis-store.ts, inside the script that bumps the
//   generations), and every instance listens: a message makes it forget the generations it names.
//   This instance's own invalidations make it forget before and after the bump, without waiting
//   for the message.
// - Generations are remembered only from a Redis read during which no invalidation message
//   arrived (an epoch counts them), so a read that raced a bump never plants an old value.
// - While the listening connection is down (or not yet subscribed), or the data connection was
//   lost, nothing is trusted: every read goes to Redis, as it would without this layer. Messages
//   published while the listener was away are never missed silently: coming back starts empty.
// - A remembered generation is trusted for `trustMs` after the read that learned it, whatever
//   happens: a message lost in a way nobody noticed (an operator's FLUSHALL, a Cluster moving the
//   listener between nodes) is made good within that bound.
// So a write through another instance is seen here once its message has arrived, which on one
// network takes less than a Redis round trip; the README's cache section says what that means.
import type { CacheEntry, CacheRead, CacheStore } from './store.js';
import { matchesGenerations } from './store.js';
import { tag } from './tags.js';

export interface NearCacheOptions {
  /** How many bytes of cached bodies this process keeps at most (least recently used go first). */
  maxBytes: number;
  /** How long a generation learned from Redis is trusted without being read again. */
  trustMs: number;
}

export interface NearCacheState {
  /** Whether invalidation messages are known to arrive: nothing held is used otherwise. */
  live: boolean;
  entries: number;
  bytes: number;
  generations: number;
  /** Times everything held was dropped because a connection was lost (or the listener was not ready). */
  resets: number;
}

interface Learned {
  value: number;
  /** When the read that learned it was issued (ms, Date.now()). */
  at: number;
}

/** A body's weight in the byte bound: its UTF-16 length, plus what the entry's metadata costs. */
const weightOf = (entry: CacheEntry) => entry.body.length * 2 + 256;

export class NearCache {
  readonly #options: NearCacheOptions;
  readonly #generations = new Map<string, Learned>();
  /**
   * In the order kept (a Map keeps insertion order), each marked when used since: eviction gives a
   * used entry a second chance (CLOCK), which approximates least-recently-used without moving an
   * entry on every HIT.
   */
  readonly #entries = new Map<string, { entry: CacheEntry; used: boolean }>();
  #bytes = 0;
  /** Counts invalidations and connection changes; a read learns nothing if it moved meanwhile. */
  #epoch = 0;
  #live = false;
  #resets = 0;

  constructor(options: NearCacheOptions) {
    this.#options = options;
  }

  get epoch(): number {
    return this.#epoch;
  }

  get live(): boolean {
    return this.#live;
  }

  /** Trusted only while invalidation messages are known to arrive (the listener is subscribed). */
  setLive(live: boolean): void {
    if (live === this.#live) return;
    this.#live = live;
    if (!live) this.#resets += 1;
    this.clear();
  }

  /** Forgets everything (a connection was lost, or the whole cache was dropped). */
  clear(): void {
    this.#epoch += 1;
    this.#generations.clear();
    this.#entries.clear();
    this.#bytes = 0;
  }

  /** Forgets the generations of `tags`: an invalidation of them was published or is under way. */
  forget(tags: readonly string[]): void {
    this.#epoch += 1;
    for (const name of tags) {
      if (name === tag.everything) {
        this.clear();
        return;
      }
      this.#generations.delete(name);
    }
  }

  /**
   * The entry under `key` if it is held here, valid under generations trusted now, and fresh;
   * null otherwise (the caller reads Redis).
   */
  peek(key: string, tags: readonly string[], now: number): CacheRead | null {
    if (!this.#live) return null;
    const held = this.#entries.get(key);
    if (held === undefined) return null;
    const entry = held.entry;
    if (entry.storedAt + entry.ttlMs <= now) return null;
    const generations: number[] = new Array<number>(tags.length);
    const oldest = now - this.#options.trustMs;
    for (let i = 0; i < tags.length; i++) {
      const learned = this.#generations.get(tags[i]!);
      if (learned === undefined || learned.at < oldest) return null;
      generations[i] = learned.value;
    }
    if (!matchesGenerations(entry, generations)) return null;
    held.used = true;
    return { entry, generations };
  }

  /** Learns from a Redis read issued at `epoch` and `issuedAt`, if nothing changed meanwhile. */
  learn(key: string, tags: readonly string[], read: CacheRead, epoch: number, issuedAt: number): void {
    if (!this.#live || epoch !== this.#epoch) return;
    for (let i = 0; i < tags.length; i++) this.#generations.set(tags[i]!, { value: read.generations[i]!, at: issuedAt });
    if (read.entry && matchesGenerations(read.entry, read.generations)) this.remember(key, read.entry);
  }

  /** Keeps an entry (just read or just stored); a later peek checks it against the generations. */
  remember(key: string, entry: CacheEntry): void {
    if (!this.#live) return;
    const weight = weightOf(entry);
    if (weight > this.#options.maxBytes) return;
    const previous = this.#entries.get(key);
    if (previous !== undefined) {
      this.#entries.delete(key);
      this.#bytes -= weightOf(previous.entry);
    }
    this.#entries.set(key, { entry, used: false });
    this.#bytes += weight;
    // Oldest first; a used one goes to the back, unmarked. Ends: each is passed over at most once.
    for (const [oldKey, held] of this.#entries) {
      if (this.#bytes <= this.#options.maxBytes) break;
      this.#entries.delete(oldKey);
      if (held.used && oldKey !== key) {
        held.used = false;
        this.#entries.set(oldKey, held);
      } else {
        this.#bytes -= weightOf(held.entry);
      }
    }
  }

  state(): NearCacheState {
    return { live: this.#live, entries: this.#entries.size, bytes: this.#bytes, generations: this.#generations.size, resets: this.#resets };
  }
}

/**
 * The Redis store with a near cache in front: `peek` answers from memory when it can be trusted;
 * reads, writes and invalidations go to Redis and teach (or make forget) the near cache.
 */
export function withNearCache(store: CacheStore, near: NearCache): CacheStore {
  return {
    kind: store.kind,
    peek: (key, tags, now) => near.peek(key, tags, now),
    async read(key, tags) {
      const epoch = near.epoch;
      const issuedAt = Date.now();
      const read = await store.read(key, tags);
      near.learn(key, tags, read, epoch, issuedAt);
      return read;
    },
    async write(key, entry, keepMs) {
      await store.write(key, entry, keepMs);
      near.remember(key, entry);
    },
    async invalidate(tags) {
      // Before: no read may be answered here from what the bump is about to change. After: a read
      // that learned the old value while the bump was on its way is not trusted either.
      near.forget(tags);
      try {
        await store.invalidate(tags);
      } finally {
        near.forget(tags);
      }
    },
    ping: () => store.ping(),
  };
}

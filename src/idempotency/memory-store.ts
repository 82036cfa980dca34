// Idempotency records in process memory, for running without Redis: a Map with per-record expiry,
// bounded in size. It protects retries that reach this process only — which is all there is
// without Redis. JavaScript runs one callback at a time, so each operation is atomic as it is.
import type { IdempotencyRecord, IdempotencyStore } from './store.js';

/** Records kept at most; past it, expired records go first, then the oldest completed ones. */
export const DEFAULT_MAX_RECORDS = 100_000;

export function createMemoryIdempotencyStore(maxRecords = DEFAULT_MAX_RECORDS): IdempotencyStore {
  const records = new Map<string, { record: IdempotencyRecord; expiresAt: number }>();
  /** Attempt markers: the start time of a claim, kept until it ends cleanly or the TTL passes. */
  const attempts = new Map<string, { startedAt: number; expiresAt: number }>();

  function takeAttempt(address: string, startedAt: number, keepMs: number): number | null {
    const found = attempts.get(address);
    attempts.delete(address);
    attempts.set(address, { startedAt, expiresAt: Date.now() + keepMs });
    // Markers are bounded with the records; past the bound the oldest go (a lost marker costs a
    // reconcile step, never a duplicate answer).
    for (const [key] of attempts) {
      if (attempts.size <= maxRecords) break;
      attempts.delete(key);
    }
    return found && found.expiresAt > Date.now() ? found.startedAt : null;
  }

  function live(address: string): IdempotencyRecord | null {
    const found = records.get(address);
    if (!found) return null;
    if (found.expiresAt > Date.now()) return found.record;
    records.delete(address);
    return null;
  }

  function heldBy(address: string, token: string): boolean {
    const record = live(address);
    return record?.state === 'running' && record.token === token;
  }

  function put(address: string, record: IdempotencyRecord, keepMs: number) {
    records.delete(address);
    records.set(address, { record: structuredClone(record), expiresAt: Date.now() + keepMs });
    if (records.size <= maxRecords) return;
    const now = Date.now();
    for (const [key, { expiresAt }] of records) if (expiresAt <= now) records.delete(key);
    // A running claim is never evicted: dropping it would let a duplicate write through.
    for (const [key, { record: held }] of records) {
      if (records.size <= maxRecords) break;
      if (held.state === 'completed') records.delete(key);
    }
  }

  return {
    kind: 'memory',
    async claim(address, record, lockTtlMs, markerTtlSeconds) {
      const held = live(address);
      if (held) return { claimed: false, held: structuredClone(held) };
      put(address, record, lockTtlMs);
      return { claimed: true, earlierAttemptAt: takeAttempt(address, record.startedAt, markerTtlSeconds * 1000) };
    },
    async get(address) {
      const held = live(address);
      return held ? structuredClone(held) : null;
    },
    async renew(address, token, lockTtlMs) {
      const found = records.get(address);
      if (!found || !heldBy(address, token)) return false;
      found.expiresAt = Date.now() + lockTtlMs;
      return true;
    },
    async complete(address, token, record, ttlSeconds) {
      if (live(address) && !heldBy(address, token)) return false;
      put(address, record, ttlSeconds * 1000);
      attempts.delete(address);
      return true;
    },
    async release(address, token) {
      if (!heldBy(address, token)) return false;
      records.delete(address);
      attempts.delete(address);
      return true;
    },
    async ping() {},
  };
}

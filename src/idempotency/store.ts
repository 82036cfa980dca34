// What idempotent writes keep and the interface their two stores (Redis, in-memory) share.
//
// A record lives at an address the plugin derives (a hash of caller key, method, route and the
// Idempotency-Key). It is first a *claim* — `running`, held by one request under a random token,
// expiring after a short lock TTL unless that request renews it — and then, once the write has an
// outcome worth replaying, a *completed* record kept for the idempotency TTL. Every change after
// the claim names the token, so a request whose claim expired and was taken over can never
// overwrite or drop the record of the request that took it.
//
// Beside each claim the store keeps an *attempt marker* (the claim's start time) for as long as a
// completed record would live. A clean ending — an outcome stored, or a claim released because
// the write certainly did not happen — drops it. A claim that merely lapses (its holder crashed, or
// Houston's answer never came) leaves it behind, and the next claim at that address is told: an
// earlier attempt may have performed the write, so the route should look before writing again.

export interface RunningRecord {
  state: 'running';
  /** SHA-256 of the request (method, URL, canonical body): a retry must match it. */
  fingerprint: string;
  /** Random; names the claim's holder. */
  token: string;
  /** Epoch milliseconds when the claim was taken. */
  startedAt: number;
}

export interface CompletedRecord {
  state: 'completed';
  fingerprint: string;
  /** The response to replay, sealed by the plugin (opaque to the store). */
  response: string;
  /** Epoch milliseconds when the outcome was stored. */
  storedAt: number;
}

export type IdempotencyRecord = RunningRecord | CompletedRecord;

/** What a claim found: the address was taken by this claim, or a record is already there. */
export type ClaimResult =
  | {
      claimed: true;
      /**
       * Start time (epoch ms) of an earlier claim at this address that ended without an outcome
       * or a release: the write it started may have happened. Null when there was none.
       */
      earlierAttemptAt: number | null;
    }
  | { claimed: false; held: IdempotencyRecord };

export interface IdempotencyStore {
  readonly kind: 'redis' | 'memory';
  /**
   * Atomically claims an empty address with `record`, held for `lockTtlMs`, and marks the attempt
   * for `markerTtlSeconds`. When a record is already there nothing is written.
   */
  claim(address: string, record: RunningRecord, lockTtlMs: number, markerTtlSeconds: number): Promise<ClaimResult>;
  /** The record at an address, or null. */
  get(address: string): Promise<IdempotencyRecord | null>;
  /** Holds the claim `token` names for another `lockTtlMs`; false when it is no longer held. */
  renew(address: string, token: string, lockTtlMs: number): Promise<boolean>;
  /**
   * Replaces the claim `token` names with the completed record, kept for `ttlSeconds`. Also writes
   * when the address is empty (the claim expired and nobody took it); false, writing nothing,
   * when another request holds it or a completed record is there. Drops the attempt marker.
   */
  complete(address: string, token: string, record: CompletedRecord, ttlSeconds: number): Promise<boolean>;
  /**
   * Drops the claim `token` names and its attempt marker (the write did not happen); false, and
   * nothing dropped, when it is not held.
   */
  release(address: string, token: string): Promise<boolean>;
  /** Resolves when the store answers; for readiness. */
  ping(): Promise<void>;
}

/** Parses a stored record; throws on anything that is not one (the store must not guess). */
export function parseRecord(raw: string): IdempotencyRecord {
  const value = JSON.parse(raw) as {
    [K in keyof RunningRecord | keyof CompletedRecord]?: unknown;
  } | null;
  if (value && typeof value.fingerprint === 'string') {
    if (value.state === 'running' && typeof value.token === 'string' && typeof value.startedAt === 'number') {
      return { state: 'running', fingerprint: value.fingerprint, token: value.token, startedAt: value.startedAt };
    }
    if (value.state === 'completed' && typeof value.response === 'string' && typeof value.storedAt === 'number') {
      return { state: 'completed', fingerprint: value.fingerprint, response: value.response, storedAt: value.storedAt };
    }
  }
  throw new Error('unreadable idempotency record');
}

// The stored form of a caller key and the one interface every key store implements.
import { z } from 'zod';
import type { Caller } from './caller.js';
import { SCOPES } from './scopes.js';

/** A caller key as listed: everything but the secret and its hash. */
export interface CallerKeyRecord extends Caller {
  createdAt: string;
  lastUsedAt: string | null;
  /** After this instant the key is refused. */
  expiresAt: string | null;
  /** Set once, when the key is revoked; a revoked key is refused forever. */
  revokedAt: string | null;
}

/** What a store holds: the record plus the keyed hash of the key (never the key itself). */
export interface StoredCallerKey extends CallerKeyRecord {
  hash: string;
}

/**
 * Persistence for caller keys. Implementations: Redis (shared by every gateway instance), a JSON
 * file of hashes, and memory (the sandbox). One contract suite runs against each.
 */
export interface CallerKeyStore {
  /** Adds a key; rejects when the id or the hash is already present. */
  insert(key: StoredCallerKey): Promise<void>;
  findByHash(hash: string): Promise<StoredCallerKey | null>;
  get(id: string): Promise<StoredCallerKey | null>;
  /** Every key, oldest first. */
  list(): Promise<StoredCallerKey[]>;
  /**
   * Marks a key revoked (the first revocation time is kept); null when there is no such key. With
   * `unlessNoneLeftOf`, in the same atomic step: refuses with LastAdminKeyError when none of those
   * other keys is still unrevoked, so two revocations racing for the last two can never both pass.
   */
  revoke(id: string, at: string, guard?: { unlessNoneLeftOf: readonly string[] }): Promise<StoredCallerKey | null>;
  /** Records a use; best effort. */
  touch(id: string, at: string): Promise<void>;
  close(): Promise<void>;
}

/** List order of every store: oldest first, ties by id. */
export function byCreation(a: StoredCallerKey, b: StoredCallerKey): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

export class DuplicateCallerKeyError extends Error {
  constructor() {
    super('a caller key with this id or hash already exists');
    this.name = 'DuplicateCallerKeyError';
  }
}

/** The caller-key store answers, but without the data this process saw in it. */
export class CallerKeyStoreLostError extends Error {
  constructor(readonly detail: string) {
    super(`the caller-key store in Redis lost its data: ${detail}`);
    this.name = 'CallerKeyStoreLostError';
  }
}

const timestamp = z.iso.datetime({ offset: true });

/** Checks what comes back from Redis or a file before it is trusted. */
export const StoredCallerKeySchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  scopes: z.array(z.enum(SCOPES)),
  workspaces: z.array(z.string().min(1)).nullable(),
  credential: z.string().min(1),
  rateLimit: z.object({ max: z.number().int().positive(), windowSeconds: z.number().int().positive() }).nullable(),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  expiresAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
}) satisfies z.ZodType<StoredCallerKey>;

/**
 * Refuses to revoke the last active key that can manage keys (scope `admin`, no workspace
 * allow-list: /admin/keys refuses restricted keys): without it, keys could be managed only from a
 * shell on the server's store again.
 */
export class LastAdminKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`caller key ${keyId} is the last active admin key (scope admin, every workspace); create another admin key before revoking it`);
    this.name = 'LastAdminKeyError';
  }
}

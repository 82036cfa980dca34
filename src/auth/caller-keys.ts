// Caller keys: made here, shown once, stored only as a keyed hash (HMAC-SHA256 with the server
// secret, so a leaked store cannot be brute-forced offline), and checked on every request.
import { createHmac, hash as digestOf, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Caller } from './caller.js';
import { LastAdminKeyError, type CallerKeyRecord, type CallerKeyStore, type StoredCallerKey } from './key-record.js';
import { SCOPES } from './scopes.js';
import { withoutControls } from '../schemas/common.js';

export { LastAdminKeyError } from './key-record.js';

export const NewCallerKeySchema = z
  .object({
    name: withoutControls(z.string().trim().min(1).max(100)),
    scopes: z
      .array(z.enum(SCOPES))
      .min(1)
      .refine((scopes) => new Set(scopes).size === scopes.length, 'must not repeat a scope'),
    workspaces: z
      .array(withoutControls(z.string().min(1).max(128)))
      .min(1)
      .max(1000)
      .nullable()
      .optional()
      .describe('Workspace ids the key may act on; omit or null for every workspace its credential reaches'),
    credential: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must name a Houston credential')
      .default('default')
      .describe('The Houston credential the key acts through'),
    expiresAt: z.iso
      .datetime({ offset: true })
      .nullable()
      .optional()
      .describe('When the key stops working; omit or null for never'),
    rateLimit: z
      .object({
        max: z.number().int().min(1).max(1_000_000).meta({ examples: [600] }),
        windowSeconds: z.number().int().min(1).max(86_400).meta({ examples: [60] }),
      })
      .strict()
      .nullable()
      .optional()
      .describe("This key's own limit; omit or null for the gateway default"),
  })
  .strict();

export type NewCallerKey = z.input<typeof NewCallerKeySchema>;

export type Authentication =
  | { ok: true; caller: Caller }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' | 'expired'; keyId?: string };

export interface CreatedCallerKey {
  /** The key itself: shown to its owner once, never stored. */
  key: string;
  record: CallerKeyRecord;
}

export interface CallerKeys {
  create(input: NewCallerKey, options?: { key?: string }): Promise<CreatedCallerKey>;
  list(): Promise<CallerKeyRecord[]>;
  get(id: string): Promise<CallerKeyRecord | null>;
  /**
   * Revokes a key; null when there is no such key. Revoking twice keeps the first time. Throws
   * LastAdminKeyError rather than revoke the last key that can manage keys.
   */
  revoke(id: string): Promise<CallerKeyRecord | null>;
  authenticate(presentedKey: string): Promise<Authentication>;
  /**
   * The caller of a key the store accepted less than freshForMs ago, at once (no hashing with the
   * secret, no store look-up, no waiting); null otherwise, when `authenticate` must decide.
   */
  recall?(presentedKey: string): Caller | null;
  close(): Promise<void>;
}

export class UnknownCredentialError extends Error {
  constructor(readonly credential: string) {
    super(`no Houston credential is named "${credential}"`);
    this.name = 'UnknownCredentialError';
  }
}

/** Not revoked, not expired, holding `admin` for every workspace: a key that can manage keys. */
function managesKeys(key: CallerKeyRecord, at: number): boolean {
  const expired = key.expiresAt !== null && Date.parse(key.expiresAt) <= at;
  return !key.revokedAt && !expired && key.scopes.includes('admin') && key.workspaces === null;
}

export interface CallerKeysOptions {
  store: CallerKeyStore;
  /** Server secret keying the hash (CALLER_KEY_SECRET). Changing it invalidates every key. */
  secret: string;
  /** When given, a key may only name a credential this accepts. */
  credentialExists?: (name: string) => boolean;
  now?: () => Date;
  /** Last use is written at most this often per key and process. @default 60000 */
  touchEveryMs?: number;
  /**
   * A key accepted by the store is trusted without asking again for this long, so a revocation
   * reaches every instance within it. @default 1000
   */
  freshForMs?: number;
  /**
   * While the store cannot be read (Redis down), keys it accepted within this long keep working:
   * nobody can revoke during the outage anyway, and every tool does not fail at once. 0 turns
   * this off. @default 300000
   */
  staleForMs?: number;
  /** Told when a key is let in on its last known state because the store failed. */
  onStaleAccept?: (keyId: string, error: unknown) => void;
}

/**
 * Accepted keys remembered per process; bounded, oldest dropped first. They are found again by a
 * plain SHA-256 of the presented key (a sixth of an HMAC's cost): never the key itself, and no
 * weaker than the HMAC hashes this process holds with the secret that made them.
 */
const REMEMBERED_KEYS = 10_000;

/** Accepted key shape: ours (`hgw_` + 43) and any fixed sandbox key (24+ URL-safe characters). */
const KEY_SHAPE = /^[A-Za-z0-9_-]{24,256}$/;

export function newCallerKeySecret(): string {
  return `hgw_${randomBytes(32).toString('base64url')}`;
}

function toRecord({ hash: _hash, ...record }: StoredCallerKey): CallerKeyRecord {
  return record;
}

/** An accepted key, by the digest of the key presented: its record, its HMAC hash, its caller. */
interface Remembered {
  key: StoredCallerKey;
  /** Shared by the requests it lets in (a Caller is never changed). */
  caller: Caller;
  at: number;
}

function toCaller(key: StoredCallerKey): Caller {
  const { id, name, scopes, workspaces, credential, rateLimit } = key;
  return { id, name, scopes, workspaces, credential, rateLimit };
}

export function createCallerKeys(options: CallerKeysOptions): CallerKeys {
  const { store, secret } = options;
  const now = options.now ?? (() => new Date());
  const touchEveryMs = options.touchEveryMs ?? 60_000;
  const lastTouched = new Map<string, number>();
  const freshForMs = options.freshForMs ?? 1_000;
  const staleForMs = options.staleForMs ?? 300_000;
  const accepted = new Map<string, Remembered>();
  const hashOf = (key: string) => createHmac('sha256', secret).update(key).digest('hex');

  function touch(id: string) {
    const at = now();
    if (at.getTime() - (lastTouched.get(id) ?? -Infinity) < touchEveryMs) return;
    lastTouched.set(id, at.getTime());
    // Best effort: a lost last-used time must not fail the request it describes.
    store.touch(id, at.toISOString()).catch(() => lastTouched.delete(id));
  }

  function recall(presentedKey: string): Caller | null {
    const remembered = accepted.get(digestOf('sha256', presentedKey, 'base64url'));
    if (!remembered) return null;
    const at = now().getTime();
    if (at - remembered.at >= freshForMs) return null;
    const { expiresAt } = remembered.key;
    if (expiresAt && Date.parse(expiresAt) <= at) return null;
    touch(remembered.key.id);
    return remembered.caller;
  }

  function refusalOf(stored: StoredCallerKey | null, hash: string): Exclude<Authentication, { ok: true }> | null {
    // The lookup is by hash already; the constant-time check guards against a store that matched loosely.
    if (!stored || !timingSafeEqual(Buffer.from(stored.hash, 'hex'), Buffer.from(hash, 'hex'))) {
      return { ok: false, reason: 'unknown' };
    }
    if (stored.revokedAt) return { ok: false, reason: 'revoked', keyId: stored.id };
    if (stored.expiresAt && Date.parse(stored.expiresAt) <= now().getTime()) {
      return { ok: false, reason: 'expired', keyId: stored.id };
    }
    return null;
  }

  return {
    async create(input, { key } = {}) {
      const parsed = NewCallerKeySchema.parse(input);
      if (options.credentialExists && !options.credentialExists(parsed.credential)) {
        throw new UnknownCredentialError(parsed.credential);
      }
      if (key !== undefined && !KEY_SHAPE.test(key)) throw new Error('a preset caller key must be 24 to 256 URL-safe characters');
      const secretKey = key ?? newCallerKeySecret();
      const stored: StoredCallerKey = {
        id: `key_${randomBytes(8).toString('hex')}`,
        name: parsed.name,
        scopes: parsed.scopes,
        workspaces: parsed.workspaces ?? null,
        credential: parsed.credential,
        rateLimit: parsed.rateLimit ?? null,
        createdAt: now().toISOString(),
        lastUsedAt: null,
        expiresAt: parsed.expiresAt ? new Date(parsed.expiresAt).toISOString() : null,
        revokedAt: null,
        hash: hashOf(secretKey),
      };
      await store.insert(stored);
      return { key: secretKey, record: toRecord(stored) };
    },
    async list() {
      return (await store.list()).map(toRecord);
    },
    async get(id) {
      const stored = await store.get(id);
      return stored ? toRecord(stored) : null;
    },
    async revoke(id) {
      const at = now().getTime();
      const target = await store.get(id);
      let guard: { unlessNoneLeftOf: string[] } | undefined;
      if (target && managesKeys(target, at)) {
        const others = (await store.list()).filter((key) => key.id !== id && managesKeys(key, at)).map((key) => key.id);
        if (others.length === 0) throw new LastAdminKeyError(id);
        // The store checks again as it revokes, atomically: one of these may be revoked meanwhile
        // (two admins revoking each other at once). Records never change once written, so only
        // revocations can take a listed key away; a key made since only makes the check stricter.
        guard = { unlessNoneLeftOf: others };
      }
      const stored = await store.revoke(id, now().toISOString(), guard);
      // This instance forgets the key at once; the others within freshForMs.
      for (const [digest, entry] of accepted) if (entry.key.id === id) accepted.delete(digest);
      return stored ? toRecord(stored) : null;
    },
    recall,
    async authenticate(presentedKey) {
      if (!KEY_SHAPE.test(presentedKey)) return { ok: false, reason: 'malformed' };
      const recalled = recall(presentedKey);
      if (recalled) return { ok: true, caller: recalled };
      const digest = digestOf('sha256', presentedKey, 'base64url');
      const hash = hashOf(presentedKey);
      const remembered = accepted.get(digest);
      const age = remembered ? now().getTime() - remembered.at : Infinity;
      let stored: StoredCallerKey | null;
      if (remembered && age < freshForMs) {
        stored = remembered.key;
      } else {
        try {
          stored = await store.findByHash(hash);
        } catch (error) {
          if (!remembered || age >= staleForMs) throw error;
          options.onStaleAccept?.(remembered.key.id, error);
          stored = remembered.key;
        }
      }
      const refusal = refusalOf(stored, hash);
      if (refusal) {
        accepted.delete(digest);
        return refusal;
      }
      const key = stored as StoredCallerKey;
      let caller = remembered?.caller;
      if (key !== remembered?.key) {
        caller = toCaller(key);
        accepted.delete(digest);
        accepted.set(digest, { key, caller, at: now().getTime() });
        if (accepted.size > REMEMBERED_KEYS) accepted.delete(accepted.keys().next().value as string);
      }
      touch(key.id);
      return { ok: true, caller: caller ?? toCaller(key) };
    },
    close: () => store.close(),
  };
}

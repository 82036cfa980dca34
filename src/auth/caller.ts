// Who is calling: the record behind a caller API key, as the routes see it.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Scope } from './scopes.js';

export interface Caller {
  id: string;
  name: string;
  scopes: readonly Scope[];
  /** Workspaces this key may act on; null means every workspace its Houston credential reaches. */
  workspaces: readonly string[] | null;
  /** Name of the Houston credential the key acts through. */
  credential: string;
}

/** Resolves a presented caller key to its record; null for an unknown, revoked or expired key. */
export interface CallerKeyStore {
  authenticate(presentedKey: string): Promise<Caller | null>;
}

export interface StaticCallerKey extends Caller {
  key: string;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * A fixed set of keys held only as digests, compared in constant time. Used by the sandbox and
 * by tests; the persistent stores arrive with the caller-keys work.
 */
export function createStaticKeyStore(keys: readonly StaticCallerKey[]): CallerKeyStore & {
  add(key: StaticCallerKey): void;
} {
  const entries = keys.map(({ key, ...caller }) => ({ digest: digest(key), caller }));
  return {
    add({ key, ...caller }) {
      entries.push({ digest: digest(key), caller });
    },
    authenticate(presentedKey) {
      const presented = digest(presentedKey);
      const match = entries.find((entry) => timingSafeEqual(entry.digest, presented));
      return Promise.resolve(match ? match.caller : null);
    },
  };
}

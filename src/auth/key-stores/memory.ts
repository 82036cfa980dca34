// Caller keys in process memory: the sandbox's store, gone when the process ends.
import { byCreation, DuplicateCallerKeyError, LastAdminKeyError, type CallerKeyStore, type StoredCallerKey } from '../key-record.js';

export function createMemoryKeyStore(): CallerKeyStore {
  const byId = new Map<string, StoredCallerKey>();
  const idByHash = new Map<string, string>();
  const copy = (key: StoredCallerKey | undefined) => (key ? structuredClone(key) : null);
  return {
    async insert(key) {
      if (byId.has(key.id) || idByHash.has(key.hash)) throw new DuplicateCallerKeyError();
      byId.set(key.id, structuredClone(key));
      idByHash.set(key.hash, key.id);
    },
    async findByHash(hash) {
      const id = idByHash.get(hash);
      return id === undefined ? null : copy(byId.get(id));
    },
    async get(id) {
      return copy(byId.get(id));
    },
    async list() {
      return [...byId.values()].map((key) => structuredClone(key)).sort(byCreation);
    },
    async revoke(id, at, guard) {
      const key = byId.get(id);
      if (!key) return null;
      // Checked and revoked in one synchronous step: nothing runs between them.
      if (guard && !key.revokedAt && !guard.unlessNoneLeftOf.some((other) => byId.get(other)?.revokedAt === null)) throw new LastAdminKeyError(id);
      key.revokedAt ??= at;
      return copy(key);
    },
    async touch(id, at) {
      const key = byId.get(id);
      if (key) key.lastUsedAt = at;
    },
    async close() {},
  };
}

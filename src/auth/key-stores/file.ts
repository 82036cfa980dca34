// Caller keys in a JSON file of hashes (API_KEYS_FILE), for running without Redis. The server and
// the `keys` CLI share the file: every write takes a lock file, writes a temporary file and renames
// it over the old one, so a reader never sees half a file; every read checks whether the file
// changed, so a revocation from the CLI is seen by the next request.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { byCreation, DuplicateCallerKeyError, LastAdminKeyError, StoredCallerKeySchema, type CallerKeyStore, type StoredCallerKey } from '../key-record.js';

const KeyFileSchema = z.object({ version: z.literal(1), keys: z.array(StoredCallerKeySchema) });

export class KeyFileError extends Error {
  constructor(path: string, problem: string) {
    super(`API_KEYS_FILE ${path}: ${problem}`);
    this.name = 'KeyFileError';
  }
}

const LOCK_WAIT_MS = 5_000;
/** A lock older than this was left by a process that died mid-write. */
const STALE_LOCK_MS = 30_000;

interface Snapshot {
  version: string;
  keys: StoredCallerKey[];
}

export async function openFileKeyStore(path: string): Promise<CallerKeyStore> {
  let cached: Snapshot = { version: 'none', keys: [] };

  async function read(): Promise<StoredCallerKey[]> {
    let version: string;
    try {
      const info = await stat(path);
      version = `${info.ino}:${info.size}:${info.mtimeMs}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    if (version === cached.version) return cached.keys;
    const text = await readFile(path, 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // The parser's message quotes the file, which holds hashes; say only what is wrong.
      throw new KeyFileError(path, 'is not valid JSON');
    }
    const parsed = KeyFileSchema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').slice(0, 5).join(', ');
      throw new KeyFileError(path, `does not hold caller keys in the expected form (at ${where})`);
    }
    cached = { version, keys: parsed.data.keys };
    return cached.keys;
  }

  async function withLock<T>(change: (keys: StoredCallerKey[]) => T | Promise<T>): Promise<T> {
    const lockPath = `${path}.lock`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        await (await open(lockPath, 'wx', 0o600)).close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const age = await stat(lockPath).then((info) => Date.now() - info.mtimeMs, () => 0);
        if (age > STALE_LOCK_MS) {
          // Move the dead writer's lock aside under a name of our own before deleting it, so two
          // waiters cannot both take it over (the second rename fails; that waiter tries again).
          const aside = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
          if (await rename(lockPath, aside).then(() => true, () => false)) await rm(aside, { force: true });
        }
        else if (Date.now() > deadline) throw new KeyFileError(path, `is locked by another writer (${lockPath})`);
        else await sleep(10 + Math.random() * 20);
      }
    }
    try {
      const keys = structuredClone(await read());
      const result = await change(keys);
      const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temporary, `${JSON.stringify({ version: 1, keys }, null, 2)}\n`, { mode: 0o600 });
      await rename(temporary, path);
      return result;
    } finally {
      await rm(lockPath, { force: true });
    }
  }

  // Fail at start, not at the first request, when the file or its folder is unusable.
  await stat(dirname(path)).catch(() => {
    throw new KeyFileError(path, 'its folder does not exist');
  });
  await read();

  const copy = (key: StoredCallerKey | undefined) => (key ? structuredClone(key) : null);
  return {
    async insert(key) {
      await withLock((keys) => {
        if (keys.some((existing) => existing.id === key.id || existing.hash === key.hash)) throw new DuplicateCallerKeyError();
        keys.push(structuredClone(key));
      });
    },
    async findByHash(hash) {
      return copy((await read()).find((key) => key.hash === hash));
    },
    async get(id) {
      return copy((await read()).find((key) => key.id === id));
    },
    async list() {
      return structuredClone(await read()).sort(byCreation);
    },
    async revoke(id, at, guard) {
      if (!(await read()).some((key) => key.id === id)) return null;
      return withLock((keys) => {
        const key = keys.find((candidate) => candidate.id === id);
        if (!key) return null;
        // Under the lock, so no other writer revokes between the check and the revocation.
        if (guard && !key.revokedAt && !guard.unlessNoneLeftOf.some((other) => keys.find((candidate) => candidate.id === other)?.revokedAt === null)) {
          throw new LastAdminKeyError(id);
        }
        key.revokedAt ??= at;
        return structuredClone(key);
      });
    },
    async touch(id, at) {
      await withLock((keys) => {
        const key = keys.find((candidate) => candidate.id === id);
        if (key) key.lastUsedAt = at;
      });
    },
    async close() {},
  };
}

// One behavioural contract for caller keys, run over every key store: memory, a JSON file and a
// real Redis. Each case drives createCallerKeys over a fresh, empty store (and the store directly
// where the contract is the store's own), then looks at what the store really holds.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { createCallerKeys, newCallerKeySecret, UnknownCredentialError, type CallerKeys, type NewCallerKey } from '../../../src/auth/caller-keys.js';
import { DuplicateCallerKeyError, LastAdminKeyError, type CallerKeyStore, type StoredCallerKey } from '../../../src/auth/key-record.js';
import { KeyFileError, openFileKeyStore } from '../../../src/auth/key-stores/file.js';
import { createMemoryKeyStore } from '../../../src/auth/key-stores/memory.js';
import { createRedisKeyStore } from '../../../src/auth/key-stores/redis.js';
import { eventually } from '../../helpers/eventually.js';

/** One storage place for caller keys, empty when made. */
interface StoreHarness {
  /**
   * A store object over this storage. Each call opens another object over the same keys (another
   * handle on the file, another Redis connection under the same prefix), as a second gateway
   * instance or the CLI would; memory has one object only, so it returns that one again.
   */
  open(): Promise<CallerKeyStore>;
  /** Everything the storage holds, as text: the file's bytes, or every Redis hash under the prefix. */
  raw(): Promise<string>;
  dispose(): Promise<void>;
}

type StoreFactory = () => Promise<StoreHarness>;

const SECRET = 'contract-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const KEY_FORMAT = /^hgw_[A-Za-z0-9_-]{43}$/;
const T0 = new Date('2031-03-04T05:06:07.000Z');

const hmac = (key: string, secret = SECRET) => createHmac('sha256', secret).update(key).digest('hex');
const later = (ms: number) => new Date(T0.getTime() + ms);

const memoryStore: StoreFactory = async () => {
  const store = createMemoryKeyStore();
  return {
    open: async () => store,
    raw: async () => JSON.stringify(await store.list()),
    dispose: () => store.close(),
  };
};

const fileStore: StoreFactory = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hgw-key-store-'));
  const path = join(dir, 'keys.json');
  return {
    open: () => openFileKeyStore(path),
    raw: () => readFile(path, 'utf8').catch(() => ''),
    dispose: () => rm(dir, { recursive: true, force: true, maxRetries: 5 }),
  };
};

/** Every hash under `prefix`, as `name field value` lines; fails on anything that is not a hash. */
async function redisContent(redis: Redis, prefix: string): Promise<string> {
  const lines: string[] = [];
  let cursor = '0';
  do {
    const [next, names] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    for (const name of names) {
      // Hashes of records, plus one string: the store's identity (how lost data is recognised).
      if (name.endsWith(':identity')) {
        expect(await redis.type(name)).toBe('string');
        lines.push(`${name} ${await redis.get(name)}`);
        continue;
      }
      expect(await redis.type(name)).toBe('hash');
      for (const [field, value] of Object.entries(await redis.hgetall(name))) lines.push(`${name} ${field} ${value}`);
    }
    cursor = next;
  } while (cursor !== '0');
  return lines.sort().join('\n');
}

async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, names] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (names.length > 0) await redis.del(...names);
    cursor = next;
  } while (cursor !== '0');
}

const redisStore: StoreFactory = async () => {
  const url = inject('redisUrl');
  const prefix = `hgw-test-keys-${randomBytes(6).toString('hex')}:`;
  const clients: Redis[] = [];
  const connect = () => {
    const client = new Redis(url, { maxRetriesPerRequest: 1 });
    clients.push(client);
    return client;
  };
  const inspector = connect();
  return {
    open: async () => createRedisKeyStore(connect(), prefix),
    raw: () => redisContent(inspector, prefix),
    async dispose() {
      // QUIT runs after every command already sent on a connection, so no late write (a last-used
      // time, say) can land under the prefix after it is dropped.
      await Promise.all(clients.slice(1).map((client) => client.quit()));
      await dropPrefix(inspector, prefix);
      expect(await inspector.scan('0', 'MATCH', `${prefix}*`, 'COUNT', 1000)).toEqual(['0', []]);
      await inspector.quit();
    },
  };
};

const input = (fields: Partial<NewCallerKey> = {}): NewCallerKey => ({ name: 'ci deploys', scopes: ['deployments:read'], ...fields });

function callerKeyStoreContract(factory: StoreFactory) {
  let harness: StoreHarness;
  let store: CallerKeyStore;
  let clock: Date;
  let keys: CallerKeys;
  const open = ({ store: over, secret, ...rest }: { store?: CallerKeyStore; secret?: string; touchEveryMs?: number; freshForMs?: number } = {}) =>
    createCallerKeys({ store: over ?? store, secret: secret ?? SECRET, now: () => clock, ...rest });

  beforeEach(async () => {
    harness = await factory();
    store = await harness.open();
    clock = T0;
    keys = open();
  });
  afterEach(async () => {
    await keys.close();
    await harness.dispose();
  });

  it('create returns a new key once, with the record it stored', async () => {
    const created = await keys.create(
      input({ name: '  nightly  ', scopes: ['workspaces:read', 'deployments:write'], workspaces: ['ws-1', 'ws-2'], rateLimit: { max: 5, windowSeconds: 60 } }),
    );
    expect(created.key).toMatch(KEY_FORMAT);
    expect(created.record).toStrictEqual({
      id: expect.stringMatching(/^key_[0-9a-f]{16}$/),
      name: 'nightly',
      scopes: ['workspaces:read', 'deployments:write'],
      workspaces: ['ws-1', 'ws-2'],
      credential: 'default',
      rateLimit: { max: 5, windowSeconds: 60 },
      createdAt: T0.toISOString(),
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
    });
    // The store holds the keyed hash of the key and nothing that is the key.
    const stored = await store.get(created.record.id);
    expect(stored).toStrictEqual({ ...created.record, hash: hmac(created.key) });

    const other = await keys.create(input());
    expect(other.key).toMatch(KEY_FORMAT);
    expect(other.key).not.toBe(created.key);
    expect(other.record.id).not.toBe(created.record.id);
  });

  it('list and get return records without the key or its hash, oldest first', async () => {
    const first = await keys.create(input({ name: 'first' }));
    clock = later(1000);
    const second = await keys.create(input({ name: 'second', credential: 'team-a' }));

    const listed = await keys.list();
    expect(listed).toStrictEqual([first.record, second.record]);
    expect(await keys.get(second.record.id)).toStrictEqual(second.record);
    expect(await keys.get('key_0000000000000000')).toBeNull();

    const shown = JSON.stringify([listed, await keys.get(first.record.id)]);
    for (const { key } of [first, second]) {
      expect(shown).not.toContain(key);
      expect(shown).not.toContain(hmac(key));
    }
    for (const record of [...listed, await keys.get(first.record.id)]) expect(record).not.toHaveProperty('hash');
  });

  it('authenticates a key as its caller', async () => {
    const created = await keys.create(
      input({ scopes: ['admin'], workspaces: ['ws-9'], credential: 'ops', rateLimit: { max: 10, windowSeconds: 1 } }),
    );
    expect(await keys.authenticate(created.key)).toStrictEqual({
      ok: true,
      caller: {
        id: created.record.id,
        name: 'ci deploys',
        scopes: ['admin'],
        workspaces: ['ws-9'],
        credential: 'ops',
        rateLimit: { max: 10, windowSeconds: 1 },
      },
    });
  });

  it('refuses a well-formed key it never issued, and a key hashed under another secret, as unknown', async () => {
    const created = await keys.create(input());
    expect(await keys.authenticate(newCallerKeySecret())).toStrictEqual({ ok: false, reason: 'unknown' });
    // The same key presented to a gateway with another secret hashes differently: unknown there.
    const otherSecret = open({ secret: `${SECRET}-rotated` });
    expect(await otherSecret.authenticate(created.key)).toStrictEqual({ ok: false, reason: 'unknown' });
    // One character off is unknown, not a near match.
    const last = created.key.at(-1) === 'A' ? 'B' : 'A';
    expect(await keys.authenticate(`${created.key.slice(0, -1)}${last}`)).toStrictEqual({ ok: false, reason: 'unknown' });
    expect((await keys.authenticate(created.key)).ok).toBe(true);
  });

  it('refuses malformed keys without looking them up', async () => {
    const created = await keys.create(input());
    const findByHash = vi.spyOn(store, 'findByHash');
    for (const presented of ['', 'short-key', `${created.key} `, `Bearer ${created.key}`, `${created.key}!`, 'x'.repeat(257), 'ключ'.repeat(10)]) {
      expect(await keys.authenticate(presented), presented).toStrictEqual({ ok: false, reason: 'malformed' });
    }
    expect(findByHash).not.toHaveBeenCalled();
    findByHash.mockRestore();
  });

  it('revoke refuses the key from then on and keeps the first revocation time', async () => {
    const revoked = await keys.create(input({ name: 'to revoke' }));
    const kept = await keys.create(input({ name: 'kept' }));
    clock = later(60_000);
    // Accepted just now, so remembered by this instance: revoking here must forget it at once.
    expect((await keys.authenticate(revoked.key)).ok).toBe(true);

    const first = await keys.revoke(revoked.record.id);
    expect([null, later(60_000).toISOString()]).toContain(first?.lastUsedAt); // the use just now may or may not be written yet
    expect(first).toStrictEqual({ ...revoked.record, lastUsedAt: first?.lastUsedAt, revokedAt: later(60_000).toISOString() });
    expect(await keys.authenticate(revoked.key)).toStrictEqual({ ok: false, reason: 'revoked', keyId: revoked.record.id });

    clock = later(120_000);
    const again = await keys.revoke(revoked.record.id);
    expect(again?.revokedAt).toBe(later(60_000).toISOString());
    expect((await keys.get(revoked.record.id))?.revokedAt).toBe(later(60_000).toISOString());
    expect((await store.revoke(revoked.record.id, later(180_000).toISOString()))?.revokedAt).toBe(later(60_000).toISOString());

    expect(await keys.revoke('key_ffffffffffffffff')).toBeNull();
    expect(await store.revoke('key_ffffffffffffffff', later(0).toISOString())).toBeNull();
    expect(await keys.get('key_ffffffffffffffff')).toBeNull();

    expect((await keys.get(kept.record.id))?.revokedAt).toBeNull();
    expect((await keys.authenticate(kept.key)).ok).toBe(true);
  });

  it('refuses a key from its expiry instant on', async () => {
    // An offset is accepted and stored as UTC.
    const created = await keys.create(input({ expiresAt: '2031-03-04T07:06:07+01:00' }));
    expect(created.record.expiresAt).toBe(later(3_600_000).toISOString());

    clock = later(3_600_000 - 1);
    expect((await keys.authenticate(created.key)).ok).toBe(true);
    clock = later(3_600_000);
    expect(await keys.authenticate(created.key)).toStrictEqual({ ok: false, reason: 'expired', keyId: created.record.id });
    clock = later(86_400_000);
    expect(await keys.authenticate(created.key)).toStrictEqual({ ok: false, reason: 'expired', keyId: created.record.id });

    // Revocation wins over expiry.
    await keys.revoke(created.record.id);
    expect(await keys.authenticate(created.key)).toStrictEqual({ ok: false, reason: 'revoked', keyId: created.record.id });
  });

  it('rejects a second key with the same id or the same hash', async () => {
    const created = await keys.create(input());
    const stored = (await store.get(created.record.id))!;
    const fresh: StoredCallerKey = { ...stored, id: 'key_1111111111111111', hash: hmac(newCallerKeySecret()), createdAt: later(1_000).toISOString() };

    await expect(store.insert(stored)).rejects.toBeInstanceOf(DuplicateCallerKeyError);
    await expect(store.insert({ ...stored, id: 'key_2222222222222222' })).rejects.toBeInstanceOf(DuplicateCallerKeyError);
    await expect(store.insert({ ...stored, hash: fresh.hash })).rejects.toBeInstanceOf(DuplicateCallerKeyError);
    // Another store object over the same storage sees the existing key too.
    const second = await harness.open();
    await expect(second.insert({ ...stored, id: 'key_3333333333333333' })).rejects.toBeInstanceOf(DuplicateCallerKeyError);
    expect((await store.list()).map((key) => key.id)).toEqual([created.record.id]);

    await store.insert(fresh);
    expect((await second.list()).map((key) => key.id)).toEqual([created.record.id, fresh.id]);
    expect(await store.findByHash(fresh.hash)).toStrictEqual(fresh);
    expect(await store.findByHash(hmac('no-such-key-0123456789abcdef'))).toBeNull();
  });

  it('stores a preset key as given, and refuses it twice', async () => {
    const preset = 'sandbox-fixed-key_0123456789';
    const created = await keys.create(input({ name: 'sandbox' }), { key: preset });
    expect(created.key).toBe(preset);
    expect((await store.get(created.record.id))?.hash).toBe(hmac(preset));
    expect(await keys.authenticate(preset)).toMatchObject({ ok: true, caller: { id: created.record.id, name: 'sandbox' } });

    await expect(keys.create(input({ name: 'again' }), { key: preset })).rejects.toBeInstanceOf(DuplicateCallerKeyError);
    await expect(keys.create(input(), { key: 'too-short' })).rejects.toThrow(/24 to 256/);
    expect((await keys.list()).map((record) => record.name)).toEqual(['sandbox']);
  });

  it('stores nothing for input it refuses', async () => {
    const checked = createCallerKeys({ store, secret: SECRET, credentialExists: (name) => name === 'default' });
    await expect(checked.create(input({ credential: 'elsewhere' }))).rejects.toBeInstanceOf(UnknownCredentialError);
    await expect(checked.create(input({ scopes: [] }))).rejects.toThrow(/scopes/);
    await expect(checked.create(input({ scopes: ['admin', 'admin'] }))).rejects.toThrow(/repeat/);
    await expect(checked.create({ ...input(), hash: 'x' } as NewCallerKey)).rejects.toThrow(/hash/);
    expect(await store.list()).toEqual([]);
    expect((await checked.create(input())).record.credential).toBe('default');
  });

  it('records the last use of a key', async () => {
    const touching = open({ touchEveryMs: 0 });
    const created = await touching.create(input());
    clock = later(5_000);
    expect((await touching.authenticate(created.key)).ok).toBe(true);
    await eventually(async () => expect((await touching.get(created.record.id))?.lastUsedAt).toBe(later(5_000).toISOString()));

    clock = later(6_000);
    expect((await touching.authenticate(created.key)).ok).toBe(true);
    await eventually(async () => expect((await touching.list())[0]?.lastUsedAt).toBe(later(6_000).toISOString()));
    // Recording use changes nothing else.
    expect(await touching.get(created.record.id)).toStrictEqual({ ...created.record, lastUsedAt: later(6_000).toISOString() });
  });

  it('writes last use at most once per touchEveryMs', async () => {
    const created = await keys.create(input());
    expect((await keys.authenticate(created.key)).ok).toBe(true);
    await eventually(async () => expect((await keys.get(created.record.id))?.lastUsedAt).toBe(T0.toISOString()));

    clock = later(30_000);
    expect((await keys.authenticate(created.key)).ok).toBe(true);
    await sleep(150);
    expect((await keys.get(created.record.id))?.lastUsedAt).toBe(T0.toISOString());

    clock = later(61_000);
    expect((await keys.authenticate(created.key)).ok).toBe(true);
    await eventually(async () => expect((await keys.get(created.record.id))?.lastUsedAt).toBe(later(61_000).toISOString()));
  });

  it('never revokes the last admin key, even when two revocations race for the last two', async () => {
    // Two instances (another handle on the same storage each), as two gateways or a gateway and the CLI.
    const other = open({ store: await harness.open() });
    let survivor = (await keys.create(input({ name: 'first admin', scopes: ['admin'] }))).record.id;
    for (let round = 0; round < 5; round++) {
      const peer = (await keys.create(input({ name: `admin ${round}`, scopes: ['admin'] }))).record.id;
      // Each revocation sees the other key unrevoked when it checks; only one may go through.
      const outcomes = await Promise.allSettled([keys.revoke(peer), other.revoke(survivor)]);
      const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(LastAdminKeyError);
      if (outcomes[1].status === 'fulfilled') survivor = peer;
      const admins = (await keys.list()).filter((record) => record.scopes.includes('admin') && record.revokedAt === null);
      expect(admins.map((record) => record.id)).toEqual([survivor]);
      // The last one now: refused on its own too.
      await expect(other.revoke(survivor)).rejects.toBeInstanceOf(LastAdminKeyError);
    }
    // Keys that cannot manage keys are revoked without the condition.
    const plain = await keys.create(input({ name: 'plain' }));
    expect((await other.revoke(plain.record.id))?.revokedAt).toBe(T0.toISOString());
    await other.close();
  });

  it('revokes under a condition only when one of the keys named stays unrevoked, atomically', async () => {
    const target = await keys.create(input({ name: 'target', scopes: ['admin'] }));
    const gone = await keys.create(input({ name: 'gone', scopes: ['admin'] }));
    const kept = await keys.create(input({ name: 'kept', scopes: ['admin'] }));
    await store.revoke(gone.record.id, T0.toISOString());
    const at = later(1_000).toISOString();
    await expect(store.revoke(target.record.id, at, { unlessNoneLeftOf: [] })).rejects.toBeInstanceOf(LastAdminKeyError);
    await expect(store.revoke(target.record.id, at, { unlessNoneLeftOf: [gone.record.id, 'key_ffffffffffffffff'] })).rejects.toBeInstanceOf(LastAdminKeyError);
    expect((await store.get(target.record.id))?.revokedAt).toBeNull();
    expect((await store.revoke(target.record.id, at, { unlessNoneLeftOf: [gone.record.id, kept.record.id] }))?.revokedAt).toBe(at);
    // Already revoked: harmless again, whatever the condition says.
    expect((await store.revoke(target.record.id, later(2_000).toISOString(), { unlessNoneLeftOf: [] }))?.revokedAt).toBe(at);
    expect(await store.revoke('key_ffffffffffffffff', at, { unlessNoneLeftOf: [] })).toBeNull();
  });

  it('a second instance that remembers nothing (freshForMs 0) sees new keys and revocations at once', async () => {
    const other = open({ store: await harness.open(), freshForMs: 0 });
    const created = await keys.create(input());
    expect(await other.authenticate(created.key)).toMatchObject({ ok: true, caller: { id: created.record.id } });

    await keys.revoke(created.record.id);
    expect(await other.authenticate(created.key)).toStrictEqual({ ok: false, reason: 'revoked', keyId: created.record.id });
    expect((await other.get(created.record.id))?.revokedAt).toBe(T0.toISOString());
    expect((await other.list()).map((record) => [record.id, record.revokedAt])).toEqual([[created.record.id, T0.toISOString()]]);
    await other.close();
  });

  it('a second instance that remembered a key sees its revocation elsewhere within freshForMs (1 s by default)', async () => {
    const other = open({ store: await harness.open() });
    const created = await other.create(input({ name: 'from the other instance' }));
    // A key made on one instance is known to the other on its first use.
    expect(await keys.authenticate(created.key)).toMatchObject({ ok: true, caller: { id: created.record.id, name: 'from the other instance' } });

    clock = later(1);
    await other.revoke(created.record.id);
    expect(await other.authenticate(created.key)).toStrictEqual({ ok: false, reason: 'revoked', keyId: created.record.id });
    clock = later(1_000);
    expect(await keys.authenticate(created.key)).toStrictEqual({ ok: false, reason: 'revoked', keyId: created.record.id });
    expect((await keys.get(created.record.id))?.revokedAt).toBe(later(1).toISOString());
    await other.close();
  });

  it('never holds a key in its raw content, only its keyed hash', async () => {
    const touching = open({ touchEveryMs: 0 });
    const made = [
      await touching.create(input({ name: 'one' })),
      await touching.create(input({ name: 'two' }), { key: 'preset-raw-check-key-0123456789' }),
      await touching.create(input({ name: 'three', expiresAt: later(10_000).toISOString() })),
    ];
    clock = later(1_000);
    for (const { key } of made) expect((await touching.authenticate(key)).ok).toBe(true);
    await eventually(async () => expect((await touching.list()).every((record) => record.lastUsedAt !== null)).toBe(true));
    await touching.revoke(made[0]!.record.id);

    const raw = await harness.raw();
    for (const { key, record } of made) {
      expect(raw).toContain(record.id);
      expect(raw).toContain(hmac(key));
      expect(raw).not.toContain(key);
      expect(raw).not.toContain(key.replace(/^hgw_/, ''));
    }
    expect(raw).not.toContain(SECRET);
  });
}

describe.each([
  { name: 'memory', factory: memoryStore },
  { name: 'file', factory: fileStore },
  { name: 'redis', factory: redisStore },
])('caller keys over the $name store', ({ factory }) => {
  callerKeyStoreContract(factory);
});

describe('the file store', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hgw-key-file-'));
    path = join(dir, 'keys.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true, maxRetries: 5 }));

  const record = (fields: Partial<StoredCallerKey> = {}): StoredCallerKey => ({
    id: 'key_0123456789abcdef',
    name: 'written by hand',
    scopes: ['admin'],
    workspaces: null,
    credential: 'default',
    rateLimit: null,
    createdAt: T0.toISOString(),
    lastUsedAt: null,
    expiresAt: null,
    revokedAt: null,
    hash: hmac('hand-written-key-0123456789'),
    ...fields,
  });

  it('writes { version: 1, keys } readable only by its owner, creating the file on first insert', async () => {
    const store = await openFileKeyStore(path);
    expect(await store.list()).toEqual([]);
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });

    await store.insert(record());
    expect(JSON.parse(await readFile(path, 'utf8'))).toStrictEqual({ version: 1, keys: [record()] });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['keys.json']);
  });

  it('reads a file written by someone else', async () => {
    await writeFile(path, JSON.stringify({ version: 1, keys: [record({ revokedAt: T0.toISOString() })] }));
    const store = await openFileKeyStore(path);
    expect(await store.get('key_0123456789abcdef')).toStrictEqual(record({ revokedAt: T0.toISOString() }));
    // A change made behind the open store is seen on the next read.
    await writeFile(path, JSON.stringify({ version: 1, keys: [record(), record({ id: 'key_fedcba9876543210', hash: hmac('another-key-0123456789abc') })] }));
    expect((await store.list()).map((key) => [key.id, key.revokedAt])).toEqual([
      ['key_0123456789abcdef', null],
      ['key_fedcba9876543210', null],
    ]);
  });

  it('refuses a file that is not JSON without quoting it', async () => {
    const content = '{"version":1,"keys":[{"id":"key_1","hash":"c0ffee-hash-material-in-a-broken-file"';
    await writeFile(path, content);
    const error = await openFileKeyStore(path).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(KeyFileError);
    expect((error as KeyFileError).message).toBe(`API_KEYS_FILE ${path}: is not valid JSON`);
    expect((error as KeyFileError).message).not.toContain('c0ffee');
  });

  it('refuses a file of the wrong shape, naming where and not what', async () => {
    await writeFile(path, JSON.stringify({ version: 1, keys: [record({ hash: 'not-a-hash-but-c0ffee-content' })] }));
    const error = await openFileKeyStore(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeyFileError);
    expect((error as Error).message).toContain('keys.0.hash');
    expect((error as Error).message).not.toContain('c0ffee');

    await writeFile(path, JSON.stringify({ version: 2, keys: [] }));
    await expect(openFileKeyStore(path)).rejects.toThrow(/expected form \(at version\)/);
  });

  it('fails the next read when the file is corrupted after opening', async () => {
    const store = await openFileKeyStore(path);
    await store.insert(record());
    await writeFile(path, '{"version":1,"keys":[ c0ffee-garbage');
    await expect(store.findByHash(record().hash)).rejects.toBeInstanceOf(KeyFileError);
    await expect(store.list()).rejects.toThrow(/is not valid JSON$/);
    await expect(store.insert(record({ id: 'key_aaaaaaaaaaaaaaaa' }))).rejects.toBeInstanceOf(KeyFileError);
    // The lock was released despite the failure.
    expect((await readdir(dir)).sort()).toEqual(['keys.json']);
  });

  it('refuses a path whose folder does not exist', async () => {
    await expect(openFileKeyStore(join(dir, 'missing', 'keys.json'))).rejects.toThrow(/folder does not exist/);
  });

  it('keeps every key when two store objects insert concurrently', async () => {
    const a = createCallerKeys({ store: await openFileKeyStore(path), secret: SECRET });
    const b = createCallerKeys({ store: await openFileKeyStore(path), secret: SECRET });
    const created = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).create(input({ name: `parallel ${i}` }))));

    expect(await readdir(dir)).toEqual(['keys.json']); // no lock or temporary file left behind
    const fresh = await openFileKeyStore(path);
    const listed = await fresh.list();
    expect(listed).toHaveLength(20);
    expect(new Set(listed.map((key) => key.id))).toEqual(new Set(created.map(({ record: r }) => r.id)));
    expect(listed.map((key) => key.name).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `parallel ${i}`).sort());
    for (const { key, record: r } of created) {
      expect(await b.authenticate(key)).toMatchObject({ ok: true, caller: { id: r.id } });
    }
  });

  it('takes over a lock left behind by a writer that died', async () => {
    const store = await openFileKeyStore(path);
    const lock = `${path}.lock`;
    await writeFile(lock, '');
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    await store.insert(record());
    expect((await store.list()).map((key) => key.id)).toEqual(['key_0123456789abcdef']);
    expect(await readdir(dir)).toEqual(['keys.json']);
  });
});

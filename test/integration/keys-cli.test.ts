// `houston-gateway keys` run as the real CLI (node + tsx on src/main.ts), against an API_KEYS_FILE
// and against Redis, checked from this process through the key stores the server uses.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCallerKeys } from '../../src/auth/caller-keys.js';
import { openFileKeyStore } from '../../src/auth/key-stores/file.js';
import { createRedisKeyStore } from '../../src/auth/key-stores/redis.js';
import { loadConfig } from '../../src/config.js';
import { dropRedisPrefix } from '../helpers/gateway.js';
import { keysCli } from '../helpers/keys-cli.js';
import { FIRST_IN_STORE } from '../../src/cli/keys.js';

const CLI_TIMEOUT_MS = 60_000;
const KEY_LINE = /^ {2}(hgw_[A-Za-z0-9_-]{43})$/m;
const DAY_MS = 86_400_000;

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('houston-gateway keys over API_KEYS_FILE', () => {
  const secret = randomBytes(32).toString('base64url');
  const hmac = (key: string) => createHmac('sha256', secret).update(key).digest('hex');
  let dir: string;
  let file: string;
  let env: Record<string, string>;
  const made: { id: string; key: string }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hgw-keys-cli-'));
    file = join(dir, 'keys.json');
    env = { API_KEYS_FILE: file, CALLER_KEY_SECRET: secret };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Caller keys over the same file, as a server would open them (nothing remembered between calls). */
  const serverKeys = async () => createCallerKeys({ store: await openFileKeyStore(file), secret, freshForMs: 0 });

  it('create prints the new key once and stores only its hash', { timeout: CLI_TIMEOUT_MS }, async () => {
    const result = await keysCli(['create', '--name', 'ci deploys', '--scopes', 'deployments:read,workspaces:read'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const id = /^created caller key (key_[0-9a-f]{16}) \(ci deploys\)$/m.exec(result.stdout)?.[1];
    const key = KEY_LINE.exec(result.stdout)?.[1];
    expect(id).toBeDefined();
    expect(key).toBeDefined();
    made.push({ id: id!, key: key! });
    expect(occurrences(result.stdout, key!)).toBe(1);
    expect(result.stdout).toContain('  scopes:     deployments:read, workspaces:read\n');
    expect(result.stdout).toContain('  workspaces: all the credential reaches\n');
    expect(result.stdout).toContain('  expires:    never\n');
    expect(result.stdout).toContain('shown this once');
    // The file did not exist: the operator is told this is the store's first key, in case it was lost.
    expect(result.stdout).toContain(`\n${FIRST_IN_STORE}\n`);

    const text = await readFile(file, 'utf8');
    expect(text).toContain(hmac(key!));
    expect(text).not.toContain(key!);
    expect(await (await serverKeys()).authenticate(key!)).toStrictEqual({
      ok: true,
      caller: { id, name: 'ci deploys', scopes: ['deployments:read', 'workspaces:read'], workspaces: null, credential: 'default', rateLimit: null },
    });
  });

  it('create --json prints the record and the key as JSON', { timeout: CLI_TIMEOUT_MS }, async () => {
    const before = Date.now();
    const result = await keysCli(
      ['create', '--json', '--name', 'nightly', '--scopes', 'admin', '--workspace', 'ws-1', '--workspace', 'ws-2', '--expires-in', '30d', '--rate-limit', '100/60'],
      env,
    );
    const after = Date.now();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(printed).toStrictEqual({
      id: expect.stringMatching(/^key_[0-9a-f]{16}$/),
      name: 'nightly',
      scopes: ['admin'],
      workspaces: ['ws-1', 'ws-2'],
      credential: 'default',
      rateLimit: { max: 100, windowSeconds: 60 },
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt: expect.any(String),
      revokedAt: null,
      key: expect.stringMatching(/^hgw_[A-Za-z0-9_-]{43}$/),
      firstInStore: false,
    });
    const expiresAt = Date.parse(printed.expiresAt as string);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * DAY_MS);
    expect(expiresAt).toBeLessThanOrEqual(after + 30 * DAY_MS);
    expect(Date.parse(printed.createdAt as string)).toBeGreaterThanOrEqual(before);
    made.push({ id: printed.id as string, key: printed.key as string });

    const { key, firstInStore, ...record } = printed;
    expect(firstInStore).toBe(false);
    expect(await (await openFileKeyStore(file)).get(printed.id as string)).toStrictEqual({ ...record, hash: hmac(key as string) });
  });

  it('list prints a table, and --json the records, never a key or a hash', { timeout: CLI_TIMEOUT_MS }, async () => {
    expect(made).toHaveLength(2);
    const [table, json] = await Promise.all([keysCli(['list'], env), keysCli(['list', '--json'], env)]);
    for (const result of [table, json]) {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      for (const { key } of made) {
        expect(result.stdout).not.toContain(key);
        expect(result.stdout).not.toContain(hmac(key));
      }
      expect(result.stdout).not.toMatch(/hash/i);
    }

    const lines = table.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]!.split(/\s{2,}/)).toEqual(['ID', 'NAME', 'STATUS', 'SCOPES', 'WORKSPACES', 'CREDENTIAL', 'EXPIRES', 'LAST USED']);
    // The first key was used once (authenticated above): its last use is shown.
    const timestamp = expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(lines[1]!.split(/\s{2,}/)).toEqual([made[0]!.id, 'ci deploys', 'active', 'deployments:read,workspaces:read', '*', 'default', '-', timestamp]);
    expect(lines[2]!.split(/\s{2,}/)).toEqual([made[1]!.id, 'nightly', 'active', 'admin', 'ws-1,ws-2', 'default', timestamp, '-']);
    // Columns line up: every row's STATUS starts where the header's does.
    const statusAt = lines[0]!.indexOf('STATUS');
    for (const line of lines.slice(1)) expect(line.slice(statusAt, statusAt + 6)).toBe('active');

    const records = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(records.map((record) => [record.id, record.name, record.status])).toEqual([
      [made[0]!.id, 'ci deploys', 'active'],
      [made[1]!.id, 'nightly', 'active'],
    ]);
    for (const record of records) {
      expect(Object.keys(record).sort()).toEqual(
        ['createdAt', 'credential', 'expiresAt', 'id', 'lastUsedAt', 'name', 'rateLimit', 'revokedAt', 'scopes', 'status', 'workspaces'],
      );
    }
  });

  it('revoke marks the key revoked, for list and for the server', { timeout: CLI_TIMEOUT_MS }, async () => {
    const [revoked, kept] = made as [{ id: string; key: string }, { id: string; key: string }];
    const before = Date.now();
    const result = await keysCli(['revoke', revoked.id], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const at = new RegExp(`^revoked caller key ${revoked.id} \\(ci deploys\\) at (\\S+)\\n$`).exec(result.stdout)?.[1];
    expect(Date.parse(at ?? '')).toBeGreaterThanOrEqual(before);

    const keys = await serverKeys();
    expect(await keys.authenticate(revoked.key)).toStrictEqual({ ok: false, reason: 'revoked', keyId: revoked.id });
    expect((await keys.authenticate(kept.key)).ok).toBe(true);
    expect((await keys.get(revoked.id))?.revokedAt).toBe(at);

    const listed = await keysCli(['list'], env);
    expect(listed.code).toBe(0);
    const rows = listed.stdout.trimEnd().split('\n').slice(1).map((line) => line.split(/\s{2,}/));
    expect(rows.map((row) => [row[0], row[2]])).toEqual([
      [revoked.id, 'revoked'],
      [kept.id, 'active'],
    ]);
  });

  it('refuses bad input with exit code 2, a message and the usage, storing nothing', { timeout: CLI_TIMEOUT_MS }, async () => {
    const cases: [string[], RegExp][] = [
      [['create', '--name', 'x', '--scopes', 'deployments:read,deployments:delete'], /scopes\.1: .*deployments:read/],
      [['create', '--scopes', 'admin'], /keys create needs --name and --scopes/],
      [['create', '--name', 'x', '--scopes', 'admin', '--expires-in', '3 weeks'], /--expires-in: "3 weeks" is not a duration like 30d/],
      [['revoke', 'key_0000000000000000'], /no caller key key_0000000000000000/],
    ];
    const results = await Promise.all(cases.map(([args]) => keysCli(args, env)));
    results.forEach((result, index) => {
      const [args, message] = cases[index]!;
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain('usage:\n  houston-gateway keys create');
      expect(result.stdout).toBe('');
    });
    expect((await (await serverKeys()).list()).map((record) => record.id)).toEqual(made.map(({ id }) => id));
  });

  it('exits non-zero naming CALLER_KEY_SECRET when it is missing or too short, without echoing it', { timeout: CLI_TIMEOUT_MS }, async () => {
    const shortSecret = 'short-secret-c0ffee';
    const [missing, short] = await Promise.all([
      keysCli(['list'], { API_KEYS_FILE: file }),
      keysCli(['create', '--name', 'x', '--scopes', 'admin'], { API_KEYS_FILE: file, CALLER_KEY_SECRET: shortSecret }),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/CALLER_KEY_SECRET: required/);
    expect(missing.stdout).toBe('');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/CALLER_KEY_SECRET: must be at least 32 characters/);
    expect(short.stderr).not.toContain(shortSecret);
    expect(short.stdout).toBe('');
    expect((await (await serverKeys()).list())).toHaveLength(2);
  });
});

describe('houston-gateway keys over Redis', () => {
  const secret = randomBytes(32).toString('base64url');
  const prefix = `hgw-test-cli-${randomBytes(6).toString('hex')}:`;
  let redis: Redis;
  let dir: string;

  beforeAll(async () => {
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
    dir = await mkdtemp(join(tmpdir(), 'hgw-keys-cli-redis-'));
  });
  afterAll(async () => {
    await redis.quit();
    await dropRedisPrefix(loadConfig({ REDIS_URL: inject('redisUrl'), REDIS_KEY_PREFIX: prefix }));
    await rm(dir, { recursive: true, force: true });
  });

  it('uses Redis when REDIS_URL is set: a CLI key authenticates on the server, and a CLI revoke is seen', { timeout: CLI_TIMEOUT_MS }, async () => {
    // API_KEYS_FILE is set too, and must be left alone: Redis wins.
    const unusedFile = join(dir, 'keys.json');
    const env = { REDIS_URL: inject('redisUrl'), REDIS_KEY_PREFIX: prefix, CALLER_KEY_SECRET: secret, API_KEYS_FILE: unusedFile };
    const created = await keysCli(['create', '--json', '--name', 'redis key', '--scopes', 'workspaces:read'], env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const { id, key, firstInStore } = JSON.parse(created.stdout) as { id: string; key: string; firstInStore: boolean };
    expect(firstInStore).toBe(true);

    const keys = createCallerKeys({ store: createRedisKeyStore(redis, prefix), secret, freshForMs: 0 });
    expect(await keys.authenticate(key)).toStrictEqual({
      ok: true,
      caller: { id, name: 'redis key', scopes: ['workspaces:read'], workspaces: null, credential: 'default', rateLimit: null },
    });
    // Another secret does not accept it: the store holds the keyed hash only.
    const otherSecret = createCallerKeys({ store: createRedisKeyStore(redis, prefix), secret: randomBytes(32).toString('base64url') });
    expect(await otherSecret.authenticate(key)).toStrictEqual({ ok: false, reason: 'unknown' });
    expect(JSON.stringify(await redis.hgetall(`${prefix}{caller-keys}:records`))).not.toContain(key);
    await expect(stat(unusedFile)).rejects.toMatchObject({ code: 'ENOENT' });

    const revoked = await keysCli(['revoke', id], env);
    expect(revoked.stderr).toBe('');
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(new RegExp(`^revoked caller key ${id} \\(redis key\\) at `));
    expect(await keys.authenticate(key)).toStrictEqual({ ok: false, reason: 'revoked', keyId: id });
    expect(await redis.hget(`${prefix}{caller-keys}:revoked`, id)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe('houston-gateway keys revoke and the last admin key', () => {
  const secret = randomBytes(32).toString('base64url');
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hgw-keys-cli-admin-'));
    env = { API_KEYS_FILE: join(dir, 'keys.json'), CALLER_KEY_SECRET: secret };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const create = async (args: string[]) => {
    const result = await keysCli(['create', '--json', ...args], env);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as { id: string; key: string };
  };

  it('refuses to revoke the last active admin key for every workspace, with exit code 1 and a message', { timeout: CLI_TIMEOUT_MS }, async () => {
    const first = await create(['--name', 'first admin', '--scopes', 'admin']);
    // Neither a restricted admin key nor an expired one can manage keys: they do not count.
    await create(['--name', 'restricted admin', '--scopes', 'admin', '--workspace', 'ws-1']);
    const lapsed = await create(['--name', 'lapsed admin', '--scopes', 'admin', '--expires-in', '1s']);
    const keys = createCallerKeys({ store: await openFileKeyStore(env.API_KEYS_FILE!), secret, freshForMs: 0 });
    await expect.poll(async () => (await keys.authenticate(lapsed.key)).ok).toBe(false);

    const refused = await keysCli(['revoke', first.id], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(`caller key ${first.id} is the last active admin key (scope admin, every workspace); create another admin key before revoking it\n`);
    expect((await keys.authenticate(first.key)).ok).toBe(true);

    const second = await create(['--name', 'second admin', '--scopes', 'admin']);
    expect(await keysCli(['revoke', first.id], env)).toMatchObject({ code: 0, stderr: '' });
    expect((await keysCli(['revoke', second.id], env)).code).toBe(1);
    expect((await keys.authenticate(second.key)).ok).toBe(true);
    // Revoking an already revoked admin key stays harmless.
    expect(await keysCli(['revoke', first.id], env)).toMatchObject({ code: 0, stderr: '' });
  });
});

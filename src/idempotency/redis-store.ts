// Idempotency records in Redis, shared by every gateway instance. Each operation is one Lua
// script, so a claim is atomic (a SET NX that hands back what is already there) and a change to
// a claim happens only while its token still holds it.
import type { Redis } from 'ioredis';
import { parseRecord, type IdempotencyStore } from './store.js';

/** Lua: whether the value `held` is the running claim of token ARGV[1]. */
const HELD_BY_TOKEN = `
local function heldBy(held, token)
  if not held then return false end
  local ok, record = pcall(cjson.decode, held)
  return ok and type(record) == 'table' and record.state == 'running' and record.token == token
end
`;

/** KEYS[1] address; ARGV[1] running record, ARGV[2] lock TTL (ms). Returns the held record or nil. */
const CLAIM = `
local held = redis.call('GET', KEYS[1])
if held then return held end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false
`;

/** KEYS[1] address; ARGV[1] token, ARGV[2] lock TTL (ms). */
const RENEW = `${HELD_BY_TOKEN}
if not heldBy(redis.call('GET', KEYS[1]), ARGV[1]) then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/** KEYS[1] address; ARGV[1] token, ARGV[2] completed record, ARGV[3] TTL (s). */
const COMPLETE = `${HELD_BY_TOKEN}
local held = redis.call('GET', KEYS[1])
if held and not heldBy(held, ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1
`;

/** KEYS[1] address; ARGV[1] token. */
const RELEASE = `${HELD_BY_TOKEN}
if not heldBy(redis.call('GET', KEYS[1]), ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
return 1
`;

export function createRedisIdempotencyStore(redis: Redis, prefix: string): IdempotencyStore {
  const keyOf = (address: string) => `${prefix}idempotency:${address}`;
  const ms = (value: number) => String(Math.max(1, Math.ceil(value)));

  return {
    kind: 'redis',
    async claim(address, record, lockTtlMs) {
      const held = (await redis.eval(CLAIM, 1, keyOf(address), JSON.stringify(record), ms(lockTtlMs))) as string | null;
      return held === null ? null : parseRecord(held);
    },
    async get(address) {
      const held = await redis.get(keyOf(address));
      return held === null ? null : parseRecord(held);
    },
    async renew(address, token, lockTtlMs) {
      return (await redis.eval(RENEW, 1, keyOf(address), token, ms(lockTtlMs))) === 1;
    },
    async complete(address, token, record, ttlSeconds) {
      const seconds = String(Math.max(1, Math.ceil(ttlSeconds)));
      return (await redis.eval(COMPLETE, 1, keyOf(address), token, JSON.stringify(record), seconds)) === 1;
    },
    async release(address, token) {
      return (await redis.eval(RELEASE, 1, keyOf(address), token)) === 1;
    },
    async ping() {
      await redis.ping();
    },
  };
}

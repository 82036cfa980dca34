// Idempotency records in Redis, shared by every gateway instance. Each operation is one Lua
// script, so a claim is atomic (a SET NX that hands back what is already there) and a change to
// a claim happens only while its token still holds it.
import type { RedisClient } from '../redis.js';
import { redisLayout } from '../redis-layout.js';
import { parseRecord, type IdempotencyStore } from './store.js';

/** Whole seconds, at least 1 (Redis refuses EX 0). */
const seconds = (value: number) => String(Math.max(1, Math.ceil(value)));

/** Lua: whether the value `held` is the running claim of token ARGV[1]. */
const HELD_BY_TOKEN = `
local function heldBy(held, token)
  if not held then return false end
  local ok, record = pcall(cjson.decode, held)
  return ok and type(record) == 'table' and record.state == 'running' and record.token == token
end
`;

/**
 * KEYS[1] address, KEYS[2] its attempt marker, KEYS[3] (optional) the address's name before the
 * Cluster layout, so a record written by the previous release is still honoured; ARGV[1] running record, ARGV[2] lock TTL (ms),
 * ARGV[3] the claim's start time, ARGV[4] marker TTL (s). Returns {'held', record} or
 * {'claimed', earlier start time or ''}.
 */
const CLAIM = `
local held = redis.call('GET', KEYS[1])
if held then return {'held', held} end
if KEYS[3] then
  held = redis.call('GET', KEYS[3])
  if held then return {'held', held} end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
local earlier = redis.call('GET', KEYS[2])
redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4])
return {'claimed', earlier or ''}
`;

/** KEYS[1] address; ARGV[1] token, ARGV[2] lock TTL (ms). */
const RENEW = `${HELD_BY_TOKEN}
if not heldBy(redis.call('GET', KEYS[1]), ARGV[1]) then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/** KEYS[1] address, KEYS[2] its attempt marker; ARGV[1] token, ARGV[2] completed record, ARGV[3] TTL (s). */
const COMPLETE = `${HELD_BY_TOKEN}
local held = redis.call('GET', KEYS[1])
if held and not heldBy(held, ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
redis.call('DEL', KEYS[2])
return 1
`;

/** KEYS[1] address, KEYS[2] its attempt marker; ARGV[1] token. */
const RELEASE = `${HELD_BY_TOKEN}
if not heldBy(redis.call('GET', KEYS[1]), ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1], KEYS[2])
return 1
`;

export function createRedisIdempotencyStore(redis: RedisClient, prefix: string): IdempotencyStore {
  // A record and its marker share the address as hash tag: each script runs on one Cluster slot.
  const { record: keyOf, attempt: markerOf } = redisLayout(prefix).idempotency;
  const ms = (value: number) => String(Math.max(1, Math.ceil(value)));

  return {
    kind: 'redis',
    async claim(address, record, lockTtlMs, markerTtlSeconds) {
      const legacy = redis.isCluster ? [] : [`${prefix}idempotency:${address}`];
      const [outcome, value] = (await redis.eval(
        CLAIM,
        2 + legacy.length,
        keyOf(address),
        markerOf(address),
        ...legacy,
        JSON.stringify(record),
        ms(lockTtlMs),
        String(record.startedAt),
        seconds(markerTtlSeconds),
      )) as [string, string];
      if (outcome === 'held') return { claimed: false, held: parseRecord(value) };
      const earlier = Number(value);
      return { claimed: true, earlierAttemptAt: value !== '' && Number.isFinite(earlier) ? earlier : null };
    },
    async get(address) {
      const held = await redis.get(keyOf(address));
      return held === null ? null : parseRecord(held);
    },
    async renew(address, token, lockTtlMs) {
      return (await redis.eval(RENEW, 1, keyOf(address), token, ms(lockTtlMs))) === 1;
    },
    async complete(address, token, record, ttlSeconds) {
      return (await redis.eval(COMPLETE, 2, keyOf(address), markerOf(address), token, JSON.stringify(record), seconds(ttlSeconds))) === 1;
    },
    async release(address, token) {
      return (await redis.eval(RELEASE, 2, keyOf(address), markerOf(address), token)) === 1;
    },
    async ping() {
      await redis.ping();
    },
  };
}

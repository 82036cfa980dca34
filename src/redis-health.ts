// What /readyz says about Redis: reachable is not enough. A primary demoted to a read-only replica
// answers PING but refuses every write (rate limits, idempotency, new keys); a Cluster with a slot
// unserved answers some commands only. So the probe writes — a short-lived key in the caller-key
// slot, the store that matters most — and reports the role or cluster state it found.
import { withDeadline } from './deadline.js';
import type { RedisClient } from './redis.js';
import { redisLayout } from './redis-layout.js';

export interface RedisHealth {
  ok: boolean;
  detail: string;
}

function field(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

async function describeRole(redis: RedisClient): Promise<{ ok: boolean; detail: string }> {
  if (redis.isCluster) {
    const info = String(await redis.cluster('INFO'));
    const state = field(info, 'cluster_state') ?? 'unknown';
    const primaries = field(info, 'cluster_size') ?? '?';
    return { ok: state === 'ok', detail: `cluster: state ${state}, ${primaries} primaries` };
  }
  const [role] = (await redis.call('ROLE')) as [string];
  return { ok: role === 'master', detail: role === 'master' ? 'primary' : `${role === 'slave' ? 'replica' : role} (not a primary)` };
}

export async function probeRedis(redis: RedisClient, keyPrefix: string, timeoutMs: number): Promise<RedisHealth> {
  try {
    return await withDeadline(
      (async () => {
        const role = await describeRole(redis);
        try {
          await redis.set(redisLayout(keyPrefix).callerKeys.writeProbe, String(Date.now()), 'PX', 60_000);
        } catch (error) {
          const message = (error as Error).message;
          return { ok: false, detail: `${role.detail}; writes refused (${message.split('\n')[0]})` };
        }
        return { ok: role.ok, detail: `${role.detail}; takes writes` };
      })(),
      timeoutMs,
      'Redis',
    );
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : 'unreachable' };
  }
}
